/*
 * The simulated platform's names: the interrupts (and, with the MPU model,
 * the MMIO regions) that manifests may name instead of giving numbers. The
 * TF-M names are those of the Arm MPS2 AN521 platform, so TF-M's own test
 * partitions find their timer.
 */
#include <string.h>

#include "arch.h"
#include "irq_sim.h"

struct platform_irq {
	const char *name;
	uint32_t line;
};

static const struct platform_irq platform_irqs[] = {
	{"TFM_TIMER0_IRQ", 3},      {"TFM_TIMER1_IRQ", 4},
	{"TFM_DUALTIMER_IRQ", 5},   {"SPMSIM_TIMER0_IRQ", 32},
	{"SPMSIM_UART0_RX_IRQ", 33}, {"SPMSIM_TIMER1_IRQ", 34},
	{"SPMSIM_UART1_RX_IRQ", 35},
};

uint32_t sim_platform_irq(const char *name)
{
	for (size_t i = 0; i < sizeof(platform_irqs) / sizeof(platform_irqs[0]);
	     i++) {
		if (strcmp(platform_irqs[i].name, name) == 0) {
			return platform_irqs[i].line;
		}
	}
	return ARCH_IRQ_NONE;
}
