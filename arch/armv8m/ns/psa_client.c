/*
 * The client API on the non-secure side: each function calls its
 * Secure-gateway veneer (from the Secure image's import library).
 */
#include "psa/client.h"

#include "veneers.h"

uint32_t psa_framework_version(void)
{
	return armv8m_veneer_framework_version();
}

uint32_t psa_version(uint32_t sid)
{
	return armv8m_veneer_version(sid);
}

psa_handle_t psa_connect(uint32_t sid, uint32_t version)
{
	return armv8m_veneer_connect(sid, version);
}

psa_status_t psa_call(psa_handle_t handle, int32_t type,
                      const psa_invec *in_vec, size_t in_len,
                      psa_outvec *out_vec, size_t out_len)
{
	const struct armv8m_call_vectors v = {in_vec, in_len, out_vec, out_len};

	return armv8m_veneer_call(handle, type, &v);
}

void psa_close(psa_handle_t handle)
{
	armv8m_veneer_close(handle);
}
