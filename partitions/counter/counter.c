/*
 * Counter: an IPC-model partition with an FF-M 1.0 manifest. A template: copy
 * it to start a partition with its own thread and a connection-based service.
 *
 * How it works: counter_main() is the partition's thread and never returns.
 * It sleeps in psa_wait() until the SPM asserts COUNTER_SIGNAL, takes one
 * message with psa_get() and answers it with psa_reply(), forever. The SPM
 * queues further messages meanwhile and keeps the signal asserted while any
 * are left.
 *
 * Per-connection state: at PSA_IPC_CONNECT the partition takes a counter from
 * a small static pool and attaches it to the connection with
 * psa_set_rhandle(); the SPM then hands that pointer back as msg.rhandle with
 * every message of the connection, and the counter returns to the pool at
 * PSA_IPC_DISCONNECT. Refusing a connection when the pool is empty (BUSY)
 * keeps one client from taking memory another client needs.
 *
 * The pool is static storage, so a reset brings every counter back.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <psa/error.h>
#include <psa/service.h>

#include "psa_manifest/counter.h"

#include "counter_api.h"

/** One connection's counter. */
struct counter_slot {
	bool used;
	uint32_t value;
};

static struct counter_slot counter_pool[COUNTER_MAX_CONNECTIONS];

/** True when only the first @n_in inputs and @n_out outputs hold data. */
static bool counter_only_vectors(const psa_msg_t *msg, size_t n_in,
                                 size_t n_out)
{
	size_t i;

	for (i = n_in; i < PSA_MAX_IOVEC; i++) {
		if (msg->in_size[i] != 0) {
			return false;
		}
	}
	for (i = n_out; i < PSA_MAX_IOVEC; i++) {
		if (msg->out_size[i] != 0) {
			return false;
		}
	}
	return true;
}

/**
 * The counter of the message's connection. Only the SPM sets msg.rhandle, to
 * what CONNECT attached, so anything else means this partition's state is
 * corrupt: stop rather than count in the wrong place.
 */
static struct counter_slot *counter_of(const psa_msg_t *msg)
{
	struct counter_slot *slot = NULL;
	size_t i;

	for (i = 0; i < COUNTER_MAX_CONNECTIONS; i++) {
		if (msg->rhandle == &counter_pool[i] && counter_pool[i].used) {
			slot = &counter_pool[i];
		}
	}
	if (slot == NULL) {
		psa_panic();
	}
	return slot;
}

/** PSA_IPC_CONNECT: gives the new connection a counter, or refuses it. */
static psa_status_t counter_connect(const psa_msg_t *msg)
{
	size_t i;

	for (i = 0; i < COUNTER_MAX_CONNECTIONS; i++) {
		if (!counter_pool[i].used) {
			counter_pool[i].used = true;
			counter_pool[i].value = 0;
			psa_set_rhandle(msg->handle, &counter_pool[i]);
			return PSA_SUCCESS;
		}
	}
	return PSA_ERROR_CONNECTION_BUSY;
}

/** PSA_IPC_DISCONNECT: returns the connection's counter to the pool. */
static psa_status_t counter_disconnect(const psa_msg_t *msg)
{
	struct counter_slot *slot = counter_of(msg);

	slot->used = false;
	slot->value = 0;
	/* The SPM ignores the status of a DISCONNECT reply. */
	return PSA_SUCCESS;
}

/** COUNTER_INCREMENT: in_vec[0] optional step, out_vec[0] optional result. */
static psa_status_t counter_increment(const psa_msg_t *msg,
                                      struct counter_slot *slot)
{
	uint32_t step = 1;
	size_t in = msg->in_size[0];
	size_t out = msg->out_size[0];

	if (!counter_only_vectors(msg, 1, 1) ||
	    (in != 0 && in != sizeof(step)) ||
	    (out != 0 && out != sizeof(slot->value))) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	if (in != 0 && psa_read(msg->handle, 0, &step, in) != in) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	/* Unsigned arithmetic: the counter wraps, as the interface says. */
	slot->value += step;
	if (out != 0) {
		psa_write(msg->handle, 0, &slot->value, sizeof(slot->value));
	}
	return PSA_SUCCESS;
}

/** COUNTER_READ: out_vec[0] receives the value. */
static psa_status_t counter_read(const psa_msg_t *msg,
                                 const struct counter_slot *slot)
{
	if (!counter_only_vectors(msg, 0, 1) ||
	    msg->out_size[0] != sizeof(slot->value)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	psa_write(msg->handle, 0, &slot->value, sizeof(slot->value));
	return PSA_SUCCESS;
}

/** COUNTER_RESET: no vectors. */
static psa_status_t counter_reset(const psa_msg_t *msg,
                                  struct counter_slot *slot)
{
	if (!counter_only_vectors(msg, 0, 0)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	slot->value = 0;
	return PSA_SUCCESS;
}

/** A request of a client-chosen type on an open connection. */
static psa_status_t counter_call(const psa_msg_t *msg)
{
	struct counter_slot *slot = counter_of(msg);

	switch (msg->type) {
	case COUNTER_INCREMENT:
		return counter_increment(msg, slot);
	case COUNTER_READ:
		return counter_read(msg, slot);
	case COUNTER_RESET:
		return counter_reset(msg, slot);
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}

/** Takes one message for COUNTER and replies to it. */
static void counter_serve(void)
{
	psa_status_t status;
	psa_msg_t msg;

	/* No message although the signal was seen: nothing to answer. */
	if (psa_get(COUNTER_SIGNAL, &msg) != PSA_SUCCESS) {
		return;
	}
	switch (msg.type) {
	case PSA_IPC_CONNECT:
		status = counter_connect(&msg);
		break;
	case PSA_IPC_DISCONNECT:
		status = counter_disconnect(&msg);
		break;
	default:
		status = counter_call(&msg);
		break;
	}
	psa_reply(msg.handle, status);
}

/** The partition's thread (the manifest's entry_point). */
void counter_main(void)
{
	for (;;) {
		if (psa_wait(COUNTER_SIGNAL, PSA_BLOCK) & COUNTER_SIGNAL) {
			counter_serve();
		}
	}
}
