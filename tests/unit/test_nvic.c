/*
 * The NVIC model (sim/irq_model/nvic.c), alone: priority order and ties,
 * implemented priority bits, PRIMASK and BASEPRI, pending while disabled,
 * nesting, merging of raises, the bell that mirrors attention, and raises
 * from a POSIX signal handler and from one or two other threads while the
 * core takes and completes: every raise is either taken or merged, none
 * lost. Links nvic.c only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <valgrind/valgrind.h>

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#include "nvic.h"

#define LINES     64u
#define PRIO_BITS 3u

/* Static so the signal handlers can reach it; setup() re-initialises it. */
static struct nvic nv;

static int setup(void **state)
{
	(void)state;
	assert_int_equal(nvic_init(&nv, LINES, PRIO_BITS), NVIC_OK);
	return 0;
}

/** Enables @line at @prio and raises it, expecting a fresh request. */
static void arm(unsigned line, uint8_t prio)
{
	assert_int_equal(nvic_set_priority(&nv, line, prio), NVIC_OK);
	assert_int_equal(nvic_enable(&nv, line), NVIC_OK);
	assert_int_equal(nvic_raise(&nv, line), NVIC_RAISE_NEW);
}

/** Takes and completes the highest pending line, which must be @line. */
static void deliver(int line)
{
	assert_int_equal(nvic_highest_pending(&nv), line);
	assert_int_equal(nvic_take(&nv, (unsigned)line), NVIC_OK);
	assert_int_equal(nvic_complete(&nv, (unsigned)line), NVIC_OK);
}

/** Counts lines pending now. */
static unsigned pending_lines(void)
{
	unsigned count = 0;

	for (unsigned line = 0; line < nvic_lines(&nv); line++) {
		count += nvic_is_pending(&nv, line);
	}
	return count;
}

static void test_init_refuses_bad_config(void **state)
{
	(void)state;
	assert_int_equal(nvic_init(&nv, 0, 3), NVIC_ERR_ARG);
	assert_int_equal(nvic_init(&nv, NVIC_MAX_LINES + 1, 3), NVIC_ERR_ARG);
	assert_int_equal(nvic_init(&nv, 8, 0), NVIC_ERR_ARG);
	assert_int_equal(nvic_init(&nv, 8, 9), NVIC_ERR_ARG);
	assert_int_equal(nvic_init(&nv, NVIC_MAX_LINES, 8), NVIC_OK);
	assert_int_equal(nvic_lines(&nv), NVIC_MAX_LINES);
	assert_int_equal(nvic_raise(&nv, NVIC_MAX_LINES - 1), NVIC_RAISE_NEW);
	assert_int_equal(nvic_raise(&nv, NVIC_MAX_LINES), NVIC_RAISE_BAD_LINE);
}

static void test_fresh_lines_are_quiet(void **state)
{
	(void)state;
	for (unsigned line = 0; line < LINES; line++) {
		assert_false(nvic_is_enabled(&nv, line));
		assert_false(nvic_is_pending(&nv, line));
		assert_false(nvic_is_active(&nv, line));
		assert_int_equal(nvic_get_priority(&nv, line), 0);
	}
	assert_false(nvic_get_primask(&nv));
	assert_int_equal(nvic_get_basepri(&nv), 0);
	assert_int_equal(nvic_exec_priority(&nv), NVIC_THREAD_PRIORITY);
	assert_int_equal(nvic_highest_pending(&nv), -1);
}

static void test_most_urgent_first(void **state)
{
	(void)state;
	assert_int_equal(nvic_init(&nv, NVIC_MAX_LINES, PRIO_BITS), NVIC_OK);
	arm(3, 0x80);
	arm(40, 0x60);
	arm(200, 0x20);
	arm(255, 0xe0);
	deliver(200);
	deliver(40);
	deliver(3);
	deliver(255);
	assert_int_equal(nvic_highest_pending(&nv), -1);
}

static void test_ties_go_to_lower_line(void **state)
{
	(void)state;
	arm(45, 0x40);
	arm(9, 0x40);
	arm(33, 0x40);
	arm(50, 0x60);
	deliver(9);
	deliver(33);
	deliver(45);
	deliver(50);
}

static void test_priority_bits_drop_low_bits(void **state)
{
	(void)state;
	assert_int_equal(nvic_set_priority(&nv, 1, 0x3f), NVIC_OK);
	assert_int_equal(nvic_get_priority(&nv, 1), 0x20);
	assert_int_equal(nvic_set_priority(&nv, 1, 0x1f), NVIC_OK);
	assert_int_equal(nvic_get_priority(&nv, 1), 0x00);
	assert_int_equal(nvic_set_priority(&nv, 1, 0xff), NVIC_OK);
	assert_int_equal(nvic_get_priority(&nv, 1), 0xe0);

	/* 0x3f and 0x20 are one level with 3 bits: the lower line wins. */
	arm(12, 0x20);
	arm(9, 0x3f);
	deliver(9);
	deliver(12);

	assert_int_equal(nvic_init(&nv, LINES, 8), NVIC_OK);
	assert_int_equal(nvic_set_priority(&nv, 1, 0x3f), NVIC_OK);
	assert_int_equal(nvic_get_priority(&nv, 1), 0x3f);
	arm(12, 0x20);
	arm(9, 0x3f);
	deliver(12);
	deliver(9);

	assert_int_equal(nvic_init(&nv, LINES, 2), NVIC_OK);
	assert_int_equal(nvic_set_priority(&nv, 1, 0x7f), NVIC_OK);
	assert_int_equal(nvic_get_priority(&nv, 1), 0x40);
}

static void test_primask_masks_everything(void **state)
{
	(void)state;
	arm(7, 0x00);
	arm(8, 0xe0);
	nvic_set_primask(&nv, true);
	assert_true(nvic_get_primask(&nv));
	assert_int_equal(nvic_exec_priority(&nv), 0);
	assert_int_equal(nvic_highest_pending(&nv), -1);
	assert_int_equal(nvic_take(&nv, 7), NVIC_ERR_STATE);
	assert_true(nvic_is_pending(&nv, 7));
	assert_false(nvic_is_active(&nv, 7));

	nvic_set_primask(&nv, false);
	assert_false(nvic_get_primask(&nv));
	assert_int_equal(nvic_exec_priority(&nv), NVIC_THREAD_PRIORITY);
	deliver(7);
	deliver(8);
}

static void test_basepri_masks_at_and_above(void **state)
{
	(void)state;
	arm(1, 0x60);
	arm(2, 0x40);
	arm(3, 0x20);
	nvic_set_basepri(&nv, 0x40);
	assert_int_equal(nvic_get_basepri(&nv), 0x40);
	assert_int_equal(nvic_exec_priority(&nv), 0x40);
	deliver(3);
	assert_int_equal(nvic_highest_pending(&nv), -1);
	assert_int_equal(nvic_take(&nv, 2), NVIC_ERR_STATE);

	nvic_set_basepri(&nv, 0x60);
	deliver(2);
	assert_int_equal(nvic_highest_pending(&nv), -1);

	/* Low bits are not implemented: 0x7f is 0x60. */
	nvic_set_basepri(&nv, 0x7f);
	assert_int_equal(nvic_get_basepri(&nv), 0x60);
	assert_int_equal(nvic_highest_pending(&nv), -1);

	nvic_set_basepri(&nv, 0);
	assert_int_equal(nvic_exec_priority(&nv), NVIC_THREAD_PRIORITY);
	deliver(1);

	/* PRIMASK wins over a looser BASEPRI. */
	arm(4, 0x00);
	nvic_set_basepri(&nv, 0x80);
	nvic_set_primask(&nv, true);
	assert_int_equal(nvic_highest_pending(&nv), -1);
	nvic_set_primask(&nv, false);
	deliver(4);
}

static void test_pending_while_disabled(void **state)
{
	(void)state;
	assert_int_equal(nvic_set_priority(&nv, 20, 0x40), NVIC_OK);
	assert_int_equal(nvic_raise(&nv, 20), NVIC_RAISE_NEW);
	assert_true(nvic_is_pending(&nv, 20));
	assert_false(nvic_is_enabled(&nv, 20));
	assert_int_equal(nvic_highest_pending(&nv), -1);
	assert_int_equal(nvic_take(&nv, 20), NVIC_ERR_STATE);

	assert_int_equal(nvic_enable(&nv, 20), NVIC_OK);
	assert_true(nvic_is_enabled(&nv, 20));
	deliver(20);

	/* Disabling keeps the request; re-enabling delivers it once. */
	assert_int_equal(nvic_raise(&nv, 20), NVIC_RAISE_NEW);
	assert_int_equal(nvic_disable(&nv, 20), NVIC_OK);
	assert_false(nvic_is_enabled(&nv, 20));
	assert_int_equal(nvic_highest_pending(&nv), -1);
	assert_true(nvic_is_pending(&nv, 20));
	assert_int_equal(nvic_enable(&nv, 20), NVIC_OK);
	deliver(20);
	assert_int_equal(nvic_highest_pending(&nv), -1);
}

static void test_nesting(void **state)
{
	(void)state;
	arm(10, 0x40);
	assert_int_equal(nvic_take(&nv, 10), NVIC_OK);
	assert_true(nvic_is_active(&nv, 10));
	assert_false(nvic_is_pending(&nv, 10));
	assert_int_equal(nvic_exec_priority(&nv), 0x40);

	arm(11, 0x40); /* equal: waits */
	arm(5, 0x60);  /* less urgent: waits */
	assert_int_equal(nvic_highest_pending(&nv), -1);
	assert_int_equal(nvic_take(&nv, 11), NVIC_ERR_STATE);

	arm(30, 0x20); /* more urgent: preempts */
	assert_int_equal(nvic_highest_pending(&nv), 30);
	assert_int_equal(nvic_take(&nv, 30), NVIC_OK);
	assert_int_equal(nvic_exec_priority(&nv), 0x20);
	assert_int_equal(nvic_highest_pending(&nv), -1);

	assert_int_equal(nvic_complete(&nv, 30), NVIC_OK);
	assert_int_equal(nvic_exec_priority(&nv), 0x40);
	assert_int_equal(nvic_highest_pending(&nv), -1);

	assert_int_equal(nvic_complete(&nv, 10), NVIC_OK);
	assert_int_equal(nvic_exec_priority(&nv), NVIC_THREAD_PRIORITY);
	deliver(11);
	deliver(5);
}

static void test_active_blocks_under_basepri(void **state)
{
	(void)state;
	/* Execution priority is the most urgent of active lines and masks. */
	arm(2, 0x20);
	assert_int_equal(nvic_take(&nv, 2), NVIC_OK);
	nvic_set_basepri(&nv, 0x60);
	assert_int_equal(nvic_exec_priority(&nv), 0x20);
	assert_int_equal(nvic_complete(&nv, 2), NVIC_OK);
	assert_int_equal(nvic_exec_priority(&nv), 0x60);
}

static void test_raise_twice_merges(void **state)
{
	struct nvic_stats st;

	(void)state;
	arm(17, 0x40);
	assert_int_equal(nvic_raise(&nv, 17), NVIC_RAISE_MERGED);
	deliver(17);
	assert_int_equal(nvic_highest_pending(&nv), -1);
	assert_false(nvic_is_pending(&nv, 17));
	nvic_get_stats(&nv, &st);
	assert_int_equal(st.raised, 2);
	assert_int_equal(st.taken, 1);
	assert_int_equal(st.merged, 1);
	assert_int_equal(st.cleared, 0);
}

static void test_raise_while_active_pends_again(void **state)
{
	struct nvic_stats st;

	(void)state;
	arm(17, 0x40);
	assert_int_equal(nvic_take(&nv, 17), NVIC_OK);
	assert_int_equal(nvic_raise(&nv, 17), NVIC_RAISE_NEW);
	assert_true(nvic_is_pending(&nv, 17));
	assert_true(nvic_is_active(&nv, 17));
	assert_int_equal(nvic_highest_pending(&nv), -1);
	assert_int_equal(nvic_complete(&nv, 17), NVIC_OK);
	deliver(17);
	nvic_get_stats(&nv, &st);
	assert_int_equal(st.raised, 2);
	assert_int_equal(st.taken, 2);
	assert_int_equal(st.merged, 0);
}

/* The bell mirrors attention in a word shared with other sources. */
static void test_bell_rings_with_attention(void **state)
{
	unsigned word = 0x10u; /* another source's bit, left alone */

	(void)state;
	(void)nvic_attention(&nv); /* init's news, if any */
	nvic_set_bell(&nv, &word, 0x2u);
	assert_int_equal(word, 0x10u);
	arm(5, 0x20);
	assert_int_equal(word, 0x12u);
	/* Consuming the news silences the bell; the other bit stays. */
	assert_true(nvic_attention(&nv));
	assert_int_equal(word, 0x10u);
	assert_false(nvic_attention(&nv));
	assert_int_equal(word, 0x10u);
	/* Each kind of news rings it again. */
	deliver(5);
	assert_int_equal(word, 0x12u);
	(void)nvic_attention(&nv);
	nvic_set_primask(&nv, true);
	assert_int_equal(word, 0x12u);
	(void)nvic_attention(&nv);
	assert_int_equal(nvic_set_priority(&nv, 6, 0x40), NVIC_OK);
	assert_int_equal(word, 0x12u);
	(void)nvic_attention(&nv);
	/* A bell set while news waits rings at once. */
	assert_int_equal(nvic_enable(&nv, 6), NVIC_OK);
	word = 0x10u;
	nvic_set_bell(&nv, &word, 0x4u);
	assert_int_equal(word, 0x14u);
	/* nvic_init() drops the bell. */
	word = 0;
	assert_int_equal(nvic_init(&nv, LINES, PRIO_BITS), NVIC_OK);
	assert_int_equal(nvic_enable(&nv, 1), NVIC_OK);
	assert_int_equal(word, 0);
}

static void test_clear_pending_is_counted(void **state)
{
	struct nvic_stats st;

	(void)state;
	arm(6, 0x40);
	assert_int_equal(nvic_clear_pending(&nv, 6), NVIC_OK);
	assert_false(nvic_is_pending(&nv, 6));
	assert_int_equal(nvic_highest_pending(&nv), -1);
	assert_int_equal(nvic_clear_pending(&nv, 6), NVIC_OK);
	nvic_get_stats(&nv, &st);
	assert_int_equal(st.raised, 1);
	assert_int_equal(st.cleared, 1);
	assert_int_equal(st.taken, 0);
}

static void test_bad_lines_and_states(void **state)
{
	(void)state;
	assert_int_equal(nvic_raise(&nv, LINES), NVIC_RAISE_BAD_LINE);
	assert_int_equal(nvic_take(&nv, LINES), NVIC_ERR_ARG);
	assert_int_equal(nvic_complete(&nv, LINES), NVIC_ERR_ARG);
	assert_int_equal(nvic_enable(&nv, LINES), NVIC_ERR_ARG);
	assert_int_equal(nvic_disable(&nv, LINES), NVIC_ERR_ARG);
	assert_int_equal(nvic_clear_pending(&nv, LINES), NVIC_ERR_ARG);
	assert_int_equal(nvic_set_priority(&nv, LINES, 0), NVIC_ERR_ARG);
	assert_int_equal(nvic_get_priority(&nv, LINES), NVIC_ERR_ARG);
	assert_false(nvic_is_enabled(&nv, LINES));
	assert_false(nvic_is_pending(&nv, LINES));
	assert_false(nvic_is_active(&nv, LINES));

	assert_int_equal(nvic_enable(&nv, 4), NVIC_OK);
	assert_int_equal(nvic_take(&nv, 4), NVIC_ERR_STATE);
	assert_int_equal(nvic_complete(&nv, 4), NVIC_ERR_STATE);
	assert_int_equal(nvic_raise(&nv, 4), NVIC_RAISE_NEW);
	assert_int_equal(nvic_take(&nv, 4), NVIC_OK);
	assert_int_equal(nvic_take(&nv, 4), NVIC_ERR_STATE);
	assert_int_equal(nvic_complete(&nv, 4), NVIC_OK);
	assert_int_equal(nvic_complete(&nv, 4), NVIC_ERR_STATE);
}

/* ---- Raises from a POSIX signal handler ---------------------------- */

#define SIG_LINE 5u

static atomic_uint handler_calls;
static atomic_uint handler_new;

/** A device's interrupt source: marks the line pending, nothing more. */
static void on_sigusr1(int sig)
{
	(void)sig;
	if (nvic_raise(&nv, SIG_LINE) == NVIC_RAISE_NEW) {
		atomic_fetch_add(&handler_new, 1);
	}
	atomic_fetch_add(&handler_calls, 1);
}

static void install_sigusr1(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	assert_int_equal(sigaction(SIGUSR1, &sa, NULL), 0);
	atomic_store(&handler_calls, 0);
	atomic_store(&handler_new, 0);
}

/** Delivers any SIGUSR1 still pending for this thread, then stops them. */
static void flush_and_restore_sigusr1(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, &set, NULL), 0);
	assert_int_equal(pthread_sigmask(SIG_UNBLOCK, &set, NULL), 0);
	assert_true(signal(SIGUSR1, SIG_DFL) != SIG_ERR);
}

/** Takes whatever can be taken, nesting more urgent lines; returns count. */
static unsigned long serve(unsigned long *per_line)
{
	unsigned long count = 0;
	int line;

	while ((line = nvic_highest_pending(&nv)) >= 0) {
		assert_int_equal(nvic_take(&nv, (unsigned)line), NVIC_OK);
		per_line[line]++;
		count += 1 + serve(per_line);
		assert_int_equal(nvic_complete(&nv, (unsigned)line), NVIC_OK);
	}
	return count;
}

static void test_raise_from_signal_handler(void **state)
{
	struct nvic_stats st;

	(void)state;
	install_sigusr1();
	assert_int_equal(nvic_set_priority(&nv, SIG_LINE, 0x40), NVIC_OK);
	assert_int_equal(nvic_enable(&nv, SIG_LINE), NVIC_OK);

	/* raise() runs the handler before it returns; delivery waits for us. */
	assert_int_equal(raise(SIGUSR1), 0);
	assert_int_equal(atomic_load(&handler_calls), 1);
	assert_true(nvic_is_pending(&nv, SIG_LINE));
	assert_int_equal(pthread_kill(pthread_self(), SIGUSR1), 0);
	assert_int_equal(atomic_load(&handler_calls), 2);
	assert_int_equal(atomic_load(&handler_new), 1);
	deliver((int)SIG_LINE);
	assert_int_equal(nvic_highest_pending(&nv), -1);

	flush_and_restore_sigusr1();
	nvic_get_stats(&nv, &st);
	assert_int_equal(st.raised, 2);
	assert_int_equal(st.merged, 1);
	assert_int_equal(st.taken, 1);
}

/* Under Valgrind each signal waits for a thread switch: fewer of them. */
#define KILLS (RUNNING_ON_VALGRIND ? 20u : 2000u)

struct killer {
	pthread_t target;
	atomic_bool done;
};

/** Interrupts the core thread with SIGUSR1, many times, as a device would. */
static void *killer_main(void *arg)
{
	struct killer *k = arg;

	/* One signal at a time: the kernel would merge a second one. */
	for (unsigned i = 0; i < KILLS; i++) {
		if (pthread_kill(k->target, SIGUSR1) != 0) {
			break;
		}
		while (atomic_load(&handler_calls) <= i) {
			sched_yield();
		}
	}
	atomic_store(&k->done, true);
	return NULL;
}

static void test_signals_while_core_runs(void **state)
{
	static unsigned long per_line[LINES];
	struct killer k;
	pthread_t thread;
	struct nvic_stats st;
	unsigned long taken = 0;

	(void)state;
	memset(per_line, 0, sizeof(per_line));
	install_sigusr1();
	assert_int_equal(nvic_set_priority(&nv, SIG_LINE, 0x40), NVIC_OK);
	assert_int_equal(nvic_enable(&nv, SIG_LINE), NVIC_OK);
	k.target = pthread_self();
	atomic_init(&k.done, false);
	assert_int_equal(pthread_create(&thread, NULL, killer_main, &k), 0);
	while (!atomic_load(&k.done)) {
		taken += serve(per_line);
		if (RUNNING_ON_VALGRIND) {
			sched_yield(); /* let the killer thread run */
		}
	}
	assert_int_equal(pthread_join(thread, NULL), 0);
	flush_and_restore_sigusr1();
	taken += serve(per_line);

	nvic_get_stats(&nv, &st);
	assert_int_equal(atomic_load(&handler_calls), KILLS);
	assert_int_equal(st.raised, KILLS);
	assert_int_equal(st.raised, st.taken + st.merged);
	assert_int_equal(st.taken, taken);
	assert_int_equal(st.taken, atomic_load(&handler_new));
	assert_int_equal(per_line[SIG_LINE], taken);
	assert_int_equal(pending_lines(), 0);
}

/* ---- Raises from other threads ------------------------------------ */

/* Valgrind runs threads one at a time, ~100x slower: the same storm, less. */
#define STORM       (RUNNING_ON_VALGRIND ? 2000ul : 100000ul)
#define STORM_LINES 4u
#define MAX_RAISERS 2u

/* Two lines share bitmap word 0, two share word 1. */
static const unsigned storm_line[STORM_LINES] = {2, 9, 33, 63};
static const uint8_t storm_prio[STORM_LINES] = {0x80, 0x20, 0x60, 0x20};

/** One raiser's view, written by it alone and read after the join. */
struct raiser {
	pthread_t thread;
	atomic_bool done;
	unsigned long fresh[LINES];
	unsigned long merged;
};

/** Hammers nvic_raise() STORM times over the storm lines. */
static void *raiser_main(void *arg)
{
	struct raiser *r = arg;

	for (unsigned long i = 0; i < STORM; i++) {
		unsigned line = storm_line[i % STORM_LINES];

		/* A bad-line answer shows up as a short count in the test. */
		switch (nvic_raise(&nv, line)) {
		case NVIC_RAISE_NEW:
			r->fresh[line]++;
			break;
		case NVIC_RAISE_MERGED:
			r->merged++;
			break;
		case NVIC_RAISE_BAD_LINE:
			break;
		}
	}
	atomic_store(&r->done, true);
	return NULL;
}

/** Whether every raiser has finished. */
static bool raisers_done(struct raiser *r, unsigned n_raisers)
{
	for (unsigned i = 0; i < n_raisers; i++) {
		if (!atomic_load(&r[i].done)) {
			return false;
		}
	}
	return true;
}

/**
 * Runs @n_raisers threads raising while this thread, the core, takes and
 * completes (nesting where priorities allow), then checks that each fresh
 * raise was taken exactly once and each other one merged.
 */
static void storm(unsigned n_raisers)
{
	static struct raiser r[MAX_RAISERS];
	static unsigned long per_line[LINES];
	struct nvic_stats st;
	unsigned long taken = 0, merged = 0;

	memset(r, 0, sizeof(r));
	memset(per_line, 0, sizeof(per_line));
	for (unsigned i = 0; i < STORM_LINES; i++) {
		assert_int_equal(
		        nvic_set_priority(&nv, storm_line[i], storm_prio[i]),
		        NVIC_OK);
		assert_int_equal(nvic_enable(&nv, storm_line[i]), NVIC_OK);
	}
	for (unsigned i = 0; i < n_raisers; i++) {
		atomic_init(&r[i].done, false);
		assert_int_equal(
		        pthread_create(&r[i].thread, NULL, raiser_main, &r[i]),
		        0);
	}
	while (!raisers_done(r, n_raisers)) {
		taken += serve(per_line);
	}
	for (unsigned i = 0; i < n_raisers; i++) {
		assert_int_equal(pthread_join(r[i].thread, NULL), 0);
		merged += r[i].merged;
	}
	taken += serve(per_line);

	nvic_get_stats(&nv, &st);
	assert_int_equal(st.raised, STORM * n_raisers);
	assert_int_equal(st.raised, st.taken + st.merged);
	assert_int_equal(st.taken, taken);
	assert_int_equal(st.merged, merged);
	assert_int_equal(st.cleared, 0);
	for (unsigned line = 0; line < LINES; line++) {
		unsigned long fresh = 0;

		for (unsigned i = 0; i < n_raisers; i++) {
			fresh += r[i].fresh[line];
		}
		assert_int_equal(per_line[line], fresh);
	}
	assert_int_equal(pending_lines(), 0);
	assert_int_equal(nvic_exec_priority(&nv), NVIC_THREAD_PRIORITY);
}

static void test_thread_storm_loses_nothing(void **state)
{
	(void)state;
	storm(1);
}

static void test_two_thread_storm_loses_nothing(void **state)
{
	(void)state;
	storm(2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
	        T(test_init_refuses_bad_config),
	        T(test_fresh_lines_are_quiet),
	        T(test_most_urgent_first),
	        T(test_ties_go_to_lower_line),
	        T(test_priority_bits_drop_low_bits),
	        T(test_primask_masks_everything),
	        T(test_basepri_masks_at_and_above),
	        T(test_pending_while_disabled),
	        T(test_nesting),
	        T(test_active_blocks_under_basepri),
	        T(test_raise_twice_merges),
	        T(test_raise_while_active_pends_again),
	        T(test_bell_rings_with_attention),
	        T(test_clear_pending_is_counted),
	        T(test_bad_lines_and_states),
	        T(test_raise_from_signal_handler),
	        T(test_signals_while_core_runs),
	        T(test_thread_storm_loses_nothing),
	        T(test_two_thread_storm_loses_nothing),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
