/*
 * Integration tests of the simulated system as a whole: boot order, resets
 * (what they restore), many boots in one process, boot-time failures, the
 * counters, the backend checks and the harness's own contract.
 *
 * The group tests run in the three groups of test_partitions.h; the
 * harness tests at the end boot by themselves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "test_partitions.h"

/* ------------------------------------------------------------ boot order */

static uint32_t priority_of(int32_t pid)
{
	for (uint32_t i = 0; i < tp_g->table->n_partitions; i++) {
		if (tp_g->table->partitions[i].pid == pid) {
			return (uint32_t)tp_g->table->partitions[i].priority;
		}
	}
	fail_msg("partition %d is not in the table", (int)pid);
	return 0;
}

/** Every partition initialised once, HIGH first, in manifest order. */
static void assert_boot_order(void)
{
	assert_int_equal(tp_boot_log_len, tp_g->table->n_partitions);
	for (unsigned i = 1; i < tp_boot_log_len; i++) {
		assert_true(priority_of(tp_boot_log[i - 1]) <=
		            priority_of(tp_boot_log[i]));
		for (unsigned k = 0; k < i; k++) {
			assert_int_not_equal(tp_boot_log[k], tp_boot_log[i]);
		}
	}
	assert_int_equal(tp_boot_log[0], TP_PID_PEER);
}

static void test_boot_in_priority_order(void **state)
{
	(void)state;
	assert_boot_order();
	tp_boot_log_len = 0;
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	assert_boot_order();
}

/* ---------------------------------------------------------------- resets */

static psa_handle_t kept;

static void ns_connect_keep(void *arg)
{
	(void)arg;
	kept = psa_connect(TP_SID(TP_MAIN), 1);
	assert_true(kept > 0);
	assert_int_equal(psa_call(kept, CMD_NOP, NULL, 0, NULL, 0),
	                 PSA_SUCCESS);
}

static void ns_call_kept(void *arg)
{
	(void)arg;
	assert_int_equal(psa_call(kept, CMD_NOP, NULL, 0, NULL, 0),
	                 PSA_ERROR_PROGRAMMER_ERROR);
}

static void test_reset_drops_connections(void **state)
{
	struct spmsim_counters before, after;

	(void)state;
	TP_RUN_OK(ns_connect_keep, NULL);
	spmsim_get_counters(&before);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	spmsim_get_counters(&after);
	assert_int_equal(after.resets, before.resets + 1);
	assert_int_equal(after.panics, before.panics);
	TP_RUN_OK(ns_call_kept, NULL);
	TP_ASSERT_HEALTHY();
}

static void ns_ring_peer(void *arg)
{
	(void)arg;
	assert_int_equal(
	        tp_ns_call_int(TP_SID(TP_MAIN), CMD_NOTIFY, TP_PID_PEER),
	        PSA_SUCCESS);
}

static void ns_peer_doorbell_clear(void *arg)
{
	(void)arg;
	assert_int_equal(tp_ns_call_int(TP_PEER_SID, CMD_DOORBELL_STATE, 0), 0);
}

static void test_reset_clears_signals(void **state)
{
	(void)state;
	TP_RUN_OK(ns_ring_peer, NULL);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	TP_RUN_OK(ns_peer_doorbell_clear, NULL);
}

static void ns_counter(void *arg)
{
	const int32_t *expect = arg;

	for (; *expect != 0; expect++) {
		assert_int_equal(
		        tp_ns_call_int(TP_SID(TP_MAIN), CMD_COUNTER, 0),
		        *expect);
	}
}

static void ns_panic(void *arg)
{
	(void)arg;
	(void)tp_ns_call_int(TP_SID(TP_MAIN), CMD_PANIC, 0);
}

static void test_reset_restores_partition_memory(void **state)
{
	/* data starts at 100, bss at 0; each call bumps both. */
	static const int32_t fresh[] = {101001, 102002, 103003, 0};
	static const int32_t once[] = {101001, 0};

	(void)state;
	TP_RUN_OK(ns_counter, (void *)fresh);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	TP_RUN_OK(ns_counter, (void *)fresh);
	/* A panic's reset restores memory too. */
	assert_int_equal(spmsim_run_ns(ns_panic, NULL), SPMSIM_EXIT_RESET);
	TP_RUN_OK(ns_counter, (void *)once);
	/* And so does a shutdown and boot. */
	tp_reboot((struct spmsim_config){0});
	TP_RUN_OK(ns_counter, (void *)fresh);
}

static void test_boot_and_shutdown_many_times(void **state)
{
	struct spmsim_counters c;
	struct spmsim_panic p;

	(void)state;
	for (int i = 0; i < 50; i++) {
		tp_reboot((struct spmsim_config){0});
		assert_true(spmsim_booted());
		spmsim_get_counters(&c);
		assert_int_equal(c.resets, 0);
		assert_int_equal(c.panics, 0);
		assert_int_equal(c.messages, 0);
		assert_false(spmsim_last_panic(&p));
		TP_ASSERT_HEALTHY();
		if (i % 10 == 0) {
			assert_int_equal(spmsim_run_ns(ns_panic, NULL),
			                 SPMSIM_EXIT_RESET);
			assert_true(spmsim_last_panic(&p));
		}
	}
	spmsim_shutdown();
	assert_false(spmsim_booted());
	assert_false(spmsim_halted());
	assert_int_equal(spmsim_backend(), SPMSIM_BACKEND_DEFAULT);
}

/* ----------------------------------------------------- boot-time failures */

static void test_partition_init_failure_halts(void **state)
{
	struct spmsim_config cfg = {.table = tp_g->table,
	                            .backend = tp_g->backend};
	struct spmsim_panic p;

	(void)state;
	spmsim_shutdown();
	tp_fail_peer_init = true;
	assert_int_equal(spmsim_boot(&cfg), PSA_ERROR_GENERIC_ERROR);
	assert_non_null(strstr(spmsim_error(), "SP_PEER"));
	assert_true(spmsim_halted());
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_PARTITION_FAILED);
	assert_string_equal(p.partition, "SP_PEER");
	assert_int_equal(p.partition_id, TP_PID_PEER);
	assert_string_equal(p.api, "entry_init");
	assert_true(p.during_boot);
	assert_int_equal(spmsim_run_ns(ns_panic, NULL), SPMSIM_EXIT_HALTED);
	/* Fixed, a reset brings it up. */
	tp_fail_peer_init = false;
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	assert_false(spmsim_halted());
	TP_ASSERT_HEALTHY();
}

static void test_watchdog_ends_a_spinning_init(void **state)
{
	struct spmsim_config cfg = {.table = tp_g->table,
	                            .backend = tp_g->backend};
	struct spmsim_panic p;

	(void)state;
	spmsim_shutdown();
	/* Armed before the boot, it watches the boot's initialisation. */
	spmsim_watchdog(50u * 1000u * 1000u);
	tp_spin_peer_init = true;
	assert_int_equal(spmsim_boot(&cfg), PSA_ERROR_GENERIC_ERROR);
	assert_non_null(strstr(spmsim_error(), "SP_PEER"));
	assert_non_null(strstr(spmsim_error(), "watchdog"));
	assert_true(spmsim_halted());
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_WATCHDOG);
	assert_string_equal(p.partition, "SP_PEER");
	assert_string_equal(p.api, "watchdog");
	assert_true(p.during_boot);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_NONE);
	/* A reset initialises again, under the same watchdog. */
	assert_int_equal(spmsim_reset(), PSA_ERROR_GENERIC_ERROR);
	assert_true(spmsim_halted());
	tp_spin_peer_init = false;
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	assert_false(spmsim_halted());
	TP_ASSERT_HEALTHY();
	spmsim_watchdog(0);
}

static void test_ipc_entry_return_halts(void **state)
{
	struct spmsim_config cfg = {.table = tp_g->table,
	                            .backend = tp_g->backend};
	struct spmsim_panic p;

	(void)state;
	tp_require_ipc_backend();
	spmsim_shutdown();
	tp_ipc_entry_returns = true;
	assert_int_not_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	assert_true(spmsim_halted());
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_PARTITION_FAILED);
	assert_string_equal(p.partition, "SP_IPC");
	assert_string_equal(p.api, "entry_point");
	assert_true(p.during_boot);
	tp_ipc_entry_returns = false;
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	TP_ASSERT_HEALTHY();
}

/* --------------------------------------------------------------- counters */

static void ns_calls(void *arg)
{
	int n = *(const int *)arg;
	/* TP_NOMM: its CONNECT makes no psa_* call (TP_MAIN's does). */
	psa_handle_t h = psa_connect(TP_SID(TP_NOMM), 1);

	assert_true(h > 0);
	for (int i = 0; i < n; i++) {
		assert_int_equal(psa_call(h, CMD_NOP, NULL, 0, NULL, 0),
		                 PSA_SUCCESS);
	}
	psa_close(h);
}

/** The counters' growth over an NS run making @n calls. */
static struct spmsim_counters grow(int n)
{
	struct spmsim_counters before, after;

	spmsim_get_counters(&before);
	TP_RUN_OK(ns_calls, &n);
	spmsim_get_counters(&after);
	return (struct spmsim_counters){
	        .context_switches =
	                after.context_switches - before.context_switches,
	        .spm_entries = after.spm_entries - before.spm_entries,
	        .messages = after.messages - before.messages,
	        .panics = after.panics - before.panics,
	        .resets = after.resets - before.resets,
	};
}

static void test_counters(void **state)
{
	struct spmsim_counters none, ten;

	(void)state;
	none = grow(0);
	ten = grow(10);
	/* connect + close, then connect + 10 calls + close. */
	assert_int_equal(none.messages, 2);
	assert_int_equal(ten.messages, 12);
	if (tp_g->t->ipc_model) {
		/* Each call: the client's psa_call, the service's psa_wait,
		 * psa_get and psa_reply. */
		assert_true(ten.spm_entries - none.spm_entries >= 40);
	} else {
		/* An SFN service makes no psa_* call to receive or reply. */
		assert_int_equal(none.spm_entries, 2);
		assert_int_equal(ten.spm_entries, 12);
	}
	if (TP_IPC_BACKEND()) {
		/* To the service and back, at least, per call. */
		assert_true(ten.context_switches >= none.context_switches + 20);
	} else {
		/* One context: into it and out of it, whatever the calls. */
		assert_int_equal(ten.context_switches, none.context_switches);
		assert_int_equal(none.context_switches, 2);
	}
	assert_int_equal(ten.panics, 0);
	assert_int_equal(ten.resets, 0);
}

/* -------------------------------------------------------- NS psa_panic */

static void ns_calls_psa_panic(void *arg)
{
	(void)arg;
	psa_panic();
}

static void test_ns_psa_panic(void **state)
{
	(void)state;
	tp_run_panic_at(ns_calls_psa_panic, NULL,
	                (struct tp_panic_expect){"non-secure", -1, "psa_panic",
	                                         "psa_panic()",
	                                         SPMSIM_PANIC_PSA_PANIC},
	                "NS psa_panic", __FILE__, __LINE__);
}

static void test_backend_in_use(void **state)
{
	(void)state;
	assert_int_equal(spmsim_backend(), tp_g->backend);
	assert_string_equal(spmsim_backend_name(spmsim_backend()),
	                    TP_IPC_BACKEND() ? "IPC" : "SFN");
}

/* ------------------------------------------------- the harness, no group */

static void test_sfn_backend_refusals(void **state)
{
	struct spmsim_config cfg = {.table = &tp_table_all,
	                            .backend = SPMSIM_BACKEND_SFN};

	(void)state;
	/* An IPC-model partition: named, and IPC said to be required. */
	assert_int_equal(spmsim_boot(&cfg), PSA_ERROR_NOT_SUPPORTED);
	assert_non_null(strstr(spmsim_error(), "SP_IPC"));
	assert_non_null(strstr(spmsim_error(), "IPC backend"));
	assert_false(spmsim_booted());
	/* Isolation levels 2 and 3. */
	cfg.table = &tp_table_sfn;
	for (unsigned level = 2; level <= 3; level++) {
		cfg.isolation_level = level;
		assert_int_equal(spmsim_boot(&cfg), PSA_ERROR_NOT_SUPPORTED);
		assert_non_null(strstr(spmsim_error(), "isolation level"));
		assert_non_null(strstr(spmsim_error(), "IPC"));
		assert_false(spmsim_booted());
	}
	/* Level 1 boots; the IPC backend takes every level. */
	cfg.isolation_level = 1;
	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	spmsim_shutdown();
	for (unsigned level = 1; level <= 3; level++) {
		cfg = (struct spmsim_config){.table = &tp_table_all,
		                             .backend = SPMSIM_BACKEND_IPC,
		                             .isolation_level = level};
		assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
		spmsim_shutdown();
	}
}

static void test_harness_contract(void **state)
{
	struct spmsim_config cfg = {.table = &tp_table_sfn};

	(void)state;
	assert_false(spmsim_booted());
	assert_int_equal(spmsim_run_ns(ns_panic, NULL), SPMSIM_EXIT_NOT_BOOTED);
	assert_int_equal(spmsim_reset(), PSA_ERROR_BAD_STATE);
	spmsim_shutdown();
	/* Out-of-range configurations. */
	cfg.connections = SPMSIM_MAX_CONNECTIONS + 1;
	assert_int_not_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	cfg.connections = 0;
	cfg.isolation_level = 4;
	assert_int_not_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	cfg.isolation_level = 0;
	cfg.ns_client_id = 5;
	assert_int_not_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	assert_false(spmsim_booted());
	/* The default backend is the build's; one system at a time. */
	cfg.ns_client_id = 0;
	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	assert_int_equal(spmsim_backend(), spmsim_default_backend());
	assert_int_equal(spmsim_boot(&cfg), PSA_ERROR_BAD_STATE);
	spmsim_shutdown();
	spmsim_shutdown();
	assert_false(spmsim_booted());
}

/* ------------------------------------------------------------------ main */

#define SYSTEM_TESTS(g)                                                        \
	TP_TEST(test_boot_in_priority_order, g),                               \
	        TP_TEST(test_reset_drops_connections, g),                      \
	        TP_TEST(test_reset_clears_signals, g),                         \
	        TP_TEST(test_reset_restores_partition_memory, g),              \
	        TP_TEST(test_boot_and_shutdown_many_times, g),                 \
	        TP_TEST(test_partition_init_failure_halts, g),                 \
	        TP_TEST(test_watchdog_ends_a_spinning_init, g),                \
	        TP_TEST(test_ipc_entry_return_halts, g),                       \
	        TP_TEST(test_counters, g), TP_TEST(test_ns_psa_panic, g),      \
	        TP_TEST(test_backend_in_use, g)

int main(void)
{
	const struct CMUnitTest ipc[] = {SYSTEM_TESTS(&tp_group_ipc)};
	const struct CMUnitTest ipc_sfn[] = {SYSTEM_TESTS(&tp_group_ipc_sfn)};
	const struct CMUnitTest sfn[] = {SYSTEM_TESTS(&tp_group_sfn)};
	const struct CMUnitTest harness[] = {
	        cmocka_unit_test(test_sfn_backend_refusals),
	        cmocka_unit_test(test_harness_contract),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("system/ipc", ipc, NULL, NULL);
	failed += cmocka_run_group_tests_name("system/ipc-sfn-model", ipc_sfn,
	                                      NULL, NULL);
	failed += cmocka_run_group_tests_name("system/sfn", sfn, NULL, NULL);
	failed += cmocka_run_group_tests_name("system/harness", harness, NULL,
	                                      NULL);
	return failed != 0;
}
