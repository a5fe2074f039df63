/*
 * Partition heaps.
 *
 * How it works. A partition whose manifest gives `heap_size` gets a heap of
 * that size in its own secure slot: isolation.c maps it, places it in the
 * partition's memory and protects it with the rest of that memory, so
 * other partitions (at level 3, or PSA-RoT ones at level 2) and the
 * non-secure side cannot reach it. Partition code's calls to malloc, free,
 * calloc and realloc reach the functions here (the Makefile renames the
 * references in each partition object), which allocate from the heap of
 * the running partition. Like an SPM entry veneer, each takes the SPM's
 * view of memory to find that heap and returns with the caller's view. A
 * partition without `heap_size` has no heap: malloc returns NULL, as on a
 * board.
 *
 * The allocator is first fit over blocks laid end to end, each opened by a
 * 16-byte header (its size, header included, and whether it is in use).
 * Freeing merges a block with a free successor; an allocation merges the
 * runs of free blocks it walks. All of it lives in the heap itself.
 */
#include "heap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "isolation.h"
#include "protect.h"
#include "spm.h"

/** A block's header; the payload follows, 16-byte aligned. */
struct block {
	size_t size;
	size_t used;
} __attribute__((aligned(SIM_HEAP_OVERHEAD)));

_Static_assert(sizeof(struct block) == SIM_HEAP_OVERHEAD,
               "one header is SIM_HEAP_OVERHEAD bytes");

/** A heap: its bounds. */
struct heap {
	char *start;
	char *end;
};

void sim_heap_init(void *heap, size_t size)
{
	struct block *b = heap;

	b->size = size / SIM_HEAP_OVERHEAD * SIM_HEAP_OVERHEAD;
	b->used = 0;
}

/** The running partition's heap; false when it has none. */
static bool running_heap(struct heap *h)
{
	const struct spm_partition *p = spm_sys()->current;
	size_t size = 0;

	if (p == NULL || p->is_ns) {
		return false;
	}
	h->start = sim_isolation_heap(p->boundary, &size);
	h->end = h->start + size;
	return h->start != NULL && size >= SIM_HEAP_OVERHEAD;
}

static struct block *next_of(struct block *b)
{
	return (struct block *)((char *)b + b->size);
}

/** Merges the free blocks that follow free block @b into it. */
static void merge_free(const struct heap *h, struct block *b)
{
	while ((char *)next_of(b) < h->end && !next_of(b)->used) {
		b->size += next_of(b)->size;
	}
}

/** A block size holding @n payload bytes and its header. */
static size_t block_size(size_t n)
{
	return (n + 2 * SIM_HEAP_OVERHEAD - 1) / SIM_HEAP_OVERHEAD *
	       SIM_HEAP_OVERHEAD;
}

/** Cuts block @b down to @need bytes when the rest makes a block. */
static void split(struct block *b, size_t need)
{
	if (b->size - need >= 2 * SIM_HEAP_OVERHEAD) {
		struct block *rest = (struct block *)((char *)b + need);

		rest->size = b->size - need;
		rest->used = 0;
		b->size = need;
	}
}

/** Takes a block of at least @n payload bytes from @h, or NULL. */
static void *take(const struct heap *h, size_t n)
{
	size_t need;

	if (n > (size_t)(h->end - h->start)) {
		return NULL;
	}
	need = block_size(n);
	for (struct block *b = (struct block *)h->start; (char *)b < h->end;
	     b = next_of(b)) {
		if (b->used) {
			continue;
		}
		merge_free(h, b);
		if (b->size >= need) {
			split(b, need);
			b->used = 1;
			return b + 1;
		}
	}
	return NULL;
}

/** The in-use block of @h whose payload starts at @p, or NULL. */
static struct block *block_of(const struct heap *h, void *p)
{
	struct block *want = (struct block *)p - 1;

	if ((char *)p < h->start || (char *)p >= h->end) {
		return NULL;
	}
	for (struct block *b = (struct block *)h->start; (char *)b < h->end;
	     b = next_of(b)) {
		if (b == want) {
			return b->used ? b : NULL;
		}
	}
	return NULL;
}

/** Enters the SPM's view of memory; true when the caller must leave it. */
static bool enter(void)
{
	return sim_protect_enter_spm();
}

static void leave(bool outer)
{
	if (outer) {
		sim_protect_leave_spm();
	}
}

void *sim_heap_malloc(size_t n)
{
	bool outer = enter();
	struct heap h;
	void *p = running_heap(&h) ? take(&h, n) : NULL;

	leave(outer);
	return p;
}

/** True when @p lies in the running partition's heap, which fills *@h. */
static bool in_heap(struct heap *h, const void *p)
{
	return running_heap(h) && (const char *)p >= h->start &&
	       (const char *)p < h->end;
}

void sim_heap_free(void *p)
{
	bool outer = enter();
	struct heap h;
	bool mine = p != NULL && in_heap(&h, p);
	struct block *b = mine ? block_of(&h, p) : NULL;

	/* A pointer into the heap that is no block in use (freed twice, or
	 * never returned) is ignored, as a board's allocator might. */
	if (b != NULL) {
		b->used = 0;
		merge_free(&h, b);
	}
	leave(outer);
	if (!mine && p != NULL) {
		free(p); /* the C library's, e.g. from strdup() */
	}
}

void *sim_heap_calloc(size_t count, size_t n)
{
	void *p;

	if (n != 0 && count > SIZE_MAX / n) {
		return NULL;
	}
	p = sim_heap_malloc(count * n);
	if (p != NULL) {
		bool outer = enter();

		memset(p, 0, count * n);
		leave(outer);
	}
	return p;
}

/**
 * realloc() of block @b of @h to @n payload bytes: in place when it or the
 * free blocks after it hold them, else moved; NULL leaves @b as it was.
 */
static void *resize(const struct heap *h, struct block *b, size_t n)
{
	size_t have = b->size - SIM_HEAP_OVERHEAD;
	void *p;

	if (n > (size_t)(h->end - h->start)) {
		return NULL;
	}
	merge_free(h, b);
	if (b->size >= block_size(n)) {
		split(b, block_size(n));
		return b + 1;
	}
	p = take(h, n);
	if (p != NULL) {
		memcpy(p, b + 1, have);
		b->used = 0;
		merge_free(h, b);
	}
	return p;
}

void *sim_heap_realloc(void *p, size_t n)
{
	bool outer, mine;
	struct heap h;
	struct block *b;
	void *q = NULL;

	if (p == NULL) {
		return sim_heap_malloc(n);
	}
	outer = enter();
	mine = in_heap(&h, p);
	b = mine ? block_of(&h, p) : NULL;
	if (b != NULL) {
		q = resize(&h, b, n);
	}
	leave(outer);
	return mine ? q : realloc(p, n);
}
