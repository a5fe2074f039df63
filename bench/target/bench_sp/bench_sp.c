/*
 * The target benchmark's partition (bench_sp.yaml): the SPM's own cost is
 * what its services leave to measure.
 */
#include <stdint.h>

#include <psa/service.h>

#include "psa_manifest/bench_sp.h"

/** BENCH_CALL's message types. */
#define BENCH_EMPTY   0
#define BENCH_VECTORS 1

/** BENCH_CALL: nothing, or two inputs read and two outputs written. */
static psa_status_t bench_call(const psa_msg_t *msg)
{
	uint8_t buf[64];

	if (msg->type == BENCH_VECTORS) {
		for (uint32_t i = 0; i < 2; i++) {
			size_t n = psa_read(msg->handle, i, buf, sizeof(buf));

			psa_write(msg->handle, i, buf, n);
		}
	}
	return PSA_SUCCESS;
}

psa_status_t bench_sp_init(void)
{
	return PSA_SUCCESS;
}

#if SP_BENCH_MODEL_SFN == 1
psa_status_t bench_call_sfn(const psa_msg_t *msg)
{
	return bench_call(msg);
}

psa_status_t bench_conn_sfn(const psa_msg_t *msg)
{
	(void)msg;
	return PSA_SUCCESS;
}
#endif

#if SP_BENCH_MODEL_IPC == 1
/** The IPC model's thread: answers both services, forever. */
void bench_sp_main(void)
{
	psa_msg_t msg;

	for (;;) {
		psa_signal_t s = psa_wait(BENCH_CALL_SIGNAL | BENCH_CONN_SIGNAL,
		                          PSA_BLOCK);

		if ((s & BENCH_CALL_SIGNAL) != 0 &&
		    psa_get(BENCH_CALL_SIGNAL, &msg) == PSA_SUCCESS) {
			psa_reply(msg.handle, bench_call(&msg));
		}
		if ((s & BENCH_CONN_SIGNAL) != 0 &&
		    psa_get(BENCH_CONN_SIGNAL, &msg) == PSA_SUCCESS) {
			psa_reply(msg.handle, PSA_SUCCESS);
		}
	}
}
#endif
