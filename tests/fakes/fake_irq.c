/*
 * The fake interrupt controller (see fake_irq.h): lines are enabled and
 * pended by hand, and taken only at the interrupt points.
 */
#include "fake_irq.h"

#include <string.h>

struct fake_irq fake_irq;

void fake_irq_reset(void)
{
	fake_irq = (struct fake_irq){.last_enabled = ARCH_IRQ_NONE,
	                             .last_disabled = ARCH_IRQ_NONE};
}

void fake_irq_raise(uint32_t line)
{
	if (line < FAKE_IRQ_LINES) {
		fake_irq.pending[line] = true;
	}
}

uint32_t arch_irq_line(const char *name, uint32_t number)
{
	if (name == NULL) {
		return number < FAKE_IRQ_LINES ? number : ARCH_IRQ_NONE;
	}
	for (const struct fake_irq_name *n = fake_irq.names;
	     n != NULL && n->name != NULL; n++) {
		if (strcmp(n->name, name) == 0) {
			return n->line;
		}
	}
	return ARCH_IRQ_NONE;
}

void arch_irq_enable(uint32_t line)
{
	fake_irq.enables++;
	fake_irq.last_enabled = line;
	if (line < FAKE_IRQ_LINES) {
		fake_irq.enabled[line] = true;
	}
}

void arch_irq_disable(uint32_t line)
{
	fake_irq.disables++;
	fake_irq.last_disabled = line;
	if (line < FAKE_IRQ_LINES) {
		fake_irq.enabled[line] = false;
	}
}

uint32_t arch_irq_lock(void)
{
	uint32_t was = fake_irq.locked;

	fake_irq.locks++;
	fake_irq.locked = true;
	return was;
}

void arch_irq_unlock(uint32_t key)
{
	fake_irq.locked = key != 0;
}

/* Every point reaches the fake, which counts them. */
unsigned arch_attention = 1;

unsigned arch_interrupt_point_slow(void)
{
	unsigned taken = 0;

	fake_irq.points++;
	if (fake_irq.locked) {
		return 0;
	}
	for (uint32_t line = 0; line < FAKE_IRQ_LINES; line++) {
		if (!fake_irq.pending[line] || !fake_irq.enabled[line]) {
			continue;
		}
		fake_irq.pending[line] = false;
		fake_irq.taken++;
		taken++;
		if (fake_irq.take != NULL) {
			fake_irq.take(line);
		}
	}
	return taken;
}

bool arch_idle(void)
{
	fake_irq.idles++;
	if (fake_irq.on_idle == NULL) {
		return false;
	}
	fake_irq.on_idle();
	return arch_interrupt_point() > 0;
}
