/*
 * Integration tests of the FF-M programmer errors and of what follows them.
 *
 * Client API: every error is run twice from one table, by non-secure code
 * (PSA_ERROR_PROGRAMMER_ERROR comes back, nothing panics) and by a secure
 * partition (it panics, the system resets, the panic record names the
 * partition, the API and the rule, and the system works again).
 * Service API: every misuse panics the service's partition. Then the panic
 * policies (reset, halt) and deadlocks.
 *
 * Each test runs in the three groups of test_partitions.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "conn.h"
#include "test_partitions.h"

#define PE PSA_ERROR_PROGRAMMER_ERROR

/* ------------------------------------------------------- client errors */

struct client_case {
	const char *name;
	struct tp_op op;
	const char *api;
	const char *rule;
	/** What the action returns to a non-secure caller. */
	psa_status_t ns_result;
};

/*
 * psa_close() returns nothing: for a non-secure caller the action reports
 * PSA_SUCCESS and the check is that nothing panicked.
 */
static const struct client_case client_cases[] = {
        {"call, null handle",
         {OP_CALL, PSA_NULL_HANDLE, CMD_NOP},
         "psa_call",
         "PSA_NULL_HANDLE",
         PE},
        {"call, handle never issued",
         {OP_CALL, TP_BOGUS_HANDLE, CMD_NOP},
         "psa_call",
         "not a valid connection handle",
         PE},
        {"call, negative handle",
         {OP_CALL, -5, CMD_NOP},
         "psa_call",
         "not a valid connection handle",
         PE},
        {"call, handle stale after close",
         {OP_CALL_STALE, 0, 0},
         "psa_call",
         "not a valid connection handle",
         PE},
        {"call, type -1", {OP_CALL_TYPE, -1, 0}, "psa_call", "call type", PE},
        {"call, type INT32_MIN",
         {OP_CALL_TYPE, INT32_MIN, 0},
         "psa_call",
         "call type",
         PE},
        {"call, type INT16_MAX + 1",
         {OP_CALL_TYPE, 0x8000, 0},
         "psa_call",
         "call type",
         PE},
        {"call, in_len + out_len > 4",
         {OP_VECTORS, VEC_TOO_MANY, 0},
         "psa_call",
         "PSA_MAX_IOVEC",
         PE},
        {"call, in_len 5",
         {OP_VECTORS, VEC_IN_LEN_HUGE, 0},
         "psa_call",
         "PSA_MAX_IOVEC",
         PE},
        {"call, NULL in_vec array",
         {OP_VECTORS, VEC_NULL_IN_ARRAY, 0},
         "psa_call",
         "in_vec array",
         PE},
        {"call, NULL out_vec array",
         {OP_VECTORS, VEC_NULL_OUT_ARRAY, 0},
         "psa_call",
         "out_vec array",
         PE},
        {"call, NULL invec base",
         {OP_VECTORS, VEC_NULL_IN_BASE, 0},
         "psa_call",
         "read an input vector",
         PE},
        {"call, NULL outvec base",
         {OP_VECTORS, VEC_NULL_OUT_BASE, 0},
         "psa_call",
         "write an output vector",
         PE},
        {"call, stateless version mismatch",
         {OP_CALL, TP_PEER_SL_BAD_VERSION, CMD_NOP},
         "psa_call",
         "version is not accepted",
         PE},
        {"call, stateless index of no service",
         {OP_CALL, TP_SL_NO_SERVICE, CMD_NOP},
         "psa_call",
         "not a valid stateless handle",
         PE},
        {"call, service replies PROGRAMMER_ERROR",
         {OP_PEER_STATUS, PE, 0},
         "psa_call",
         "replied PSA_ERROR_PROGRAMMER_ERROR",
         PE},
        /* FF-M 1.1: programmer errors, but a non-secure caller gets
         * CONNECTION_REFUSED rather than PROGRAMMER_ERROR. */
        {"connect, unknown SID",
         {OP_CONNECT, TP_UNKNOWN_SID, 1},
         "psa_connect",
         "no service has the SID",
         PSA_ERROR_CONNECTION_REFUSED},
        {"connect, version refused by the policy",
         {OP_CONNECT, TP_PEER_SID, 2},
         "psa_connect",
         "version is not accepted",
         PSA_ERROR_CONNECTION_REFUSED},
        {"connect, stateless SID",
         {OP_CONNECT, TP_PEER_SL_SID, 2},
         "psa_connect",
         "stateless",
         PE},
        {"close, stateless handle",
         {OP_CLOSE, TP_PEER_SL_HANDLE, 0},
         "psa_close",
         "stateless handle",
         PSA_SUCCESS},
        {"close, handle never issued",
         {OP_CLOSE, TP_BOGUS_HANDLE, 0},
         "psa_close",
         "not a valid connection handle",
         PSA_SUCCESS},
        {"close, handle stale after close",
         {OP_CLOSE_STALE, 0, 0},
         "psa_close",
         "not a valid connection handle",
         PSA_SUCCESS},
};

#define N_CLIENT_CASES (sizeof(client_cases) / sizeof(client_cases[0]))

static int32_t ns_result;

static void ns_client_case(void *arg)
{
	const struct client_case *c = arg;

	ns_result = tp_client_op(&c->op, PSA_NULL_HANDLE);
}

static void test_client_errors_ns(void **state)
{
	struct spmsim_panic p;

	(void)state;
	for (size_t i = 0; i < N_CLIENT_CASES; i++) {
		const struct client_case *c = &client_cases[i];

		ns_result = 0x7E57;
		TP_RUN_OK(ns_client_case, (void *)c);
		if (ns_result != c->ns_result) {
			fail_msg("[%s] %s: a non-secure caller got %d, "
			         "expected %d",
			         tp_g->name, c->name, (int)ns_result,
			         (int)c->ns_result);
		}
	}
	assert_false(spmsim_last_panic(&p));
	TP_ASSERT_HEALTHY();
}

static void ns_secure_case(void *arg)
{
	const struct client_case *c = arg;

	(void)tp_ns_secure_op(c->op.op, c->op.a, c->op.b);
	fail_msg("%s: the secure caller was not panicked", c->name);
}

static void test_client_errors_secure(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_CLIENT_CASES; i++) {
		const struct client_case *c = &client_cases[i];

		tp_run_panic_at(ns_secure_case, (void *)c,
		                (struct tp_panic_expect){
		                        tp_g->t->name, tp_g->t->pid, c->api,
		                        c->rule, SPMSIM_PANIC_PROGRAMMER_ERROR},
		                c->name, __FILE__, __LINE__);
	}
}

/* psa_connect() by a secure caller to its own service, or to one not among
 * its dependencies: programmer errors (a non-secure caller cannot make
 * them: it has no services and no dependency list). */

static void ns_secure_connect(void *arg)
{
	const int32_t *sid = arg;

	(void)tp_ns_secure_op(OP_CONNECT, *sid, 1);
	fail_msg("the secure caller was not panicked");
}

static void test_connect_own_service_secure(void **state)
{
	int32_t sid = (int32_t)TP_SID(TP_NOMM);

	(void)state;
	TP_RUN_PANIC(ns_secure_connect, &sid, tp_g->t->name, tp_g->t->pid,
	             "psa_connect", "own partition implements the service");
}

static void test_connect_not_a_dependency_secure(void **state)
{
	int32_t sid = TP_LEGACY_SID; /* SP_LEGACY: no twin depends on it */

	(void)state;
	if (tp_g->table != &tp_table_all) {
		skip();
	}
	TP_RUN_PANIC(ns_secure_connect, &sid, tp_g->t->name, tp_g->t->pid,
	             "psa_connect", "not among the caller's dependencies");
}

/* A foreign handle: one another client obtained. */

static void ns_uses_secure_handle(void *arg)
{
	psa_handle_t h = tp_ns_secure_op(OP_CONNECT_KEEP, TP_PEER_SID, 1);

	(void)arg;
	assert_true(h > 0);
	assert_int_equal(psa_call(h, CMD_NOP, NULL, 0, NULL, 0), PE);
	psa_close(h);
	/* The close was refused: still not ours, still not closed. */
	assert_int_equal(psa_call(h, CMD_NOP, NULL, 0, NULL, 0), PE);
}

static void test_foreign_handle_ns(void **state)
{
	struct spmsim_panic p;

	(void)state;
	TP_RUN_OK(ns_uses_secure_handle, NULL);
	assert_false(spmsim_last_panic(&p));
}

static void ns_passes_handle(void *arg)
{
	const int32_t *op = arg;
	psa_handle_t h = psa_connect(TP_PEER_SID, 1);

	assert_true(h > 0);
	(void)tp_ns_secure_op(*op, h, CMD_NOP);
	fail_msg("the secure caller was not panicked");
}

static void test_foreign_handle_secure(void **state)
{
	int32_t op = OP_CALL;

	(void)state;
	TP_RUN_PANIC(ns_passes_handle, &op, tp_g->t->name, tp_g->t->pid,
	             "psa_call", "belongs to another client");
	op = OP_CLOSE;
	TP_RUN_PANIC(ns_passes_handle, &op, tp_g->t->name, tp_g->t->pid,
	             "psa_close", "belongs to another client");
	op = OP_ECHO;
	TP_RUN_PANIC(ns_passes_handle, &op, tp_g->t->name, tp_g->t->pid,
	             "psa_call", "belongs to another client");
}

/* A connection handle whose slot was reused is stale. */

static void ns_slot_reused(void *arg)
{
	psa_handle_t old = psa_connect(TP_SID(TP_MAIN), 1);
	psa_handle_t now;

	(void)arg;
	assert_true(old > 0);
	psa_close(old);
	now = psa_connect(TP_SID(TP_MAIN), 1);
	assert_true(now > 0);
	assert_int_not_equal(now, old);
	/* The same slot: only the rolling counter tells them apart. */
	assert_int_equal(now & CONN_HANDLE_SLOT_MASK,
	                 old & CONN_HANDLE_SLOT_MASK);
	assert_int_equal(psa_call(old, CMD_NOP, NULL, 0, NULL, 0), PE);
	psa_close(old);
	assert_int_equal(psa_call(now, CMD_NOP, NULL, 0, NULL, 0), PSA_SUCCESS);
	psa_close(now);
}

static void test_stale_handle_after_slot_reuse(void **state)
{
	(void)state;
	/* One connection: the slot is reused for sure. */
	tp_reboot((struct spmsim_config){.connections = 1});
	TP_RUN_OK(ns_slot_reused, NULL);
}

/* ------------------------------------------------------ service misuse */

/** Connect only: the misuse happens on the CONNECT message. */
#define ON_CONNECT (-1)

struct service_case {
	const char *name;
	enum tp_role role;
	int32_t type;
	const char *api;
	/** The rule for an IPC-model and for an SFN-model partition. */
	const char *rule_ipc;
	const char *rule_sfn;
	enum spmsim_panic_cause cause;
};

#define SFN_GET "SFN-model partition receives"

static const struct service_case service_cases[] = {
        {"write past the outvec", TP_MAIN, CMD_WRITE_PAST, "psa_write",
         "past the end", NULL, 0},
        {"read index 4", TP_MAIN, CMD_READ_IDX4, "psa_read",
         "PSA_MAX_IOVEC or more", NULL, 0},
        {"skip index 4", TP_MAIN, CMD_SKIP_IDX4, "psa_skip",
         "PSA_MAX_IOVEC or more", NULL, 0},
        {"write index 4", TP_MAIN, CMD_WRITE_IDX4, "psa_write",
         "PSA_MAX_IOVEC or more", NULL, 0},
        {"read into NULL", TP_MAIN, CMD_READ_NULL_BUF, "psa_read",
         "may not write buffer", NULL, 0},
        {"write from NULL", TP_MAIN, CMD_WRITE_NULL_BUF, "psa_write",
         "may not read buffer", NULL, 0},
        {"read, invalid msg handle", TP_MAIN, CMD_READ_HANDLE, "psa_read",
         "not the handle of a message", NULL, 0},
        {"get, unasserted signal", TP_MAIN, CMD_GET_UNASSERTED, "psa_get",
         "not asserted", SFN_GET, 0},
        {"get, two signals", TP_MAIN, CMD_GET_MULTI_BIT, "psa_get",
         "exactly one bit", SFN_GET, 0},
        {"get, not a service signal", TP_MAIN, CMD_GET_NOT_SERVICE, "psa_get",
         "not an RoT Service signal", SFN_GET, 0},
        {"psa_panic", TP_MAIN, CMD_PANIC, "psa_panic", "psa_panic()", NULL,
         SPMSIM_PANIC_PSA_PANIC},
        {"reply twice", TP_MAIN, CMD_REPLY_TWICE, "psa_reply",
         "already replied", "returning from its service function", 0},
        {"notify unknown partition", TP_MAIN, CMD_NOTIFY, "psa_notify",
         "names no partition", NULL, 0},
        {"clear without doorbell", TP_MAIN, CMD_CLEAR_NO_DOORBELL, "psa_clear",
         "PSA_DOORBELL is not asserted", NULL, 0},
        {"wait on reserved bits", TP_MAIN, CMD_WAIT_RESERVED, "psa_wait",
         "no signal of the calling partition", NULL, 0},
        {"eoi, unasserted", TP_MAIN, CMD_EOI_UNASSERTED, "psa_eoi",
         "not asserted", NULL, 0},
        {"eoi, FLIH signal", TP_MAIN, CMD_EOI_FLIH, "psa_eoi", "first-level",
         NULL, 0},
        {"eoi, service signal", TP_MAIN, CMD_EOI_NOT_IRQ, "psa_eoi",
         "not one IRQ signal", NULL, 0},
        {"reset_signal, SLIH signal", TP_MAIN, CMD_RESET_SLIH,
         "psa_reset_signal", "second-level", NULL, 0},
        {"reset_signal, unasserted", TP_MAIN, CMD_RESET_UNASSERTED,
         "psa_reset_signal", "not asserted", NULL, 0},
        {"irq_enable, two signals", TP_MAIN, CMD_IRQ_ENABLE_BAD,
         "psa_irq_enable", "not one IRQ signal", NULL, 0},
        {"irq_disable, service signal", TP_MAIN, CMD_IRQ_DISABLE_BAD,
         "psa_irq_disable", "not one IRQ signal", NULL, 0},
        {"map a zero-length invec", TP_MAIN, CMD_MM_ZERO, "psa_map_invec",
         "length 0", NULL, 0},
        {"map twice", TP_MAIN, CMD_MM_TWICE, "psa_map_invec", "already mapped",
         NULL, 0},
        {"map after psa_read", TP_MAIN, CMD_MM_AFTER_READ, "psa_map_invec",
         "already read or written", NULL, 0},
        {"unmap without map", TP_MAIN, CMD_MM_UNMAP_NO_MAP, "psa_unmap_invec",
         "not mapped", NULL, 0},
        {"read a mapped invec", TP_MAIN, CMD_MM_READ_MAPPED, "psa_read",
         "is mapped", NULL, 0},
        {"map, service without mm_iovec", TP_NOMM, CMD_MM_ECHO, "psa_map_invec",
         "does not enable mm_iovec", NULL, 0},
        {"set_rhandle, stateless service", TP_STATELESS, CMD_RHANDLE,
         "psa_set_rhandle", "stateless", NULL, 0},
        {"connect replied with an error", TP_CONN_BAD, ON_CONNECT, "psa_reply",
         "connect message accepts only", NULL, 0},
        {"read on a connect message", TP_CONN_READ, ON_CONNECT, "psa_read",
         "connect or disconnect message has no vectors", NULL, 0},
};

#define N_SERVICE_CASES (sizeof(service_cases) / sizeof(service_cases[0]))

/** Sends the message of @arg (struct service_case) to the target. */
static void ns_service_case(void *arg)
{
	const struct service_case *c = arg;
	int32_t value = TP_BOGUS_HANDLE; /* not a handle, not a partition */
	char o[16];
	psa_invec in = {&value, sizeof(value)};
	psa_outvec out = {o, sizeof(o)};

	if (c->role == TP_STATELESS) {
		(void)psa_call(tp_g->t->sl_handle, c->type, &in, 1, &out, 1);
	} else if (c->type == ON_CONNECT) {
		(void)psa_connect(TP_SID(c->role), 1);
	} else {
		(void)tp_ns_call(TP_SID(c->role), 1, c->type, &in, 1, &out, 1);
	}
	fail_msg("%s: the service was not panicked", c->name);
}

static void test_service_misuse(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SERVICE_CASES; i++) {
		const struct service_case *c = &service_cases[i];
		const char *rule = c->rule_ipc;

		if (!tp_g->t->ipc_model && c->rule_sfn != NULL) {
			rule = c->rule_sfn;
		}
		tp_run_panic_at(
		        ns_service_case, (void *)c,
		        (struct tp_panic_expect){
		                tp_g->t->name, tp_g->t->pid, c->api, rule,
		                c->cause != 0 ? c->cause
		                              : SPMSIM_PANIC_PROGRAMMER_ERROR},
		        c->name, __FILE__, __LINE__);
	}
}

static void ns_stale_msg_handle(void *arg)
{
	psa_handle_t h = psa_connect(TP_SID(TP_MAIN), 1);
	int32_t old;
	psa_invec in = {&old, sizeof(old)};

	(void)arg;
	assert_true(h > 0);
	old = psa_call(h, CMD_MSG_HANDLE, NULL, 0, NULL, 0);
	assert_true(old > 0);
	/* The next message on the same connection reads the old handle. */
	(void)psa_call(h, CMD_READ_HANDLE, &in, 1, NULL, 0);
	fail_msg("the service was not panicked");
}

static void test_msg_handle_stale_after_reply(void **state)
{
	(void)state;
	TP_RUN_PANIC(ns_stale_msg_handle, NULL, tp_g->t->name, tp_g->t->pid,
	             "psa_read", "not the handle of a message");
}

static void ns_forward_msg_handle(void *arg)
{
	(void)arg;
	(void)tp_ns_secure_op(OP_FORWARD_MSG, 0, 0);
	fail_msg("SP_PEER was not panicked");
}

static void test_msg_handle_of_another_partition(void **state)
{
	(void)state;
	/* The target hands its own message handle to SP_PEER. */
	TP_RUN_PANIC(ns_forward_msg_handle, NULL, "SP_PEER", TP_PID_PEER,
	             "psa_read", "belongs to another partition");
}

static void ns_get_null(void *arg)
{
	(void)arg;
	assert_int_equal(tp_ns_call_int(TP_SID(TP_MAIN), CMD_ARM_GET_NULL, 0),
	                 PSA_SUCCESS);
	(void)tp_ns_call_int(TP_SID(TP_MAIN), CMD_NOP, 0);
	fail_msg("the service was not panicked");
}

static void test_get_into_null_msg(void **state)
{
	(void)state;
	tp_require_ipc_model();
	TP_RUN_PANIC(ns_get_null, NULL, tp_g->t->name, tp_g->t->pid, "psa_get",
	             "may not write msg");
}

static void ns_mm_echo(void *arg)
{
	char o[8];
	psa_invec in = {"abc", 3};
	psa_outvec out = {o, sizeof(o)};

	(void)arg;
	(void)tp_ns_call(TP_SID(TP_MAIN), 1, CMD_MM_ECHO, &in, 1, &out, 1);
	fail_msg("the service was not panicked");
}

static void test_mm_iovec_needs_level_1(void **state)
{
	(void)state;
	tp_require_ipc_backend();
	tp_reboot((struct spmsim_config){.isolation_level = 2});
	TP_RUN_PANIC(ns_mm_echo, NULL, tp_g->t->name, tp_g->t->pid,
	             "psa_map_invec", "isolation level 1");
}

/* ------------------------------------------------ panic policy: halt */

static bool ran;

static void ns_mark_ran(void *arg)
{
	(void)arg;
	ran = true;
}

static void ns_panic_service(void *arg)
{
	(void)arg;
	(void)tp_ns_call_int(TP_SID(TP_MAIN), CMD_PANIC, 0);
}

static void ns_secure_null_call(void *arg)
{
	(void)arg;
	(void)tp_ns_secure_op(OP_CALL, PSA_NULL_HANDLE, CMD_NOP);
}

/** Halts through @fn, checks the halt, resets and checks the recovery. */
static void halt_and_recover(void (*fn)(void *), struct tp_panic_expect e)
{
	struct spmsim_counters before, after;

	spmsim_get_counters(&before);
	assert_int_equal(spmsim_run_ns(fn, NULL), SPMSIM_EXIT_HALTED);
	assert_true(spmsim_halted());
	assert_true(spmsim_booted());
	tp_check_panic_at(&e, "halt", __FILE__, __LINE__);
	/* Halted: nothing runs until a reset. */
	ran = false;
	assert_int_equal(spmsim_run_ns(ns_mark_ran, NULL), SPMSIM_EXIT_HALTED);
	assert_false(ran);
	spmsim_get_counters(&after);
	assert_int_equal(after.panics, before.panics + 1);
	assert_int_equal(after.resets, before.resets);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	assert_false(spmsim_halted());
	spmsim_get_counters(&after);
	assert_int_equal(after.resets, before.resets + 1);
	TP_ASSERT_HEALTHY();
}

static void test_halt_policy(void **state)
{
	(void)state;
	tp_reboot((struct spmsim_config){.panic_policy = SPMSIM_PANIC_HALT});
	halt_and_recover(ns_panic_service,
	                 (struct tp_panic_expect){tp_g->t->name, tp_g->t->pid,
	                                          "psa_panic", "psa_panic()",
	                                          SPMSIM_PANIC_PSA_PANIC});
	halt_and_recover(
	        ns_secure_null_call,
	        (struct tp_panic_expect){tp_g->t->name, tp_g->t->pid,
	                                 "psa_call", "PSA_NULL_HANDLE",
	                                 SPMSIM_PANIC_PROGRAMMER_ERROR});
}

/* ---------------------------------------------------------- deadlocks */

static void ns_call_type(void *arg)
{
	int32_t type = *(const int32_t *)arg;

	(void)tp_ns_call_int(TP_SID(TP_MAIN), type, 0);
	fail_msg("the call returned");
}

/** A run of @type that can never finish: a deadlock, then a reset. */
static void deadlock(int32_t type)
{
	struct spmsim_counters before, after;

	spmsim_get_counters(&before);
	assert_int_equal(spmsim_run_ns(ns_call_type, &type),
	                 SPMSIM_EXIT_DEADLOCK);
	spmsim_get_counters(&after);
	assert_int_equal(after.panics, before.panics);
	assert_int_equal(after.resets, before.resets + 1);
	assert_false(spmsim_halted());
	TP_ASSERT_HEALTHY();
}

static void test_deadlock_service_never_replies(void **state)
{
	(void)state;
	tp_require_ipc_model();
	deadlock(CMD_NEVER_REPLY);
}

static void test_deadlock_service_blocks_forever(void **state)
{
	(void)state;
	deadlock(CMD_WAIT_BLOCK);
}

/* ------------------------------------------------------------------ main */

#define ERROR_TESTS(g)                                                         \
	TP_TEST(test_client_errors_ns, g),                                     \
	        TP_TEST(test_client_errors_secure, g),                         \
	        TP_TEST(test_foreign_handle_ns, g),                            \
	        TP_TEST(test_foreign_handle_secure, g),                        \
	        TP_TEST(test_connect_own_service_secure, g),                   \
	        TP_TEST(test_connect_not_a_dependency_secure, g),              \
	        TP_TEST(test_stale_handle_after_slot_reuse, g),                \
	        TP_TEST(test_service_misuse, g),                               \
	        TP_TEST(test_msg_handle_of_another_partition, g),              \
	        TP_TEST(test_msg_handle_stale_after_reply, g),                 \
	        TP_TEST(test_get_into_null_msg, g),                            \
	        TP_TEST(test_mm_iovec_needs_level_1, g),                       \
	        TP_TEST(test_halt_policy, g),                                  \
	        TP_TEST(test_deadlock_service_never_replies, g),               \
	        TP_TEST(test_deadlock_service_blocks_forever, g)

int main(void)
{
	const struct CMUnitTest ipc[] = {ERROR_TESTS(&tp_group_ipc)};
	const struct CMUnitTest ipc_sfn[] = {ERROR_TESTS(&tp_group_ipc_sfn)};
	const struct CMUnitTest sfn[] = {ERROR_TESTS(&tp_group_sfn)};
	int failed = 0;

	failed += cmocka_run_group_tests_name("errors/ipc", ipc, NULL, NULL);
	failed += cmocka_run_group_tests_name("errors/ipc-sfn-model", ipc_sfn,
	                                      NULL, NULL);
	failed += cmocka_run_group_tests_name("errors/sfn", sfn, NULL, NULL);
	return failed != 0;
}
