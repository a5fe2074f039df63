/*
 * The KV_STORE client library. It checks nothing the service checks itself:
 * the service is the one place that decides what a valid request is, so the
 * two can never disagree.
 */
#include "kv_client.h"

#include <psa/client.h>

#include "psa_manifest/sid.h"

psa_status_t kv_set(uint32_t key, const void *value, size_t len)
{
	const psa_invec in[] = {{&key, sizeof(key)}, {value, len}};

	return psa_call(KV_STORE_HANDLE, KV_SET, in, 2, NULL, 0);
}

psa_status_t kv_get(uint32_t key, void *buf, size_t size, size_t *len)
{
	const psa_invec in[] = {{&key, sizeof(key)}};
	psa_outvec out[] = {{buf, size}};
	psa_status_t status;

	status = psa_call(KV_STORE_HANDLE, KV_GET, in, 1, out, 1);
	/* The SPM sets out[0].len at reply time; report 0 on failure. */
	if (len != NULL) {
		*len = status == PSA_SUCCESS ? out[0].len : 0;
	}
	return status;
}

psa_status_t kv_remove(uint32_t key)
{
	const psa_invec in[] = {{&key, sizeof(key)}};

	return psa_call(KV_STORE_HANDLE, KV_REMOVE, in, 1, NULL, 0);
}

psa_status_t kv_count(uint32_t *count)
{
	psa_outvec out[] = {{count, sizeof(*count)}};

	return psa_call(KV_STORE_HANDLE, KV_COUNT, NULL, 0, out, 1);
}
