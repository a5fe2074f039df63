/*
 * A UART device (the register interface is in <spmsim/platform.h>) and the
 * far end of its wire: the bytes waiting to be received, the bytes it sent,
 * and an optional thread that sends it bytes like a serial line. One
 * instance per struct, owned by the caller.
 *
 * Lock order: the device lock is never held while raising an interrupt
 * (a raise may wait for the core, which may be waiting for the lock).
 */
#ifndef SIM_UART_DEV_H
#define SIM_UART_DEV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spmsim/devices.h"
#include "spmsim/platform.h"

/** A byte queue, first in first out. */
struct uart_ring {
	uint8_t buf[SPMSIM_UART_BUFFER];
	size_t head;
	size_t count;
};

/** A thread that sends bytes to the device, @gap_ns apart. */
struct uart_stream {
	pthread_t thread;
	/** A thread was started and not yet joined (the core's flag). */
	bool running;
	uint8_t bytes[SPMSIM_UART_BUFFER];
	size_t n;
	uint64_t gap_ns;
};

/**
 * What threads other than the core's write: the queues, their lock and
 * the stream's stop request. It lives in memory that stays writable
 * whatever runs (the linker fragment's spmsim_shared: page protection
 * cannot follow another thread), so it holds no pointer, and every index
 * is taken modulo its ring's size.
 */
struct uart_queues {
	/** Guards open, rx, tx, stats and stop. */
	pthread_mutex_t lock;
	/** Between reset and stop: bytes may be received. */
	bool open;
	struct uart_ring rx;
	struct uart_ring tx;
	/** rx.count, for a look without the lock. */
	atomic_size_t rx_waiting;
	/** Receive with its interrupt on, as last seen: receives from other
	 * threads raise it to wake the core. */
	atomic_bool rx_irq;
	struct spmsim_uart_stats stats;
	/** The stream thread is asked to stop. */
	bool stop;
	/** Wakes the stream thread early when asked to stop. */
	pthread_cond_t wake;
};

struct uart_dev {
	struct spmsim_uart_regs *regs;
	/** The RX interrupt line. */
	uint32_t line;
	/** CTRL as the device last saw it. */
	uint32_t ctrl_seen;
	/** Its queues (in the shared memory). */
	struct uart_queues *q;
	struct uart_stream stream;
};

/** Makes @u usable (its lock); once, before anything else. 0 or -1. */
int uart_dev_init(struct uart_dev *u, struct uart_queues *q);

/** Releases what uart_dev_init() took; @u must be stopped. */
void uart_dev_destroy(struct uart_dev *u);

/**
 * Puts @u in its reset state over registers @regs, raising @line, and opens
 * it for receiving. What it sent before stays until taken.
 */
void uart_dev_reset(struct uart_dev *u, struct spmsim_uart_regs *regs,
                    uint32_t line);

/** Stops the stream thread, closes @u and drops bytes not yet received. */
void uart_dev_stop(struct uart_dev *u);

/** Drops what @u sent and nobody took. */
void uart_dev_discard_output(struct uart_dev *u);

/** Acts on the core's stores: takes TX, puts the next byte in DATA. */
void uart_dev_poll(struct uart_dev *u);

/**
 * Queues @n bytes for receiving; with @wake (a caller other than the core)
 * also raises the RX interrupt, if on. Returns the bytes accepted.
 */
size_t uart_dev_receive(struct uart_dev *u, const uint8_t *bytes, size_t n,
                        bool wake);

/** Takes up to @size bytes @u sent into @buf; returns how many. */
size_t uart_dev_output(struct uart_dev *u, uint8_t *buf, size_t size);

/** Starts the stream thread (spmsim_uart_stream()); 0 or -1. */
int uart_dev_stream(struct uart_dev *u, const uint8_t *bytes, size_t n,
                    uint64_t gap_ns);

/** Joins the stream thread once it has sent everything. */
void uart_dev_stream_wait(struct uart_dev *u);

/** Copies the counters. */
void uart_dev_stats(struct uart_dev *u, struct spmsim_uart_stats *out);

#endif /* SIM_UART_DEV_H */
