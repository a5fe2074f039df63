/*
 * The connection pool and handle encoding (spm_core/conn.c), alone: pool
 * allocation and exhaustion, connection and message handles (positive, bit
 * 30 clear, slot + generation) going stale after free, slot reuse and
 * message end, FF-M 1.1 stateless handles, and generations wrapping within
 * 19 bits (a stale handle is refused for 2^19 - 1 reuses of its slot). Links
 * conn.c, fake_spm_check.c and fake_arch.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "conn.h"
#include "fake_arch.h"
#include "spm.h"

#define POOL 4u

/* Stand-ins: conn.c only stores these pointers. */
static struct spm_service svc_a, svc_b;
static struct spm_partition client_a, client_b;

static int setup(void **state)
{
	(void)state;
	fake_arch_reset();
	conn_pool_init(POOL);
	return 0;
}

static uint32_t slot_bits(psa_handle_t h)
{
	return (uint32_t)h & 0x7FFu;
}

static uint32_t gen_bits(psa_handle_t h)
{
	return ((uint32_t)h >> 11) & 0x7FFFFu;
}

/** Allocates every connection of the pool; asserts each is fresh. */
static void alloc_all(struct spm_conn *c[POOL])
{
	for (uint32_t i = 0; i < POOL; i++) {
		c[i] = conn_alloc(&svc_a, &client_a);
		assert_non_null(c[i]);
	}
}

static void test_alloc_fills_connection(void **state)
{
	struct spm_conn *c;

	(void)state;
	assert_int_equal(conn_in_use(), 0);
	c = conn_alloc(&svc_b, &client_b);
	assert_non_null(c);
	assert_int_equal(c->state, CONN_IDLE);
	assert_ptr_equal(c->service, &svc_b);
	assert_ptr_equal(c->client, &client_b);
	assert_null(c->rhandle);
	assert_false(c->stateless);
	assert_null(c->next);
	assert_int_equal(conn_in_use(), 1);
}

static void test_slot_zero_first_then_in_order(void **state)
{
	struct spm_conn *c[POOL];

	(void)state;
	alloc_all(c);
	for (uint32_t i = 0; i < POOL; i++) {
		assert_int_equal(c[i]->slot, i);
		for (uint32_t k = 0; k < i; k++) {
			assert_ptr_not_equal(c[i], c[k]);
		}
	}
}

static void test_exhaustion_returns_null(void **state)
{
	struct spm_conn *c[POOL];

	(void)state;
	alloc_all(c);
	assert_int_equal(conn_in_use(), POOL);
	assert_null(conn_alloc(&svc_a, &client_a));
	assert_int_equal(conn_in_use(), POOL);
}

static void test_free_returns_to_pool(void **state)
{
	struct spm_conn *c[POOL];
	struct spm_conn *again;

	(void)state;
	alloc_all(c);
	conn_free(c[2]);
	assert_int_equal(c[2]->state, CONN_FREE);
	assert_null(c[2]->service);
	assert_null(c[2]->client);
	assert_int_equal(conn_in_use(), POOL - 1);
	again = conn_alloc(&svc_b, &client_b);
	assert_ptr_equal(again, c[2]);
	assert_ptr_equal(again->client, &client_b);
	assert_null(conn_alloc(&svc_a, &client_a));
}

static void test_realloc_clears_previous_use(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	int cookie;

	(void)state;
	c->rhandle = &cookie;
	c->stateless = true;
	conn_free(c);
	c = conn_alloc(&svc_a, &client_a);
	assert_null(c->rhandle);
	assert_false(c->stateless);
}

static void test_handle_encodes_slot_and_generation(void **state)
{
	struct spm_conn *c[POOL];

	(void)state;
	alloc_all(c);
	for (uint32_t i = 0; i < POOL; i++) {
		psa_handle_t h = conn_handle(c[i]);

		assert_true(h > 0);
		assert_int_equal((uint32_t)h & CONN_STATELESS_BIT, 0);
		assert_int_equal(slot_bits(h), i + 1u);
		assert_int_equal(gen_bits(h), c[i]->generation);
		assert_ptr_equal(conn_from_handle(h), c[i]);
		assert_false(conn_is_stateless_handle(h));
	}
}

static void test_handle_stale_after_free(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	psa_handle_t h = conn_handle(c);
	uint32_t gen = c->generation;

	(void)state;
	conn_free(c);
	assert_int_equal(c->generation, (gen + 1u) & 0x7FFFFu);
	assert_null(conn_from_handle(h));
}

static void test_handle_stale_after_slot_reuse(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	psa_handle_t old = conn_handle(c);
	psa_handle_t now;

	(void)state;
	conn_free(c);
	assert_ptr_equal(conn_alloc(&svc_a, &client_a), c);
	now = conn_handle(c);
	assert_int_not_equal(now, old);
	assert_int_equal(slot_bits(now), slot_bits(old));
	assert_null(conn_from_handle(old));
	assert_ptr_equal(conn_from_handle(now), c);
}

static void test_stateless_connection_has_no_client_handle(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	psa_handle_t h = conn_handle(c);

	(void)state;
	c->stateless = true;
	assert_null(conn_from_handle(h));
	c->stateless = false;
	assert_ptr_equal(conn_from_handle(h), c);
}

static void test_invalid_handle_values_rejected(void **state)
{
	const psa_handle_t bad[] = {
	        PSA_NULL_HANDLE,
	        -1,
	        PSA_ERROR_CONNECTION_REFUSED,
	        INT32_MIN,
	        /* slot beyond the pool, slot 0 with a generation */
	        (psa_handle_t)(POOL + 1u),
	        (psa_handle_t)0x7FF,
	        (psa_handle_t)0x00000800,
	        /* slot 1 with the stateless bit, and with bit 31 */
	        (psa_handle_t)(CONN_STATELESS_BIT | 1u),
	        (psa_handle_t)(0x80000000u | 1u),
	};
	struct spm_conn *c[POOL];

	(void)state;
	alloc_all(c);
	for (uint32_t i = 0; i < POOL; i++) {
		c[i]->state = CONN_ACTIVE;
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(conn_from_handle(bad[i]));
		assert_null(conn_from_msg_handle(bad[i]));
	}
}

static void test_slot_limit_follows_pool_size(void **state)
{
	struct spm_conn *c;

	(void)state;
	/* A handle valid for a bigger pool names no slot of a smaller one. */
	conn_pool_init(8);
	for (int i = 0; i < 8; i++) {
		c = conn_alloc(&svc_a, &client_a);
	}
	assert_ptr_equal(conn_from_handle(conn_handle(c)), c);
	conn_pool_init(2);
	assert_null(conn_from_handle(conn_handle(c)));
}

static void test_msg_handle_requires_active(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	psa_handle_t mh;

	(void)state;
	conn_msg_start(c, PSA_IPC_CALL, NULL, 0, NULL, 0);
	mh = conn_msg_handle(c);
	assert_true(mh > 0);
	assert_int_equal((uint32_t)mh & CONN_STATELESS_BIT, 0);
	assert_int_equal(slot_bits(mh), c->slot + 1u);
	assert_null(conn_from_msg_handle(mh)); /* CONN_IDLE */
	c->state = CONN_QUEUED;
	assert_null(conn_from_msg_handle(mh));
	c->state = CONN_ACTIVE;
	assert_ptr_equal(conn_from_msg_handle(mh), c);
}

static void test_msg_handle_stale_after_end_conn_handle_kept(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	psa_handle_t h = conn_handle(c);
	psa_handle_t first, second;

	(void)state;
	conn_msg_start(c, PSA_IPC_CALL, NULL, 0, NULL, 0);
	c->state = CONN_ACTIVE;
	first = conn_msg_handle(c);
	conn_msg_end(c);
	assert_null(conn_from_msg_handle(first));
	assert_ptr_equal(conn_from_handle(h), c);

	conn_msg_start(c, 3, NULL, 0, NULL, 0);
	second = conn_msg_handle(c);
	assert_int_not_equal(second, first);
	assert_ptr_equal(conn_from_msg_handle(second), c);
	assert_null(conn_from_msg_handle(first));
}

static void test_msg_handle_stale_after_free(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	psa_handle_t mh;

	(void)state;
	conn_msg_start(c, PSA_IPC_CALL, NULL, 0, NULL, 0);
	c->state = CONN_ACTIVE;
	mh = conn_msg_handle(c);
	conn_msg_end(c);
	c->state = CONN_IDLE;
	conn_free(c);
	c = conn_alloc(&svc_a, &client_a);
	conn_msg_start(c, PSA_IPC_CALL, NULL, 0, NULL, 0);
	c->state = CONN_ACTIVE;
	assert_null(conn_from_msg_handle(mh));
}

static void test_msg_start_copies_vectors(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	char a[4], b[8], out_buf[2];
	const psa_invec in[2] = {{a, sizeof(a)}, {b, sizeof(b)}};
	psa_outvec out[1] = {{out_buf, sizeof(out_buf)}};

	(void)state;
	c->status = PSA_ERROR_GENERIC_ERROR;
	c->replied = true;
	conn_msg_start(c, 42, in, 2, out, 1);
	assert_int_equal(c->type, 42);
	assert_int_equal(c->status, PSA_SUCCESS);
	assert_false(c->replied);
	assert_int_equal(c->n_in, 2);
	assert_int_equal(c->n_out, 1);
	assert_ptr_equal(c->client_out, out);
	assert_ptr_equal(c->in[0].base, a);
	assert_int_equal(c->in[1].len, sizeof(b));
	assert_ptr_equal(c->out[0].base, out_buf);
	/* The slots past the vectors stay zero. */
	assert_null(c->in[2].base);
	assert_int_equal(c->in[3].len, 0);
	assert_int_equal(c->out[1].len, 0);
}

static void assert_vectors_clear(const struct spm_conn *c)
{
	assert_int_equal(c->n_in, 0);
	assert_int_equal(c->n_out, 0);
	assert_null(c->client_out);
	for (int i = 0; i < (int)PSA_MAX_IOVEC; i++) {
		assert_null(c->in[i].base);
		assert_int_equal(c->in[i].len, 0);
		assert_null(c->out[i].base);
		assert_int_equal(c->out[i].len, 0);
		assert_int_equal(c->in_state[i].done, 0);
		assert_false(c->in_state[i].mapped);
		assert_false(c->in_state[i].unmapped);
		assert_false(c->in_state[i].accessed);
		assert_int_equal(c->out_state[i].done, 0);
		assert_false(c->out_state[i].mapped);
		assert_false(c->out_state[i].unmapped);
		assert_false(c->out_state[i].accessed);
	}
}

static void test_msg_end_clears_progress(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	char buf[4];
	const psa_invec in[3] = {{buf, 4}, {buf, 4}, {buf, 4}};
	psa_outvec out[1] = {{buf, sizeof(buf)}};

	(void)state;
	conn_msg_start(c, 1, in, 3, out, 1);
	/* The service's progress through the vectors. */
	for (int i = 0; i < 3; i++) {
		c->in_state[i] = (struct conn_vec){3, true, true, true};
	}
	c->out_state[0] = (struct conn_vec){2, true, false, true};
	conn_msg_end(c);
	assert_vectors_clear(c);

	/* The next message, with fewer vectors, sees none of the last. */
	conn_msg_start(c, 2, in, 1, NULL, 0);
	assert_int_equal(c->in_state[0].done, 0);
	assert_false(c->in_state[0].mapped);
	assert_null(c->in[1].base);
	assert_int_equal(c->in_state[2].done, 0);
	conn_msg_end(c);
	assert_vectors_clear(c);
}

static void test_stateless_handle_encoding(void **state)
{
	(void)state;
	assert_int_equal(conn_stateless_handle(1, 1), 0x40000100);
	assert_int_equal(conn_stateless_handle(32, 0xFF), 0x4000FF1F);
	assert_int_equal(conn_stateless_handle(5, 0x12), 0x40001204);
	for (uint32_t index = 1; index <= 32; index++) {
		for (uint32_t version = 0; version <= 0xFF; version += 0x33) {
			psa_handle_t h = conn_stateless_handle(index, version);

			assert_true(h > 0);
			assert_true(conn_is_stateless_handle(h));
			assert_int_equal((uint32_t)h & ~0x4000FF1Fu, 0);
			assert_int_equal(conn_stateless_index(h), index);
			assert_int_equal(conn_stateless_version(h), version);
		}
	}
}

static void test_stateless_marker_only_on_positive(void **state)
{
	(void)state;
	assert_false(conn_is_stateless_handle(PSA_NULL_HANDLE));
	assert_false(conn_is_stateless_handle((psa_handle_t)0xC0000100u));
	assert_false(conn_is_stateless_handle(0x3FFFFFFF));
	assert_true(conn_is_stateless_handle(0x40000000));
}

/** The generation's wrap: 2^19 frees of one slot (conn.h). */
#define GEN_WRAP 0x80000u

static void test_generation_wraps_within_19_bits(void **state)
{
	struct spm_conn *c;
	psa_handle_t first;

	(void)state;
	conn_pool_init(1);
	c = conn_alloc(&svc_a, &client_a);
	first = conn_handle(c);
	for (uint32_t i = 1; i <= GEN_WRAP; i++) {
		psa_handle_t h;

		conn_free(c);
		assert_ptr_equal(conn_alloc(&svc_a, &client_a), c);
		h = conn_handle(c);
		if (h <= 0 || ((uint32_t)h & 0xC0000000u) != 0 ||
		    c->generation > 0x7FFFFu || conn_from_handle(h) != c) {
			fail_msg("cycle %u: bad handle 0x%x", i, (unsigned)h);
		}
		/* The first handle stays stale until the wrap. */
		if (i < GEN_WRAP && conn_from_handle(first) != NULL) {
			fail_msg("the stale handle was accepted after %u "
			         "cycles",
			         i);
		}
	}
	/* 2^19 frees later the counter is back where it started. */
	assert_int_equal(conn_handle(c), first);
}

/* The old 14-bit generation let a stale handle back in after 16,384
 * connect/close cycles; now it is still refused there and far beyond. */
static void test_stale_handle_refused_past_old_wrap(void **state)
{
	struct spm_conn *c;
	psa_handle_t stale;

	(void)state;
	conn_pool_init(1);
	c = conn_alloc(&svc_a, &client_a);
	stale = conn_handle(c);
	for (uint32_t i = 0; i < 0x4000u; i++) {
		conn_free(c);
		assert_ptr_equal(conn_alloc(&svc_a, &client_a), c);
	}
	assert_int_not_equal(conn_handle(c), stale);
	assert_null(conn_from_handle(stale));
	for (uint32_t i = 0x4000u; i < GEN_WRAP - 1u; i++) {
		conn_free(c);
		assert_ptr_equal(conn_alloc(&svc_a, &client_a), c);
	}
	assert_null(conn_from_handle(stale));
}

static void test_msg_seq_wraps_within_19_bits(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	psa_handle_t first = conn_msg_handle(c);

	(void)state;
	c->state = CONN_ACTIVE;
	for (uint32_t i = 1; i <= GEN_WRAP; i++) {
		psa_handle_t mh;

		conn_msg_end(c);
		mh = conn_msg_handle(c);
		if (mh <= 0 || ((uint32_t)mh & 0xC0000000u) != 0 ||
		    c->msg_seq > 0x7FFFFu || conn_from_msg_handle(mh) != c ||
		    (i < GEN_WRAP && mh == first)) {
			fail_msg("message %u: bad handle 0x%x", i,
			         (unsigned)mh);
		}
	}
	assert_int_equal(conn_msg_handle(c), first);
}

static void test_largest_pool_last_slot(void **state)
{
	struct spm_conn *c = NULL;

	(void)state;
	conn_pool_init(SPM_MAX_CONNECTIONS);
	for (uint32_t i = 0; i < SPM_MAX_CONNECTIONS; i++) {
		c = conn_alloc(&svc_a, &client_a);
		assert_non_null(c);
	}
	assert_null(conn_alloc(&svc_a, &client_a));
	assert_int_equal(slot_bits(conn_handle(c)), SPM_MAX_CONNECTIONS);
	assert_ptr_equal(conn_from_handle(conn_handle(c)), c);
}

static void test_pool_size_checked(void **state)
{
	volatile enum fake_escape e = FAKE_RETURNED;

	(void)state;
	FAKE_CATCH(e, conn_pool_init(0));
	assert_int_equal(e, FAKE_FATAL);
	FAKE_CATCH(e, conn_pool_init(SPM_MAX_CONNECTIONS + 1u));
	assert_int_equal(e, FAKE_FATAL);
	assert_int_equal(fake_arch.fatals, 2);
}

static void test_double_free_is_an_invariant_failure(void **state)
{
	struct spm_conn *c = conn_alloc(&svc_a, &client_a);
	volatile enum fake_escape e = FAKE_RETURNED;

	(void)state;
	conn_free(c);
	FAKE_CATCH(e, conn_free(c));
	assert_int_equal(e, FAKE_FATAL);
	assert_non_null(fake_arch.fatal_what);
	assert_int_equal(conn_in_use(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
	        T(test_alloc_fills_connection),
	        T(test_slot_zero_first_then_in_order),
	        T(test_exhaustion_returns_null),
	        T(test_free_returns_to_pool),
	        T(test_realloc_clears_previous_use),
	        T(test_handle_encodes_slot_and_generation),
	        T(test_handle_stale_after_free),
	        T(test_handle_stale_after_slot_reuse),
	        T(test_stateless_connection_has_no_client_handle),
	        T(test_invalid_handle_values_rejected),
	        T(test_slot_limit_follows_pool_size),
	        T(test_msg_handle_requires_active),
	        T(test_msg_handle_stale_after_end_conn_handle_kept),
	        T(test_msg_handle_stale_after_free),
	        T(test_msg_start_copies_vectors),
	        T(test_msg_end_clears_progress),
	        T(test_stateless_handle_encoding),
	        T(test_stateless_marker_only_on_positive),
	        T(test_generation_wraps_within_19_bits),
	        T(test_stale_handle_refused_past_old_wrap),
	        T(test_msg_seq_wraps_within_19_bits),
	        T(test_largest_pool_last_slot),
	        T(test_pool_size_checked),
	        T(test_double_free_is_an_invariant_failure),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
