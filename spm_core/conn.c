/*
 * The connection pool: a fixed array of connections with a free list, sized
 * at boot. Handles encode the slot and a rolling counter (see conn.h).
 */
#include "conn.h"

#include "spm.h"

#define HANDLE_SLOT_MASK  0x0000FFFFu
#define HANDLE_GEN_SHIFT  16u
#define HANDLE_GEN_MASK   0x3FFFu

static struct {
	struct spm_conn conns[SPM_MAX_CONNECTIONS];
	uint32_t count;
	uint32_t in_use;
	struct spm_conn *free_list;
} pool;

void conn_pool_init(uint32_t count)
{
	SPM_CHECK(count > 0 && count <= SPM_MAX_CONNECTIONS);
	pool.count = count;
	pool.in_use = 0;
	pool.free_list = NULL;
	/* Build the free list backwards so slot 0 is handed out first. */
	for (uint32_t i = count; i-- > 0;) {
		struct spm_conn *c = &pool.conns[i];
		uint32_t gen = c->generation;

		*c = (struct spm_conn){.slot = i, .generation = gen};
		c->next = pool.free_list;
		pool.free_list = c;
	}
}

struct spm_conn *conn_alloc(struct spm_service *svc,
			    struct spm_partition *client)
{
	struct spm_conn *c = pool.free_list;

	if (c == NULL) {
		return NULL;
	}
	pool.free_list = c->next;
	pool.in_use++;
	c->next = NULL;
	c->state = CONN_IDLE;
	c->service = svc;
	c->client = client;
	c->rhandle = NULL;
	c->stateless = false;
	return c;
}

void conn_free(struct spm_conn *c)
{
	SPM_CHECK(c->state != CONN_FREE);
	c->state = CONN_FREE;
	c->generation = (c->generation + 1) & HANDLE_GEN_MASK;
	c->service = NULL;
	c->client = NULL;
	c->next = pool.free_list;
	pool.free_list = c;
	pool.in_use--;
}

uint32_t conn_in_use(void)
{
	return pool.in_use;
}

/** Packs a slot and a counter into a positive handle without bit 30. */
static psa_handle_t encode(uint32_t slot, uint32_t counter)
{
	return (psa_handle_t)(((counter & HANDLE_GEN_MASK) << HANDLE_GEN_SHIFT) |
			      (slot + 1u));
}

/** The live connection a handle's slot names, or NULL. */
static struct spm_conn *decode(psa_handle_t h)
{
	uint32_t v = (uint32_t)h;
	uint32_t slot = (v & HANDLE_SLOT_MASK);

	if (h <= 0 || (v & CONN_STATELESS_BIT) != 0 || slot == 0 ||
	    slot > pool.count) {
		return NULL;
	}
	return &pool.conns[slot - 1u];
}

psa_handle_t conn_handle(const struct spm_conn *c)
{
	return encode(c->slot, c->generation);
}

struct spm_conn *conn_from_handle(psa_handle_t h)
{
	struct spm_conn *c = decode(h);

	if (c == NULL || c->state == CONN_FREE || c->stateless ||
	    conn_handle(c) != h) {
		return NULL;
	}
	return c;
}

psa_handle_t conn_msg_handle(const struct spm_conn *c)
{
	return encode(c->slot, c->msg_seq);
}

struct spm_conn *conn_from_msg_handle(psa_handle_t h)
{
	struct spm_conn *c = decode(h);

	if (c == NULL || c->state != CONN_ACTIVE || conn_msg_handle(c) != h) {
		return NULL;
	}
	return c;
}

void conn_msg_start(struct spm_conn *c, int32_t type)
{
	c->type = type;
	c->status = PSA_SUCCESS;
	c->replied = false;
	c->n_in = 0;
	c->n_out = 0;
	c->client_out = NULL;
	for (uint32_t i = 0; i < PSA_MAX_IOVEC; i++) {
		c->in[i] = (psa_invec){0};
		c->out[i] = (psa_outvec){0};
		c->in_state[i] = (struct conn_vec){0};
		c->out_state[i] = (struct conn_vec){0};
	}
}

void conn_msg_end(struct spm_conn *c)
{
	c->msg_seq = (c->msg_seq + 1) & HANDLE_GEN_MASK;
}

psa_handle_t conn_stateless_handle(uint32_t index, uint32_t version)
{
	return (psa_handle_t)(CONN_STATELESS_BIT | ((version & 0xFFu) << 8) |
			      ((index - 1u) & 0x1Fu));
}

bool conn_is_stateless_handle(psa_handle_t h)
{
	return h > 0 && ((uint32_t)h & CONN_STATELESS_BIT) != 0;
}

uint32_t conn_stateless_index(psa_handle_t h)
{
	return ((uint32_t)h & 0x1Fu) + 1u;
}

uint32_t conn_stateless_version(psa_handle_t h)
{
	return ((uint32_t)h >> 8) & 0xFFu;
}
