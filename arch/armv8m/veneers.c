/*
 * The Secure-gateway entries of the client API: each is a
 * cmse_nonsecure_entry function (its SG veneer lands in .gnu.sgstubs, the
 * non-secure-callable area) that calls the SPM's psa_* function as the
 * non-secure side, which is the partition running whenever non-secure code
 * runs. The SPM checks every pointer against the non-secure boundary, as on
 * the host; only the block of psa_call()'s vectors is checked here, before
 * it is copied.
 */
#include "veneers.h"

#include <arm_cmse.h>
#include <stdio.h>

#include "an505.h"
#include "armv8m.h"
#include "irq.h"

#include "psa/client.h"
#include "spm.h"

#define ENTRY __attribute__((cmse_nonsecure_entry))

ENTRY uint32_t armv8m_veneer_framework_version(void)
{
	return psa_framework_version();
}

ENTRY uint32_t armv8m_veneer_version(uint32_t sid)
{
	return psa_version(sid);
}

ENTRY psa_handle_t armv8m_veneer_connect(uint32_t sid, uint32_t version)
{
	return psa_connect(sid, version);
}

ENTRY psa_status_t armv8m_veneer_call(psa_handle_t handle, int32_t type,
                                      const struct armv8m_call_vectors *v)
{
	struct armv8m_call_vectors copy;

	if (cmse_check_address_range((void *)(uintptr_t)v, sizeof(*v),
	                             CMSE_NONSECURE | CMSE_MPU_READ) == NULL) {
		return PSA_ERROR_PROGRAMMER_ERROR;
	}
	copy = *v;
	return psa_call(handle, type, copy.in_vec, copy.in_len, copy.out_vec,
	                copy.out_len);
}

ENTRY void armv8m_veneer_close(psa_handle_t handle)
{
	psa_close(handle);
}

ENTRY int32_t armv8m_veneer_last_panic(struct armv8m_panic *out)
{
	const struct spm_panic_record *p = &spm_sys()->panic;
	struct armv8m_panic copy = {0};

	if (cmse_check_address_range(out, sizeof(*out),
	                             CMSE_NONSECURE | CMSE_MPU_READWRITE) ==
	            NULL ||
	    !p->valid) {
		return -1;
	}
	copy.partition_id = p->partition_id;
	copy.cause = (uint32_t)p->cause;
	snprintf(copy.partition, sizeof(copy.partition), "%s", p->partition);
	snprintf(copy.kind, sizeof(copy.kind), "%s",
	         p->cause == SPM_PANIC_FAULT ? p->fault.type : p->api);
	if (p->cause == SPM_PANIC_FAULT) {
		/* Cut to the copy's size, as the host's record would be. */
		snprintf(copy.region, sizeof(copy.region), "%.*s",
		         (int)sizeof(copy.region) - 1, p->fault.region);
	}
	copy.isolation_level = spm_sys()->config.isolation_level;
	*out = copy;
	return 0;
}

ENTRY void *armv8m_veneer_partition_data(int32_t pid)
{
	const struct spm_partition *p = spm_partition_by_id(pid);
	const struct armv8m_area *a =
	        p != NULL ? armv8m_area_of(p->name) : NULL;

	return a != NULL ? a->start : NULL;
}

/** True when a secure partition owns interrupt @line. */
static bool owned(uint32_t line)
{
	const struct spm *s = spm_sys();

	for (uint32_t i = 0; i < s->n_partitions; i++) {
		const struct spm_partition *p = &s->partitions[i];

		for (uint32_t k = 0; k < p->desc->n_irqs; k++) {
			if (spm_irq_line_of(p, k) == line) {
				return true;
			}
		}
	}
	return false;
}

ENTRY void armv8m_veneer_irq_raise(uint32_t line)
{
	if (owned(line)) {
		NVIC_ISPR(line / 32u) = 1u << (line % 32u);
		__asm volatile("dsb\n\tisb" ::: "memory");
	}
}
