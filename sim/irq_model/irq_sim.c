/*
 * Interrupts on the host: POSIX signals are the wires, an NVIC model is the
 * controller, and the simulated core takes interrupts at defined points.
 *
 * How it works. Every interrupt source (spmsim_irq_raise() from any thread,
 * a POSIX timer, a device model's thread) sends one real-time signal, SIG_IRQ,
 * to the thread that runs the simulated core, with the line number as the
 * signal's value; real-time signals queue, so none is lost on the way. The
 * handler only marks the line pending in the NVIC model (lock-free,
 * async-signal-safe) and counts timer overruns as merged raises.
 *
 * The core takes pending interrupts only at the points the SPM calls
 * arch_interrupt_point() (every psa_* call, every IPC scheduling decision)
 * and while it idles (arch_idle(): nothing can run, so it waits for the next
 * signal, up to a watchdog time). So the same inputs in the same order give
 * the same sequence of events, whatever the host's timing.
 *
 * Critical sections mask with the NVIC's PRIMASK: a point inside one takes
 * nothing.
 */
#define _GNU_SOURCE
#include "irq_sim.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "devices/devices.h"
#include "irq.h"
#include "nvic.h"
#include "protect.h"
#include "resets.h"
#include "spmsim/spmsim.h"

#define IRQ_LINES        SPM_MAX_IRQ_LINES
#define PRIO_BITS        3u
#define MAX_TIMERS       16
/** How long an idle core waits for an armed source before giving up. */
#define IDLE_WATCHDOG_MS 5000

struct sim_timer {
	bool used;
	timer_t id;
};

static struct {
	struct nvic nvic;
	bool installed;
	struct sigaction old_action;
	pthread_t core;
	struct sim_timer timers[MAX_TIMERS];
} irq;

/*
 * Sources outside the core that may still raise (device threads): other
 * threads count here, so it stays writable whatever runs (protect.h).
 */
static atomic_int external_sources SIM_SHARED;

static int sig_irq(void)
{
	return SIGRTMIN + 4;
}

/*
 * Raises a signal handler met while the NVIC model was read-only (the code
 * it interrupted runs under a boundary that may not write the simulator's
 * state): counted here, in memory that stays writable, and folded into the
 * model at the next interrupt point, the first moment the core could take
 * them anyway. Opening the model's pages for every such signal would cost
 * three system calls each, more than a timer of a few microseconds leaves.
 * Holds counts only: a forged one pends its line, nothing else.
 */
static struct {
	_Atomic uint32_t lines[NVIC_WORDS];
	atomic_ulong raises[NVIC_MAX_LINES];
	/** Raises refused because the line does not exist. */
	atomic_ulong bad_lines;
} inbox SIM_SHARED;

/** Folds the inbox into the NVIC model (the core, in the SPM's view). */
static void inbox_fold(void)
{
	sim_attention(SIM_ATTN_INBOX, false);
	for (unsigned w = 0; w < NVIC_WORDS; w++) {
		uint32_t bits = atomic_exchange(&inbox.lines[w], 0);

		while (bits != 0) {
			unsigned line = w * 32u + (unsigned)__builtin_ctz(bits);
			unsigned long n =
			        atomic_exchange(&inbox.raises[line], 0);

			bits &= bits - 1u;
			if (n > 0) {
				(void)nvic_raise_many(&irq.nvic, line, n);
			}
		}
	}
}

/**
 * Marks the line a signal carries pending; timer overruns were merged.
 * Straight into the NVIC model when it is writable, else into the inbox.
 */
static void on_signal(const siginfo_t *info)
{
	unsigned line = (unsigned)info->si_value.sival_int;
	unsigned long n = 1;

	if (line >= IRQ_LINES) {
		atomic_fetch_add(&inbox.bad_lines, 1);
		return;
	}
	if (info->si_code == SI_TIMER && info->si_overrun > 0) {
		/* Expiries the kernel folded into this one signal. */
		n += (unsigned long)info->si_overrun;
	}
	if (sim_protect_async_writable()) {
		(void)nvic_raise_many(&irq.nvic, line, n);
		return;
	}
	atomic_fetch_add(&inbox.raises[line], n);
	atomic_fetch_or(&inbox.lines[line / 32u], UINT32_C(1) << (line % 32u));
	sim_attention(SIM_ATTN_INBOX, true);
}

static void handler(int sig, siginfo_t *info, void *uc)
{
	int saved = errno;

	(void)sig;
	(void)uc;
	on_signal(info);
	errno = saved;
}

/* ------------------------------------------------------------- lifecycle */

int sim_irq_start(void)
{
	struct sigaction sa;

	for (int i = 0; i < MAX_TIMERS; i++) {
		if (irq.timers[i].used) {
			timer_delete(irq.timers[i].id);
		}
	}
	memset(irq.timers, 0, sizeof(irq.timers));
	if (nvic_init(&irq.nvic, IRQ_LINES, PRIO_BITS) != NVIC_OK) {
		return -1;
	}
	nvic_set_bell(&irq.nvic, &arch_attention, SIM_ATTN_NVIC);
	atomic_store(&inbox.bad_lines, 0);
	/* Raises from before a reset are gone with it. */
	for (unsigned w = 0; w < NVIC_WORDS; w++) {
		atomic_store(&inbox.lines[w], 0);
	}
	for (unsigned i = 0; i < NVIC_MAX_LINES; i++) {
		atomic_store(&inbox.raises[i], 0);
	}
	sim_attention(SIM_ATTN_INBOX, false);
	irq.core = pthread_self();
	if (irq.installed) {
		return 0;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig_irq(), &sa, &irq.old_action) != 0) {
		return -1;
	}
	irq.installed = true;
	return 0;
}

void sim_irq_stop(void)
{
	for (int i = 0; i < MAX_TIMERS; i++) {
		if (irq.timers[i].used) {
			timer_delete(irq.timers[i].id);
			irq.timers[i].used = false;
		}
	}
	if (irq.installed) {
		/* Drain what is still queued, then give the signal back. */
		sigset_t set;
		siginfo_t info;
		struct timespec zero = {0, 0};

		sigemptyset(&set);
		sigaddset(&set, sig_irq());
		pthread_sigmask(SIG_BLOCK, &set, NULL);
		while (sigtimedwait(&set, &info, &zero) > 0) {
		}
		sigaction(sig_irq(), &irq.old_action, NULL);
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		irq.installed = false;
	}
}

/* ------------------------------------------------- the arch interface */

uint32_t arch_irq_line(const char *name, uint32_t number)
{
	if (name == NULL) {
		return number < IRQ_LINES ? number : ARCH_IRQ_NONE;
	}
	return sim_platform_irq(name);
}

void arch_irq_enable(uint32_t line)
{
	(void)nvic_enable(&irq.nvic, line);
}

void arch_irq_disable(uint32_t line)
{
	(void)nvic_disable(&irq.nvic, line);
}

uint32_t arch_irq_lock(void)
{
	bool was = nvic_get_primask(&irq.nvic);

	nvic_set_primask(&irq.nvic, true);
	return was;
}

void arch_irq_unlock(uint32_t key)
{
	nvic_set_primask(&irq.nvic, key != 0);
}

/* Set by other threads too (a receive from any thread): shared. Forged, it
 * costs a look at the devices and the NVIC, nothing else. */
unsigned arch_attention SIM_SHARED;

void sim_attention(unsigned bit, bool on)
{
	if (on) {
		__atomic_fetch_or(&arch_attention, bit, __ATOMIC_RELEASE);
	} else {
		__atomic_fetch_and(&arch_attention, ~bit, __ATOMIC_RELEASE);
	}
}

/**
 * Lets the devices act, then takes every line the NVIC lets through,
 * highest priority first; returns how many. Reached only while some bit of
 * arch_attention is set, so the common interrupt point (no device in use,
 * nothing new, nothing armed) is one load in the core.
 */
unsigned arch_interrupt_point_slow(void)
{
	unsigned taken = 0;
	int line;

	inbox_fold();
	/* Injected resets strike, and the watchdog is fed, here. */
	sim_resets_point();
	/* spmsim devices: they see the core's stores and raise lines here. */
	sim_devices_poll();
	if (!nvic_attention(&irq.nvic)) {
		return 0; /* nothing raised, enabled or unmasked since */
	}
	while ((line = nvic_highest_pending(&irq.nvic)) >= 0) {
		(void)nvic_take(&irq.nvic, (unsigned)line);
		spm_irq_handler((uint32_t)line);
		(void)nvic_complete(&irq.nvic, (unsigned)line);
		taken++;
	}
	return taken;
}

bool sim_irq_sources_armed(void)
{
	if (atomic_load(&external_sources) > 0) {
		return true;
	}
	for (int i = 0; i < MAX_TIMERS; i++) {
		struct itimerspec left = {0};

		if (irq.timers[i].used &&
		    timer_gettime(irq.timers[i].id, &left) == 0 &&
		    (left.it_value.tv_sec != 0 || left.it_value.tv_nsec != 0)) {
			return true;
		}
	}
	return false;
}

bool arch_idle(void)
{
	sigset_t set, old;
	siginfo_t info;
	struct timespec wait = {IDLE_WATCHDOG_MS / 1000,
	                        (IDLE_WATCHDOG_MS % 1000) * 1000000L};
	int got;

	if (arch_interrupt_point() > 0) {
		return true;
	}
	/* Blocked first, so a signal cannot slip in between check and wait;
	 * the watchdog's too, as waiting is not spinning (resets.c). */
	sigemptyset(&set);
	sigaddset(&set, sim_resets_watchdog_signal());
	sigaddset(&set, sig_irq());
	pthread_sigmask(SIG_BLOCK, &set, &old);
	sigdelset(&set, sim_resets_watchdog_signal());
	got = -1;
	inbox_fold();
	if (nvic_highest_pending(&irq.nvic) < 0 && sim_irq_sources_armed()) {
		got = sigtimedwait(&set, &info, &wait);
		if (got > 0) {
			on_signal(&info);
		}
	}
	sim_resets_kick();
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return arch_interrupt_point() > 0 || got > 0;
}

void sim_irq_wait_with(int extra, unsigned ms)
{
	sigset_t set, old;
	siginfo_t info;
	struct timespec wait = {(time_t)(ms / 1000u),
	                        (long)(ms % 1000u) * 1000000L};

	sigemptyset(&set);
	sigaddset(&set, sim_resets_watchdog_signal());
	sigaddset(&set, sig_irq());
	sigaddset(&set, extra);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	sigdelset(&set, sim_resets_watchdog_signal());
	inbox_fold();
	if (nvic_highest_pending(&irq.nvic) < 0 &&
	    sigtimedwait(&set, &info, &wait) == sig_irq()) {
		on_signal(&info);
	}
	sim_resets_kick();
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* ------------------------------------------------------ the harness API */

/**
 * A raise by the core's own thread (the harness, a scenario, a device model
 * running on the core): the signal is sent with the wire blocked and then
 * received at once, so the line is pending when the call returns, as an
 * interrupt raised by the core's own store would be. (Left to the
 * asynchronous handler, delivery would depend on the host, e.g. it comes
 * later under Valgrind.)
 */
static int raise_from_core(union sigval v)
{
	sigset_t set, old;
	siginfo_t info;
	struct timespec zero = {0, 0};
	int rc;

	sigemptyset(&set);
	sigaddset(&set, sig_irq());
	pthread_sigmask(SIG_BLOCK, &set, &old);
	rc = pthread_sigqueue(irq.core, sig_irq(), v);
	while (sigtimedwait(&set, &info, &zero) > 0) {
		on_signal(&info);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int spmsim_irq_raise(uint32_t line)
{
	union sigval v = {.sival_int = (int)line};
	int rc;

	if (line >= IRQ_LINES) {
		return -1;
	}
	if (pthread_equal(pthread_self(), irq.core)) {
		return raise_from_core(v) == 0 ? 0 : -1;
	}
	/* Queue full under a storm: wait for the core to drain it. */
	while ((rc = pthread_sigqueue(irq.core, sig_irq(), v)) == EAGAIN) {
		sched_yield();
	}
	return rc == 0 ? 0 : -1;
}

/** spmsim_timer_start() with the interrupt state writable. */
static int timer_start(uint32_t line, uint64_t period_ns, bool periodic)
{
	struct sigevent ev;
	struct itimerspec spec;
	struct sim_timer *t = NULL;

	for (int i = 0; i < MAX_TIMERS && t == NULL; i++) {
		t = irq.timers[i].used ? NULL : &irq.timers[i];
	}
	if (t == NULL || line >= IRQ_LINES || period_ns == 0) {
		return -1;
	}
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = sig_irq();
	ev.sigev_value.sival_int = (int)line;
	ev._sigev_un._tid = gettid();
	if (timer_create(CLOCK_MONOTONIC, &ev, &t->id) != 0) {
		return -1;
	}
	spec.it_value.tv_sec = (time_t)(period_ns / 1000000000u);
	spec.it_value.tv_nsec = (long)(period_ns % 1000000000u);
	spec.it_interval = periodic ? spec.it_value : (struct timespec){0, 0};
	if (timer_settime(t->id, 0, &spec, NULL) != 0) {
		timer_delete(t->id);
		return -1;
	}
	t->used = true;
	return (int)(t - irq.timers);
}

/* Simulated code may call these (a test's non-secure function): the
 * timers are protected state, opened for the call. */
int spmsim_timer_start(uint32_t line, uint64_t period_ns, bool periodic)
{
	bool opened = sim_protect_async_open();
	int id = timer_start(line, period_ns, periodic);

	sim_protect_async_close(opened);
	return id;
}

void spmsim_timer_stop(int id)
{
	bool opened = sim_protect_async_open();

	if (id >= 0 && id < MAX_TIMERS && irq.timers[id].used) {
		timer_delete(irq.timers[id].id);
		irq.timers[id].used = false;
	}
	sim_protect_async_close(opened);
	SIM_PROTECT_NO_TAIL();
}

void spmsim_irq_source_begin(void)
{
	atomic_fetch_add(&external_sources, 1);
}

void spmsim_irq_source_end(void)
{
	atomic_fetch_sub(&external_sources, 1);
}

void spmsim_irq_get_stats(struct spmsim_irq_stats *out)
{
	struct nvic_stats st;

	/* Raises still in the inbox count as their fold will count them. */
	if (sim_protect_async_writable()) {
		inbox_fold();
	}
	nvic_get_stats(&irq.nvic, &st);
	for (unsigned line = 0; line < IRQ_LINES; line++) {
		unsigned long n = atomic_load(&inbox.raises[line]);

		if (n > 0) {
			st.raised += n;
			st.merged +=
			        n - 1u +
			        (nvic_is_pending(&irq.nvic, line) ? 1u : 0u);
		}
	}
	*out = (struct spmsim_irq_stats){
	        .raised = st.raised,
	        .merged = st.merged,
	        .taken = st.taken,
	        .bad_lines = atomic_load(&inbox.bad_lines),
	};
}

uint32_t spmsim_irq_line(const char *name)
{
	return sim_platform_irq(name);
}
