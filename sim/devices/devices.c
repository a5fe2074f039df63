/*
 * The simulated board: which device model sits behind which platform MMIO
 * region and raises which line (two timers, two UARTs, the watchdog), and
 * the public device API.
 *
 * How it works. At the first start after a release, each device's region
 * (platform.c gives its board address and size) becomes one page-aligned
 * anonymous mapping of its own, so a protection model can later change one
 * device's access without touching another's. Partition code reaches it
 * through spmsim_platform_mmio(), which turns a board address into the host
 * address. Every start puts the devices in their reset state; the hook at
 * each interrupt point, sim_devices_poll(), lets each model act on the
 * core's stores; it does so only once some code has a device's registers
 * or feeds one (SIM_ATTN_DEVICES), so a PSA call with no device in use
 * costs the SPM's own. The core thread alone starts, stops and polls; other
 * threads only feed UARTs (spmsim_uart_receive()).
 */
#include "devices.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch.h"
#include "flash_dev.h"
#include "resets.h"
#include "irq_sim.h"
#include "isolation.h"
#include "protect.h"
#include "spmsim/devices.h"
#include "spmsim/spmsim.h"
#include "timer_dev.h"
#include "uart_dev.h"
#include "watchdog_dev.h"

#define TIMERS 2u

/** A device's place on the board: its MMIO region and its line. */
struct wiring {
	const char *region;
	const char *irq;
};

static const struct wiring timer_wiring[TIMERS] = {
        {"SPMSIM_TIMER0", "SPMSIM_TIMER0_IRQ"},
        {"SPMSIM_TIMER1", "SPMSIM_TIMER1_IRQ"},
};

static const struct wiring uart_wiring[SPMSIM_UARTS] = {
        {"SPMSIM_UART0", "SPMSIM_UART0_RX_IRQ"},
        {"SPMSIM_UART1", "SPMSIM_UART1_RX_IRQ"},
};

static const struct wiring watchdog_wiring = {"SPMSIM_WATCHDOG",
                                              "SPMSIM_WATCHDOG_IRQ"};

/** One device's registers: a mapping of its own. */
struct page {
	const char *region;
	uint32_t addr;
	uint32_t size;
	void *host;
	size_t mapped;
	uint32_t line;
};

#define PAGES         (TIMERS + SPMSIM_UARTS + 1u)
#define WATCHDOG_PAGE (TIMERS + SPMSIM_UARTS)

static struct {
	bool uarts_ready;
	bool mapped;
	/** Between start and stop; other threads read it. */
	atomic_bool started;
	pthread_t core;
	/** Timers first, then UARTs, in wiring order, then the watchdog. */
	struct page pages[PAGES];
	struct timer_dev timers[TIMERS];
	struct uart_dev uarts[SPMSIM_UARTS];
	struct watchdog_dev watchdog;
} board;

/* Written by other threads too: outside page protection (uart_dev.h). */
static struct uart_queues uart_queues[SPMSIM_UARTS] SIM_SHARED;

/* ----------------------------------------------------------- mappings */

/** Maps @p for region @w; 0, or -1 with nothing mapped. */
static int map_page(struct page *p, const struct wiring *w)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *host;

	*p = (struct page){.region = w->region};
	if (!sim_platform_mmio(w->region, &p->addr, &p->size)) {
		return -1;
	}
	p->line = sim_platform_irq(w->irq);
	if (p->line == ARCH_IRQ_NONE) {
		return -1;
	}
	p->mapped = (p->size + page - 1) / page * page;
	host = mmap(NULL, p->mapped, PROT_READ | PROT_WRITE,
	            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (host == MAP_FAILED) {
		return -1;
	}
	p->host = host;
	return 0;
}

static void unmap_all(void)
{
	for (unsigned i = 0; i < PAGES; i++) {
		if (board.pages[i].host != NULL) {
			munmap(board.pages[i].host, board.pages[i].mapped);
		}
		board.pages[i] = (struct page){0};
	}
	board.mapped = false;
}

static int map_all(void)
{
	for (unsigned i = 0; i < PAGES; i++) {
		const struct wiring *w = i < TIMERS ? &timer_wiring[i]
		                         : i < WATCHDOG_PAGE
		                                 ? &uart_wiring[i - TIMERS]
		                                 : &watchdog_wiring;

		if (map_page(&board.pages[i], w) != 0) {
			unmap_all();
			return -1;
		}
	}
	board.mapped = true;
	return 0;
}

/* ---------------------------------------------------------- lifecycle */

/** The UARTs' locks, once per process. */
static int init_uarts(void)
{
	for (unsigned i = 0; i < SPMSIM_UARTS && !board.uarts_ready; i++) {
		if (uart_dev_init(&board.uarts[i], &uart_queues[i]) != 0) {
			while (i-- > 0) {
				uart_dev_destroy(&board.uarts[i]);
			}
			return -1;
		}
	}
	board.uarts_ready = true;
	return 0;
}

int sim_devices_start(void)
{
	if (init_uarts() != 0 || (!board.mapped && map_all() != 0)) {
		return -1;
	}
	sim_devices_stop(); /* a start without a stop: no thread left over */
	board.core = pthread_self();
	for (unsigned i = 0; i < TIMERS; i++) {
		timer_dev_reset(&board.timers[i], board.pages[i].host,
		                board.pages[i].line);
	}
	for (unsigned i = 0; i < SPMSIM_UARTS; i++) {
		const struct page *p = &board.pages[TIMERS + i];

		uart_dev_reset(&board.uarts[i], p->host, p->line);
	}
	watchdog_dev_reset(&board.watchdog, board.pages[WATCHDOG_PAGE].host,
	                   board.pages[WATCHDOG_PAGE].line);
	/* The reset the watchdog asked for, if not yet taken, is this one. */
	sim_resets_request(SIM_RESETS_NONE);
	sim_attention(SIM_ATTN_DEVICES, false);
	atomic_store(&board.started, true);
	return 0;
}

void sim_devices_stop(void)
{
	if (!atomic_load(&board.started)) {
		return;
	}
	atomic_store(&board.started, false);
	for (unsigned i = 0; i < TIMERS; i++) {
		timer_dev_stop(&board.timers[i]);
	}
	for (unsigned i = 0; i < SPMSIM_UARTS; i++) {
		uart_dev_stop(&board.uarts[i]);
	}
	watchdog_dev_stop(&board.watchdog);
}

void sim_devices_release(void)
{
	sim_devices_stop();
	if (board.mapped) {
		unmap_all();
	}
	for (unsigned i = 0; i < SPMSIM_UARTS && board.uarts_ready; i++) {
		uart_dev_discard_output(&board.uarts[i]);
	}
}

void sim_devices_poll_all(void)
{
	if (!atomic_load_explicit(&board.started, memory_order_relaxed)) {
		return;
	}
	for (unsigned i = 0; i < TIMERS; i++) {
		timer_dev_poll(&board.timers[i]);
	}
	for (unsigned i = 0; i < SPMSIM_UARTS; i++) {
		uart_dev_poll(&board.uarts[i]);
	}
	watchdog_dev_poll(&board.watchdog);
}

/* ------------------------------------------------ what partitions see */

void *spmsim_platform_mmio(uint32_t addr)
{
	void *host = sim_devices_mmio(addr);

	/* A region with no device behind it: plain memory of its own, kept
	 * by the isolation HAL from boot to the next boot. */
	if (host != NULL || !spmsim_booted()) {
		return host;
	}
	return sim_isolation_mmio_at(addr);
}

void *sim_devices_mmio(uint32_t addr)
{
	void *flash = flash_dev_host(addr);

	if (flash != NULL) {
		return flash; /* non-volatile: no model to poll */
	}
	if (!atomic_load(&board.started)) {
		return NULL;
	}
	for (unsigned i = 0; i < PAGES; i++) {
		const struct page *p = &board.pages[i];

		if (addr - p->addr < p->size) {
			sim_attention(SIM_ATTN_DEVICES, true);
			return (char *)p->host + (addr - p->addr);
		}
	}
	return NULL;
}

void spmsim_cpu_relax(void)
{
	sim_devices_poll();
}

/* ------------------------------------------------- the harness's side */

void *spmsim_mmio_base(const char *name)
{
	if (name == NULL || !atomic_load(&board.started)) {
		return NULL;
	}
	for (unsigned i = 0; i < PAGES; i++) {
		if (strcmp(board.pages[i].region, name) == 0) {
			sim_attention(SIM_ATTN_DEVICES, true);
			return board.pages[i].host;
		}
	}
	return NULL;
}

/** UART @uart of a started board, or NULL. */
static struct uart_dev *started_uart(unsigned uart)
{
	if (uart >= SPMSIM_UARTS || !atomic_load(&board.started)) {
		return NULL;
	}
	sim_attention(SIM_ATTN_DEVICES, true);
	return &board.uarts[uart];
}

size_t spmsim_uart_receive(unsigned uart, const void *bytes, size_t n)
{
	struct uart_dev *u = started_uart(uart);

	if (u == NULL || bytes == NULL) {
		return 0;
	}
	return uart_dev_receive(u, bytes, n,
	                        !pthread_equal(pthread_self(), board.core));
}

int spmsim_uart_stream(unsigned uart, const void *bytes, size_t n,
                       uint64_t gap_ns)
{
	struct uart_dev *u = started_uart(uart);
	bool opened;
	int rc;

	if (u == NULL || (bytes == NULL && n > 0)) {
		return -1;
	}
	/* Non-secure test code may start one: the device is protected state,
	 * opened for the call. */
	opened = sim_protect_async_open();
	rc = n == 0 ? 0 : uart_dev_stream(u, bytes, n, gap_ns);
	sim_protect_async_close(opened);
	return rc;
}

void spmsim_uart_stream_wait(unsigned uart)
{
	if (uart < SPMSIM_UARTS && board.uarts_ready) {
		bool opened = sim_protect_async_open();

		uart_dev_stream_wait(&board.uarts[uart]);
		sim_protect_async_close(opened);
		SIM_PROTECT_NO_TAIL();
	}
}

size_t spmsim_uart_output(unsigned uart, void *buf, size_t size)
{
	if (uart >= SPMSIM_UARTS || !board.uarts_ready || buf == NULL) {
		return 0;
	}
	return uart_dev_output(&board.uarts[uart], buf, size);
}

void spmsim_uart_get_stats(unsigned uart, struct spmsim_uart_stats *out)
{
	if (uart >= SPMSIM_UARTS || !board.uarts_ready) {
		*out = (struct spmsim_uart_stats){0};
		return;
	}
	uart_dev_stats(&board.uarts[uart], out);
}
