/*
 * The mailbox non-secure agent built from its TF-M-style manifest
 * (partitions/ns_agent_mailbox/, ns_agent and client_id_base/limit through
 * the manifest compiler) with the samples: a second core's clients echo
 * through it beside TrustZone clients, in both protection modes, and a
 * reset under them leaves none hanging.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "psa/client.h"
#include "psa_manifest/sid.h"
#include "spmsim/spmsim.h"

#define THREADS 10
#define CALLS   120

struct client {
	unsigned index;
	unsigned done;
	unsigned wrong;
	psa_status_t last;
};

static struct client clients[THREADS];
static struct spmsim_ns_thread threads[THREADS];

/** Echoes (index, sequence) pairs until CALLS are done or a call fails. */
static void ns_echo(void *arg)
{
	struct client *c = arg;
	psa_handle_t h = psa_connect(ECHO_SID, ECHO_VERSION);

	c->last = h;
	while (h > 0 && c->done < CALLS) {
		uint32_t sent[2] = {c->index, c->done}, got[2] = {0, 0};
		uint32_t model = 0;
		psa_invec in = {sent, sizeof(sent)};
		psa_outvec out[2] = {{got, sizeof(got)},
		                     {&model, sizeof(model)}};

		c->last = psa_call(h, PSA_IPC_CALL, &in, 1, out, 2);
		if (c->last != PSA_SUCCESS) {
			return;
		}
		c->wrong += out[0].len != sizeof(got) ||
		            memcmp(sent, got, sizeof(got)) != 0;
		c->done++;
	}
	if (h > 0) {
		psa_close(h);
	}
}

/** A run of THREADS clients, the first @mailbox of the other core. */
static enum spmsim_exit run(unsigned mailbox, unsigned slots,
                            struct spmsim_ns_run *r)
{
	memset(clients, 0, sizeof(clients));
	memset(threads, 0, sizeof(threads));
	for (unsigned i = 0; i < THREADS; i++) {
		clients[i].index = i;
		threads[i] = (struct spmsim_ns_thread){.fn = ns_echo,
		                                       .arg = &clients[i],
		                                       .mailbox = i < mailbox};
	}
	*r = (struct spmsim_ns_run){
	        .threads = threads, .count = THREADS, .mailbox_slots = slots};
	return spmsim_run_ns_threads(r);
}

static void echoes(enum spmsim_protection protection, unsigned slots)
{
	struct spmsim_config cfg = {.protection = protection};
	struct spmsim_ns_run r;

	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	assert_int_equal(run(8, slots, &r), SPMSIM_EXIT_RETURNED);
	for (unsigned i = 0; i < THREADS; i++) {
		assert_int_equal(clients[i].done, CALLS);
		assert_int_equal(clients[i].wrong, 0);
		assert_int_equal(threads[i].calls, CALLS + 2);
	}
	/* Connect, the calls and close of each mailbox client: once each. */
	assert_int_equal(r.mailbox.posted, 8 * (CALLS + 2));
	assert_int_equal(r.mailbox.replied, r.mailbox.posted);
	spmsim_shutdown();
}

/** Mailbox and TrustZone clients echo at once, with 1 and 8 slots. */
static void test_echoes_through_the_mailbox(void **state)
{
	(void)state;
	echoes(SPMSIM_PROTECTION_TRAP, 8);
	echoes(SPMSIM_PROTECTION_TRAP, 1);
	echoes(SPMSIM_PROTECTION_CHECK, 4);
}

/** A reset while the agent serves: every client is told, none hangs. */
static void test_reset_under_the_mailbox(void **state)
{
	struct spmsim_ns_run r;

	(void)state;
	assert_int_equal(spmsim_boot(NULL), PSA_SUCCESS);
	spmsim_reset_after(400);
	assert_int_equal(run(8, 2, &r), SPMSIM_EXIT_RESET);
	for (unsigned i = 0; i < THREADS; i++) {
		assert_true(threads[i].cut_short);
		assert_int_equal(clients[i].last,
		                 PSA_ERROR_COMMUNICATION_FAILURE);
	}
	assert_int_equal(run(8, 2, &r), SPMSIM_EXIT_RETURNED);
	for (unsigned i = 0; i < THREADS; i++) {
		assert_int_equal(clients[i].done, CALLS);
	}
	spmsim_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_echoes_through_the_mailbox),
	        cmocka_unit_test(test_reset_under_the_mailbox),
	};

	return cmocka_run_group_tests_name("mailbox", tests, NULL, NULL);
}
