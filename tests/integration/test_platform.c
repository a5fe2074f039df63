/*
 * Platform names from the project's platform file, the lookup of a
 * partition's MMIO regions, and the watchdog device, on the test system of
 * tests/platform/ (compiled with --platform tests/platform/platform.yaml):
 * partition PLAT_DRV names region PLAT_SCRATCH and line PLAT_DOORBELL_IRQ
 * from that file, the board's SPMSIM_WATCHDOG, and a numeric region.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "load_table.h"
#include "psa/client.h"
#include "psa_manifest/sid.h"
#include "spmsim/devices.h"
#include "spmsim/platform.h"
#include "spmsim/spmsim.h"

#include "../platform/plat_drv/plat_drv_api.h"

extern const struct spm_load_table spm_load_table;

/** Boots at the isolation level in *state (1 or 3). */
static int boot(void **state)
{
	struct spmsim_config cfg = {
	        .backend = SPMSIM_BACKEND_IPC,
	        .table = &spm_load_table,
	        .isolation_level = (unsigned)(uintptr_t)*state,
	};

	return spmsim_boot(&cfg) == PSA_SUCCESS ? 0 : -1;
}

static int shutdown(void **state)
{
	(void)state;
	spmsim_shutdown();
	return 0;
}

/* ------------------------------------------------- the service's side */

/** One call to PLAT_DRV_SVC on a connection of its own. */
static psa_status_t plat_call(int32_t type, const void *in, size_t in_len,
                              void *out, size_t out_len)
{
	psa_invec iv = {in, in_len};
	psa_outvec ov = {out, out_len};
	psa_handle_t h = psa_connect(PLAT_DRV_SVC_SID, 1);
	psa_status_t status;

	if (h <= 0) {
		return PSA_ERROR_CONNECTION_REFUSED;
	}
	status = psa_call(h, type, in != NULL ? &iv : NULL, in != NULL,
	                  out != NULL ? &ov : NULL, out != NULL);
	psa_close(h);
	return status;
}

static psa_status_t call_u32(int32_t type, uint32_t v)
{
	return plat_call(type, &v, sizeof(v), NULL, 0);
}

/* What the non-secure side saw; kept across a reset (NS globals are). */
static struct plat_status seen;
static uint32_t max_wdog_irqs;
static psa_status_t ns_status;

static void refresh(void)
{
	ns_status = plat_call(PLAT_STATUS, NULL, 0, &seen, sizeof(seen));
	if (seen.wdog_irqs > max_wdog_irqs) {
		max_wdog_irqs = seen.wdog_irqs;
	}
}

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

/* ------------------------------------------- names from the platform file */

static void ns_doorbell(void *arg)
{
	uint64_t until = now_ms() + 2000u;

	(void)arg;
	ns_status = call_u32(PLAT_SCRATCH_WRITE, 0xC0FFEEu);
	spmsim_irq_raise(spmsim_irq_line("PLAT_DOORBELL_IRQ"));
	do {
		refresh();
	} while (seen.doorbells == 0 && now_ms() < until);
}

/** The file's line and region reach the boot, the SPM and the partition. */
static void test_platform_file_names(void **state)
{
	volatile uint32_t *scratch;

	(void)state;
	assert_int_equal(spmsim_irq_line("PLAT_DOORBELL_IRQ"), 48);
	assert_int_equal(spmsim_irq_line("SPMSIM_WATCHDOG_IRQ"), 36);
	assert_int_equal(spmsim_irq_line("PLAT_NO_SUCH_IRQ"), UINT32_MAX);
	assert_int_equal(spmsim_run_ns(ns_doorbell, NULL),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(ns_status, PSA_SUCCESS);
	assert_int_equal(seen.doorbells, 1);
	/* The partition wrote through the board address of its region. */
	scratch = spmsim_partition_mmio("PLAT_DRV", "PLAT_SCRATCH");
	assert_non_null(scratch);
	assert_int_equal(scratch[0], 0xC0FFEEu);
	assert_ptr_equal(spmsim_platform_mmio(PLAT_SCRATCH_ADDR),
	                 (void *)scratch);
}

static volatile uint32_t *ns_target;
/* Volatile: the store must not move before the one that faults. */
static volatile bool ns_stored;

static void ns_store(void *arg)
{
	(void)arg;
	ns_target[0] = 1u;
	ns_stored = true;
}

/**
 * The file's region is secure MMIO of PLAT_DRV's own, page-protected as
 * any region is (sub-page: whole pages): non-secure code that stores to it
 * faults, and the fault names it.
 */
static void test_platform_region_protected(void **state)
{
	struct spmsim_panic p;

	(void)state;
	ns_target = spmsim_partition_mmio("PLAT_DRV", "PLAT_SCRATCH");
	assert_non_null(ns_target);
	ns_stored = false;
	assert_int_equal(spmsim_run_ns(ns_store, NULL), SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_false(ns_stored);
	assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
	assert_string_equal(p.partition, "non-secure");
	assert_string_equal(p.fault.type, "SecureFault");
	assert_string_equal(p.fault.region, "PLAT_DRV MMIO");
	assert_int_equal(p.fault.address, PLAT_SCRATCH_ADDR);
}

/* ---------------------------------------------------- region lookup */

static void test_region_lookup(void **state)
{
	char *scratch = spmsim_partition_mmio("PLAT_DRV", "PLAT_SCRATCH");
	char *wdog = spmsim_partition_mmio("PLAT_DRV", "SPMSIM_WATCHDOG");

	(void)state;
	assert_non_null(scratch);
	assert_non_null(wdog);
	assert_ptr_not_equal(scratch, wdog);
	assert_ptr_equal(wdog, spmsim_mmio_base("SPMSIM_WATCHDOG"));
	/* Index order is manifest order; the numeric region has no name. */
	assert_ptr_equal(spmsim_partition_mmio_by_index("PLAT_DRV", 0),
	                 scratch);
	assert_ptr_equal(spmsim_partition_mmio_by_index("PLAT_DRV", 1), wdog);
	assert_non_null(spmsim_partition_mmio_by_index("PLAT_DRV", 2));
	assert_ptr_equal(spmsim_partition_mmio_by_index("PLAT_DRV", 2),
	                 spmsim_platform_mmio(0x40320000u));
	assert_ptr_equal(spmsim_area_address(SPMSIM_AREA_MMIO, "PLAT_DRV"),
	                 scratch);
	/* Unknown: NULL. */
	assert_null(spmsim_partition_mmio_by_index("PLAT_DRV", 3));
	assert_null(spmsim_partition_mmio("PLAT_DRV", "SPMSIM_TIMER0"));
	assert_null(spmsim_partition_mmio("PLAT_DRV", NULL));
	assert_null(spmsim_partition_mmio("NO_SUCH", "PLAT_SCRATCH"));
	assert_null(spmsim_partition_mmio(NULL, "PLAT_SCRATCH"));
	assert_null(spmsim_partition_mmio_by_index("non-secure", 0));
	spmsim_shutdown();
	assert_null(spmsim_partition_mmio("PLAT_DRV", "PLAT_SCRATCH"));
	assert_null(spmsim_partition_mmio_by_index("PLAT_DRV", 0));
	assert_null(spmsim_platform_mmio(PLAT_SCRATCH_ADDR));
}

/* ------------------------------------------------------------ watchdog */

/** 50 ms at SPMSIM_WATCHDOG_HZ: long beside a PSA call, short for a test. */
#define PERIOD (SPMSIM_WATCHDOG_HZ / 20u)

/** Kicked every few ms: long enough that a loaded host does not bite. */
#define KICKED_PERIOD (SPMSIM_WATCHDOG_HZ / 5u)

static void ns_start_load(uint32_t load, uint32_t ctrl)
{
	struct plat_wdog_start s = {load, ctrl};

	ns_status = plat_call(PLAT_WDOG_START, &s, sizeof(s), NULL, 0);
}

static void ns_start(uint32_t ctrl)
{
	ns_start_load(PERIOD, ctrl);
}

/** Polls the status for @ms, or until the first interrupt when @first. */
static void poll_for(uint64_t ms, bool first)
{
	uint64_t until = now_ms() + ms;

	do {
		refresh();
	} while (now_ms() < until && !(first && seen.wdog_irqs > 0));
}

static void ns_interrupt_no_reset(void *arg)
{
	(void)arg;
	ns_start(SPMSIM_WATCHDOG_CTRL_INTEN);
	poll_for(5000u, true);
	/* Without RESEN, later expiries do not reset. */
	poll_for(4u * PERIOD / 1000u, false);
}

/** First expiry: the interrupt, RIS set; without RESEN nothing more. */
static void test_watchdog_interrupt(void **state)
{
	(void)state;
	max_wdog_irqs = 0;
	assert_int_equal(spmsim_run_ns(ns_interrupt_no_reset, NULL),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(ns_status, PSA_SUCCESS);
	assert_true(seen.wdog_irqs >= 1);
	assert_int_equal(seen.wdog_ris, 1);
	assert_int_equal(seen.wdog_load, PERIOD);
	assert_int_equal(seen.wdog_lock & SPMSIM_WATCHDOG_LOCKED, 1);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_NONE);
}

static void ns_reset(void *arg)
{
	(void)arg;
	ns_start(SPMSIM_WATCHDOG_CTRL_INTEN | SPMSIM_WATCHDOG_CTRL_RESEN);
	/* Cut short by the reset: the loop's end is a failure. */
	poll_for(5000u, false);
}

/** Second expiry with RIS still set and RESEN: the system resets. */
static void test_watchdog_reset(void **state)
{
	struct spmsim_panic panic;
	struct spmsim_counters c;

	(void)state;
	max_wdog_irqs = 0;
	assert_int_equal(spmsim_run_ns(ns_reset, NULL), SPMSIM_EXIT_RESET);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_WATCHDOG);
	assert_false(spmsim_last_panic(&panic));
	spmsim_get_counters(&c);
	assert_int_equal(c.resets, 1);
	/* The first expiry's interrupt came before. */
	assert_true(max_wdog_irqs >= 1);
	/* The reset put the device in its reset state. */
	assert_int_equal(((struct spmsim_watchdog_regs *)spmsim_mmio_base(
	                          "SPMSIM_WATCHDOG"))
	                         ->ctrl,
	                 0);
	max_wdog_irqs = 0;
	assert_int_equal(spmsim_run_ns(ns_interrupt_no_reset, NULL),
	                 SPMSIM_EXIT_RETURNED);
	assert_true(max_wdog_irqs >= 1);
}

static void ns_kicks(void *arg)
{
	uint64_t until = now_ms() + 5u * KICKED_PERIOD / 1000u;
	uint32_t n = 0;

	(void)arg;
	ns_start_load(KICKED_PERIOD,
	              SPMSIM_WATCHDOG_CTRL_INTEN | SPMSIM_WATCHDOG_CTRL_RESEN);
	while (now_ms() < until && ns_status == PSA_SUCCESS) {
		/* INTCLR, then a new LOAD (each one different from the last).
		 */
		ns_status = call_u32(PLAT_WDOG_KICK,
		                     n % 2 == 0 ? 0u : KICKED_PERIOD + n % 4);
		n++;
		poll_for(5u, false);
	}
	refresh();
	ns_start(0);
}

/** Kicks well inside each period: neither the interrupt nor the reset. */
static void test_watchdog_kicks(void **state)
{
	(void)state;
	max_wdog_irqs = 0;
	assert_int_equal(spmsim_run_ns(ns_kicks, NULL), SPMSIM_EXIT_RETURNED);
	assert_int_equal(ns_status, PSA_SUCCESS);
	assert_int_equal(max_wdog_irqs, 0);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_NONE);
}

static uint32_t poked;

static void ns_locked(void *arg)
{
	uint32_t v = 5u;

	(void)arg;
	ns_start(SPMSIM_WATCHDOG_CTRL_INTEN);
	ns_status = plat_call(PLAT_WDOG_POKE_LOCKED, &v, sizeof(v), &poked,
	                      sizeof(poked));
	refresh();
	ns_start(0);
}

/** Locked, the device ignores a store to LOAD and keeps its value. */
static void test_watchdog_lock(void **state)
{
	struct spmsim_watchdog_regs *w = spmsim_mmio_base("SPMSIM_WATCHDOG");

	(void)state;
	assert_int_equal(spmsim_run_ns(ns_locked, NULL), SPMSIM_EXIT_RETURNED);
	assert_int_equal(ns_status, PSA_SUCCESS);
	assert_int_equal(poked, PERIOD);
	assert_int_equal(seen.wdog_load, PERIOD);
	assert_int_equal(seen.wdog_lock & SPMSIM_WATCHDOG_LOCKED, 1);
	/* The same from the harness's side: locked, then unlocked. */
	w->ctrl = SPMSIM_WATCHDOG_CTRL_RESEN;
	spmsim_cpu_relax();
	assert_int_equal(w->ctrl, 0);
	w->lock = SPMSIM_WATCHDOG_UNLOCK;
	spmsim_cpu_relax();
	assert_int_equal(w->lock & SPMSIM_WATCHDOG_LOCKED, 0);
	w->ctrl = SPMSIM_WATCHDOG_CTRL_RESEN;
	spmsim_cpu_relax();
	assert_int_equal(w->ctrl, SPMSIM_WATCHDOG_CTRL_RESEN);
}

#define AT_LEVEL(fn, level)                                                    \
	cmocka_unit_test_prestate_setup_teardown(fn, boot, shutdown,           \
	                                         (void *)(uintptr_t)(level))

int main(void)
{
	static const struct CMUnitTest tests[] = {
	        AT_LEVEL(test_platform_file_names, 1),
	        AT_LEVEL(test_platform_file_names, 3),
	        AT_LEVEL(test_platform_region_protected, 1),
	        AT_LEVEL(test_platform_region_protected, 3),
	        AT_LEVEL(test_region_lookup, 1),
	        AT_LEVEL(test_region_lookup, 3),
	        AT_LEVEL(test_watchdog_interrupt, 1),
	        AT_LEVEL(test_watchdog_reset, 1),
	        AT_LEVEL(test_watchdog_reset, 3),
	        AT_LEVEL(test_watchdog_kicks, 1),
	        AT_LEVEL(test_watchdog_lock, 1),
	};

	return cmocka_run_group_tests_name("platform", tests, NULL, NULL);
}
