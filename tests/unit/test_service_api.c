/*
 * The service API (spm_core/service_api.c): the message queue and its
 * signal, psa_get, psa_read/psa_skip/psa_write bookkeeping, psa_reply and
 * its status rules, rhandles, doorbells, interrupt signals and mm-iovec.
 * Every misuse must panic the calling partition; the non-secure side gets
 * PROGRAMMER_ERROR and no panic.
 *
 * No client API here: a test builds the message a client would send with
 * send() and plays the service by setting spm_sys()->current. Links
 * service_api.c, spm.c, irq.c, conn.c, fake_backend.c, fake_arch.c and
 * fake_irq.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "conn.h"
#include "fake_arch.h"
#include "fake_backend.h"
#include "fake_irq.h"
#include "fake_isolation.h"
#include "frontend.h"
#include "irq.h"
#include "psa/lifecycle.h"
#include "spm.h"

#define SIG_MM    (1u << 4) /* mm_iovec enabled */
#define SIG_PLAIN (1u << 5)
#define SIG_SL    (1u << 6) /* stateless */
#define SIG_SLIH  (1u << 31)
#define SIG_FLIH  (1u << 30)
#define LINE_SLIH 1
#define LINE_FLIH 2
#define SERVER_ID 400
#define OTHER_ID  401
#define SFN_ID    402

static psa_status_t sfn_service(const psa_msg_t *msg)
{
	(void)msg;
	return PSA_SUCCESS;
}

static const struct spm_service_desc server_services[] = {
        {.name = "MM",
         .sid = 0x2000,
         .signal = SIG_MM,
         .version = 1,
         .non_secure_clients = true,
         .connection_based = true,
         .mm_iovec = true},
        {.name = "PLAIN",
         .sid = 0x2001,
         .signal = SIG_PLAIN,
         .version = 1,
         .non_secure_clients = true,
         .connection_based = true},
        {.name = "SL",
         .sid = 0x2002,
         .signal = SIG_SL,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 1},
};
static const struct spm_irq_desc server_irqs[] = {
        {.signal_name = "SLIH_SIGNAL",
         .source = LINE_SLIH,
         .signal = SIG_SLIH,
         .handling = SPM_IRQ_SLIH},
        {.signal_name = "FLIH_SIGNAL",
         .source = LINE_FLIH,
         .signal = SIG_FLIH,
         .handling = SPM_IRQ_FLIH},
};
static const struct spm_service_desc other_services[] = {
        {.name = "OTHER",
         .sid = 0x2100,
         .signal = 1u << 4,
         .version = 1,
         .connection_based = true},
};
static const struct spm_service_desc sfn_services[] = {
        {.name = "SFN",
         .sid = 0x2200,
         .signal = 1u << 4,
         .version = 1,
         .stateless_index = 2,
         .sfn = sfn_service},
};

static const struct spm_partition_desc parts[] = {
        {.name = "SERVER",
         .pid = SERVER_ID,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_NORMAL,
         .model = SPM_MODEL_IPC,
         .services = server_services,
         .n_services = 3,
         .irqs = server_irqs,
         .n_irqs = 2},
        {.name = "OTHER",
         .pid = OTHER_ID,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_NORMAL,
         .model = SPM_MODEL_IPC,
         .services = other_services,
         .n_services = 1},
        {.name = "SFNP",
         .pid = SFN_ID,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_NORMAL,
         .model = SPM_MODEL_SFN,
         .services = sfn_services,
         .n_services = 1},
};
static const struct spm_load_table table = {.version = SPM_LOAD_TABLE_VERSION,
                                            .n_partitions = 3,
                                            .partitions = parts};

static struct spm_partition *server, *other, *sfnp, *ns;
static struct spm_service *svc_mm, *svc_plain, *svc_sl, *svc_other;

static int boot(unsigned level)
{
	struct spm_config cfg = {
	        .table = &table,
	        .backend = &fake_backend_ops,
	        .isolation_level = level,
	        .connections = 8,
	        .lifecycle_state = 0x2000,
	        .ns_client_id = -7,
	};
	char why[128];

	fake_arch_reset();
	fake_backend_reset();
	fake_irq_reset();
	fake_isolation_reset();
	fake_irq.take = spm_irq_handler;
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), 0);
	server = &spm_sys()->partitions[0];
	other = &spm_sys()->partitions[1];
	sfnp = &spm_sys()->partitions[2];
	ns = spm_sys()->ns;
	svc_mm = &server->services[0];
	svc_plain = &server->services[1];
	svc_sl = &server->services[2];
	svc_other = &other->services[0];
	spm_sys()->current = server;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	return boot(1);
}

static int setup_level2(void **state)
{
	(void)state;
	return boot(2);
}

/**
 * Queues a message of @type from @client to @svc, as psa_call() would,
 * with its vectors. Returns its connection.
 */
static struct spm_conn *send(struct spm_partition *client,
                             struct spm_service *svc, int32_t type,
                             const psa_invec *in, size_t n_in, psa_outvec *out,
                             size_t n_out)
{
	struct spm_conn *c = conn_alloc(svc, client);

	assert_non_null(c);
	conn_msg_start(c, type, in, n_in, out, n_out);
	spm_msg_enqueue(c);
	return c;
}

/** Sends a message and takes it as the server; returns its handle. */
static psa_handle_t take(struct spm_service *svc, int32_t type,
                         const psa_invec *in, size_t n_in, psa_outvec *out,
                         size_t n_out)
{
	psa_msg_t msg;

	send(ns, svc, type, in, n_in, out, n_out);
	spm_sys()->current = svc->owner;
	assert_int_equal(psa_get(svc->desc->signal, &msg), PSA_SUCCESS);
	return msg.handle;
}

/** The panic record must name @p, @api and a rule containing @word. */
static void assert_panicked(struct spm_partition *p, const char *api,
                            const char *word)
{
	const struct spm_panic_record *r = &spm_sys()->panic;

	assert_true(r->valid);
	assert_int_equal(r->cause, SPM_PANIC_PROGRAMMER_ERROR);
	assert_int_equal(r->partition_id, p->id);
	assert_string_equal(r->api, api);
	assert_non_null(strstr(r->rule, word));
	spm_sys()->panic.valid = false;
}

/** Runs @stmt as the server and expects it to panic the server. */
#define SERVER_PANICS(stmt, api, word)                                         \
	do {                                                                   \
		volatile enum fake_escape e_ = FAKE_RETURNED;                  \
		spm_sys()->current = server;                                   \
		FAKE_CATCH(e_, stmt);                                          \
		assert_int_equal(e_, FAKE_EXITED);                             \
		assert_panicked(server, api, word);                            \
	} while (0)

/* ----------------------------------------------------- queue and get */

static void test_queue_fifo_and_signal(void **state)
{
	struct spm_conn *c[3];
	psa_msg_t msg;

	(void)state;
	c[0] = send(ns, svc_plain, 1, NULL, 0, NULL, 0);
	assert_int_equal(c[0]->state, CONN_QUEUED);
	assert_int_equal(server->signals_asserted, SIG_PLAIN);
	assert_int_equal(fake_backend.signals_asserted_calls, 1);
	assert_ptr_equal(fake_backend.last_asserted, server);
	c[1] = send(other, svc_plain, 2, NULL, 0, NULL, 0);
	c[2] = send(ns, svc_plain, 3, NULL, 0, NULL, 0);
	assert_int_equal(spm_sys()->counters.messages, 3);

	for (int i = 0; i < 3; i++) {
		assert_int_equal(server->signals_asserted, SIG_PLAIN);
		assert_int_equal(psa_get(SIG_PLAIN, &msg), PSA_SUCCESS);
		assert_int_equal(msg.type, i + 1);
		assert_int_equal(msg.client_id, i == 1 ? OTHER_ID : -7);
		assert_ptr_equal(conn_from_msg_handle(msg.handle), c[i]);
		assert_int_equal(c[i]->state, CONN_ACTIVE);
	}
	/* Cleared when the queue empties, not before. */
	assert_int_equal(server->signals_asserted, 0);
	assert_null(svc_plain->queue_head);
	assert_null(svc_plain->queue_tail);
	assert_int_equal(spm_get_impl(svc_plain, &msg),
	                 PSA_ERROR_DOES_NOT_EXIST);
}

static void test_queue_refills_after_empty(void **state)
{
	psa_msg_t msg;

	(void)state;
	send(ns, svc_plain, 1, NULL, 0, NULL, 0);
	assert_int_equal(spm_get_impl(svc_plain, &msg), PSA_SUCCESS);
	send(ns, svc_plain, 2, NULL, 0, NULL, 0);
	send(ns, svc_plain, 3, NULL, 0, NULL, 0);
	assert_int_equal(server->signals_asserted, SIG_PLAIN);
	assert_int_equal(spm_get_impl(svc_plain, &msg), PSA_SUCCESS);
	assert_int_equal(msg.type, 2);
	assert_int_equal(spm_get_impl(svc_plain, &msg), PSA_SUCCESS);
	assert_int_equal(msg.type, 3);
	assert_int_equal(server->signals_asserted, 0);
}

static void test_queues_are_per_service(void **state)
{
	psa_msg_t msg;

	(void)state;
	send(ns, svc_plain, 1, NULL, 0, NULL, 0);
	send(ns, svc_mm, 2, NULL, 0, NULL, 0);
	assert_int_equal(server->signals_asserted, SIG_PLAIN | SIG_MM);
	assert_int_equal(psa_get(SIG_MM, &msg), PSA_SUCCESS);
	assert_int_equal(msg.type, 2);
	assert_int_equal(server->signals_asserted, SIG_PLAIN);
}

static void test_get_describes_message(void **state)
{
	char a[3], b[5], o[7];
	psa_invec in[] = {{a, 3}, {b, 5}};
	psa_outvec out[] = {{o, 7}};
	struct spm_conn *c;
	int cookie;
	psa_msg_t msg;

	(void)state;
	c = send(other, svc_plain, 12, in, 2, out, 1);
	c->rhandle = &cookie;
	assert_int_equal(psa_get(SIG_PLAIN, &msg), PSA_SUCCESS);
	assert_int_equal(msg.type, 12);
	assert_int_equal(msg.client_id, OTHER_ID);
	assert_ptr_equal(msg.rhandle, &cookie);
	assert_int_equal(msg.handle, conn_msg_handle(c));
	assert_int_equal(msg.in_size[0], 3);
	assert_int_equal(msg.in_size[1], 5);
	assert_int_equal(msg.in_size[2], 0);
	assert_int_equal(msg.in_size[3], 0);
	assert_int_equal(msg.out_size[0], 7);
	assert_int_equal(msg.out_size[1], 0);
}

static void test_get_rules(void **state)
{
	psa_msg_t msg;

	(void)state;
	SERVER_PANICS((void)psa_get(SIG_PLAIN, &msg), "psa_get",
	              "not asserted");
	send(ns, svc_plain, 1, NULL, 0, NULL, 0);
	send(ns, svc_mm, 1, NULL, 0, NULL, 0);
	SERVER_PANICS((void)psa_get(SIG_PLAIN | SIG_MM, &msg), "psa_get",
	              "exactly one bit");
	SERVER_PANICS((void)psa_get(0, &msg), "psa_get", "exactly one bit");
	SERVER_PANICS((void)psa_get(SIG_PLAIN, NULL), "psa_get", "msg");
	server->signals_asserted |= PSA_DOORBELL | SIG_SLIH;
	SERVER_PANICS((void)psa_get(PSA_DOORBELL, &msg), "psa_get",
	              "RoT Service signal");
	SERVER_PANICS((void)psa_get(SIG_SLIH, &msg), "psa_get",
	              "RoT Service signal");
	/* Nothing was taken by the failed calls. */
	assert_int_equal(psa_get(SIG_PLAIN, &msg), PSA_SUCCESS);
}

static void test_get_sfn_partition_panics(void **state)
{
	volatile enum fake_escape e = FAKE_RETURNED;
	psa_msg_t msg;

	(void)state;
	send(ns, &sfnp->services[0], 0, NULL, 0, NULL, 0);
	spm_sys()->current = sfnp;
	FAKE_CATCH(e, (void)psa_get(1u << 4, &msg));
	assert_int_equal(e, FAKE_EXITED);
	assert_panicked(sfnp, "psa_get", "SFN");
}

static void test_wait_rules(void **state)
{
	(void)state;
	SERVER_PANICS((void)psa_wait(1u << 20, PSA_BLOCK), "psa_wait",
	              "signal_mask");
	SERVER_PANICS((void)psa_wait(0, PSA_POLL), "psa_wait", "signal_mask");
	assert_int_equal(fake_backend.wait_calls, 0);
}

static void test_wait_poll_and_block(void **state)
{
	(void)state;
	server->signals_asserted = SIG_PLAIN | PSA_DOORBELL;
	assert_int_equal(psa_wait(PSA_WAIT_ANY, PSA_POLL),
	                 SIG_PLAIN | PSA_DOORBELL);
	assert_int_equal(psa_wait(SIG_PLAIN | SIG_MM, PSA_POLL), SIG_PLAIN);
	assert_int_equal(psa_wait(SIG_MM, PSA_POLL), 0);
	/* Something asserted: no need to block. */
	assert_int_equal(psa_wait(SIG_MM | PSA_DOORBELL, PSA_BLOCK),
	                 PSA_DOORBELL);
	assert_int_equal(fake_backend.wait_calls, 0);
	/* Nothing asserted in the mask: the backend blocks. */
	fake_backend.wait_result = SIG_MM;
	assert_int_equal(psa_wait(SIG_MM, PSA_BLOCK), SIG_MM);
	assert_int_equal(fake_backend.wait_calls, 1);
	assert_ptr_equal(fake_backend.last_wait, server);
	assert_int_equal(fake_backend.last_wait_mask, SIG_MM);
}

/* ------------------------------------------------ read, skip, write */

static void test_read_partial_and_exhausted(void **state)
{
	const char data[] = "0123456789";
	psa_invec in[] = {{data, 10}, {"xy", 2}};
	char buf[16];
	psa_handle_t h = take(svc_plain, 0, in, 2, NULL, 0);

	(void)state;
	assert_int_equal(psa_read(h, 0, buf, 4), 4);
	assert_memory_equal(buf, "0123", 4);
	assert_int_equal(psa_read(h, 0, buf, 100), 6);
	assert_memory_equal(buf, "456789", 6);
	assert_int_equal(psa_read(h, 0, buf, 100), 0);
	/* Vectors keep their own progress. */
	assert_int_equal(psa_read(h, 1, buf, sizeof(buf)), 2);
	assert_memory_equal(buf, "xy", 2);
	/* A vector the client did not pass reads as empty. */
	assert_int_equal(psa_read(h, 3, buf, sizeof(buf)), 0);
	assert_int_equal(psa_read(h, 0, NULL, 0), 0);
}

static void test_skip_clamps(void **state)
{
	const char data[] = "0123456789";
	psa_invec in[] = {{data, 10}};
	char buf[4];
	psa_handle_t h = take(svc_plain, 0, in, 1, NULL, 0);

	(void)state;
	assert_int_equal(psa_skip(h, 0, 3), 3);
	assert_int_equal(psa_read(h, 0, buf, 2), 2);
	assert_memory_equal(buf, "34", 2);
	assert_int_equal(psa_skip(h, 0, 100), 5);
	assert_int_equal(psa_skip(h, 0, 1), 0);
	assert_int_equal(psa_read(h, 0, buf, 4), 0);
	assert_int_equal(psa_skip(h, 2, SIZE_MAX), 0);
}

static void test_read_skip_rules(void **state)
{
	psa_invec in[] = {{"abc", 3}};
	char buf[4];
	psa_handle_t h = take(svc_plain, 0, in, 1, NULL, 0);
	psa_handle_t connect = take(svc_mm, PSA_IPC_CONNECT, NULL, 0, NULL, 0);
	psa_handle_t foreign = take(svc_other, 0, in, 1, NULL, 0);

	(void)state;
	SERVER_PANICS((void)psa_read(h, PSA_MAX_IOVEC, buf, 1), "psa_read",
	              "index");
	SERVER_PANICS((void)psa_skip(h, PSA_MAX_IOVEC, 1), "psa_skip", "index");
	SERVER_PANICS((void)psa_read(connect, 0, buf, 1), "psa_read",
	              "connect or disconnect");
	SERVER_PANICS((void)psa_skip(connect, 0, 1), "psa_skip",
	              "connect or disconnect");
	SERVER_PANICS((void)psa_read(PSA_NULL_HANDLE, 0, buf, 1), "psa_read",
	              "msg_handle");
	SERVER_PANICS((void)psa_read(0x7777, 0, buf, 1), "psa_read",
	              "msg_handle");
	SERVER_PANICS((void)psa_read(foreign, 0, buf, 1), "psa_read",
	              "another partition");
	SERVER_PANICS((void)psa_skip(foreign, 0, 1), "psa_skip",
	              "another partition");
	SERVER_PANICS((void)psa_read(h, 0, NULL, 2), "psa_read", "buffer");
	/* None of them moved the vector on. */
	assert_int_equal(psa_read(h, 0, buf, 3), 3);
}

static void test_disconnect_has_no_vectors(void **state)
{
	psa_handle_t h = take(svc_mm, PSA_IPC_DISCONNECT, NULL, 0, NULL, 0);

	(void)state;
	SERVER_PANICS(psa_write(h, 0, "a", 0), "psa_write",
	              "connect or disconnect");
}

static void test_write_and_reply_report_lengths(void **state)
{
	char o0[8], o1[4], o2[4];
	psa_outvec out[] = {{o0, 8}, {o1, 4}, {o2, 4}};
	psa_handle_t h = take(svc_plain, 0, NULL, 0, out, 3);
	struct spm_conn *c = conn_from_msg_handle(h);

	(void)state;
	psa_write(h, 0, "abc", 3);
	psa_write(h, 0, "de", 2);
	psa_write(h, 1, "wxyz", 4); /* exactly to the end */
	/* Nothing reaches the client before the reply. */
	assert_int_equal(out[0].len, 8);
	psa_reply(h, 5);
	assert_int_equal(out[0].len, 5);
	assert_memory_equal(o0, "abcde", 5);
	assert_int_equal(out[1].len, 4);
	assert_memory_equal(o1, "wxyz", 4);
	assert_int_equal(out[2].len, 0);
	assert_int_equal(c->status, 5);
	assert_true(c->replied);
}

static void test_write_rules(void **state)
{
	char o0[8];
	psa_outvec out[] = {{o0, 8}};
	psa_handle_t h = take(svc_plain, 0, NULL, 0, out, 1);
	psa_handle_t connect = take(svc_mm, PSA_IPC_CONNECT, NULL, 0, NULL, 0);

	(void)state;
	SERVER_PANICS(psa_write(h, 0, "0123456789", 9), "psa_write",
	              "past the end");
	psa_write(h, 0, "012345", 6);
	SERVER_PANICS(psa_write(h, 0, "abc", 3), "psa_write", "past the end");
	SERVER_PANICS(psa_write(h, 1, "a", 1), "psa_write", "past the end");
	SERVER_PANICS(psa_write(h, PSA_MAX_IOVEC, "a", 1), "psa_write",
	              "index");
	SERVER_PANICS(psa_write(h, 0, NULL, 1), "psa_write", "buffer");
	SERVER_PANICS(psa_write(connect, 0, "a", 1), "psa_write",
	              "connect or disconnect");
	psa_write(h, 0, "67", 2);
	psa_write(h, 1, NULL, 0);
	psa_reply(h, PSA_SUCCESS);
	assert_int_equal(out[0].len, 8);
	assert_memory_equal(o0, "01234567", 8);
}

/* ----------------------------------------------------------- replies */

static void test_reply_ends_message_keeps_connection(void **state)
{
	struct spm_conn *c = send(ns, svc_plain, 0, NULL, 0, NULL, 0);
	psa_handle_t conn_h = conn_handle(c);
	psa_msg_t msg;

	(void)state;
	assert_int_equal(psa_get(SIG_PLAIN, &msg), PSA_SUCCESS);
	psa_reply(msg.handle, 3);
	assert_int_equal(c->state, CONN_IDLE);
	assert_null(conn_from_msg_handle(msg.handle));
	assert_ptr_equal(conn_from_handle(conn_h), c);
	assert_int_equal(fake_backend.replied_calls, 1);
	assert_ptr_equal(fake_backend.last_replied, c);
	assert_int_equal(fake_backend.preempt_calls, 1);
	SERVER_PANICS(psa_reply(msg.handle, 0), "psa_reply", "msg_handle");
	SERVER_PANICS((void)psa_read(msg.handle, 0, NULL, 0), "psa_read",
	              "msg_handle");
	assert_int_equal(fake_backend.replied_calls, 1);
}

static void test_msg_handle_not_reused_by_next_message(void **state)
{
	struct spm_conn *c = send(ns, svc_plain, 0, NULL, 0, NULL, 0);
	psa_msg_t first, second;

	(void)state;
	assert_int_equal(psa_get(SIG_PLAIN, &first), PSA_SUCCESS);
	psa_reply(first.handle, PSA_SUCCESS);
	/* The client calls again on the same connection. */
	conn_msg_start(c, 1, NULL, 0, NULL, 0);
	spm_msg_enqueue(c);
	assert_int_equal(psa_get(SIG_PLAIN, &second), PSA_SUCCESS);
	assert_int_not_equal(second.handle, first.handle);
	SERVER_PANICS(psa_reply(first.handle, PSA_SUCCESS), "psa_reply",
	              "msg_handle");
	psa_reply(second.handle, PSA_SUCCESS);
}

static void test_reply_rules(void **state)
{
	psa_handle_t foreign = take(svc_other, 0, NULL, 0, NULL, 0);
	psa_handle_t queued;
	psa_msg_t msg;

	(void)state;
	SERVER_PANICS(psa_reply(foreign, 0), "psa_reply", "another partition");
	SERVER_PANICS(psa_reply(PSA_NULL_HANDLE, 0), "psa_reply", "msg_handle");
	/* A message not yet taken by psa_get() cannot be replied to. */
	queued = conn_msg_handle(send(ns, svc_plain, 0, NULL, 0, NULL, 0));
	SERVER_PANICS(psa_reply(queued, 0), "psa_reply", "msg_handle");
	assert_int_equal(psa_get(SIG_PLAIN, &msg), PSA_SUCCESS);
	psa_reply(msg.handle, 0);
	assert_int_equal(fake_backend.replied_calls, 1);
}

static void test_connect_reply_status_rule(void **state)
{
	const psa_status_t ok[] = {PSA_SUCCESS, PSA_ERROR_CONNECTION_REFUSED,
	                           PSA_ERROR_CONNECTION_BUSY};
	const psa_status_t bad[] = {PSA_ERROR_GENERIC_ERROR, 1,
	                            PSA_ERROR_PROGRAMMER_ERROR,
	                            PSA_ERROR_NOT_PERMITTED};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		psa_handle_t h =
		        take(svc_mm, PSA_IPC_CONNECT, NULL, 0, NULL, 0);
		struct spm_conn *c = conn_from_msg_handle(h);

		psa_reply(h, ok[i]);
		assert_int_equal(c->status, ok[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		psa_handle_t h =
		        take(svc_mm, PSA_IPC_CONNECT, NULL, 0, NULL, 0);

		SERVER_PANICS(psa_reply(h, bad[i]), "psa_reply",
		              "PSA_ERROR_CONNECTION_REFUSED");
		/* The message is still there, unanswered. */
		assert_ptr_not_equal(conn_from_msg_handle(h), NULL);
	}
	assert_int_equal(fake_backend.replied_calls, 3);
}

static void test_call_and_disconnect_reply_status(void **state)
{
	psa_handle_t h;
	struct spm_conn *c;

	(void)state;
	h = take(svc_plain, 0, NULL, 0, NULL, 0);
	c = conn_from_msg_handle(h);
	psa_reply(h, PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(c->status, PSA_ERROR_NOT_SUPPORTED);
	h = take(svc_plain, 0, NULL, 0, NULL, 0);
	c = conn_from_msg_handle(h);
	psa_reply(h, 1234);
	assert_int_equal(c->status, 1234);
	/* A disconnect's status is ignored. */
	h = take(svc_plain, PSA_IPC_DISCONNECT, NULL, 0, NULL, 0);
	c = conn_from_msg_handle(h);
	psa_reply(h, PSA_ERROR_GENERIC_ERROR);
	assert_int_equal(c->status, PSA_SUCCESS);
}

static void test_disconnect_ignores_programmer_error(void **state)
{
	volatile enum fake_escape e = FAKE_EXITED;
	struct spm_conn *c;
	psa_msg_t msg;

	(void)state;
	/* Even PROGRAMMER_ERROR, which would panic a secure caller of a
	 * call, does nothing to a secure client that disconnects. */
	c = send(other, svc_plain, PSA_IPC_DISCONNECT, NULL, 0, NULL, 0);
	assert_int_equal(psa_get(SIG_PLAIN, &msg), PSA_SUCCESS);
	FAKE_CATCH(e, psa_reply(msg.handle, PSA_ERROR_PROGRAMMER_ERROR));
	assert_int_equal(e, FAKE_RETURNED);
	assert_false(spm_sys()->panic.valid);
	assert_int_equal(c->status, PSA_SUCCESS);
	assert_int_equal(fake_backend.replied_calls, 1);
}

static void test_programmer_error_reply_panics_secure_client(void **state)
{
	volatile enum fake_escape e = FAKE_RETURNED;
	struct spm_conn *c;
	psa_msg_t msg;

	(void)state;
	/* A non-secure client gets the status. */
	c = send(ns, svc_plain, 0, NULL, 0, NULL, 0);
	assert_int_equal(psa_get(SIG_PLAIN, &msg), PSA_SUCCESS);
	psa_reply(msg.handle, PSA_ERROR_PROGRAMMER_ERROR);
	assert_int_equal(c->status, PSA_ERROR_PROGRAMMER_ERROR);
	assert_false(spm_sys()->panic.valid);
	/* A secure client is panicked, not the service. */
	send(other, svc_plain, 0, NULL, 0, NULL, 0);
	assert_int_equal(psa_get(SIG_PLAIN, &msg), PSA_SUCCESS);
	FAKE_CATCH(e, psa_reply(msg.handle, PSA_ERROR_PROGRAMMER_ERROR));
	assert_int_equal(e, FAKE_EXITED);
	assert_true(spm_sys()->panic.valid);
	assert_int_equal(spm_sys()->panic.partition_id, OTHER_ID);
	assert_int_equal(spm_sys()->panic.cause, SPM_PANIC_PROGRAMMER_ERROR);
}

static void test_reply_from_sfn_partition_panics(void **state)
{
	volatile enum fake_escape e = FAKE_RETURNED;
	psa_msg_t msg;

	(void)state;
	send(ns, &sfnp->services[0], 0, NULL, 0, NULL, 0);
	assert_int_equal(spm_get_impl(&sfnp->services[0], &msg), PSA_SUCCESS);
	spm_sys()->current = sfnp;
	FAKE_CATCH(e, psa_reply(msg.handle, PSA_SUCCESS));
	assert_int_equal(e, FAKE_EXITED);
	assert_panicked(sfnp, "psa_reply", "SFN");
}

static void test_rhandle(void **state)
{
	int cookie;
	struct spm_conn *c =
	        send(ns, svc_mm, PSA_IPC_CONNECT, NULL, 0, NULL, 0);
	psa_msg_t msg;

	(void)state;
	assert_int_equal(psa_get(SIG_MM, &msg), PSA_SUCCESS);
	assert_null(msg.rhandle);
	psa_set_rhandle(msg.handle, &cookie);
	psa_reply(msg.handle, PSA_SUCCESS);
	conn_msg_start(c, 0, NULL, 0, NULL, 0);
	spm_msg_enqueue(c);
	assert_int_equal(psa_get(SIG_MM, &msg), PSA_SUCCESS);
	assert_ptr_equal(msg.rhandle, &cookie);
}

static void test_rhandle_on_stateless_panics(void **state)
{
	struct spm_conn *c = send(ns, svc_sl, 0, NULL, 0, NULL, 0);
	psa_msg_t msg;
	int cookie;

	(void)state;
	c->stateless = true;
	assert_int_equal(psa_get(SIG_SL, &msg), PSA_SUCCESS);
	SERVER_PANICS(psa_set_rhandle(msg.handle, &cookie), "psa_set_rhandle",
	              "stateless");
	assert_null(c->rhandle);
}

/* -------------------------------------------------------- doorbells */

static void test_notify_and_clear(void **state)
{
	(void)state;
	psa_notify(OTHER_ID);
	assert_int_equal(other->signals_asserted, PSA_DOORBELL);
	assert_int_equal(fake_backend.signals_asserted_calls, 1);
	assert_ptr_equal(fake_backend.last_asserted, other);
	assert_int_equal(fake_backend.preempt_calls, 1);
	assert_int_equal(server->signals_asserted, 0);
	psa_notify(SERVER_ID); /* a partition may ring its own doorbell */
	assert_int_equal(server->signals_asserted, PSA_DOORBELL);
	psa_clear();
	assert_int_equal(server->signals_asserted, 0);
	assert_int_equal(other->signals_asserted, PSA_DOORBELL);
}

static void test_notify_rules(void **state)
{
	(void)state;
	SERVER_PANICS(psa_notify(999), "psa_notify", "partition_id");
	SERVER_PANICS(psa_notify(-7), "psa_notify", "partition_id");
	SERVER_PANICS(psa_notify(0), "psa_notify", "partition_id");
	assert_int_equal(fake_backend.signals_asserted_calls, 0);
}

static void test_clear_without_doorbell_panics(void **state)
{
	(void)state;
	server->signals_asserted = SIG_PLAIN;
	SERVER_PANICS(psa_clear(), "psa_clear", "PSA_DOORBELL");
	assert_int_equal(server->signals_asserted, SIG_PLAIN);
}

/* ------------------------------------------------------- interrupts */

static void test_eoi_slih(void **state)
{
	(void)state;
	server->signals_asserted = SIG_SLIH | SIG_PLAIN;
	server->irq_enabled = 0;
	psa_eoi(SIG_SLIH);
	assert_int_equal(server->signals_asserted, SIG_PLAIN);
	assert_int_equal(server->irq_enabled, 0x1); /* IRQ 0 re-enabled */
	assert_true(fake_irq.enabled[LINE_SLIH]);
	assert_false(fake_irq.enabled[LINE_FLIH]);
}

static void test_slih_cycle(void **state)
{
	(void)state;
	psa_irq_enable(SIG_SLIH);
	assert_true(fake_irq.enabled[LINE_SLIH]);
	fake_irq_raise(LINE_SLIH);
	/* Taken at the next SPM entry: masked and signalled. */
	assert_int_equal(psa_wait(SIG_SLIH, PSA_POLL), SIG_SLIH);
	assert_int_equal(fake_irq.taken, 1);
	assert_false(fake_irq.enabled[LINE_SLIH]);
	assert_int_equal(server->irq_enabled, 0);
	/* Raised again while masked: stays pending until psa_eoi(). */
	fake_irq_raise(LINE_SLIH);
	(void)psa_wait(SIG_SLIH, PSA_POLL);
	assert_int_equal(fake_irq.taken, 1);
	psa_eoi(SIG_SLIH);
	assert_true(fake_irq.enabled[LINE_SLIH]);
	assert_int_equal(server->signals_asserted, 0);
	assert_int_equal(psa_wait(SIG_SLIH, PSA_POLL), SIG_SLIH);
	assert_int_equal(fake_irq.taken, 2);
}

static void test_eoi_rules(void **state)
{
	(void)state;
	SERVER_PANICS(psa_eoi(SIG_SLIH), "psa_eoi", "not asserted");
	server->signals_asserted = SIG_SLIH | SIG_FLIH | SIG_PLAIN;
	SERVER_PANICS(psa_eoi(SIG_FLIH), "psa_eoi", "first-level");
	SERVER_PANICS(psa_eoi(SIG_SLIH | SIG_FLIH), "psa_eoi",
	              "one IRQ signal");
	SERVER_PANICS(psa_eoi(SIG_PLAIN), "psa_eoi", "one IRQ signal");
	SERVER_PANICS(psa_eoi(0), "psa_eoi", "one IRQ signal");
	assert_int_equal(server->signals_asserted,
	                 SIG_SLIH | SIG_FLIH | SIG_PLAIN);
	assert_int_equal(server->irq_enabled, 0);
}

static void test_reset_signal_flih(void **state)
{
	(void)state;
	server->signals_asserted = SIG_FLIH | SIG_SLIH;
	psa_reset_signal(SIG_FLIH);
	assert_int_equal(server->signals_asserted, SIG_SLIH);
	assert_int_equal(server->irq_enabled, 0);
	SERVER_PANICS(psa_reset_signal(SIG_FLIH), "psa_reset_signal",
	              "not asserted");
	SERVER_PANICS(psa_reset_signal(SIG_SLIH), "psa_reset_signal",
	              "second-level");
	SERVER_PANICS(psa_reset_signal(PSA_DOORBELL), "psa_reset_signal",
	              "one IRQ signal");
}

static void test_irq_enable_disable(void **state)
{
	(void)state;
	assert_int_equal(server->irq_enabled, 0); /* FF-M 1.1 */
	assert_false(fake_irq.enabled[LINE_SLIH]);
	assert_false(fake_irq.enabled[LINE_FLIH]);
	assert_int_equal(psa_irq_disable(SIG_FLIH), 0);
	psa_irq_enable(SIG_FLIH);
	assert_int_equal(server->irq_enabled, 0x2);
	assert_true(fake_irq.enabled[LINE_FLIH]);
	assert_false(fake_irq.enabled[LINE_SLIH]);
	psa_irq_enable(SIG_SLIH);
	assert_int_equal(server->irq_enabled, 0x3);
	assert_true(fake_irq.enabled[LINE_SLIH]);
	assert_int_equal(psa_irq_disable(SIG_FLIH), 1);
	assert_int_equal(server->irq_enabled, 0x1);
	assert_false(fake_irq.enabled[LINE_FLIH]);
	assert_true(fake_irq.enabled[LINE_SLIH]);
	assert_int_equal(psa_irq_disable(SIG_FLIH), 0);
	assert_int_equal(psa_irq_disable(SIG_SLIH), 1);
	assert_int_equal(server->irq_enabled, 0);
}

static void test_irq_enable_disable_rules(void **state)
{
	(void)state;
	SERVER_PANICS(psa_irq_enable(PSA_DOORBELL), "psa_irq_enable",
	              "one IRQ signal");
	SERVER_PANICS(psa_irq_enable(SIG_SLIH | SIG_FLIH), "psa_irq_enable",
	              "one IRQ signal");
	SERVER_PANICS((void)psa_irq_disable(SIG_PLAIN), "psa_irq_disable",
	              "one IRQ signal");
	SERVER_PANICS((void)psa_irq_disable(1u << 29), "psa_irq_disable",
	              "one IRQ signal");
	/* Another partition's IRQ signal is not the caller's. */
	spm_sys()->current = other;
	{
		volatile enum fake_escape e = FAKE_RETURNED;

		FAKE_CATCH(e, psa_irq_enable(SIG_SLIH));
		assert_int_equal(e, FAKE_EXITED);
		assert_panicked(other, "psa_irq_enable", "one IRQ signal");
	}
	assert_int_equal(server->irq_enabled, 0);
}

/* ------------------------------------------------------------ mm-iovec */

static void test_mm_outvec_mapped_never_unmapped_reports_zero(void **state)
{
	char o0[8], o1[8];
	psa_outvec out[] = {{o0, 8}, {o1, 8}};
	psa_handle_t h = take(svc_mm, 0, NULL, 0, out, 2);
	char *p0, *p1;

	(void)state;
	p0 = psa_map_outvec(h, 0);
	p1 = psa_map_outvec(h, 1);
	assert_ptr_equal(p0, o0);
	assert_ptr_equal(p1, o1);
	memcpy(p0, "abc", 3);
	memcpy(p1, "defg", 4);
	psa_unmap_outvec(h, 1, 4);
	psa_reply(h, PSA_SUCCESS);
	assert_int_equal(out[0].len, 0);
	assert_int_equal(out[1].len, 4);
	assert_memory_equal(o1, "defg", 4);
}

static void test_mm_invec_map_unmap(void **state)
{
	const char data[] = "hello";
	psa_invec in[] = {{data, 5}};
	psa_handle_t h = take(svc_mm, 0, in, 1, NULL, 0);

	(void)state;
	assert_ptr_equal(psa_map_invec(h, 0), data);
	psa_unmap_invec(h, 0);
	psa_reply(h, PSA_SUCCESS);
	assert_false(spm_sys()->panic.valid);
}

static void test_mm_rules(void **state)
{
	char buf[8], o0[8], o1[8];
	psa_invec in[] = {{"abcd", 4}, {"efgh", 4}, {"", 0}};
	psa_outvec out[] = {{o0, 8}};
	psa_handle_t h = take(svc_mm, 0, in, 3, out, 1);
	psa_handle_t plain = take(svc_plain, 0, in, 1, NULL, 0);
	psa_handle_t connect = take(svc_mm, PSA_IPC_CONNECT, NULL, 0, NULL, 0);

	(void)state;
	(void)o1;
	SERVER_PANICS((void)psa_map_invec(plain, 0), "psa_map_invec",
	              "mm_iovec");
	SERVER_PANICS((void)psa_map_invec(h, 2), "psa_map_invec", "length 0");
	SERVER_PANICS((void)psa_map_outvec(h, 1), "psa_map_outvec", "length 0");
	SERVER_PANICS((void)psa_map_invec(h, PSA_MAX_IOVEC), "psa_map_invec",
	              "index");
	SERVER_PANICS((void)psa_map_invec(connect, 0), "psa_map_invec",
	              "connect or disconnect");
	SERVER_PANICS(psa_unmap_invec(h, 0), "psa_unmap_invec", "not mapped");
	SERVER_PANICS(psa_unmap_outvec(h, 0, 0), "psa_unmap_outvec",
	              "not mapped");

	/* Mapping twice, even after an unmap; no read or skip once mapped. */
	(void)psa_map_invec(h, 0);
	SERVER_PANICS((void)psa_map_invec(h, 0), "psa_map_invec",
	              "already mapped");
	SERVER_PANICS((void)psa_read(h, 0, buf, 1), "psa_read", "mapped");
	SERVER_PANICS((void)psa_skip(h, 0, 1), "psa_skip", "mapped");
	psa_unmap_invec(h, 0);
	SERVER_PANICS(psa_unmap_invec(h, 0), "psa_unmap_invec", "not mapped");
	SERVER_PANICS((void)psa_map_invec(h, 0), "psa_map_invec",
	              "already mapped");

	/* No mapping after a read. */
	assert_int_equal(psa_read(h, 1, buf, 1), 1);
	SERVER_PANICS((void)psa_map_invec(h, 1), "psa_map_invec",
	              "already read or written");

	/* Output: no write once mapped, no unmap longer than the vector. */
	(void)psa_map_outvec(h, 0);
	SERVER_PANICS(psa_write(h, 0, "a", 1), "psa_write", "mapped");
	SERVER_PANICS(psa_unmap_outvec(h, 0, 9), "psa_unmap_outvec", "larger");
	psa_unmap_outvec(h, 0, 8);
	psa_reply(h, PSA_SUCCESS);
	assert_int_equal(out[0].len, 8);
}

static void test_mm_map_after_write_panics(void **state)
{
	char o0[8];
	psa_outvec out[] = {{o0, 8}};
	psa_handle_t h = take(svc_mm, 0, NULL, 0, out, 1);

	(void)state;
	psa_write(h, 0, "a", 1);
	SERVER_PANICS((void)psa_map_outvec(h, 0), "psa_map_outvec",
	              "already read or written");
}

static void test_mm_level_1_only(void **state)
{
	psa_invec in[] = {{"abcd", 4}};
	char o0[4];
	psa_outvec out[] = {{o0, 4}};
	psa_handle_t h = take(svc_mm, 0, in, 1, out, 1);

	(void)state;
	assert_int_equal(spm_sys()->config.isolation_level, 2);
	SERVER_PANICS((void)psa_map_invec(h, 0), "psa_map_invec",
	              "isolation level 1");
	SERVER_PANICS((void)psa_map_outvec(h, 0), "psa_map_outvec",
	              "isolation level 1");
	SERVER_PANICS(psa_unmap_invec(h, 0), "psa_unmap_invec",
	              "isolation level 1");
}

/* ------------------------------------------------------------- others */

static void test_ns_caller_gets_programmer_error(void **state)
{
	char buf[4];
	volatile enum fake_escape e = FAKE_FATAL;
	psa_handle_t h = take(svc_plain, 0, NULL, 0, NULL, 0);
	psa_msg_t msg;

	(void)state;
	spm_sys()->current = ns;
	server->signals_asserted = SIG_SLIH | PSA_DOORBELL;
	FAKE_CATCH(e, {
		assert_int_equal(psa_wait(PSA_WAIT_ANY, PSA_POLL), 0);
		assert_int_equal(psa_get(SIG_PLAIN, &msg),
		                 PSA_ERROR_PROGRAMMER_ERROR);
		assert_int_equal(psa_read(h, 0, buf, 4), 0);
		assert_int_equal(psa_skip(h, 0, 4), 0);
		psa_write(h, 0, buf, 4);
		psa_reply(h, PSA_SUCCESS);
		psa_set_rhandle(h, NULL);
		psa_notify(SERVER_ID);
		psa_clear();
		psa_eoi(SIG_SLIH);
		psa_reset_signal(SIG_FLIH);
		psa_irq_enable(SIG_SLIH);
		assert_int_equal(psa_irq_disable(SIG_SLIH), 0);
		assert_null(psa_map_invec(h, 0));
		psa_unmap_invec(h, 0);
		assert_null(psa_map_outvec(h, 0));
		psa_unmap_outvec(h, 0, 0);
	});
	assert_int_equal(e, FAKE_RETURNED);
	assert_false(spm_sys()->panic.valid);
	/* Nothing changed on the secure side. */
	assert_int_equal(server->signals_asserted, SIG_SLIH | PSA_DOORBELL);
	assert_int_equal(server->irq_enabled, 0);
	assert_int_equal(fake_backend.replied_calls, 0);
	assert_ptr_not_equal(conn_from_msg_handle(h), NULL);
}

static void test_service_calls_outside_the_system(void **state)
{
	psa_handle_t h = take(svc_plain, 0, NULL, 0, NULL, 0);
	volatile enum fake_escape e = FAKE_FATAL;
	psa_msg_t msg;

	(void)state;
	spm_sys()->current = NULL;
	server->signals_asserted = PSA_DOORBELL;
	FAKE_CATCH(e, {
		assert_int_equal(psa_wait(PSA_WAIT_ANY, PSA_POLL), 0);
		assert_int_not_equal(psa_get(SIG_PLAIN, &msg), PSA_SUCCESS);
		psa_reply(h, PSA_SUCCESS);
		psa_notify(SERVER_ID);
		psa_clear();
	});
	assert_int_equal(e, FAKE_RETURNED);
	assert_int_equal(fake_arch.reports, 5);
	assert_non_null(strstr(fake_arch.report, "psa_clear"));
	assert_int_equal(fake_backend.replied_calls, 0);
	assert_ptr_not_equal(conn_from_msg_handle(h), NULL);
	assert_int_equal(server->signals_asserted, PSA_DOORBELL);
	assert_false(spm_sys()->panic.valid);
	/* psa_panic() cannot return: outside, it is an internal error. */
	FAKE_CATCH(e, psa_panic());
	assert_int_equal(e, FAKE_FATAL);
	assert_false(spm_sys()->panic.valid);
}

static void test_psa_panic(void **state)
{
	volatile enum fake_escape e = FAKE_RETURNED;

	(void)state;
	spm_sys()->current = other;
	FAKE_CATCH(e, psa_panic());
	assert_int_equal(e, FAKE_EXITED);
	assert_int_equal(spm_sys()->panic.cause, SPM_PANIC_PSA_PANIC);
	assert_int_equal(spm_sys()->panic.partition_id, OTHER_ID);
	assert_string_equal(spm_sys()->panic.api, "psa_panic");
	assert_int_equal(spm_sys()->exit, SPM_EXIT_PANIC);
	assert_int_equal(spm_sys()->counters.panics, 1);
}

static void test_lifecycle_and_entries(void **state)
{
	uint64_t entries = spm_sys()->counters.spm_entries;

	(void)state;
	assert_int_equal(psa_rot_lifecycle_state(), 0x2000);
	psa_notify(OTHER_ID);
	assert_int_equal(spm_sys()->counters.spm_entries, entries + 2u);
}

static void test_buffers_checked_against_the_partition(void **state)
{
	static char denied[8];
	const char data[] = "abcd";
	psa_invec in[] = {{data, 4}};
	char o0[8];
	psa_outvec out[] = {{o0, 8}};
	psa_handle_t h = take(svc_plain, 0, in, 1, out, 1);
	psa_msg_t msg;

	(void)state;
	fake_isolation.deny_base = denied;
	fake_isolation.deny_size = sizeof(denied);
	fake_isolation.deny_access = ARCH_MEM_WRITE;
	SERVER_PANICS((void)psa_read(h, 0, denied, 2), "psa_read", "buffer");
	assert_int_equal(fake_isolation.check_boundary, server->boundary);
	assert_int_equal(fake_isolation.check_access, ARCH_MEM_WRITE);
	psa_write(h, 0, denied, 2); /* only read from */
	fake_isolation.deny_access = ARCH_MEM_READ;
	SERVER_PANICS(psa_write(h, 0, denied, 2), "psa_write", "buffer");
	assert_int_equal(psa_read(h, 0, denied, 2), 2); /* only written */
	send(ns, svc_mm, 0, NULL, 0, NULL, 0);
	fake_isolation.deny_base = &msg;
	fake_isolation.deny_size = sizeof(msg);
	fake_isolation.deny_access = ARCH_MEM_WRITE;
	SERVER_PANICS((void)psa_get(SIG_MM, &msg), "psa_get", "msg");
}

static void test_memory_check(void **state)
{
	char b[4];

	(void)state;
	assert_true(spm_memory_ok(server, NULL, 0, false));
	assert_true(spm_memory_ok(server, b, sizeof(b), true));
	assert_false(spm_memory_ok(server, NULL, 1, false));
	assert_false(
	        spm_memory_ok(server, (void *)(UINTPTR_MAX - 1u), 4, true));
	assert_true(
	        spm_memory_ok(server, (void *)(UINTPTR_MAX - 3u), 4, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
	        T(test_queue_fifo_and_signal),
	        T(test_queue_refills_after_empty),
	        T(test_queues_are_per_service),
	        T(test_get_describes_message),
	        T(test_get_rules),
	        T(test_get_sfn_partition_panics),
	        T(test_wait_rules),
	        T(test_wait_poll_and_block),
	        T(test_read_partial_and_exhausted),
	        T(test_skip_clamps),
	        T(test_read_skip_rules),
	        T(test_disconnect_has_no_vectors),
	        T(test_write_and_reply_report_lengths),
	        T(test_write_rules),
	        T(test_reply_ends_message_keeps_connection),
	        T(test_msg_handle_not_reused_by_next_message),
	        T(test_reply_rules),
	        T(test_connect_reply_status_rule),
	        T(test_call_and_disconnect_reply_status),
	        T(test_disconnect_ignores_programmer_error),
	        T(test_programmer_error_reply_panics_secure_client),
	        T(test_reply_from_sfn_partition_panics),
	        T(test_rhandle),
	        T(test_rhandle_on_stateless_panics),
	        T(test_notify_and_clear),
	        T(test_notify_rules),
	        T(test_clear_without_doorbell_panics),
	        T(test_eoi_slih),
	        T(test_slih_cycle),
	        T(test_eoi_rules),
	        T(test_reset_signal_flih),
	        T(test_irq_enable_disable),
	        T(test_irq_enable_disable_rules),
	        T(test_mm_outvec_mapped_never_unmapped_reports_zero),
	        T(test_mm_invec_map_unmap),
	        T(test_mm_rules),
	        T(test_mm_map_after_write_panics),
	        cmocka_unit_test_setup(test_mm_level_1_only, setup_level2),
	        T(test_ns_caller_gets_programmer_error),
	        T(test_service_calls_outside_the_system),
	        T(test_psa_panic),
	        T(test_lifecycle_and_entries),
	        T(test_buffers_checked_against_the_partition),
	        T(test_memory_check),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
