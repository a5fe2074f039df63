/*
 * The page-protection module (sim/mpu_model/protect.c) alone, on real
 * mappings and real mprotect(): areas take each view's protection, runs of
 * adjacent areas change in one call, views of the same protection cost no
 * call, the SPM's view comes and goes with entries, lazy areas (stacks)
 * narrow at once and widen only when touched, and the `check` mode
 * registers nothing. The protection in force is read back from
 * /proc/self/maps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <valgrind/valgrind.h>

#include "protect.h"

#define RW (PROT_READ | PROT_WRITE)

static size_t page;

/** The protection the kernel has for @addr, as PROT_* bits (-1: none). */
static int prot_of(const void *addr)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int prot = -1;

	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		unsigned long lo, hi;
		char perm[5];

		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perm) == 3 &&
		    (uintptr_t)addr >= lo && (uintptr_t)addr < hi) {
			prot = (perm[0] == 'r' ? PROT_READ : 0) |
			       (perm[1] == 'w' ? PROT_WRITE : 0);
		}
	}
	if (f != NULL) {
		fclose(f);
	}
	return prot;
}

/** Four pages, read-only around two read-write ones (each its own VMA). */
static char *four_pages(void)
{
	char *m = mmap(NULL, 4 * page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
	               -1, 0);

	assert_true(m != MAP_FAILED);
	assert_int_equal(mprotect(m + page, 2 * page, RW), 0);
	return m;
}

static int setup(void **state)
{
	(void)state;
	page = (size_t)sysconf(_SC_PAGESIZE);
	sim_protect_reset(true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sim_protect_reset(false);
	return 0;
}

static void test_views_apply_and_adjacent_areas_share_a_call(void **state)
{
	char *m = four_pages();
	struct sim_area *a = sim_protect_add(m + page, page, 0x30000000u, true,
	                                     "SP_A data", NULL);
	struct sim_area *b = sim_protect_add(m + 2 * page, page, 0x30001000u,
	                                     true, "SP_B data", NULL);
	uint64_t calls;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	sim_protect_set(a, 1, PROT_NONE); /* view 1: neither */
	sim_protect_set(b, 1, PROT_NONE);
	sim_protect_set(a, 2, RW); /* view 2: A's alone */
	sim_protect_set(b, 2, PROT_NONE);
	sim_protect_views_done();
	calls = sim_protect_calls();
	sim_protect_activate(1);
	/* The SPM runs (the boot context): nothing is applied yet. */
	assert_int_equal(sim_protect_calls(), calls);
	sim_protect_leave_spm();
	assert_int_equal(prot_of(m + page), PROT_NONE);
	assert_int_equal(prot_of(m + 2 * page), PROT_NONE);
	assert_int_equal(sim_protect_calls(), calls + 1); /* one run */
	/* An entry gives the SPM everything; the exit takes it back. */
	assert_true(sim_protect_enter_spm());
	assert_false(sim_protect_enter_spm()); /* already in */
	assert_int_equal(prot_of(m + page), RW);
	assert_int_equal(prot_of(m + 2 * page), RW);
	sim_protect_activate(2);
	sim_protect_leave_spm();
	assert_int_equal(prot_of(m + page), RW);
	assert_int_equal(prot_of(m + 2 * page), PROT_NONE);
	/* A fault hands the SPM its view, and says which was in force. */
	assert_int_equal(sim_protect_fault(), 2);
	assert_int_equal(prot_of(m + 2 * page), RW);
	sim_protect_reset(true);
	munmap(m, 4 * page);
}

static void test_same_protection_costs_no_call(void **state)
{
	char *m = four_pages();
	struct sim_area *a = sim_protect_add(m + page, 2 * page, 0x30000000u,
	                                     true, "SP_A data", NULL);
	uint64_t calls;

	(void)state;
	/* Views 1 and 2 give A what the SPM's view gives it. */
	sim_protect_set(a, 1, RW);
	sim_protect_set(a, 2, RW);
	sim_protect_views_done();
	calls = sim_protect_calls();
	sim_protect_activate(1);
	sim_protect_leave_spm();
	assert_true(sim_protect_enter_spm());
	sim_protect_activate(2);
	sim_protect_leave_spm();
	assert_true(sim_protect_enter_spm());
	assert_int_equal(sim_protect_calls(), calls);
	sim_protect_reset(true);
	munmap(m, 4 * page);
}

static void test_areas_are_found_and_forgotten(void **state)
{
	char *m = four_pages();
	int ctx;
	struct sim_area *s = sim_protect_add(m + page, page, 0x30200000u, true,
	                                     "SP_A stack", &ctx);
	const struct sim_area *f;

	(void)state;
	sim_protect_set(s, 1, PROT_NONE);
	sim_protect_views_done();
	sim_protect_activate(1);
	sim_protect_leave_spm();
	assert_int_equal(prot_of(m + page), PROT_NONE);
	f = sim_protect_find(m + page + 10);
	assert_ptr_equal(f, s);
	assert_string_equal(f->name, "SP_A stack");
	assert_null(sim_protect_find(m + 3 * page));
	/* The context goes: its stack is accessible and forgotten. */
	sim_protect_forget_ctx(&ctx);
	assert_int_equal(prot_of(m + page), RW);
	assert_null(sim_protect_find(m + page));
	assert_int_equal(sim_protect_count(), 0);
	assert_true(sim_protect_enter_spm());
	sim_protect_reset(true);
	munmap(m, 4 * page);
}

static void test_the_stack_in_use_can_stay_accessible(void **state)
{
	char *m = four_pages();
	struct sim_area *a = sim_protect_add(m + page, page, 0x20000000u, false,
	                                     "non-secure stack", NULL);
	struct sim_area *b = sim_protect_add(m + 2 * page, page, 0x21000000u,
	                                     false, "non-secure data", NULL);

	(void)state;
	sim_protect_set(a, 1, PROT_NONE);
	sim_protect_set(b, 1, PROT_NONE);
	sim_protect_views_done();
	sim_protect_activate(1);
	/* Code running on a's pages keeps them; the rest follows the view. */
	sim_protect_leave_spm_on(m + page + 100);
	assert_int_equal(prot_of(m + page), RW);
	assert_int_equal(prot_of(m + 2 * page), PROT_NONE);
	assert_true(sim_protect_enter_spm());
	sim_protect_leave_spm();
	assert_int_equal(prot_of(m + page), PROT_NONE);
	assert_true(sim_protect_enter_spm());
	sim_protect_reset(true);
	munmap(m, 4 * page);
}

static void test_unaligned_and_check_mode_are_refused(void **state)
{
	char *m = four_pages();

	(void)state;
	assert_null(sim_protect_add(m + page + 8, page, 0, true, "x", NULL));
	assert_null(sim_protect_add(m + page, page - 8, 0, true, "x", NULL));
	assert_null(sim_protect_add(NULL, page, 0, true, "x", NULL));
	sim_protect_reset(false);
	assert_false(sim_protect_trapping());
	assert_false(sim_protect_enforcing);
	assert_null(sim_protect_add(m + page, page, 0, true, "x", NULL));
	assert_false(sim_protect_enter_spm());
	sim_protect_reset(true);
	assert_true(sim_protect_enforcing);
	munmap(m, 4 * page);
}

#define LAZY_MAX 8u

/** @n lazy "stacks", each a mapping apart (a read-only page between). */
static char *lazy_stacks(uint32_t n, struct sim_area **s)
{
	char *m = mmap(NULL, 2 * n * page, PROT_READ,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(m != MAP_FAILED);
	for (uint32_t i = 0; i < n; i++) {
		char *p = m + (2 * i + 1) * page;

		assert_int_equal(mprotect(p, page, RW), 0);
		s[i] = sim_protect_add(p, page, 0x30200000u + i * 0x400000u,
		                       true, "SP stack", NULL);
		assert_non_null(s[i]);
		sim_protect_set_lazy(s[i], 0);
		sim_protect_set(s[i], 1, PROT_NONE); /* view 1: none */
		sim_protect_set(s[i], 2, i == 0 ? RW : PROT_NONE);
	}
	sim_protect_views_done();
	return m;
}

static void test_lazy_areas_narrow_at_once_and_widen_on_touch(void **state)
{
	struct sim_area *s[LAZY_MAX];
	char *m = lazy_stacks(LAZY_MAX, s);
	uint64_t calls;

	(void)state;
	if (RUNNING_ON_VALGRIND) {
		skip(); /* no lazy areas there */
	}
	sim_protect_activate(1);
	sim_protect_leave_spm();
	assert_int_equal(prot_of(s[3]->host), PROT_NONE);
	/* Entering the SPM widens nothing until it touches an area. */
	calls = sim_protect_calls();
	assert_true(sim_protect_enter_spm());
	assert_int_equal(sim_protect_calls(), calls);
	assert_int_equal(prot_of(s[3]->host), PROT_NONE);
	assert_true(sim_protect_lazy_fault(s[3]->host + 8));
	assert_int_equal(prot_of(s[3]->host), RW);
	assert_int_equal(prot_of(s[4]->host), PROT_NONE);
	assert_false(sim_protect_lazy_fault(s[3]->host + 8));
	assert_int_equal(sim_protect_lazy_opens(), 1);
	/* Leaving narrows what the view refuses at once. */
	sim_protect_leave_spm();
	assert_int_equal(prot_of(s[3]->host), PROT_NONE);
	/* View 2 allows s[0] alone: a touch of another widens nothing. */
	assert_true(sim_protect_enter_spm());
	sim_protect_activate(2);
	sim_protect_leave_spm();
	assert_int_equal(prot_of(s[0]->host), PROT_NONE);
	assert_false(sim_protect_lazy_fault(s[1]->host));
	assert_int_equal(prot_of(s[1]->host), PROT_NONE);
	assert_true(sim_protect_lazy_fault(s[0]->host));
	assert_int_equal(prot_of(s[0]->host), RW);
	/* A fault hands the SPM its whole view, lazy areas included. */
	assert_int_equal(sim_protect_fault(), 2);
	for (uint32_t i = 0; i < LAZY_MAX; i++) {
		assert_int_equal(prot_of(s[i]->host), RW);
	}
	sim_protect_reset(true);
	munmap(m, 2 * LAZY_MAX * page);
}

static void test_a_lazy_area_opens_at_once_for_its_owner(void **state)
{
	struct sim_area *s[2];
	char *m = lazy_stacks(2, s);

	(void)state;
	if (RUNNING_ON_VALGRIND) {
		skip(); /* no lazy areas there */
	}
	/* s[0] is view 2's own (its heap, say): open as soon as it runs. */
	sim_protect_set_lazy(s[0], 2);
	sim_protect_views_done();
	sim_protect_activate(1);
	sim_protect_leave_spm();
	assert_int_equal(prot_of(s[0]->host), PROT_NONE);
	assert_true(sim_protect_enter_spm());
	sim_protect_activate(2);
	sim_protect_leave_spm();
	assert_int_equal(prot_of(s[0]->host), RW);
	assert_int_equal(prot_of(s[1]->host), PROT_NONE);
	assert_true(sim_protect_enter_spm());
	sim_protect_reset(true);
	munmap(m, 4 * page);
}

/** mprotect() calls of one SPM entry and exit that touch stack 0, of @n. */
static uint64_t crossing_calls(uint32_t n)
{
	struct sim_area *s[LAZY_MAX];
	char *m = lazy_stacks(n, s);
	uint64_t calls;

	sim_protect_activate(1);
	sim_protect_leave_spm();
	calls = sim_protect_calls();
	assert_true(sim_protect_enter_spm());
	assert_true(sim_protect_lazy_fault(s[0]->host));
	sim_protect_leave_spm();
	calls = sim_protect_calls() - calls;
	assert_true(sim_protect_enter_spm());
	sim_protect_reset(true);
	munmap(m, 2 * n * page);
	return calls;
}

static void test_crossing_cost_is_independent_of_partitions(void **state)
{
	(void)state;
	if (RUNNING_ON_VALGRIND) {
		skip(); /* no lazy areas there */
	}
	/* The stack touched opens and closes; the others stay closed. */
	assert_int_equal(crossing_calls(2), 2);
	assert_int_equal(crossing_calls(LAZY_MAX), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(
	                test_views_apply_and_adjacent_areas_share_a_call),
	        cmocka_unit_test(test_same_protection_costs_no_call),
	        cmocka_unit_test(test_areas_are_found_and_forgotten),
	        cmocka_unit_test(test_the_stack_in_use_can_stay_accessible),
	        cmocka_unit_test(test_unaligned_and_check_mode_are_refused),
	        cmocka_unit_test(
	                test_lazy_areas_narrow_at_once_and_widen_on_touch),
	        cmocka_unit_test(test_a_lazy_area_opens_at_once_for_its_owner),
	        cmocka_unit_test(
	                test_crossing_cost_is_independent_of_partitions),
	};

	return cmocka_run_group_tests_name("protect", tests, setup, teardown);
}
