/*
 * The host's isolation HAL (isolation.c) implements the isolation part of
 * spm_core/arch.h on the MPU and SAU models; this header adds what the
 * host's device models and tests need.
 */
#ifndef SIM_ISOLATION_H
#define SIM_ISOLATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"

/**
 * Partition code runs from here under the active boundary (page
 * protection opens the stack it runs on); arch_run_*() call it.
 */
void sim_isolation_leave_spm(void);

/**
 * Partition code returned: the SPM's view again. Called from anything but
 * the simulator's own code it opens nothing and faults (the caller's
 * return address decides, as for every exported function that changes
 * page protection).
 */
void sim_isolation_enter_spm(void);

/**
 * The host memory behind the numeric MMIO region at @base (a partition's
 * manifest address), or NULL when no bound partition has that region.
 */
void *sim_isolation_mmio(uint32_t base);

/**
 * The host address of board address @addr inside any MMIO region a bound
 * partition declares (host memory of the region's own, or a device's), or
 * NULL.
 */
void *sim_isolation_mmio_at(uint32_t addr);

/**
 * The heap of the partition bound to @boundary (heap_size bytes, its size
 * in *size), or NULL with *size 0 when it has none.
 */
void *sim_isolation_heap(uintptr_t boundary, size_t *size);

/**
 * The simulated address of host address @a (a partition's memory, a stack,
 * the SPM's state, an MMIO page, the program image; anything else lands in
 * a non-secure window), as the memory check sees it.
 */
uint32_t sim_isolation_address(uintptr_t a);

/**
 * The protection mode of the next boot: @trap true (the default) enforces
 * boundaries on raw accesses with page protection; false is the `check`
 * mode (pointer checks only).
 */
void sim_isolation_set_mode(bool trap);

/**
 * @on: the next context created is the non-secure side's; in the `trap`
 * mode its stack is placed beside the non-secure data (see isolation.c).
 */
void sim_isolation_place_ns_stack(bool on);

/** Where a context's mapping goes (arch_context.c's hooks), or NULL. */
void *sim_context_place(size_t map_size);

/** Gives back a mapping sim_context_place() made; false when not one. */
bool sim_context_unplace(void *map, size_t map_size);

/**
 * The harness's own frames on the host thread's stack, from @frame (the
 * frame of spmsim_run_ns()) up to the stack's top, are non-secure memory
 * while that run lasts (a test hands its locals to the non-secure code it
 * runs); NULL when no run is in progress.
 */
void sim_isolation_harness_frames(const void *frame);

/**
 * The SAU model's state and the memory check's remembered answers (in
 * *@size bytes): the simulator's own state, for tests that aim at it.
 */
const void *sim_isolation_sau_ctrl(void);
const void *sim_isolation_verdicts(size_t *size);

/**
 * Drops every remembered answer of the memory check: host memory changed
 * hands (a non-secure heap block was freed).
 */
void sim_isolation_forget(void);

/** Makes every protected area accessible again (at shutdown). */
void sim_isolation_release(void);

/**
 * What host address @addr is in the simulated memory map, for a fault
 * report: its simulated address in @sim, the area's name in @region (e.g.
 * "SP_X data", "SPM data", "non-secure data") and whether it is secure.
 * False when it lies in no area of the map.
 */
bool sim_isolation_describe(const void *addr, uint32_t *sim,
                            const char **region, bool *secure);

/** Context @ctx is being destroyed: its stack leaves the memory map. */
void sim_context_released(const struct arch_context *ctx);

#endif /* SIM_ISOLATION_H */
