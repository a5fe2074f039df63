/*
 * The target stage's interrupt-driven partition (irq_sp.yaml). Its thread
 * enables both interrupts, then handles each signal: TICK (a second-level
 * handler: the SPM disabled the line and asserted the signal) is counted
 * and ended with psa_eoi(); KICK's first-level handler counts its runs at
 * interrupt time and asks for the signal, which the thread counts and
 * clears. IRQ_COUNT writes the three counts into out_vec[0]. PROBE's
 * first-level handler does what IRQ_PROBE last asked (irq_sp_api.h).
 */
#include <stdint.h>

#include <psa/service.h>

#include "psa_manifest/irq_sp.h"

#include "irq_sp_api.h"

static uint32_t irq_ticks;
static uint32_t irq_kick_signals;
/* Written by the first-level handler, read by the thread. */
static volatile uint32_t irq_kick_runs;

psa_flih_result_t kick_flih(void)
{
	irq_kick_runs++;
	return PSA_FLIH_SIGNAL;
}

/* Set by IRQ_PROBE, read by PROBE's first-level handler. */
static volatile int32_t probe_action;
static volatile uintptr_t probe_address;
static volatile uint32_t probe_counts[3];

/** The Secure MPU's control register, rewritten with its own value. */
static void probe_mpu(void)
{
#if defined(__ARM_ARCH_8M_MAIN__)
	volatile uint32_t *mpu_ctrl = (volatile uint32_t *)0xE000ED94u;

	*mpu_ctrl = *mpu_ctrl;
#else
	/* The host has no MPU registers in the partition's address space. */
	probe_counts[2] = IRQ_PROBE_HOST;
#endif
}

psa_flih_result_t probe_flih(void)
{
	probe_counts[0]++;
	if (probe_action == IRQ_PROBE_ACT_WRITE) {
		*(volatile uint8_t *)probe_address = 0x5A;
	} else if (probe_action == IRQ_PROBE_ACT_MPU) {
		probe_mpu();
	} else if (probe_action == IRQ_PROBE_ACT_BAD_RESULT) {
		return (psa_flih_result_t)7;
	} else if (probe_action == IRQ_PROBE_ACT_PSA_CALL) {
#if !defined(__ARM_ARCH_8M_MAIN__)
		probe_counts[2] = IRQ_PROBE_HOST;
#endif
		psa_irq_enable(PROBE_SIGNAL);
	}
	return PSA_FLIH_SIGNAL;
}

static void irq_probe(void)
{
	psa_msg_t msg;
	uint64_t address = 0;
	uint32_t counts[3];

	if (psa_get(IRQ_PROBE_SIGNAL, &msg) != PSA_SUCCESS) {
		return;
	}
	if (msg.type == IRQ_PROBE_QUERY) {
		for (int i = 0; i < 3; i++) {
			counts[i] = probe_counts[i];
		}
		if (msg.out_size[0] >= sizeof(counts)) {
			psa_write(msg.handle, 0, counts, sizeof(counts));
		}
	} else {
		(void)psa_read(msg.handle, 0, &address, sizeof(address));
		for (int i = 0; i < 3; i++) {
			probe_counts[i] = 0;
		}
		probe_address = (uintptr_t)address;
		probe_action = msg.type;
	}
	psa_reply(msg.handle, PSA_SUCCESS);
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
	psa_irq_enable(PROBE_SIGNAL);
	for (;;) {
		psa_signal_t s =
		        psa_wait(IRQ_COUNT_SIGNAL | TICK_SIGNAL | KICK_SIGNAL |
		                         IRQ_PROBE_SIGNAL | PROBE_SIGNAL,
		                 PSA_BLOCK);

		if ((s & TICK_SIGNAL) != 0) {
			irq_ticks++;
			psa_eoi(TICK_SIGNAL);
		}
		if ((s & KICK_SIGNAL) != 0) {
			irq_kick_signals++;
			psa_reset_signal(KICK_SIGNAL);
		}
		if ((s & PROBE_SIGNAL) != 0) {
			probe_counts[1]++;
			psa_reset_signal(PROBE_SIGNAL);
		}
		if ((s & IRQ_COUNT_SIGNAL) != 0) {
			irq_count();
		}
		if ((s & IRQ_PROBE_SIGNAL) != 0) {
			irq_probe();
		}
	}
}
