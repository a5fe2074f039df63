/*
 * Secure interrupts: which partition owns each interrupt line, and what
 * happens when one is taken (FF-M 1.1 "Interrupts").
 *
 *   SLIH  the line is disabled and the partition's signal asserted; the
 *         partition handles it in thread mode and calls psa_eoi().
 *   FLIH  <name>_flih() runs at once, in interrupt context, as its
 *         partition; the signal is asserted only if it returns
 *         PSA_FLIH_SIGNAL.
 */
#ifndef SPM_IRQ_H
#define SPM_IRQ_H

#include <stddef.h>
#include <stdint.h>

#include "spm.h"

/** The most interrupt lines the SPM routes; a build may set it (-D). */
#ifndef SPM_MAX_IRQ_LINES
#define SPM_MAX_IRQ_LINES 256u
#endif

/**
 * Resolves every partition's IRQ sources to lines and sets their initial
 * enable state (FF-M 1.0 enabled, 1.1 disabled). Returns 0, or -1 with the
 * reason in @why (an unknown source, a line used twice).
 */
int spm_irq_init(char *why, size_t why_size);

/** The line of IRQ @idx of @p. */
uint32_t spm_irq_line_of(const struct spm_partition *p, uint32_t idx);

/** Called by the architecture for each interrupt it takes. */
void spm_irq_handler(uint32_t line);

/** Nesting depth of the handlers running now; owned by irq.c. */
extern uint32_t spm_irq_depth;

/**
 * True while an interrupt handler runs (no thread switch then). Inline:
 * every blocking PSA call and every scheduling decision asks.
 */
static inline bool spm_in_interrupt(void)
{
	return spm_irq_depth > 0;
}

#endif /* SPM_IRQ_H */
