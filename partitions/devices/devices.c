/*
 * Devices: an IPC-model partition (FF-M 1.1) that drives two devices of the
 * board through their registers and owns their interrupts. A template:
 * copy it to start a driver partition.
 *
 * How it works: devices_main() is the partition's thread. It sets both
 * devices up through their registers (the board's <spmsim/platform.h>; the
 * manifest grants the MMIO regions), enables both interrupts, then waits for
 * any of its three signals and handles each one asserted:
 *
 * - TIMER0 is a second-level handler (SLIH): at interrupt time the SPM only
 *   disables the line and asserts TIMER0_SIGNAL; the tick is handled here in
 *   thread mode, and psa_eoi() clears the signal and enables the line again.
 * - UART0_RX is a first-level handler (FLIH): uart0_rx_flih() runs at
 *   interrupt time and does the minimum: it takes the byte from the UART's
 *   DATA register into a ring, and asks for UART0_RX_SIGNAL once per batch.
 *   The thread clears the signal with psa_reset_signal() and echoes the
 *   batch on the UART's TX; the line stays enabled throughout.
 * - DEVICES_STATUS_SIGNAL: a client's message. A status request is answered
 *   at once. A timer run or a wait for the echo is answered later, by the
 *   interrupt handling, and the client blocks until then (a deferred reply:
 *   the partition keeps the message handle and replies to it when done).
 *
 * State shared with the FLIH is volatile, because the handler can change it
 * between any two instructions of the thread. Each such variable is one
 * aligned 32-bit word (or a byte of the ring the FLIH no longer touches),
 * which Armv8-M reads and writes in one access, so no lock is needed.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <psa/error.h>
#include <psa/service.h>

#include "psa_manifest/devices.h"
#include "spmsim/platform.h"

#include "devices_api.h"

/*
 * The devices, at the manifest's MMIO regions: SPMSIM_TIMER0 by name, and
 * the UART at 0x40101000, which is SPMSIM_UART0 on this board.
 */
#define TIMER0 SPMSIM_TIMER0
#define UART0  SPMSIM_UART0

/** Every signal the thread waits for. */
#define DEVICES_SIGNALS                                                        \
	(DEVICES_STATUS_SIGNAL | TIMER0_SIGNAL | UART0_RX_SIGNAL)

/** A message handler's answer: the reply is sent later, not now. */
#define DEVICES_REPLY_LATER ((psa_status_t)1)

/** Bytes the FLIH can hold for the thread (a power of two). */
#define DEVICES_RX_RING 256u

/* Thread-mode state: only the thread touches it. */
static uint32_t devices_timer_ticks;
static uint32_t devices_uart_rx_signals;
static uint32_t devices_uart_tx_bytes;

/* A client waiting for a timer run: its message, the ticks still to come. */
static psa_handle_t devices_timer_client;
static uint32_t devices_timer_left;
static bool devices_timer_oneshot;

/* A client waiting for the echo: its message, the count it waits for. */
static psa_handle_t devices_uart_client;
static uint32_t devices_uart_target;

/*
 * The receive ring: the FLIH writes bytes and advances the head, the thread
 * reads them and advances the tail. Both only ever grow (modulo 2^32).
 */
static volatile uint8_t devices_rx_ring[DEVICES_RX_RING];
static volatile uint32_t devices_rx_head;
static volatile uint32_t devices_rx_tail;

/* Written by the FLIH at interrupt time, read by the thread. */
static volatile uint32_t devices_uart_rx_bytes;
static volatile uint32_t devices_uart_rx_dropped;

/**
 * UART0_RX first-level handler, called by the SPM at interrupt time: takes
 * the received byte from DATA into the ring.
 */
psa_flih_result_t uart0_rx_flih(void)
{
	uint32_t head = devices_rx_head;
	uint8_t byte;

	/* An interrupt can come with nothing received: nothing to do. */
	if ((UART0->status & SPMSIM_UART_STATUS_RX_READY) == 0u) {
		return PSA_FLIH_NO_SIGNAL;
	}
	byte = (uint8_t)UART0->data;
	/* Taken: the UART may now put the next byte in DATA. */
	UART0->status = 0u;
	devices_uart_rx_bytes++;
	if (head - devices_rx_tail >= DEVICES_RX_RING) {
		devices_uart_rx_dropped++;
		return PSA_FLIH_NO_SIGNAL;
	}
	devices_rx_ring[head % DEVICES_RX_RING] = byte;
	head++;
	devices_rx_head = head;
	/* Wake the thread once per batch, not per byte: it is much cheaper. */
	if (head % DEVICES_UART_RX_BATCH == 0u) {
		return PSA_FLIH_SIGNAL;
	}
	return PSA_FLIH_NO_SIGNAL;
}

/* ------------------------------------------------------------ TIMER0 */

/** Starts TIMER0: a tick every @period_us, or one only. */
static void devices_timer_start(uint32_t period_us, bool oneshot)
{
	uint32_t ctrl = SPMSIM_TIMER_CTRL_ENABLE;

	if (oneshot) {
		ctrl |= SPMSIM_TIMER_CTRL_ONESHOT;
	}
	TIMER0->load = period_us * (SPMSIM_TIMER_HZ / 1000000u);
	TIMER0->ctrl = ctrl | SPMSIM_TIMER_CTRL_START;
}

/** TIMER0_SIGNAL: one tick; psa_eoi() lets the next one in. */
static void devices_timer_tick(void)
{
	devices_timer_ticks++;
	if (devices_timer_client != PSA_NULL_HANDLE) {
		devices_timer_left--;
		if (devices_timer_left == 0u) {
			TIMER0->ctrl = 0u;
			psa_reply(devices_timer_client, PSA_SUCCESS);
			devices_timer_client = PSA_NULL_HANDLE;
		} else if (devices_timer_oneshot) {
			/* A one-shot count stops at zero: start the next. */
			TIMER0->ctrl |= SPMSIM_TIMER_CTRL_START;
		}
	}
	psa_eoi(TIMER0_SIGNAL);
}

/* ------------------------------------------------------------- UART0 */

/** Sends byte @c, once the UART has sent the one before. */
static void devices_uart_putc(uint8_t c)
{
	while ((UART0->tx & SPMSIM_UART_TX_EMPTY) == 0u) {
		spmsim_cpu_relax();
	}
	UART0->tx = c;
}

/** Replies to a client waiting for the echo once it is complete. */
static void devices_uart_wait_done(void)
{
	if (devices_uart_client != PSA_NULL_HANDLE &&
	    devices_uart_tx_bytes >= devices_uart_target) {
		psa_reply(devices_uart_client, PSA_SUCCESS);
		devices_uart_client = PSA_NULL_HANDLE;
	}
}

/** UART0_RX_SIGNAL: echoes every whole batch received. */
static void devices_uart_rx(void)
{
	uint32_t tail = devices_rx_tail;
	uint32_t end;

	/*
	 * Clear the signal before the work: a batch completed meanwhile asserts
	 * it again and is handled on the next wait, instead of being cleared
	 * unseen together with this one.
	 */
	psa_reset_signal(UART0_RX_SIGNAL);
	devices_uart_rx_signals++;
	/* Whole batches only (the tail is always at a batch's start). */
	end = devices_rx_head;
	end -= end % DEVICES_UART_RX_BATCH;
	while (tail != end) {
		devices_uart_putc(devices_rx_ring[tail % DEVICES_RX_RING]);
		tail++;
		devices_rx_tail = tail;
		devices_uart_tx_bytes++;
	}
	devices_uart_wait_done();
}

/* ---------------------------------------------------------- messages */

/** True when only the first @n_in inputs and @n_out outputs hold data. */
static bool devices_only_vectors(const psa_msg_t *msg, size_t n_in,
                                 size_t n_out)
{
	size_t i;

	for (i = n_in; i < PSA_MAX_IOVEC; i++) {
		if (msg->in_size[i] != 0) {
			return false;
		}
	}
	for (i = n_out; i < PSA_MAX_IOVEC; i++) {
		if (msg->out_size[i] != 0) {
			return false;
		}
	}
	return true;
}

/** Reads in_vec[0], which must be exactly @size bytes, into @buf. */
static bool devices_read_input(const psa_msg_t *msg, void *buf, size_t size)
{
	return devices_only_vectors(msg, 1, 0) && msg->in_size[0] == size &&
	       psa_read(msg->handle, 0, buf, size) == size;
}

/** DEVICES_STATUS_GET: out_vec[0] receives a struct devices_status. */
static psa_status_t devices_status_get(const psa_msg_t *msg)
{
	struct devices_status status;

	if (!devices_only_vectors(msg, 0, 1) ||
	    msg->out_size[0] != sizeof(status)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	status.timer_ticks = devices_timer_ticks;
	status.uart_rx_bytes = devices_uart_rx_bytes;
	status.uart_rx_signals = devices_uart_rx_signals;
	status.uart_tx_bytes = devices_uart_tx_bytes;
	status.uart_rx_dropped = devices_uart_rx_dropped;
	psa_write(msg->handle, 0, &status, sizeof(status));
	return PSA_SUCCESS;
}

/** DEVICES_TIMER_RUN: starts the timer; replied to from the ticks. */
static psa_status_t devices_timer_run(const psa_msg_t *msg)
{
	struct devices_timer_run run;

	if (!devices_read_input(msg, &run, sizeof(run)) ||
	    run.period_us == 0u || run.ticks == 0u ||
	    run.period_us > UINT32_MAX / (SPMSIM_TIMER_HZ / 1000000u)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	if (devices_timer_client != PSA_NULL_HANDLE) {
		return PSA_ERROR_BAD_STATE;
	}
	devices_timer_client = msg->handle;
	devices_timer_left = run.ticks;
	devices_timer_oneshot = run.oneshot != 0u;
	devices_timer_start(run.period_us, devices_timer_oneshot);
	return DEVICES_REPLY_LATER;
}

/** DEVICES_UART_WAIT: replied to once the echo has reached the count. */
static psa_status_t devices_uart_wait(const psa_msg_t *msg)
{
	uint32_t count;

	if (!devices_read_input(msg, &count, sizeof(count))) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	if (devices_uart_client != PSA_NULL_HANDLE) {
		return PSA_ERROR_BAD_STATE;
	}
	devices_uart_client = msg->handle;
	devices_uart_target = count;
	devices_uart_wait_done();
	return DEVICES_REPLY_LATER;
}

/** Takes one message for DEVICES_STATUS and replies to it, now or later. */
static void devices_serve(void)
{
	psa_status_t status;
	psa_msg_t msg;

	if (psa_get(DEVICES_STATUS_SIGNAL, &msg) != PSA_SUCCESS) {
		return;
	}
	switch (msg.type) {
	case PSA_IPC_CONNECT:
	case PSA_IPC_DISCONNECT:
		/* No per-connection state: accept every connection. */
		status = PSA_SUCCESS;
		break;
	case DEVICES_STATUS_GET:
		status = devices_status_get(&msg);
		break;
	case DEVICES_TIMER_RUN:
		status = devices_timer_run(&msg);
		break;
	case DEVICES_UART_WAIT:
		status = devices_uart_wait(&msg);
		break;
	default:
		status = PSA_ERROR_NOT_SUPPORTED;
		break;
	}
	if (status != DEVICES_REPLY_LATER) {
		psa_reply(msg.handle, status);
	}
}

/** The partition's thread (the manifest's entry_point). */
void devices_main(void)
{
	psa_signal_t signals;

	/* The timer stays stopped until a client asks for a run. */
	TIMER0->ctrl = 0u;
	TIMER0->load = 1000u * (SPMSIM_TIMER_HZ / 1000000u);
	/* Receive, with an interrupt per byte. */
	UART0->ctrl = SPMSIM_UART_CTRL_RX_EN | SPMSIM_UART_CTRL_RX_INTEN;
	/* FF-M 1.1 IRQs start disabled: none comes before this point. */
	psa_irq_enable(TIMER0_SIGNAL);
	psa_irq_enable(UART0_RX_SIGNAL);
	for (;;) {
		signals = psa_wait(DEVICES_SIGNALS, PSA_BLOCK);
		/* Interrupts first, so a status reply includes them. */
		if (signals & TIMER0_SIGNAL) {
			devices_timer_tick();
		}
		if (signals & UART0_RX_SIGNAL) {
			devices_uart_rx();
		}
		if (signals & DEVICES_STATUS_SIGNAL) {
			devices_serve();
		}
	}
}
