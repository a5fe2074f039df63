/*
 * Whatever a partition's code does to memory, the simulator survives: a
 * stack overflow into the guard page, a null pointer, a jump into data. Each
 * becomes a recorded MemManage fault of the partition that did it (address,
 * access, region), the system resets, and the next call works. On both
 * backends.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <valgrind/valgrind.h>

#include "load_table.h"
#include "psa/client.h"
#include "psa/service.h"
#include "spmsim/spmsim.h"
#include "spmsim/trace.h"

#include "fixture.h"

enum { OP_OK, OP_OVERFLOW, OP_NULL_WRITE, OP_JUMP_TO_DATA };

#define H_FAULTY     ((psa_handle_t)(0x40000000 | (1 << 8) | 0))
#define H_FAULTY_IPC ((psa_handle_t)(0x40000000 | (1 << 8) | 1))

/* Kept in memory so the compiler cannot see what they are. */
static volatile int depth_limit = 1 << 30;
static volatile uintptr_t small_address = 8;

/** Recurses with a frame the compiler cannot drop, until the guard page. */
static int __attribute__((noinline)) recurse(int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	if (depth > depth_limit) {
		return 0;
	}
	return recurse(depth + 1) + frame[0];
}

static const uint8_t not_code[16] = {0};

/** The behaviour menu both partitions share. */
static psa_status_t misbehave(int32_t type)
{
	switch (type) {
	case OP_OVERFLOW:
		return recurse(0);
	case OP_NULL_WRITE:
		*(volatile int *)small_address = 1;
		return PSA_ERROR_GENERIC_ERROR;
	case OP_JUMP_TO_DATA:
		((void (*)(void))(uintptr_t)not_code)();
		return PSA_ERROR_GENERIC_ERROR;
	default:
		return PSA_SUCCESS;
	}
}

static psa_status_t faulty_sfn(const psa_msg_t *msg)
{
	return misbehave(msg->type);
}

static void faulty_main(void)
{
	psa_msg_t msg;

	for (;;) {
		psa_wait(0x10, PSA_BLOCK);
		if (psa_get(0x10, &msg) == PSA_SUCCESS) {
			psa_reply(msg.handle, misbehave(msg.type));
		}
	}
}

static const struct spm_service_desc sfn_svcs[] = {
        {.name = "FAULTY",
         .sid = 0x5000,
         .signal = 0x10,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 1,
         .sfn = faulty_sfn},
};
static const struct spm_service_desc ipc_svcs[] = {
        {.name = "FAULTY_IPC",
         .sid = 0x5001,
         .signal = 0x10,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 2},
};
static const struct spm_partition_desc parts[] = {
        {.name = "SP_FAULTY",
         .pid = 500,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .model = SPM_MODEL_SFN,
         .stack_size = 4096,
         .services = sfn_svcs,
         .n_services = 1},
        {.name = "SP_FAULTY_IPC",
         .pid = 501,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_APPLICATION_ROT,
         .model = SPM_MODEL_IPC,
         .entry_point = faulty_main,
         .stack_size = 4096,
         .services = ipc_svcs,
         .n_services = 1},
};
static const struct spm_load_table table_ipc = {SPM_LOAD_TABLE_VERSION, 2,
                                                parts};
static const struct spm_load_table table_sfn = {SPM_LOAD_TABLE_VERSION, 1,
                                                parts};

static int boot(void **state)
{
	/*
	 * These faults are deliberate; Valgrind's memcheck reports each one
	 * as an invalid access, which is what it is there for. So under
	 * memcheck the cases skip themselves (see the runs without it).
	 */
	if (RUNNING_ON_VALGRIND) {
		return 0;
	}
	return fixture_boot(state, &table_ipc, &table_sfn);
}

static psa_status_t last;

static void ns_call(void *arg)
{
	int32_t op = (int32_t)(intptr_t)arg;
	bool ipc = spmsim_backend() == SPMSIM_BACKEND_IPC;

	last = psa_call(ipc ? H_FAULTY_IPC : H_FAULTY, op, NULL, 0, NULL, 0);
}

/** Skips a deliberate fault under Valgrind (see boot()). */
static void skip_under_valgrind(void)
{
	if (RUNNING_ON_VALGRIND) {
		skip();
	}
}

/** Runs @op, expects a fault of the service's partition, then a good call. */
static struct spmsim_panic fault_of(int32_t op)
{
	struct spmsim_counters c;
	struct spmsim_panic p;

	skip_under_valgrind();
	assert_int_equal(spmsim_run_ns(ns_call, (void *)(intptr_t)op),
	                 SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
	assert_string_equal(p.fault.type, "MemManage");
	assert_string_equal(p.partition, spmsim_backend() == SPMSIM_BACKEND_IPC
	                                         ? "SP_FAULTY_IPC"
	                                         : "SP_FAULTY");
	spmsim_get_counters(&c);
	assert_int_equal(c.resets, 1);
	/* The system works again after the reset. */
	assert_int_equal(spmsim_run_ns(ns_call, (void *)(intptr_t)OP_OK),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(last, PSA_SUCCESS);
	return p;
}

static void test_stack_overflow_hits_the_guard_page(void **state)
{
	struct spmsim_panic p = fault_of(OP_OVERFLOW);

	(void)state;
	assert_string_equal(p.fault.access, "write");
	assert_non_null(strstr(p.fault.region, "guard page"));
}

static void test_null_pointer_write(void **state)
{
	struct spmsim_panic p = fault_of(OP_NULL_WRITE);

	(void)state;
	assert_int_equal(p.fault.address, 8);
	assert_string_equal(p.fault.access, "write");
	assert_non_null(strstr(p.fault.region, "null page"));
}

static void test_jump_into_data(void **state)
{
	struct spmsim_panic p = fault_of(OP_JUMP_TO_DATA);

	(void)state;
	/* Constants lie in the shared image: reported at their simulated
	 * address there, the host address beside it. */
	assert_int_equal(p.fault.host_address, (uintptr_t)not_code);
	assert_in_range(p.fault.address, 0x28000000u, 0x2FFFFFFFu);
	assert_non_null(strstr(p.fault.region, "code"));
	assert_string_equal(p.fault.access, "execute");
}

static void ns_null_read(void *arg)
{
	(void)arg;
	last = *(volatile int *)(small_address + 8);
}

static void test_non_secure_fault_is_recorded(void **state)
{
	struct spmsim_panic p;

	(void)state;
	skip_under_valgrind();
	assert_int_equal(spmsim_run_ns(ns_null_read, NULL), SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
	assert_string_equal(p.partition, "non-secure");
	assert_string_equal(p.fault.access, "read");
}

/** The kinds and details of a traced run's events, in order. */
static struct {
	enum spmsim_trace_kind kind;
	char track[24], name[24], detail[128];
	uint64_t address;
} ev[256];
static unsigned n_ev;

static void record(const struct spmsim_trace_event *e, void *arg)
{
	(void)arg;
	if (n_ev < sizeof(ev) / sizeof(ev[0])) {
		ev[n_ev].kind = e->kind;
		ev[n_ev].address = e->address;
		snprintf(ev[n_ev].track, sizeof(ev[0].track), "%s", e->track);
		snprintf(ev[n_ev].name, sizeof(ev[0].name), "%s",
		         e->name != NULL ? e->name : "");
		snprintf(ev[n_ev].detail, sizeof(ev[0].detail), "%s",
		         e->detail != NULL ? e->detail : "");
		n_ev++;
	}
}

/** A fault is traced (simulated address), then the panic and the reset. */
static void test_fault_traced(void **state)
{
	unsigned i = 0;

	(void)state;
	skip_under_valgrind();
	n_ev = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	assert_int_equal(
	        spmsim_run_ns(ns_call, (void *)(intptr_t)OP_NULL_WRITE),
	        SPMSIM_EXIT_RESET);
	spmsim_trace_remove_sink(record, NULL);
	while (i < n_ev && ev[i].kind != SPMSIM_TRACE_FAULT) {
		i++;
	}
	assert_true(i + 2 < n_ev);
	assert_string_equal(ev[i].name, "MemManage");
	assert_string_equal(ev[i].track, spmsim_backend() == SPMSIM_BACKEND_IPC
	                                         ? "SP_FAULTY_IPC"
	                                         : "SP_FAULTY");
	assert_non_null(strstr(ev[i].detail, "write, the null page"));
	/* The null page is the null page on the board too. */
	assert_int_equal(ev[i].address, 8);
	assert_int_equal(ev[i + 1].kind, SPMSIM_TRACE_PANIC);
	assert_string_equal(ev[i + 1].name, "MemManage");
	assert_int_equal(ev[i + 2].kind, SPMSIM_TRACE_RESET);
	assert_string_equal(ev[i + 2].detail, "panic");
}

#define BOTH(fn) FIXTURE_BOTH(boot, fn)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        BOTH(test_stack_overflow_hits_the_guard_page),
	        BOTH(test_null_pointer_write),
	        BOTH(test_jump_into_data),
	        BOTH(test_non_secure_fault_is_recorded),
	        BOTH(test_fault_traced),
	};

	return cmocka_run_group_tests_name("faults", tests, NULL, NULL);
}
