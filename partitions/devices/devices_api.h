/*
 * The DEVICES_STATUS service's interface, shared by the partition and its
 * clients.
 *
 * Connect with psa_connect(DEVICES_STATUS_SID, DEVICES_STATUS_VERSION), then
 * call DEVICES_STATUS_GET. The structure has fixed-width fields only, so it
 * has the same layout on both sides of the call whatever the pointer width.
 */
#ifndef DEVICES_API_H
#define DEVICES_API_H

#include <stdint.h>

/**
 * Reads the device counters. out_vec[0]: receives a struct devices_status
 * (exactly that size, else PSA_ERROR_INVALID_ARGUMENT). No input vectors.
 */
#define DEVICES_STATUS_GET (1)

/** The UART FLIH wakes the partition once per this many bytes. */
#define DEVICES_UART_RX_BATCH (4u)

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
};

#endif /* DEVICES_API_H */
