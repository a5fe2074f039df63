/*
 * The simulated platform's names: the interrupts (and, with the MPU model,
 * the MMIO regions) that manifests may name instead of giving numbers. The
 * TF-M names are those of the Arm MPS2 AN521 platform, so TF-M's own test
 * partitions find their timer.
 */
#include <string.h>

#include "arch.h"
#include "devices/devices.h"
#include "irq_sim.h"
#include "spmsim/platform.h"

struct platform_irq {
	const char *name;
	uint32_t line;
};

static const struct platform_irq platform_irqs[] = {
        {"TFM_TIMER0_IRQ", 3},       {"TFM_TIMER1_IRQ", 4},
        {"TFM_DUALTIMER_IRQ", 5},    {"SPMSIM_TIMER0_IRQ", 32},
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

/* spmsim devices: the MMIO regions manifests may name (devices.c puts a
 * device model behind each; the addresses are in <spmsim/platform.h>). */
struct platform_mmio {
	const char *name;
	uint32_t addr;
	uint32_t size;
};

static const struct platform_mmio platform_mmios[] = {
        {"SPMSIM_TIMER0", SPMSIM_TIMER0_ADDR, SPMSIM_DEVICE_SIZE},
        {"SPMSIM_UART0", SPMSIM_UART0_ADDR, SPMSIM_DEVICE_SIZE},
        {"SPMSIM_TIMER1", SPMSIM_TIMER1_ADDR, SPMSIM_DEVICE_SIZE},
        {"SPMSIM_UART1", SPMSIM_UART1_ADDR, SPMSIM_DEVICE_SIZE},
        {"SPMSIM_FLASH0", SPMSIM_FLASH0_ADDR, SPMSIM_FLASH0_SIZE},
};

bool sim_platform_mmio(const char *name, uint32_t *addr, uint32_t *size)
{
	for (size_t i = 0;
	     i < sizeof(platform_mmios) / sizeof(platform_mmios[0]); i++) {
		if (strcmp(platform_mmios[i].name, name) == 0) {
			*addr = platform_mmios[i].addr;
			*size = platform_mmios[i].size;
			return true;
		}
	}
	return false;
}
