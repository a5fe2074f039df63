/*
 * Devices: an IPC-model partition (FF-M 1.1) that owns two interrupts. A
 * template: copy it to start a driver partition.
 *
 * How it works: devices_main() is the partition's thread. It enables both
 * interrupts, then waits for any of its three signals and handles each one
 * asserted:
 *
 * - TIMER0 is a second-level handler (SLIH): at interrupt time the SPM only
 *   disables the line and asserts TIMER0_SIGNAL; the work happens here in
 *   thread mode, and psa_eoi() clears the signal and enables the line again.
 * - UART0_RX is a first-level handler (FLIH): uart0_rx_flih() runs at
 *   interrupt time, does the minimum (take the byte), and asks for
 *   UART0_RX_SIGNAL only when the thread has something to do. The thread
 *   clears it with psa_reset_signal(); the line stays enabled throughout.
 * - DEVICES_STATUS_SIGNAL: a client's message, answered with the counters.
 *
 * State shared with the FLIH is volatile, because the handler can change it
 * between any two instructions of the thread. Each such variable is one
 * aligned 32-bit word, which Armv8-M reads and writes in one access, so no
 * lock is needed for the thread to read it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <psa/error.h>
#include <psa/service.h>

#include "psa_manifest/devices.h"

#include "devices_api.h"

/** Every signal the thread waits for. */
#define DEVICES_SIGNALS                                                        \
	(DEVICES_STATUS_SIGNAL | TIMER0_SIGNAL | UART0_RX_SIGNAL)

/* Thread-mode state: only the thread touches it. */
static uint32_t devices_timer_ticks;
static uint32_t devices_uart_rx_signals;

/* Written by the FLIH at interrupt time, read by the thread. */
static volatile uint32_t devices_uart_rx_bytes;

/**
 * UART0_RX first-level handler, called by the SPM at interrupt time. On the
 * board it would read the byte from the UART's data register (the MMIO region
 * at 0x40101000 in the manifest) into a ring buffer. The host has no such
 * register: the device model arrives with the simulator's interrupt model, and
 * until then each call stands for one received byte and is only counted.
 */
psa_flih_result_t uart0_rx_flih(void)
{
	uint32_t bytes = devices_uart_rx_bytes + 1u;

	devices_uart_rx_bytes = bytes;
	/* Wake the thread once per batch, not per byte: it is much cheaper. */
	if (bytes % DEVICES_UART_RX_BATCH == 0u) {
		return PSA_FLIH_SIGNAL;
	}
	return PSA_FLIH_NO_SIGNAL;
}

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

/** TIMER0_SIGNAL: one tick; psa_eoi() lets the next one in. */
static void devices_timer_tick(void)
{
	devices_timer_ticks++;
	psa_eoi(TIMER0_SIGNAL);
}

/** UART0_RX_SIGNAL: a batch of bytes is ready. */
static void devices_uart_rx(void)
{
	/*
	 * Clear the signal before the work: a batch completed meanwhile asserts
	 * it again and is handled on the next wait, instead of being cleared
	 * unseen together with this one.
	 */
	psa_reset_signal(UART0_RX_SIGNAL);
	devices_uart_rx_signals++;
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
	psa_write(msg->handle, 0, &status, sizeof(status));
	return PSA_SUCCESS;
}

/** Takes one message for DEVICES_STATUS and replies to it. */
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
	default:
		status = PSA_ERROR_NOT_SUPPORTED;
		break;
	}
	psa_reply(msg.handle, status);
}

/** The partition's thread (the manifest's entry_point). */
void devices_main(void)
{
	psa_signal_t signals;

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
