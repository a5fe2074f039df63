/*
 * The client API (spm_core/client_api.c): psa_framework_version,
 * psa_version, psa_connect, psa_call and psa_close against the FF-M rules:
 * version policies, REFUSED and BUSY, and every programmer error, which
 * returns PSA_ERROR_PROGRAMMER_ERROR to the non-secure side and panics a
 * secure caller.
 *
 * The backend is the fake one; its messaging() is replaced by serve(), which
 * plays the service at once: queues the message, takes it, writes what the
 * test asks into the first output vector and replies through the service
 * API. Links client_api.c, service_api.c, spm.c, irq.c, conn.c,
 * fake_backend.c, fake_arch.c, fake_irq.c and
 * fake_isolation.c.
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
#include "fake_trace.h"
#include "frontend.h"
#include "irq.h"
#include "spm.h"

#define SID_STRICT      0x1000u /* v2 STRICT, NS */
#define SID_RELAXED     0x1001u /* v3 RELAXED, NS */
#define SID_SECURE_ONLY 0x1002u /* v1, no NS */
#define SID_STATELESS   0x1003u /* v1, NS, stateless index 1 */
#define SID_SL_SECURE   0x1004u /* v4, no NS, stateless index 32 */
#define SID_UNKNOWN     0x1FFFu

#define SL_HANDLE        conn_stateless_handle(1, 1)
#define SL_SECURE_HANDLE conn_stateless_handle(32, 4)

#define CLIENT_ID 301
#define OTHER_ID  302
#define CONNS     4u

static const struct spm_service_desc server_services[] = {
        {.name = "STRICT",
         .sid = SID_STRICT,
         .signal = 1u << 4,
         .version = 2,
         .non_secure_clients = true,
         .connection_based = true},
        {.name = "RELAXED",
         .sid = SID_RELAXED,
         .signal = 1u << 5,
         .version = 3,
         .version_policy = SPM_VERSION_POLICY_RELAXED,
         .non_secure_clients = true,
         .connection_based = true},
        {.name = "SECURE_ONLY",
         .sid = SID_SECURE_ONLY,
         .signal = 1u << 6,
         .version = 1,
         .connection_based = true},
        {.name = "STATELESS",
         .sid = SID_STATELESS,
         .signal = 1u << 7,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 1},
        {.name = "SL_SECURE",
         .sid = SID_SL_SECURE,
         .signal = 1u << 8,
         .version = 4,
         .stateless_index = 32},
};
/** CLIENT's first-level handler: calls a service, which may block. */
static psa_flih_result_t client_flih(void)
{
	(void)psa_call(conn_stateless_handle(1, 1), 0, NULL, 0, NULL, 0);
	return PSA_FLIH_SIGNAL;
}

#define CLIENT_FLIH_LINE   5u
#define CLIENT_FLIH_SIGNAL (1u << 31)
static const struct spm_irq_desc client_irqs[] = {
        {.signal_name = "CLIENT_FLIH_SIGNAL",
         .source = CLIENT_FLIH_LINE,
         .signal = CLIENT_FLIH_SIGNAL,
         .handling = SPM_IRQ_FLIH,
         .flih = client_flih},
};

static const uint32_t client_deps[] = {SID_STRICT, SID_STATELESS,
                                       SID_SECURE_ONLY};
static const uint32_t other_deps[] = {SID_STRICT};
/* A partition listing its own service: only the own-service rule stops it. */
static const uint32_t server_deps[] = {SID_STRICT};

static const struct spm_partition_desc parts[] = {
        {.name = "SERVER",
         .pid = 300,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_NORMAL,
         .model = SPM_MODEL_IPC,
         .services = server_services,
         .n_services = 5,
         .dependencies = server_deps,
         .n_dependencies = 1},
        {.name = "CLIENT",
         .pid = CLIENT_ID,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_NORMAL,
         .model = SPM_MODEL_IPC,
         .dependencies = client_deps,
         .n_dependencies = 3,
         .irqs = client_irqs,
         .n_irqs = 1},
        {.name = "OTHER",
         .pid = OTHER_ID,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_LOW,
         .model = SPM_MODEL_IPC,
         .dependencies = other_deps,
         .n_dependencies = 1},
};
static const struct spm_load_table table = {.version = SPM_LOAD_TABLE_VERSION,
                                            .n_partitions = 3,
                                            .partitions = parts};

static struct spm_partition *server, *client, *other, *ns;

/** What serve() does, and what it saw. */
static struct {
	psa_status_t connect_status;
	psa_status_t call_status;
	psa_status_t disconnect_status;
	/** Written to output vector 0 before the reply. */
	const char *write;
	/** Called with the message taken, as its client, before the reply. */
	void (*during)(psa_handle_t client_handle);
	psa_handle_t client_handle;
	unsigned served;
	psa_msg_t msg;
} svc;

/** The fake backend's messaging(): the service answers at once. */
static psa_status_t serve(struct spm_conn *c)
{
	struct spm *s = spm_sys();
	struct spm_partition *caller = s->current;
	psa_msg_t msg;
	psa_status_t status;

	spm_msg_enqueue(c);
	assert_int_equal(spm_get_impl(c->service, &msg), PSA_SUCCESS);
	svc.msg = msg;
	svc.served++;
	if (svc.during != NULL) {
		svc.during(svc.client_handle);
	}
	s->current = c->service->owner;
	if (svc.write != NULL && msg.type >= 0) {
		psa_write(msg.handle, 0, svc.write, strlen(svc.write));
	}
	status = msg.type == PSA_IPC_CONNECT      ? svc.connect_status
	         : msg.type == PSA_IPC_DISCONNECT ? svc.disconnect_status
	                                          : svc.call_status;
	psa_reply(msg.handle, status);
	s->current = caller;
	return c->status;
}

static int setup(void **state)
{
	struct spm_config cfg = {
	        .table = &table,
	        .backend = &fake_backend_ops,
	        .isolation_level = 1,
	        .connections = CONNS,
	        .ns_client_id = -1,
	};
	char why[128];

	(void)state;
	fake_arch_reset();
	fake_backend_reset();
	fake_irq_reset();
	fake_isolation_reset();
	fake_irq.take = spm_irq_handler;
	fake_backend.on_messaging = serve;
	svc = (typeof(svc)){0};
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), 0);
	server = &spm_sys()->partitions[0];
	client = &spm_sys()->partitions[1];
	other = &spm_sys()->partitions[2];
	ns = spm_sys()->ns;
	spm_sys()->current = ns;
	return 0;
}

static void as(struct spm_partition *p)
{
	spm_sys()->current = p;
}

/** Connects @p to the STRICT service; asserts success. */
static psa_handle_t connect_as(struct spm_partition *p)
{
	psa_handle_t h;

	as(p);
	h = psa_connect(SID_STRICT, 2);
	assert_true(h > 0);
	return h;
}

/** psa_call() by the non-secure side must return PROGRAMMER_ERROR. */
static void ns_call_fails(psa_handle_t h, int32_t type, const psa_invec *in,
                          size_t in_len, psa_outvec *out, size_t out_len)
{
	unsigned served = svc.served;

	as(ns);
	assert_int_equal(psa_call(h, type, in, in_len, out, out_len),
	                 PSA_ERROR_PROGRAMMER_ERROR);
	assert_int_equal(svc.served, served);
	assert_false(spm_sys()->panic.valid);
}

/**
 * psa_call() by secure @p must panic @p for a rule whose text contains
 * @word.
 */
static void secure_call_panics(struct spm_partition *p, psa_handle_t h,
                               int32_t type, const psa_invec *in, size_t in_len,
                               psa_outvec *out, size_t out_len,
                               const char *word)
{
	struct spm *s = spm_sys();
	volatile enum fake_escape e = FAKE_RETURNED;
	unsigned served = svc.served;

	as(p);
	s->panic.valid = false;
	FAKE_CATCH(e, (void)psa_call(h, type, in, in_len, out, out_len));
	assert_int_equal(e, FAKE_EXITED);
	assert_true(s->panic.valid);
	assert_int_equal(s->panic.cause, SPM_PANIC_PROGRAMMER_ERROR);
	assert_int_equal(s->panic.partition_id, p->id);
	assert_string_equal(s->panic.api, "psa_call");
	assert_non_null(strstr(s->panic.rule, word));
	assert_int_equal(svc.served, served);
	s->panic.valid = false;
}

/* ---------------------------------------------------- versions */

static void test_framework_version(void **state)
{
	(void)state;
	assert_int_equal(psa_framework_version(), 0x0101);
	assert_int_equal(spm_sys()->counters.spm_entries, 1);
}

static void test_version_known_and_authorised(void **state)
{
	(void)state;
	assert_int_equal(psa_version(SID_STRICT), 2);
	assert_int_equal(psa_version(SID_RELAXED), 3);
	assert_int_equal(psa_version(SID_STATELESS), 1);
	as(client);
	assert_int_equal(psa_version(SID_STRICT), 2);
	assert_int_equal(psa_version(SID_SECURE_ONLY), 1);
	assert_int_equal(spm_sys()->counters.spm_entries, 5);
}

static void test_version_none_unknown_or_unauthorised(void **state)
{
	(void)state;
	assert_int_equal(psa_version(SID_UNKNOWN), PSA_VERSION_NONE);
	assert_int_equal(psa_version(SID_SECURE_ONLY), PSA_VERSION_NONE);
	assert_int_equal(psa_version(SID_SL_SECURE), PSA_VERSION_NONE);
	as(other);
	assert_int_equal(psa_version(SID_RELAXED), PSA_VERSION_NONE);
	assert_int_equal(psa_version(SID_STATELESS), PSA_VERSION_NONE);
	assert_int_equal(psa_version(SID_UNKNOWN), PSA_VERSION_NONE);
	assert_false(spm_sys()->panic.valid);
}

/* ---------------------------------------------------- psa_connect */

static void test_connect_delivers_connect_message(void **state)
{
	psa_handle_t h;

	(void)state;
	h = psa_connect(SID_STRICT, 2);
	assert_true(h > 0);
	assert_int_equal((uint32_t)h & CONN_STATELESS_BIT, 0);
	assert_int_equal(svc.served, 1);
	assert_int_equal(svc.msg.type, PSA_IPC_CONNECT);
	assert_int_equal(svc.msg.client_id, -1);
	for (int i = 0; i < (int)PSA_MAX_IOVEC; i++) {
		assert_int_equal(svc.msg.in_size[i], 0);
		assert_int_equal(svc.msg.out_size[i], 0);
	}
	assert_int_equal(conn_in_use(), 1);
	assert_int_equal(conn_from_handle(h)->state, CONN_IDLE);

	h = connect_as(client);
	assert_int_equal(svc.msg.client_id, CLIENT_ID);
	assert_int_equal(conn_in_use(), 2);
}

static void test_connect_strict_policy(void **state)
{
	(void)state;
	assert_int_equal(psa_connect(SID_STRICT, 1),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(psa_connect(SID_STRICT, 3),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(psa_connect(SID_STRICT, 0),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(svc.served, 0);
	assert_int_equal(conn_in_use(), 0);
	assert_true(psa_connect(SID_STRICT, 2) > 0);
}

static void test_connect_relaxed_policy(void **state)
{
	(void)state;
	assert_true(psa_connect(SID_RELAXED, 1) > 0);
	assert_true(psa_connect(SID_RELAXED, 2) > 0);
	assert_true(psa_connect(SID_RELAXED, 3) > 0);
	assert_int_equal(psa_connect(SID_RELAXED, 4),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(svc.served, 3);
	assert_int_equal(conn_in_use(), 3);
}

/**
 * psa_connect() by secure @p to @sid at @version must panic @p for a rule
 * whose text contains @word, without reaching the service.
 */
static void secure_connect_panics(struct spm_partition *p, uint32_t sid,
                                  uint32_t version, const char *word)
{
	struct spm *s = spm_sys();
	volatile enum fake_escape e = FAKE_RETURNED;
	unsigned served = svc.served;

	as(p);
	s->panic.valid = false;
	FAKE_CATCH(e, (void)psa_connect(sid, version));
	assert_int_equal(e, FAKE_EXITED);
	assert_true(s->panic.valid);
	assert_int_equal(s->panic.cause, SPM_PANIC_PROGRAMMER_ERROR);
	assert_int_equal(s->panic.partition_id, p->id);
	assert_string_equal(s->panic.api, "psa_connect");
	assert_non_null(strstr(s->panic.rule, word));
	assert_int_equal(svc.served, served);
	assert_int_equal(conn_in_use(), 0);
	s->panic.valid = false;
}

static void test_connect_refused_unknown_or_unauthorised_ns(void **state)
{
	(void)state;
	assert_int_equal(psa_connect(SID_UNKNOWN, 1),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(psa_connect(SID_SECURE_ONLY, 1),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(svc.served, 0);
	assert_false(spm_sys()->panic.valid);
}

/* FF-M 1.1: each of these is a programmer error, so a secure caller is
 * panicked where a non-secure one gets CONNECTION_REFUSED. */
static void test_connect_unknown_sid_panics_secure(void **state)
{
	(void)state;
	secure_connect_panics(client, SID_UNKNOWN, 1, "no service has the SID");
	secure_connect_panics(other, SID_UNKNOWN, 0, "no service has the SID");
}

static void test_connect_not_a_dependency_panics_secure(void **state)
{
	(void)state;
	/* OTHER lists only SID_STRICT. */
	secure_connect_panics(other, SID_RELAXED, 3, "dependencies");
	secure_connect_panics(other, SID_SECURE_ONLY, 1, "dependencies");
	as(client);
	assert_true(psa_connect(SID_SECURE_ONLY, 1) > 0);
	assert_int_equal(svc.served, 1);
	assert_false(spm_sys()->panic.valid);
}

static void test_connect_version_refused_panics_secure(void **state)
{
	(void)state;
	secure_connect_panics(client, SID_STRICT, 1, "version");
	secure_connect_panics(client, SID_STRICT, 3, "version");
	secure_connect_panics(other, SID_STRICT, 0, "version");
	assert_true(connect_as(client) > 0);
}

static void test_connect_own_service_panics_secure(void **state)
{
	(void)state;
	/* Even listed as its own dependency, a partition may not connect to
	 * a service it implements (under IPC it would wait on itself). */
	secure_connect_panics(server, SID_STRICT, 2, "own partition");
	secure_connect_panics(server, SID_SECURE_ONLY, 1, "own partition");
}

static void test_connect_refused_by_service(void **state)
{
	(void)state;
	svc.connect_status = PSA_ERROR_CONNECTION_REFUSED;
	assert_int_equal(psa_connect(SID_STRICT, 2),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(conn_in_use(), 0);
	svc.connect_status = PSA_ERROR_CONNECTION_BUSY;
	assert_int_equal(psa_connect(SID_STRICT, 2), PSA_ERROR_CONNECTION_BUSY);
	assert_int_equal(conn_in_use(), 0);
	assert_int_equal(svc.served, 2);
}

static void test_connect_busy_when_pool_empty(void **state)
{
	psa_handle_t h[CONNS];

	(void)state;
	for (uint32_t i = 0; i < CONNS; i++) {
		h[i] = psa_connect(SID_STRICT, 2);
		assert_true(h[i] > 0);
	}
	assert_int_equal(psa_connect(SID_STRICT, 2), PSA_ERROR_CONNECTION_BUSY);
	assert_int_equal(svc.served, CONNS);
	psa_close(h[1]);
	assert_true(psa_connect(SID_STRICT, 2) > 0);
}

static void test_connect_stateless_sid_ns(void **state)
{
	(void)state;
	assert_int_equal(psa_connect(SID_STATELESS, 1),
	                 PSA_ERROR_PROGRAMMER_ERROR);
	assert_int_equal(svc.served, 0);
	assert_int_equal(conn_in_use(), 0);
	assert_false(spm_sys()->panic.valid);
}

static void test_connect_stateless_sid_secure_panics(void **state)
{
	struct spm *s = spm_sys();
	volatile enum fake_escape e = FAKE_RETURNED;

	(void)state;
	as(client);
	FAKE_CATCH(e, (void)psa_connect(SID_STATELESS, 1));
	assert_int_equal(e, FAKE_EXITED);
	assert_true(s->panic.valid);
	assert_int_equal(s->panic.cause, SPM_PANIC_PROGRAMMER_ERROR);
	assert_int_equal(s->panic.partition_id, CLIENT_ID);
	assert_string_equal(s->panic.api, "psa_connect");
	assert_non_null(strstr(s->panic.rule, "stateless"));
	assert_int_equal(svc.served, 0);
	assert_int_equal(conn_in_use(), 0);
}

/* ------------------------------------------------------- psa_call */

static void test_call_delivers_and_returns_status(void **state)
{
	const char in0[] = "abc", in1[] = "defgh";
	char out0[8] = "", out1[4];
	psa_invec in[] = {{in0, 3}, {in1, 5}};
	psa_outvec out[] = {{out0, sizeof(out0)}, {out1, sizeof(out1)}};
	psa_handle_t h = psa_connect(SID_STRICT, 2);

	(void)state;
	svc.call_status = 17;
	svc.write = "xyz";
	assert_int_equal(psa_call(h, 5, in, 2, out, 2), 17);
	assert_int_equal(svc.msg.type, 5);
	assert_int_equal(svc.msg.client_id, -1);
	assert_int_equal(svc.msg.in_size[0], 3);
	assert_int_equal(svc.msg.in_size[1], 5);
	assert_int_equal(svc.msg.in_size[2], 0);
	assert_int_equal(svc.msg.out_size[0], sizeof(out0));
	assert_int_equal(svc.msg.out_size[1], sizeof(out1));
	assert_int_equal(svc.msg.out_size[2], 0);
	/* Output lengths come back at reply: what was written. */
	assert_int_equal(out[0].len, 3);
	assert_memory_equal(out0, "xyz", 3);
	assert_int_equal(out[1].len, 0);
	/* The connection stays, ready for the next call. */
	assert_int_equal(conn_from_handle(h)->state, CONN_IDLE);
	svc.call_status = PSA_ERROR_INVALID_ARGUMENT;
	svc.write = NULL;
	assert_int_equal(psa_call(h, PSA_IPC_CALL, NULL, 0, NULL, 0),
	                 PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(svc.served, 3);
	assert_int_equal(conn_in_use(), 1);
}

static void test_call_type_range(void **state)
{
	psa_handle_t hn = psa_connect(SID_STRICT, 2);
	psa_handle_t hc = connect_as(client);

	(void)state;
	as(ns);
	assert_int_equal(psa_call(hn, INT16_MAX, NULL, 0, NULL, 0), 0);
	assert_int_equal(svc.msg.type, INT16_MAX);
	ns_call_fails(hn, -1, NULL, 0, NULL, 0);
	ns_call_fails(hn, PSA_IPC_CONNECT, NULL, 0, NULL, 0);
	ns_call_fails(hn, PSA_IPC_DISCONNECT, NULL, 0, NULL, 0);
	ns_call_fails(hn, INT16_MAX + 1, NULL, 0, NULL, 0);
	ns_call_fails(hn, INT32_MIN, NULL, 0, NULL, 0);
	secure_call_panics(client, hc, -1, NULL, 0, NULL, 0, "type");
	secure_call_panics(client, hc, INT16_MAX + 1, NULL, 0, NULL, 0, "type");
}

static void test_call_null_and_invalid_handles(void **state)
{
	const psa_handle_t bad[] = {
	        PSA_NULL_HANDLE, PSA_ERROR_CONNECTION_REFUSED, -1,
	        0x1234,          (psa_handle_t)(CONNS + 1u),
	};

	(void)state;
	(void)psa_connect(SID_STRICT, 2);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ns_call_fails(bad[i], PSA_IPC_CALL, NULL, 0, NULL, 0);
	}
	secure_call_panics(client, PSA_NULL_HANDLE, PSA_IPC_CALL, NULL, 0, NULL,
	                   0, "PSA_NULL_HANDLE");
	secure_call_panics(client, 0x1234, PSA_IPC_CALL, NULL, 0, NULL, 0,
	                   "not a valid connection handle");
}

static void test_call_stale_handle(void **state)
{
	psa_handle_t old = psa_connect(SID_STRICT, 2);
	psa_handle_t now;
	psa_handle_t sec;

	(void)state;
	psa_close(old);
	ns_call_fails(old, PSA_IPC_CALL, NULL, 0, NULL, 0);
	/* Same client, same slot, new connection: the old handle stays dead. */
	as(ns);
	now = psa_connect(SID_STRICT, 2);
	assert_int_equal((uint32_t)now & CONN_HANDLE_SLOT_MASK,
	                 (uint32_t)old & CONN_HANDLE_SLOT_MASK);
	ns_call_fails(old, PSA_IPC_CALL, NULL, 0, NULL, 0);
	as(ns);
	assert_int_equal(psa_call(now, PSA_IPC_CALL, NULL, 0, NULL, 0), 0);

	sec = connect_as(client);
	psa_close(sec);
	secure_call_panics(client, sec, PSA_IPC_CALL, NULL, 0, NULL, 0,
	                   "stale");
}

static void test_call_foreign_handle(void **state)
{
	psa_handle_t hn = psa_connect(SID_STRICT, 2);
	psa_handle_t hc = connect_as(client);

	(void)state;
	ns_call_fails(hc, PSA_IPC_CALL, NULL, 0, NULL, 0);
	secure_call_panics(other, hc, PSA_IPC_CALL, NULL, 0, NULL, 0,
	                   "another client");
	secure_call_panics(client, hn, PSA_IPC_CALL, NULL, 0, NULL, 0,
	                   "another client");
	/* Both still work for their owners. */
	as(client);
	assert_int_equal(psa_call(hc, PSA_IPC_CALL, NULL, 0, NULL, 0), 0);
	as(ns);
	assert_int_equal(psa_call(hn, PSA_IPC_CALL, NULL, 0, NULL, 0), 0);
}

static volatile psa_status_t nested_status;

/** A second call on the connection whose message is being handled. */
static void call_again(psa_handle_t h)
{
	nested_status = psa_call(h, PSA_IPC_CALL, NULL, 0, NULL, 0);
}

static void test_call_busy_handle(void **state)
{
	psa_handle_t h = psa_connect(SID_STRICT, 2);
	struct spm *s = spm_sys();
	volatile enum fake_escape e = FAKE_RETURNED;

	(void)state;
	svc.during = call_again;
	svc.client_handle = h;
	nested_status = 0;
	assert_int_equal(psa_call(h, PSA_IPC_CALL, NULL, 0, NULL, 0), 0);
	assert_int_equal(nested_status, PSA_ERROR_PROGRAMMER_ERROR);
	assert_int_equal(svc.served, 2); /* the connect and the first call */

	/* A queued (not yet taken) message makes it busy too. */
	svc.during = NULL;
	conn_from_handle(h)->state = CONN_QUEUED;
	ns_call_fails(h, PSA_IPC_CALL, NULL, 0, NULL, 0);
	conn_from_handle(h)->state = CONN_IDLE;

	as(client);
	h = psa_connect(SID_STRICT, 2);
	svc.during = call_again;
	svc.client_handle = h;
	FAKE_CATCH(e, (void)psa_call(h, PSA_IPC_CALL, NULL, 0, NULL, 0));
	assert_int_equal(e, FAKE_EXITED);
	assert_int_equal(s->panic.partition_id, CLIENT_ID);
	assert_string_equal(s->panic.api, "psa_call");
	assert_non_null(strstr(s->panic.rule, "busy"));
}

static void test_call_iovec_count(void **state)
{
	char b[8][4];
	psa_invec in[5];
	psa_outvec out[5];
	psa_handle_t hn = psa_connect(SID_STRICT, 2);
	psa_handle_t hc = connect_as(client);

	(void)state;
	for (int i = 0; i < 5; i++) {
		in[i] = (psa_invec){b[i], 1};
		out[i] = (psa_outvec){b[i + 3], 1};
	}
	as(ns);
	assert_int_equal(psa_call(hn, 0, in, 4, NULL, 0), 0);
	assert_int_equal(psa_call(hn, 0, NULL, 0, out + 1, 4), 0);
	assert_int_equal(psa_call(hn, 0, in, 1, out + 1, 3), 0);
	ns_call_fails(hn, 0, in, 5, NULL, 0);
	ns_call_fails(hn, 0, NULL, 0, out, 5);
	ns_call_fails(hn, 0, in, 3, out + 3, 2);
	ns_call_fails(hn, 0, in, SIZE_MAX, out, 2);
	ns_call_fails(hn, 0, in, 2, out, SIZE_MAX - 1u);
	secure_call_panics(client, hc, 0, in, 2, out + 2, 3, "PSA_MAX_IOVEC");
	/* Lengths whose sum wraps are caught as counts, before any use. */
	secure_call_panics(client, hc, 0, in, SIZE_MAX, out, 2,
	                   "PSA_MAX_IOVEC");
	secure_call_panics(client, hc, 0, in, 1, out, SIZE_MAX,
	                   "PSA_MAX_IOVEC");
}

static void test_call_unreadable_or_unwritable_vectors(void **state)
{
	char buf[16];
	psa_invec in_ok = {buf, 4};
	psa_invec in_null = {NULL, 4};
	psa_invec in_wrap = {(const void *)(UINTPTR_MAX - 3u), 16};
	psa_outvec out_null = {NULL, 4};
	psa_outvec out_wrap = {(void *)(UINTPTR_MAX - 3u), 16};
	psa_invec in_empty = {NULL, 0};
	psa_outvec out_empty = {NULL, 0};
	psa_outvec out_ok = {buf + 8, 4};
	psa_handle_t hn = psa_connect(SID_STRICT, 2);
	psa_handle_t hc = connect_as(client);

	(void)state;
	ns_call_fails(hn, 0, NULL, 1, NULL, 0);
	ns_call_fails(hn, 0, NULL, 0, NULL, 1);
	ns_call_fails(hn, 0, &in_null, 1, NULL, 0);
	ns_call_fails(hn, 0, &in_wrap, 1, NULL, 0);
	ns_call_fails(hn, 0, NULL, 0, &out_null, 1);
	ns_call_fails(hn, 0, &in_ok, 1, &out_wrap, 1);
	secure_call_panics(client, hc, 0, NULL, 2, NULL, 0, "in_vec array");
	secure_call_panics(client, hc, 0, NULL, 0, NULL, 2, "out_vec array");
	secure_call_panics(client, hc, 0, &in_null, 1, NULL, 0, "input vector");
	secure_call_panics(client, hc, 0, NULL, 0, &out_null, 1,
	                   "output vector");
	/* Zero-length vectors and empty arrays may be NULL. */
	as(ns);
	assert_int_equal(psa_call(hn, 0, &in_empty, 1, &out_empty, 1), 0);
	assert_int_equal(psa_call(hn, 0, NULL, 0, NULL, 0), 0);
	assert_int_equal(psa_call(hn, 0, &in_ok, 1, &out_ok, 1), 0);
}

static void test_call_memory_checks_use_caller_and_access(void **state)
{
	static char ro[16], wo[16];
	char ok[16];
	psa_invec in_ro = {ro, 4}, in_wo = {wo, 4};
	psa_outvec out_ro = {ro, 4}, out_wo = {wo, 4}, out_ok = {ok, 4};
	psa_handle_t hn = psa_connect(SID_STRICT, 2);
	psa_handle_t hc = connect_as(client);

	(void)state;
	/* ro may be read, not written; wo written, not read. */
	fake_isolation.deny_base = ro;
	fake_isolation.deny_size = sizeof(ro);
	fake_isolation.deny_access = ARCH_MEM_WRITE;
	as(ns);
	assert_int_equal(psa_call(hn, 0, &in_ro, 1, &out_ok, 1), 0);
	ns_call_fails(hn, 0, NULL, 0, &out_ro, 1);
	secure_call_panics(client, hc, 0, NULL, 0, &out_ro, 1,
	                   "may not write an output vector");
	fake_isolation.deny_base = wo;
	fake_isolation.deny_access = ARCH_MEM_READ;
	as(ns);
	assert_int_equal(psa_call(hn, 0, NULL, 0, &out_wo, 1), 0);
	ns_call_fails(hn, 0, &in_wo, 1, NULL, 0);
	/* The check runs against the caller's own boundary. */
	assert_int_equal(fake_isolation.check_boundary, ns->boundary);
	secure_call_panics(client, hc, 0, &in_wo, 1, NULL, 0,
	                   "may not read an input vector");
	assert_int_equal(fake_isolation.check_boundary, client->boundary);
}

static void test_call_vector_arrays_checked(void **state)
{
	static psa_invec in_arr[2];
	static psa_outvec out_arr[2];
	char b0[4], b1[4];
	psa_handle_t hn = psa_connect(SID_STRICT, 2);

	(void)state;
	in_arr[0] = (psa_invec){b0, 4};
	out_arr[0] = (psa_outvec){b1, 4};
	fake_isolation.deny_base = in_arr;
	fake_isolation.deny_size = sizeof(in_arr);
	fake_isolation.deny_access = ARCH_MEM_READ;
	ns_call_fails(hn, 0, in_arr, 1, NULL, 0);
	/* The outvec array is written back at reply: it must be writable. */
	fake_isolation.deny_base = out_arr;
	fake_isolation.deny_size = sizeof(out_arr);
	fake_isolation.deny_access = ARCH_MEM_WRITE;
	ns_call_fails(hn, 0, NULL, 0, out_arr, 1);
	fake_isolation.deny_access = ARCH_MEM_READ | ARCH_MEM_WRITE;
	fake_isolation.deny_base = NULL;
	fake_isolation.deny_size = 0;
	as(ns);
	assert_int_equal(psa_call(hn, 0, in_arr, 1, out_arr, 1), 0);
}

/* FF-M names no overlap among psa_call()'s programmer errors: any vector
 * may share bytes with any other, for secure and non-secure callers. */
static void test_call_overlapping_vectors_allowed(void **state)
{
	char buf[32] = "abcdefghijklmnopqrstuvwxyz";
	psa_invec in[2] = {{buf, 8}, {buf + 8, 8}};
	psa_outvec over_in[1] = {{buf + 7, 4}};
	psa_outvec over_out[2] = {{buf + 16, 8}, {buf + 23, 2}};
	psa_invec same_in[2] = {{buf, 8}, {buf + 4, 8}};
	psa_handle_t hn = psa_connect(SID_STRICT, 2);
	psa_handle_t hc = connect_as(client);

	(void)state;
	svc.call_status = 5;
	as(ns);
	assert_int_equal(psa_call(hn, 0, in, 2, over_in, 1), 5);
	assert_int_equal(psa_call(hn, 0, NULL, 0, over_out, 2), 5);
	assert_int_equal(psa_call(hn, 0, same_in, 2, NULL, 0), 5);
	as(client);
	assert_int_equal(psa_call(hc, 0, in, 2, over_in, 1), 5);
	assert_int_equal(psa_call(hc, 0, NULL, 0, over_out, 2), 5);
	assert_int_equal(svc.served, 7);
	assert_false(spm_sys()->panic.valid);
}

static void test_call_in_out_same_buffer(void **state)
{
	char buf[8] = "1234567";
	psa_invec in = {buf, 8};
	psa_outvec out = {buf, 8};
	psa_handle_t h = connect_as(client);

	(void)state;
	svc.write = "AB";
	assert_int_equal(psa_call(h, 0, &in, 1, &out, 1), 0);
	assert_int_equal(out.len, 2);
	assert_memory_equal(buf, "AB34567", 8);
}

static void test_call_stateless(void **state)
{
	char out0[4];
	psa_outvec out = {out0, sizeof(out0)};

	(void)state;
	svc.call_status = 3;
	svc.write = "ok";
	assert_int_equal(psa_call(SL_HANDLE, 9, NULL, 0, &out, 1), 3);
	assert_int_equal(svc.served, 1);
	assert_true(fake_backend.last_stateless);
	assert_int_equal(svc.msg.type, 9);
	assert_int_equal(svc.msg.client_id, -1);
	assert_int_equal(out.len, 2);
	/* The connection lived for the call only. */
	assert_int_equal(conn_in_use(), 0);
	svc.write = NULL;
	as(client);
	assert_int_equal(psa_call(SL_HANDLE, 0, NULL, 0, NULL, 0), 3);
	assert_int_equal(svc.msg.client_id, CLIENT_ID);
	assert_int_equal(conn_in_use(), 0);
}

static void test_call_stateless_version_mismatch(void **state)
{
	(void)state;
	ns_call_fails(conn_stateless_handle(1, 2), 0, NULL, 0, NULL, 0);
	ns_call_fails(conn_stateless_handle(1, 0), 0, NULL, 0, NULL, 0);
	secure_call_panics(client, conn_stateless_handle(1, 2), 0, NULL, 0,
	                   NULL, 0, "version");
	assert_int_equal(conn_in_use(), 0);
}

static void test_call_bad_stateless_handle(void **state)
{
	const psa_handle_t bad[] = {
	        (psa_handle_t)((uint32_t)SL_HANDLE | 0x20u),
	        (psa_handle_t)((uint32_t)SL_HANDLE | 0x80u),
	        (psa_handle_t)((uint32_t)SL_HANDLE | 0x10000u),
	        (psa_handle_t)((uint32_t)SL_HANDLE | 0x20000000u),
	        conn_stateless_handle(2, 1), /* no service has index 2 */
	        conn_stateless_handle(31, 1),
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ns_call_fails(bad[i], 0, NULL, 0, NULL, 0);
	}
	secure_call_panics(client, bad[0], 0, NULL, 0, NULL, 0,
	                   "not a valid stateless handle");
	secure_call_panics(client, bad[4], 0, NULL, 0, NULL, 0,
	                   "not a valid stateless handle");
}

static void test_call_stateless_unauthorised(void **state)
{
	(void)state;
	/* Not for NS clients; not a dependency of CLIENT. */
	ns_call_fails(SL_SECURE_HANDLE, 0, NULL, 0, NULL, 0);
	secure_call_panics(client, SL_SECURE_HANDLE, 0, NULL, 0, NULL, 0,
	                   "may not access");
	secure_call_panics(other, SL_HANDLE, 0, NULL, 0, NULL, 0,
	                   "may not access");
	/* Its own stateless service: a programmer error too. */
	secure_call_panics(server, SL_HANDLE, 0, NULL, 0, NULL, 0,
	                   "own partition");
}

static void test_call_stateless_checks_vectors_and_type(void **state)
{
	char buf[8];
	psa_invec in = {NULL, 8}; /* a null base fails the memory check */
	psa_outvec out = {buf, 4};

	(void)state;
	ns_call_fails(SL_HANDLE, -1, NULL, 0, NULL, 0);
	ns_call_fails(SL_HANDLE, 0, &in, 1, &out, 1);
	ns_call_fails(SL_HANDLE, 0, NULL, 5, NULL, 0);
	assert_int_equal(conn_in_use(), 0);
}

static void test_call_programmer_error_reply(void **state)
{
	psa_handle_t hn = psa_connect(SID_STRICT, 2);
	psa_handle_t hc = connect_as(client);
	struct spm *s = spm_sys();
	volatile enum fake_escape e = FAKE_RETURNED;

	(void)state;
	svc.call_status = PSA_ERROR_PROGRAMMER_ERROR;
	as(ns);
	assert_int_equal(psa_call(hn, 0, NULL, 0, NULL, 0),
	                 PSA_ERROR_PROGRAMMER_ERROR);
	assert_false(s->panic.valid);
	as(client);
	FAKE_CATCH(e, (void)psa_call(hc, 0, NULL, 0, NULL, 0));
	assert_int_equal(e, FAKE_EXITED);
	assert_int_equal(s->panic.partition_id, CLIENT_ID);
	assert_int_equal(s->panic.cause, SPM_PANIC_PROGRAMMER_ERROR);
}

/* ------------------------------------------------------- psa_close */

static void test_close_null_is_noop(void **state)
{
	volatile enum fake_escape e = FAKE_FATAL;

	(void)state;
	psa_close(PSA_NULL_HANDLE);
	as(client);
	FAKE_CATCH(e, psa_close(PSA_NULL_HANDLE));
	assert_int_equal(e, FAKE_RETURNED);
	assert_int_equal(svc.served, 0);
	assert_false(spm_sys()->panic.valid);
}

static void test_close_sends_disconnect_and_frees(void **state)
{
	psa_handle_t h = psa_connect(SID_STRICT, 2);

	(void)state;
	svc.disconnect_status = PSA_ERROR_GENERIC_ERROR; /* ignored */
	psa_close(h);
	assert_int_equal(svc.served, 2);
	assert_int_equal(svc.msg.type, PSA_IPC_DISCONNECT);
	assert_int_equal(svc.msg.client_id, -1);
	assert_int_equal(conn_in_use(), 0);
	assert_null(conn_from_handle(h));
	ns_call_fails(h, 0, NULL, 0, NULL, 0);
}

static void test_close_rules_ns(void **state)
{
	psa_handle_t hc = connect_as(client);
	psa_handle_t hn;

	(void)state;
	as(ns);
	hn = psa_connect(SID_STRICT, 2);
	/* Each is ignored: no message, no panic, nothing freed. */
	psa_close(SL_HANDLE);
	psa_close(0x1234);
	psa_close(-5);
	psa_close(hc);
	conn_from_handle(hn)->state = CONN_ACTIVE;
	psa_close(hn);
	conn_from_handle(hn)->state = CONN_IDLE;
	assert_int_equal(svc.served, 2);
	assert_int_equal(conn_in_use(), 2);
	assert_false(spm_sys()->panic.valid);
	assert_ptr_equal(conn_from_handle(hc)->client, client);
	psa_close(hn);
	psa_close(hn); /* already closed */
	assert_int_equal(svc.served, 3);
	assert_int_equal(conn_in_use(), 1);
}

/** psa_close(@h) by secure @p must panic it for a rule with @word. */
static void secure_close_panics(struct spm_partition *p, psa_handle_t h,
                                const char *word)
{
	struct spm *s = spm_sys();
	volatile enum fake_escape e = FAKE_RETURNED;

	as(p);
	s->panic.valid = false;
	FAKE_CATCH(e, psa_close(h));
	assert_int_equal(e, FAKE_EXITED);
	assert_int_equal(s->panic.partition_id, p->id);
	assert_string_equal(s->panic.api, "psa_close");
	assert_non_null(strstr(s->panic.rule, word));
}

static void test_close_rules_secure(void **state)
{
	psa_handle_t hn = psa_connect(SID_STRICT, 2);
	psa_handle_t hc = connect_as(client);
	psa_handle_t closed = connect_as(client);

	(void)state;
	psa_close(closed);
	secure_close_panics(client, SL_HANDLE, "stateless");
	secure_close_panics(client, 0x1234, "not a valid");
	secure_close_panics(client, closed, "not a valid");
	secure_close_panics(client, hn, "another client");
	secure_close_panics(other, hc, "another client");
	conn_from_handle(hc)->state = CONN_QUEUED;
	secure_close_panics(client, hc, "busy");
	assert_int_equal(svc.served, 4);
}

/* -------------------------------------- outside the simulated system */

static void test_calls_outside_the_system(void **state)
{
	psa_handle_t h = psa_connect(SID_STRICT, 2);
	volatile enum fake_escape e = FAKE_FATAL;

	(void)state;
	spm_sys()->current = NULL;
	FAKE_CATCH(e, {
		assert_int_equal(psa_framework_version(), 0x0101);
		assert_int_equal(psa_version(SID_STRICT), PSA_VERSION_NONE);
		assert_int_equal(psa_connect(SID_STRICT, 2),
		                 PSA_ERROR_BAD_STATE);
		assert_int_equal(psa_call(h, 0, NULL, 0, NULL, 0),
		                 PSA_ERROR_BAD_STATE);
		psa_close(h);
	});
	assert_int_equal(e, FAKE_RETURNED);
	/* Each call but psa_framework_version() was reported, none ran. */
	assert_int_equal(fake_arch.reports, 4);
	assert_non_null(strstr(fake_arch.report, "psa_close"));
	assert_int_equal(svc.served, 1);
	assert_int_equal(conn_in_use(), 1);
	assert_non_null(conn_from_handle(h));
	assert_false(spm_sys()->panic.valid);
}

static void test_blocking_call_in_flih_panics(void **state)
{
	struct spm *s = spm_sys();
	volatile enum fake_escape e = FAKE_RETURNED;

	(void)state;
	as(client);
	psa_irq_enable(CLIENT_FLIH_SIGNAL);
	assert_true(fake_irq.enabled[CLIENT_FLIH_LINE]);
	/* The interrupt arrives while NS code enters the SPM. */
	as(ns);
	fake_irq_raise(CLIENT_FLIH_LINE);
	FAKE_CATCH(e, (void)psa_version(SID_STRICT));
	assert_int_equal(e, FAKE_EXITED);
	assert_int_equal(fake_irq.taken, 1);
	assert_true(s->panic.valid);
	assert_int_equal(s->panic.cause, SPM_PANIC_PROGRAMMER_ERROR);
	assert_int_equal(s->panic.partition_id, CLIENT_ID);
	assert_string_equal(s->panic.api, "psa_call");
	assert_non_null(strstr(s->panic.rule, "first-level handler"));
	assert_int_equal(svc.served, 0);
}

/* ------------------------------------------------------------ tracing */

/** With tracing on, a call reports its entry, the message and the end. */
static void test_call_traced(void **state)
{
	static const struct {
		enum spm_trace_kind kind;
		const char *name;
	} want[] = {
	        {SPM_TRACE_API_BEGIN, "psa_call"},
	        {SPM_TRACE_SERVICE_BEGIN, "STRICT"},
	        {SPM_TRACE_API_BEGIN, "psa_reply"},
	        {SPM_TRACE_SERVICE_END, "STRICT"},
	        {SPM_TRACE_API_END, "psa_reply"},
	        {SPM_TRACE_API_END, "psa_call"},
	};
	psa_handle_t h = psa_connect(SID_STRICT, 2);

	(void)state;
	fake_trace = (struct fake_trace){0};
	spm_trace_enable(true);
	assert_int_equal(psa_call(h, 1, NULL, 0, NULL, 0), PSA_SUCCESS);
	spm_trace_enable(false);
	assert_int_equal(fake_trace.n, sizeof(want) / sizeof(want[0]));
	for (unsigned i = 0; i < fake_trace.n; i++) {
		assert_int_equal(fake_trace.kinds[i], want[i].kind);
		assert_string_equal(fake_trace.names[i], want[i].name);
	}
	/* Off again: nothing more is reported. */
	assert_int_equal(psa_call(h, 1, NULL, 0, NULL, 0), PSA_SUCCESS);
	assert_int_equal(fake_trace.n, sizeof(want) / sizeof(want[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
	        T(test_call_traced),
	        T(test_framework_version),
	        T(test_version_known_and_authorised),
	        T(test_version_none_unknown_or_unauthorised),
	        T(test_connect_delivers_connect_message),
	        T(test_connect_strict_policy),
	        T(test_connect_relaxed_policy),
	        T(test_connect_refused_unknown_or_unauthorised_ns),
	        T(test_connect_unknown_sid_panics_secure),
	        T(test_connect_not_a_dependency_panics_secure),
	        T(test_connect_version_refused_panics_secure),
	        T(test_connect_own_service_panics_secure),
	        T(test_connect_refused_by_service),
	        T(test_connect_busy_when_pool_empty),
	        T(test_connect_stateless_sid_ns),
	        T(test_connect_stateless_sid_secure_panics),
	        T(test_call_delivers_and_returns_status),
	        T(test_call_type_range),
	        T(test_call_null_and_invalid_handles),
	        T(test_call_stale_handle),
	        T(test_call_foreign_handle),
	        T(test_call_busy_handle),
	        T(test_call_iovec_count),
	        T(test_call_unreadable_or_unwritable_vectors),
	        T(test_call_memory_checks_use_caller_and_access),
	        T(test_call_vector_arrays_checked),
	        T(test_call_overlapping_vectors_allowed),
	        T(test_call_in_out_same_buffer),
	        T(test_call_stateless),
	        T(test_call_stateless_version_mismatch),
	        T(test_call_bad_stateless_handle),
	        T(test_call_stateless_unauthorised),
	        T(test_call_stateless_checks_vectors_and_type),
	        T(test_call_programmer_error_reply),
	        T(test_close_null_is_noop),
	        T(test_close_sends_disconnect_and_frees),
	        T(test_close_rules_ns),
	        T(test_close_rules_secure),
	        T(test_calls_outside_the_system),
	        T(test_blocking_call_in_flih_panics),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
