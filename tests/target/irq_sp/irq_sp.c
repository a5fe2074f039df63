/*
 * The target stage's interrupt-driven partition (irq_sp.yaml). Its thread
 * enables both interrupts, then handles each signal: TICK (a second-level
 * handler: the SPM disabled the line and asserted the signal) is counted
 * and ended with psa_eoi(); KICK's first-level handler counts its runs at
 * interrupt time and asks for the signal, which the thread counts and
 * clears. IRQ_COUNT writes the three counts into out_vec[0].
 */
#include <stdint.h>

#include <psa/service.h>

#include "psa_manifest/irq_sp.h"

static uint32_t irq_ticks;
static uint32_t irq_kick_signals;
/* Written by the first-level handler, read by the thread. */
static volatile uint32_t irq_kick_runs;

psa_flih_result_t kick_flih(void)
{
	irq_kick_runs++;
	return PSA_FLIH_SIGNAL;
}

static void irq_count(void)
{
	psa_msg_t msg;
	uint32_t counts[3];

	if (psa_get(IRQ_COUNT_SIGNAL, &msg) != PSA_SUCCESS) {
		return;
	}
	counts[0] = irq_ticks;
	counts[1] = irq_kick_runs;
	counts[2] = irq_kick_signals;
	if (msg.out_size[0] >= sizeof(counts)) {
		psa_write(msg.handle, 0, counts, sizeof(counts));
	}
	psa_reply(msg.handle, PSA_SUCCESS);
}

void irq_sp_main(void)
{
	psa_irq_enable(TICK_SIGNAL);
	psa_irq_enable(KICK_SIGNAL);
	for (;;) {
		psa_signal_t s =
		        psa_wait(IRQ_COUNT_SIGNAL | TICK_SIGNAL | KICK_SIGNAL,
		                 PSA_BLOCK);

		if ((s & TICK_SIGNAL) != 0) {
			irq_ticks++;
			psa_eoi(TICK_SIGNAL);
		}
		if ((s & KICK_SIGNAL) != 0) {
			irq_kick_signals++;
			psa_reset_signal(KICK_SIGNAL);
		}
		if ((s & IRQ_COUNT_SIGNAL) != 0) {
			irq_count();
		}
	}
}
