/*
 * The connection pool: a fixed array of connections with a free list, sized
 * at boot. Handles encode the slot and a rolling counter (see conn.h).
 */
#include "conn.h"

#include <string.h>

#include "spm.h"

static struct {
	struct spm_conn conns[SPM_MAX_CONNECTIONS];
	uint32_t count;
	uint32_t in_use;
	/** Slots any boot since the last clear used; the rest are zero. */
	uint32_t high;
	struct spm_conn *free_list;
} pool;

void conn_pool_clear(void)
{
	/*
	 * Only the slots in use are written: memory never written is never
	 * populated, and the fewer pages the SPM's data populates, the less
	 * changing its protection costs on a host.
	 */
	memset(pool.conns, 0, pool.high * sizeof(pool.conns[0]));
	pool.count = 0;
	pool.in_use = 0;
	pool.high = 0;
	pool.free_list = NULL;
}

void conn_pool_init(uint32_t count)
{
	SPM_CHECK(count > 0 && count <= SPM_MAX_CONNECTIONS);
	pool.count = count;
	if (count > pool.high) {
		pool.high = count;
	}
	pool.in_use = 0;
	pool.free_list = NULL;
	/* Build the free list backwards so slot 0 is handed out first. */
	for (uint32_t i = count; i-- > 0;) {
		struct spm_conn *c = &pool.conns[i];
		/* Handles from before a reset must not match new ones. */
		uint32_t gen = (c->generation + 1u) & CONN_HANDLE_GEN_MASK;

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
	c->generation = (c->generation + 1) & CONN_HANDLE_GEN_MASK;
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

/** The live connection a handle's slot names, or NULL. */
static struct spm_conn *decode(psa_handle_t h)
{
	uint32_t v = (uint32_t)h;
	uint32_t slot = (v & CONN_HANDLE_SLOT_MASK);

	if (h <= 0 || (v & CONN_STATELESS_BIT) != 0 || slot == 0 ||
	    slot > pool.count) {
		return NULL;
	}
	return &pool.conns[slot - 1u];
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
	/*
	 * One small memset per array, which compiles to a few vector stores
	 * of a zeroed register: this runs on every call, and one memset or
	 * loop over the whole message (which compilers turn into `rep stos`)
	 * cost a third of an SFN call.
	 */
	c->type = type;
	c->status = PSA_SUCCESS;
	c->replied = false;
	c->n_in = 0;
	c->n_out = 0;
	c->client_out = NULL;
	memset(c->in, 0, sizeof(c->in));
	memset(c->out, 0, sizeof(c->out));
	memset(c->in_state, 0, sizeof(c->in_state));
	memset(c->out_state, 0, sizeof(c->out_state));
}
