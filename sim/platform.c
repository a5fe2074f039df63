/*
 * The simulated platform's names: the interrupts and MMIO regions that
 * manifests may name instead of giving numbers. The board's own
 * (platform_names.c) come first, then the project's, which the manifest
 * compiler checked and wrote into the system's generated
 * sim_memory_table.c from its platform file; a program built without one
 * links the empty tables below.
 */
#include <string.h>

#include "arch.h"
#include "devices/devices.h"
#include "irq_sim.h"
#include "platform_names.h"

const struct sim_platform_irq spmsim_platform_irqs[]
        __attribute__((weak)) = {{NULL, 0}};
const struct sim_platform_region spmsim_platform_regions[]
        __attribute__((weak)) = {{NULL, 0, 0}};

/** The entry of @name in NULL-terminated @t, or NULL. */
static const struct sim_platform_irq *
find_irq(const struct sim_platform_irq *t, const char *name)
{
	for (; t->name != NULL; t++) {
		if (strcmp(t->name, name) == 0) {
			return t;
		}
	}
	return NULL;
}

static const struct sim_platform_region *
find_region(const struct sim_platform_region *t, const char *name)
{
	for (; t->name != NULL; t++) {
		if (strcmp(t->name, name) == 0) {
			return t;
		}
	}
	return NULL;
}

uint32_t sim_platform_irq(const char *name)
{
	const struct sim_platform_irq *e =
	        find_irq(sim_platform_builtin_irqs, name);

	if (e == NULL) {
		e = find_irq(spmsim_platform_irqs, name);
	}
	return e != NULL ? e->line : ARCH_IRQ_NONE;
}

bool sim_platform_mmio(const char *name, uint32_t *addr, uint32_t *size)
{
	const struct sim_platform_region *e =
	        find_region(sim_platform_builtin_regions, name);

	if (e == NULL) {
		e = find_region(spmsim_platform_regions, name);
	}
	if (e == NULL) {
		return false;
	}
	*addr = e->addr;
	*size = e->size;
	return true;
}
