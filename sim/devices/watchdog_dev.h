/*
 * The watchdog device (the register interface is in <spmsim/platform.h>):
 * one instance per struct, owned by the caller, over any page of memory.
 */
#ifndef SIM_WATCHDOG_DEV_H
#define SIM_WATCHDOG_DEV_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "spmsim/platform.h"

struct watchdog_dev {
	struct spmsim_watchdog_regs *regs;
	/** The interrupt line it raises. */
	uint32_t line;
	/** LOAD, CTRL and LOCK as the device last left them. */
	uint32_t load_seen;
	uint32_t ctrl_seen;
	uint32_t lock_seen;
	bool locked;
	/** The POSIX timer that raises the line at each expiry, or -1. */
	int host_timer;
	/** The running count: since when, of how many ticks. */
	bool counting;
	uint32_t period;
	struct timespec started;
	/** It asked for the system reset: it does nothing more. */
	bool fired;
};

/**
 * Puts @w in its reset state over registers @regs, raising @line: stopped,
 * unlocked, every register 0. Stops a running count first.
 */
void watchdog_dev_reset(struct watchdog_dev *w,
                        struct spmsim_watchdog_regs *regs, uint32_t line);

/** Acts on the core's stores and on the expiries since the last point. */
void watchdog_dev_poll(struct watchdog_dev *w);

/** Stops the count; no interrupt comes from @w after it. */
void watchdog_dev_stop(struct watchdog_dev *w);

#endif /* SIM_WATCHDOG_DEV_H */
