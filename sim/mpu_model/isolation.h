/*
 * The host's isolation HAL (isolation.c) implements the isolation part of
 * spm_core/arch.h on the MPU and SAU models; this header adds what the
 * host's device models and tests need.
 */
#ifndef SIM_ISOLATION_H
#define SIM_ISOLATION_H

#include <stdint.h>

#include "arch.h"

/**
 * The host memory behind the numeric MMIO region at @base (a partition's
 * manifest address), or NULL when no bound partition has that region.
 */
void *sim_isolation_mmio(uint32_t base);

/**
 * The simulated address of host address @a (a partition's memory, a stack,
 * the SPM's state, an MMIO page, the program image; anything else lands in
 * a non-secure window), as the memory check sees it.
 */
uint32_t sim_isolation_address(uintptr_t a);

#endif /* SIM_ISOLATION_H */
