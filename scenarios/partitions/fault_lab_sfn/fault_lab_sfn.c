/*
 * The fault lab, SFN model: the misbehaviours a service function can show
 * (fault_lab_api.h), under either backend. Under the SFN backend it runs on
 * its caller's stack, so a stack overflow or a spin there is the caller's
 * context too; the panic still names this partition.
 */
#include <psa/service.h>

#include "psa_manifest/fault_lab_sfn.h"

#include "../fault_lab/fault_lab_api.h"
#include "../fault_lab/fault_lab_ops.h"

psa_status_t fault_lab_sfn_sfn(const psa_msg_t *msg)
{
	return fault_lab_common(msg);
}
