/*
 * The simulated board's platform names: the interrupt lines and MMIO
 * regions manifests may name instead of giving numbers. Built into both the
 * simulator (platform.c resolves names at boot) and the manifest compiler
 * (which refuses a name that is neither here nor in the project's platform
 * file), so the two cannot disagree. Plain data, no host headers.
 */
#ifndef SIM_PLATFORM_NAMES_H
#define SIM_PLATFORM_NAMES_H

#include <stdint.h>

/** A named interrupt line. */
struct sim_platform_irq {
	const char *name;
	uint32_t line;
};

/** A named MMIO region: its board address and size. */
struct sim_platform_region {
	const char *name;
	uint32_t addr;
	uint32_t size;
};

/** Lines a platform may name: 0 .. SIM_PLATFORM_IRQ_LINES - 1 (the
 * simulated interrupt controller's, SPM_MAX_IRQ_LINES). */
#define SIM_PLATFORM_IRQ_LINES 256u

/** The window of board addresses MMIO regions live in (isolation.c keeps
 * the slack of sub-page regions above it). */
#define SIM_PLATFORM_MMIO_FIRST 0x40000000u
#define SIM_PLATFORM_MMIO_END   0x5F000000u

/** The board's own names; each table ends with a NULL name. */
extern const struct sim_platform_irq sim_platform_builtin_irqs[];
extern const struct sim_platform_region sim_platform_builtin_regions[];

/**
 * The project's names (its platform file, which spm-manifest writes into
 * each system's sim_memory_table.c); empty when the build has none. Each
 * table ends with a NULL name.
 */
extern const struct sim_platform_irq spmsim_platform_irqs[];
extern const struct sim_platform_region spmsim_platform_regions[];

#endif /* SIM_PLATFORM_NAMES_H */
