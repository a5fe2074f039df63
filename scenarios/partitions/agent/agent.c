/*
 * The agent: runs one client step as a secure caller, so a scenario can
 * drive the client API from the secure side (agent_api.h).
 *
 * How it works: agent_sfn() reads the step and its in-vector bytes into
 * static buffers (the partition's own memory, which its boundary covers
 * under every backend and level), checks that the sizes add up, makes the
 * one PSA client call the step names and writes back the result and the
 * out-vector bytes. It does not judge the step: a step that breaks an FF-M
 * rule reaches the SPM as written, and the SPM panics this partition.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <psa/client.h>
#include <psa/service.h>

#include "agent_api.h"

/* The service function (the generated header's name differs per backend's
 * manifest, agent.h or agent_sfn_backend.h; the prototype does not). */
psa_status_t agent_sfn(const psa_msg_t *msg);

static struct agent_step step;
static uint8_t in_bytes[AGENT_MAX_IN];
static uint8_t out_bytes[AGENT_MAX_OUT];

/** Sum of @n lengths in @len, or UINT32_MAX when @n is out of range. */
static uint32_t total(const uint32_t *len, uint32_t n)
{
	uint32_t sum = 0;

	if (n > PSA_MAX_IOVEC) {
		return UINT32_MAX;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (len[i] > AGENT_MAX_IN + AGENT_MAX_OUT) {
			return UINT32_MAX;
		}
		sum += len[i];
	}
	return sum;
}

/** AGENT_OP_CALL: the vectors laid over the buffers, then the call. */
static void run_call(struct agent_result *res)
{
	psa_invec in[PSA_MAX_IOVEC];
	psa_outvec out[PSA_MAX_IOVEC];
	size_t at = 0;

	for (uint32_t i = 0; i < step.n_in; i++) {
		in[i] = (psa_invec){in_bytes + at, step.in_len[i]};
		at += step.in_len[i];
	}
	at = 0;
	for (uint32_t i = 0; i < step.n_out; i++) {
		out[i] = (psa_outvec){out_bytes + at, step.out_len[i]};
		at += step.out_len[i];
	}
	res->status = psa_call((psa_handle_t)step.handle, step.type, in,
	                       step.n_in, out, step.n_out);
	for (uint32_t i = 0; i < step.n_out; i++) {
		res->out_len[i] = (uint32_t)out[i].len;
	}
}

/** Runs the step; false for an unknown op. */
static bool run_step(struct agent_result *res)
{
	psa_handle_t h;

	switch (step.op) {
	case AGENT_OP_VERSION:
		res->version = psa_version(step.sid);
		res->status = PSA_SUCCESS;
		return true;
	case AGENT_OP_CONNECT:
		h = psa_connect(step.sid, step.version);
		res->status = h > 0 ? PSA_SUCCESS : (psa_status_t)h;
		res->handle = h > 0 ? (int32_t)h : 0;
		return true;
	case AGENT_OP_CALL:
		run_call(res);
		return true;
	case AGENT_OP_CLOSE:
		psa_close((psa_handle_t)step.handle);
		res->status = PSA_SUCCESS;
		return true;
	default:
		return false;
	}
}

psa_status_t agent_sfn(const psa_msg_t *msg)
{
	struct agent_result res;
	size_t n_in;
	uint32_t n_out;

	if (msg->type != AGENT_STEP) {
		return PSA_ERROR_NOT_SUPPORTED;
	}
	if (msg->in_size[0] < sizeof(step) ||
	    msg->in_size[0] - sizeof(step) > sizeof(in_bytes) ||
	    msg->out_size[0] < sizeof(res)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	(void)psa_read(msg->handle, 0, &step, sizeof(step));
	n_in = psa_read(msg->handle, 0, in_bytes, sizeof(in_bytes));
	n_out = total(step.out_len, step.n_out);
	if (total(step.in_len, step.n_in) != n_in || n_out > AGENT_MAX_OUT ||
	    n_out > msg->out_size[1]) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	memset(&res, 0, sizeof(res));
	if (!run_step(&res)) {
		return PSA_ERROR_NOT_SUPPORTED;
	}
	psa_write(msg->handle, 0, &res, sizeof(res));
	psa_write(msg->handle, 1, out_bytes,
	          step.op == AGENT_OP_CALL ? n_out : 0);
	return PSA_SUCCESS;
}
