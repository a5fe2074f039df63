/*
 * Resets the harness injects: a reset after a chosen number of SPM entries
 * (spmsim_reset_after()), and a watchdog (spmsim_watchdog()); and a
 * device's reset request (the SPMSIM_WATCHDOG device), which strikes the
 * way the injected reset does.
 *
 * How it works. Both act while spmsim_run_ns() runs; the watchdog also
 * watches the partitions' initialisation at boot and at every reset, where
 * a bite halts the system (initialising again would spin again). The
 * injected reset waits for the SPM entry counter to reach its mark and
 * strikes at the next interrupt point reached on a simulated context (so
 * "in the middle of a call" is the same place on every run): it leaves the
 * running context for good, as a panic does, and the harness resets the
 * system and records why.
 *
 * The watchdog is a periodic POSIX timer on the core thread's CPU time
 * (so a loaded host that does not run the simulator for a while does not
 * make it bite), whose signal goes to that thread. Every interrupt point
 * feeds it (all psa_* calls pass one); when a whole period went by without
 * one while simulated code ran, that code
 * spins without ever entering the SPM, so the handler, like the memory fault
 * handler, records a panic of the running partition (cause "watchdog") and
 * leaves the spinning context for good; the harness then resets the system
 * whatever the panic policy, as a hardware watchdog does. It bites between
 * one and two periods after the last interrupt point. An idle wait (the
 * core waits for an interrupt source) is not spinning: it blocks the
 * watchdog's signal while it waits, and feeds it when the wait ends.
 *
 * Leaving a context from a signal handler is safe for code that spins
 * without calling into the C library; code stopped inside malloc() would
 * leave its lock held, as code stopped by a reset on a board leaves its
 * peripherals half-programmed.
 */
#define _GNU_SOURCE
#include "resets.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "irq_sim.h"
#include "protect.h"
#include "spm.h"

static struct {
	/** The SPM entry count at which the injected reset strikes. */
	uint64_t reset_at;
	/** A device's reset request not yet taken, with its cause. */
	enum sim_resets_taken requested;
	bool running;
	/** The partitions initialise: the watchdog alone watches. */
	bool initialising;
	enum sim_resets_taken taken;
	/** The watchdog's period, 0 when off, and its rule text. */
	uint64_t period_ns;
	char rule[96];
	bool timer_live;
	timer_t timer;
	struct sigaction old_action;
	/** Interrupt points so far, and at the last tick. */
	volatile unsigned long kicks;
	unsigned long seen;
} rs = {.reset_at = UINT64_MAX};

/** Interrupt points must call sim_resets_point() while anything is armed. */
static void update_armed(void)
{
	sim_attention(SIM_ATTN_RESETS, rs.reset_at != UINT64_MAX ||
	                                       rs.period_ns != 0 ||
	                                       rs.requested != SIM_RESETS_NONE);
}

int sim_resets_watchdog_signal(void)
{
	return SIGRTMIN + 5;
}

void sim_resets_arm(uint64_t entry)
{
	rs.reset_at = entry;
	update_armed();
}

void sim_resets_watchdog_set(uint64_t ns)
{
	rs.period_ns = ns;
	update_armed();
	snprintf(rs.rule, sizeof(rs.rule),
	         "ran for over %llu us of CPU time without entering the SPM",
	         (unsigned long long)(ns / 1000u));
}

/** Leaves the spinning context; the harness resets the system. */
static void bite(int sig, struct spm_partition *p)
{
	struct itimerspec off = {{0, 0}, {0, 0}};
	sigset_t unblock;

	(void)timer_settime(rs.timer, 0, &off, NULL);
	rs.taken = SIM_RESETS_WATCHDOG;
	/* The handler never returns: let the next run's signals in. */
	sigemptyset(&unblock);
	sigaddset(&unblock, sig);
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);
	spm_panic(p, SPM_PANIC_WATCHDOG, "watchdog", rs.rule);
}

/** A watchdog tick: bites when nothing fed it for a whole period. */
static void on_tick(int sig, siginfo_t *info, void *uc)
{
	unsigned long kicks = rs.kicks;
	bool in_spm;

	(void)info;
	(void)uc;
	if (kicks != rs.seen || !(rs.running || rs.initialising)) {
		/* Protected state, whatever runs: opened for this write. */
		bool opened = sim_protect_async_open();

		rs.seen = kicks;
		sim_protect_async_close(opened);
		SIM_PROTECT_NO_TAIL();
		return;
	}
	/*
	 * Nothing fed it for a whole period. What runs may not see the SPM's
	 * state (page protection): take the SPM's view before reading it,
	 * and give the view back when it is not simulated code after all.
	 */
	in_spm = sim_protect_in_spm();
	(void)sim_protect_fault();
	if (!arch_on_context_stack() || spm_sys()->current == NULL) {
		rs.seen = kicks;
		if (!in_spm) {
			sim_protect_leave_spm();
			SIM_PROTECT_NO_TAIL();
		}
		return;
	}
	bite(sig, spm_sys()->current);
}

/** Starts the watchdog's timer on the calling thread's CPU time. */
static int watchdog_start(void)
{
	struct sigevent ev;
	struct sigaction sa;
	struct itimerspec spec;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_tick;
	/* A tick that does not bite must not fail the system call it
	 * interrupted. */
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sim_resets_watchdog_signal(), &sa, &rs.old_action) != 0) {
		return -1;
	}
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = sim_resets_watchdog_signal();
	ev._sigev_un._tid = gettid();
	if (timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, &rs.timer) != 0) {
		sigaction(sim_resets_watchdog_signal(), &rs.old_action, NULL);
		return -1;
	}
	rs.timer_live = true;
	rs.seen = rs.kicks;
	spec.it_value.tv_sec = (time_t)(rs.period_ns / 1000000000u);
	spec.it_value.tv_nsec = (long)(rs.period_ns % 1000000000u);
	spec.it_interval = spec.it_value;
	return timer_settime(rs.timer, 0, &spec, NULL);
}

/** Stops the timer and drops a tick that is still pending. */
static void watchdog_stop(void)
{
	sigset_t set, old;
	struct timespec zero = {0, 0};

	if (!rs.timer_live) {
		return;
	}
	timer_delete(rs.timer);
	rs.timer_live = false;
	sigemptyset(&set);
	sigaddset(&set, sim_resets_watchdog_signal());
	pthread_sigmask(SIG_BLOCK, &set, &old);
	while (sigtimedwait(&set, NULL, &zero) > 0) {
	}
	sigaction(sim_resets_watchdog_signal(), &rs.old_action, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/** Enters a watched phase (@phase: running or initialising); 0 or -1. */
static int phase_begin(bool *phase)
{
	*phase = true;
	if (rs.period_ns != 0 && watchdog_start() != 0) {
		*phase = false;
		watchdog_stop();
		return -1;
	}
	return 0;
}

static void phase_end(bool *phase)
{
	*phase = false;
	watchdog_stop();
}

int sim_resets_run_begin(void)
{
	rs.taken = SIM_RESETS_NONE;
	return phase_begin(&rs.running);
}

void sim_resets_run_end(void)
{
	phase_end(&rs.running);
}

int sim_resets_init_begin(void)
{
	return phase_begin(&rs.initialising);
}

void sim_resets_init_end(void)
{
	phase_end(&rs.initialising);
	/* A bite here halts the boot: it is no reset of a run. */
	rs.taken = SIM_RESETS_NONE;
}

enum sim_resets_taken sim_resets_take(void)
{
	enum sim_resets_taken t = rs.taken;

	rs.taken = SIM_RESETS_NONE;
	return t;
}

void sim_resets_kick(void)
{
	rs.kicks++;
}

void sim_resets_request(enum sim_resets_taken why)
{
	rs.requested = why;
	update_armed();
}

void sim_resets_point(void)
{
	bool injected, on_context;

	rs.kicks++;
	on_context = rs.running && spm_sys()->current != NULL &&
	             arch_on_context_stack();
	injected = spm_sys()->counters.spm_entries >= rs.reset_at;
	if (on_context && (injected || rs.requested != SIM_RESETS_NONE)) {
		rs.taken = injected ? SIM_RESETS_INJECTED : rs.requested;
		if (injected) {
			rs.reset_at = UINT64_MAX;
		} else {
			rs.requested = SIM_RESETS_NONE;
		}
		update_armed();
		spm_exit_to_boot(SPM_EXIT_PANIC);
	}
}

void sim_resets_clear(void)
{
	sim_resets_run_end();
	rs.reset_at = UINT64_MAX;
	rs.period_ns = 0;
	rs.requested = SIM_RESETS_NONE;
	update_armed();
	rs.taken = SIM_RESETS_NONE;
}
