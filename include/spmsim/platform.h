/*
 * The simulated board's devices, as partition code sees them: where their
 * registers are and what the registers mean. A TF-M partition includes its
 * board's device header the same way; this one is plain C99 so a driver
 * written against it builds for a board whose header gives the same names.
 *
 * Each device is a page of registers at a fixed address of the board's
 * 32-bit address space (its manifest MMIO region). On a board,
 * SPMSIM_<DEV>_BASE would be that constant; on the host it is where the
 * simulator mapped the page, which is why the *_BASE names are macros: they
 * stand for addresses, as in every CMSIS device header.
 *
 * The devices see a store at the next interrupt point (any psa_* call, a
 * scheduling decision, the idle loop) or spmsim_cpu_relax(); that is the only
 * rule a driver must know:
 *
 * - Configuration registers (CTRL, LOAD) are compared with their last value,
 *   so what counts is the value at the point, not each store before it.
 * - Command bits and registers (the timer's START, the UART's TX) are taken
 *   by the device, which then clears them (TX reads TX_EMPTY): writing the
 *   same value twice is two commands.
 * - A loop that waits for a device must call spmsim_cpu_relax() each time
 *   round, or it never sees the device move.
 */
#ifndef SPMSIM_PLATFORM_H
#define SPMSIM_PLATFORM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------- the memory map */

/** Each device's register page; the manifest MMIO regions have this size. */
#define SPMSIM_DEVICE_SIZE 0x1000u

#define SPMSIM_TIMER0_ADDR   0x40100000u /* region SPMSIM_TIMER0 */
#define SPMSIM_UART0_ADDR    0x40101000u /* region SPMSIM_UART0 */
#define SPMSIM_TIMER1_ADDR   0x40102000u /* region SPMSIM_TIMER1 */
#define SPMSIM_UART1_ADDR    0x40103000u /* region SPMSIM_UART1 */
#define SPMSIM_WATCHDOG_ADDR 0x40104000u /* region SPMSIM_WATCHDOG */
#define SPMSIM_FLASH0_ADDR   0x40200000u /* region SPMSIM_FLASH0 */

/**
 * The host address of board address @addr inside a device's page or inside
 * any MMIO region a partition of the booted system declares (a region with
 * no device model behind it is plain memory of its own), or NULL when none
 * is there or no system is booted.
 */
void *spmsim_platform_mmio(uint32_t addr);

/**
 * The host address of the start of MMIO region @name (as the manifest
 * names it: a built-in name or one from the project's platform file) of
 * partition @partition (its manifest name) in the booted system; NULL when
 * no system is booted, there is no such partition, or its manifest names
 * no such region. Numeric regions (base and size) have no name: find them
 * with spmsim_partition_mmio_by_index().
 */
void *spmsim_partition_mmio(const char *partition, const char *name);

/**
 * The host address of the start of MMIO region @index (0 for the first, in
 * manifest order, named or numeric) of partition @partition; NULL when no
 * system is booted, there is no such partition or region.
 */
void *spmsim_partition_mmio_by_index(const char *partition, unsigned index);

/**
 * Lets the devices see the core's stores and move on, in a loop on the core
 * that waits for one (a board would spin or WFE here). Takes no interrupt.
 */
void spmsim_cpu_relax(void);

#define SPMSIM_TIMER0_BASE ((uintptr_t)spmsim_platform_mmio(SPMSIM_TIMER0_ADDR))
#define SPMSIM_UART0_BASE  ((uintptr_t)spmsim_platform_mmio(SPMSIM_UART0_ADDR))
#define SPMSIM_TIMER1_BASE ((uintptr_t)spmsim_platform_mmio(SPMSIM_TIMER1_ADDR))
#define SPMSIM_UART1_BASE  ((uintptr_t)spmsim_platform_mmio(SPMSIM_UART1_ADDR))

#define SPMSIM_TIMER0      ((struct spmsim_timer_regs *)SPMSIM_TIMER0_BASE)
#define SPMSIM_UART0       ((struct spmsim_uart_regs *)SPMSIM_UART0_BASE)
#define SPMSIM_TIMER1      ((struct spmsim_timer_regs *)SPMSIM_TIMER1_BASE)
#define SPMSIM_UART1       ((struct spmsim_uart_regs *)SPMSIM_UART1_BASE)
#define SPMSIM_FLASH0_BASE ((uintptr_t)spmsim_platform_mmio(SPMSIM_FLASH0_ADDR))
#define SPMSIM_WATCHDOG_BASE                                                   \
	((uintptr_t)spmsim_platform_mmio(SPMSIM_WATCHDOG_ADDR))
#define SPMSIM_WATCHDOG ((struct spmsim_watchdog_regs *)SPMSIM_WATCHDOG_BASE)

/* ---------------------------------------------------------------- timer
 *
 * A down-counter clocked at SPMSIM_TIMER_HZ that raises its interrupt each
 * time it reaches zero, then counts LOAD ticks again, or stops there
 * (ONESHOT). The interrupt is a pulse per expiry; expiries while the line is
 * still pending merge, as on an NVIC. A count starts when ENABLE is set,
 * with the START command, or when LOAD or ONESHOT change while enabled;
 * clearing ENABLE stops it. Interrupts: SPMSIM_TIMER0_IRQ, SPMSIM_TIMER1_IRQ.
 */

#define SPMSIM_TIMER_HZ 1000000u

struct spmsim_timer_regs {
	/** 0x00 ENABLE, ONESHOT, START. */
	volatile uint32_t ctrl;
	/** 0x04 Ticks per count; 0 counts nothing. */
	volatile uint32_t load;
	/** 0x08 Read-only: ticks left in the count, as of the last point. */
	volatile uint32_t value;
};

/** Counting. */
#define SPMSIM_TIMER_CTRL_ENABLE  0x1u
/** Stop at the first expiry (VALUE stays 0) instead of counting again. */
#define SPMSIM_TIMER_CTRL_ONESHOT 0x2u
/** Command: start a new count of LOAD ticks now (re-arms a one-shot). */
#define SPMSIM_TIMER_CTRL_START   0x4u

/* ----------------------------------------------------------------- UART
 *
 * A byte-wide serial port. Receive: the device puts the next byte received
 * in DATA, sets STATUS.RX_READY and, with CTRL.RX_INTEN, raises its RX
 * interrupt (SPMSIM_UART0_RX_IRQ, SPMSIM_UART1_RX_IRQ); it holds further
 * bytes until the driver clears RX_READY after reading DATA. A handler must
 * check RX_READY: an interrupt can come with nothing to read. Transmit:
 * write a byte to TX; TX reads TX_EMPTY once the device has sent it.
 */

struct spmsim_uart_regs {
	/** 0x00 Read-only: the byte received, valid while RX_READY is set. */
	volatile uint32_t data;
	/** 0x04 RX_READY; the driver clears it (writes 0) to take the byte. */
	volatile uint32_t status;
	/** 0x08 Write a byte (0..255) to send it; reads TX_EMPTY when sent. */
	volatile uint32_t tx;
	/** 0x0C RX_EN, RX_INTEN. */
	volatile uint32_t ctrl;
};

#define SPMSIM_UART_STATUS_RX_READY 0x1u
#define SPMSIM_UART_TX_EMPTY        0x100u
/** Receive: bytes arrive in DATA (held back while clear). */
#define SPMSIM_UART_CTRL_RX_EN      0x1u
/** Raise the RX interrupt for each byte put in DATA. */
#define SPMSIM_UART_CTRL_RX_INTEN   0x2u

/* ------------------------------------------------------------- watchdog
 *
 * The CMSDK APB watchdog of the Arm MPS2/MPS3 boards (AN505, AN521), at
 * SPMSIM_WATCHDOG_HZ. Setting CTRL.INTEN loads the counter from LOAD and
 * starts it; clearing it stops it. Each time the counter reaches zero it
 * reloads from LOAD and counts again: the first time it sets RIS and
 * raises SPMSIM_WATCHDOG_IRQ; if it reaches zero again with RIS still set
 * and CTRL.RESEN set, the system resets (spmsim_last_reset() says
 * SPMSIM_RESET_WATCHDOG; no panic is recorded). A driver kicks it by
 * writing INTCLR (clears RIS, reloads the counter) or a new LOAD (reloads
 * the counter). While locked (LOCK reads 1) the device ignores stores to
 * LOAD, CTRL and INTCLR (they read back their old values); writing
 * SPMSIM_WATCHDOG_UNLOCK to LOCK unlocks it, any other value locks it.
 *
 * Like every register, these count at interrupt points (see the top of
 * this file). So that a store of any value is seen, the device leaves
 * LOCK and INTCLR with SPMSIM_WATCHDOG_MARK set (bit 31, reserved on the
 * board: test LOCK's bit 0, as drivers do). A LOAD store of the value LOAD
 * holds is not seen, so it does not kick: kick with INTCLR. LOCK counts
 * first at a point: stores of the same stretch (between two points) to
 * LOAD, CTRL or INTCLR go through when the device was unlocked at its
 * start or LOCK was written in it (unlock, write, lock), and are undone
 * otherwise. The device, too, acts at interrupt points only: the count
 * after the first expiry starts at the point that sees it (so a host that
 * leaves the core unscheduled for a while makes one late interrupt, not a
 * reset), and a core that spins without a point is caught by
 * spmsim_watchdog(), not by this device.
 */

#define SPMSIM_WATCHDOG_HZ     1000000u
/** The LOCK value that unlocks the registers. */
#define SPMSIM_WATCHDOG_UNLOCK 0x1ACCE551u

struct spmsim_watchdog_regs {
	/** 0x000 The count the counter starts from; 0 holds it stopped. */
	volatile uint32_t load;
	/** 0x004 Read-only: ticks left, as of the last point. */
	volatile uint32_t value;
	/** 0x008 INTEN, RESEN. */
	volatile uint32_t ctrl;
	/** 0x00C Write-only command: any value clears RIS and reloads the
	 *  counter; the device then leaves SPMSIM_WATCHDOG_MARK there. */
	volatile uint32_t intclr;
	/** 0x010 Read-only: bit 0, the counter expired (raw interrupt). */
	volatile uint32_t ris;
	/** 0x014 Read-only: RIS & CTRL.INTEN. */
	volatile uint32_t mis;
	uint32_t reserved[0x2FA];
	/** 0xC00 Write SPMSIM_WATCHDOG_UNLOCK to unlock, any other value to
	 *  lock; bit 0 (SPMSIM_WATCHDOG_LOCKED) reads 1 while locked. */
	volatile uint32_t lock;
};

/** LOCK bit 0: stores to the other registers are ignored. */
#define SPMSIM_WATCHDOG_LOCKED 0x1u
/** Set by the device in LOCK and INTCLR, so that it sees the next store. */
#define SPMSIM_WATCHDOG_MARK   0x80000000u

/** Count, and raise the interrupt at the first expiry. */
#define SPMSIM_WATCHDOG_CTRL_INTEN 0x1u
/** Reset at an expiry while the interrupt is still set. */
#define SPMSIM_WATCHDOG_CTRL_RESEN 0x2u

/* ---------------------------------------------------------------- flash
 *
 * Non-volatile memory: SPMSIM_FLASH0_SIZE bytes, read and programmed with
 * plain loads and stores, that keep their contents across every reset (and
 * across processes when the harness backs them with a file). Erased bytes
 * read SPMSIM_FLASH_ERASED. An aligned 32-bit store is atomic: a reset falls
 * before or after it, never inside; a multi-word update is not, so a driver
 * that must survive a reset commits with one word written last.
 */

#define SPMSIM_FLASH0_SIZE  0x10000u
#define SPMSIM_FLASH_ERASED 0xFFu

#ifdef __cplusplus
}
#endif

#endif /* SPMSIM_PLATFORM_H */
