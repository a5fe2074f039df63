/*
 * A fake of the interrupt half of the architecture interface
 * (spm_core/arch.h: arch_irq_*, arch_interrupt_point, arch_idle) for unit
 * tests, so that a test decides when an interrupt arrives.
 *
 * How it works. A test marks lines pending with fake_irq_raise(). The next
 * arch_interrupt_point() (every SPM entry, every IPC scheduling decision)
 * takes each pending line that is enabled, lowest line first, unless a
 * critical section is open: it clears the line's pending bit and passes it
 * to fake_irq.take (a test sets spm_irq_handler there; NULL only counts).
 * arch_idle() calls fake_irq.on_idle when set (which may raise lines), then
 * reports whether it took anything; without the hook nothing can ever come,
 * so it returns false. Lines are named with fake_irq.names.
 */
#ifndef FAKE_IRQ_H
#define FAKE_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"

#define FAKE_IRQ_LINES 256u

/** A platform interrupt name arch_irq_line() resolves. */
struct fake_irq_name {
	const char *name;
	uint32_t line;
};

struct fake_irq {
	bool enabled[FAKE_IRQ_LINES];
	bool pending[FAKE_IRQ_LINES];
	bool locked;
	unsigned enables, disables, locks, points, idles, taken;
	uint32_t last_enabled, last_disabled;
	/** Receives each line taken. */
	void (*take)(uint32_t line);
	/** Called by arch_idle() before it looks for pending lines. */
	void (*on_idle)(void);
	/** Names arch_irq_line() knows, ended by a NULL name. */
	const struct fake_irq_name *names;
};

extern struct fake_irq fake_irq;

/** Forgets every record: all lines disabled, none pending, no hooks. */
void fake_irq_reset(void);

/** Marks @line pending (taken at the next interrupt point if enabled). */
void fake_irq_raise(uint32_t line);

#endif /* FAKE_IRQ_H */
