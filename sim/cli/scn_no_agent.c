/*
 * The agent's client library when spmsim is built without the scenario
 * partitions (SPMSIM_SAMPLES=no): there is no SP_AGENT to call. The scenario
 * checks refuse every scenario that needs it (SCN_NEEDS_AGENT), so this only
 * keeps the runner linkable.
 */
#include "../../scenarios/partitions/agent/ns/agent_client.h"

psa_status_t agent_run(const struct agent_step *step, const void *in,
                       struct agent_result *res, void *out, size_t out_size)
{
	(void)step;
	(void)in;
	(void)res;
	(void)out;
	(void)out_size;
	return PSA_ERROR_NOT_SUPPORTED;
}
