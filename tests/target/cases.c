/*
 * The target stage's cases (see cases.h): the client API and its
 * programmer-error rules as the non-secure side meets them, the sample
 * partitions, an interrupt-driven partition (SLIH and FLIH), and isolation
 * faults: the fault lab (application-RoT) writing
 * into the key-value store's data (PSA-RoT: a fault from level 2) and into
 * the echo partition's (application-RoT: a fault at level 3), and the
 * non-secure side reading secure memory (a SecureFault at every level);
 * and an application-RoT partition attacking the SPM's way back from its
 * calls (SP_STACK_SMASH: no effect, or a panic of its own); and a
 * first-level handler of an application-RoT partition (SP_IRQ's PROBE)
 * that signals, writes into PSA-RoT data and into another application-RoT
 * partition's, writes an MPU register, returns a result that is neither
 * of FF-M's, and makes a PSA call: it runs under its partition's boundary and,
 * above level 1, unprivileged.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

#include <psa/client.h>

#include "psa_manifest/pid.h"
#include "psa_manifest/sid.h"

#include "../../partitions/counter/counter_api.h"
#include "../../partitions/echo/echo_api.h"
#include "../../partitions/kv_store/ns/kv_client.h"
#include "../../partitions/settings/settings_api.h"
#include "../../scenarios/partitions/fault_lab/fault_lab_api.h"
#include "irq_sp/irq_sp_api.h"
#include "stack_smash/stack_smash_api.h"

/** A SID no partition has. */
#define TC_NO_SID 0x0000DEADu

static void outcome(const char *name, const char *what, long value)
{
	printf("case %s: %s %ld\n", name, what, value);
}

static void framework_version(void)
{
	outcome("framework_version", "version", (long)psa_framework_version());
}

static void version_known(void)
{
	outcome("version_known", "version", (long)psa_version(KV_STORE_SID));
}

static void version_unknown(void)
{
	outcome("version_unknown", "version", (long)psa_version(TC_NO_SID));
}

static void connect_unknown_sid(void)
{
	outcome("connect_unknown_sid", "status",
	        (long)psa_connect(TC_NO_SID, 1));
}

static void call_bad_handle(void)
{
	outcome("call_bad_handle", "status",
	        (long)psa_call((psa_handle_t)0x1234, PSA_IPC_CALL, NULL, 0,
	                       NULL, 0));
}

static void call_too_many_vectors(void)
{
	uint8_t b = 0;
	psa_invec in[PSA_MAX_IOVEC + 1] = {
	        {&b, 1}, {&b, 1}, {&b, 1}, {&b, 1}, {&b, 1}};

	outcome("call_too_many_vectors", "status",
	        (long)psa_call(KV_STORE_HANDLE, 1, in, PSA_MAX_IOVEC + 1, NULL,
	                       0));
}

static void call_vector_in_secure_memory(void)
{
	uint32_t key = 9;
	psa_invec in[2] = {{&key, sizeof(key)},
	                   {tc_partition_data("SP_KV_STORE", SP_KV_STORE), 4}};

	outcome("call_vector_in_secure_memory", "status",
	        (long)psa_call(KV_STORE_HANDLE, 1, in, 2, NULL, 0));
}

static void kv_set_get(void)
{
	static const char value[] = "hello, secure world";
	char buf[32] = {0};
	size_t len = 0;
	psa_status_t set = kv_set(1, value, sizeof(value));
	psa_status_t get = kv_get(1, buf, sizeof(buf), &len);

	printf("case kv_set_get: status %ld %ld, \"%s\" (%u bytes)\n",
	       (long)set, (long)get, buf, (unsigned)len);
}

static void settings_set_get(void)
{
	uint32_t id = 7, value = 0x1234, back = 0;
	psa_invec in[2] = {{&id, sizeof(id)}, {&value, sizeof(value)}};
	psa_outvec out[1] = {{&back, sizeof(back)}};
	psa_status_t set =
	        psa_call(SETTINGS_HANDLE, SETTINGS_SET, in, 2, NULL, 0);
	psa_status_t get =
	        psa_call(SETTINGS_HANDLE, SETTINGS_GET, in, 1, out, 1);

	printf("case settings_set_get: status %ld %ld, value 0x%lx\n",
	       (long)set, (long)get, (unsigned long)back);
}

static void counter_skip(void)
{
	printf("case counter_connection: skip: the counter is an IPC-model "
	       "partition, which the SFN backend cannot run\n");
}

/* The counter is an IPC-model partition: an SFN build leaves it out. */
#ifdef COUNTER_SID
static void counter_connection(void)
{
	uint32_t step = 5, result = 0;
	psa_invec in[1] = {{&step, sizeof(step)}};
	psa_outvec out[1] = {{&result, sizeof(result)}};
	psa_handle_t h;
	psa_status_t add;

	if (psa_version(COUNTER_SID) == PSA_VERSION_NONE) {
		counter_skip();
		return;
	}
	h = psa_connect(COUNTER_SID, 1);
	add = psa_call(h, COUNTER_INCREMENT, in, 1, out, 1);
	psa_close(h);
	printf("case counter_connection: connected %d, status %ld, "
	       "counter %lu, after close %ld\n",
	       h > 0, (long)add, (unsigned long)result,
	       (long)psa_call(h, COUNTER_INCREMENT, in, 1, out, 1));
}
#else
static void counter_connection(void)
{
	counter_skip();
}
#endif

static void echo_both_models(void)
{
	static const char ping[] = "ping";
	char back[8] = {0};
	uint32_t model = 0;
	psa_invec in[1] = {{ping, sizeof(ping)}};
	psa_outvec out[2] = {{back, sizeof(back)}, {&model, sizeof(model)}};
	psa_handle_t h = psa_connect(ECHO_SID, 1);
	psa_status_t call = psa_call(h, PSA_IPC_CALL, in, 1, out, 2);

	psa_close(h);
	printf("case echo_both_models: status %ld, \"%s\", model %lu\n",
	       (long)call, back, (unsigned long)model);
}

static void interrupts_skip(void)
{
	printf("case interrupts: skip: the interrupt-driven partition is an "
	       "IPC-model partition, which the SFN backend cannot run\n");
}

/* SP_IRQ (irq_sp/) is an IPC-model partition too. */
#ifdef IRQ_COUNT_SID
/** SP_IRQ's counts: ticks handled, KICK handler runs, KICK signals. */
static void irq_counts(uint32_t counts[3])
{
	psa_outvec out[1] = {{counts, 3 * sizeof(uint32_t)}};

	(void)psa_call(IRQ_COUNT_HANDLE, PSA_IPC_CALL, NULL, 0, out, 1);
}

/*
 * Each interrupt is followed by a call, an entry to the SPM where the
 * partition made ready by the interrupt runs (it outranks the NS side).
 */
static void interrupts(void)
{
	uint32_t c[3] = {0}, after_tick[3] = {0};

	if (psa_version(IRQ_COUNT_SID) == PSA_VERSION_NONE) {
		interrupts_skip();
		return;
	}
	for (int i = 0; i < 3; i++) {
		tc_irq_raise(60);
		irq_counts(after_tick);
	}
	for (int i = 0; i < 2; i++) {
		tc_irq_raise(61);
		irq_counts(c);
	}
	printf("case interrupts: after 3 TICKs: %lu handled; after 2 KICKs: "
	       "%lu ticks, %lu handler runs, %lu signals\n",
	       (unsigned long)after_tick[0], (unsigned long)c[0],
	       (unsigned long)c[1], (unsigned long)c[2]);
}

/*
 * Asks PROBE's first-level handler for @action at @where, raises its
 * interrupt and prints what the partition saw (or the panic, by the glue).
 */
static void flih_probe(const char *name, int32_t action, const void *where)
{
	uint64_t address = (uint64_t)(uintptr_t)where;
	uint32_t c[3] = {0};
	psa_invec in[1] = {{&address, sizeof(address)}};
	psa_outvec out[1] = {{c, sizeof(c)}};

	if (psa_version(IRQ_PROBE_SID) == PSA_VERSION_NONE) {
		printf("case %s: skip: the interrupt-driven partition is an "
		       "IPC-model partition, which the SFN backend cannot "
		       "run\n",
		       name);
		return;
	}
	(void)psa_call(IRQ_PROBE_HANDLE, action, in, 1, NULL, 0);
	tc_irq_raise(IRQ_PROBE_LINE);
	(void)psa_call(IRQ_PROBE_HANDLE, IRQ_PROBE_QUERY, NULL, 0, out, 1);
	if (c[2] == IRQ_PROBE_HOST) {
		printf("case %s: skip: %s\n", name,
		       action == IRQ_PROBE_ACT_MPU
		               ? "the Cortex-M33's system registers are not "
		                 "in the host's partition address space"
		               : "the host lets a first-level handler make "
		                 "the PSA calls that do not block");
		return;
	}
	printf("case %s: handler runs %lu, signals %lu\n", name,
	       (unsigned long)c[0], (unsigned long)c[1]);
}
#else
static void interrupts(void)
{
	interrupts_skip();
}

static void flih_probe(const char *name, int32_t action, const void *where)
{
	(void)action;
	(void)where;
	printf("case %s: skip: the interrupt-driven partition is an "
	       "IPC-model partition, which the SFN backend cannot run\n",
	       name);
}
#endif

static void flih_signals(void)
{
	flih_probe("flih_signals", IRQ_PROBE_ACT_SIGNAL, NULL);
}

static void flih_stray_write_psa_rot(void)
{
	flih_probe("flih_stray_write_psa_rot", IRQ_PROBE_ACT_WRITE,
	           tc_partition_data("SP_KV_STORE", SP_KV_STORE));
}

static void flih_stray_write_app_rot(void)
{
	flih_probe("flih_stray_write_app_rot", IRQ_PROBE_ACT_WRITE,
	           tc_partition_data("SP_ECHO", SP_ECHO));
}

static void flih_writes_mpu(void)
{
	flih_probe("flih_writes_mpu", IRQ_PROBE_ACT_MPU, NULL);
}

static void flih_bad_result(void)
{
	flih_probe("flih_bad_result", IRQ_PROBE_ACT_BAD_RESULT, NULL);
}

static void flih_psa_call(void)
{
	flih_probe("flih_psa_call", IRQ_PROBE_ACT_PSA_CALL, NULL);
}

/** Asks the fault lab for misbehaviour @type, with @where as in_vec[0]. */
static psa_status_t fault_lab(int32_t type, const void *where)
{
	uint64_t addr = (uint64_t)(uintptr_t)where;
	psa_invec in[1] = {{&addr, sizeof(addr)}};

	return psa_call(FAULT_LAB_SFN_HANDLE, type, in, 1, NULL, 0);
}

static void service_panics(void)
{
	outcome("service_panics", "status",
	        (long)fault_lab(FAULT_LAB_PANIC, NULL));
}

static void service_bad_handle(void)
{
	outcome("service_bad_handle", "status",
	        (long)fault_lab(FAULT_LAB_BAD_HANDLE, NULL));
}

static void stray_write_psa_rot(void)
{
	outcome("stray_write_psa_rot", "status",
	        (long)fault_lab(FAULT_LAB_STRAY_WRITE,
	                        tc_partition_data("SP_KV_STORE", SP_KV_STORE)));
}

static void stray_write_app_rot(void)
{
	outcome("stray_write_app_rot", "status",
	        (long)fault_lab(FAULT_LAB_STRAY_WRITE,
	                        tc_partition_data("SP_ECHO", SP_ECHO)));
}

static void ns_reads_secure(void)
{
	const volatile uint8_t *p =
	        tc_partition_data("SP_KV_STORE", SP_KV_STORE);

	outcome("ns_reads_secure", "read", (long)*p);
}

/** Asks SP_STACK_SMASH for request @type; its status. */
static psa_status_t stack_smash(int32_t type)
{
	return psa_call(STACK_SMASH_HANDLE, type, NULL, 0, NULL, 0);
}

/** Prints case @name's skip line when SP_STACK_SMASH did not attack. */
static bool stack_smash_skipped(const char *name, psa_status_t status)
{
	if (status == STACK_SMASH_PRIVILEGED) {
		printf("case %s: skip: partition code runs privileged at this "
		       "isolation level: there is no privilege to gain\n",
		       name);
	} else if (status == STACK_SMASH_HOST) {
		printf("case %s: skip: the attack is the Cortex-M33's (on the "
		       "host the SPM's frames for a partition lie on that "
		       "partition's stack in the simulator's own process)\n",
		       name);
	} else {
		return false;
	}
	return true;
}

/*
 * The partition rewrites its stack above its stack pointer and its
 * registers with an address in the SPM's code between two PSA calls, and
 * returns: the call's status, a second call's, and a connection made
 * before, which the target (conn_pool_clear()) would have closed.
 */
static void smash_own_stack(void)
{
	static const char ping[] = "ok";
	char back[8] = {0};
	uint32_t model = 0;
	psa_invec in[1] = {{ping, sizeof(ping)}};
	psa_outvec out[2] = {{back, sizeof(back)}, {&model, sizeof(model)}};
	psa_handle_t echo = psa_connect(ECHO_SID, 1);
	psa_status_t smash = stack_smash(STACK_SMASH_SMASH);
	psa_status_t ping_status, echo_status;

	if (stack_smash_skipped("smash_own_stack", smash)) {
		psa_close(echo);
		return;
	}
	ping_status = stack_smash(STACK_SMASH_PING);
	echo_status = psa_call(echo, PSA_IPC_CALL, in, 1, out, 2);
	psa_close(echo);
	printf("case smash_own_stack: status %ld, then %ld; a connection "
	       "made before: status %ld, \"%s\"\n",
	       (long)smash, (long)ping_status, (long)echo_status, back);
}

static void forge_spm_return(void)
{
	psa_status_t s = stack_smash(STACK_SMASH_FORGE_RETURN);

	if (!stack_smash_skipped("forge_spm_return", s)) {
		outcome("forge_spm_return", "status", (long)s);
	}
}

static void forge_spm_call(void)
{
	psa_status_t s = stack_smash(STACK_SMASH_FORGE_CALL);

	if (!stack_smash_skipped("forge_spm_call", s)) {
		outcome("forge_spm_call", "status", (long)s);
	}
}

const struct tc_case tc_cases[] = {
        {"framework_version", framework_version},
        {"version_known", version_known},
        {"version_unknown", version_unknown},
        {"connect_unknown_sid", connect_unknown_sid},
        {"call_bad_handle", call_bad_handle},
        {"call_too_many_vectors", call_too_many_vectors},
        {"call_vector_in_secure_memory", call_vector_in_secure_memory},
        {"kv_set_get", kv_set_get},
        {"settings_set_get", settings_set_get},
        {"counter_connection", counter_connection},
        {"echo_both_models", echo_both_models},
        {"interrupts", interrupts},
        {"flih_signals", flih_signals},
        {"flih_stray_write_psa_rot", flih_stray_write_psa_rot},
        {"flih_stray_write_app_rot", flih_stray_write_app_rot},
        {"flih_writes_mpu", flih_writes_mpu},
        {"flih_bad_result", flih_bad_result},
        {"flih_psa_call", flih_psa_call},
        {"service_panics", service_panics},
        {"service_bad_handle", service_bad_handle},
        {"stray_write_psa_rot", stray_write_psa_rot},
        {"stray_write_app_rot", stray_write_app_rot},
        {"ns_reads_secure", ns_reads_secure},
        {"smash_own_stack", smash_own_stack},
        {"forge_spm_return", forge_spm_return},
        {"forge_spm_call", forge_spm_call},
};
const unsigned tc_n_cases = sizeof(tc_cases) / sizeof(tc_cases[0]);

void tc_print_panic(const char *name, const struct tc_panic *p)
{
	printf("case %s: panic %s (%ld), cause %lu, %s", name, p->partition,
	       (long)p->partition_id, (unsigned long)p->cause, p->kind);
	/* The region of an MPU fault: QEMU gives no SecureFault address. */
	if (strcmp(p->kind, "MemManage") == 0) {
		printf(" in %s", p->region);
	}
	printf(", level %lu\n", (unsigned long)p->isolation_level);
}
