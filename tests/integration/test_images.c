/*
 * The non-secure side as an image of its own (the Makefile's `program`):
 * a reset leaves its globals alone by default, as test programs expect,
 * and with spmsim_config.ns_reboot puts them back to their values at boot,
 * as a board's reboot reloads the non-secure image: after spmsim_reset()
 * and after a reset that cuts a non-secure run short, on both backends.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "load_table.h"
#include "psa/client.h"
#include "spmsim/spmsim.h"

#include "fixture.h"

#include "../../partitions/kv_store/ns/kv_client.h"

extern const struct spm_load_table spm_load_table;
extern const struct spm_load_table spm_load_table_sfn;

/* Globals of the non-secure image: initialised data and bss. */
static int ns_counter = 7;
static char ns_text[16] = "loaded";
static int ns_zeroed;

/** Sets the globals to a known state before a boot. */
static void ns_globals_set(int counter, const char *text, int zeroed)
{
	ns_counter = counter;
	strcpy(ns_text, text);
	ns_zeroed = zeroed;
}

/** Boots the case's backend, rebooting the non-secure side when asked. */
static void boot(void **state, bool ns_reboot)
{
	enum spmsim_backend b = fixture_backend(state);
	struct spmsim_config cfg = {
	        .backend = b,
	        .table = b == SPMSIM_BACKEND_SFN ? &spm_load_table_sfn
	                                         : &spm_load_table,
	        .ns_reboot = ns_reboot,
	};

	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
}

/** By default a reset keeps the non-secure globals as they are. */
static void test_reset_keeps_ns_globals(void **state)
{
	ns_globals_set(11, "booted", 0);
	boot(state, false);
	ns_globals_set(42, "changed", 5);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	assert_int_equal(ns_counter, 42);
	assert_string_equal(ns_text, "changed");
	assert_int_equal(ns_zeroed, 5);
}

/** ns_reboot: spmsim_reset() puts data and bss back to their boot values. */
static void test_ns_reboot_on_harness_reset(void **state)
{
	ns_globals_set(11, "booted", 0);
	boot(state, true);
	ns_globals_set(42, "changed", 5);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	assert_int_equal(ns_counter, 11);
	assert_string_equal(ns_text, "booted");
	assert_int_equal(ns_zeroed, 0);
	ns_globals_set(43, "again", 6);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	assert_int_equal(ns_counter, 11);
	assert_string_equal(ns_text, "booted");
	assert_int_equal(ns_zeroed, 0);
}

/** Non-secure code that changes the globals, then calls a service. */
static void ns_change_then_call(void *arg)
{
	(void)arg;
	ns_globals_set(1234, "in the run", 77);
	(void)kv_set(1, "x", 1);
	ns_counter = -1;
}

/** Runs ns_change_then_call() cut short by an injected reset. */
static void run_into_reset(void)
{
	spmsim_reset_after(1);
	assert_int_equal(spmsim_run_ns(ns_change_then_call, NULL),
	                 SPMSIM_EXIT_RESET);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_INJECTED);
}

/** A reset in the middle of a run keeps the globals the run set... */
static void test_run_reset_keeps_ns_globals(void **state)
{
	ns_globals_set(11, "booted", 0);
	boot(state, false);
	run_into_reset();
	assert_int_equal(ns_counter, 1234);
	assert_string_equal(ns_text, "in the run");
	assert_int_equal(ns_zeroed, 77);
}

/** ...and with ns_reboot gives the next run a freshly booted image. */
static void test_ns_reboot_on_run_reset(void **state)
{
	ns_globals_set(11, "booted", 0);
	boot(state, true);
	run_into_reset();
	assert_int_equal(ns_counter, 11);
	assert_string_equal(ns_text, "booted");
	assert_int_equal(ns_zeroed, 0);
}

/** Each boot takes the values it finds as the ones a reboot restores. */
static void test_ns_reboot_values_of_last_boot(void **state)
{
	ns_globals_set(11, "first", 1);
	boot(state, true);
	spmsim_shutdown();
	ns_globals_set(22, "second", 2);
	boot(state, true);
	ns_globals_set(99, "changed", 9);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	assert_int_equal(ns_counter, 22);
	assert_string_equal(ns_text, "second");
	assert_int_equal(ns_zeroed, 2);
}

#define BOTH(fn)                                                               \
	cmocka_unit_test_prestate_setup_teardown(                              \
	        fn, NULL, fixture_shutdown,                                    \
	        (void *)(uintptr_t)SPMSIM_BACKEND_IPC),                        \
	        cmocka_unit_test_prestate_setup_teardown(                      \
	                fn, NULL, fixture_shutdown,                            \
	                (void *)(uintptr_t)SPMSIM_BACKEND_SFN)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        BOTH(test_reset_keeps_ns_globals),
	        BOTH(test_ns_reboot_on_harness_reset),
	        BOTH(test_run_reset_keeps_ns_globals),
	        BOTH(test_ns_reboot_on_run_reset),
	        BOTH(test_ns_reboot_values_of_last_boot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
