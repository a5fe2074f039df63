/*
 * A timer device (the register interface is in <spmsim/platform.h>): one
 * instance per struct, owned by the caller, so a test can build a fresh one
 * over any page of memory.
 */
#ifndef SIM_TIMER_DEV_H
#define SIM_TIMER_DEV_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "spmsim/platform.h"

struct timer_dev {
	struct spmsim_timer_regs *regs;
	/** The interrupt line it raises. */
	uint32_t line;
	/** CTRL and LOAD as the device last saw them. */
	uint32_t ctrl_seen;
	uint32_t load_seen;
	/** The POSIX timer of the running count (spmsim_timer_start()), -1. */
	int host_timer;
	/** The running count: since when, how long, once or again. */
	bool counting;
	bool oneshot;
	uint32_t period;
	struct timespec started;
};

/**
 * Puts @t in its reset state over registers @regs, raising @line: stopped,
 * every register 0. @t must not be counting (timer_dev_stop() first).
 */
void timer_dev_reset(struct timer_dev *t, struct spmsim_timer_regs *regs,
                     uint32_t line);

/** Acts on the core's stores to the registers; updates VALUE. */
void timer_dev_poll(struct timer_dev *t);

/** Stops the running count, if any; no interrupt comes from @t after it. */
void timer_dev_stop(struct timer_dev *t);

#endif /* SIM_TIMER_DEV_H */
