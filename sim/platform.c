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
#include "isolation.h"
#include "platform_names.h"
#include "spm.h"
#include "spmsim/platform.h"
#include "spmsim/spmsim.h"

const struct sim_platform_irq spmsim_platform_irqs[]
        __attribute__((weak)) = {{NULL, 0}};
const struct sim_platform_region spmsim_platform_regions[]
        __attribute__((weak)) = {{NULL, 0, 0}};

/** The entry of @name in NULL-terminated @t, or NULL. */
static const struct sim_platform_irq *find_irq(const struct sim_platform_irq *t,
                                               const char *name)
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

/* ------------------------------------- a partition's regions, by name */

/** The booted partition named @name, or NULL. */
static const struct spm_partition *booted_partition(const char *name)
{
	const struct spm *s = spm_sys();

	if (name == NULL || !spmsim_booted()) {
		return NULL;
	}
	for (uint32_t i = 0; i < s->n_partitions; i++) {
		if (s->partitions[i].desc != NULL &&
		    strcmp(s->partitions[i].name, name) == 0) {
			return &s->partitions[i];
		}
	}
	return NULL;
}

/** The host memory behind the start of region @m, or NULL. */
static void *region_host(const struct spm_mmio_desc *m)
{
	uint32_t base = m->base, size;
	void *host;

	if (m->name != NULL && !sim_platform_mmio(m->name, &base, &size)) {
		return NULL;
	}
	host = sim_devices_mmio(base);
	return host != NULL ? host : sim_isolation_mmio_at(base);
}

void *spmsim_partition_mmio(const char *partition, const char *name)
{
	const struct spm_partition *p = booted_partition(partition);

	for (uint32_t i = 0; p != NULL && name != NULL && i < p->desc->n_mmio;
	     i++) {
		const struct spm_mmio_desc *m = &p->desc->mmio[i];

		if (m->name != NULL && strcmp(m->name, name) == 0) {
			return region_host(m);
		}
	}
	return NULL;
}

void *spmsim_partition_mmio_by_index(const char *partition, unsigned index)
{
	const struct spm_partition *p = booted_partition(partition);

	if (p == NULL || index >= p->desc->n_mmio) {
		return NULL;
	}
	return region_host(&p->desc->mmio[index]);
}
