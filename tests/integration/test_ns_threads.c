/*
 * Several non-secure threads (spmsim_run_ns_threads()): client ids per
 * thread, connections owned by the thread that made them, the seeded
 * order's exact replay, calls from many threads at once under both
 * protection modes, resets and panics while threads are inside calls, and
 * a stress run with interrupts and injected resets mixed in.
 *
 * The group tests run in the three groups of test_partitions.h.
 */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>
#include <valgrind/valgrind.h>

#include "spmsim/ns_agent.h"
#include "spmsim/trace.h"
#include "test_partitions.h"

#define MAX_THREADS 16

/** What one thread did, checked by the test after the run. */
struct worker {
	unsigned index;
	int32_t expect_id;
	/** Calls to make (or made so far, across runs). */
	unsigned goal;
	unsigned done;
	/** Results in order, for the tests that compare them. */
	int32_t results[64];
	unsigned n_results;
	/** Wrong answers seen (an echo that did not come back as sent). */
	unsigned wrong;
	/** Calls that ended with PSA_ERROR_COMMUNICATION_FAILURE. */
	unsigned failed;
	int32_t seen_id;
};

static struct worker workers[MAX_THREADS];
static struct spmsim_ns_thread threads[MAX_THREADS];

/** A run of @n threads of @fn over workers[], in @order. */
static enum spmsim_exit run_threads(void (*fn)(void *), unsigned n,
                                    enum spmsim_ns_order order, uint64_t seed)
{
	struct spmsim_ns_run run = {
	        .threads = threads,
	        .count = n,
	        .order = order,
	        .seed = seed,
	};

	for (unsigned i = 0; i < n; i++) {
		threads[i].fn = fn;
		threads[i].arg = &workers[i];
		workers[i].index = i;
	}
	return spmsim_run_ns_threads(&run);
}

static void clear_workers(void)
{
	memset(workers, 0, sizeof(workers));
	memset(threads, 0, sizeof(threads));
}

/* ------------------------------------------------------------ client ids */

static void ns_client_id(void *arg)
{
	struct worker *w = arg;

	w->seen_id = spmsim_ns_client_id();
	w->results[0] =
	        tp_ns_call(TP_SID(TP_MAIN), 1, CMD_CLIENT_ID, NULL, 0, NULL, 0);
	w->n_results = 1;
}

/** Each thread is a client of its own: the default ids and given ones. */
static void test_client_ids(void **state)
{
	static const int32_t given[4] = {-10, 0, -300, -7};

	(void)state;
	for (int order = 0; order < 2; order++) {
		clear_workers();
		for (unsigned i = 0; i < 4; i++) {
			threads[i].client_id = given[i];
		}
		assert_int_equal(run_threads(ns_client_id, 4,
		                             (enum spmsim_ns_order)order, 1),
		                 SPMSIM_EXIT_RETURNED);
		for (unsigned i = 0; i < 4; i++) {
			int32_t id = given[i] != 0 ? given[i] : -1 - (int32_t)i;

			assert_int_equal(workers[i].seen_id, id);
			assert_int_equal(workers[i].results[0], id);
			assert_int_equal(threads[i].calls, 3);
			assert_false(threads[i].cut_short);
		}
	}
	/* Outside a threaded run: the configuration's id. */
	assert_int_equal(spmsim_ns_client_id(), -1);
	TP_ASSERT_HEALTHY();
}

/* ------------------------------------------------- connection ownership */

static psa_handle_t shared_handle;
static sem_t connected_sem, tried_sem;

static void ns_owner(void *arg)
{
	struct worker *w = arg;

	shared_handle = psa_connect(TP_SID(TP_MAIN), 1);
	sem_post(&connected_sem);
	while (sem_wait(&tried_sem) != 0) {
	}
	w->results[0] =
	        psa_call(shared_handle, CMD_CLIENT_ID, NULL, 0, NULL, 0);
	psa_close(shared_handle);
	w->results[1] = psa_call(shared_handle, CMD_NOP, NULL, 0, NULL, 0);
}

static void ns_thief(void *arg)
{
	struct worker *w = arg;

	while (sem_wait(&connected_sem) != 0) {
	}
	w->results[0] =
	        psa_call(shared_handle, CMD_CLIENT_ID, NULL, 0, NULL, 0);
	/* A foreign close is refused too: the owner's call still works. */
	psa_close(shared_handle);
	sem_post(&tried_sem);
}

static void ns_owner_or_thief(void *arg)
{
	struct worker *w = arg;

	if (w->index == 0) {
		ns_owner(arg);
	} else {
		ns_thief(arg);
	}
}

/** A handle used from another thread's client id is a programmer error. */
static void test_handle_of_another_thread(void **state)
{
	(void)state;
	clear_workers();
	sem_init(&connected_sem, 0, 0);
	sem_init(&tried_sem, 0, 0);
	assert_int_equal(
	        run_threads(ns_owner_or_thief, 2, SPMSIM_NS_ORDER_FREE, 0),
	        SPMSIM_EXIT_RETURNED);
	assert_true(shared_handle > 0);
	assert_int_equal(workers[1].results[0], PSA_ERROR_PROGRAMMER_ERROR);
	assert_int_equal(workers[0].results[0], -1);
	assert_int_equal(workers[0].results[1], PSA_ERROR_PROGRAMMER_ERROR);
	sem_destroy(&connected_sem);
	sem_destroy(&tried_sem);
	TP_ASSERT_HEALTHY();
}

/* ------------------------------------------------------ seeded replay */

#define REPLAY_CALLS 24

static void ns_counter(void *arg)
{
	struct worker *w = arg;
	psa_handle_t h = psa_connect(TP_SID(TP_MAIN), 1);

	for (unsigned i = 0; i < REPLAY_CALLS; i++) {
		w->results[w->n_results++] =
		        psa_call(h, CMD_COUNTER, NULL, 0, NULL, 0);
	}
	psa_close(h);
}

/** The counters each thread saw, from a fresh system, with @seed. */
static void replay(uint64_t seed, int32_t out[4][REPLAY_CALLS])
{
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	clear_workers();
	assert_int_equal(
	        run_threads(ns_counter, 4, SPMSIM_NS_ORDER_SEEDED, seed),
	        SPMSIM_EXIT_RETURNED);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(workers[i].n_results, REPLAY_CALLS);
		memcpy(out[i], workers[i].results, sizeof(out[i]));
	}
}

/**
 * The seeded order replays exactly: a shared counter bumped by every call
 * gives each thread the same values on a second run with the same seed,
 * and other values with another seed.
 */
static void test_seeded_order_replays(void **state)
{
	int32_t a[4][REPLAY_CALLS], b[4][REPLAY_CALLS], c[4][REPLAY_CALLS];

	(void)state;
	replay(42, a);
	replay(42, b);
	replay(43, c);
	assert_memory_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, c, sizeof(a));
	/* Every value once: the calls did go one at a time. */
	for (unsigned k = 1; k <= 4 * REPLAY_CALLS; k++) {
		unsigned seen = 0;

		for (unsigned i = 0; i < 4; i++) {
			for (unsigned j = 0; j < REPLAY_CALLS; j++) {
				seen += a[i][j] % 1000 == (int32_t)k;
			}
		}
		assert_int_equal(seen, 1);
	}
}

/* ------------------------------------------------------ echoes in bulk */

/** Echoes (thread, sequence) pairs through its own connection. */
static void ns_echo(void *arg)
{
	struct worker *w = arg;
	psa_handle_t h = psa_connect(TP_SID(TP_MAIN), 1);

	if (h <= 0) {
		w->failed++;
		return;
	}
	while (w->done < w->goal) {
		uint32_t sent[2] = {w->index, w->done}, got[2] = {0, 0};
		psa_invec in = {sent, sizeof(sent)};
		psa_outvec out = {got, sizeof(got)};
		psa_status_t s = psa_call(h, CMD_ECHO, &in, 1, &out, 1);

		if (s == PSA_ERROR_COMMUNICATION_FAILURE) {
			w->failed++;
			return; /* the run ended under the thread */
		}
		/* The echo's status is the number of bytes it echoed. */
		if (s != (psa_status_t)sizeof(got) || out.len != sizeof(got) ||
		    memcmp(sent, got, sizeof(got)) != 0) {
			w->wrong++;
		}
		w->done++;
		if (w->done % 64 == 0 && w->index % 4 == 0) {
			/* Interrupts from the non-secure threads too. */
			(void)spmsim_irq_raise(40 + w->index % 4);
		}
	}
	psa_close(h);
}

static void echo_many(unsigned n, unsigned calls)
{
	clear_workers();
	for (unsigned i = 0; i < n; i++) {
		workers[i].goal = calls;
	}
	assert_int_equal(run_threads(ns_echo, n, SPMSIM_NS_ORDER_FREE, 0),
	                 SPMSIM_EXIT_RETURNED);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(workers[i].done, calls);
		assert_int_equal(workers[i].wrong, 0);
		assert_int_equal(workers[i].failed, 0);
		assert_int_equal(threads[i].calls, calls + 2);
	}
}

/** Eight threads' echoes all come back to their senders, in both modes. */
static void test_echoes_from_many_threads(void **state)
{
	(void)state;
	echo_many(8, 200);
	tp_reboot(
	        (struct spmsim_config){.protection = SPMSIM_PROTECTION_CHECK});
	echo_many(8, 200);
	TP_ASSERT_HEALTHY();
}

/* -------------------------------------------- resets inside the calls */

/**
 * Connects and holds the connection while it calls, until its run ends:
 * results[1] is the status that ended it, seen_id whether it was told.
 */
static void ns_hold_and_call(void *arg)
{
	struct worker *w = arg;
	psa_handle_t h = psa_connect(TP_SID(TP_MAIN), 1);
	psa_status_t s = h;

	while (h > 0 &&
	       (s = psa_call(h, CMD_NOP, NULL, 0, NULL, 0)) == PSA_SUCCESS) {
		w->done++;
	}
	w->results[1] = s;
	w->seen_id = spmsim_ns_run_over();
}

/** Every thread of a run connects once: none refused, none left over. */
static void assert_pool_whole(unsigned n)
{
	clear_workers();
	assert_int_equal(run_threads(ns_client_id, n, SPMSIM_NS_ORDER_FREE, 0),
	                 SPMSIM_EXIT_RETURNED);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(workers[i].results[0], -1 - (int32_t)i);
	}
}

/**
 * A reset while eight threads are inside or waiting for calls: every
 * thread's call ends with COMMUNICATION_FAILURE and the thread is told, the
 * run returns, and the next run finds every connection free.
 */
static void test_reset_inside_calls(void **state)
{
	(void)state;
	tp_reboot((struct spmsim_config){.connections = 8});
	clear_workers();
	spmsim_reset_after(200);
	assert_int_equal(
	        run_threads(ns_hold_and_call, 8, SPMSIM_NS_ORDER_FREE, 0),
	        SPMSIM_EXIT_RESET);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_INJECTED);
	for (unsigned i = 0; i < 8; i++) {
		assert_int_equal(workers[i].results[1],
		                 PSA_ERROR_COMMUNICATION_FAILURE);
		assert_int_equal(workers[i].seen_id, 1);
		assert_true(threads[i].cut_short);
	}
	assert_pool_whole(8);
	TP_ASSERT_HEALTHY();
}

static void ns_panic_or_call(void *arg)
{
	struct worker *w = arg;

	if (w->index == 3) {
		/* Let the others get going first. */
		for (unsigned i = 0; i < 20; i++) {
			(void)psa_framework_version();
		}
		w->results[1] = tp_ns_call_int(TP_SID(TP_MAIN), CMD_PANIC, 0);
		w->seen_id = spmsim_ns_run_over();
		return;
	}
	ns_hold_and_call(arg);
}

/** A service's panic while threads are inside calls: they all end. */
static void test_panic_inside_calls(void **state)
{
	struct spmsim_panic p;

	(void)state;
	tp_reboot((struct spmsim_config){.connections = 8});
	clear_workers();
	assert_int_equal(
	        run_threads(ns_panic_or_call, 8, SPMSIM_NS_ORDER_FREE, 0),
	        SPMSIM_EXIT_RESET);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_PANIC);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_PSA_PANIC);
	assert_int_equal(p.partition_id, tp_g->t->pid);
	for (unsigned i = 0; i < 8; i++) {
		assert_int_equal(workers[i].results[1],
		                 PSA_ERROR_COMMUNICATION_FAILURE);
		assert_int_equal(workers[i].seen_id, 1);
		assert_true(threads[i].cut_short);
	}
	assert_pool_whole(8);
	TP_ASSERT_HEALTHY();
}

/* ------------------------------------------------- a thread's own fault */

/** A page no one may touch. */
static volatile int *volatile no_access;

static void ns_fault_or_call(void *arg)
{
	struct worker *w = arg;

	if (w->index == 1) {
		(void)psa_framework_version();
		*no_access = 1;
	} else if (w->index == 2) {
		(void)psa_framework_version();
		__builtin_trap();
	} else if (w->index == 4) {
		exit(3); /* ends this thread, not the process */
	}
	ns_client_id(arg);
}

/**
 * A fault of a thread's own code ends that thread alone, as the
 * non-secure OS would; the other threads and the system go on.
 */
static void test_fault_ends_one_thread(void **state)
{
	(void)state;
	/* The faults are deliberate: Valgrind reports each as what it is. */
	if (RUNNING_ON_VALGRIND) {
		skip();
	}
	no_access =
	        mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(no_access != MAP_FAILED);
	clear_workers();
	assert_int_equal(
	        run_threads(ns_fault_or_call, 5, SPMSIM_NS_ORDER_FREE, 0),
	        SPMSIM_EXIT_RETURNED);
	munmap((void *)no_access, 4096);
	assert_int_equal(threads[1].fault_signal, SIGSEGV);
	assert_int_equal(threads[2].fault_signal, SIGILL);
	assert_int_equal(threads[4].fault_signal, SIGABRT);
	for (unsigned i = 0; i < 4; i += 3) {
		assert_int_equal(threads[i].fault_signal, 0);
		assert_int_equal(workers[i].results[0], -1 - (int32_t)i);
	}
	assert_int_equal(threads[1].calls, 1);
	TP_ASSERT_HEALTHY();
}

/* --------------------------------------------------------------- stress */

#define STRESS_THREADS 16
/* Under Valgrind (memcheck, Helgrind) every call costs ~50 times more. */
#define STRESS_CALLS   (RUNNING_ON_VALGRIND ? 250u : 1500u)

/**
 * Sixteen threads echo STRESS_CALLS numbered calls each while some raise
 * interrupts and resets strike every few thousand SPM entries: every call
 * gets its own reply exactly once and in order (a call cut by a reset is
 * made again in the next run), and no connection is left behind.
 */
static void test_stress(void **state)
{
	struct spmsim_irq_stats before, after;
	unsigned runs = 0, resets = 0, total_failed = 0;
	bool all_done = false;

	(void)state;
	tp_reboot((struct spmsim_config){.connections = STRESS_THREADS});
	clear_workers();
	for (unsigned i = 0; i < STRESS_THREADS; i++) {
		workers[i].goal = STRESS_CALLS;
	}
	spmsim_irq_get_stats(&before);
	while (!all_done) {
		enum spmsim_exit e;

		spmsim_reset_after(STRESS_CALLS * 2 + 700 * (runs % 3));
		memset(threads, 0, sizeof(threads));
		e = run_threads(ns_echo, STRESS_THREADS, SPMSIM_NS_ORDER_FREE,
		                0);
		spmsim_reset_after_cancel();
		assert_true(e == SPMSIM_EXIT_RETURNED ||
		            e == SPMSIM_EXIT_RESET);
		resets += e == SPMSIM_EXIT_RESET;
		runs++;
		all_done = true;
		for (unsigned i = 0; i < STRESS_THREADS; i++) {
			assert_int_equal(workers[i].wrong, 0);
			all_done &= workers[i].done == STRESS_CALLS;
		}
		assert_true(runs < 100);
	}
	for (unsigned i = 0; i < STRESS_THREADS; i++) {
		total_failed += workers[i].failed;
	}
	/* Each reset cut at least one call, which was made again. */
	assert_true(resets > 0);
	assert_true(total_failed >= resets);
	spmsim_irq_get_stats(&after);
	assert_true(after.raised > 0 || resets > 0);
	assert_pool_whole(STRESS_THREADS);
}

/* ---------------------------------------------------- the mailbox agent */

#define AGENT_PID       300
#define AGENT_SIGNAL    (1u << 31)
#define AGENT_LINE      45u
#define AGENT_ID_BASE   (-0x0400ffff)
#define AGENT_ID_LIMIT  (-0x04000000)
#define MAILBOX_THREADS 8
#define MAILBOX_CALLS   150

/** A mailbox agent in the shape of TF-M's ns_agent_mailbox. */
static void agent_entry(void)
{
	struct spmsim_mailbox_msg m;
	int slot;

	psa_irq_enable(AGENT_SIGNAL);
	for (;;) {
		(void)psa_wait(AGENT_SIGNAL, PSA_BLOCK);
		psa_eoi(AGENT_SIGNAL);
		while ((slot = spmsim_mailbox_take(&m)) >= 0) {
			spmsim_mailbox_reply(slot, spmsim_agent_dispatch(&m));
		}
	}
}

static const struct spm_irq_desc agent_irqs[] = {
        {.signal_name = "MAILBOX_INTERRUPT_SIGNAL",
         .source = AGENT_LINE,
         .signal = AGENT_SIGNAL,
         .handling = SPM_IRQ_SLIH},
};

static struct spm_partition_desc agent_parts[8];
static struct spm_load_table agent_table;

/** Boots the IPC backend with the test partitions and the agent. */
static void boot_with_agent(enum spmsim_protection protection)
{
	struct spmsim_config cfg = {.table = &agent_table,
	                            .backend = SPMSIM_BACKEND_IPC,
	                            .protection = protection,
	                            .connections = 64};
	uint32_t n = tp_table_all.n_partitions;

	tp_require_ipc_backend();
	memcpy(agent_parts, tp_table_all.partitions,
	       n * sizeof(agent_parts[0]));
	agent_parts[n] = (struct spm_partition_desc){
	        .name = "TFM_NS_MAILBOX_AGENT",
	        .pid = AGENT_PID,
	        .ffm_version = SPM_FFM_VERSION_1_1,
	        .type = SPM_PARTITION_PSA_ROT,
	        .priority = SPM_PRIORITY_LOW,
	        .model = SPM_MODEL_IPC,
	        .entry_point = agent_entry,
	        .stack_size = 0x2000,
	        .irqs = agent_irqs,
	        .n_irqs = 1,
	        .manifest = "ns_agent_mailbox (test)",
	        .ns_agent = true,
	        .client_id_base = AGENT_ID_BASE,
	        .client_id_limit = AGENT_ID_LIMIT,
	};
	agent_table = (struct spm_load_table){SPM_LOAD_TABLE_VERSION, n + 1,
	                                      agent_parts};
	spmsim_shutdown();
	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
}

/** A run of @n mailbox clients (and @tz TrustZone ones) of @fn. */
static enum spmsim_exit run_mailbox(void (*fn)(void *), unsigned n, unsigned tz,
                                    unsigned slots, struct spmsim_ns_run *run)
{
	*run = (struct spmsim_ns_run){
	        .threads = threads, .count = n + tz, .mailbox_slots = slots};
	for (unsigned i = 0; i < n + tz; i++) {
		threads[i].fn = fn;
		threads[i].arg = &workers[i];
		threads[i].mailbox = i < n;
		workers[i].index = i;
	}
	return spmsim_run_ns_threads(run);
}

/**
 * Mailbox clients are clients of their own: the service sees each one's
 * id mapped into the agent's range (limit + 1 + id), and an id outside
 * the range is refused.
 */
static void test_mailbox_client_ids(void **state)
{
	struct spmsim_ns_run run;

	(void)state;
	boot_with_agent(SPMSIM_PROTECTION_TRAP);
	clear_workers();
	threads[2].client_id = -0x10000; /* the range's last id */
	threads[3].client_id = -0x10001; /* one past it */
	assert_int_equal(run_mailbox(ns_client_id, 4, 0, 2, &run),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(workers[0].results[0], AGENT_ID_LIMIT);
	assert_int_equal(workers[1].results[0], AGENT_ID_LIMIT - 1);
	assert_int_equal(workers[2].results[0], AGENT_ID_BASE);
	assert_int_equal(workers[3].results[0], PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(run.mailbox.posted, run.mailbox.replied);
	assert_int_equal(run.mailbox.posted, 3 * 3 + 1);
	TP_ASSERT_HEALTHY();
}

static void ns_never_replied(void *arg)
{
	struct worker *w = arg;

	w->results[0] = tp_ns_call(TP_SID(TP_MAIN), 1, CMD_NEVER_REPLY, NULL, 0,
	                           NULL, 0);
}

/**
 * A service that never replies to the agent's call for a mailbox client:
 * nothing can run and no interrupt can come, so the run ends as a
 * deadlock (the system resets) instead of hanging its threads.
 */
static void test_mailbox_deadlock(void **state)
{
	struct spmsim_ns_run run;

	(void)state;
	tp_require_ipc_model();
	boot_with_agent(SPMSIM_PROTECTION_CHECK);
	clear_workers();
	assert_int_equal(run_mailbox(ns_never_replied, 2, 0, 1, &run),
	                 SPMSIM_EXIT_DEADLOCK);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_DEADLOCK);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(workers[i].results[0],
		                 PSA_ERROR_COMMUNICATION_FAILURE);
		assert_true(threads[i].cut_short);
	}
	clear_workers();
	assert_int_equal(run_mailbox(ns_client_id, 2, 1, 1, &run),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(workers[0].results[0], AGENT_ID_LIMIT);
}

/** Secure memory a client names in its vectors (set by the test). */
static void *secret;

/** Echoes from the secure memory in secret, then into it. */
static void ns_vector_into_secure(void *arg)
{
	struct worker *w = arg;
	char buf[8] = "abcdefg";
	psa_invec in = {secret, sizeof(buf)};
	psa_outvec out = {buf, sizeof(buf)};
	psa_handle_t h = psa_connect(TP_SID(TP_MAIN), 1);

	w->results[0] = psa_call(h, CMD_ECHO, &in, 1, &out, 1);
	in.base = buf;
	out.base = secret;
	w->results[1] = psa_call(h, CMD_ECHO, &in, 1, &out, 1);
	out.base = buf;
	w->results[2] = psa_call(h, CMD_ECHO, &in, 1, &out, 1);
	psa_close(h);
}

/**
 * The agent's calls follow the non-secure rules for its client's vectors:
 * secure memory is refused (the agent itself may reach it), non-secure
 * memory echoes.
 */
static void test_mailbox_refuses_secure_vectors(void **state)
{
	struct spmsim_ns_run run;

	(void)state;
	boot_with_agent(SPMSIM_PROTECTION_TRAP);
	secret = spmsim_area_address(SPMSIM_AREA_SPM, NULL);
	assert_non_null(secret);
	clear_workers();
	assert_int_equal(run_mailbox(ns_vector_into_secure, 1, 1, 1, &run),
	                 SPMSIM_EXIT_RETURNED);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(workers[i].results[0],
		                 PSA_ERROR_PROGRAMMER_ERROR);
		assert_int_equal(workers[i].results[1],
		                 PSA_ERROR_PROGRAMMER_ERROR);
		assert_int_equal(workers[i].results[2], 8);
	}
}

/** Echoes through the mailbox from @n clients (and @tz TrustZone ones). */
static void mailbox_echoes(unsigned n, unsigned tz, unsigned slots,
                           struct spmsim_ns_run *run)
{
	uint64_t calls = 0;

	clear_workers();
	for (unsigned i = 0; i < n + tz; i++) {
		workers[i].goal = MAILBOX_CALLS;
	}
	assert_int_equal(run_mailbox(ns_echo, n, tz, slots, run),
	                 SPMSIM_EXIT_RETURNED);
	for (unsigned i = 0; i < n + tz; i++) {
		assert_int_equal(workers[i].done, MAILBOX_CALLS);
		assert_int_equal(workers[i].wrong, 0);
		assert_int_equal(workers[i].failed, 0);
		assert_int_equal(threads[i].calls, MAILBOX_CALLS + 2);
		calls += i < n ? threads[i].calls : 0;
	}
	/* Every post replied to once, none lost. */
	assert_int_equal(run->mailbox.posted, calls);
	assert_int_equal(run->mailbox.replied, calls);
}

/**
 * Many mailbox clients at once, with TrustZone clients beside them: every
 * echo comes back to its sender; with one slot the posters wait for it.
 */
static void test_mailbox_echoes(void **state)
{
	struct spmsim_ns_run run;

	(void)state;
	boot_with_agent(SPMSIM_PROTECTION_TRAP);
	mailbox_echoes(MAILBOX_THREADS, 0, 8, &run);
	mailbox_echoes(MAILBOX_THREADS, 4, 3, &run);
	mailbox_echoes(4, 0, 1, &run);
	assert_true(run.mailbox.full_waits > 0);
	boot_with_agent(SPMSIM_PROTECTION_CHECK);
	mailbox_echoes(MAILBOX_THREADS, 2, 8, &run);
	print_message("# mailbox: %llu posted, %llu overtook an earlier post\n",
	              (unsigned long long)run.mailbox.posted,
	              (unsigned long long)run.mailbox.out_of_order);
	TP_ASSERT_HEALTHY();
}

/** A reset while mailbox clients wait: every one is told, none hangs. */
static void test_mailbox_reset(void **state)
{
	struct spmsim_ns_run run;

	(void)state;
	boot_with_agent(SPMSIM_PROTECTION_TRAP);
	clear_workers();
	spmsim_reset_after(300);
	assert_int_equal(run_mailbox(ns_hold_and_call, 6, 2, 2, &run),
	                 SPMSIM_EXIT_RESET);
	for (unsigned i = 0; i < 8; i++) {
		assert_int_equal(workers[i].results[1],
		                 PSA_ERROR_COMMUNICATION_FAILURE);
		assert_int_equal(workers[i].seen_id, 1);
		assert_true(threads[i].cut_short);
	}
	clear_workers();
	assert_int_equal(run_mailbox(ns_client_id, 6, 2, 2, &run),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(workers[0].results[0], AGENT_ID_LIMIT);
	assert_int_equal(workers[7].results[0], -8);
}

/** Without an agent partition, mailbox clients are refused. */
static void test_mailbox_needs_agent(void **state)
{
	struct spmsim_ns_run run;

	(void)state;
	clear_workers();
	assert_int_equal(run_mailbox(ns_client_id, 1, 0, 0, &run),
	                 SPMSIM_EXIT_ERROR);
	assert_non_null(strstr(spmsim_error(), "ns_agent"));
}

/* ------------------------------------------------------------- traces */

#define MAX_TRACKS 16

/** The non-secure tracks seen, and the client ids services were given. */
static struct {
	int32_t id[MAX_TRACKS];
	char name[MAX_TRACKS][24];
	unsigned n;
	int32_t peers[MAX_TRACKS];
	unsigned n_peers;
} tracks;

static void add_unique(int32_t *list, unsigned *n, int32_t v)
{
	for (unsigned i = 0; i < *n; i++) {
		if (list[i] == v) {
			return;
		}
	}
	if (*n < MAX_TRACKS) {
		list[(*n)++] = v;
	}
}

static void record_track(const struct spmsim_trace_event *ev, void *arg)
{
	unsigned before = tracks.n;

	(void)arg;
	if (ev->track_id < 0) {
		add_unique(tracks.id, &tracks.n, ev->track_id);
		if (tracks.n > before) {
			snprintf(tracks.name[before], sizeof(tracks.name[0]),
			         "%s", ev->track);
		}
	}
	if (ev->kind == SPMSIM_TRACE_SERVICE_BEGIN) {
		add_unique(tracks.peers, &tracks.n_peers, ev->peer_id);
	}
}

static bool has(const int32_t *list, unsigned n, int32_t v)
{
	for (unsigned i = 0; i < n; i++) {
		if (list[i] == v) {
			return true;
		}
	}
	return false;
}

/**
 * Each thread is a track of its own in the trace ("NS <id>"), each mailbox
 * client's calls are the agent's, with the client's id as the peer.
 */
static void test_tracks_per_thread(void **state)
{
	struct spmsim_ns_run run;

	(void)state;
	boot_with_agent(SPMSIM_PROTECTION_TRAP);
	memset(&tracks, 0, sizeof(tracks));
	clear_workers();
	assert_int_equal(spmsim_trace_add_sink(record_track, NULL), 0);
	assert_int_equal(run_mailbox(ns_client_id, 2, 3, 2, &run),
	                 SPMSIM_EXIT_RETURNED);
	spmsim_trace_remove_sink(record_track, NULL);
	/* Threads 2..4 are TrustZone clients -3, -4, -5. */
	for (int32_t id = -3; id >= -5; id--) {
		char want[24];
		unsigned k = 0;

		assert_true(has(tracks.id, tracks.n, id));
		while (tracks.id[k] != id) {
			k++;
		}
		snprintf(want, sizeof(want), "NS %d", (int)id);
		assert_string_equal(tracks.name[k], want);
		assert_true(has(tracks.peers, tracks.n_peers, id));
	}
	/* The mailbox clients -1 and -2 reach services under mapped ids. */
	assert_false(has(tracks.id, tracks.n, -2));
	assert_true(has(tracks.peers, tracks.n_peers, AGENT_ID_LIMIT));
	assert_true(has(tracks.peers, tracks.n_peers, AGENT_ID_LIMIT - 1));
}

/* ----------------------------------------------------- the harness API */

static void ns_nothing(void *arg)
{
	(void)arg;
}

/** Bad runs are refused with a reason, and nothing runs. */
static void test_bad_runs(void **state)
{
	struct spmsim_ns_thread t[3] = {
	        {.fn = ns_nothing}, {.fn = ns_nothing}, {.fn = ns_nothing}};
	struct spmsim_ns_run run = {.threads = t, .count = 0};

	(void)state;
	assert_int_equal(spmsim_run_ns_threads(&run), SPMSIM_EXIT_ERROR);
	assert_non_null(strstr(spmsim_error(), "1 to 64 threads"));
	run.count = 3;
	t[1].client_id = 5;
	assert_int_equal(spmsim_run_ns_threads(&run), SPMSIM_EXIT_ERROR);
	assert_non_null(strstr(spmsim_error(), "negative"));
	t[1].client_id = -1;
	assert_int_equal(spmsim_run_ns_threads(&run), SPMSIM_EXIT_ERROR);
	assert_non_null(strstr(spmsim_error(), "share client id -1"));
	t[1].client_id = -9;
	t[2].fn = NULL;
	assert_int_equal(spmsim_run_ns_threads(&run), SPMSIM_EXIT_ERROR);
	assert_non_null(strstr(spmsim_error(), "no function"));
	t[2].fn = ns_nothing;
	run.order = (enum spmsim_ns_order)7;
	assert_int_equal(spmsim_run_ns_threads(&run), SPMSIM_EXIT_ERROR);
	run.order = SPMSIM_NS_ORDER_SEEDED;
	assert_int_equal(spmsim_run_ns_threads(&run), SPMSIM_EXIT_RETURNED);
	TP_ASSERT_HEALTHY();
}

/* ------------------------------------------------------------------ main */

#define THREAD_TESTS(g)                                                        \
	TP_TEST(test_client_ids, g),                                           \
	        TP_TEST(test_handle_of_another_thread, g),                     \
	        TP_TEST(test_seeded_order_replays, g),                         \
	        TP_TEST(test_echoes_from_many_threads, g),                     \
	        TP_TEST(test_reset_inside_calls, g),                           \
	        TP_TEST(test_panic_inside_calls, g),                           \
	        TP_TEST(test_fault_ends_one_thread, g),                        \
	        TP_TEST(test_mailbox_client_ids, g),                           \
	        TP_TEST(test_mailbox_echoes, g),                               \
	        TP_TEST(test_mailbox_reset, g),                                \
	        TP_TEST(test_mailbox_needs_agent, g),                          \
	        TP_TEST(test_mailbox_refuses_secure_vectors, g),               \
	        TP_TEST(test_mailbox_deadlock, g),                             \
	        TP_TEST(test_tracks_per_thread, g), TP_TEST(test_bad_runs, g)

int main(void)
{
	const struct CMUnitTest ipc[] = {THREAD_TESTS(&tp_group_ipc),
	                                 TP_TEST(test_stress, &tp_group_ipc)};
	const struct CMUnitTest ipc_sfn[] = {THREAD_TESTS(&tp_group_ipc_sfn)};
	const struct CMUnitTest sfn[] = {THREAD_TESTS(&tp_group_sfn),
	                                 TP_TEST(test_stress, &tp_group_sfn)};
	int failed = 0;

	failed +=
	        cmocka_run_group_tests_name("ns_threads/ipc", ipc, NULL, NULL);
	failed += cmocka_run_group_tests_name("ns_threads/ipc-sfn-model",
	                                      ipc_sfn, NULL, NULL);
	failed +=
	        cmocka_run_group_tests_name("ns_threads/sfn", sfn, NULL, NULL);
	return failed != 0;
}
