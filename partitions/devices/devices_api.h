/*
 * The DEVICES_STATUS service's interface, shared by the partition and its
 * clients.
 *
 * Connect with psa_connect(DEVICES_STATUS_SID, DEVICES_STATUS_VERSION), then
 * call one of the message types below. The structures have fixed-width
 * fields only, so they have the same layout on both sides of the call
 * whatever the pointer width.
 */
#ifndef DEVICES_API_H
#define DEVICES_API_H

#include <stdint.h>

/**
 * Reads the device counters. out_vec[0]: receives a struct devices_status
 * (exactly that size, else PSA_ERROR_INVALID_ARGUMENT). No input vectors.
 */
#define DEVICES_STATUS_GET (1)

/**
 * Runs TIMER0. in_vec[0]: a struct devices_timer_run. The reply comes once
 * the timer has ticked that many times; the timer is stopped then.
 * PSA_ERROR_INVALID_ARGUMENT for a zero period or count,
 * PSA_ERROR_BAD_STATE while another run is going on.
 */
#define DEVICES_TIMER_RUN (2)

/**
 * Waits for UART0's echo. in_vec[0]: a uint32_t count. The reply comes once
 * the partition has echoed at least that many bytes since it started.
 * PSA_ERROR_BAD_STATE while another wait is going on.
 */
#define DEVICES_UART_WAIT (3)

/** The UART FLIH wakes the partition once per this many bytes. */
#define DEVICES_UART_RX_BATCH (4u)

/** What DEVICES_TIMER_RUN takes. */
struct devices_timer_run {
	/** Microseconds between ticks (TIMER0 counts at 1 MHz). */
	uint32_t period_us;
	/** Ticks to wait for. */
	uint32_t ticks;
	/** 0: periodic; else a one-shot count re-armed after each tick. */
	uint32_t oneshot;
};

/** What DEVICES_STATUS_GET returns. */
struct devices_status {
	/** TIMER0 interrupts handled. */
	uint32_t timer_ticks;
	/** UART0 bytes taken by the first-level handler. */
	uint32_t uart_rx_bytes;
	/**
	 * UART0_RX signals handled. Signals that arrive before the partition
	 * resets the previous one merge, so this can be less than
	 * uart_rx_bytes / DEVICES_UART_RX_BATCH.
	 */
	uint32_t uart_rx_signals;
	/** UART0 bytes echoed back: whole batches only. */
	uint32_t uart_tx_bytes;
	/** UART0 bytes lost because the thread fell too far behind. */
	uint32_t uart_rx_dropped;
};

#endif /* DEVICES_API_H */
