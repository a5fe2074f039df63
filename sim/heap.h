/*
 * Partition heaps (heap.c): malloc, free, calloc and realloc as partition
 * code sees them. The build points the partition objects' references to
 * the C library's functions at these (objcopy --redefine-sym in the
 * Makefile); non-secure code and the simulator keep the host's heap.
 */
#ifndef SIM_HEAP_H
#define SIM_HEAP_H

#include <stddef.h>

/** The allocator's bookkeeping per block, so the smallest heap is one. */
#define SIM_HEAP_OVERHEAD 16u

/**
 * Prepares the @size bytes at @heap (16-byte aligned) as an empty heap: one
 * free block. The bookkeeping lives in the heap itself.
 */
void sim_heap_init(void *heap, size_t size);

/** malloc() from the running partition's heap: NULL when it has none or
 * no free block is large enough. */
void *sim_heap_malloc(size_t n);

/** free(): a block of the running partition's heap goes back to it; a
 * pointer from elsewhere (the C library allocates for strdup()) goes to the
 * host's free(). */
void sim_heap_free(void *p);

/** calloc() from the running partition's heap, zeroed; NULL on overflow. */
void *sim_heap_calloc(size_t count, size_t n);

/** realloc() in the running partition's heap (the host's for a pointer
 * from elsewhere). */
void *sim_heap_realloc(void *p, size_t n);

#endif /* SIM_HEAP_H */
