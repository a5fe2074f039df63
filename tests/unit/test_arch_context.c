/*
 * Host contexts (sim/arch_context.c): switches keep each context's registers,
 * locals and floating-point state; stacks are as large as asked with a guard
 * page below that really faults; contexts can be abandoned and destroyed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fenv.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch.h"

static struct arch_context boot;
static struct arch_context ctxs[4];
static volatile int trace[64];
static int n_trace;

/** Each ring member logs its number, then passes control on, forever. */
static void ring_member(void *arg)
{
	intptr_t me = (intptr_t)arg;
	int local = (int)me * 100;

	for (;;) {
		trace[n_trace++] = local++;
		if (me == 2) {
			arch_context_switch(&ctxs[me], &boot);
		} else {
			arch_context_switch(&ctxs[me], &ctxs[me + 1]);
		}
	}
}

static void test_ring_keeps_locals(void **state)
{
	(void)state;
	n_trace = 0;
	for (intptr_t i = 0; i < 3; i++) {
		assert_int_equal(arch_context_create(&ctxs[i], 0, ring_member,
		                                     (void *)i),
		                 0);
	}
	for (int round = 0; round < 3; round++) {
		arch_context_switch(&boot, &ctxs[0]);
	}
	assert_int_equal(n_trace, 9);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 3; i++) {
			assert_int_equal(trace[round * 3 + i], i * 100 + round);
		}
	}
	for (int i = 0; i < 3; i++) {
		arch_context_destroy(&ctxs[i]);
	}
}

static volatile double fp_result;
static volatile int fp_round;

/**
 * Works in double precision under its own rounding mode. (The mode itself is
 * what the test checks: Valgrind does not apply SSE rounding modes.)
 */
static void fp_worker(void *arg)
{
	(void)arg;
	fesetround(FE_UPWARD);
	for (;;) {
		volatile double one = 1.0, three = 3.0;

		fp_result = one / three;
		fp_round = fegetround();
		arch_context_switch(&ctxs[0], &boot);
	}
}

static void test_fp_state_is_per_context(void **state)
{

	(void)state;
	fesetround(FE_TONEAREST);
	assert_int_equal(arch_context_create(&ctxs[0], 0, fp_worker, NULL), 0);
	for (int i = 0; i < 5; i++) {
		arch_context_switch(&boot, &ctxs[0]);
		assert_int_equal(fegetround(), FE_TONEAREST);
		assert_int_equal(fp_round, FE_UPWARD);
		assert_true(fp_result > 0.333 && fp_result < 0.334);
	}
	arch_context_destroy(&ctxs[0]);
}

static uintptr_t seen_frame;

/** Records where its frame is, and the whole stack being writable. */
static void stack_prober(void *arg)
{
	struct arch_context *self = arg;

	seen_frame = (uintptr_t)__builtin_frame_address(0);
	memset(self->stack, 0xA5, self->stack_size / 2);
	arch_context_exit_to(&boot);
}

static void test_stack_size_alignment_and_guard(void **state)
{
	struct arch_context *c = &ctxs[1];
	const size_t asked = 200 * 1024;

	(void)state;
	assert_int_equal(arch_context_create(c, asked, stack_prober, c), 0);
	assert_true(c->stack_size >= asked);
	assert_true(arch_context_in_guard(c, (char *)c->stack - 1));
	/* The whole gap below is the stack's own: a frame far past the end
	 * lands there (ARCH_STACK_GAP). */
	assert_true((uintptr_t)c->stack - (uintptr_t)c->map >= ARCH_STACK_GAP);
	assert_true(
	        arch_context_in_guard(c, (char *)c->stack - ARCH_STACK_GAP));
	assert_ptr_equal(arch_context_at((char *)c->stack - ARCH_STACK_GAP), c);
	assert_false(arch_context_in_guard(c, c->stack));
	assert_false(arch_context_in_guard(c, &boot));
	arch_context_switch(&boot, c);
	assert_true(seen_frame > (uintptr_t)c->stack);
	assert_true(seen_frame < (uintptr_t)c->stack + c->map_size);
	arch_context_destroy(c);
	assert_null(c->map);
}

static void test_zero_size_gives_the_minimum(void **state)
{
	(void)state;
	assert_int_equal(
	        arch_context_create(&ctxs[2], 0, stack_prober, &ctxs[2]), 0);
	assert_true(ctxs[2].stack_size >= ARCH_STACK_MIN);
	arch_context_destroy(&ctxs[2]);
}

/** Runs into the guard page below its own stack. */
static void guard_writer(void *arg)
{
	struct arch_context *self = arg;

	((volatile char *)self->stack)[-1] = 1;
	arch_context_exit_to(&boot);
}

static void test_guard_page_faults(void **state)
{
	pid_t pid;
	int status = 0;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct arch_context c;

		signal(SIGSEGV, SIG_DFL);
		if (arch_context_create(&c, 0, guard_writer, &c) != 0) {
			_exit(3);
		}
		arch_context_switch(&boot, &c);
		_exit(0); /* reached only if the write did not fault */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSEGV);
}

static int entries;

static void counting_entry(void *arg)
{
	(void)arg;
	entries++;
	arch_context_exit_to(&boot);
}

static void test_create_destroy_many(void **state)
{
	(void)state;
	entries = 0;
	for (int i = 0; i < 1000; i++) {
		struct arch_context c;

		assert_int_equal(
		        arch_context_create(&c, 4096, counting_entry, NULL), 0);
		if (i % 2 == 0) {
			arch_context_switch(&boot, &c);
		}
		arch_context_destroy(&c);
	}
	assert_int_equal(entries, 500);
}

static long long pingpong_count;

static void ponger(void *arg)
{
	(void)arg;
	for (;;) {
		pingpong_count++;
		arch_context_switch(&ctxs[3], &boot);
	}
}

static void test_ping_pong(void **state)
{
	(void)state;
	pingpong_count = 0;
	assert_int_equal(arch_context_create(&ctxs[3], 0, ponger, NULL), 0);
	for (int i = 0; i < 100000; i++) {
		arch_context_switch(&boot, &ctxs[3]);
	}
	assert_int_equal(pingpong_count, 100000);
	arch_context_destroy(&ctxs[3]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_ring_keeps_locals),
	        cmocka_unit_test(test_fp_state_is_per_context),
	        cmocka_unit_test(test_stack_size_alignment_and_guard),
	        cmocka_unit_test(test_zero_size_gives_the_minimum),
	        cmocka_unit_test(test_guard_page_faults),
	        cmocka_unit_test(test_create_destroy_many),
	        cmocka_unit_test(test_ping_pong),
	};

	return cmocka_run_group_tests_name("arch_context", tests, NULL, NULL);
}
