/*
 * The connection pool: a fixed array of connections with a free list, sized
 * at boot. Handles encode the slot and a rolling counter (see conn.h).
 */
#include "conn.h"

#include <string.h>

#include "spm.h"

struct conn_pool conn_pool;

void conn_pool_clear(void)
{
	/*
	 * Only the slots in use are written: memory never written is never
	 * populated, and the fewer pages the SPM's data populates, the less
	 * changing its protection costs on a host.
	 */
	memset(conn_pool.conns, 0, conn_pool.high * sizeof(conn_pool.conns[0]));
	conn_pool.count = 0;
	conn_pool.in_use = 0;
	conn_pool.high = 0;
	conn_pool.free_list = NULL;
}

void conn_pool_init(uint32_t count)
{
	SPM_CHECK(count > 0 && count <= SPM_MAX_CONNECTIONS);
	conn_pool.count = count;
	if (count > conn_pool.high) {
		conn_pool.high = count;
	}
	conn_pool.in_use = 0;
	conn_pool.free_list = NULL;
	/* Build the free list backwards so slot 0 is handed out first. */
	for (uint32_t i = count; i-- > 0;) {
		struct spm_conn *c = &conn_pool.conns[i];
		/* Handles from before a reset must not match new ones. */
		uint32_t gen = (c->generation + 1u) & CONN_HANDLE_GEN_MASK;

		*c = (struct spm_conn){.slot = i, .generation = gen};
		c->next = conn_pool.free_list;
		conn_pool.free_list = c;
	}
}

uint32_t conn_in_use(void)
{
	return conn_pool.in_use;
}

/** The live connection a handle's slot names, or NULL. */
static struct spm_conn *decode(psa_handle_t h)
{
	uint32_t v = (uint32_t)h;
	uint32_t slot = (v & CONN_HANDLE_SLOT_MASK);

	if (h <= 0 || (v & CONN_STATELESS_BIT) != 0 || slot == 0 ||
	    slot > conn_pool.count) {
		return NULL;
	}
	return &conn_pool.conns[slot - 1u];
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
