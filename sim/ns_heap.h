/*
 * The non-secure side's heap (ns_heap.c): which host heap blocks are
 * non-secure memory for the SPM's pointer check.
 *
 * Programs are linked with `-Wl,--wrap=` for malloc, calloc, realloc,
 * free, aligned_alloc and posix_memalign (SPMSIM_LINK in the Makefile), so
 * the blocks the non-secure side (or the harness) allocates are recorded;
 * on a board the non-secure image's heap is non-secure memory. Blocks
 * partition code or the simulator allocates are not: no boundary may name
 * them to the SPM. Only blocks allocated and freed on the thread that runs
 * the simulated core count (the one that booted it); other threads'
 * blocks are not non-secure memory.
 */
#ifndef SIM_NS_HEAP_H
#define SIM_NS_HEAP_H

#include <stdbool.h>
#include <stdint.h>

/** The most non-secure heap blocks recorded at once; later ones are not. */
#define SIM_NS_HEAP_MAX 4096u

/**
 * True when host address @a lies in a recorded non-secure heap block,
 * [*@start, *@end).
 */
bool sim_ns_heap_find(uintptr_t a, uintptr_t *start, uintptr_t *end);

/** The calling thread runs the simulated core from now on (at boot). */
void sim_ns_heap_core(void);

/** The number of recorded blocks (for tests). */
uint32_t sim_ns_heap_blocks(void);

#endif /* SIM_NS_HEAP_H */
