/*
 * The partition heap allocator (sim/heap.c) alone: first fit, running out,
 * merging freed neighbours, calloc zeroing and its overflow, realloc in
 * place and by moving, a double free ignored, pointers from the C library
 * handed to the host's free and realloc, and a partition without a heap.
 * The running partition and its heap are fakes here: sim_isolation_heap()
 * and the protection entry points are defined below. Links heap.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "isolation.h"
#include "protect.h"
#include "spm.h"

#define HEAP 1024u

struct spm spm_system;
static struct spm_partition part = {.boundary = 1};
static _Alignas(16) unsigned char heap[HEAP];
static size_t heap_size = HEAP;
static unsigned entries;

void *sim_isolation_heap(uintptr_t boundary, size_t *size)
{
	*size = boundary == 1 ? heap_size : 0;
	return *size > 0 ? heap : NULL;
}

bool sim_protect_enter_spm(void)
{
	entries++;
	return false;
}

void sim_protect_leave_spm(void)
{
}

static int setup(void **state)
{
	(void)state;
	memset(heap, 0xEE, sizeof(heap));
	heap_size = HEAP;
	sim_heap_init(heap, HEAP);
	spm_system.current = &part;
	entries = 0;
	return 0;
}

static bool in_heap(const void *p, size_t n)
{
	return (const unsigned char *)p >= heap &&
	       (const unsigned char *)p + n <= heap + HEAP;
}

static void test_malloc_fits_and_runs_out(void **state)
{
	void *a, *b, *c;

	(void)state;
	a = sim_heap_malloc(100);
	b = sim_heap_malloc(400);
	assert_true(in_heap(a, 100) && in_heap(b, 400));
	assert_int_equal((uintptr_t)a % 16, 0);
	assert_int_equal((uintptr_t)b % 16, 0);
	assert_true((char *)b >= (char *)a + 100);
	/* 1024 - (128 + 416) = 480 left: 460 fits, then nothing does. */
	c = sim_heap_malloc(460);
	assert_true(in_heap(c, 460));
	assert_null(sim_heap_malloc(1));
	assert_null(sim_heap_malloc(SIZE_MAX));
	assert_true(entries > 0);
}

static void test_free_merges_neighbours(void **state)
{
	void *a = sim_heap_malloc(300);
	void *b = sim_heap_malloc(300);
	void *c = sim_heap_malloc(300);

	(void)state;
	assert_non_null(c);
	assert_null(sim_heap_malloc(300));
	sim_heap_free(b);
	sim_heap_free(a);
	/* a and b merged: 600 bytes fit where neither alone did. */
	assert_ptr_equal(sim_heap_malloc(600), a);
	sim_heap_free(NULL);
}

static void test_double_free_is_ignored(void **state)
{
	void *a = sim_heap_malloc(64);
	void *b;

	(void)state;
	sim_heap_free(a);
	sim_heap_free(a);
	sim_heap_free((char *)heap + 8); /* no block starts there */
	b = sim_heap_malloc(64);
	assert_ptr_equal(b, a);
	/* One block in use: the double free did not free it twice. */
	assert_ptr_not_equal(sim_heap_malloc(64), b);
}

static void test_calloc_zeroes_and_checks_overflow(void **state)
{
	unsigned char *p;

	(void)state;
	p = sim_heap_calloc(10, 20);
	assert_true(in_heap(p, 200));
	for (int i = 0; i < 200; i++) {
		assert_int_equal(p[i], 0);
	}
	assert_null(sim_heap_calloc(SIZE_MAX / 2, 4));
}

static void test_realloc_in_place_and_moving(void **state)
{
	char *a = sim_heap_malloc(32);
	char *b, *c;

	(void)state;
	memcpy(a, "0123456789abcdef0123456789abcdef", 32);
	/* Nothing after a yet: it grows in place. */
	b = sim_heap_realloc(a, 200);
	assert_ptr_equal(b, a);
	c = sim_heap_malloc(16); /* now something follows */
	assert_non_null(c);
	a = sim_heap_realloc(b, 400);
	assert_ptr_not_equal(a, b);
	assert_true(in_heap(a, 400));
	assert_memory_equal(a, "0123456789abcdef0123456789abcdef", 32);
	assert_ptr_equal(sim_heap_realloc(a, 8), a); /* shrinking stays */
	assert_null(sim_heap_realloc(a, 5000));
	assert_memory_equal(a, "01234567", 8);
	b = sim_heap_realloc(NULL, 16);
	assert_true(in_heap(b, 16));
}

static void test_host_pointers_go_to_the_host(void **state)
{
	char *h = strdup("from the C library");
	char *g;

	(void)state;
	g = sim_heap_realloc(h, 64);
	assert_false(in_heap(g, 1));
	assert_string_equal(g, "from the C library");
	sim_heap_free(g); /* the host's free(): no leak under memcheck */
}

static void test_no_heap(void **state)
{
	(void)state;
	heap_size = 0;
	assert_null(sim_heap_malloc(1));
	assert_null(sim_heap_calloc(1, 1));
	spm_system.current = NULL;
	heap_size = HEAP;
	assert_null(sim_heap_malloc(1));
}

int main(void)
{
#define T(t) cmocka_unit_test_setup(t, setup)
	const struct CMUnitTest tests[] = {
	        T(test_malloc_fits_and_runs_out),
	        T(test_free_merges_neighbours),
	        T(test_double_free_is_ignored),
	        T(test_calloc_zeroes_and_checks_overflow),
	        T(test_realloc_in_place_and_moving),
	        T(test_host_pointers_go_to_the_host),
	        T(test_no_heap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
