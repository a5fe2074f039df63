/*
 * Connections and the messages they carry.
 *
 * A connection joins one client to one service. Connection-based services get
 * one at psa_connect() that lives until psa_close(); a stateless service call
 * takes one for the length of the call. Each connection carries at most one
 * message at a time (a client blocks in psa_call), so the message lives in the
 * connection, as in TF-M.
 *
 * Handles: a connection handle is positive and encodes the pool slot (bits
 * 0..10, slot + 1: up to 2047, room for the SPM_MAX_CONNECTIONS slots) and
 * a rolling generation (bits 11..29, 19 bits), so that a handle kept after
 * psa_close() or after its slot was reused is recognised as stale. The
 * generation wraps after 2^19 = 524,288 frees of one slot: only then can a
 * stale handle of that slot match again. Bit 30 is never set: that bit
 * marks FF-M 1.1 stateless handles; bit 31 would make the handle negative. A
 * message handle has the same shape with a per-message sequence number in place
 * of the generation, so a message handle kept past psa_reply() is stale too,
 * while the client's connection handle stays valid.
 */
#ifndef SPM_CONN_H
#define SPM_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "psa/client.h"
#include "psa/service.h"
#include "spm.h"

#define CONN_STATELESS_BIT 0x40000000u

enum conn_state {
	CONN_FREE = 0,
	/** Connected, no message in flight. */
	CONN_IDLE,
	/** A message sent, not yet taken by psa_get(). */
	CONN_QUEUED,
	/** A message taken by psa_get(), not yet replied to. */
	CONN_ACTIVE,
};

/** Per-vector progress of the message's service. */
struct conn_vec {
	size_t done;   /* bytes read/skipped (in) or written (out) */
	bool mapped;   /* psa_map_*vec() done */
	bool unmapped; /* psa_unmap_*vec() done */
	bool accessed; /* psa_read/skip/write used it */
};

struct spm_conn {
	enum conn_state state;
	uint32_t slot;
	/** Bumped on every free, so old connection handles go stale. */
	uint32_t generation;
	/** Bumped on every message end, so old message handles go stale. */
	uint32_t msg_seq;
	struct spm_service *service;
	struct spm_partition *client;
	/**
	 * The client id of the client that made the connection: the
	 * partition's id, or for the non-secure side the id of the thread
	 * that called (several non-secure clients share one partition), or
	 * for a non-secure agent the id of the client it called for.
	 */
	int32_t client_id;
	void *rhandle;
	bool stateless;
	/**
	 * The message in flight: every field from here to the queue link
	 * belongs to it. Between messages the vector slots (in, out and
	 * their progress) are all zero: conn_msg_end() clears the ones a
	 * message used, so conn_msg_start() writes only the ones it uses.
	 */
	int32_t type;
	psa_invec in[PSA_MAX_IOVEC];
	psa_outvec out[PSA_MAX_IOVEC];
	/** The client's outvec array, where lengths go back at reply. */
	psa_outvec *client_out;
	size_t n_in, n_out;
	struct conn_vec in_state[PSA_MAX_IOVEC];
	struct conn_vec out_state[PSA_MAX_IOVEC];
	psa_status_t status;
	bool replied;
	/** Queue link in the service's message queue. */
	struct spm_conn *next;
};

/**
 * Forgets every connection and generation: a power-on, after which the
 * handles of a new system are those of the first one, so the same run gives
 * the same handles (and the same trace). A reset keeps the generations.
 */
void conn_pool_clear(void);

/** Sets up an empty pool of @count connections (count <= the static max). */
void conn_pool_init(uint32_t count);

/**
 * The pool. Private to conn.c but for conn_alloc() and conn_free(), which
 * are inline because every stateless psa_call() takes and returns one.
 */
struct conn_pool {
	struct spm_conn conns[SPM_MAX_CONNECTIONS];
	uint32_t count;
	uint32_t in_use;
	/** Slots any boot since the last clear used; the rest are zero. */
	uint32_t high;
	struct spm_conn *free_list;
};

extern struct conn_pool conn_pool;

/** Takes a free connection to @svc for @client; NULL when none is free. */
static inline struct spm_conn *conn_alloc(struct spm_service *svc,
                                          struct spm_partition *client)
{
	struct spm_conn *c = conn_pool.free_list;

	if (c == NULL) {
		return NULL;
	}
	conn_pool.free_list = c->next;
	conn_pool.in_use++;
	c->next = NULL;
	c->state = CONN_IDLE;
	c->service = svc;
	c->client = client;
	c->client_id = spm_client_id(client);
	c->rhandle = NULL;
	c->stateless = false;
	return c;
}

/** The number of connections in use. */
uint32_t conn_in_use(void);

/* Handle encoding (see the top of this file); inline, as every call uses it. */
#define CONN_HANDLE_SLOT_BITS 11u
#define CONN_HANDLE_SLOT_MASK ((1u << CONN_HANDLE_SLOT_BITS) - 1u)
#define CONN_HANDLE_GEN_SHIFT CONN_HANDLE_SLOT_BITS
/** Bits 11..29: everything below the stateless bit 30 the slot leaves. */
#define CONN_HANDLE_GEN_MASK  ((1u << (30u - CONN_HANDLE_SLOT_BITS)) - 1u)

_Static_assert(SPM_MAX_CONNECTIONS <= CONN_HANDLE_SLOT_MASK,
               "the slot field must hold every slot + 1");
_Static_assert(((CONN_HANDLE_GEN_MASK << CONN_HANDLE_GEN_SHIFT) &
                CONN_STATELESS_BIT) == 0,
               "the generation must stay below the stateless bit");

/** Packs a slot and a counter into a positive handle without bit 30. */
static inline psa_handle_t conn_encode(uint32_t slot, uint32_t counter)
{
	return (psa_handle_t)(((counter & CONN_HANDLE_GEN_MASK)
	                       << CONN_HANDLE_GEN_SHIFT) |
	                      (slot + 1u));
}

/** The client-side handle of @c. */
static inline psa_handle_t conn_handle(const struct spm_conn *c)
{
	return conn_encode(c->slot, c->generation);
}

/** The message handle for the message now in @c. */
static inline psa_handle_t conn_msg_handle(const struct spm_conn *c)
{
	return conn_encode(c->slot, c->msg_seq);
}

/** The connection behind client handle @h, or NULL when not live. */
struct spm_conn *conn_from_handle(psa_handle_t h);

/** The connection of message handle @h, or NULL when stale or invalid. */
struct spm_conn *conn_from_msg_handle(psa_handle_t h);

/**
 * Starts a message of @type on @c carrying @n_in input and @n_out output
 * vectors (copied; @out is where the lengths go back at reply). Inline:
 * every call starts one.
 */
static inline void conn_msg_start(struct spm_conn *c, int32_t type,
                                  const psa_invec *in, size_t n_in,
                                  psa_outvec *out, size_t n_out)
{
	c->type = type;
	c->status = PSA_SUCCESS;
	c->replied = false;
	c->client_out = out;
	c->n_in = n_in;
	c->n_out = n_out;
	for (size_t i = 0; i < n_in; i++) {
		c->in[i] = in[i];
	}
	for (size_t i = 0; i < n_out; i++) {
		c->out[i] = out[i];
	}
}

/**
 * Ends the message on @c: message handles of it go stale, and the vector
 * slots it used are cleared for the next one.
 */
static inline void conn_msg_end(struct spm_conn *c)
{
	c->msg_seq = (c->msg_seq + 1u) & CONN_HANDLE_GEN_MASK;
	if (c->n_in != 0 || c->n_out != 0) {
		/* Whole arrays: fixed sizes compile to a few vector stores,
		 * where a loop over the used slots becomes memset calls. */
		memset(c->in, 0, sizeof(c->in));
		memset(c->out, 0, sizeof(c->out));
		memset(c->in_state, 0, sizeof(c->in_state));
		memset(c->out_state, 0, sizeof(c->out_state));
		c->n_in = 0;
		c->n_out = 0;
	}
	c->client_out = NULL;
}

/** Returns @c to the pool; its handles go stale. */
static inline void conn_free(struct spm_conn *c)
{
	SPM_CHECK(c->state != CONN_FREE);
	c->state = CONN_FREE;
	c->generation = (c->generation + 1u) & CONN_HANDLE_GEN_MASK;
	c->service = NULL;
	c->client = NULL;
	c->next = conn_pool.free_list;
	conn_pool.free_list = c;
	conn_pool.in_use--;
}

/** Builds an FF-M 1.1 stateless handle from its index (1..32) and version. */
static inline psa_handle_t conn_stateless_handle(uint32_t index,
                                                 uint32_t version)
{
	return (psa_handle_t)(CONN_STATELESS_BIT | ((version & 0xFFu) << 8) |
	                      ((index - 1u) & 0x1Fu));
}

/** True when @h has the stateless marker bit. */
static inline bool conn_is_stateless_handle(psa_handle_t h)
{
	return h > 0 && ((uint32_t)h & CONN_STATELESS_BIT) != 0;
}

/** The manifest index (1..32) encoded in stateless @h. */
static inline uint32_t conn_stateless_index(psa_handle_t h)
{
	return ((uint32_t)h & 0x1Fu) + 1u;
}

/** The service version encoded in stateless @h. */
static inline uint32_t conn_stateless_version(psa_handle_t h)
{
	return ((uint32_t)h >> 8) & 0xFFu;
}

#endif /* SPM_CONN_H */
