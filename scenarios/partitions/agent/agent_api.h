/*
 * The AGENT service's interface: one client step, run by SP_AGENT as a
 * secure caller.
 *
 * A call: psa_call(AGENT_HANDLE, AGENT_STEP, in, 1, out, 2) where
 * - in_vec[0] is a struct agent_step followed by the step's in-vector
 *   bytes, vector after vector (in_len[0] bytes, then in_len[1], ...);
 * - out_vec[0] receives a struct agent_result;
 * - out_vec[1] receives the step's out-vector bytes, each vector at the
 *   offset the requested lengths before it add up to (out_len[0] bytes
 *   reserved for vector 0, then out_len[1], ...).
 * The call returns PSA_SUCCESS when the step ran (its own outcome is in the
 * result), PSA_ERROR_INVALID_ARGUMENT when the request is malformed (sizes
 * that do not add up, more than PSA_MAX_IOVEC vectors of a kind, more than
 * AGENT_MAX_IN or AGENT_MAX_OUT bytes) and PSA_ERROR_NOT_SUPPORTED for an
 * unknown op. A step the SPM treats as a programmer error (a bad handle, too
 * many vectors, a stateless SID to psa_connect) panics SP_AGENT: the agent
 * is a secure caller. Everything is in native byte order.
 */
#ifndef AGENT_API_H
#define AGENT_API_H

#include <stdint.h>

#include <psa/client.h>

/** The psa_call() type of a step. */
#define AGENT_STEP 1

/** What a step does. */
#define AGENT_OP_VERSION 1 /* psa_version(sid) */
#define AGENT_OP_CONNECT 2 /* psa_connect(sid, version) */
#define AGENT_OP_CALL    3 /* psa_call(handle, type, in, n_in, out, n_out) */
#define AGENT_OP_CLOSE   4 /* psa_close(handle) */

/** The most in-vector and out-vector bytes of one step. */
#define AGENT_MAX_IN  256u
#define AGENT_MAX_OUT 256u

/** A step, at the start of in_vec[0]. */
struct agent_step {
	uint32_t op;
	uint32_t sid;
	uint32_t version;
	int32_t handle;
	int32_t type;
	uint32_t n_in;
	uint32_t n_out;
	uint32_t in_len[PSA_MAX_IOVEC];
	uint32_t out_len[PSA_MAX_IOVEC];
};

/** What the step gave, in out_vec[0]. */
struct agent_result {
	/** The status of the PSA function (PSA_SUCCESS for VERSION). */
	int32_t status;
	/** CONNECT: the handle made (when status is PSA_SUCCESS). */
	int32_t handle;
	/** VERSION: the version, or PSA_VERSION_NONE. */
	uint32_t version;
	/** CALL: the length of each out-vector after the call. */
	uint32_t out_len[PSA_MAX_IOVEC];
};

#endif /* AGENT_API_H */
