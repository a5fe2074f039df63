/*
 * The parts of the PSA API's implementation that backends call directly,
 * below the validation layer: a backend's own service loop must not trip the
 * checks meant for partition code (an SFN-model partition may not call
 * psa_get(), but the IPC backend's loop for it does).
 */
#ifndef SPM_FRONTEND_H
#define SPM_FRONTEND_H

#include "conn.h"
#include "spm.h"

/** Adds the message on @c to its service's queue and asserts the signal. */
void spm_msg_enqueue(struct spm_conn *c);

/** Takes the oldest message of @svc into @msg; DOES_NOT_EXIST when none. */
psa_status_t spm_get_impl(struct spm_service *svc, psa_msg_t *msg);

/**
 * Marks the message on @c taken and describes it in @msg. The caller
 * reports the service's start (spm_trace_service_begin()) once the service's
 * partition runs. Inline: every message passes here.
 */
static inline void spm_msg_take(struct spm_conn *c, psa_msg_t *msg)
{
	c->state = CONN_ACTIVE;
	msg->type = c->type;
	msg->handle = conn_msg_handle(c);
	msg->client_id = c->client_id;
	msg->rhandle = c->rhandle;
	/* The slots past the message's vectors are zero (conn.h). */
#pragma GCC unroll 4
	for (size_t i = 0; i < PSA_MAX_IOVEC; i++) {
		msg->in_size[i] = c->in[i].len;
		msg->out_size[i] = c->out[i].len;
	}
}

/**
 * Completes the message on @c with @status, applying the reply rules of its
 * type, and lets the backend wake the client; the caller has checked that
 * @c belongs to the running partition.
 */
void spm_reply_impl(struct spm_conn *c, psa_status_t status);

/** The length an output vector reports to its client at reply time. */
static inline size_t spm_out_length(const struct conn_vec *v)
{
	/* FF-M: a mapped output vector never unmapped reports length 0. */
	return v->mapped && !v->unmapped ? 0 : v->done;
}

/**
 * spm_reply_impl() without waking anyone: for a backend whose client waits
 * on the same stack (the SFN backend's direct call). Inline: every message
 * ends here.
 */
static inline void spm_reply_record(struct spm_conn *c, psa_status_t status)
{
	for (size_t i = 0; i < c->n_out; i++) {
		c->client_out[i].len = spm_out_length(&c->out_state[i]);
	}
	spm_trace_service_end(c, status);
	c->status = c->type == PSA_IPC_DISCONNECT ? PSA_SUCCESS : status;
	c->replied = true;
	c->state = CONN_IDLE;
	conn_msg_end(c);
	/* Non-secure client ids are negative (an agent's clients too). */
	if (c->type >= 0 && status == PSA_ERROR_PROGRAMMER_ERROR &&
	    c->client_id > 0) {
		spm_panic(c->client, SPM_PANIC_PROGRAMMER_ERROR, "psa_call",
		          "the service replied PSA_ERROR_PROGRAMMER_ERROR to "
		          "a secure client");
	}
}

#define SPM_RULE_CONNECT_STATUS                                                \
	"a connect message accepts only PSA_SUCCESS, "                         \
	"PSA_ERROR_CONNECTION_REFUSED or PSA_ERROR_CONNECTION_BUSY"

/**
 * May @status answer the message on @c (a connect takes only three)?
 * Inline: every reply asks.
 */
static inline bool spm_reply_status_valid(const struct spm_conn *c,
                                          psa_status_t status)
{
	return c->type != PSA_IPC_CONNECT || status == PSA_SUCCESS ||
	       status == PSA_ERROR_CONNECTION_REFUSED ||
	       status == PSA_ERROR_CONNECTION_BUSY;
}

/** psa_wait() for @p once its arguments are known to be valid. */
psa_signal_t spm_wait_impl(struct spm_partition *p, psa_signal_t mask,
                           uint32_t timeout);

/**
 * May @p access [@base, @base + @size)? The memory check of every pointer a
 * caller passes (isolation boundary checks arrive with the MPU model): size 0
 * passes, a null base or a range that wraps fails.
 */
bool spm_memory_ok(const struct spm_partition *p, const void *base, size_t size,
                   bool write);

/*
 * Partition code called by the SPM (an entry_init, a service function) runs
 * under its partition's view of memory, where the SPM's state is out of
 * reach: read what the call needs first (the architecture runs it, see
 * arch_run_init()).
 */

/** Runs @init, an entry_init, as partition code; its status. */
static inline psa_status_t spm_run_init(psa_status_t (*init)(void))
{
	return arch_run_init(init);
}

/** Runs service function @sfn on @msg as partition code; its status. */
static inline psa_status_t spm_run_sfn(psa_status_t (*sfn)(const psa_msg_t *),
                                       const psa_msg_t *msg)
{
	return arch_run_sfn(sfn, msg);
}

#endif /* SPM_FRONTEND_H */
