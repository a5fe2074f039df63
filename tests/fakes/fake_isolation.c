/*
 * The fake isolation hardware (see fake_isolation.h).
 */
#include "fake_isolation.h"

#include <stdio.h>

struct fake_isolation fake_isolation;

void fake_isolation_reset(void)
{
	fake_isolation = (struct fake_isolation){
	        .bind_fail_index = FAKE_ISOLATION_NO_FAIL};
}

int arch_isolation_init(unsigned level, unsigned mpu_regions,
                        const struct spm_load_table *table, char *why,
                        size_t why_size)
{
	fake_isolation.inits++;
	fake_isolation.level = level;
	fake_isolation.mpu_regions = mpu_regions;
	fake_isolation.table = table;
	if (fake_isolation.init_result != 0) {
		snprintf(why, why_size, "fake isolation: level %u refused",
		         level);
	}
	return fake_isolation.init_result;
}

int arch_isolation_bind(const struct spm_partition_desc *desc, uint32_t index,
                        uintptr_t *boundary, char *why, size_t why_size)
{
	(void)desc;
	fake_isolation.binds++;
	if (index == fake_isolation.bind_fail_index) {
		snprintf(why, why_size, "fake isolation: cannot bind %u",
		         (unsigned)index);
		return -1;
	}
	*boundary = (uintptr_t)index + 1u;
	return 0;
}

void arch_isolation_add_stack(uintptr_t boundary,
                              const struct arch_context *ctx)
{
	(void)boundary;
	(void)ctx;
	fake_isolation.stacks++;
}

bool arch_isolation_switch_needed(uintptr_t from, uintptr_t to)
{
	return from != to;
}

void arch_isolation_activate(uintptr_t boundary)
{
	fake_isolation.activations++;
	fake_isolation.last_activated = boundary;
}

void arch_run_entry(void (*entry)(void))
{
	fake_isolation.spm_leaves++;
	entry();
	fake_isolation.spm_entries++;
}

psa_status_t arch_run_init(psa_status_t (*init)(void))
{
	psa_status_t status;

	fake_isolation.spm_leaves++;
	status = init();
	fake_isolation.spm_entries++;
	return status;
}

psa_status_t arch_run_sfn(psa_status_t (*sfn)(const psa_msg_t *msg),
                          const psa_msg_t *msg)
{
	psa_status_t status;

	fake_isolation.spm_leaves++;
	status = sfn(msg);
	fake_isolation.spm_entries++;
	return status;
}

psa_flih_result_t arch_run_flih(psa_flih_result_t (*flih)(void))
{
	psa_flih_result_t r;

	fake_isolation.spm_leaves++;
	r = flih();
	fake_isolation.spm_entries++;
	return r;
}

bool arch_isolation_check(uintptr_t boundary, const void *base, size_t size,
                          uint32_t access)
{
	uintptr_t b = (uintptr_t)base;
	uintptr_t deny = (uintptr_t)fake_isolation.deny_base;

	fake_isolation.checks++;
	fake_isolation.check_boundary = boundary;
	fake_isolation.check_base = base;
	fake_isolation.check_size = size;
	fake_isolation.check_access = access;
	if (size == 0) {
		return true;
	}
	if (base == NULL || b + size - 1u < b) {
		return false;
	}
	if ((access & fake_isolation.deny_access) != 0 &&
	    fake_isolation.deny_size != 0 &&
	    b < deny + fake_isolation.deny_size && deny < b + size) {
		return false;
	}
	return true;
}
