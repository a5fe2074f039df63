/*
 * The fault lab, IPC model: a partition that breaks one FF-M rule per
 * request, so that a scenario can show which rule the SPM enforces and
 * whom it stops. The call type picks the misbehaviour (fault_lab_api.h).
 *
 * How it works: fault_lab_main() is the partition's thread. It waits for
 * either service's signal, takes one message and handles it by type. The
 * misbehaviours an SFN-model service can show as well live in
 * fault_lab_ops.h; the ones only a thread of its own can show (reply twice
 * or never, doorbells, rhandles, connect answers) are here. The connect
 * mode is a global, so a reset brings back FAULT_LAB_CONNECT_ACCEPT.
 */
#include <stdbool.h>
#include <stdint.h>

#include <psa/service.h>

#include "psa_manifest/fault_lab.h"
#include "psa_manifest/pid.h"

#include "fault_lab_api.h"
#include "fault_lab_ops.h"

/** A partition id no manifest list gives out. */
#define FAULT_LAB_NO_PARTITION 0x7FFF

static uint32_t connect_mode = FAULT_LAB_CONNECT_ACCEPT;

/** What a connect gets, by the mode; false when it gets no reply. */
static bool connect_answer(psa_status_t *status)
{
	static const psa_status_t answers[] = {
	        [FAULT_LAB_CONNECT_ACCEPT] = PSA_SUCCESS,
	        [FAULT_LAB_CONNECT_REFUSE] = PSA_ERROR_CONNECTION_REFUSED,
	        [FAULT_LAB_CONNECT_BUSY] = PSA_ERROR_CONNECTION_BUSY,
	        [FAULT_LAB_CONNECT_FORBIDDEN] = PSA_ERROR_GENERIC_ERROR,
	};

	if (connect_mode >= sizeof(answers) / sizeof(answers[0])) {
		return false;
	}
	*status = answers[connect_mode];
	return true;
}

/** FAULT_LAB_SET_CONNECT_MODE. */
static psa_status_t set_connect_mode(const psa_msg_t *msg)
{
	uint32_t mode;

	if (msg->in_size[0] != sizeof(mode) ||
	    psa_read(msg->handle, 0, &mode, sizeof(mode)) != sizeof(mode) ||
	    mode > FAULT_LAB_CONNECT_NEVER_REPLY) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	connect_mode = mode;
	return PSA_SUCCESS;
}

/** FAULT_LAB_DOORBELL_OK: the doorbell used as FF-M means it. */
static psa_status_t ring_own_doorbell(void)
{
	psa_notify(SP_FAULT_LAB);
	if (psa_wait(PSA_DOORBELL, PSA_BLOCK) != PSA_DOORBELL) {
		return PSA_ERROR_GENERIC_ERROR;
	}
	psa_clear();
	return PSA_SUCCESS;
}

/** Handles a call message; replies unless the type says otherwise. */
static void handle_call(const psa_msg_t *msg)
{
	psa_status_t status;

	switch (msg->type) {
	case FAULT_LAB_REPLY_TWICE:
		psa_reply(msg->handle, PSA_SUCCESS);
		psa_reply(msg->handle, PSA_SUCCESS);
		return;
	case FAULT_LAB_NEVER_REPLY:
		return;
	case FAULT_LAB_CLEAR_NO_DOORBELL:
		psa_clear();
		status = PSA_SUCCESS;
		break;
	case FAULT_LAB_NOTIFY_UNKNOWN:
		psa_notify(FAULT_LAB_NO_PARTITION);
		status = PSA_SUCCESS;
		break;
	case FAULT_LAB_SET_RHANDLE:
		psa_set_rhandle(msg->handle, &connect_mode);
		status = PSA_SUCCESS;
		break;
	case FAULT_LAB_SET_CONNECT_MODE:
		status = set_connect_mode(msg);
		break;
	case FAULT_LAB_DOORBELL_OK:
		status = ring_own_doorbell();
		break;
	default:
		status = fault_lab_common(msg);
		break;
	}
	psa_reply(msg->handle, status);
}

/** Handles one message of either service. */
static void handle(const psa_msg_t *msg)
{
	psa_status_t status = PSA_SUCCESS;

	switch (msg->type) {
	case PSA_IPC_CONNECT:
		if (connect_answer(&status)) {
			psa_reply(msg->handle, status);
		}
		break;
	case PSA_IPC_DISCONNECT:
		psa_reply(msg->handle, PSA_SUCCESS);
		break;
	default:
		handle_call(msg);
		break;
	}
}

void fault_lab_main(void)
{
	const psa_signal_t services =
	        FAULT_LAB_SIGNAL | FAULT_LAB_STATELESS_SIGNAL;
	psa_msg_t msg;

	for (;;) {
		psa_signal_t ready = psa_wait(services, PSA_BLOCK);

		if ((ready & FAULT_LAB_SIGNAL) &&
		    psa_get(FAULT_LAB_SIGNAL, &msg) == PSA_SUCCESS) {
			handle(&msg);
		}
		if ((ready & FAULT_LAB_STATELESS_SIGNAL) &&
		    psa_get(FAULT_LAB_STATELESS_SIGNAL, &msg) == PSA_SUCCESS) {
			handle(&msg);
		}
	}
}
