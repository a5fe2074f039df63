/*
 * The board's device models end to end, on the sample devices partition
 * (IPC backend): its timer SLIH counting one-shot and periodic ticks, its
 * UART FLIH taking bytes from DATA and echoing them in batches, bytes fed by
 * the harness, by a stream thread and by a thread of the test's own, resets,
 * and the registers driven directly by code on the core, as a scenario
 * would. Every count is of events; nothing is timed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "load_table.h"
#include "psa/client.h"
#include "psa_manifest/sid.h"
#include "spmsim/devices.h"
#include "spmsim/platform.h"
#include "spmsim/spmsim.h"

#include "../../partitions/devices/devices_api.h"

extern const struct spm_load_table spm_load_table;

static int boot(void **state)
{
	struct spmsim_config cfg = {
	        .backend = SPMSIM_BACKEND_IPC,
	        .table = &spm_load_table,
	};
	uint8_t drain[64];

	(void)state;
	if (spmsim_boot(&cfg) != PSA_SUCCESS) {
		return -1;
	}
	/* Start each test with nothing left from an earlier one. */
	while (spmsim_uart_output(0, drain, sizeof(drain)) > 0 ||
	       spmsim_uart_output(1, drain, sizeof(drain)) > 0) {
	}
	return 0;
}

static int shutdown(void **state)
{
	(void)state;
	spmsim_shutdown();
	return 0;
}

static void run(void (*fn)(void *), void *arg)
{
	assert_int_equal(spmsim_run_ns(fn, arg), SPMSIM_EXIT_RETURNED);
}

/* ------------------------------------------------- the service's side */

/** One call to DEVICES_STATUS on a connection of its own. */
static psa_status_t devices_call(int32_t type, const void *in, size_t in_len,
                                 void *out, size_t out_len)
{
	psa_invec iv = {in, in_len};
	psa_outvec ov = {out, out_len};
	psa_handle_t h = psa_connect(DEVICES_STATUS_SID, 1);
	psa_status_t status;

	assert_true(h > 0);
	status = psa_call(h, type, in != NULL ? &iv : NULL, in != NULL,
	                  out != NULL ? &ov : NULL, out != NULL);
	psa_close(h);
	return status;
}

static struct devices_status status;

static void ns_status(void *arg)
{
	(void)arg;
	memset(&status, 0xFF, sizeof(status));
	assert_int_equal(devices_call(DEVICES_STATUS_GET, NULL, 0, &status,
	                              sizeof(status)),
	                 PSA_SUCCESS);
}

static psa_status_t replied;

static void ns_timer_run(void *arg)
{
	const struct devices_timer_run *r = arg;

	replied = devices_call(DEVICES_TIMER_RUN, r, sizeof(*r), NULL, 0);
	ns_status(NULL);
}

static void ns_uart_wait(void *arg)
{
	uint32_t count = *(const uint32_t *)arg;

	replied =
	        devices_call(DEVICES_UART_WAIT, &count, sizeof(count), NULL, 0);
	ns_status(NULL);
}

/** Runs DEVICES_UART_WAIT for @count echoed bytes, then reads the status. */
static void wait_echo(uint32_t count)
{
	replied = PSA_ERROR_GENERIC_ERROR;
	run(ns_uart_wait, &count);
	assert_int_equal(replied, PSA_SUCCESS);
}

/** Takes everything UART @uart sent; returns how many bytes. */
static size_t output(unsigned uart, uint8_t *buf, size_t size)
{
	size_t n = spmsim_uart_output(uart, buf, size);

	/* Nothing more than that. */
	assert_int_equal(spmsim_uart_output(uart, buf + n, size - n), 0);
	return n;
}

/* --------------------------------------------------------- registers */

static void test_mmio_regions(void **state)
{
	const char *names[] = {"SPMSIM_TIMER0", "SPMSIM_UART0", "SPMSIM_TIMER1",
	                       "SPMSIM_UART1"};
	const uint32_t addrs[] = {SPMSIM_TIMER0_ADDR, SPMSIM_UART0_ADDR,
	                          SPMSIM_TIMER1_ADDR, SPMSIM_UART1_ADDR};
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	char *base[4];

	(void)state;
	for (int i = 0; i < 4; i++) {
		base[i] = spmsim_mmio_base(names[i]);
		assert_non_null(base[i]);
		/* A page-aligned mapping of its own ... */
		assert_int_equal((uintptr_t)base[i] % page, 0);
		for (int j = 0; j < i; j++) {
			assert_true(base[j] + SPMSIM_DEVICE_SIZE <= base[i] ||
			            base[i] + SPMSIM_DEVICE_SIZE <= base[j]);
		}
		/* ... found by partitions at the board address. */
		assert_ptr_equal(spmsim_platform_mmio(addrs[i]), base[i]);
		assert_ptr_equal(spmsim_platform_mmio(addrs[i] + 8),
		                 base[i] + 8);
	}
	/* The manifest's numeric region 0x40101000 is UART0. */
	assert_ptr_equal(spmsim_platform_mmio(0x40101000u), base[1]);
	assert_null(spmsim_mmio_base("SPMSIM_TIMER9"));
	assert_null(spmsim_platform_mmio(SPMSIM_TIMER0_ADDR - 1));
	assert_null(spmsim_platform_mmio(SPMSIM_WATCHDOG_ADDR +
	                                 SPMSIM_DEVICE_SIZE));
	/* Reset values; the partition set its UART and timer up at start. */
	assert_int_equal(SPMSIM_UART1->tx, SPMSIM_UART_TX_EMPTY);
	assert_int_equal(SPMSIM_TIMER1->ctrl, 0);
	assert_int_equal(SPMSIM_UART0->ctrl,
	                 SPMSIM_UART_CTRL_RX_EN | SPMSIM_UART_CTRL_RX_INTEN);
	assert_int_equal(SPMSIM_TIMER0->load, 1000);
	spmsim_shutdown();
	assert_null(spmsim_mmio_base("SPMSIM_TIMER0"));
	assert_null(spmsim_platform_mmio(SPMSIM_TIMER0_ADDR));
}

/* ------------------------------------------------------------- timer */

static void test_timer_oneshot_ticks_exactly(void **state)
{
	struct devices_timer_run r = {
	        .period_us = 1000, .ticks = 5, .oneshot = 1};
	struct spmsim_irq_stats st;

	(void)state;
	replied = PSA_ERROR_GENERIC_ERROR;
	run(ns_timer_run, &r);
	assert_int_equal(replied, PSA_SUCCESS);
	/* One count, one expiry, one SLIH, re-armed by the SLIH: no merge. */
	assert_int_equal(status.timer_ticks, 5);
	spmsim_irq_get_stats(&st);
	assert_int_equal(st.raised, 5);
	assert_int_equal(st.merged, 0);
	assert_int_equal(st.taken, 5);
	/* The partition stopped it, and the one-shot count ran out. */
	assert_int_equal(SPMSIM_TIMER0->ctrl, 0);
	assert_int_equal(SPMSIM_TIMER0->value, 0);
}

static void test_timer_periodic(void **state)
{
	struct devices_timer_run r = {.period_us = 500, .ticks = 6};
	struct spmsim_irq_stats st;

	(void)state;
	replied = PSA_ERROR_GENERIC_ERROR;
	run(ns_timer_run, &r);
	assert_int_equal(replied, PSA_SUCCESS);
	/* The reply came at the sixth; one more may have been pending. */
	assert_true(status.timer_ticks >= 6);
	spmsim_irq_get_stats(&st);
	assert_true(st.taken >= 6);
	assert_int_equal(SPMSIM_TIMER0->ctrl, 0);
}

static void ns_timer_refused(void *arg)
{
	struct devices_timer_run zero_period = {.period_us = 0, .ticks = 1};
	struct devices_timer_run zero_ticks = {.period_us = 10, .ticks = 0};

	(void)arg;
	assert_int_equal(devices_call(DEVICES_TIMER_RUN, &zero_period,
	                              sizeof(zero_period), NULL, 0),
	                 PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(devices_call(DEVICES_TIMER_RUN, &zero_ticks,
	                              sizeof(zero_ticks), NULL, 0),
	                 PSA_ERROR_INVALID_ARGUMENT);
	ns_status(NULL);
}

static void test_timer_run_refused(void **state)
{
	(void)state;
	run(ns_timer_refused, NULL);
	assert_int_equal(status.timer_ticks, 0);
	assert_int_equal(SPMSIM_TIMER0->ctrl, 0);
}

/* -------------------------------------------------------------- UART */

static void test_uart_echo_in_batches(void **state)
{
	static const char sent[] = "hello, world";
	uint8_t out[64];
	struct spmsim_uart_stats st;

	(void)state;
	assert_int_equal(spmsim_uart_receive(0, sent, 12), 12);
	wait_echo(12);
	/* Every byte through DATA, in order, one signal per batch of 4. */
	assert_int_equal(status.uart_rx_bytes, 12);
	assert_int_equal(status.uart_rx_signals, 12 / DEVICES_UART_RX_BATCH);
	assert_int_equal(status.uart_tx_bytes, 12);
	assert_int_equal(status.uart_rx_dropped, 0);
	assert_int_equal(output(0, out, sizeof(out)), 12);
	assert_memory_equal(out, sent, 12);
	spmsim_uart_get_stats(0, &st);
	assert_int_equal(st.rx_bytes, 12);
	assert_int_equal(st.tx_bytes, 12);
	assert_int_equal(st.tx_dropped, 0);
}

/** Asks for the status until the FLIH has taken @bytes (a few calls). */
static void ns_status_until(void *arg)
{
	uint32_t bytes = *(const uint32_t *)arg;

	for (int i = 0; i < 100; i++) {
		ns_status(NULL);
		if (status.uart_rx_bytes >= bytes) {
			return;
		}
	}
	fail_msg("the FLIH took %u bytes of %u", status.uart_rx_bytes, bytes);
}

static void test_uart_partial_batch_waits(void **state)
{
	static const char sent[] = "0123456789AB";
	uint32_t ten = 10;
	uint8_t out[64];

	(void)state;
	assert_int_equal(spmsim_uart_receive(0, sent, 10), 10);
	run(ns_status_until, &ten);
	/* Ten taken, two batches signalled and echoed, two bytes wait. */
	assert_int_equal(status.uart_rx_bytes, 10);
	assert_int_equal(status.uart_rx_signals, 2);
	assert_int_equal(output(0, out, sizeof(out)), 8);
	assert_memory_equal(out, "01234567", 8);
	/* Two more complete the third batch. */
	assert_int_equal(spmsim_uart_receive(0, sent + 10, 2), 2);
	wait_echo(12);
	assert_int_equal(status.uart_rx_signals, 3);
	assert_int_equal(output(0, out, sizeof(out)), 4);
	assert_memory_equal(out, "89AB", 4);
}

static void test_uart_stream_thread(void **state)
{
	uint8_t sent[32], out[64];
	struct spmsim_uart_stats st;

	(void)state;
	for (unsigned i = 0; i < sizeof(sent); i++) {
		sent[i] = (uint8_t)(0xA0u + i * 7u);
	}
	assert_int_equal(spmsim_uart_stream(0, sent, sizeof(sent), 200000), 0);
	/* One stream per UART at a time. */
	assert_int_equal(spmsim_uart_stream(0, sent, 1, 0), -1);
	/* The core idles between bytes, woken by the thread's interrupts. */
	wait_echo(sizeof(sent));
	spmsim_uart_stream_wait(0);
	assert_int_equal(status.uart_rx_bytes, sizeof(sent));
	assert_int_equal(output(0, out, sizeof(out)), sizeof(sent));
	assert_memory_equal(out, sent, sizeof(sent));
	/* Signals can merge when a batch completes before the thread ran. */
	assert_in_range(status.uart_rx_signals, 1,
	                sizeof(sent) / DEVICES_UART_RX_BATCH);
	spmsim_uart_get_stats(0, &st);
	assert_int_equal(st.rx_bytes, sizeof(sent));
}

static const char feeder_bytes[] = "abcdefghijklmnopqrstuvwx";

/**
 * A device thread of the test's own: three bytes at a time, each batch
 * again while the buffer refuses it (a while only: the system may be gone).
 */
static void *feeder(void *arg)
{
	(void)arg;
	for (size_t i = 0; i < sizeof(feeder_bytes) - 1; i += 3) {
		size_t sent = 0;

		for (int tries = 0; sent < 3 && tries < 10000; tries++) {
			sent += spmsim_uart_receive(0, feeder_bytes + i + sent,
			                            3 - sent);
		}
		usleep(300);
	}
	spmsim_irq_source_end();
	return NULL;
}

static void test_uart_receive_from_a_thread(void **state)
{
	pthread_t thread;
	uint8_t out[64];
	size_t n = sizeof(feeder_bytes) - 1;

	(void)state;
	spmsim_irq_source_begin();
	assert_int_equal(pthread_create(&thread, NULL, feeder, NULL), 0);
	wait_echo((uint32_t)n);
	pthread_join(thread, NULL);
	assert_int_equal(status.uart_rx_bytes, n);
	assert_int_equal(output(0, out, sizeof(out)), n);
	assert_memory_equal(out, feeder_bytes, n);
}

static void test_reset_drops_input_keeps_output(void **state)
{
	struct spmsim_uart_stats st;
	uint8_t out[64];
	uint32_t seven = 7;

	(void)state;
	assert_int_equal(spmsim_uart_receive(0, "abcd", 4), 4);
	wait_echo(4);
	/* Three taken by the FLIH, three more that never reach DATA. */
	assert_int_equal(spmsim_uart_receive(0, "efg", 3), 3);
	run(ns_status_until, &seven);
	assert_int_equal(spmsim_uart_receive(0, "hij", 3), 3);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	/* The partition started afresh and no byte waited for it. */
	run(ns_status, NULL);
	assert_int_equal(status.uart_rx_bytes, 0);
	spmsim_uart_get_stats(0, &st);
	assert_int_equal(st.rx_bytes, 0);
	/* A new batch is echoed after what was sent before the reset. */
	assert_int_equal(spmsim_uart_receive(0, "wxyz", 4), 4);
	wait_echo(4);
	assert_int_equal(output(0, out, sizeof(out)), 8);
	assert_memory_equal(out, "abcdwxyz", 8);
}

static void test_uart_limits(void **state)
{
	static uint8_t big[SPMSIM_UART_BUFFER + 10];
	struct spmsim_uart_stats st;
	uint8_t out[4];

	(void)state;
	assert_int_equal(spmsim_uart_receive(SPMSIM_UARTS, "x", 1), 0);
	assert_int_equal(spmsim_uart_receive(0, NULL, 1), 0);
	assert_int_equal(spmsim_uart_stream(SPMSIM_UARTS, "x", 1, 0), -1);
	assert_int_equal(spmsim_uart_stream(1, big, sizeof(big), 0), -1);
	/* No interrupt point between: the queue takes what fits. */
	assert_int_equal(spmsim_uart_receive(1, big, sizeof(big)),
	                 SPMSIM_UART_BUFFER);
	assert_int_equal(spmsim_uart_receive(1, big, 1), 0);
	/* Output not taken before a shutdown is gone after it. */
	SPMSIM_UART1->tx = 'z';
	spmsim_cpu_relax();
	spmsim_uart_get_stats(1, &st);
	assert_int_equal(st.tx_bytes, 1);
	spmsim_shutdown();
	assert_int_equal(spmsim_uart_output(1, out, sizeof(out)), 0);
	assert_int_equal(spmsim_uart_receive(0, "x", 1), 0);
	assert_int_equal(spmsim_uart_stream(0, "x", 1, 0), -1);
}

/* ------------------------------------------- registers from the core */

static uint8_t polled[4];

/**
 * UART1 and TIMER1 belong to no partition: code on the core drives them
 * as a scenario would, polling with spmsim_cpu_relax().
 */
static void ns_drive_registers(void *arg)
{
	struct spmsim_uart_regs *u = SPMSIM_UART1;
	struct spmsim_timer_regs *t = SPMSIM_TIMER1;

	(void)arg;
	u->tx = 'O';
	(void)psa_version(DEVICES_STATUS_SID); /* an interrupt point */
	assert_int_equal(u->tx, SPMSIM_UART_TX_EMPTY);
	u->tx = 'K';
	spmsim_cpu_relax();
	/* Receive without interrupts: poll RX_READY, take DATA. */
	u->ctrl = SPMSIM_UART_CTRL_RX_EN;
	for (int i = 0; i < 2; i++) {
		while ((u->status & SPMSIM_UART_STATUS_RX_READY) == 0) {
			spmsim_cpu_relax();
		}
		polled[i] = (uint8_t)u->data;
		u->status = 0;
	}
	spmsim_cpu_relax();
	assert_int_equal(u->status, 0); /* nothing more came */
	/* A periodic count: VALUE is always within a period. */
	t->load = 1000000;
	t->ctrl = SPMSIM_TIMER_CTRL_ENABLE;
	spmsim_cpu_relax();
	assert_in_range(t->value, 1, 1000000);
	t->ctrl = 0;
	spmsim_cpu_relax();
}

static void test_registers_from_the_core(void **state)
{
	struct spmsim_irq_stats st;
	uint8_t out[8];

	(void)state;
	assert_int_equal(spmsim_uart_receive(1, "xy", 2), 2);
	run(ns_drive_registers, NULL);
	assert_memory_equal(polled, "xy", 2);
	assert_int_equal(output(1, out, sizeof(out)), 2);
	assert_memory_equal(out, "OK", 2);
	/* RX_INTEN was never set: the UART raised nothing. */
	spmsim_irq_get_stats(&st);
	assert_int_equal(st.raised, 0);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, boot, shutdown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        TEST(test_mmio_regions),
	        TEST(test_timer_oneshot_ticks_exactly),
	        TEST(test_timer_periodic),
	        TEST(test_timer_run_refused),
	        TEST(test_uart_echo_in_batches),
	        TEST(test_uart_partial_batch_waits),
	        TEST(test_uart_stream_thread),
	        TEST(test_uart_receive_from_a_thread),
	        TEST(test_reset_drops_input_keeps_output),
	        TEST(test_uart_limits),
	        TEST(test_registers_from_the_core),
	};

	return cmocka_run_group_tests_name("devices", tests, NULL, NULL);
}
