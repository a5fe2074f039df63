/*
 * The client API: psa_framework_version, psa_version, psa_connect, psa_call,
 * psa_close. Each call validates its arguments against the FF-M rules first
 * (a programmer error goes through spm_programmer_error(): PROGRAMMER_ERROR
 * back to a non-secure caller, a panic for a secure one), then does the work
 * and hands the message to the backend.
 */
#include <stdint.h>

#include "backend.h"
#include "conn.h"
#include "frontend.h"
#include "irq.h"
#include "spm.h"
#include "trace.h"

#define STATELESS_HANDLE_BITS (CONN_STATELESS_BIT | 0xFF00u | 0x1Fu)

/** The running caller of @api, counting the SPM entry; NULL outside. */
static inline struct spm_partition *enter(const char *api)
{
	spm_enter();
	return spm_caller(api);
}

/** enter() for the calls that wait for a service: never in a FLIH. */
static inline struct spm_partition *enter_blocking(const char *api)
{
	struct spm_partition *caller = enter(api);

	if (caller != NULL && spm_in_interrupt()) {
		spm_panic(caller, SPM_PANIC_PROGRAMMER_ERROR, api,
		          "a first-level handler called a PSA function that "
		          "blocks");
	}
	return caller;
}

/**
 * Hands the message on @c to the backend and waits for the reply. Leaving
 * the SPM after a wait is an interrupt point, like entering it.
 */
static inline psa_status_t deliver(struct spm_conn *c)
{
	psa_status_t status = spm_sys()->config.backend->messaging(c);

	spm_take_interrupts();
	return status;
}

/** Does @version satisfy the version policy of @svc? */
static bool version_accepted(const struct spm_service *svc, uint32_t version)
{
	if (svc->desc->version_policy == SPM_VERSION_POLICY_RELAXED) {
		return version <= svc->desc->version;
	}
	return version == svc->desc->version;
}

static uint32_t framework_version_impl(void)
{
	spm_enter();
	return PSA_FRAMEWORK_VERSION;
}

static uint32_t version_impl(uint32_t sid)
{
	struct spm_partition *caller = enter("psa_version");
	struct spm_service *svc = spm_service_by_sid(sid);

	if (caller == NULL || svc == NULL ||
	    !spm_caller_authorised(caller, svc)) {
		return PSA_VERSION_NONE;
	}
	return svc->desc->version;
}

/**
 * The rule @caller breaks by connecting to or calling @svc (NULL: no such
 * service), or NULL when the manifest rules allow it. FF-M 1.1 makes each
 * a programmer error: the SID is not present, the caller is not allowed
 * (a secure caller: the SID is not among its dependencies), or the version
 * is refused by the service's policy. A partition calling a service of its
 * own is refused too, even when it lists it: under the IPC model it would
 * wait for itself for ever.
 */
static const char *access_rule(const struct spm_partition *caller,
                               const struct spm_service *svc, uint32_t version)
{
	if (svc == NULL) {
		return "no service has the SID";
	}
	if (svc->owner == caller) {
		return "the caller's own partition implements the service";
	}
	if (!spm_caller_authorised(caller, svc)) {
		return spm_acts_ns(caller)
		               ? "the caller may not access the service: "
		                 "it takes no non-secure clients"
		               : "the caller may not access the service: "
		                 "it is not among the caller's "
		                 "dependencies";
	}
	if (!version_accepted(svc, version)) {
		return "the version is not accepted by the service's version "
		       "policy";
	}
	return NULL;
}

/**
 * psa_connect() refused by the SPM for @rule. FF-M 1.1 makes these
 * programmer errors, so a secure caller is panicked; a non-secure caller
 * gets PSA_ERROR_CONNECTION_REFUSED, as from TF-M (FFM-FACTS.md). TF-M
 * returns REFUSED from these checks and turns that status into a panic of
 * a secure caller; a refusal by the service itself is returned here, as
 * the spec says (psa_reply() may refuse a connection).
 */
static psa_handle_t connect_refused(const struct spm_partition *caller,
                                    const char *rule)
{
	if (spm_acts_ns(caller)) {
		return PSA_ERROR_CONNECTION_REFUSED;
	}
	return spm_programmer_error("psa_connect", rule);
}

static psa_handle_t connect_impl(uint32_t sid, uint32_t version)
{
	struct spm_partition *caller = enter_blocking("psa_connect");
	struct spm_service *svc = spm_service_by_sid(sid);
	struct spm_conn *c;
	const char *rule;
	psa_status_t status;

	if (caller == NULL) {
		return PSA_ERROR_BAD_STATE;
	}
	if (svc != NULL && !svc->desc->connection_based) {
		return spm_programmer_error(
		        "psa_connect", "the SID names a stateless service, "
		                       "which is called without a connection");
	}
	rule = access_rule(caller, svc, version);
	if (rule != NULL) {
		return connect_refused(caller, rule);
	}
	c = conn_alloc(svc, caller);
	if (c == NULL) {
		return PSA_ERROR_CONNECTION_BUSY;
	}
	conn_msg_start(c, PSA_IPC_CONNECT, NULL, 0, NULL, 0);
	status = deliver(c);
	if (status != PSA_SUCCESS) {
		conn_free(c);
		return status;
	}
	return conn_handle(c);
}

/**
 * The service a stateless handle names, or NULL with *rule set. The handle
 * carries the client's version, checked under the service's version policy
 * as psa_connect() checks it. Every failure is a programmer error, for a
 * non-secure caller too (PROGRAMMER_ERROR returned): FF-M 1.1 counts them
 * as an invalid handle. TF-M returns CONNECTION_REFUSED to a non-secure
 * caller the service does not accept; the spec wins.
 */
static struct spm_service *stateless_service(struct spm_partition *caller,
                                             psa_handle_t handle,
                                             const char **rule)
{
	struct spm_service *svc = NULL;

	if (((uint32_t)handle & ~STATELESS_HANDLE_BITS) == 0) {
		svc = spm_service_by_stateless_index(
		        conn_stateless_index(handle));
	}
	if (svc == NULL) {
		*rule = "the handle is not a valid stateless handle";
		return NULL;
	}
	*rule = access_rule(caller, svc, conn_stateless_version(handle));
	return *rule == NULL ? svc : NULL;
}

/** The idle connection behind @handle owned by @caller, or NULL and *rule. */
static struct spm_conn *connected(struct spm_partition *caller,
                                  psa_handle_t handle, const char **rule)
{
	struct spm_conn *c = conn_from_handle(handle);

	if (c == NULL) {
		*rule = handle == PSA_NULL_HANDLE
		                ? "the handle is PSA_NULL_HANDLE"
		                : "the handle is not a valid connection handle "
		                  "(never issued, closed or stale)";
	} else if (c->client != caller ||
	           c->client_id != spm_client_id(caller)) {
		/* Non-secure threads share the caller, not the client id. */
		*rule = "the handle belongs to another client";
		c = NULL;
	} else if (c->state != CONN_IDLE) {
		*rule = "the connection is busy with another message";
		c = NULL;
	}
	return c;
}

/**
 * The SPM's own copy of the vector arrays of the psa_call() being checked.
 * The caller's arrays are read once, into here, and only this copy is
 * checked and used: another non-secure thread may rewrite the caller's
 * arrays at any time, and a second read could see a base that was never
 * checked. One copy serves: the simulated core runs one call at a time, and
 * conn_msg_start() copies it into the connection before the SPM is left.
 */
static struct {
	psa_invec in[PSA_MAX_IOVEC];
	psa_outvec out[PSA_MAX_IOVEC];
} fetched;

/**
 * Checks the counts and the caller's vector arrays, then copies the arrays
 * into fetched; returns the broken rule or NULL.
 */
static const char *fetch_vectors(struct spm_partition *caller,
                                 const psa_invec *in, size_t in_len,
                                 const psa_outvec *out, size_t out_len)
{
	if (in_len > PSA_MAX_IOVEC || out_len > PSA_MAX_IOVEC ||
	    in_len + out_len > PSA_MAX_IOVEC) {
		return "in_len + out_len exceeds PSA_MAX_IOVEC (4)";
	}
	if (in_len > 0 &&
	    !spm_memory_ok(caller, in, in_len * sizeof(*in), false)) {
		return "the caller may not read the in_vec array";
	}
	if (out_len > 0 &&
	    !spm_memory_ok(caller, out, out_len * sizeof(*out), true)) {
		return "the caller may not write the out_vec array";
	}
	for (size_t i = 0; i < in_len; i++) {
		fetched.in[i] = ((const volatile psa_invec *)in)[i];
	}
	for (size_t i = 0; i < out_len; i++) {
		fetched.out[i] = ((const volatile psa_outvec *)out)[i];
	}
	return NULL;
}

/**
 * Checks the vectors of a psa_call(), from the SPM's copy (fetched);
 * returns the broken rule or NULL.
 * Vectors may overlap, any with any: FF-M 1.1's list of psa_call()
 * programmer errors (handle, type, vector count, memory references) names
 * no overlap, so such a call is valid. A service that reads an input
 * vector after writing an output vector sharing its bytes may see either
 * bytes (here the new ones: psa_read() and psa_write() use the caller's
 * memory); two output vectors sharing bytes keep whichever psa_write()
 * came last. TF-M differs: it refuses overlapping input vectors as a
 * programmer error, citing double-fetch risk.
 */
static const char *check_vectors(struct spm_partition *caller,
                                 const psa_invec *in, size_t in_len,
                                 const psa_outvec *out, size_t out_len)
{
	for (size_t i = 0; i < in_len; i++) {
		if (!spm_memory_ok(caller, in[i].base, in[i].len, false)) {
			return "the caller may not read an input vector";
		}
	}
	for (size_t i = 0; i < out_len; i++) {
		if (!spm_memory_ok(caller, out[i].base, out[i].len, true)) {
			return "the caller may not write an output vector";
		}
	}
	return NULL;
}

static psa_status_t call_impl(psa_handle_t handle, int32_t type,
                              const psa_invec *in_vec, size_t in_len,
                              psa_outvec *out_vec, size_t out_len)
{
	struct spm_partition *caller = enter_blocking("psa_call");
	struct spm_service *svc = NULL;
	struct spm_conn *c = NULL;
	const char *rule = NULL;
	psa_status_t status;

	if (caller == NULL) {
		return PSA_ERROR_BAD_STATE;
	}
	if (conn_is_stateless_handle(handle)) {
		svc = stateless_service(caller, handle, &rule);
	} else {
		c = connected(caller, handle, &rule);
	}
	if (rule == NULL && (type < 0 || type > INT16_MAX)) {
		rule = "the call type is outside 0..INT16_MAX";
	}
	if (rule == NULL) {
		rule = fetch_vectors(caller, in_vec, in_len, out_vec, out_len);
	}
	if (rule == NULL) {
		rule = check_vectors(caller, fetched.in, in_len, fetched.out,
		                     out_len);
	}
	if (rule != NULL) {
		return spm_programmer_error("psa_call", rule);
	}
	if (svc != NULL) {
		c = conn_alloc(svc, caller);
		if (c == NULL) {
			return PSA_ERROR_CONNECTION_BUSY;
		}
		c->stateless = true;
	}
	conn_msg_start(c, type, fetched.in, in_len, fetched.out, out_len);
	/* The lengths go back to the caller's own array (checked writable). */
	c->client_out = out_vec;
	status = deliver(c);
	if (c->stateless) {
		conn_free(c);
	}
	return status;
}

static void close_impl(psa_handle_t handle)
{
	struct spm_partition *caller = enter_blocking("psa_close");
	struct spm_conn *c;
	const char *rule = NULL;

	if (caller == NULL || handle == PSA_NULL_HANDLE) {
		return;
	}
	if (conn_is_stateless_handle(handle)) {
		(void)spm_programmer_error("psa_close",
		                           "the handle is a stateless handle");
		return;
	}
	c = connected(caller, handle, &rule);
	if (c == NULL) {
		(void)spm_programmer_error("psa_close", rule);
		return;
	}
	conn_msg_start(c, PSA_IPC_DISCONNECT, NULL, 0, NULL, 0);
	(void)deliver(c);
	conn_free(c);
}

/* ------------------------------------------------- traced entry points
 *
 * Each psa_* function reports its entry and its result around the work
 * (trace.h); with tracing off that costs one branch on each side.
 */

uint32_t psa_framework_version(void)
{
	uint32_t v;

	spm_trace_api("psa_framework_version", 0, 0, 0, 0, 0);
	v = framework_version_impl();
	spm_trace_value("psa_framework_version", v);
	return v;
}

uint32_t psa_version(uint32_t sid)
{
	uint32_t v;

	spm_trace_api("psa_version", SPM_TRACE_F_SID, 0, 0, sid, 0);
	v = version_impl(sid);
	spm_trace_value("psa_version", v);
	return v;
}

psa_handle_t psa_connect(uint32_t sid, uint32_t version)
{
	psa_handle_t h;

	spm_trace_api("psa_connect", SPM_TRACE_F_SID | SPM_TRACE_F_VERSION, 0,
	              0, sid, version);
	h = connect_impl(sid, version);
	/* A handle when positive, else a status. */
	if (h > 0) {
		spm_trace_handle("psa_connect", h);
	} else {
		spm_trace_status("psa_connect", h);
	}
	return h;
}

psa_status_t psa_call(psa_handle_t handle, int32_t type,
                      const psa_invec *in_vec, size_t in_len,
                      psa_outvec *out_vec, size_t out_len)
{
	psa_status_t status;

	spm_trace_call(handle, type, in_vec, in_len, out_vec, out_len);
	status = call_impl(handle, type, in_vec, in_len, out_vec, out_len);
	spm_trace_status("psa_call", status);
	return status;
}

void psa_close(psa_handle_t handle)
{
	spm_trace_api("psa_close", SPM_TRACE_F_HANDLE, handle, 0, 0, 0);
	close_impl(handle);
	spm_trace_void("psa_close");
}

/* ------------------------------------------------- non-secure agents
 *
 * TF-M's mailbox agent calls the client API for the non-secure clients of
 * another core. The agent names the client by the id that core gave it
 * (negative); the SPM maps it into the agent's [client_id_base,
 * client_id_limit] as TF-M does (limit + 1 + id: -1 is the limit itself),
 * and for the length of the call the agent is that non-secure client: the
 * non-secure rules apply (non_secure_clients, statuses instead of panics,
 * vectors in non-secure memory), and the connections it makes belong to
 * that client id.
 */

/** @id mapped into @agent's client id range, or 0 when it does not fit. */
static int32_t agent_map(const struct spm_partition *agent, int32_t id)
{
	int32_t base = agent->desc->client_id_base;
	int32_t limit = agent->desc->client_id_limit;

	/* -(limit - base + 1), written so that it cannot overflow. */
	if (id >= 0 || id < -(limit - base) - 1) {
		return 0;
	}
	return (limit + 1) + id;
}

/**
 * The running partition, about to call @api for client @id; NULL with
 * the status in *@status when the id does not fit its range. A partition
 * that is not a non-secure agent is panicked: only an agent may call on
 * behalf of a client of another core.
 */
static struct spm_partition *agent_begin(const char *api, int32_t id,
                                         psa_status_t *status)
{
	struct spm_partition *p = spm_sys()->current;
	int32_t mapped;

	if (p == NULL || p->is_ns || !p->desc->ns_agent) {
		if (p != NULL && !p->is_ns) {
			spm_panic(p, SPM_PANIC_PROGRAMMER_ERROR, api,
			          "only a non-secure agent partition "
			          "(ns_agent) calls on behalf of non-secure "
			          "clients");
		}
		*status = PSA_ERROR_NOT_PERMITTED;
		return NULL;
	}
	mapped = agent_map(p, id);
	if (mapped == 0) {
		*status = PSA_ERROR_INVALID_ARGUMENT;
		return NULL;
	}
	p->client_id = mapped;
	return p;
}

uint32_t spm_agent_version(int32_t client, uint32_t sid)
{
	psa_status_t status;
	struct spm_partition *p = agent_begin("psa_version", client, &status);
	uint32_t v;

	if (p == NULL) {
		return PSA_VERSION_NONE;
	}
	v = psa_version(sid);
	p->client_id = p->id;
	return v;
}

psa_handle_t spm_agent_connect(int32_t client, uint32_t sid, uint32_t version)
{
	psa_status_t status;
	struct spm_partition *p = agent_begin("psa_connect", client, &status);
	psa_handle_t h;

	if (p == NULL) {
		return status;
	}
	h = psa_connect(sid, version);
	p->client_id = p->id;
	return h;
}

/**
 * The vectors of a call an agent makes for a client, copied to @in and
 * @out once and checked against the non-secure side's memory (the
 * client's); the broken rule or NULL. The call then uses the copies,
 * which lie in the agent's own memory, so the client cannot change them
 * after the check.
 */
static const char *agent_vectors(const psa_invec *in_vec, size_t in_len,
                                 const psa_outvec *out_vec, size_t out_len,
                                 psa_invec *in, psa_outvec *out)
{
	const struct spm_partition *ns = spm_sys()->ns;

	/* The counts are psa_call()'s to refuse. */
	if (in_len > PSA_MAX_IOVEC || out_len > PSA_MAX_IOVEC ||
	    in_len + out_len > PSA_MAX_IOVEC) {
		return NULL;
	}
	if ((in_len > 0 &&
	     !spm_memory_ok(ns, in_vec, in_len * sizeof(*in_vec), false)) ||
	    (out_len > 0 &&
	     !spm_memory_ok(ns, out_vec, out_len * sizeof(*out_vec), true))) {
		return "the client may not access a vector array";
	}
	for (size_t i = 0; i < in_len; i++) {
		in[i] = ((const volatile psa_invec *)in_vec)[i];
		if (!spm_memory_ok(ns, in[i].base, in[i].len, false)) {
			return "the client may not read an input vector";
		}
	}
	for (size_t i = 0; i < out_len; i++) {
		out[i] = ((const volatile psa_outvec *)out_vec)[i];
		if (!spm_memory_ok(ns, out[i].base, out[i].len, true)) {
			return "the client may not write an output vector";
		}
	}
	return NULL;
}

psa_status_t spm_agent_call(int32_t client, psa_handle_t handle, int32_t type,
                            const psa_invec *in_vec, size_t in_len,
                            psa_outvec *out_vec, size_t out_len)
{
	psa_invec in[PSA_MAX_IOVEC];
	psa_outvec out[PSA_MAX_IOVEC];
	psa_status_t status;
	struct spm_partition *p = agent_begin("psa_call", client, &status);
	const char *rule;

	if (p == NULL) {
		return status;
	}
	rule = agent_vectors(in_vec, in_len, out_vec, out_len, in, out);
	if (rule != NULL) {
		status = spm_programmer_error("psa_call", rule);
	} else {
		status = psa_call(handle, type, in, in_len, out, out_len);
		/* The lengths written go back to the client's array. */
		for (size_t i = 0; i < out_len; i++) {
			out_vec[i].len = out[i].len;
		}
	}
	p->client_id = p->id;
	return status;
}

void spm_agent_close(int32_t client, psa_handle_t handle)
{
	psa_status_t status;
	struct spm_partition *p = agent_begin("psa_close", client, &status);

	if (p != NULL) {
		psa_close(handle);
		p->client_id = p->id;
	}
}
