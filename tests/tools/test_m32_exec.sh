# A machine whose kernel cannot execute 32-bit x86 programs: the probe
# (scripts/m32-exec.sh) tells it from a program the kernel refuses, and
# tests/run then reports every case of the 32-bit programs skipped, by the
# 64-bit programs' case names, with the reason printed once, and 0 failed.
# The refusal is real: a copy of a 64-bit program whose ELF header names an
# unknown machine, which the kernel refuses with "Exec format error" as it
# refuses i386 programs without IA32 emulation.
. tests/tools/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The answer tests/run exported, when this runs under it, is not this
# check's: each case sets its own.
clean="env -u SPMSIM_M32_EXEC -u SPMSIM_M32_REASON -u SPMSIM_M32_PROBE -u TEST_LOGS"
no_ia32="this kernel cannot execute 32-bit x86 programs (no IA32 emulation); built, not run"

cp /bin/true "$tmp/refused"
printf '\377\377' | dd of="$tmp/refused" bs=1 seek=18 conv=notrunc 2>/dev/null
chmod +x "$tmp/refused"

# says WANT_STATUS WANT_LINE ENV...: the probe, run with ENV, prints
# WANT_LINE and exits WANT_STATUS.
says()
{
	local want=$1 line=$2 out rc
	shift 2
	out=$($clean "$@" scripts/m32-exec.sh 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ] || [ "$out" != "$line" ]; then
		echo "exit status $rc, printed: $out"
		return 1
	fi
}

tap_ok "a program the kernel refuses: cannot execute, with the reason" \
	says 1 "$no_ia32" SPMSIM_M32_PROBE="$tmp/refused"
tap_ok "a program that runs: yes" says 0 yes SPMSIM_M32_PROBE=/bin/true
tap_ok "a program that fails on its own is not read as a refusal" \
	says 0 yes SPMSIM_M32_PROBE=/bin/false
tap_ok "SPMSIM_M32_EXEC=yes forces yes" \
	says 0 yes SPMSIM_M32_EXEC=yes SPMSIM_M32_PROBE="$tmp/refused"
tap_ok "SPMSIM_M32_EXEC=no forces no, and says so" \
	says 1 "SPMSIM_M32_EXEC=no: run as on a kernel that cannot execute 32-bit x86 programs; built, not run" \
	SPMSIM_M32_EXEC=no SPMSIM_M32_PROBE=/bin/true
tap_ok "SPMSIM_M32_REASON, the answer passed down, is reused" \
	says 1 "why not" SPMSIM_M32_EXEC=no SPMSIM_M32_REASON="why not"
tap_ok "a bad SPMSIM_M32_EXEC is refused" \
	bash -c "$clean SPMSIM_M32_EXEC=maybe scripts/m32-exec.sh 2>&1 | grep -q 'must be auto, yes or no'; [ \${PIPESTATUS[0]} -eq 2 ]"
tap_ok "tap_m32 skips with the reason" bash -c "
	$clean SPMSIM_M32_EXEC=no SPMSIM_M32_REASON='no way' \
		bash -c '. tests/tools/tap.sh; tap_m32 \"m32 case\" false' > '$tmp/tap'
	grep -qx 'not ok 1 # SKIP m32 case: no way' '$tmp/tap'"

progs="tests/unit/test_smoke tests/unit/test_arch_context"
for p in $progs; do
	if [ ! -x "build/$p" ] || [ ! -x "build/m32/$p" ]; then
		tap_skip "tests/run on 32-bit programs" "build/$p or build/m32/$p not built"
		tap_done
		exit 0
	fi
done

# runs_skipped LOGS REASON ENV...: tests/run, with ENV, on the 64-bit and
# 32-bit builds of $progs: exit 0, 0 failed, the reason once, each 32-bit
# program's cases those of its 64-bit twin, every one skipped with REASON,
# and none run.
runs_skipped()
{
	local logs=$1 why=$2 p n cases=0 bins=()
	shift 2
	for p in $progs; do bins+=("build/$p"); done
	for p in $progs; do bins+=("build/m32/$p"); done
	$clean TEST_LOGS="$logs" "$@" tests/run "${bins[@]}" >"$logs.out" ||
		{ echo "tests/run failed:"; cat "$logs.out"; return 1; }
	cat "$logs.out"
	[ "$(grep -cxF "skip build/m32/: $why" "$logs.out")" -eq 1 ] || return 1
	for p in $progs; do
		twin="$logs/$(echo "$p" | tr / _).log"
		mine="$logs/m32_$(echo "$p" | tr / _).log"
		n=$(grep -cE '^(not )?ok ' "$twin")
		[ "$n" -gt 0 ] || return 1
		grep -qxF "ok   m32/$p: 0 passed, $n skipped" "$logs.out" || return 1
		# The 32-bit log holds the skips and the plan, nothing the program printed.
		[ "$(grep -c . "$mine")" -eq $((n + 1)) ] || return 1
		[ "$(awk -v tail=" ($why)" '/^not ok [0-9]+ # SKIP [^ ]+ / &&
			substr($0, length($0) - length(tail) + 1) == tail' "$mine" | wc -l)" -eq "$n" ] || return 1
		diff <(sed -nE 's/^(not )?ok [0-9]+ (- |# SKIP )?([^ ]+).*/\3/p' "$twin") \
			<(sed -nE 's/^not ok [0-9]+ # SKIP ([^ ]+) .*/\1/p' "$mine") || return 1
		cases=$((cases + n))
	done
	grep -qE "^[0-9]+ passed, 0 failed, $cases skipped\$" "$logs.out"
}

tap_ok "tests/run, probe refused: every 32-bit case skipped, 0 failed" \
	runs_skipped "$tmp/probe" "$no_ia32" SPMSIM_M32_PROBE="$tmp/refused"
tap_ok "tests/run, SPMSIM_M32_EXEC=no: the same, with the override's reason" \
	runs_skipped "$tmp/forced" "SPMSIM_M32_EXEC=no: run as on a kernel that cannot execute 32-bit x86 programs; built, not run" \
	SPMSIM_M32_EXEC=no
tap_ok "tests/run: a 32-bit program with no 64-bit log is one skipped case" bash -c "
	$clean TEST_LOGS='$tmp/alone' SPMSIM_M32_EXEC=no SPMSIM_M32_REASON=r tests/run build/m32/tests/unit/test_smoke > '$tmp/alone.out' &&
	tail -1 '$tmp/alone.out' | grep -qx '0 passed, 0 failed, 1 skipped' &&
	grep -qx 'not ok 1 # SKIP m32/tests/unit/test_smoke (r)' '$tmp/alone/m32_tests_unit_test_smoke.log'"
tap_ok "tests/run: a bad SPMSIM_M32_EXEC stops it" bash -c "
	$clean TEST_LOGS='$tmp/bad' SPMSIM_M32_EXEC=maybe tests/run build/m32/tests/unit/test_smoke >/dev/null 2>&1; [ \$? -eq 2 ]"
# Where this machine can run them, the 32-bit programs are run.
tap_m32 "tests/run runs the 32-bit programs where they can run" bash -c "
	$clean TEST_LOGS='$tmp/yes' SPMSIM_M32_EXEC=yes tests/run build/m32/tests/unit/test_smoke > '$tmp/yes.out' &&
	! grep -q '^skip' '$tmp/yes.out' && tail -1 '$tmp/yes.out' | grep -qE '^[1-9][0-9]* passed, 0 failed\$'"
tap_ok "make HOST_BITS=32 bench, cannot execute: built, not run, not a failure" bash -c "
	$clean SPMSIM_M32_EXEC=no make --no-print-directory HOST_BITS=32 bench-now > '$tmp/bench' 2>&1 &&
	test -x build/m32/bench/bench_spm &&
	tail -1 '$tmp/bench' | grep -qx 'bench: build/m32/bench/bench_spm: SPMSIM_M32_EXEC=no: .*; built, not run'"
tap_done
