/*
 * The simulated board's devices, from the harness side: the other end of
 * each UART's wire, and where each device's registers are.
 *
 * The devices exist while a system is booted (see <spmsim/platform.h> for
 * what partitions see). A boot or a reset puts every device in its reset
 * state: timers stopped, registers cleared, bytes not yet received dropped.
 * What a UART transmitted stays until taken, across resets, as on a
 * terminal; a shutdown discards it.
 */
#ifndef SPMSIM_DEVICES_H
#define SPMSIM_DEVICES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** UARTs: 0 is SPMSIM_UART0, 1 is SPMSIM_UART1. */
#define SPMSIM_UARTS 2u

/** Bytes each UART holds per direction: received and not yet read, sent
 * and not yet taken. */
#define SPMSIM_UART_BUFFER 4096u

/**
 * Sends @n bytes to UART @uart, as if they arrived on its wire: the device
 * puts them in DATA one at a time, in order, each after the driver took the
 * previous one. Callable from any thread; from a thread other than the
 * core's it also raises the RX interrupt (when the driver enabled it) to
 * wake the core. Returns the bytes accepted: fewer than @n when the buffer
 * is full, 0 for a bad @uart or when no system is booted.
 */
size_t spmsim_uart_receive(unsigned uart, const void *bytes, size_t n);

/**
 * Starts a thread that sends @n bytes (at most SPMSIM_UART_BUFFER) to UART
 * @uart one at a time, @gap_ns apart, like a serial line: an interrupt
 * source outside the core, so an idle core waits for it. One stream per
 * UART at a time; a reset or shutdown stops it. Returns 0, or -1 (a bad
 * argument, a stream already running, no system booted, no thread).
 */
int spmsim_uart_stream(unsigned uart, const void *bytes, size_t n,
                       uint64_t gap_ns);

/** Waits until UART @uart's stream (if any) has sent every byte. */
void spmsim_uart_stream_wait(unsigned uart);

/**
 * Takes up to @size of the bytes UART @uart transmitted, oldest first, into
 * @buf. Returns how many.
 */
size_t spmsim_uart_output(unsigned uart, void *buf, size_t size);

/** What a UART did since boot (resets clear it). */
struct spmsim_uart_stats {
	/** Bytes put in DATA for the driver. */
	uint64_t rx_bytes;
	/** Bytes the driver wrote to TX, and of those the ones lost because
	 * nobody took the output. */
	uint64_t tx_bytes;
	uint64_t tx_dropped;
};

/** Copies UART @uart's counters into @out; zeroes for a bad @uart. */
void spmsim_uart_get_stats(unsigned uart, struct spmsim_uart_stats *out);

/**
 * The host address of the registers of platform MMIO region @name (as
 * manifests name it, e.g. "SPMSIM_TIMER0"), or NULL when the platform has no
 * device there or no system is booted. Code on the core may read and write
 * them as a driver would, with the same rules.
 */
void *spmsim_mmio_base(const char *name);

/* ---------------------------------------------------------------- flash
 *
 * SPMSIM_FLASH0 (see <spmsim/platform.h>) lives from spmsim_boot() to
 * spmsim_shutdown(): resets keep it. spmsim_config.flash_file backs it with
 * a file, so it also survives a shutdown and a new process.
 */

/** Erases the booted system's flash (every byte 0xFF); 0, or -1 if none. */
int spmsim_flash_erase(void);

/**
 * The booted system's flash, SPMSIM_FLASH0_SIZE bytes (in @size when not
 * NULL), to look at what a partition stored; NULL when no system is booted.
 */
const void *spmsim_flash_contents(size_t *size);

#ifdef __cplusplus
}
#endif

#endif /* SPMSIM_DEVICES_H */
