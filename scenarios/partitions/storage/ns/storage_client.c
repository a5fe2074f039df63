/*
 * The STORAGE client library: one psa_call() per operation.
 */
#include "storage_client.h"

#include "psa_manifest/sid.h"

psa_status_t storage_set(uint32_t key, const void *value, size_t len)
{
	psa_invec in[2] = {{&key, sizeof(key)}, {value, len}};

	return psa_call(STORAGE_HANDLE, STORAGE_SET, in, 2, NULL, 0);
}

psa_status_t storage_get(uint32_t key, void *buf, size_t size, size_t *len)
{
	psa_invec in = {&key, sizeof(key)};
	psa_outvec out = {buf, size};
	psa_status_t status =
	        psa_call(STORAGE_HANDLE, STORAGE_GET, &in, 1, &out, 1);

	*len = status == PSA_SUCCESS ? out.len : 0;
	return status;
}

psa_status_t storage_remove(uint32_t key)
{
	psa_invec in = {&key, sizeof(key)};

	return psa_call(STORAGE_HANDLE, STORAGE_REMOVE, &in, 1, NULL, 0);
}
