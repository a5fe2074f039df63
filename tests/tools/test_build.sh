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

# regenerates ARGS...: true when `make manifests ARGS...` ran spm-manifest
# for the build's own system.
regenerates() { $m manifests "$@" 2>&1 | grep -q 'spm-manifest .*-o build/main/gen '; }
stays() { ! regenerates "$@"; }

tap_ok "make manifests generates under build/main/gen" \
	bash -c "$m manifests >/dev/null && test -f $src/build/main/gen/psa_manifest/sid.h"
tap_ok "nothing generated in the source tree" \
	bash -c "! (cd $src && find . -path ./build -prune -o -name psa_manifest -print | grep -q .)"
tap_ok "a second make does not regenerate" stays
touch "$src/partitions/settings/settings.yaml"
tap_ok "touching a manifest regenerates" regenerates
sed -i 's/0x0000F200/0x0000F201/' "$src/partitions/settings/settings.yaml"
tap_ok "editing a manifest regenerates sid.h" \
	bash -c "$m manifests >/dev/null && grep -q 0x0000F201 $src/build/main/gen/psa_manifest/sid.h"
tap_ok "a changed build switch regenerates" regenerates TFM_ISOLATION_LEVEL=2
tap_ok "CONFIG_TFM_SPM_BACKEND=SFN leaves the IPC-model samples out, headers too" \
	bash -c "$m manifests CONFIG_TFM_SPM_BACKEND=SFN >/dev/null && grep -q SP_KV_STORE $src/build/main/gen/psa_manifest/pid.h && ! grep -q SP_COUNTER $src/build/main/gen/psa_manifest/pid.h && ! test -e $src/build/main/gen/psa_manifest/counter.h"
tap_ok "an invalid backend is refused" \
	bash -c "out=\$($m manifests CONFIG_TFM_SPM_BACKEND=FOO 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | grep -q 'must be IPC or SFN'"

# A partition that lives outside the tree, with its own manifest list and a
# non-secure test program, as a user would keep them in their own repository.
ext=$tmp/outside
mkdir -p "$ext/blinky/test"
cat >"$ext/blinky/blinky.yaml" <<'YAML'
psa_framework_version: 1.1
name: SP_BLINKY
type: APPLICATION-ROT
model: SFN
stack_size: 0x400
services:
  - name: BLINKY
    sid: 0x0000FE00
    non_secure_clients: true
    connection_based: false
YAML
cat >"$ext/blinky/blinky.c" <<'SRC'
#include <psa/service.h>
#include "psa_manifest/blinky.h"

static int blinks;

psa_status_t blinky_sfn(const psa_msg_t *msg)
{
	(void)msg;
	return ++blinks;
}
SRC
cat >"$ext/blinky/test/main.c" <<'SRC'
#include <stdio.h>
#include <psa/client.h>
#include "psa_manifest/sid.h"
#include "spmsim/spmsim.h"

static psa_status_t got[3];

static void ns(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3; i++)
		got[i] = psa_call(BLINKY_HANDLE, PSA_IPC_CALL, NULL, 0, NULL, 0);
}

int main(void)
{
	if (spmsim_boot(NULL) != PSA_SUCCESS || spmsim_run_ns(ns, NULL) != SPMSIM_EXIT_RETURNED)
		return 1;
	printf("blinks: %d %d %d\n", (int)got[0], (int)got[1], (int)got[2]);
	spmsim_shutdown();
	return got[2] == 3 ? 0 : 1;
}
SRC
cat >"$ext/list.yaml" <<'YAML'
manifest_list:
  - manifest: blinky/blinky.yaml
YAML
extra="EXTRA_MANIFEST_LIST_FILES=$ext/list.yaml EXTRA_PARTITION_PATHS=$ext/blinky"
tap_ok "EXTRA_MANIFEST_LIST_FILES adds an out-of-tree partition" \
	bash -c "$m manifests $extra >/dev/null && test -f $src/build/main/gen/psa_manifest/blinky.h && grep -q BLINKY_HANDLE $src/build/main/gen/psa_manifest/sid.h"
tap_ok "an out-of-tree partition and its NS test program build and run" \
	bash -c "$m build/ns/blinky $extra >/dev/null && $src/build/ns/blinky | grep -qx 'blinks: 1 2 3'"
tap_ok "spmsim builds with the extra list beside the scenario partitions" \
	bash -c "$m build/spmsim $extra >/dev/null && $src/build/spmsim list > $tmp/list &&
		grep -q 'SP_BLINKY .*SFN model, IPC and SFN' $tmp/list && grep -q SP_FAULT_LAB_SFN $tmp/list &&
		grep -qx '  $ext/list.yaml' $tmp/list"
tap_ok "HOST_BITS=32 builds under build/m32" \
	bash -c "$m manifests HOST_BITS=32 >/dev/null && test -f $src/build/m32/main/gen/psa_manifest/sid.h"
tap_ok "a bad manifest fails the build with file:line:column" \
	bash -c "printf 'psa_framework_version: 1.1\nname: [\n' > $src/partitions/settings/settings.yaml; out=\$($m manifests 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | grep -qE 'settings.yaml:[0-9]+:[0-9]+: error:'"
tap_done
