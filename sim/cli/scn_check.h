/*
 * Checking a parsed scenario against the build: which manifest lists it was
 * built with, which partitions, services and interrupts each backend's load
 * table has, and which simulator features exist. A scenario that names
 * something the build does not have, or that needs a feature it lacks, is
 * refused here, before anything boots. What survives is the set of backends
 * and isolation levels the scenario can run under.
 */
#ifndef SCN_CHECK_H
#define SCN_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "load_table.h"
#include "scenario.h"

/** What the spmsim binary was built with. */
struct scn_build {
	/** Every partition (IPC backend) and the SFN-model ones (SFN). */
	const struct spm_load_table *ipc;
	const struct spm_load_table *sfn;
	/** The manifest lists, absolute paths, NULL-terminated. */
	const char *const *lists;
	/** SCN_NEEDS_* features this build has. */
	unsigned features;
	/** spmsim's own lists the build left out (SPMSIM_SAMPLES=no), likewise.
	 */
	const char *const *left_out;
};

/**
 * Resolves every name of @s against @b and keeps in s->backends only the
 * backends that have them all (s->levels: only levels some backend runs).
 * False with the error in @d when nothing could run, or when something is
 * wrong whatever the backend.
 */
bool scn_check(struct scenario *s, const struct scn_build *b,
               struct scn_diag *d);

/** The levels @s runs at under @backend (SCN_BACKEND_*), as a bit set. */
unsigned scn_levels(const struct scenario *s, unsigned backend);

/** The service called @name in @t, with its partition in @part; or NULL. */
const struct spm_service_desc *
scn_find_service(const struct spm_load_table *t, const char *name,
                 const struct spm_partition_desc **part);

const struct spm_partition_desc *
scn_find_partition(const struct spm_load_table *t, const char *name);

/**
 * The interrupt line of @name in @t: a platform source name, a manifest
 * IRQ name (TIMER0, or its signal TIMER0_SIGNAL) or a line number, owned by
 * a partition of @t. False when no partition owns it.
 */
bool scn_find_irq(const struct spm_load_table *t, const char *name,
                  uint32_t *line);

/** The mailbox agent partition of @t (ns_agent, a doorbell), or NULL. */
const struct spm_partition_desc *
scn_mailbox_agent(const struct spm_load_table *t);

/** The handle a stateless service is called with. */
int32_t scn_stateless_handle(const struct spm_service_desc *svc);

#endif /* SCN_CHECK_H */
