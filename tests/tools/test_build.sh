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
m="make -C $src --no-print-directory V=1"
# q: make as a user types it, without V=1.
q="make -C $src --no-print-directory V=0"

# Each step prints one short line, V=1 the full command.
tap_ok "make prints one short line per file, no compiler command" \
	bash -c "$q build/spmsim > $tmp/quiet.log 2>&1 && grep -qx '  CC      sim/harness.c' $tmp/quiet.log &&
		grep -qx '  LD      build/spmsim' $tmp/quiet.log && grep -qx '  GEN     build/cli/gen' $tmp/quiet.log &&
		! grep -qv '^  [A-Z]\+ \+[^ ]\+\( \[[^]]*\]\)\?$' $tmp/quiet.log"
touch "$src/sim/log.c"
tap_ok "V=1 prints every command in full" \
	bash -c "$m build/spmsim > $tmp/verbose.log 2>&1 && grep -q '^gcc .* -c sim/log.c -o build/obj/sim/log.o$' $tmp/verbose.log"
tap_ok "an unchanged tree rebuilds nothing" \
	bash -c "! $q build/spmsim 2>&1 | grep -q '^  [A-Z]'"
tap_ok "a changed OPT rebuilds the objects it applies to, partitions included" \
	bash -c "$q build/spmsim OPT='-O1 -g' > $tmp/opt.log 2>&1 && grep -qx '  CC      sim/harness.c' $tmp/opt.log &&
		grep -q '  CC      partitions/kv_store/kv_store.c \[cli SP_KV_STORE\]' $tmp/opt.log &&
		! $q build/spmsim OPT='-O1 -g' 2>&1 | grep -q '^  [A-Z]' &&
		$q build/spmsim > $tmp/opt.log 2>&1 && grep -qx '  CC      sim/harness.c' $tmp/opt.log"
tap_ok "DEBUG=1 builds with -O0 -g3 under build/debug, beside the optimised build" \
	bash -c "$q DEBUG=1 build/debug/spmsim >/dev/null 2>&1 &&
		readelf --debug-dump=info $src/build/debug/obj/sim/harness.o | grep -m1 DW_AT_producer | grep -q -- '-O0' &&
		readelf --debug-dump=info $src/build/debug/obj/sim/harness.o | grep -m1 DW_AT_producer | grep -q -- '-g3' &&
		$src/build/debug/spmsim run --quiet $src/scenarios/demo.yaml | grep -q '^PASS demo' &&
		! $q build/spmsim 2>&1 | grep -q '^  [A-Z]'"
tap_ok "DEBUG must be 1 or 0" \
	bash -c "out=\$($q DEBUG=yes manifests 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | grep -q \"DEBUG must be 1 or 0, not 'yes'\""

# The package check comes first, before anything compiles, and asks for
# what the goal needs: a stand-in scripts/setup-deps.sh records its calls.
cp "$src/scripts/setup-deps.sh" "$tmp/setup-deps.sh"
printf '#!/bin/sh\necho "DEPS $*" >&2\n' > "$src/scripts/setup-deps.sh"
tap_ok "make run checks the packages for running before it compiles anything" \
	bash -c "rm -rf $src/build && env -u SPMSIM_DEPS_CHECKED $q run > $tmp/deps.log 2>&1 &&
		head -1 $tmp/deps.log | grep -qx 'DEPS --quiet run' && [ \$(grep -c '^DEPS' $tmp/deps.log) = 1 ] &&
		grep -q '^PASS demo' $tmp/deps.log"
tap_ok "make asks for the build's packages, make test for the tests', make clean for none" \
	bash -c "env -u SPMSIM_DEPS_CHECKED $q manifests build/tests/unit/test_conn 2>&1 | head -1 | grep -qx 'DEPS --quiet build' &&
		env -u SPMSIM_DEPS_CHECKED $q -n test 2>&1 | head -1 | grep -qx 'DEPS --quiet test' &&
		! env -u SPMSIM_DEPS_CHECKED $q -n clean 2>&1 | grep -q DEPS"
cp "$tmp/setup-deps.sh" "$src/scripts/setup-deps.sh"

# The levels themselves, with stand-ins for dpkg and apt-get that report
# nothing installed and record what is asked for.
mkdir -p "$tmp/bin"
printf '#!/bin/sh\n[ "$1" = --print-architecture ] && echo amd64\nexit 0\n' > "$tmp/bin/dpkg"
printf '#!/bin/sh\nexit 1\n' > "$tmp/bin/dpkg-query"
printf '#!/bin/sh\necho "$@" >> %s/apt.log\n' "$tmp" > "$tmp/bin/apt-get"
printf '#!/bin/sh\nexec "$@"\n' > "$tmp/bin/sudo"
chmod +x "$tmp/bin/"*
cat > "$tmp/asks.sh" <<SH
rm -f "$tmp/apt.log"
PATH="$tmp/bin:\$PATH" sh "$src/scripts/setup-deps.sh" "\$@" >/dev/null && grep install "$tmp/apt.log"
SH
tap_ok "setup-deps run: the compiler and libyaml, no 32-bit library, no test tool" \
	bash -c "out=\$(sh $tmp/asks.sh run) && echo \"\$out\" | grep -q 'build-essential' &&
		echo \"\$out\" | grep -q 'libyaml-dev' && ! echo \"\$out\" | grep -q 'i386\|valgrind\|cmocka'"
tap_ok "setup-deps test: the 32-bit libraries and the test tools too" \
	bash -c "out=\$(sh $tmp/asks.sh test) && echo \"\$out\" | grep -q 'libcmocka-dev:i386' &&
		echo \"\$out\" | grep -q 'valgrind' && echo \"\$out\" | grep -q 'gdb'"
tap_ok "setup-deps --m32 run (make run HOST_BITS=32): the 32-bit libyaml too" \
	bash -c "out=\$(sh $tmp/asks.sh --m32 run) && echo \"\$out\" | grep -q 'libyaml-dev:i386' && ! echo \"\$out\" | grep -q valgrind"

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
tap_ok "spmsim builds without spmsim's own partitions when there is an extra list" \
	bash -c "$m build/spmsim $extra >/dev/null && $src/build/spmsim list > $tmp/list &&
		grep -q 'SP_BLINKY ' $tmp/list && ! grep -q 'SP_KV_STORE\|SP_FAULT_LAB' $tmp/list"
tap_ok "SPMSIM_SAMPLES=yes: spmsim builds with the extra list beside the scenario partitions" \
	bash -c "$m build/spmsim $extra SPMSIM_SAMPLES=yes >/dev/null && $src/build/spmsim list > $tmp/list &&
		grep -q 'SP_BLINKY .*SFN model, IPC and SFN' $tmp/list && grep -q SP_FAULT_LAB_SFN $tmp/list &&
		grep -qx '  $ext/list.yaml' $tmp/list"

# An IPC-model partition in a user's list takes SFN away from that list
# only: spmsim keeps SFN for the others and says which partition forces it.
mkdir -p "$ext/pingipc"
cat >"$ext/pingipc/pingipc.yaml" <<'YAML'
psa_framework_version: 1.1
name: SP_PINGIPC
type: APPLICATION-ROT
model: IPC
entry_point: pingipc_main
stack_size: 0x400
services:
  - name: PINGIPC
    sid: 0x0000FE10
    non_secure_clients: true
    connection_based: false
YAML
cat >"$ext/pingipc/pingipc.c" <<'SRC'
#include <psa/service.h>
#include "psa_manifest/pingipc.h"

void pingipc_main(void)
{
	psa_msg_t msg;

	for (;;) {
		if (psa_wait(PSA_WAIT_ANY, PSA_BLOCK) & PINGIPC_SIGNAL) {
			psa_get(PINGIPC_SIGNAL, &msg);
			psa_reply(msg.handle, PSA_SUCCESS);
		}
	}
}
SRC
printf 'manifest_list:\n  - manifest: pingipc/pingipc.yaml\n' >"$ext/ipc_list.yaml"
tap_ok "an IPC-model user list leaves SFN to the others, naming the partition that forces it" \
	bash -c "$m build/spmsim EXTRA_MANIFEST_LIST_FILES=$ext/ipc_list.yaml SPMSIM_SAMPLES=yes > $tmp/ipc.log 2>&1 &&
		grep -q \"spmsim: scenarios on $ext/ipc_list.yaml run under IPC only: .*'SP_PINGIPC' uses the IPC model\" $tmp/ipc.log &&
		$src/build/spmsim list > $tmp/list && grep -q 'SP_PINGIPC .*IPC only' $tmp/list &&
		grep -q 'SP_FAULT_LAB_SFN .*IPC and SFN' $tmp/list &&
		$src/build/spmsim test $src/scenarios/fault_service_panic_sfn.yaml | grep -q '4 runs: 4 passed'"

# A partition as real trees have them: sources in two folders (beside the
# manifest and in a shared one), its own include path, a define and code
# that warns under -Wextra, set up by the spmsim.mk beside its manifest; its
# SID is the sample key-value store's, so it builds only without the samples.
mkdir -p "$ext/fancy/test" "$ext/common/src" "$ext/common/include"
cat >"$ext/fancy/fancy.yaml" <<'YAML'
psa_framework_version: 1.1
name: SP_FANCY
type: APPLICATION-ROT
model: SFN
stack_size: 0x400
services:
  - name: FANCY
    sid: 0x0000F100
    non_secure_clients: true
    connection_based: false
YAML
cat >"$ext/fancy/fancy.c" <<'SRC'
#include <psa/service.h>
#include "psa_manifest/fancy.h"
#include "fancy_math.h"

static int unused_arg(int used, int unused)
{
	return used;
}

psa_status_t fancy_sfn(const psa_msg_t *msg)
{
	return fancy_scale(unused_arg(msg->type, 0)) + FANCY_OFFSET;
}
SRC
cat >"$ext/common/include/fancy_math.h" <<'SRC'
#ifndef FANCY_OFFSET
#define FANCY_OFFSET 0
#endif
int fancy_scale(int x);
SRC
cat >"$ext/common/src/fancy_math.c" <<'SRC'
#include "fancy_math.h"

int fancy_scale(int x)
{
	return x * FANCY_FACTOR;
}
SRC
cat >"$ext/fancy/spmsim.mk" <<'MK'
PARTITION_SRCS := ../common/src/*.c
PARTITION_INCLUDES := ../common/include
PARTITION_DEFINES := FANCY_FACTOR=3
MK
cat >"$ext/fancy/test/main.c" <<'SRC'
#include <stdio.h>
#include <psa/client.h>
#include "psa_manifest/sid.h"
#include "spmsim/spmsim.h"
#include "fancy_math.h"

static psa_status_t got;

static void ns(void *arg)
{
	(void)arg;
	got = psa_call(FANCY_HANDLE, 7, NULL, 0, NULL, 0);
}

int main(void)
{
	if (spmsim_boot(NULL) != PSA_SUCCESS || spmsim_run_ns(ns, NULL) != SPMSIM_EXIT_RETURNED)
		return 1;
	spmsim_shutdown();
	printf("fancy: %d\n", (int)got);
	return got == 7 * FANCY_FACTOR + FANCY_OFFSET ? 0 : 1;
}
SRC
cat >"$ext/fancy_list.yaml" <<'YAML'
manifest_list:
  - manifest: fancy/fancy.yaml
YAML
fancy="EXTRA_MANIFEST_LIST_FILES=$ext/fancy_list.yaml EXTRA_PARTITION_PATHS=$ext/fancy"
tap_ok "with the samples asked for, a clash with a sample's SID is told once, with the way out, and nothing else" \
	bash -c "out=\$($m manifests $fancy SPMSIM_SAMPLES=yes 2>&1); [ \$? -ne 0 ] &&
		[ \$(echo \"\$out\" | grep -c 'error: duplicate SID 0x0000F100') = 1 ] &&
		echo \"\$out\" | grep -q 'SPMSIM_SAMPLES=no leaves them out' && ! echo \"\$out\" | grep -q 'No rule'"
tap_ok "SPMSIM_SAMPLES=no: sources in two folders, own include and define, warnings that do not stop it; its test passes" \
	bash -c "$m build/ns/fancy SPMSIM_SAMPLES=no $fancy > $tmp/fancy.log 2>&1 &&
		grep -q 'fancy.c.*warning: unused parameter' $tmp/fancy.log && ! grep -q 'SP_KV_STORE' $src/build/main/gen/psa_manifest/pid.h &&
		$src/build/ns/fancy | grep -qx 'fancy: 21'"
tap_ok "an unchanged spmsim.mk rebuilds nothing" \
	bash -c "! $m build/ns/fancy SPMSIM_SAMPLES=no $fancy | grep -q gcc"
echo 'PARTITION_CFLAGS := -Wall' >>"$ext/fancy/spmsim.mk"
tap_ok "the partition's own flags replace the default warnings, and a changed spmsim.mk rebuilds it" \
	bash -c "$m build/ns/fancy SPMSIM_SAMPLES=no $fancy > $tmp/fancy.log 2>&1 &&
		grep -q 'gcc.*-DFANCY_FACTOR=3 -Wall -MMD -MP -c .*fancy/fancy.c' $tmp/fancy.log && grep -q 'gcc.*-c .*common/src/fancy_math.c' $tmp/fancy.log &&
		! grep -q warning: $tmp/fancy.log && $src/build/ns/fancy | grep -qx 'fancy: 21'"
echo 'PARTITION_CFLAGS := -Wall -Wextra -Werror' >>"$ext/fancy/spmsim.mk"
tap_ok "flags the partition sets are used exactly (its own -Werror stops it)" \
	bash -c "! $m build/ns/fancy SPMSIM_SAMPLES=no $fancy > $tmp/fancy.log 2>&1 && grep -q 'error: unused parameter' $tmp/fancy.log"
sed -i '/PARTITION_CFLAGS/d' "$ext/fancy/spmsim.mk"
tap_ok "SPMSIM_SAMPLES=no: spmsim links only the user's list, no scenario partitions" \
	bash -c "$m build/spmsim SPMSIM_SAMPLES=no $fancy >/dev/null 2>&1 && $src/build/spmsim list > $tmp/list &&
		grep -q '^  SP_FANCY ' $tmp/list && ! grep -q 'SP_KV_STORE\|SP_FAULT_LAB\|SP_AGENT' $tmp/list &&
		[ \"\$(sed -n 2p $tmp/list)\" = '  $ext/fancy_list.yaml' ] &&
		sed -n 3p $tmp/list | grep -q '^left out (SPMSIM_SAMPLES=no)'"
tap_ok "SPMSIM_SAMPLES=no: a scenario on the scenario partitions is refused, saying why" \
	bash -c "out=\$($src/build/spmsim check $src/scenarios/agent_steps.yaml 2>&1); [ \$? -ne 0 ] &&
		echo \"\$out\" | grep -q \"agent_steps.yaml:[0-9]*:[0-9]*: error: .*spmsim's own, which this spmsim was built without (SPMSIM_SAMPLES=no)\""
cat >"$ext/fancy.scn.yaml" <<'YAML'
manifest_list: fancy_list.yaml
clients:
  - steps:
      - call: FANCY
        type: 5
        expect: 15
YAML
tap_ok "SPMSIM_SAMPLES=no: spmsim runs a scenario on the user's partition" \
	bash -c "$src/build/spmsim test $ext/fancy.scn.yaml"
tap_ok "a misspelt EXTRA_PARTITION_PATHS folder is named" \
	bash -c "out=\$($m build/ns/fancy SPMSIM_SAMPLES=no EXTRA_MANIFEST_LIST_FILES=$ext/fancy_list.yaml EXTRA_PARTITION_PATHS=$ext/fancyy 2>&1); [ \$? -ne 0 ] &&
		echo \"\$out\" | grep -q \"EXTRA_PARTITION_PATHS: no folder '$ext/fancyy'\" && ! echo \"\$out\" | grep -q 'undefined reference'"
tap_ok "a missing manifest list is named" \
	bash -c "out=\$($m manifests EXTRA_MANIFEST_LIST_FILES=$ext/nolist.yaml 2>&1); [ \$? -ne 0 ] &&
		echo \"\$out\" | grep -q \"EXTRA_MANIFEST_LIST_FILES: no manifest list '$ext/nolist.yaml'\""
tap_ok "a folder that holds no partition is named" \
	bash -c "out=\$($m SPMSIM_SAMPLES=no EXTRA_MANIFEST_LIST_FILES=$ext/fancy_list.yaml EXTRA_PARTITION_PATHS=$ext/common build/ns/common 2>&1); [ \$? -ne 0 ] &&
		echo \"\$out\" | grep -q \"EXTRA_PARTITION_PATHS: '$ext/common' is not the folder of a partition\""
echo 'PARTITION_SRCS += ../common/src/nothere.c' >>"$ext/fancy/spmsim.mk"
tap_ok "a wrong path in spmsim.mk is named" \
	bash -c "out=\$($m manifests SPMSIM_SAMPLES=no $fancy 2>&1); [ \$? -ne 0 ] &&
		echo \"\$out\" | grep -q \"fancy/spmsim.mk: PARTITION_SRCS: nothing at '../common/src/nothere.c'\""
sed -i '/nothere/d' "$ext/fancy/spmsim.mk"

# The same partition through a project file in the user's tree, given once.
cat >"$ext/project.mk" <<'MK'
PROJECT_MANIFEST_LISTS := fancy_list.yaml
PROJECT_PARTITION_PATHS := fancy
SPMSIM_SAMPLES := no
PARTITION_DEFINES.SP_FANCY := FANCY_OFFSET=1
PROJECT_RUN_SCENARIO := fancy_run.yaml
MK
sed 's/expect: 15/expect: 16/' "$ext/fancy.scn.yaml" >"$ext/fancy_run.yaml"
tap_ok "PROJECT=file: the lists, folders, switches and a partition's settings from one file" \
	bash -c "$m PROJECT=$ext/project.mk build/ns/fancy >/dev/null 2>&1 && $src/build/ns/fancy | grep -qx 'fancy: 22'"
tap_ok "the project is remembered: a plain make builds spmsim with it, make run plays its scenario" \
	bash -c "$m build/spmsim >/dev/null 2>&1 && $src/build/spmsim list > $tmp/list &&
		grep -qx '  $ext/fancy_list.yaml' $tmp/list && grep -q '^left out (SPMSIM_SAMPLES=no)' $tmp/list &&
		$m run-now | grep -q '^PASS fancy_run'"
tap_ok "PROJECT= forgets it" \
	bash -c "$m PROJECT= build/spmsim >/dev/null 2>&1 && $src/build/spmsim list > $tmp/list &&
		grep -q '^  SP_KV_STORE ' $tmp/list && ! grep -q fancy $tmp/list"
tap_ok "a missing project file is named" \
	bash -c "out=\$($m PROJECT=$ext/nope.mk manifests 2>&1); [ \$? -ne 0 ] &&
		echo \"\$out\" | grep -q \"PROJECT: no file '$ext/nope.mk'\" && ! test -e $src/build/project"
# A partition written as TF-M's tree writes them, built unmodified out of the
# tree without the samples: a JSON manifest of model dual whose stack size
# is a macro of the tree's config_tfm.h (an include folder of spmsim.mk),
# an entry point taking a parameter, TF-M's logging, framework_feature.h
# and IOVEC_LEN; it runs under both backends and at level 2.
tfm=$ext/tfmstyle
mkdir -p "$tfm/tfm_part/test" "$tfm/config"
cat >"$tfm/config/config_tfm.h" <<'SRC'
#define TFM_PART_STACK_SIZE 0x800
#define TFM_PART_LOG_PREFIX "[part] "
SRC
cat >"$tfm/tfm_part/tfm_part.yaml" <<'YAML'
{
  "psa_framework_version": 1.1,
  "name": "TFM_SP_UPART",
  "type": "PSA-ROT",
  "priority": "NORMAL",
  "model": "dual",
  "entry_point": "upart_main",
  "entry_init": "upart_init",
  "stack_size": "TFM_PART_STACK_SIZE",
  "services": [
    {
      "name": "TFM_UPART_SERVICE",
      "sid": "0x00000F80",
      "non_secure_clients": true,
      "connection_based": false,
      "stateless_handle": "auto",
      "version": 1,
      "version_policy": "STRICT"
    }
  ]
}
YAML
cat >"$tfm/tfm_part/tfm_part.c" <<'SRC'
#include <stdint.h>
#include "config_tfm.h"
#include "psa/service.h"
#include "psa/framework_feature.h"
#include "psa_manifest/tfm_part.h"
#include "tfm_sp_log.h"

static psa_status_t handle(const psa_msg_t *msg)
{
	uint32_t v = 0;

	if (msg->in_size[0] != sizeof(v))
		return PSA_ERROR_INVALID_ARGUMENT;
	psa_read(msg->handle, 0, &v, sizeof(v));
	v *= PSA_FRAMEWORK_ISOLATION_LEVEL + 1;
	psa_write(msg->handle, 0, &v, sizeof(v));
	return PSA_SUCCESS;
}

#if TFM_SP_UPART_MODEL_IPC
void upart_main(void *param)
{
	psa_msg_t msg;

	LOG_INFFMT(TFM_PART_LOG_PREFIX "IPC model\n");
	for (;;) {
		if (psa_wait(PSA_WAIT_ANY, PSA_BLOCK) & TFM_UPART_SERVICE_SIGNAL) {
			psa_get(TFM_UPART_SERVICE_SIGNAL, &msg);
			psa_reply(msg.handle, msg.type == PSA_IPC_CALL ? handle(&msg) : PSA_SUCCESS);
		}
	}
}
#else
psa_status_t upart_init(void)
{
	LOG_INFFMT(TFM_PART_LOG_PREFIX "SFN model\n");
	return PSA_SUCCESS;
}

psa_status_t tfm_upart_service_sfn(const psa_msg_t *msg)
{
	return handle(msg);
}
#endif
SRC
cat >"$tfm/tfm_part/test/main.c" <<'SRC'
#include <stdio.h>
#include <psa/client.h>
#include "psa_manifest/sid.h"
#include "spmsim/spmsim.h"

static uint32_t got;
static psa_status_t st;

static void ns_main(void *arg)
{
	uint32_t v = 7;
	psa_invec in[] = {{&v, sizeof(v)}};
	psa_outvec out[] = {{&got, sizeof(got)}};

	(void)arg;
	st = psa_call(TFM_UPART_SERVICE_HANDLE, PSA_IPC_CALL, in, IOVEC_LEN(in), out, IOVEC_LEN(out));
}

int main(void)
{
	if (spmsim_boot(NULL) != PSA_SUCCESS)
		return 2;
	enum spmsim_exit e = spmsim_run_ns(ns_main, NULL);
	spmsim_shutdown();
	printf("status %d got %u\n", (int)st, (unsigned)got);
	return e == SPMSIM_EXIT_RETURNED && st == PSA_SUCCESS ? 0 : 1;
}
SRC
echo 'PARTITION_INCLUDES := ../config' >"$tfm/tfm_part/spmsim.mk"
printf 'manifest_list:\n  - manifest: tfm_part/tfm_part.yaml\n' >"$tfm/list.yaml"
tfmargs="EXTRA_MANIFEST_LIST_FILES=$tfm/list.yaml EXTRA_PARTITION_PATHS=$tfm/tfm_part SPMSIM_SAMPLES=no"
for b in IPC SFN; do
	tap_ok "a TF-M-style dual partition (macro stack size, config_tfm.h) builds and runs under $b" \
		bash -c "$m build/ns/tfm_part $tfmargs CONFIG_TFM_SPM_BACKEND=$b >/dev/null 2>&1 &&
			$src/build/ns/tfm_part > $tmp/tfm.out && grep -qx 'status 0 got 14' $tmp/tfm.out &&
			grep -qx '\\[part\\] $b model' $tmp/tfm.out"
done
tap_ok "the TF-M-style partition at isolation level 2 sees its level in framework_feature.h" \
	bash -c "$m build/ns/tfm_part $tfmargs TFM_ISOLATION_LEVEL=2 >/dev/null 2>&1 &&
		$src/build/ns/tfm_part | grep -qx 'status 0 got 21'"

# A user's tree as the README describes it: two SFN-model partitions (one
# calls the other) in one list, an IPC-model one in another, a project file
# given once. Scenarios in that tree inject every fault that applies to any
# partition into the user's partitions, unchanged, and check the outcomes.
usr=$ext/user
mkdir -p "$usr/store" "$usr/front" "$usr/counter" "$usr/scenarios"
cat >"$usr/store/store.yaml" <<'YAML'
psa_framework_version: 1.1
name: USER_SP_STORE
type: PSA-ROT
model: SFN
stack_size: 0x800
services:
  - {name: USER_STORE, sid: 0x0000E100, non_secure_clients: true, connection_based: false}
YAML
cat >"$usr/store/store.c" <<'SRC'
#include <psa/service.h>
#include "psa_manifest/store.h"

static uint8_t value[16];
static size_t value_len;

psa_status_t user_store_sfn(const psa_msg_t *msg)
{
	if (msg->type == 1) {
		value_len = psa_read(msg->handle, 0, value, sizeof(value));
		return PSA_SUCCESS;
	}
	psa_write(msg->handle, 0, value, value_len);
	return (psa_status_t)value_len;
}
SRC
cat >"$usr/front/front.yaml" <<'YAML'
psa_framework_version: 1.1
name: USER_SP_FRONT
type: APPLICATION-ROT
model: SFN
stack_size: 0x800
services:
  - {name: USER_FRONT, sid: 0x0000E200, non_secure_clients: true, connection_based: false}
dependencies: [USER_STORE]
YAML
cat >"$usr/front/front.c" <<'SRC'
#include <psa/client.h>
#include <psa/service.h>
#include "psa_manifest/front.h"
#include "psa_manifest/sid.h"

psa_status_t user_front_sfn(const psa_msg_t *msg)
{
	uint8_t buf[16];
	psa_invec in = {buf, psa_read(msg->handle, 0, buf, sizeof(buf))};

	return psa_call(USER_STORE_HANDLE, 1, &in, 1, NULL, 0);
}
SRC
cat >"$usr/counter/counter.yaml" <<'YAML'
psa_framework_version: 1.1
name: USER_SP_COUNTER
type: APPLICATION-ROT
model: IPC
entry_point: user_counter_main
stack_size: 0x800
services:
  - {name: USER_COUNTER, sid: 0x0000E300, non_secure_clients: true, connection_based: true}
YAML
cat >"$usr/counter/counter.c" <<'SRC'
#include <psa/service.h>
#include "psa_manifest/counter.h"

void user_counter_main(void)
{
	static uint32_t count;
	psa_msg_t msg;

	for (;;) {
		if (!(psa_wait(PSA_WAIT_ANY, PSA_BLOCK) & USER_COUNTER_SIGNAL) ||
		    psa_get(USER_COUNTER_SIGNAL, &msg) != PSA_SUCCESS)
			continue;
		if (msg.type >= 0) {
			count++;
			psa_write(msg.handle, 0, &count, sizeof(count));
		}
		psa_reply(msg.handle, PSA_SUCCESS);
	}
}
SRC
printf 'manifest_list:\n  - manifest: store/store.yaml\n  - manifest: front/front.yaml\n' >"$usr/sfn_list.yaml"
printf 'manifest_list:\n  - manifest: counter/counter.yaml\n' >"$usr/ipc_list.yaml"
cat >"$usr/project.mk" <<'MK'
PROJECT_MANIFEST_LISTS := sfn_list.yaml ipc_list.yaml
PROJECT_PARTITION_PATHS := store front counter
SPMSIM_SAMPLES := no
MK
cat >"$usr/scenarios/inject_sfn.yaml" <<'YAML'
manifest_list: ../sfn_list.yaml
clients:
  - steps:
      - call: USER_FRONT
        in: [{text: "abc"}]
      - inject: corrupt_output
        into: USER_SP_STORE
      - call: USER_STORE
        type: 2
        out: [16]
        expect: 3
        expect_out: [{hex: "9e 9d 9c"}]
      - inject: error_status
        into: USER_SP_FRONT
        status: PSA_ERROR_INSUFFICIENT_STORAGE
      - call: USER_FRONT
        in: [{text: "xyz"}]
        expect: PSA_ERROR_INSUFFICIENT_STORAGE
      - inject: stack_overflow
        into: USER_SP_FRONT
      - call: USER_FRONT
        in: [{text: "d"}]
        expect: reset
      - inject: spin
        into: USER_SP_STORE
        at: entry
      - call: USER_STORE
        type: 2
        out: [16]
        expect: reset
      - inject: reset
        into: USER_SP_STORE
      - call: USER_FRONT
        in: [{text: "e"}]
        expect: reset
      - inject: panic
        into: USER_SP_STORE
        at: psa_write
      - call: USER_STORE
        type: 2
        out: [16]
        expect: reset
expect:
  panic: {partition: USER_SP_STORE, api: psa_panic}
  resets: 4
YAML
cat >"$usr/scenarios/inject_stray.yaml" <<'YAML'
manifest_list: ../sfn_list.yaml
isolation: [2, 3]
clients:
  - steps:
      - inject: stray_read
        into: USER_SP_FRONT
        target: psa-rot
      - call: USER_FRONT
        in: [{text: "a"}]
        expect: reset
      - inject: stray_jump
        into: USER_SP_FRONT
        target: ns
      - call: USER_FRONT
        in: [{text: "a"}]
        expect: reset
      - inject: stray_write
        into: USER_SP_FRONT
        at: psa_call
        target: spm
      - call: USER_FRONT
        in: [{text: "a"}]
        expect: reset
expect:
  fault: {type: MemManage, partition: USER_SP_FRONT, region: "SPM data", access: write}
  resets: 3
YAML
cat >"$usr/scenarios/inject_ipc.yaml" <<'YAML'
manifest_list: ../ipc_list.yaml
clients:
  - steps:
      - connect: USER_COUNTER
        as: c
      - inject: corrupt_status
        into: USER_SP_COUNTER
        status: PSA_ERROR_HARDWARE_FAILURE
      - call: c
        out: [4]
        expect: PSA_ERROR_HARDWARE_FAILURE
      - inject: corrupt_output
        into: USER_SP_COUNTER
      - call: c
        out: [4]
        expect_out: [{u32: 0xFFFFFFFD}]
      - inject: corrupt_status
        into: USER_SP_COUNTER
        status: PSA_ERROR_GENERIC_ERROR
      - connect: USER_COUNTER
        expect: reset
expect:
  panic: {partition: USER_SP_COUNTER, api: psa_reply, rule: "a connect message accepts only"}
  resets: 1
YAML
tap_ok "a user's tree (PROJECT=): spmsim builds with its SFN and IPC partitions only" \
	bash -c "$m PROJECT=$usr/project.mk build/spmsim >/dev/null 2>&1 && $src/build/spmsim list > $tmp/list &&
		grep -q '^  USER_SP_FRONT ' $tmp/list && grep -q '^  USER_SP_COUNTER ' $tmp/list && ! grep -q SP_FAULT_LAB $tmp/list"
tap_ok "faults injected into the user's SFN-model partitions, both backends" \
	bash -c "$src/build/spmsim test $usr/scenarios/inject_sfn.yaml | grep -qx '1 scenario, 4 runs: 4 passed, 0 failed, 0 refused'"
tap_ok "stray accesses injected into the user's application-RoT partition, levels 2 and 3" \
	bash -c "$src/build/spmsim test $usr/scenarios/inject_stray.yaml | grep -qx '1 scenario, 2 runs: 2 passed, 0 failed, 0 refused'"
tap_ok "reply faults injected into the user's IPC-model partition, levels 1 to 3" \
	bash -c "$src/build/spmsim test $usr/scenarios/inject_ipc.yaml | grep -qx '1 scenario, 3 runs: 3 passed, 0 failed, 0 refused'"
tap_ok "a reply status injected into the user's SFN-model partition is refused at its line" \
	bash -c "printf 'manifest_list: ../sfn_list.yaml\nclients:\n  - steps:\n      - inject: corrupt_status\n        into: USER_SP_STORE\n        status: 1\n' > $usr/scenarios/bad.yaml
		out=\$($src/build/spmsim check $usr/scenarios/bad.yaml 2>&1); [ \$? -eq 2 ] &&
		echo \"\$out\" | grep -q 'bad.yaml:4:17: error: USER_SP_STORE is an SFN-model partition: it never calls psa_reply'"
$m PROJECT= manifests >/dev/null 2>&1

tap_ok "HOST_BITS=32 builds under build/m32" \
	bash -c "$m manifests HOST_BITS=32 >/dev/null && test -f $src/build/m32/main/gen/psa_manifest/sid.h"
tap_ok "a bad manifest fails the build with file:line:column" \
	bash -c "printf 'psa_framework_version: 1.1\nname: [\n' > $src/partitions/settings/settings.yaml; out=\$($m manifests 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | grep -qE 'settings.yaml:[0-9]+:[0-9]+: error:'"
tap_done
