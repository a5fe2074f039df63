# Each partition and the non-secure program are images of their own, as on
# a board: a source file defining globals (a function and a variable), compiled
# into an out-of-tree partition and into its non-secure test program, links,
# and each side uses its own copy. The partition, booted at isolation level 2
# in trap mode, still reaches the SPM through the veneers (its psa_* calls
# stay undefined in its image, so --wrap rewrites them) and allocates from its
# own heap; gdb still finds the functions made local by name.
. tests/tools/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/tree
mkdir -p "$src"
tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$src"
m="make -C $src --no-print-directory"

ext=$tmp/outside
mkdir -p "$ext/twin/test"
cat >"$ext/twin/twin.yaml" <<'YAML'
psa_framework_version: 1.1
name: SP_TWIN
type: APPLICATION-ROT
model: IPC
entry_point: twin_main
stack_size: 0x800
heap_size: 0x400
services:
  - name: TWIN
    sid: 0x0000FE40
    non_secure_clients: true
    connection_based: false
YAML
cat >"$ext/twin/spmsim.mk" <<'MK'
PARTITION_SRCS := test/shared.c
PARTITION_INCLUDES := test
MK
cat >"$ext/twin/test/shared.h" <<'SRC'
extern int shared_count;
int shared_bump(void);
SRC
cat >"$ext/twin/test/shared.c" <<'SRC'
#include "shared.h"

int shared_count = 100;

int shared_bump(void)
{
	return ++shared_count;
}
SRC
cat >"$ext/twin/twin.c" <<'SRC'
#include <stdlib.h>
#include <psa/service.h>
#include "psa_manifest/twin.h"
#include "shared.h"

/* Its own copy of shared.c's globals, and its own heap of 0x400 bytes. */
static void answer(const psa_msg_t *msg)
{
	int r[3];
	void *small = malloc(0x100), *big = malloc(0x10000);

	r[0] = shared_bump();
	r[1] = shared_count;
	r[2] = small != NULL && big == NULL;
	free(small);
	free(big);
	if (msg->out_size[0] == sizeof(r))
		psa_write(msg->handle, 0, r, sizeof(r));
}

void twin_main(void)
{
	psa_msg_t msg;

	for (;;) {
		if (psa_wait(PSA_WAIT_ANY, PSA_BLOCK) & TWIN_SIGNAL) {
			psa_get(TWIN_SIGNAL, &msg);
			answer(&msg);
			psa_reply(msg.handle, PSA_SUCCESS);
		}
	}
}
SRC
cat >"$ext/twin/test/main.c" <<'SRC'
#include <stdio.h>
#include <psa/client.h>
#include "psa_manifest/sid.h"
#include "spmsim/spmsim.h"
#include "shared.h"

static int r[3];
static psa_status_t status;

static void ns(void *arg)
{
	psa_outvec out = {r, sizeof(r)};

	(void)arg;
	shared_bump();
	shared_bump();
	status = psa_call(TWIN_HANDLE, PSA_IPC_CALL, NULL, 0, &out, 1);
}

int main(void)
{
	struct spmsim_config cfg = {.isolation_level = 2};

	if (spmsim_boot(&cfg) != PSA_SUCCESS) {
		fprintf(stderr, "boot: %s\n", spmsim_error());
		return 1;
	}
	if (spmsim_run_ns(ns, NULL) != SPMSIM_EXIT_RETURNED || status != PSA_SUCCESS)
		return 1;
	printf("ns %d partition %d %d heap %d\n", shared_count, r[0], r[1], r[2]);
	spmsim_shutdown();
	return 0;
}
SRC
printf 'manifest_list:\n  - manifest: twin/twin.yaml\n' >"$ext/list.yaml"
extra="EXTRA_MANIFEST_LIST_FILES=$ext/list.yaml EXTRA_PARTITION_PATHS=$ext/twin SPMSIM_SAMPLES=no"
bin=$src/build/ns/twin
part=$src/build/main/part/SP_TWIN.o

tap_ok "a source compiled into a partition and its non-secure program links" \
	bash -c "$m build/ns/twin $extra > $tmp/build.log 2>&1 || { tail -20 $tmp/build.log; false; }"
tap_ok "each side uses its own copy of the shared globals, at level 2 in trap mode" \
	bash -c "out=\$($bin); echo \"\$out\"; [ \"\$out\" = 'ns 102 partition 101 101 heap 1' ]"
tap_ok "the partition image exports only its entry point" \
	bash -c "nm -g --defined-only $part | awk '{print \$3}' | tr '\n' ' ' | grep -qx 'twin_main '"
tap_ok "its references to the PSA API and the heap stay undefined" \
	bash -c "nm -u $part > $tmp/undef && grep -qx ' *U psa_reply' $tmp/undef &&
		grep -qx ' *U sim_heap_malloc' $tmp/undef && ! grep -qx ' *U malloc' $tmp/undef"
tap_ok "the veneers apply to partition code (--wrap)" \
	bash -c "objdump -d --no-show-raw-insn $bin | awk '/<twin_main>:/,/^\$/' | grep -q 'call.*<__wrap_psa_reply>'"
tap_ok "the non-secure image exports only main" \
	bash -c "nm -g --defined-only $bin.ns.o | awk '{print \$3}' | tr '\n' ' ' | grep -qx 'main '"
tap_ok "both copies keep their names as local symbols" \
	bash -c "[ \$(nm $bin | grep -c ' t shared_bump\$') = 2 ] && [ \$(nm $bin | grep -c ' d shared_count\$') = 2 ]"
if command -v gdb >/dev/null; then
	# The non-secure side's two calls stop in its copy, the service's in
	# the partition's: one name, two local functions, each found.
	tap_ok "gdb finds both local copies by name and stops in the partition's" \
		bash -c "gdb -nx -batch -ex 'break shared_bump' -ex run -ex c -ex c -ex bt $bin > $tmp/gdb 2>&1 &&
			grep -q 'shared_bump. (2 locations)' $tmp/gdb && grep -q 'in answer .* at .*twin/twin.c' $tmp/gdb"
else
	tap_skip "gdb finds both local copies by name and stops in the partition's" "gdb not installed"
fi
tap_ok "the spmsim command is no non-secure image: nothing of it is reloaded on reset" \
	bash -c "! objdump -h build/spmsim | grep -q spmsim_ns_image"
tap_done
