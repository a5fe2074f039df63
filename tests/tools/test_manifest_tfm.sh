# The manifest compiler on manifests and lists in TF-M's own shapes
# (tests/manifest/tfm/): each compiled under both backends and the three
# isolation levels, with the outcome TF-M's generator gives (accepted, or
# refused with the rule); where spmsim's backend cannot run what TF-M
# accepts, the refusal names the partition and the backend.
. tests/tools/tap.sh

tool=$PWD/build/spm-manifest
fx=$PWD/tests/manifest/tfm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The configuration TF-M's build would give, and the tree's variables.
config="-D TFM_PARTITION_PLATFORM -D TFM_PARTITION_INTERNAL_TRUSTED_STORAGE
	-D TFM_PARTITION_CRYPTO=ON -D TEST_S_SPM=1 -D TFM_PARTITION_NS_AGENT_MAILBOX
	--var TFM_ROOT_DIR=$fx/root --var TFM_BINARY_DIR=$tmp/bin
	--var TFM_TEST_REPO_PATH=$fx/tests_repo --platform $fx/platform.yaml"
tfm_lists="$fx/root/tools/tfm_manifest_list.yaml $fx/tests_repo/tfm_test_manifest_list.yaml"

# run OUT BACKEND LEVEL LISTS...: compiles from the source root (TF-M's
# generator resolves paths there when they are not beside the list).
run()
{
	local out=$1 backend=$2 level=$3
	shift 3
	(cd "$fx/root" && "$tool" --backend "$backend" --isolation "$level" \
		$config -o "$out" "$@") >"$out.log" 2>&1
}

# accepted OUT BACKEND LEVEL LISTS...: exit 0 and the outputs written.
accepted()
{
	run "$@" || { cat "$1.log"; return 1; }
	[ -f "$1/load_table.c" ] || { echo "no $1/load_table.c"; return 1; }
}

# refused PATTERN OUT BACKEND LEVEL LISTS...: exit 2, PATTERN in the
# messages, nothing written.
refused()
{
	local pattern=$1 rc
	shift
	run "$@"
	rc=$?
	[ $rc -eq 2 ] || { echo "exit status $rc, want 2"; cat "$1.log"; return 1; }
	grep -qE "$pattern" "$1.log" || { echo "no /$pattern/ in:"; cat "$1.log"; return 1; }
	[ ! -e "$1" ] || { echo "$1 was written"; return 1; }
}

sfn_level_rule="error: isolation level [23] requires the IPC backend"

# ---- TF-M's list and a test repository's list: SFN-capable partitions.
for level in 1 2 3; do
	tap_ok "TF-M-shaped lists: accepted under IPC at level $level" \
		accepted "$tmp/ipc$level" IPC $level $tfm_lists
done
tap_ok "TF-M-shaped lists: accepted under SFN at level 1" \
	accepted "$tmp/sfn1" SFN 1 $tfm_lists
for level in 2 3; do
	tap_ok "TF-M-shaped lists: SFN at level $level refused, as TF-M does" \
		refused "$sfn_level_rule" "$tmp/sfn$level" SFN $level $tfm_lists
done

h=psa_manifest/tfm_internal_trusted_storage.h
tap_ok "model dual: IPC under the IPC backend" \
	grep -qE '^#define TFM_SP_ITS_MODEL_IPC +1$' "$tmp/ipc1/$h"
tap_ok "model dual: SFN under the SFN backend, with its service function" \
	bash -c "grep -qE '^#define TFM_SP_ITS_MODEL_SFN +1$' $tmp/sfn1/$h &&
		grep -q 'tfm_internal_trusted_storage_service_sfn(const psa_msg_t' $tmp/sfn1/$h"
tap_ok "model dual: the entry the model needs is the table's" \
	bash -c "grep -q '.entry_point = tfm_its_entry,' $tmp/ipc1/load_table.c &&
		grep -q '.entry_init = tfm_its_entry,' $tmp/sfn1/load_table.c"
tap_ok "sizes given as macros are written into the load table as given" \
	bash -c "grep -q '.stack_size = (CRYPTO_STACK_SIZE),' $tmp/ipc1/load_table.c &&
		grep -q '.stack_size = (PLATFORM_SP_STACK_SIZE),' $tmp/sfn1/load_table.c"

# compile_table DIR [CFLAGS...]: load_table.c as the SPM's build compiles it.
compile_table()
{
	local dir=$1
	shift
	gcc -std=gnu11 -Wall -Wextra -Werror -pedantic -Iinclude -Ispm_core \
		-I"$dir" "$@" -c "$dir/load_table.c" -o "$dir/load_table.o"
}
for d in ipc1 ipc3 sfn1; do
	tap_ok "load_table.c ($d) compiles with the tree's config_tfm.h" \
		compile_table "$tmp/$d" -I"$fx/root/config"
done
tap_ok "a size macro nothing defines stops the build, naming it" \
	bash -c "! gcc -std=gnu11 -Iinclude -Ispm_core -I$tmp/ipc1 -c $tmp/ipc1/load_table.c -o $tmp/x.o 2>$tmp/x.log &&
		grep -q 'stack_size of partition TFM_SP_CRYPTO is CRYPTO_STACK_SIZE' $tmp/x.log"
# with_include: --include HEADER lands in load_table.c.
with_include()
{
	(cd "$fx/root" && "$tool" $config --include config_tfm.h -o "$tmp/inc" \
		$tfm_lists) >/dev/null 2>&1 &&
		grep -q '^#include "config_tfm.h"$' "$tmp/inc/load_table.c"
}
tap_ok "--include HEADER puts the configuration into load_table.c" with_include
for d in ipc1 sfn1; do
	tap_ok "an entry defined as void f(void *param) compiles ($d headers)" \
		gcc -std=gnu11 -Wall -Wextra -Werror -Iinclude -I"$tmp/$d" -c \
		"$fx/root/secure_fw/partitions/internal_trusted_storage/its_entry.c" \
		-o "$tmp/its_$d.o"
done
tap_ok "automatic PIDs follow the highest explicit one, as TF-M's" \
	grep -qE '^#define TFM_SP_SFN_TEST +\(301\)$' "$tmp/ipc1/psa_manifest/pid.h"
tap_ok "entries whose conditional is off or undefined are left out" \
	bash -c "! grep -q TFM_SP_FWU $tmp/ipc1/psa_manifest/pid.h &&
		! grep -q not_there $tmp/ipc1.log"
tap_ok "weak dependencies: kept when provided, dropped when not" \
	bash -c "grep -q '0x00000040U, /\* TFM_PLATFORM_SERVICE \*/' $tmp/ipc1/load_table.c &&
		! grep -q ATTESTATION $tmp/ipc1/load_table.c"
tap_ok "old list keys (name, short_name, tfm_partition_ipc) are warned about with their place" \
	grep -qE 'tfm_test_manifest_list.yaml:12:7: warning: unknown manifest list entry attribute .short_name. ignored' "$tmp/ipc1.log"
tap_ok "MM-IOVEC above level 1: a warning at the attribute, as TF-M runs it without" \
	grep -qE 'tfm_crypto.yaml:18:7: warning: service .TFM_CRYPTO.: MM-IOVEC is not available at isolation level 2' "$tmp/ipc2.log"
tap_ok "MM-IOVEC at level 1: no warning" \
	bash -c "! grep -q MM-IOVEC $tmp/ipc1.log"

# ---- IPC-only partitions: FF-M 1.0 JSON with IRQ descriptions, NS agents.
drivers=$fx/drivers/drivers_list.yaml
for level in 1 2 3; do
	tap_ok "drivers and NS agents: accepted under IPC at level $level" \
		accepted "$tmp/drv$level" IPC $level $drivers
done
tap_ok "drivers under SFN: refused, naming the IPC-model partition" \
	refused "tfm_driver_10.json:2:.*partition 'TFM_SP_DRIVER' uses the IPC model" \
	"$tmp/drvsfn1" SFN 1 $drivers
for level in 2 3; do
	tap_ok "drivers under SFN at level $level: refused by the level rule" \
		refused "$sfn_level_rule" "$tmp/drvsfn$level" SFN $level $drivers
done
tap_ok "FF-M 1.0 IRQ signals are the manifest's names" \
	grep -qE '^#define DRIVER_TIMER0_SIG +\(0x80000000U\)$' "$tmp/drv1/psa_manifest/tfm_driver_10.h"
tap_ok "client_id_base/limit of an IRQ: accepted, and reported as unused" \
	grep -qE 'ns_agent_mailbox.yaml:[0-9]+:7: warning: attribute .client_id_base. is accepted but not used' "$tmp/drv1.log"
tap_ok "client_id_base/limit of the partition: used, no warning" \
	bash -c "! grep -qE 'ns_agent_mailbox.yaml:10:3: warning' $tmp/drv1.log"
tap_ok "ns_agent (registered) and the client id range reach the load table" \
	bash -c "grep -A3 '.ns_agent = true' $tmp/drv1/load_table.c | grep -q 'client_id_base = -67174399' && grep -A3 '.ns_agent = true' $tmp/drv1/load_table.c | grep -q 'client_id_limit = -67108864'"
tap_ok "a TF-M partition (PID below 256) may have no service and no IRQ" \
	grep -qE '^#define TFM_NS_AGENT_TZ +\(1\)$' "$tmp/drv1/psa_manifest/pid.h"

# ---- What TF-M refuses too, under every backend and level it reaches.
bad=$fx/bad
# bad_case NAME PATTERN [SFN_PATTERN]: refused everywhere (SFN_PATTERN at
# SFN level 1 when the message differs there).
bad_case()
{
	local name=$1 pattern=$2 sfn=${3:-$2} level
	for level in 1 2 3; do
		tap_ok "$name: refused under IPC at level $level" \
			refused "$pattern" "$tmp/bad_$name$level" IPC $level "$bad/list_$name.yaml"
	done
	tap_ok "$name: refused under SFN" \
		refused "$sfn" "$tmp/bad_${name}sfn" SFN 1 "$bad/list_$name.yaml"
}
bad_case unregistered "unregistered.yaml:4:1: error: unknown partition attribute 'ns_agent'"
bad_case client_id_positive "client_id_positive.yaml:7:17: error: attribute 'client_id_base' must be a 32-bit negative integer"
bad_case client_id_range "client_id_range.yaml:8:18: error: client_id_limit -67174399 is below client_id_base -67108864"
bad_case client_id_irq_range "client_id_irq_range.yaml:14:22: error: the IRQ's client ids -83951615..-67108864 exceed its partition's -67174399..-67108864"
bad_case irq_unknown_attribute "error: unknown IRQ attribute 'mbox_flags'"
bad_case size_not_c "size_not_c.yaml:5:13: error: attribute 'stack_size' must be an integer \(decimal or 0x-hex\) or a C constant expression"
bad_case unset_variable "list_unset_variable.yaml:2:15: error: undefined variable 'TFM_UNSET_ROOT'"
for level in 1 2 3; do
	tap_ok "model dual without entry_point: refused under IPC at level $level" \
		refused "dual_no_entry_point.yaml:4:1: error: partition 'TFM_SP_DUAL_HALF' has 'model: dual' and no 'entry_point'" \
		"$tmp/dualno$level" IPC $level "$bad/list_dual_no_entry_point.yaml"
done
tap_ok "model dual without entry_point: accepted under SFN, as TF-M does" \
	accepted "$tmp/dualnosfn" SFN 1 "$bad/list_dual_no_entry_point.yaml"

# ---- A list of a TF-M release before 1.7 (the Library model's attributes).
for backend in IPC SFN; do
	tap_ok "legacy secure_functions and tfm_irq_priority: accepted under $backend" \
		accepted "$tmp/legacy$backend" $backend 1 "$fx/legacy/legacy_list.yaml"
done
tap_ok "legacy attributes: each warned about at its place" bash -c "
	grep -qE 'legacy_sp.json:9:3: warning: .secure_functions. is an attribute of TF-M releases before 1.7' '$tmp/legacyIPC.log' &&
	grep -qE 'legacy_sp.json:34:7: warning: .tfm_irq_priority. is an attribute of TF-M releases before 1.7' '$tmp/legacyIPC.log'"

tap_done
