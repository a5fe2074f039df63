/*
 * Echo: a dual-model partition (`model: dual`). A template: copy it to write
 * a partition that runs under either SPM backend from one source.
 *
 * How it works: the build gives the partition the model of its backend and
 * says which in the generated header (SP_ECHO_MODEL_IPC / _SFN), the way
 * TF-M's dual partitions choose their code. Under IPC, echo_main() is the
 * partition's thread: it waits for ECHO_SIGNAL, takes the message and
 * replies. Under SFN there is no thread: the SPM calls echo_init() once at
 * boot and echo_sfn() for every message. Both paths end in echo_handle(),
 * so the service behaves the same in either model.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <psa/error.h>
#include <psa/service.h>

#include "psa_manifest/echo.h"

#include "echo_api.h"

/** Set by the initialisation both models run first. */
static bool echo_ready;

/** Answers one message; the reply status. */
static psa_status_t echo_handle(const psa_msg_t *msg)
{
	const uint32_t model =
	        SP_ECHO_MODEL_IPC ? ECHO_MODEL_IPC : ECHO_MODEL_SFN;
	uint8_t buf[ECHO_MAX_SIZE];
	size_t n;

	if (msg->type == PSA_IPC_CONNECT || msg->type == PSA_IPC_DISCONNECT) {
		return PSA_SUCCESS;
	}
	if (!echo_ready || msg->in_size[0] > sizeof(buf) ||
	    msg->out_size[0] < msg->in_size[0] ||
	    msg->out_size[1] < sizeof(model)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	n = psa_read(msg->handle, 0, buf, sizeof(buf));
	psa_write(msg->handle, 0, buf, n);
	psa_write(msg->handle, 1, &model, sizeof(model));
	return PSA_SUCCESS;
}

/** The SFN model's initialisation (entry_init); the IPC thread runs it too. */
psa_status_t echo_init(void)
{
	echo_ready = true;
	return PSA_SUCCESS;
}

#if SP_ECHO_MODEL_SFN == 1
/** The SFN model's service function. */
psa_status_t echo_sfn(const psa_msg_t *msg)
{
	return echo_handle(msg);
}
#endif

#if SP_ECHO_MODEL_IPC == 1
/** The IPC model's thread (entry_point): never returns. */
void echo_main(void)
{
	psa_msg_t msg;

	(void)echo_init();
	for (;;) {
		(void)psa_wait(ECHO_SIGNAL, PSA_BLOCK);
		if (psa_get(ECHO_SIGNAL, &msg) == PSA_SUCCESS) {
			psa_reply(msg.handle, echo_handle(&msg));
		}
	}
}
#endif
