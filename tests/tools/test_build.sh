# The build as a user drives it, in a scratch copy of the tree: manifests are
# generated under build/ only, editing a manifest regenerates, build switches
# regenerate, partitions from outside the tree come in through
# EXTRA_MANIFEST_LIST_FILES, and HOST_BITS=32 builds beside the 64-bit tree.
. tests/tools/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/tree
mkdir -p "$src"
tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$src"
m="make -C $src --no-print-directory"

# Make's idea of up to date: `make -q` exits 0 when nothing would run.
up_to_date() { $m -q manifests HOST_BITS=${1:-64}; }
needs_work() { ! up_to_date "$@"; }

tap_ok "make manifests generates under build/gen" \
	bash -c "$m manifests >/dev/null && test -f $src/build/gen/psa_manifest/sid.h"
tap_ok "nothing generated in the source tree" \
	bash -c "! (cd $src && find . -path ./build -prune -o -name psa_manifest -print | grep -q .)"
tap_ok "a second make has nothing to do" up_to_date
touch "$src/partitions/settings/settings.yaml"
tap_ok "touching a manifest makes the manifests stale" needs_work
sed -i 's/0x0000F200/0x0000F201/' "$src/partitions/settings/settings.yaml"
tap_ok "editing a manifest regenerates sid.h" \
	bash -c "$m manifests >/dev/null && grep -q 0x0000F201 $src/build/gen/psa_manifest/sid.h"
tap_ok "a changed build switch regenerates" \
	bash -c "$m -q manifests TFM_ISOLATION_LEVEL=2; [ \$? -eq 1 ]"
tap_ok "CONFIG_TFM_SPM_BACKEND=SFN leaves the IPC-model samples out" \
	bash -c "$m manifests CONFIG_TFM_SPM_BACKEND=SFN >/dev/null && grep -q SP_KV_STORE $src/build/gen/psa_manifest/pid.h && ! grep -q SP_COUNTER $src/build/gen/psa_manifest/pid.h"
tap_ok "an invalid backend is refused" \
	bash -c "out=\$($m manifests CONFIG_TFM_SPM_BACKEND=FOO 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | grep -q 'must be IPC or SFN'"

# A partition that lives outside the tree, with its own manifest list.
ext=$tmp/outside
mkdir -p "$ext/blinky"
cat >"$ext/blinky/blinky.yaml" <<'YAML'
psa_framework_version: 1.1
name: SP_BLINKY
type: APPLICATION-ROT
model: SFN
stack_size: 0x400
services:
  - name: BLINKY
    sid: 0x0000FB00
    non_secure_clients: true
YAML
cat >"$ext/list.yaml" <<'YAML'
manifest_list:
  - manifest: blinky/blinky.yaml
YAML
tap_ok "EXTRA_MANIFEST_LIST_FILES adds an out-of-tree partition" \
	bash -c "$m manifests EXTRA_MANIFEST_LIST_FILES=$ext/list.yaml >/dev/null && test -f $src/build/gen/psa_manifest/blinky.h && grep -q BLINKY_SID $src/build/gen/psa_manifest/sid.h"
tap_ok "HOST_BITS=32 builds under build/m32" \
	bash -c "$m manifests HOST_BITS=32 >/dev/null && test -f $src/build/m32/gen/psa_manifest/sid.h"
tap_ok "a bad manifest fails the build with file:line:column" \
	bash -c "printf 'psa_framework_version: 1.1\nname: [\n' > $src/partitions/settings/settings.yaml; out=\$($m manifests 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | grep -qE 'settings.yaml:[0-9]+:[0-9]+: error:'"
tap_done
