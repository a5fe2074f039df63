/*
 * The UART model. How it works: the registers are memory the core writes;
 * uart_dev_poll(), at each interrupt point, acts on what changed:
 *
 * - TX holds a byte (TX_EMPTY clear): it goes to the output queue, which
 *   the harness reads with spmsim_uart_output(), and TX reads TX_EMPTY.
 * - CTRL.RX_INTEN was just set while a byte waits in DATA: the RX line is
 *   raised for it.
 * - DATA is free (the driver cleared STATUS.RX_READY), receiving is on and
 *   a byte waits in the receive queue: it goes to DATA, RX_READY is set,
 *   and the RX line is raised if RX_INTEN.
 *
 * So bytes reach the driver one per interrupt point at most, in order, each
 * after the driver took the one before: with the same inputs, the same
 * sequence of handler calls. The receive queue is filled by
 * spmsim_uart_receive() from any thread, or by the stream thread; a receive
 * from a thread other than the core's also raises the RX line, which wakes
 * an idle core (a pthread-sourced interrupt). That raise may find DATA still
 * empty when it is taken, which is why a handler checks RX_READY.
 */
#define _GNU_SOURCE
#include "uart_dev.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "spmsim/spmsim.h"

/* ------------------------------------------------------------- queues */

/*
 * The rings live in memory any code may write (uart_dev.h): every index is
 * taken modulo the ring's size, so a ring's content may be wrong, never
 * its place.
 */
static bool ring_put(struct uart_ring *r, uint8_t byte)
{
	if (r->count >= sizeof(r->buf)) {
		return false;
	}
	r->buf[(r->head % sizeof(r->buf) + r->count) % sizeof(r->buf)] = byte;
	r->count++;
	return true;
}

static bool ring_get(struct uart_ring *r, uint8_t *byte)
{
	size_t head = r->head % sizeof(r->buf);

	if (r->count == 0) {
		return false;
	}
	*byte = r->buf[head];
	r->head = (head + 1) % sizeof(r->buf);
	r->count = (r->count > sizeof(r->buf) ? sizeof(r->buf) : r->count) - 1;
	return true;
}

static void ring_clear(struct uart_ring *r)
{
	r->head = 0;
	r->count = 0;
}

/* ---------------------------------------------------------- lifecycle */

int uart_dev_init(struct uart_dev *u, struct uart_queues *q)
{
	pthread_condattr_t attr;
	int rc;

	memset(u, 0, sizeof(*u));
	memset(q, 0, sizeof(*q));
	u->q = q;
	if (pthread_mutex_init(&u->q->lock, NULL) != 0) {
		return -1;
	}
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	rc = pthread_cond_init(&u->q->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (rc != 0) {
		pthread_mutex_destroy(&u->q->lock);
		return -1;
	}
	return 0;
}

void uart_dev_destroy(struct uart_dev *u)
{
	pthread_cond_destroy(&u->q->wake);
	pthread_mutex_destroy(&u->q->lock);
}

void uart_dev_reset(struct uart_dev *u, struct spmsim_uart_regs *regs,
                    uint32_t line)
{
	pthread_mutex_lock(&u->q->lock);
	u->regs = regs;
	u->line = line;
	u->ctrl_seen = 0;
	u->q->open = true;
	ring_clear(&u->q->rx);
	atomic_store(&u->q->rx_waiting, 0);
	atomic_store(&u->q->rx_irq, false);
	u->q->stats = (struct spmsim_uart_stats){0};
	regs->data = 0;
	regs->status = 0;
	regs->tx = SPMSIM_UART_TX_EMPTY;
	regs->ctrl = 0;
	pthread_mutex_unlock(&u->q->lock);
}

/** Asks the stream thread to stop now, and joins it. */
static void stream_stop(struct uart_dev *u)
{
	if (!u->stream.running) {
		return;
	}
	pthread_mutex_lock(&u->q->lock);
	u->q->stop = true;
	pthread_cond_signal(&u->q->wake);
	pthread_mutex_unlock(&u->q->lock);
	uart_dev_stream_wait(u);
}

void uart_dev_stop(struct uart_dev *u)
{
	stream_stop(u);
	pthread_mutex_lock(&u->q->lock);
	u->q->open = false;
	ring_clear(&u->q->rx);
	atomic_store(&u->q->rx_waiting, 0);
	atomic_store(&u->q->rx_irq, false);
	pthread_mutex_unlock(&u->q->lock);
}

void uart_dev_discard_output(struct uart_dev *u)
{
	pthread_mutex_lock(&u->q->lock);
	ring_clear(&u->q->tx);
	pthread_mutex_unlock(&u->q->lock);
}

/* -------------------------------------------------------- the device */

/** True when CTRL @ctrl has bytes received with an interrupt each. */
static bool rx_irq_on(uint32_t ctrl)
{
	const uint32_t both =
	        SPMSIM_UART_CTRL_RX_EN | SPMSIM_UART_CTRL_RX_INTEN;

	return (ctrl & both) == both;
}

/** A byte in TX goes to the output; TX is empty again. */
static void take_tx(struct uart_dev *u)
{
	uint32_t tx = u->regs->tx;

	if ((tx & SPMSIM_UART_TX_EMPTY) != 0) {
		return;
	}
	u->regs->tx = SPMSIM_UART_TX_EMPTY;
	pthread_mutex_lock(&u->q->lock);
	u->q->stats.tx_bytes++;
	if (!ring_put(&u->q->tx, (uint8_t)tx)) {
		u->q->stats.tx_dropped++;
	}
	pthread_mutex_unlock(&u->q->lock);
}

/** A change of CTRL; interrupts just enabled with a byte in DATA raise. */
static void watch_ctrl(struct uart_dev *u)
{
	uint32_t ctrl = u->regs->ctrl;
	uint32_t rising = ctrl & ~u->ctrl_seen;

	if (ctrl == u->ctrl_seen) {
		return;
	}
	u->ctrl_seen = ctrl;
	atomic_store(&u->q->rx_irq, rx_irq_on(ctrl));
	if ((rising & SPMSIM_UART_CTRL_RX_INTEN) != 0 &&
	    (u->regs->status & SPMSIM_UART_STATUS_RX_READY) != 0) {
		(void)spmsim_irq_raise(u->line);
	}
}

/** DATA free and a byte waiting: the byte goes to DATA. */
static void feed_rx(struct uart_dev *u)
{
	uint8_t byte;
	bool got;

	if ((u->regs->status & SPMSIM_UART_STATUS_RX_READY) != 0 ||
	    (u->ctrl_seen & SPMSIM_UART_CTRL_RX_EN) == 0 ||
	    atomic_load(&u->q->rx_waiting) == 0) {
		return;
	}
	pthread_mutex_lock(&u->q->lock);
	got = ring_get(&u->q->rx, &byte);
	if (got) {
		u->q->stats.rx_bytes++;
	}
	atomic_store(&u->q->rx_waiting, u->q->rx.count);
	pthread_mutex_unlock(&u->q->lock);
	if (!got) {
		return;
	}
	u->regs->data = byte;
	u->regs->status = SPMSIM_UART_STATUS_RX_READY;
	if ((u->ctrl_seen & SPMSIM_UART_CTRL_RX_INTEN) != 0) {
		(void)spmsim_irq_raise(u->line);
	}
}

void uart_dev_poll(struct uart_dev *u)
{
	take_tx(u);
	watch_ctrl(u);
	feed_rx(u);
}

/* ------------------------------------------------------ the wire's end */

size_t uart_dev_receive(struct uart_dev *u, const uint8_t *bytes, size_t n,
                        bool wake)
{
	size_t done = 0;

	pthread_mutex_lock(&u->q->lock);
	while (u->q->open && done < n && ring_put(&u->q->rx, bytes[done])) {
		done++;
	}
	atomic_store(&u->q->rx_waiting, u->q->rx.count);
	pthread_mutex_unlock(&u->q->lock);
	if (done > 0 && wake && atomic_load(&u->q->rx_irq)) {
		(void)spmsim_irq_raise(u->line);
	}
	return done;
}

size_t uart_dev_output(struct uart_dev *u, uint8_t *buf, size_t size)
{
	size_t done = 0;

	pthread_mutex_lock(&u->q->lock);
	while (done < size && ring_get(&u->q->tx, &buf[done])) {
		done++;
	}
	pthread_mutex_unlock(&u->q->lock);
	return done;
}

void uart_dev_stats(struct uart_dev *u, struct spmsim_uart_stats *out)
{
	pthread_mutex_lock(&u->q->lock);
	*out = u->q->stats;
	pthread_mutex_unlock(&u->q->lock);
}

/* --------------------------------------------------------- the stream */

/** Waits until @deadline, @gap_ns later than it was; false when stopped. */
static bool stream_pause(struct uart_dev *u, struct timespec *deadline)
{
	bool go;

	deadline->tv_nsec += (long)(u->stream.gap_ns % 1000000000u);
	deadline->tv_sec += (time_t)(u->stream.gap_ns / 1000000000u);
	if (deadline->tv_nsec >= 1000000000L) {
		deadline->tv_nsec -= 1000000000L;
		deadline->tv_sec++;
	}
	pthread_mutex_lock(&u->q->lock);
	while (!u->q->stop && pthread_cond_timedwait(&u->q->wake, &u->q->lock,
	                                             deadline) != ETIMEDOUT) {
	}
	go = !u->q->stop;
	pthread_mutex_unlock(&u->q->lock);
	return go;
}

/**
 * The stream thread: one byte per gap. A byte the full queue refuses is
 * sent again after the next gap. Its source ends when it does.
 */
static void *stream_main(void *arg)
{
	struct uart_dev *u = arg;
	struct timespec deadline;
	size_t i = 0;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	while (i < u->stream.n && stream_pause(u, &deadline)) {
		i += uart_dev_receive(u, &u->stream.bytes[i], 1, true);
	}
	spmsim_irq_source_end();
	return NULL;
}

int uart_dev_stream(struct uart_dev *u, const uint8_t *bytes, size_t n,
                    uint64_t gap_ns)
{
	if (u->stream.running || n > sizeof(u->stream.bytes)) {
		return -1;
	}
	memcpy(u->stream.bytes, bytes, n);
	u->stream.n = n;
	u->stream.gap_ns = gap_ns;
	u->q->stop = false;
	/* Before the thread exists, so the core cannot idle past it. */
	spmsim_irq_source_begin();
	if (pthread_create(&u->stream.thread, NULL, stream_main, u) != 0) {
		spmsim_irq_source_end();
		return -1;
	}
	u->stream.running = true;
	return 0;
}

void uart_dev_stream_wait(struct uart_dev *u)
{
	if (u->stream.running) {
		pthread_join(u->stream.thread, NULL);
		u->stream.running = false;
	}
}
