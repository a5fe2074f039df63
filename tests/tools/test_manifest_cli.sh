# The manifest compiler as a command: its options, its backend rules, byte-
# identical output, nothing written on error, outputs that compile under
# every toolchain the partitions use, and a clean memcheck on good and bad
# inputs.
. tests/tools/tap.sh

tool=build/spm-manifest
list=partitions/manifest_list.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_fail OUT ERR_PATTERN ARGS...: exit status 2, ERR_PATTERN on stderr,
# and OUT never created.
expect_fail()
{
	local out=$1 pattern=$2 rc
	shift 2
	"$tool" "$@" -o "$out" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	[ $rc -eq 2 ] || { echo "exit status $rc, want 2"; cat "$tmp/stderr"; return 1; }
	grep -qE "$pattern" "$tmp/stderr" || { echo "stderr lacks /$pattern/:"; cat "$tmp/stderr"; return 1; }
	[ ! -e "$out" ] || { echo "$out was written"; return 1; }
}

# A few malformed inputs, each of a different kind.
mkdir -p "$tmp/bad"
printf 'manifest_list:\n  - manifest: [unclosed\n' >"$tmp/bad/syntax.yaml"
head -c 4096 /dev/urandom >"$tmp/bad/garbage.yaml"
printf 'manifest_list:\n  - manifest: a.yaml\n  - manifest: b.yaml\n' >"$tmp/bad/cycle.yaml"
cat >"$tmp/bad/a.yaml" <<'YAML'
psa_framework_version: 1.1
name: SP_A
type: PSA-ROT
model: SFN
stack_size: 0x400
services: [{name: SVC_A, sid: 0x100}]
dependencies: [SVC_B]
YAML
sed -e 's/SP_A/SP_B/' -e 's/SVC_A, sid: 0x100/SVC_B, sid: 0x200/' \
	-e 's/\[SVC_B\]/[SVC_A]/' "$tmp/bad/a.yaml" >"$tmp/bad/b.yaml"
printf 'manifest_list:\n  - manifest: c.yaml\n' >"$tmp/bad/unknown.yaml"
sed -e 's/^dependencies.*$/color: blue/' "$tmp/bad/a.yaml" >"$tmp/bad/c.yaml"
# A partition on platform names of its project's own (--platform).
printf 'manifest_list:\n  - manifest: d.yaml\n' >"$tmp/bad/names.yaml"
cat >"$tmp/bad/d.yaml" <<'YAML'
psa_framework_version: 1.1
name: SP_D
type: APPLICATION-ROT
model: IPC
entry_point: d_main
stack_size: 0x400
mmio_regions: [{name: MY_DEVICE, permission: READ-WRITE}]
irqs: [{source: MY_IRQ, name: D_IRQ, handling: SLIH}]
YAML
printf 'mmio_regions:\n  - {name: MY_DEVICE, base: 0x40300000, size: 0x100}\nirqs:\n  - {name: MY_IRQ, line: 40}\n' >"$tmp/platform.yaml"
printf 'irqs:\n  - {name: MY_IRQ, line: 40}\n  - {name: MY_IRQ, line: 41}\n' >"$tmp/bad/platform.yaml"

tap_ok "--help exits 0 and names the output folder" \
	bash -c "$tool --help | grep -q psa_manifest"
tap_ok "an unknown option is refused with status 2" \
	bash -c "$tool --frobnicate -o $tmp/x $list; [ \$? -eq 2 ] && [ ! -e $tmp/x ]"
tap_ok "the samples compile for the IPC backend" \
	$tool -D CONFIG_TFM_SPM_BACKEND_IPC -o "$tmp/ipc" $list
tap_ok "the SFN-model samples compile for the SFN backend" \
	$tool --backend SFN -o "$tmp/sfn" $list
tap_ok "SFN backend with an IPC-model partition is refused, naming it" \
	expect_fail "$tmp/no1" "SP_COUNTER.*IPC" --backend SFN -D CONFIG_TFM_SPM_BACKEND_IPC $list
tap_ok "SFN backend at isolation level 2 is refused" \
	expect_fail "$tmp/no2" "level 2.*IPC" --backend SFN --isolation 2 $list
tap_ok "SFN backend at isolation level 3 is refused" \
	expect_fail "$tmp/no3" "level 3.*IPC" --backend SFN --isolation 3 $list
tap_ok "IPC backend with SFN-model partitions only recommends SFN" \
	bash -c "$tool -o $tmp/rec $list 2>&1 | grep -q 'SFN backend is recommended'"
tap_ok "no recommendation when an IPC-model partition is present" \
	bash -c "! $tool -D CONFIG_TFM_SPM_BACKEND_IPC -o $tmp/rec2 $list 2>&1 | grep -q recommended"
tap_ok "same input, byte-identical output" \
	bash -c "$tool -D CONFIG_TFM_SPM_BACKEND_IPC -o $tmp/ipc2 $list && diff -r $tmp/ipc $tmp/ipc2"
tap_ok "a YAML syntax error is reported as file:line:column" \
	expect_fail "$tmp/o1" "^$tmp/bad/syntax.yaml:[0-9]+:[0-9]+: error: " "$tmp/bad/syntax.yaml"
tap_ok "binary garbage is refused" \
	expect_fail "$tmp/o2" "garbage.yaml:[0-9]+:[0-9]+: error: " "$tmp/bad/garbage.yaml"
tap_ok "circular dependencies are refused" \
	expect_fail "$tmp/o3" "error: .*circular" "$tmp/bad/cycle.yaml"
tap_ok "an unknown attribute is refused at its line" \
	expect_fail "$tmp/o4" "c.yaml:7:1: error: .*color" "$tmp/bad/unknown.yaml"
tap_ok "a platform name nobody declares is refused at its place" \
	expect_fail "$tmp/o5" "d.yaml:7:23: error: unknown platform MMIO region 'MY_DEVICE'" "$tmp/bad/names.yaml"
tap_ok "--platform FILE declares it; sim_memory_table.c carries it" \
	bash -c "$tool --platform $tmp/platform.yaml -o $tmp/plat $tmp/bad/names.yaml &&
		grep -q '{\"MY_IRQ\", 40U}' $tmp/plat/sim_memory_table.c"
tap_ok "a platform file's own error is refused at its line" \
	expect_fail "$tmp/o6" "platform.yaml:3:12: error: duplicate platform IRQ 'MY_IRQ'" \
	--platform "$tmp/bad/platform.yaml" "$tmp/bad/names.yaml"
tap_ok "the generated platform table compiles" \
	gcc -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude -Isim -c \
	"$tmp/plat/sim_memory_table.c" -o "$tmp/smt.o"

for cc in gcc clang; do
	for bits in 64 32; do
		tap_ok "generated load table and headers compile: $cc -m$bits -std=c99 -pedantic" \
			$cc -m$bits -std=c99 -Wall -Wextra -Werror -pedantic \
			-Iinclude -Ispm_core -I"$tmp/ipc" -c "$tmp/ipc/load_table.c" -o "$tmp/lt.o"
	done
done

if command -v valgrind >/dev/null; then
	vg="valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99"
	tap_ok "memcheck: valid samples, printing the table" \
		$vg $tool --print -D CONFIG_TFM_SPM_BACKEND_IPC -o "$tmp/vg" $list
	for f in syntax garbage cycle unknown; do
		tap_ok "memcheck: invalid input ($f)" \
			bash -c "$vg $tool -o $tmp/vg-$f $tmp/bad/$f.yaml >/dev/null 2>&1; [ \$? -eq 2 ]"
	done
	tap_ok "memcheck: a platform file" \
		$vg $tool --platform "$tmp/platform.yaml" -o "$tmp/vg-p" "$tmp/bad/names.yaml"
	tap_ok "memcheck: a bad platform file" \
		bash -c "$vg $tool --platform $tmp/bad/platform.yaml -o $tmp/vg-bp $tmp/bad/names.yaml >/dev/null 2>&1; [ \$? -eq 2 ]"
	tap_ok "memcheck: backend refused" \
		bash -c "$vg $tool --backend SFN -D CONFIG_TFM_SPM_BACKEND_IPC -o $tmp/vg-b $list >/dev/null 2>&1; [ \$? -eq 2 ]"
else
	tap_skip "memcheck" "valgrind not installed"
fi
tap_done
