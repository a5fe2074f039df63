/*
 * The non-secure heap blocks (see ns_heap.h).
 *
 * How it works. The wrappers call the C library's allocator, then, inside
 * the SPM's view of memory (the record is the simulator's state, which
 * simulated code may read but not write), record or forget the block in a
 * table sorted by address. A block is recorded when the code that asked
 * for it is not a secure partition's: the non-secure side's, or the
 * harness's between runs, on the thread that runs the simulated core. The
 * isolation HAL looks blocks up by address; recording or forgetting one
 * makes it drop its remembered answers, since the memory changed hands.
 */
#include "ns_heap.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

#include "arch.h"
#include "isolation.h"
#include "protect.h"
#include "spm.h"

struct block {
	uintptr_t start;
	uintptr_t end;
};

static struct {
	struct block b[SIM_NS_HEAP_MAX];
	uint32_t n;
	bool told_full;
	/** The thread that runs the simulated core (see ns_heap.h). */
	pthread_t core;
	bool core_known;
} heap;

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
void *__real_aligned_alloc(size_t align, size_t size);
int __real_posix_memalign(void **p, size_t align, size_t size);

/** The index of the first block whose end lies above @a. */
static uint32_t lower_bound(uintptr_t a)
{
	uint32_t lo = 0, hi = heap.n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (heap.b[mid].end <= a) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

bool sim_ns_heap_find(uintptr_t a, uintptr_t *start, uintptr_t *end)
{
	uint32_t i = lower_bound(a);

	if (i < heap.n && heap.b[i].start <= a) {
		*start = heap.b[i].start;
		*end = heap.b[i].end;
		return true;
	}
	return false;
}

uint32_t sim_ns_heap_blocks(void)
{
	return heap.n;
}

/** True when a secure partition's code asks (its blocks are not NS). */
static bool secure_caller(void)
{
	const struct spm_partition *p = spm_sys()->current;

	return p != NULL && !p->is_ns;
}

/** Forgets the block at @p, if recorded. */
static void forget(void *p)
{
	uintptr_t a = (uintptr_t)p;
	uint32_t i = lower_bound(a);

	if (p == NULL || i == heap.n || heap.b[i].start != a) {
		return;
	}
	heap.n--;
	for (uint32_t k = i; k < heap.n; k++) {
		heap.b[k] = heap.b[k + 1];
	}
	sim_isolation_forget();
}

/** Records block [@p, +@size). */
static void record(void *p, size_t size)
{
	uintptr_t a = (uintptr_t)p;
	uint32_t i;

	if (p == NULL || size == 0 || secure_caller()) {
		return;
	}
	if (heap.n == SIM_NS_HEAP_MAX) {
		if (!heap.told_full) {
			heap.told_full = true;
			arch_report("more non-secure heap blocks than the "
			            "simulator records: later ones are not "
			            "non-secure memory for the SPM");
		}
		return;
	}
	i = lower_bound(a);
	/* A block the C library freed behind the wrappers' back. */
	while (i < heap.n && heap.b[i].start < a + size) {
		forget((void *)heap.b[i].start);
	}
	for (uint32_t k = heap.n; k > i; k--) {
		heap.b[k] = heap.b[k - 1];
	}
	heap.b[i] = (struct block){a, a + size};
	heap.n++;
	/* The memory may have been refused before, as someone else's. */
	sim_isolation_forget();
}

void sim_ns_heap_core(void)
{
	heap.core = pthread_self();
	heap.core_known = true;
}

/**
 * Records @p (@size bytes) and forgets @old, in the SPM's view. Only on the
 * core's thread: another thread's change of view would open the SPM's
 * memory to whatever the core runs at that moment.
 */
static void update(void *old, void *p, size_t size)
{
	bool outer;

	if (!heap.core_known) {
		sim_ns_heap_core();
	}
	if (!pthread_equal(pthread_self(), heap.core)) {
		return;
	}
	outer = sim_protect_enter_spm();

	forget(old);
	record(p, size);
	if (outer) {
		sim_protect_leave_spm();
		SIM_PROTECT_NO_TAIL();
	}
}

void *__wrap_malloc(size_t size);
void *__wrap_malloc(size_t size)
{
	void *p = __real_malloc(size);

	update(NULL, p, size);
	return p;
}

void *__wrap_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size)
{
	void *p = __real_calloc(n, size);

	update(NULL, p, n * size);
	return p;
}

void *__wrap_realloc(void *old, size_t size);
void *__wrap_realloc(void *old, size_t size)
{
	void *p = __real_realloc(old, size);

	/* A failed realloc() leaves the old block as it was. */
	if (p != NULL || size == 0) {
		update(old, p, size);
	}
	return p;
}

void __wrap_free(void *p);
void __wrap_free(void *p)
{
	if (p != NULL) {
		update(p, NULL, 0);
	}
	__real_free(p);
}

void *__wrap_aligned_alloc(size_t align, size_t size);
void *__wrap_aligned_alloc(size_t align, size_t size)
{
	void *p = __real_aligned_alloc(align, size);

	update(NULL, p, size);
	return p;
}

int __wrap_posix_memalign(void **out, size_t align, size_t size);
int __wrap_posix_memalign(void **out, size_t align, size_t size)
{
	int rc = __real_posix_memalign(out, align, size);

	if (rc == 0) {
		update(NULL, *out, size);
	}
	return rc;
}
