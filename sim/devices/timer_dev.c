/*
 * The timer model. How it works: the registers are memory the core writes.
 * At each interrupt point timer_dev_poll() compares CTRL and LOAD with what
 * it saw last, and takes the START command. Starting a count arms a POSIX
 * timer with spmsim_timer_start() on the device's line, so an expiry travels
 * the signal path every source uses (the line is pending when the core next
 * looks), and an armed timer keeps an idle core waiting for it. The model
 * never learns of an expiry itself; VALUE is worked out from the monotonic
 * clock, the one the POSIX timer runs on.
 */
#include "timer_dev.h"

#include <stddef.h>

#include "arch.h"
#include "spmsim/spmsim.h"

#define NS_PER_TICK (1000000000u / SPMSIM_TIMER_HZ)

void timer_dev_reset(struct timer_dev *t, struct spmsim_timer_regs *regs,
                     uint32_t line)
{
	*t = (struct timer_dev){.regs = regs, .line = line, .host_timer = -1};
	regs->ctrl = 0;
	regs->load = 0;
	regs->value = 0;
}

void timer_dev_stop(struct timer_dev *t)
{
	if (t->host_timer >= 0) {
		spmsim_timer_stop(t->host_timer);
		t->host_timer = -1;
	}
	t->counting = false;
}

/** Starts a count of @load ticks (none when 0), replacing any running. */
static void start_count(struct timer_dev *t, uint32_t load, bool oneshot)
{
	timer_dev_stop(t);
	t->period = load;
	t->oneshot = oneshot;
	t->regs->value = load;
	if (load == 0) {
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t->started);
	t->host_timer = spmsim_timer_start(
	        t->line, (uint64_t)load * NS_PER_TICK, !oneshot);
	if (t->host_timer < 0) {
		arch_report("timer device: no host timer left to count with");
		return;
	}
	t->counting = true;
}

/** VALUE: the ticks left in the running count, now. */
static void update_value(struct timer_dev *t)
{
	struct timespec now;
	uint64_t ns, ticks;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (uint64_t)(now.tv_sec - t->started.tv_sec) * 1000000000u +
	     (uint64_t)now.tv_nsec - (uint64_t)t->started.tv_nsec;
	ticks = ns / NS_PER_TICK;
	if (t->oneshot) {
		t->regs->value =
		        ticks >= t->period ? 0 : t->period - (uint32_t)ticks;
	} else {
		t->regs->value = t->period - (uint32_t)(ticks % t->period);
	}
}

/** True when the stores of CTRL @ctrl and LOAD @load start a new count. */
static bool starts_count(const struct timer_dev *t, uint32_t ctrl,
                         uint32_t load)
{
	uint32_t rising = ctrl & ~t->ctrl_seen;

	return (ctrl & SPMSIM_TIMER_CTRL_START) != 0 ||
	       (rising & SPMSIM_TIMER_CTRL_ENABLE) != 0 ||
	       ((ctrl ^ t->ctrl_seen) & SPMSIM_TIMER_CTRL_ONESHOT) != 0 ||
	       load != t->load_seen;
}

void timer_dev_poll(struct timer_dev *t)
{
	uint32_t ctrl = t->regs->ctrl;
	uint32_t load = t->regs->load;
	bool start;

	/* First the count as of now: a stop freezes VALUE there. */
	if (t->counting) {
		update_value(t);
	}
	if (ctrl == t->ctrl_seen && load == t->load_seen) {
		return;
	}
	start = starts_count(t, ctrl, load);
	if ((ctrl & SPMSIM_TIMER_CTRL_START) != 0) {
		ctrl &= ~SPMSIM_TIMER_CTRL_START;
		t->regs->ctrl = ctrl;
	}
	t->ctrl_seen = ctrl;
	t->load_seen = load;
	if ((ctrl & SPMSIM_TIMER_CTRL_ENABLE) == 0) {
		timer_dev_stop(t);
	} else if (start) {
		start_count(t, load, (ctrl & SPMSIM_TIMER_CTRL_ONESHOT) != 0);
	}
}
