/*
 * For a mailbox non-secure agent partition: the shared-memory mailbox of
 * the simulated second core, and the client API on behalf of its clients.
 *
 * On a dual-core device the non-secure side runs on a core of its own and
 * reaches the SPM through TF-M's mailbox agent (`ns_agent_mailbox`): a
 * partition whose manifest says `ns_agent: true` and gives the client id
 * range of that core's clients (`client_id_base`, `client_id_limit`), with
 * the mailbox's doorbell as a SLIH interrupt. Here the other core is the
 * mailbox clients of spmsim_run_ns_threads() (spmsim_ns_thread.mailbox):
 * each client-API call of theirs is posted into a free slot of the
 * mailbox, which rings the doorbell interrupt of the first `ns_agent`
 * partition that has an interrupt; the poster waits for its reply (and,
 * when every slot is taken, for a free slot). The agent takes pending
 * slots (lowest slot first, so replies may come in another order than the
 * posts), makes each call with the spmsim_agent_* functions under the
 * client's id, and replies, which rings the doorbell back to the poster.
 *
 * A minimal agent, in the shape of TF-M's:
 *
 *     psa_irq_enable(MAILBOX_SIGNAL);
 *     for (;;) {
 *         (void)psa_wait(MAILBOX_SIGNAL, PSA_BLOCK);
 *         psa_eoi(MAILBOX_SIGNAL);
 *         while ((slot = spmsim_mailbox_take(&m)) >= 0) {
 *             spmsim_mailbox_reply(slot, spmsim_agent_dispatch(&m));
 *         }
 *     }
 */
#ifndef SPMSIM_NS_AGENT_H
#define SPMSIM_NS_AGENT_H

#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most slots a mailbox has. */
#define SPMSIM_MAILBOX_MAX_SLOTS 32u

/** The client-API function a mailbox message asks for. */
enum spmsim_mailbox_call {
	SPMSIM_MAILBOX_FRAMEWORK_VERSION = 1,
	SPMSIM_MAILBOX_VERSION,
	SPMSIM_MAILBOX_CONNECT,
	SPMSIM_MAILBOX_CALL,
	SPMSIM_MAILBOX_CLOSE,
};

/** One message of the mailbox: a client-API call and its arguments. */
struct spmsim_mailbox_msg {
	enum spmsim_mailbox_call call;
	/** The other core's id for its client (negative). */
	int32_t client_id;
	uint32_t sid;
	uint32_t version;
	psa_handle_t handle;
	int32_t type;
	/** The client's vectors, in non-secure memory. */
	const psa_invec *in_vec;
	size_t in_len;
	psa_outvec *out_vec;
	size_t out_len;
};

/**
 * Takes the lowest pending slot's message into @msg; returns the slot, or
 * -1 when none is pending.
 */
int spmsim_mailbox_take(struct spmsim_mailbox_msg *msg);

/**
 * Replies @result (a status, a handle or a version) to the message of
 * @slot and frees the slot; the poster is woken (the doorbell back).
 */
void spmsim_mailbox_reply(int slot, int32_t result);

/*
 * The client API on behalf of the other core's client @client_id (as its
 * message names it). The SPM maps the id into the agent's range as TF-M
 * does (client_id_limit + 1 + client_id: -1 is the limit itself), and the
 * call follows the non-secure rules. An id outside the range fails the
 * call with PSA_ERROR_INVALID_ARGUMENT (PSA_VERSION_NONE). Only a
 * partition whose manifest says `ns_agent: true` may call these; any other
 * is panicked.
 */
uint32_t spmsim_agent_version(int32_t client_id, uint32_t sid);
psa_handle_t spmsim_agent_connect(int32_t client_id, uint32_t sid,
                                  uint32_t version);
psa_status_t spmsim_agent_call(int32_t client_id, psa_handle_t handle,
                               int32_t type, const psa_invec *in_vec,
                               size_t in_len, psa_outvec *out_vec,
                               size_t out_len);
void spmsim_agent_close(int32_t client_id, psa_handle_t handle);

/** Makes the call @msg asks for with the functions above; its result. */
int32_t spmsim_agent_dispatch(const struct spmsim_mailbox_msg *msg);

#ifdef __cplusplus
}
#endif

#endif /* SPMSIM_NS_AGENT_H */
