/*
 * The simulated board's devices (devices.c): a timer and a UART model behind
 * each pair of the platform's MMIO regions, started and stopped with the
 * system, and advanced at every interrupt point.
 */
#ifndef SIM_DEVICES_H
#define SIM_DEVICES_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "irq_sim.h"

/**
 * Maps every device's register page (at the first start after a release)
 * and puts every device in its reset state. Called by the thread that runs
 * the core, at each boot and reset, after sim_irq_start(). Returns 0 or -1.
 */
int sim_devices_start(void);

/**
 * Stops every device: timers, stream threads; drops bytes not yet
 * received. Called before sim_irq_stop(). The pages stay mapped.
 */
void sim_devices_stop(void);

/** Unmaps the pages and discards the UARTs' output (at shutdown). */
void sim_devices_release(void);

/** Lets every started device see the core's stores and act on them. */
void sim_devices_poll_all(void);

/**
 * sim_devices_poll_all() once a device is in use (devices.c sets
 * SIM_ATTN_DEVICES then): the hook at the top of every interrupt point
 * with work. Inline, and one load while none is in use.
 */
static inline void sim_devices_poll(void)
{
	if (__atomic_load_n(&arch_attention, __ATOMIC_RELAXED) &
	    SIM_ATTN_DEVICES) {
		sim_devices_poll_all();
	}
}

/**
 * The host address of board address @addr inside a device model's page or
 * the flash, or NULL (spmsim_platform_mmio() also finds the regions that
 * only partitions declare).
 */
void *sim_devices_mmio(uint32_t addr);

/**
 * The board address and size of platform MMIO region @name; false when the
 * platform has none (platform.c).
 */
bool sim_platform_mmio(const char *name, uint32_t *addr, uint32_t *size);

#endif /* SIM_DEVICES_H */
