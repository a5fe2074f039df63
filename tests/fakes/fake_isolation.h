/*
 * A fake of the isolation half of the architecture interface
 * (spm_core/arch.h: arch_isolation_*) for unit tests.
 *
 * How it works. Boundary values are index + 1 (the non-secure side's too),
 * so every partition's differs and none is 0. A switch is needed whenever
 * the two boundaries differ. The memory check passes size 0, fails a null
 * base or a range that wraps, and fails any range touching the region a
 * test denies (deny_base, deny_size) for the access bits in deny_access;
 * every check is recorded. init() and bind() fail on request.
 */
#ifndef FAKE_ISOLATION_H
#define FAKE_ISOLATION_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"

/** bind_fail_index when no bind fails. */
#define FAKE_ISOLATION_NO_FAIL 0xFFFFFFFFu

struct fake_isolation {
	unsigned inits, binds, stacks, activations, checks;
	/** Hand-overs to partition code and back (arch_isolation_*_spm). */
	unsigned spm_leaves, spm_entries;
	unsigned level;
	unsigned mpu_regions;
	const struct spm_load_table *table;
	/** What init() returns. */
	int init_result;
	/** The table index whose bind() fails. */
	uint32_t bind_fail_index;
	uintptr_t last_activated;
	/** The last memory check. */
	uintptr_t check_boundary;
	const void *check_base;
	size_t check_size;
	uint32_t check_access;
	/** Memory the check refuses for the ARCH_MEM_* bits in deny_access. */
	const void *deny_base;
	size_t deny_size;
	uint32_t deny_access;
};

extern struct fake_isolation fake_isolation;

/** Forgets every record; every check passes (but null and wrapping). */
void fake_isolation_reset(void);

#endif /* FAKE_ISOLATION_H */
