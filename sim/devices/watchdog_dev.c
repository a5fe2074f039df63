/*
 * The watchdog model (CMSDK APB watchdog). How it works: the registers are
 * memory the core writes; at each interrupt point watchdog_dev_poll()
 * first takes LOCK, then compares LOAD, CTRL and INTCLR with what it left
 * there, and undoes the stores a locked device must ignore. It leaves a
 * marker bit in LOCK and INTCLR, which no driver writes, so that any store
 * there changes them and is seen. A running
 * count arms a periodic POSIX timer on the device's line
 * (spmsim_timer_start()), so each expiry raises the line through the path
 * every source uses and wakes an idle core; the expiries themselves (RIS
 * at the first, the reset request at the second with RESEN) are worked out
 * at the point from the monotonic clock the POSIX timer runs on, before
 * the core takes the line, so a handler reads RIS set. The count after the
 * first expiry starts at the point that saw it (see count()).
 */
#include "watchdog_dev.h"

#include <stddef.h>

#include "arch.h"
#include "resets.h"
#include "spmsim/spmsim.h"

#define NS_PER_TICK (1000000000u / SPMSIM_WATCHDOG_HZ)

_Static_assert(offsetof(struct spmsim_watchdog_regs, lock) == 0xC00,
               "LOCK is at offset 0xC00 on the CMSDK watchdog");

void watchdog_dev_stop(struct watchdog_dev *w)
{
	if (w->host_timer >= 0) {
		spmsim_timer_stop(w->host_timer);
		w->host_timer = -1;
	}
	w->counting = false;
}

void watchdog_dev_reset(struct watchdog_dev *w,
                        struct spmsim_watchdog_regs *regs, uint32_t line)
{
	if (w->regs != NULL) {
		watchdog_dev_stop(w);
	}
	*w = (struct watchdog_dev){
	        .regs = regs, .line = line, .host_timer = -1};
	regs->load = 0;
	regs->value = 0;
	regs->ctrl = 0;
	regs->intclr = SPMSIM_WATCHDOG_MARK;
	regs->ris = 0;
	regs->mis = 0;
	regs->lock = SPMSIM_WATCHDOG_MARK;
	w->lock_seen = SPMSIM_WATCHDOG_MARK;
}

/** Loads the counter from LOAD and (re)starts it when enabled. */
static void reload(struct watchdog_dev *w)
{
	watchdog_dev_stop(w);
	w->period = w->load_seen;
	w->regs->value = w->period;
	if ((w->ctrl_seen & SPMSIM_WATCHDOG_CTRL_INTEN) == 0 ||
	    w->period == 0) {
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &w->started);
	w->host_timer = spmsim_timer_start(
	        w->line, (uint64_t)w->period * NS_PER_TICK, true);
	if (w->host_timer < 0) {
		arch_report(
		        "watchdog device: no host timer left to count with");
		return;
	}
	w->counting = true;
}

/** Ticks since the count started. */
static uint64_t ticks_since_start(const struct watchdog_dev *w)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return ((uint64_t)(now.tv_sec - w->started.tv_sec) * 1000000000u +
	        (uint64_t)now.tv_nsec - (uint64_t)w->started.tv_nsec) /
	       NS_PER_TICK;
}

/** Moves the count's start @n whole periods on, as the POSIX timer is. */
static void advance(struct watchdog_dev *w, uint64_t n)
{
	uint64_t ns =
	        n * w->period * NS_PER_TICK + (uint64_t)w->started.tv_nsec;

	w->started.tv_sec += (time_t)(ns / 1000000000u);
	w->started.tv_nsec = (long)(ns % 1000000000u);
}

/**
 * The expiries since the last point. The first sets RIS and starts the
 * next count at this point, so that a host that did not run the core for
 * a while does not turn one late interrupt into a reset; an expiry with
 * RIS still set resets with RESEN, or passes.
 */
static void count(struct watchdog_dev *w)
{
	uint64_t ticks = ticks_since_start(w);
	uint64_t expiries = ticks / w->period;

	w->regs->value = w->period - (uint32_t)(ticks % w->period);
	if (expiries == 0) {
		return;
	}
	if (w->regs->ris == 0) {
		w->regs->ris = 1;
		reload(w);
		/* The timer's own raise may not have arrived before the
		 * restart dropped it; a second one merges. */
		spmsim_irq_raise(w->line);
	} else if ((w->ctrl_seen & SPMSIM_WATCHDOG_CTRL_RESEN) != 0) {
		w->fired = true;
		watchdog_dev_stop(w);
		sim_resets_request(SIM_RESETS_WATCHDOG_DEVICE);
	} else {
		advance(w, expiries);
	}
}

/**
 * Takes a LOCK store; returns whether the other stores of this stretch go
 * through (unlocked at its start, or LOCK was written in it).
 */
static bool take_lock(struct watchdog_dev *w)
{
	uint32_t lock = w->regs->lock;
	bool was_unlocked = !w->locked;

	if (lock == w->lock_seen) {
		return was_unlocked;
	}
	w->locked = lock != SPMSIM_WATCHDOG_UNLOCK;
	w->lock_seen = SPMSIM_WATCHDOG_MARK |
	               (w->locked ? SPMSIM_WATCHDOG_LOCKED : 0u);
	w->regs->lock = w->lock_seen;
	return true;
}

/** Acts on stores to LOAD, CTRL and INTCLR, or undoes them. */
static void take_stores(struct watchdog_dev *w, bool allowed)
{
	uint32_t load = w->regs->load, ctrl = w->regs->ctrl;
	bool kick = w->regs->intclr != SPMSIM_WATCHDOG_MARK;
	bool enabling =
	        (ctrl & ~w->ctrl_seen & SPMSIM_WATCHDOG_CTRL_INTEN) != 0;

	w->regs->intclr = SPMSIM_WATCHDOG_MARK;
	if (!allowed) {
		w->regs->load = w->load_seen;
		w->regs->ctrl = w->ctrl_seen;
		return;
	}
	if (kick) {
		w->regs->ris = 0;
	}
	if (kick || enabling || load != w->load_seen ||
	    (ctrl & SPMSIM_WATCHDOG_CTRL_INTEN) == 0) {
		w->load_seen = load;
		w->ctrl_seen = ctrl;
		reload(w);
	}
	w->ctrl_seen = ctrl;
}

void watchdog_dev_poll(struct watchdog_dev *w)
{
	bool allowed;

	if (w->fired) {
		return;
	}
	if (w->counting) {
		count(w);
		if (w->fired) {
			return;
		}
	}
	allowed = take_lock(w);
	if (w->regs->load != w->load_seen || w->regs->ctrl != w->ctrl_seen ||
	    w->regs->intclr != SPMSIM_WATCHDOG_MARK) {
		take_stores(w, allowed);
	}
	w->regs->mis = w->regs->ris & w->ctrl_seen & SPMSIM_WATCHDOG_CTRL_INTEN;
}
