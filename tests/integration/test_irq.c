/*
 * Secure interrupts end to end, on both backends: POSIX-signal sources (the
 * harness, a thread, a POSIX timer), the NVIC model, SLIH and FLIH handling,
 * priority order, preemption of a lower-priority partition, critical
 * sections, interrupt misuse, and a storm whose counts must add up exactly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <valgrind/valgrind.h>

#include "arch.h"
#include "load_table.h"
#include "psa/client.h"
#include "psa/lifecycle.h"
#include "psa/service.h"
#include "spmsim/spmsim.h"
#include "spmsim/trace.h"

#include "fixture.h"

/* Lines, signals and services of the test partitions. */
enum {
	L_TICK = 40,  /* SP_IRQ, SLIH */
	L_RX = 41,    /* SP_IRQ, FLIH: signals every second interrupt */
	L_RX2 = 42,   /* SP_IRQ, FLIH: never signals */
	L_SRX = 43,   /* SP_IRQ_SFN, FLIH */
	L_STICK = 44, /* SP_IRQ_SFN, SLIH */
	L_STMR = 45,  /* SP_IRQ_SFN, FLIH */
	L_BAD = 46,   /* SP_IRQ, FLIH returning an invalid value */
	L_BLOCK = 47, /* SP_IRQ, FLIH that calls psa_call */
};
#define SIG_TICK  0x80000000u
#define SIG_RX    0x40000000u
#define SIG_RX2   0x20000000u
#define SIG_BAD   0x10000000u
#define SIG_BLOCK 0x08000000u
#define SIG_SRX   0x80000000u
#define SIG_STICK 0x40000000u
#define SIG_STMR  0x20000000u
#define SIG_SVC   0x10u

#define H_STATUS ((psa_handle_t)(0x40000000 | (1 << 8) | 0))
#define H_WORK   ((psa_handle_t)(0x40000000 | (1 << 8) | 1))
#define H_WAIT   ((psa_handle_t)(0x40000000 | (1 << 8) | 2))
#define H_PING   ((psa_handle_t)(0x40000000 | (1 << 8) | 3))

struct counts {
	uint32_t ticks, rx_flih, rx_signals, rx2_flih, srx, stmr, sticks;
};

static struct counts n;
static char trace[128];
static size_t n_trace;

static void mark(char c)
{
	if (n_trace < sizeof(trace) - 1) {
		trace[n_trace++] = c;
	}
}

/* ------------------------------------------------------ SP_IRQ (IPC) */

psa_flih_result_t rx_flih(void)
{
	mark('R');
	return ++n.rx_flih % 2 == 0 ? PSA_FLIH_SIGNAL : PSA_FLIH_NO_SIGNAL;
}

psa_flih_result_t rx2_flih(void)
{
	mark('S');
	n.rx2_flih++;
	return PSA_FLIH_NO_SIGNAL;
}

static psa_flih_result_t bad_flih(void)
{
	return 7;
}

static psa_flih_result_t blocking_flih(void)
{
	(void)psa_call(H_STATUS, 0, NULL, 0, NULL, 0);
	return PSA_FLIH_NO_SIGNAL;
}

/** Replies to a status request with the counts. */
static void serve_status(psa_signal_t sig)
{
	psa_msg_t msg;

	if (psa_get(sig, &msg) == PSA_SUCCESS) {
		psa_write(msg.handle, 0, &n, sizeof(n));
		psa_reply(msg.handle, PSA_SUCCESS);
	}
}

static void irq_main(void)
{
	psa_irq_enable(SIG_TICK);
	psa_irq_enable(SIG_RX);
	psa_irq_enable(SIG_RX2);
	psa_irq_enable(SIG_BAD);
	psa_irq_enable(SIG_BLOCK);
	for (;;) {
		psa_signal_t s = psa_wait(PSA_WAIT_ANY, PSA_BLOCK);

		if (s & SIG_TICK) {
			mark('T');
			n.ticks++;
			psa_eoi(SIG_TICK);
		}
		if (s & SIG_RX) {
			n.rx_signals++;
			psa_reset_signal(SIG_RX);
		}
		if (s & SIG_SVC) {
			serve_status(SIG_SVC);
		}
	}
}

/* --------------------------------------------------- SP_LOWWORK (IPC) */

/** Raises the tick itself, then passes interrupt points. */
static void low_main(void)
{
	psa_msg_t msg;

	for (;;) {
		psa_wait(SIG_SVC, PSA_BLOCK);
		if (psa_get(SIG_SVC, &msg) != PSA_SUCCESS) {
			continue;
		}
		mark('w');
		spmsim_irq_raise(L_TICK);
		for (int i = 0; i < 3; i++) {
			(void)psa_rot_lifecycle_state();
		}
		mark('W');
		psa_reply(msg.handle, PSA_SUCCESS);
	}
}

/* -------------------------------------------------- SP_IRQ_SFN (SFN) */

psa_flih_result_t srx_flih(void)
{
	mark('a');
	n.srx++;
	return PSA_FLIH_NO_SIGNAL;
}

psa_flih_result_t stmr_flih(void)
{
	mark('b');
	n.stmr++;
	return PSA_FLIH_NO_SIGNAL;
}

static psa_status_t sfn_init(void)
{
	psa_irq_enable(SIG_SRX);
	psa_irq_enable(SIG_STICK);
	psa_irq_enable(SIG_STMR);
	return PSA_SUCCESS;
}

/** Type 0 answers at once; type 1 waits for a signal nothing raises. */
static psa_status_t ping_sfn(const psa_msg_t *msg)
{
	if (msg->type == 1) {
		(void)psa_wait(SIG_SRX, PSA_BLOCK);
	}
	return PSA_SUCCESS;
}

/** Waits for a timer's tick: the signal comes only while it waits. */
static psa_status_t wait_tick_sfn(const psa_msg_t *msg)
{
	(void)msg;
	if (spmsim_timer_start(L_STICK, 1000000, false) < 0) {
		return PSA_ERROR_GENERIC_ERROR;
	}
	if (psa_wait(SIG_STICK, PSA_BLOCK) != SIG_STICK) {
		return PSA_ERROR_GENERIC_ERROR;
	}
	n.sticks++;
	psa_eoi(SIG_STICK);
	return (psa_status_t)n.sticks;
}

/* ------------------------------------------------------------ tables */

static const struct spm_service_desc irq_svcs[] = {
        {.name = "STATUS",
         .sid = 0x3000,
         .signal = SIG_SVC,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 1},
};
static const struct spm_irq_desc irq_irqs[] = {
        {.signal_name = "TICK_SIGNAL", .source = L_TICK, .signal = SIG_TICK},
        {.signal_name = "RX_SIGNAL",
         .source = L_RX,
         .signal = SIG_RX,
         .handling = SPM_IRQ_FLIH,
         .flih = rx_flih},
        {.signal_name = "RX2_SIGNAL",
         .source = L_RX2,
         .signal = SIG_RX2,
         .handling = SPM_IRQ_FLIH,
         .flih = rx2_flih},
        {.signal_name = "BAD_SIGNAL",
         .source = L_BAD,
         .signal = SIG_BAD,
         .handling = SPM_IRQ_FLIH,
         .flih = bad_flih},
        {.signal_name = "BLOCK_SIGNAL",
         .source = L_BLOCK,
         .signal = SIG_BLOCK,
         .handling = SPM_IRQ_FLIH,
         .flih = blocking_flih},
};
static const struct spm_service_desc low_svcs[] = {
        {.name = "WORK",
         .sid = 0x3001,
         .signal = SIG_SVC,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 2},
};
static const struct spm_service_desc sfn_svcs[] = {
        {.name = "WAIT_TICK",
         .sid = 0x3002,
         .signal = SIG_SVC,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 3,
         .sfn = wait_tick_sfn},
        {.name = "PING",
         .sid = 0x3003,
         .signal = SIG_SVC << 1,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 4,
         .sfn = ping_sfn},
};
static const struct spm_irq_desc sfn_irqs[] = {
        {.signal_name = "SRX_SIGNAL",
         .source = L_SRX,
         .signal = SIG_SRX,
         .handling = SPM_IRQ_FLIH,
         .flih = srx_flih},
        {.signal_name = "STICK_SIGNAL", .source = L_STICK, .signal = SIG_STICK},
        {.signal_name = "STMR_SIGNAL",
         .source = L_STMR,
         .signal = SIG_STMR,
         .handling = SPM_IRQ_FLIH,
         .flih = stmr_flih},
};

static const struct spm_partition_desc parts[] = {
        {.name = "SP_IRQ_SFN",
         .pid = 402,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_NORMAL,
         .model = SPM_MODEL_SFN,
         .entry_init = sfn_init,
         .stack_size = 8192,
         .services = sfn_svcs,
         .n_services = 2,
         .irqs = sfn_irqs,
         .n_irqs = 3},
        {.name = "SP_IRQ",
         .pid = 400,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_HIGH,
         .model = SPM_MODEL_IPC,
         .entry_point = irq_main,
         .stack_size = 8192,
         .services = irq_svcs,
         .n_services = 1,
         .irqs = irq_irqs,
         .n_irqs = 5},
        {.name = "SP_LOWWORK",
         .pid = 401,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_LOW,
         .model = SPM_MODEL_IPC,
         .entry_point = low_main,
         .stack_size = 8192,
         .services = low_svcs,
         .n_services = 1},
};
static const struct spm_load_table table_ipc = {SPM_LOAD_TABLE_VERSION, 3,
                                                parts};
static const struct spm_load_table table_sfn = {SPM_LOAD_TABLE_VERSION, 1,
                                                parts};

/* ------------------------------------------------------------ set-up */

static int boot(void **state)
{
	memset(&n, 0, sizeof(n));
	memset(trace, 0, sizeof(trace));
	n_trace = 0;
	return fixture_boot(state, &table_ipc, &table_sfn);
}

/*
 * The storm's set-up. Under Memcheck every mprotect() is slow (Valgrind
 * tracks the address space), and with page protection on each call the
 * raiser thread starves for minutes; the storm is about interrupt counts,
 * not isolation, so under Valgrind it runs in the check mode. Natively it
 * runs with page protection, like every other case.
 */
static int boot_storm(void **state)
{
	enum spmsim_backend b = fixture_backend(state);
	struct spmsim_config cfg = {
	        .backend = b,
	        .table = b == SPMSIM_BACKEND_SFN ? &table_sfn : &table_ipc,
	        .protection = RUNNING_ON_VALGRIND ? SPMSIM_PROTECTION_CHECK
	                                          : SPMSIM_PROTECTION_TRAP,
	};

	memset(&n, 0, sizeof(n));
	memset(trace, 0, sizeof(trace));
	n_trace = 0;
	return spmsim_boot(&cfg) == PSA_SUCCESS ? 0 : -1;
}

/*
 * The SPM's critical sections, acted out by non-secure code: the HAL's
 * mask is the simulator's interrupt state, which page protection keeps
 * from non-secure code (as a board keeps the Secure PRIMASK from it), so
 * this set-up runs in the check mode.
 */
static int boot_check(void **state)
{
	enum spmsim_backend b = fixture_backend(state);
	struct spmsim_config cfg = {
	        .backend = b,
	        .table = b == SPMSIM_BACKEND_SFN ? &table_sfn : &table_ipc,
	        .protection = SPMSIM_PROTECTION_CHECK,
	};

	memset(&n, 0, sizeof(n));
	memset(trace, 0, sizeof(trace));
	n_trace = 0;
	return spmsim_boot(&cfg) == PSA_SUCCESS ? 0 : -1;
}

static bool on_ipc(void **state)
{
	return fixture_backend(state) == SPMSIM_BACKEND_IPC;
}

static struct counts status;

/** Asks SP_IRQ for its counts (an interrupt point on the way). */
static void ns_status(void *arg)
{
	psa_outvec out = {&status, sizeof(status)};

	(void)arg;
	assert_int_equal(psa_call(H_STATUS, 0, NULL, 0, &out, 1), PSA_SUCCESS);
}

static void ns_raise_then(void *arg)
{
	const uint32_t *lines = arg;

	for (; *lines != 0; lines++) {
		assert_int_equal(spmsim_irq_raise(*lines), 0);
	}
	ns_status(NULL);
}

/* ------------------------------------------------------------- tests */

static void test_slih_round_trip(void **state)
{
	static const uint32_t lines[] = {L_TICK, 0};

	if (!on_ipc(state)) {
		skip();
	}
	assert_int_equal(spmsim_run_ns(ns_raise_then, (void *)lines),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(status.ticks, 1);
	/* psa_eoi re-enabled the line: a second one is taken too. */
	assert_int_equal(spmsim_run_ns(ns_raise_then, (void *)lines),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(status.ticks, 2);
}

static void test_flih_signals_only_when_asked(void **state)
{
	static const uint32_t lines[] = {L_RX, 0};

	if (!on_ipc(state)) {
		skip();
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(spmsim_run_ns(ns_raise_then, (void *)lines),
		                 SPMSIM_EXIT_RETURNED);
	}
	assert_int_equal(status.rx_flih, 4);
	assert_int_equal(status.rx_signals, 2);
}

static void ns_raise_then_ping(void *arg)
{
	const uint32_t *lines = arg;

	for (; *lines != 0; lines++) {
		assert_int_equal(spmsim_irq_raise(*lines), 0);
	}
	assert_int_equal(psa_call(H_PING, 0, NULL, 0, NULL, 0), PSA_SUCCESS);
}

static void test_priority_order(void **state)
{
	/* Raised in reverse: the lower line number (equal priority) first. */
	static const uint32_t ipc_lines[] = {L_RX2, L_RX, 0};
	static const uint32_t sfn_lines[] = {L_STMR, L_SRX, 0};

	if (on_ipc(state)) {
		assert_int_equal(
		        spmsim_run_ns(ns_raise_then, (void *)ipc_lines),
		        SPMSIM_EXIT_RETURNED);
		assert_string_equal(trace, "RS");
	} else {
		assert_int_equal(
		        spmsim_run_ns(ns_raise_then_ping, (void *)sfn_lines),
		        SPMSIM_EXIT_RETURNED);
		assert_string_equal(trace, "ab");
	}
}

static void test_sfn_flih_round_trip(void **state)
{
	static const uint32_t lines[] = {L_SRX, 0};

	(void)state;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(
		        spmsim_run_ns(ns_raise_then_ping, (void *)lines),
		        SPMSIM_EXIT_RETURNED);
	}
	assert_int_equal(n.srx, 3);
	assert_string_equal(trace, "aaa");
}

static void ns_work(void *arg)
{
	(void)arg;
	assert_int_equal(psa_call(H_WORK, 0, NULL, 0, NULL, 0), PSA_SUCCESS);
}

static void test_preempts_lower_priority(void **state)
{
	if (!on_ipc(state)) {
		skip();
	}
	assert_int_equal(spmsim_run_ns(ns_work, NULL), SPMSIM_EXIT_RETURNED);
	/* The HIGH partition's SLIH ran inside the LOW partition's work. */
	assert_string_equal(trace, "wTW");
}

static void ns_critical_section(void *arg)
{
	uint32_t line = *(const uint32_t *)arg;
	uint32_t key;

	key = arch_irq_lock();
	assert_int_equal(spmsim_irq_raise(line), 0);
	(void)psa_rot_lifecycle_state(); /* a point, but masked */
	assert_int_equal(n_trace, 0);
	arch_irq_unlock(key);
	(void)psa_rot_lifecycle_state(); /* taken here */
	assert_int_equal(n_trace, 1);
}

static void test_no_delivery_in_critical_section(void **state)
{
	uint32_t line = on_ipc(state) ? L_RX2 : L_SRX;

	assert_int_equal(spmsim_run_ns(ns_critical_section, &line),
	                 SPMSIM_EXIT_RETURNED);
}

static void ns_raise_one(void *arg)
{
	uint32_t line = *(const uint32_t *)arg;

	assert_int_equal(spmsim_irq_raise(line), 0);
	(void)psa_rot_lifecycle_state(); /* taken here */
}

static void ns_mask_interrupts(void *arg)
{
	(void)arg;
	(void)arch_irq_lock();
}

/*
 * With page protection, non-secure code that stores to the interrupt
 * controller's state (here: sets the mask through the HAL) faults on the
 * simulator's state (the system resets), and the mask stays as it was: a
 * line raised after is taken at the next point.
 */
static void test_non_secure_cannot_mask_interrupts(void **state)
{
	uint32_t line = on_ipc(state) ? L_RX2 : L_SRX;
	struct spmsim_panic p;

	assert_int_equal(spmsim_run_ns(ns_mask_interrupts, NULL),
	                 SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
	assert_string_equal(p.partition, "non-secure");
	assert_string_equal(p.fault.access, "write");
	assert_non_null(strstr(p.fault.region, "interrupts, devices"));
	n_trace = 0;
	assert_int_equal(spmsim_run_ns(ns_raise_one, &line),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(n_trace, 1);
}

static psa_status_t waited;

static void ns_wait_tick(void *arg)
{
	(void)arg;
	waited = psa_call(H_WAIT, 0, NULL, 0, NULL, 0);
}

static void test_sfn_signal_delivered_when_owner_waits(void **state)
{
	(void)state;
	/* Nothing else can run: the core idles until the timer's SLIH. */
	assert_int_equal(spmsim_run_ns(ns_wait_tick, NULL),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(waited, 1);
	assert_int_equal(spmsim_run_ns(ns_wait_tick, NULL),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(waited, 2);
}

static void ns_wait_forever(void *arg)
{
	(void)arg;
	/* SP_IRQ_SFN has no source armed for this signal: never comes. */
	(void)psa_call(H_PING, 1, NULL, 0, NULL, 0);
}

static void test_wait_with_no_source_is_a_deadlock(void **state)
{
	(void)state;
	assert_int_equal(spmsim_run_ns(ns_wait_forever, NULL),
	                 SPMSIM_EXIT_DEADLOCK);
}

static void test_flih_bad_result_panics(void **state)
{
	static const uint32_t lines[] = {L_BAD, 0};
	struct spmsim_panic p;

	if (!on_ipc(state)) {
		skip();
	}
	assert_int_equal(spmsim_run_ns(ns_raise_then, (void *)lines),
	                 SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_string_equal(p.partition, "SP_IRQ");
	assert_non_null(strstr(p.rule, "PSA_FLIH_SIGNAL"));
}

static void test_flih_must_not_block(void **state)
{
	static const uint32_t lines[] = {L_BLOCK, 0};
	struct spmsim_panic p;

	if (!on_ipc(state)) {
		skip();
	}
	assert_int_equal(spmsim_run_ns(ns_raise_then, (void *)lines),
	                 SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_string_equal(p.partition, "SP_IRQ");
	assert_non_null(strstr(p.rule, "blocks"));
}

/* ------------------------------------------------------------- storm */

static unsigned storm_size(void)
{
	/* Memcheck is ~50x slower: the same storm, smaller. */
	return RUNNING_ON_VALGRIND ? 2000u : 100000u;
}

static atomic_bool storm_done;
static unsigned storm_calls;

static void *storm_thread(void *arg)
{
	unsigned count = *(unsigned *)arg;

	for (unsigned i = 0; i < count; i++) {
		if (spmsim_irq_raise(L_SRX) != 0) {
			break;
		}
	}
	atomic_store(&storm_done, true);
	spmsim_irq_source_end();
	return NULL;
}

/** Calls a service while a thread and a timer raise interrupts. */
static void ns_storm(void *arg)
{
	unsigned count = *(unsigned *)arg;
	struct spmsim_irq_stats st;
	pthread_t thread;
	int timer;

	atomic_store(&storm_done, false);
	storm_calls = 0;
	timer = spmsim_timer_start(L_STMR, 20000, true);
	assert_true(timer >= 0);
	spmsim_irq_source_begin();
	assert_int_equal(pthread_create(&thread, NULL, storm_thread, &count),
	                 0);
	while (!atomic_load(&storm_done) || storm_calls < 100) {
		assert_int_equal(psa_call(H_PING, 0, NULL, 0, NULL, 0),
		                 PSA_SUCCESS);
		storm_calls++;
	}
	pthread_join(thread, NULL);
	spmsim_timer_stop(timer);
	/* Take what is still queued or pending. */
	do {
		assert_int_equal(psa_call(H_PING, 0, NULL, 0, NULL, 0),
		                 PSA_SUCCESS);
		spmsim_irq_get_stats(&st);
	} while (st.raised != st.taken + st.merged);
}

static void test_storm_counts_add_up(void **state)
{
	unsigned count = storm_size();
	struct spmsim_irq_stats st;

	(void)state;
	assert_int_equal(spmsim_run_ns(ns_storm, &count), SPMSIM_EXIT_RETURNED);
	spmsim_irq_get_stats(&st);
	/* Every raise was taken or merged into one already pending ... */
	assert_true(st.raised >= count);
	assert_int_equal(st.raised, st.taken + st.merged);
	/* ... and every one taken ran its handler once. */
	assert_int_equal(st.taken, (uint64_t)n.srx + n.stmr);
	assert_true(n.srx > 0 && n.stmr > 0);
	assert_true(storm_calls >= 100);
	assert_int_equal(st.bad_lines, 0);
}

/* ---------------------------------------------------------------- traces */

#define MAX_TRACED 256

/** What a traced run reported: kinds, tracks, names and details. */
static struct {
	enum spmsim_trace_kind kind;
	char track[16], name[24], detail[48];
	uint32_t line;
} traced[MAX_TRACED];
static unsigned n_traced;

static void record(const struct spmsim_trace_event *e, void *arg)
{
	(void)arg;
	if (n_traced < MAX_TRACED) {
		traced[n_traced].kind = e->kind;
		traced[n_traced].line = e->line;
		snprintf(traced[n_traced].track, sizeof(traced[0].track), "%s",
		         e->track);
		snprintf(traced[n_traced].name, sizeof(traced[0].name), "%s",
		         e->name != NULL ? e->name : "");
		snprintf(traced[n_traced].detail, sizeof(traced[0].detail),
		         "%s", e->detail != NULL ? e->detail : "");
		n_traced++;
	}
}

/** The first event of @kind (named @name when not NULL) from @from on. */
static unsigned find(unsigned from, enum spmsim_trace_kind kind,
                     const char *name)
{
	for (unsigned i = from; i < n_traced; i++) {
		if (traced[i].kind == kind &&
		    (name == NULL || strcmp(traced[i].name, name) == 0)) {
			return i;
		}
	}
	fail_msg("no event of kind %d '%s' after %u", (int)kind,
	         name != NULL ? name : "", from);
	return 0;
}

/** A SLIH: the interrupt on SP_IRQ's track, then its psa_eoi(). */
static void test_slih_traced(void **state)
{
	static const uint32_t lines[] = {L_TICK, 0};
	unsigned irq;

	if (!on_ipc(state)) {
		skip();
	}
	n_traced = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	assert_int_equal(spmsim_run_ns(ns_raise_then, (void *)lines),
	                 SPMSIM_EXIT_RETURNED);
	spmsim_trace_remove_sink(record, NULL);
	irq = find(0, SPMSIM_TRACE_IRQ, NULL);
	assert_int_equal(traced[irq].line, L_TICK);
	assert_string_equal(traced[irq].track, "SP_IRQ");
	assert_string_equal(traced[irq].detail, "SLIH");
	assert_string_equal(
	        traced[find(irq, SPMSIM_TRACE_API_BEGIN, "psa_eoi")].track,
	        "SP_IRQ");
}

/** A FLIH: the interrupt on SP_IRQ_SFN's track, on both backends. */
static void test_flih_traced(void **state)
{
	static const uint32_t lines[] = {L_SRX, 0};
	unsigned irq;

	(void)state;
	n_traced = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	assert_int_equal(spmsim_run_ns(ns_raise_then_ping, (void *)lines),
	                 SPMSIM_EXIT_RETURNED);
	spmsim_trace_remove_sink(record, NULL);
	irq = find(0, SPMSIM_TRACE_IRQ, NULL);
	assert_int_equal(traced[irq].line, L_SRX);
	assert_string_equal(traced[irq].track, "SP_IRQ_SFN");
	assert_string_equal(traced[irq].detail, "FLIH");
}

/** A deadlock resets the system, and the trace says why. */
static void test_deadlock_reset_traced(void **state)
{
	unsigned reset;

	(void)state;
	n_traced = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	assert_int_equal(spmsim_run_ns(ns_wait_forever, NULL),
	                 SPMSIM_EXIT_DEADLOCK);
	spmsim_trace_remove_sink(record, NULL);
	reset = find(0, SPMSIM_TRACE_RESET, NULL);
	assert_non_null(strstr(traced[reset].detail, "deadlock"));
	(void)find(reset, SPMSIM_TRACE_BOOT, NULL);
}

#define BOTH(fn) FIXTURE_BOTH(boot, fn)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        BOTH(test_slih_round_trip),
	        BOTH(test_flih_signals_only_when_asked),
	        BOTH(test_priority_order),
	        BOTH(test_sfn_flih_round_trip),
	        BOTH(test_preempts_lower_priority),
	        FIXTURE_BOTH(boot_check, test_no_delivery_in_critical_section),
	        BOTH(test_non_secure_cannot_mask_interrupts),
	        BOTH(test_sfn_signal_delivered_when_owner_waits),
	        BOTH(test_wait_with_no_source_is_a_deadlock),
	        BOTH(test_flih_bad_result_panics),
	        BOTH(test_flih_must_not_block),
	        FIXTURE_BOTH(boot_storm, test_storm_counts_add_up),
	        BOTH(test_slih_traced),
	        BOTH(test_flih_traced),
	        BOTH(test_deadlock_reset_traced),
	};

	return cmocka_run_group_tests_name("irq", tests, NULL, NULL);
}
