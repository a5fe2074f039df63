/*
 * The host's interrupt layer (irq_sim.c): the NVIC model the simulated core
 * uses, its POSIX-signal sources, and the platform's interrupt names.
 */
#ifndef SIM_IRQ_SIM_H
#define SIM_IRQ_SIM_H

#include <stdbool.h>
#include <stdint.h>

/** The bits of arch_attention (arch.h): who may have work for a point. */
#define SIM_ATTN_NVIC    1u /* the NVIC model has news (its bell) */
#define SIM_ATTN_DEVICES 2u /* a device is in use: poll it */
#define SIM_ATTN_RESETS  4u /* an injected reset or the watchdog is armed */
#define SIM_ATTN_INBOX   8u /* raises wait in the inbox (irq_sim.c) */

/** Sets (@on) or clears @bit of arch_attention; async-signal-safe. */
void sim_attention(unsigned bit, bool on);

/**
 * Resets the interrupt controller and takes the signal that carries
 * interrupts, for the thread calling it (the one that runs the core).
 * Called at every boot and reset. Returns 0 or -1.
 */
int sim_irq_start(void);

/** Stops every timer, drains queued interrupts, gives the signal back. */
void sim_irq_stop(void);

/**
 * Waits up to @ms milliseconds, on the core's thread, for an interrupt
 * (marked pending) or for signal @extra (blocked by the caller, consumed);
 * returns at once when an interrupt is pending already. Waiting is not
 * spinning: the watchdog is fed.
 */
void sim_irq_wait_with(int extra, unsigned ms);

/**
 * True when some source may still raise an interrupt: a device thread, a
 * running timer.
 */
bool sim_irq_sources_armed(void);

/** The line of platform interrupt @name, or ARCH_IRQ_NONE (platform.c). */
uint32_t sim_platform_irq(const char *name);

#endif /* SIM_IRQ_SIM_H */
