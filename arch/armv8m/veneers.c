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

ENTRY uint32_t armv8m_veneer_resets(void)
{
	return (uint32_t)spm_sys()->counters.resets;
}
