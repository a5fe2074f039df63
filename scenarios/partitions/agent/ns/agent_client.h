/*
 * A non-secure client library for the AGENT service (agent_api.h): runs one
 * client step on the secure side.
 */
#ifndef AGENT_CLIENT_H
#define AGENT_CLIENT_H

#include <stddef.h>

#include <psa/client.h>

#include "../agent_api.h"

/**
 * Has SP_AGENT run @step with the in-vector bytes @in (the step's in_len
 * added up), puts its outcome in @res and its out-vector bytes in @out
 * (@out_size bytes; each vector at the offset of the requested lengths
 * before it). Returns the AGENT call's status: PSA_SUCCESS when the step
 * ran, whatever the step's own status (in @res).
 */
psa_status_t agent_run(const struct agent_step *step, const void *in,
                       struct agent_result *res, void *out, size_t out_size);

#endif /* AGENT_CLIENT_H */
