/*
 * The AGENT client library: lays the step and its bytes out as the service
 * wants them (agent_api.h) and calls it.
 */
#include "agent_client.h"

#include <stdint.h>
#include <string.h>

#include "psa_manifest/sid.h"

psa_status_t agent_run(const struct agent_step *step, const void *in,
                       struct agent_result *res, void *out, size_t out_size)
{
	uint8_t request[sizeof(*step) + AGENT_MAX_IN];
	psa_invec iv = {request, sizeof(*step)};
	psa_outvec ov[2] = {{res, sizeof(*res)}, {out, out_size}};
	size_t n = 0;

	for (uint32_t i = 0; i < step->n_in && i < PSA_MAX_IOVEC; i++) {
		n += step->in_len[i];
	}
	if (n > AGENT_MAX_IN || (n > 0 && in == NULL)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	memcpy(request, step, sizeof(*step));
	if (n > 0) {
		memcpy(request + sizeof(*step), in, n);
	}
	iv.len += n;
	return psa_call(AGENT_HANDLE, AGENT_STEP, &iv, 1, ov, 2);
}
