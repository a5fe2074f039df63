/*
 * The scenario partitions end to end, on both backends where they apply:
 * every fault-lab misbehaviour gives its FF-M outcome (the panicked
 * partition, the API and rule, or the status a non-secure caller gets); the
 * agent's steps run as a secure caller; the flash-backed storage survives
 * resets, re-boots, and a reset injected at every SPM entry of an update;
 * the watchdog ends code that spins without entering the SPM; faults
 * injected into a sample partition (spmsim_inject()) give the outcome of
 * the same fault in its code.
 */
#define _GNU_SOURCE /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

#include "load_table.h"
#include "psa/client.h"
#include "psa_manifest/sid.h"
#include "spmsim/devices.h"
#include "spmsim/platform.h"
#include "spmsim/spmsim.h"

#include "fixture.h"

#include "../../partitions/settings/settings_api.h"
#include "../../scenarios/partitions/agent/ns/agent_client.h"
#include "../../scenarios/partitions/fault_lab/fault_lab_api.h"
#include "../../scenarios/partitions/storage/ns/storage_client.h"

extern const struct spm_load_table spm_load_table;
extern const struct spm_load_table spm_load_table_sfn;

/** Boots the case's backend with the table that backend can run. */
static int boot(void **state)
{
	return fixture_boot(state, &spm_load_table, &spm_load_table_sfn);
}

static bool on_ipc(void)
{
	return spmsim_backend() == SPMSIM_BACKEND_IPC;
}

/** Deliberate memory faults: memcheck reports each (see test_faults). */
static void skip_under_valgrind(void)
{
	if (RUNNING_ON_VALGRIND) {
		skip();
	}
}

/* Kept in memory so the compiler cannot see what they are. */
static volatile uint64_t null_page_address = 16;
/** A byte every boundary may read: program image, read-only data. */
static const uint8_t readable_byte = 0x5C;

/* ------------------------------------------------------ one lab request */

/** A request to a lab service, made by the non-secure side. */
struct request {
	/** The service: a stateless handle, or 0 for connection-based. */
	psa_handle_t service;
	int32_t type;
	const void *in;
	size_t in_len;
	/** What the call returned and wrote. */
	psa_status_t status;
	uint8_t out[FAULT_LAB_ECHO_MAX];
	size_t out_len;
};

/** A request of @type to @service with in_vec[0] @in of @in_len bytes. */
static struct request req_in(psa_handle_t service, int32_t type, const void *in,
                             size_t in_len)
{
	struct request r;

	memset(&r, 0, sizeof(r));
	r.service = service;
	r.type = type;
	r.in = in;
	r.in_len = in_len;
	return r;
}

/** A request of @type to @service with no input. */
static struct request req(psa_handle_t service, int32_t type)
{
	return req_in(service, type, NULL, 0);
}

/** Calls the lab as @r says; a connection-based service gets one. */
static void ns_request(void *arg)
{
	struct request *r = arg;
	psa_invec in = {r->in, r->in_len};
	psa_outvec out = {r->out, 4};
	psa_handle_t h = r->service;

	if (h == 0) {
		h = psa_connect(FAULT_LAB_SID, 1);
		assert_true(h > 0);
	}
	r->status = psa_call(h, r->type, &in, r->in != NULL, &out, 1);
	r->out_len = out.len;
	if (r->service == 0) {
		psa_close(h);
	}
}

/** What a misbehaviour should end in. */
struct outcome {
	enum spmsim_exit exit;
	/** For RETURNED: the status the caller gets. */
	psa_status_t status;
	/** For RESET: the panic. */
	enum spmsim_panic_cause cause;
	const char *partition;
	const char *api;
	/** A part of the rule's text. */
	const char *rule;
};

/** Runs @r and checks it ended as @want; returns the panic record. */
static struct spmsim_panic expect(struct request *r, const struct outcome *want)
{
	struct spmsim_panic p = {0};
	struct spmsim_counters before, after;

	spmsim_get_counters(&before);
	assert_int_equal(spmsim_run_ns(ns_request, r), want->exit);
	spmsim_get_counters(&after);
	if (want->exit == SPMSIM_EXIT_RETURNED) {
		assert_int_equal(r->status, want->status);
		assert_int_equal(after.panics, before.panics);
		return p;
	}
	assert_int_equal(after.resets, before.resets + 1);
	if (want->exit == SPMSIM_EXIT_DEADLOCK) {
		assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_DEADLOCK);
		return p;
	}
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(after.panics, before.panics + 1);
	assert_int_equal(p.cause, want->cause);
	assert_string_equal(p.partition, want->partition);
	assert_string_equal(p.api, want->api);
	if (want->rule != NULL && strstr(p.rule, want->rule) == NULL) {
		fail_msg("rule '%s' does not say '%s'", p.rule, want->rule);
	}
	return p;
}

/** A programmer-error panic of @part in @api for a rule saying @rule. */
static struct outcome misuse(const char *part, const char *api,
                             const char *rule)
{
	return (struct outcome){.exit = SPMSIM_EXIT_RESET,
	                        .cause = SPMSIM_PANIC_PROGRAMMER_ERROR,
	                        .partition = part,
	                        .api = api,
	                        .rule = rule};
}

static const struct outcome returned_ok = {.exit = SPMSIM_EXIT_RETURNED,
                                           .status = PSA_SUCCESS};

/** The system still works: the lab echoes. */
static void expect_alive(psa_handle_t service)
{
	struct request r = req_in(service, FAULT_LAB_BEHAVE, "ping", 4);

	expect(&r, &returned_ok);
	assert_int_equal(r.out_len, 4);
	assert_memory_equal(r.out, "ping", 4);
}

/* ---------------------------------------- misbehaviours both models show */

/** The lab partition behind @service, and whether it is the IPC one. */
static const char *lab_of(psa_handle_t service)
{
	return service == FAULT_LAB_SFN_HANDLE ? "SP_FAULT_LAB_SFN"
	                                       : "SP_FAULT_LAB";
}

/** Each misbehaviour of fault_lab_ops.h on @service. */
static void common_misbehaviours(psa_handle_t service)
{
	const char *lab = lab_of(service);
	struct outcome o;
	struct request r;

	expect_alive(service);
	r = req(service, FAULT_LAB_FORBIDDEN_STATUS);
	expect(&r, &(struct outcome){.exit = SPMSIM_EXIT_RETURNED,
	                             .status = PSA_ERROR_PROGRAMMER_ERROR});
	r = req(service, FAULT_LAB_WRITE_PAST_OUTVEC);
	o = misuse(lab, "psa_write", "past the end of the output vector");
	expect(&r, &o);
	r = req(service, FAULT_LAB_BAD_HANDLE);
	o = misuse(lab, "psa_read", "not the handle of a message");
	expect(&r, &o);
	r = req(service, FAULT_LAB_BAD_INDEX);
	o = misuse(lab, "psa_write", "PSA_MAX_IOVEC or more");
	expect(&r, &o);
	r = req(service, FAULT_LAB_PANIC);
	expect(&r, &(struct outcome){.exit = SPMSIM_EXIT_RESET,
	                             .cause = SPMSIM_PANIC_PSA_PANIC,
	                             .partition = lab,
	                             .api = "psa_panic",
	                             .rule = "psa_panic()"});
	r = req(service, 999);
	expect(&r, &(struct outcome){.exit = SPMSIM_EXIT_RETURNED,
	                             .status = PSA_ERROR_NOT_SUPPORTED});
	expect_alive(service);
}

static void test_sfn_lab_misbehaves(void **state)
{
	(void)state;
	common_misbehaviours(FAULT_LAB_SFN_HANDLE);
}

static void test_ipc_lab_misbehaves(void **state)
{
	(void)state;
	common_misbehaviours(FAULT_LAB_STATELESS_HANDLE);
	common_misbehaviours(0);
}

/* ------------------------------------------- what only IPC services show */

static void test_ipc_lab_reply_rules(void **state)
{
	struct outcome o;
	struct request r;

	(void)state;
	r = req(0, FAULT_LAB_REPLY_TWICE);
	o = misuse("SP_FAULT_LAB", "psa_reply", "already replied");
	expect(&r, &o);
	r = req(FAULT_LAB_STATELESS_HANDLE, FAULT_LAB_NEVER_REPLY);
	expect(&r, &(struct outcome){.exit = SPMSIM_EXIT_DEADLOCK});
	expect_alive(FAULT_LAB_STATELESS_HANDLE);
}

static void test_ipc_lab_doorbell_and_rhandle(void **state)
{
	struct outcome o;
	struct request r;

	(void)state;
	r = req(0, FAULT_LAB_DOORBELL_OK);
	expect(&r, &returned_ok);
	r = req(0, FAULT_LAB_CLEAR_NO_DOORBELL);
	o = misuse("SP_FAULT_LAB", "psa_clear", "PSA_DOORBELL");
	expect(&r, &o);
	r = req(0, FAULT_LAB_NOTIFY_UNKNOWN);
	o = misuse("SP_FAULT_LAB", "psa_notify", "names no partition");
	expect(&r, &o);
	r = req(0, FAULT_LAB_SET_RHANDLE);
	expect(&r, &returned_ok);
	r = req(FAULT_LAB_STATELESS_HANDLE, FAULT_LAB_SET_RHANDLE);
	o = misuse("SP_FAULT_LAB", "psa_set_rhandle", "stateless");
	expect(&r, &o);
}

/** Sets the lab's connect mode, then connects; the result in *arg. */
static void ns_connect_in_mode(void *arg)
{
	psa_status_t *result = arg;
	uint32_t mode = (uint32_t)*result;
	psa_invec in = {&mode, sizeof(mode)};

	assert_int_equal(psa_call(FAULT_LAB_STATELESS_HANDLE,
	                          FAULT_LAB_SET_CONNECT_MODE, &in, 1, NULL, 0),
	                 PSA_SUCCESS);
	*result = psa_connect(FAULT_LAB_SID, 1);
}

/** Connects in @mode; returns how the run ended, the result in *got. */
static enum spmsim_exit connect_in_mode(uint32_t mode, psa_status_t *got)
{
	*got = (psa_status_t)mode;
	return spmsim_run_ns(ns_connect_in_mode, got);
}

static void test_ipc_lab_connect_modes(void **state)
{
	struct spmsim_panic p;
	psa_status_t got;

	(void)state;
	assert_int_equal(connect_in_mode(FAULT_LAB_CONNECT_REFUSE, &got),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(got, PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(connect_in_mode(FAULT_LAB_CONNECT_BUSY, &got),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(got, PSA_ERROR_CONNECTION_BUSY);
	assert_int_equal(connect_in_mode(FAULT_LAB_CONNECT_FORBIDDEN, &got),
	                 SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_string_equal(p.partition, "SP_FAULT_LAB");
	assert_string_equal(p.api, "psa_reply");
	assert_non_null(strstr(p.rule, "connect message accepts only"));
	assert_int_equal(connect_in_mode(FAULT_LAB_CONNECT_NEVER_REPLY, &got),
	                 SPMSIM_EXIT_DEADLOCK);
	/* The reset brought the mode back to ACCEPT. */
	assert_int_equal(connect_in_mode(FAULT_LAB_CONNECT_ACCEPT, &got),
	                 SPMSIM_EXIT_RETURNED);
	assert_true(got > 0);
}

/* ------------------------------------------------------- memory faults */

/** A stray access of @type at @address by @service's partition. */
static struct request stray(psa_handle_t service, int32_t type,
                            const uint64_t *address)
{
	return req_in(service, type, address, sizeof(*address));
}

/** A MemManage fault of the lab behind @service, @access at @address. */
static void expect_fault(struct request *r, const char *access,
                         uint64_t address, const char *region)
{
	struct spmsim_panic p =
	        expect(r, &(struct outcome){.exit = SPMSIM_EXIT_RESET,
	                                    .cause = SPMSIM_PANIC_FAULT,
	                                    .partition = lab_of(r->service),
	                                    .api = "MemManage",
	                                    .rule = NULL});

	assert_string_equal(p.fault.access, access);
	if (address != 0) {
		assert_int_equal(p.fault.address, address);
	}
	assert_non_null(strstr(p.fault.region, region));
}

/** What holds before page protection: the plumbing of stray accesses. */
static void stray_accesses(psa_handle_t service)
{
	uint64_t null = null_page_address;
	uint64_t allowed = (uint64_t)(uintptr_t)&readable_byte;
	struct request r;

	skip_under_valgrind();
	r = stray(service, FAULT_LAB_STRAY_READ, &allowed);
	expect(&r, &returned_ok);
	assert_int_equal(r.out_len, 1);
	assert_int_equal(r.out[0], readable_byte);
	r = stray(service, FAULT_LAB_STRAY_READ, &null);
	expect_fault(&r, "read", null, "null page");
	r = stray(service, FAULT_LAB_STRAY_WRITE, &null);
	expect_fault(&r, "write", null, "null page");
	r = stray(service, FAULT_LAB_STRAY_EXECUTE, &null);
	expect_fault(&r, "execute", null, "null page");
	r = req(service, FAULT_LAB_STACK_OVERFLOW);
	expect_fault(&r, "write", 0, "guard page");
	expect_alive(service);
}

static void test_sfn_lab_memory_faults(void **state)
{
	(void)state;
	stray_accesses(FAULT_LAB_SFN_HANDLE);
}

static void test_ipc_lab_memory_faults(void **state)
{
	(void)state;
	stray_accesses(FAULT_LAB_STATELESS_HANDLE);
}

/* ---------------------------------------------------------- the agent */

/** A step for the agent, and what it gave. */
struct agent_case {
	struct agent_step step;
	const void *in;
	psa_status_t status;
	struct agent_result res;
	uint8_t out[AGENT_MAX_OUT];
};

static void ns_agent(void *arg)
{
	struct agent_case *c = arg;

	c->status = agent_run(&c->step, c->in, &c->res, c->out, sizeof(c->out));
}

/** Runs @c through the agent and expects the run to end with @exit. */
static void agent(struct agent_case *c, enum spmsim_exit exit)
{
	assert_int_equal(spmsim_run_ns(ns_agent, c), exit);
	if (exit == SPMSIM_EXIT_RETURNED) {
		assert_int_equal(c->status, PSA_SUCCESS);
	}
}

/** The last panic was of SP_AGENT, a programmer error in @api. */
static void expect_agent_panic(const char *api, const char *rule)
{
	struct spmsim_panic p;

	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_PROGRAMMER_ERROR);
	assert_string_equal(p.partition, "SP_AGENT");
	assert_string_equal(p.api, api);
	assert_non_null(strstr(p.rule, rule));
}

static void test_agent_steps(void **state)
{
	struct agent_case c = {
	        .step = {.op = AGENT_OP_VERSION, .sid = FAULT_LAB_SFN_SID}};

	(void)state;
	agent(&c, SPMSIM_EXIT_RETURNED);
	assert_int_equal(c.res.version, 1);
	c = (struct agent_case){.step = {.op = AGENT_OP_VERSION, .sid = 0xBAD}};
	agent(&c, SPMSIM_EXIT_RETURNED);
	assert_int_equal(c.res.version, PSA_VERSION_NONE);
	/* A call with data both ways: the SFN lab echoes for the agent. */
	c = (struct agent_case){
	        .step = {.op = AGENT_OP_CALL,
	                 .handle = (int32_t)FAULT_LAB_SFN_HANDLE,
	                 .type = FAULT_LAB_BEHAVE,
	                 .n_in = 1,
	                 .n_out = 1,
	                 .in_len = {5},
	                 .out_len = {8}},
	        .in = "hello"};
	agent(&c, SPMSIM_EXIT_RETURNED);
	assert_int_equal(c.res.status, PSA_SUCCESS);
	assert_int_equal(c.res.out_len[0], 5);
	assert_memory_equal(c.out, "hello", 5);
	/* A malformed request is the agent's own answer. */
	c = (struct agent_case){
	        .step = {.op = AGENT_OP_CALL, .n_in = 1, .in_len = {3}}};
	assert_int_equal(spmsim_run_ns(ns_agent, &c), SPMSIM_EXIT_RETURNED);
	assert_int_equal(c.status, PSA_ERROR_INVALID_ARGUMENT);
}

static void test_agent_programmer_errors_panic_it(void **state)
{
	struct agent_case c = {.step = {.op = AGENT_OP_CALL, .handle = 0x1234}};

	(void)state;
	agent(&c, SPMSIM_EXIT_RESET);
	expect_agent_panic("psa_call", "handle");
	c = (struct agent_case){.step = {.op = AGENT_OP_CONNECT,
	                                 .sid = FAULT_LAB_SFN_SID,
	                                 .version = 1}};
	agent(&c, SPMSIM_EXIT_RESET);
	expect_agent_panic("psa_connect", "stateless");
	/* FF-M 1.1: an unknown SID is a programmer error, so a secure caller
	 * is panicked (a non-secure one gets CONNECTION_REFUSED). */
	c = (struct agent_case){
	        .step = {.op = AGENT_OP_CONNECT, .sid = 0xBAD, .version = 1}};
	agent(&c, SPMSIM_EXIT_RESET);
	expect_agent_panic("psa_connect", "no service has the SID");
	/* So is a version the service's policy refuses (the connection-based
	 * lab runs under the IPC backend only). */
	if (on_ipc()) {
		c = (struct agent_case){.step = {.op = AGENT_OP_CONNECT,
		                                 .sid = FAULT_LAB_SID,
		                                 .version = 99}};
		agent(&c, SPMSIM_EXIT_RESET);
		expect_agent_panic("psa_connect", "version");
	}
	/* The lab answers PROGRAMMER_ERROR: a secure caller is panicked. */
	c = (struct agent_case){
	        .step = {.op = AGENT_OP_CALL,
	                 .handle = (int32_t)FAULT_LAB_SFN_HANDLE,
	                 .type = FAULT_LAB_FORBIDDEN_STATUS}};
	agent(&c, SPMSIM_EXIT_RESET);
	expect_agent_panic("psa_call", "PSA_ERROR_PROGRAMMER_ERROR");
	c = (struct agent_case){.step = {.op = AGENT_OP_CLOSE,
	                                 .handle = (int32_t)STORAGE_HANDLE}};
	agent(&c, SPMSIM_EXIT_RESET);
	expect_agent_panic("psa_close", "stateless");
}

static void test_agent_connection_steps(void **state)
{
	struct agent_case c = {.step = {.op = AGENT_OP_CONNECT,
	                                .sid = FAULT_LAB_SID,
	                                .version = 1}};
	int32_t handle;

	(void)state;
	agent(&c, SPMSIM_EXIT_RETURNED);
	assert_int_equal(c.res.status, PSA_SUCCESS);
	handle = c.res.handle;
	assert_true(handle > 0);
	/* The connection is the agent's: it lives across agent calls. */
	c = (struct agent_case){.step = {.op = AGENT_OP_CALL,
	                                 .handle = handle,
	                                 .type = FAULT_LAB_BEHAVE,
	                                 .n_in = 1,
	                                 .n_out = 1,
	                                 .in_len = {3},
	                                 .out_len = {3}},
	                        .in = "abc"};
	agent(&c, SPMSIM_EXIT_RETURNED);
	assert_int_equal(c.res.status, PSA_SUCCESS);
	assert_memory_equal(c.out, "abc", 3);
	c = (struct agent_case){
	        .step = {.op = AGENT_OP_CLOSE, .handle = handle}};
	agent(&c, SPMSIM_EXIT_RETURNED);
	/* Closed: the handle is stale now, a programmer error. */
	c = (struct agent_case){
	        .step = {.op = AGENT_OP_CALL, .handle = handle}};
	agent(&c, SPMSIM_EXIT_RESET);
	expect_agent_panic("psa_call", "handle");
}

/* ------------------------------------------------------------ storage */

#define KEY 42u

/** A storage operation from the non-secure side. */
struct store_op {
	bool set;
	const char *value;
	psa_status_t status;
	char got[STORAGE_MAX_VALUE + 1];
};

static void ns_store(void *arg)
{
	struct store_op *op = arg;
	size_t len = 0;

	if (op->set) {
		op->status = storage_set(KEY, op->value, strlen(op->value));
		return;
	}
	memset(op->got, 0, sizeof(op->got));
	op->status = storage_get(KEY, op->got, STORAGE_MAX_VALUE, &len);
}

static void store(const char *value)
{
	struct store_op op = {.set = true, .value = value};

	assert_int_equal(spmsim_run_ns(ns_store, &op), SPMSIM_EXIT_RETURNED);
	assert_int_equal(op.status, PSA_SUCCESS);
}

/** The stored value, or NULL when there is none. */
static const char *load(struct store_op *op)
{
	*op = (struct store_op){0};
	assert_int_equal(spmsim_run_ns(ns_store, op), SPMSIM_EXIT_RETURNED);
	if (op->status == PSA_ERROR_DOES_NOT_EXIST) {
		return NULL;
	}
	assert_int_equal(op->status, PSA_SUCCESS);
	return op->got;
}

/* ------------------------------------------------------ partition heap */

#define HEAP_PART "SP_FAULT_LAB_SFN"
#define HEAP_SIZE 0x1000u /* its manifest's heap_size */

/** One heap request to the SFN lab: allocate or check. */
struct heap_req {
	int32_t type;
	uint32_t size;
	psa_status_t status;
	uint64_t where;
};

static void ns_heap(void *arg)
{
	struct heap_req *r = arg;
	psa_invec in = {&r->size, sizeof(r->size)};
	psa_outvec out = {&r->where, sizeof(r->where)};

	r->status = psa_call(FAULT_LAB_SFN_HANDLE, r->type, &in, 1, &out, 1);
}

/** The lab's malloc(@size): its status, the block's address in *where. */
static psa_status_t heap_alloc(uint32_t size, uint64_t *where)
{
	struct heap_req r = {FAULT_LAB_HEAP_ALLOC, size, 0, 0};

	assert_int_equal(spmsim_run_ns(ns_heap, &r), SPMSIM_EXIT_RETURNED);
	*where = r.where;
	return r.status;
}

/** The lab's calloc/realloc checks, then free of every block. */
static psa_status_t heap_check(void)
{
	struct heap_req r = {FAULT_LAB_HEAP_CHECK, 0, 0, 0};

	assert_int_equal(spmsim_run_ns(ns_heap, &r), SPMSIM_EXIT_RETURNED);
	return r.status;
}

/** Asserts that @where lies in the lab's heap, @size bytes of it. */
static void assert_in_heap(uint64_t where, uint32_t size)
{
	uintptr_t heap =
	        (uintptr_t)spmsim_area_address(SPMSIM_AREA_HEAP, HEAP_PART);

	assert_true(heap != 0);
	assert_true(where >= heap && where + size <= heap + HEAP_SIZE);
}

/* heap_size gives the partition a heap of that size: malloc, calloc,
 * realloc and free from its code use it, and it runs out. */
static void test_partition_heap(void **state)
{
	uint64_t a, b;

	(void)state;
	assert_int_equal(heap_alloc(100, &a), PSA_SUCCESS);
	assert_in_heap(a, 100);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(heap_alloc(1000, &b), PSA_SUCCESS);
		assert_in_heap(b, 1000);
		assert_true(b >= a + 100 || b + 1000 <= a);
	}
	/* 4 KiB less what is taken and the bookkeeping: no 1000 left. */
	assert_int_equal(heap_alloc(1000, &b), PSA_ERROR_INSUFFICIENT_MEMORY);
	assert_int_equal(heap_alloc(HEAP_SIZE, &b),
	                 PSA_ERROR_INSUFFICIENT_MEMORY);
	assert_int_equal(heap_check(), 4);
	/* Everything freed and merged: one large block fits again. */
	assert_int_equal(heap_alloc(3000, &b), PSA_SUCCESS);
	assert_in_heap(b, 3000);
	assert_int_equal(heap_check(), 1);
}

static void ns_reads(void *arg)
{
	(void)*(volatile uint8_t *)(uintptr_t) * (const uint64_t *)arg;
}

/* The heap is the partition's protected memory: non-secure code reading a
 * block faults (trap mode); a reset gives the partition an empty heap. */
static void test_partition_heap_is_protected(void **state)
{
	struct spmsim_panic p;
	uint64_t a;

	(void)state;
	skip_under_valgrind();
	assert_int_equal(heap_alloc(3000, &a), PSA_SUCCESS);
	assert_int_equal(spmsim_run_ns(ns_reads, &a), SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
	assert_string_equal(p.partition, "non-secure");
	assert_string_equal(p.fault.type, "SecureFault");
	assert_string_equal(p.fault.region, HEAP_PART " heap");
	/* After the reset the block is gone: 3000 bytes fit again. */
	assert_int_equal(heap_alloc(3000, &a), PSA_SUCCESS);
	assert_in_heap(a, 3000);
}

/* A partition without heap_size has no heap: malloc returns NULL. */
static void test_no_heap_size_no_heap(void **state)
{
	struct request r;

	(void)state;
	uint32_t size = 16;

	r = req_in(0, FAULT_LAB_HEAP_ALLOC, &size, sizeof(size));
	assert_int_equal(spmsim_run_ns(ns_request, &r), SPMSIM_EXIT_RETURNED);
	assert_int_equal(r.status, PSA_ERROR_INSUFFICIENT_MEMORY);
	assert_null(spmsim_area_address(SPMSIM_AREA_HEAP, "SP_FAULT_LAB"));
}

static void test_storage_survives_a_reset(void **state)
{
	struct store_op op;

	(void)state;
	assert_null(load(&op));
	store("first");
	store("second value");
	assert_string_equal(load(&op), "second value");
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_HARNESS);
	assert_string_equal(load(&op), "second value");
	assert_int_equal(spmsim_flash_erase(), 0);
	assert_null(load(&op));
}

/** A fresh file name for a flash. */
static void temp_flash(char *path, size_t size)
{
	snprintf(path, size, "/tmp/spmsim-flash-%ld-XXXXXX", (long)getpid());
	close(mkstemp(path));
}

/** Boots the case's backend again at @level with @flash_file. */
static void reboot_at(void **state, unsigned level, const char *flash_file)
{
	struct spmsim_config cfg = {
	        .backend = fixture_backend(state),
	        .table = fixture_backend(state) == SPMSIM_BACKEND_SFN
	                         ? &spm_load_table_sfn
	                         : &spm_load_table,
	        .isolation_level = level,
	        .flash_file = flash_file,
	};

	spmsim_shutdown();
	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
}

/** Boots the case's backend again at level 1 with @flash_file. */
static void reboot(void **state, const char *flash_file)
{
	reboot_at(state, 1, flash_file);
}

static void test_storage_survives_a_reboot(void **state)
{
	char path[64];
	struct store_op op;
	FILE *f;

	temp_flash(path, sizeof(path));
	reboot(state, path);
	store("kept on file");
	reboot(state, path);
	assert_string_equal(load(&op), "kept on file");
	/* Without the file a boot starts erased. */
	reboot(state, NULL);
	assert_null(load(&op));
	/* A file of the wrong size is refused, naming it. */
	spmsim_shutdown();
	f = fopen(path, "a");
	fputs("x", f);
	fclose(f);
	assert_int_equal(spmsim_boot(&(struct spmsim_config){
	                         .backend = fixture_backend(state),
	                         .table = &spm_load_table_sfn,
	                         .flash_file = path}),
	                 PSA_ERROR_STORAGE_FAILURE);
	assert_non_null(strstr(spmsim_error(), path));
	unlink(path);
	reboot(state, NULL);
}

/** Sets @n values over @keys keys, then checks the latest of each. */
static void ns_churn(void *arg)
{
	const unsigned n = 1200, keys = 3;
	char value[STORAGE_MAX_VALUE], got[STORAGE_MAX_VALUE];
	size_t len;

	(void)arg;
	for (unsigned i = 0; i < n; i++) {
		memset(value, 'a' + (int)(i % 26), sizeof(value));
		snprintf(value, sizeof(value), "%u", i);
		assert_int_equal(storage_set(i % keys, value, sizeof(value)),
		                 PSA_SUCCESS);
	}
	assert_int_equal(storage_remove(0), PSA_SUCCESS);
	assert_int_equal(storage_remove(0), PSA_ERROR_DOES_NOT_EXIST);
	for (unsigned k = 1; k < keys; k++) {
		unsigned last = n - keys + k;

		assert_int_equal(storage_get(k, got, sizeof(got), &len),
		                 PSA_SUCCESS);
		assert_int_equal(len, sizeof(value));
		assert_int_equal(strtoul(got, NULL, 10), last);
		assert_int_equal(got[len - 1], 'a' + (int)(last % 26));
	}
}

/* 1200 values of 80 bytes each in flash are 96 KiB: only compaction into
 * the other bank lets them fit, again and again. */
static void test_storage_compacts(void **state)
{
	struct store_op op;

	(void)state;
	assert_int_equal(spmsim_run_ns(ns_churn, NULL), SPMSIM_EXIT_RETURNED);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	assert_int_equal(spmsim_run_ns(ns_churn, NULL), SPMSIM_EXIT_RETURNED);
	assert_null(load(&op)); /* KEY 42 was never set */
}

/** Distinct keys until the store is full; their count in *arg. */
static void ns_fill(void *arg)
{
	unsigned *stored = arg;
	char value[STORAGE_MAX_VALUE] = "v";
	char got[STORAGE_MAX_VALUE];
	psa_status_t status;
	size_t len;

	while ((status = storage_set(1000 + *stored, value, sizeof(value))) ==
	       PSA_SUCCESS) {
		(*stored)++;
	}
	assert_int_equal(status, PSA_ERROR_INSUFFICIENT_STORAGE);
	assert_int_equal(storage_get(1000, got, sizeof(got), &len),
	                 PSA_SUCCESS);
	assert_int_equal(storage_get(999 + *stored, got, sizeof(got), &len),
	                 PSA_SUCCESS);
	/* A removal frees its value's room at the next compaction. */
	assert_int_equal(storage_remove(1000), PSA_SUCCESS);
	assert_int_equal(storage_set(5000, value, sizeof(value)), PSA_SUCCESS);
}

static void test_storage_full(void **state)
{
	unsigned stored = 0;

	(void)state;
	assert_int_equal(spmsim_run_ns(ns_fill, &stored), SPMSIM_EXIT_RETURNED);
	/* Every live value fits one bank, at 80 bytes each, removal
	 * records aside. */
	assert_true(stored <= STORAGE_BANK_CAPACITY / 80);
	assert_true(stored >= STORAGE_BANK_CAPACITY / 80 - 2);
}

/* Levels 2 and 3 (IPC): the storage reaches its flash region, the agent
 * (PSA-RoT) drives an application-RoT service, the lab still misbehaves. */
static void test_higher_isolation_levels(void **state)
{
	struct agent_case c;
	struct store_op op;
	struct outcome o;
	struct request r;

	for (unsigned level = 2; level <= 3; level++) {
		reboot_at(state, level, NULL);
		store("at a higher level");
		assert_int_equal(spmsim_reset(), PSA_SUCCESS);
		assert_string_equal(load(&op), "at a higher level");
		c = (struct agent_case){
		        .step = {.op = AGENT_OP_CALL,
		                 .handle = (int32_t)FAULT_LAB_STATELESS_HANDLE,
		                 .type = FAULT_LAB_BEHAVE,
		                 .n_in = 1,
		                 .n_out = 1,
		                 .in_len = {2},
		                 .out_len = {2}},
		        .in = "L3"};
		agent(&c, SPMSIM_EXIT_RETURNED);
		assert_int_equal(c.res.status, PSA_SUCCESS);
		assert_memory_equal(c.out, "L3", 2);
		r = req(0, FAULT_LAB_BAD_INDEX);
		o = misuse("SP_FAULT_LAB", "psa_write", "PSA_MAX_IOVEC");
		expect(&r, &o);
	}
}

/** True when the flash holds the first @n bytes of @text somewhere. */
static bool flash_holds(const char *text, size_t n)
{
	size_t size;
	const uint8_t *f = spmsim_flash_contents(&size);

	return memmem(f, size, text, n) != NULL;
}

/*
 * A reset at every SPM entry of an update: afterwards the value is the old
 * one or the new one, never a mix, and the sweep sees both, and at least
 * a record cut short (new bytes in flash, yet the old value read).
 */
static void test_storage_reset_at_every_entry(void **state)
{
	struct spmsim_counters a, b;
	struct store_op op;
	char old[40], next[40];
	uint64_t entries;
	unsigned olds = 0, news = 0, torn_records = 0;

	(void)state;
	store("000-value-aaaaaaaaaaaaaaaaaaaaaa");
	spmsim_get_counters(&a);
	store("001-value-aaaaaaaaaaaaaaaaaaaaaa");
	spmsim_get_counters(&b);
	entries = b.spm_entries - a.spm_entries;
	assert_true(entries >= 5);
	strcpy(old, "001-value-aaaaaaaaaaaaaaaaaaaaaa");
	for (uint64_t n = 1; n <= entries + 1; n++) {
		struct store_op set = {.set = true, .value = next};
		enum spmsim_exit exit;

		snprintf(next, sizeof(next),
		         "%03u-value-bbbbbbbbbbbbbbbbbbbbbb", (unsigned)n + 1);
		spmsim_reset_after(n);
		exit = spmsim_run_ns(ns_store, &set);
		/* One past the set's entries, the run may end first. */
		assert_int_equal(exit, n <= entries ? SPMSIM_EXIT_RESET : exit);
		spmsim_reset_after_cancel();
		if (exit == SPMSIM_EXIT_RESET) {
			assert_int_equal(spmsim_last_reset(),
			                 SPMSIM_RESET_INJECTED);
		}
		load(&op);
		if (strcmp(op.got, old) == 0) {
			olds++;
			/* Its first chunk (8 bytes, unique) got programmed. */
			torn_records += flash_holds(next, 8);
		} else {
			assert_string_equal(op.got, next);
			news++;
			strcpy(old, next);
		}
	}
	print_message("%llu entries per set: %u resets left the old value "
	              "(%u of them a record cut short), %u the new one\n",
	              (unsigned long long)entries, olds, torn_records, news);
	assert_true(olds > 0);
	assert_true(news > 0); /* at least the whole set, n = entries + 1 */
	assert_true(torn_records > 0);
}

/* -------------------------------------------------------- injected resets */

static void ns_two_calls(void *arg)
{
	int *done = arg;
	struct request r =
	        req_in(FAULT_LAB_SFN_HANDLE, FAULT_LAB_BEHAVE, "x", 1);

	ns_request(&r);
	(*done)++;
	ns_request(&r);
	(*done)++;
}

static void test_reset_after_counts_entries(void **state)
{
	struct spmsim_counters a, b;
	struct spmsim_panic p;
	int done = 0;

	(void)state;
	spmsim_get_counters(&a);
	assert_int_equal(spmsim_run_ns(ns_two_calls, &done),
	                 SPMSIM_EXIT_RETURNED);
	spmsim_get_counters(&b);
	/* Half the entries of the two calls: the second call never ends. */
	done = 0;
	spmsim_reset_after((b.spm_entries - a.spm_entries) / 2 + 1);
	assert_int_equal(spmsim_run_ns(ns_two_calls, &done), SPMSIM_EXIT_RESET);
	assert_int_equal(done, 1);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_INJECTED);
	assert_false(spmsim_last_panic(&p));
	spmsim_get_counters(&a);
	assert_int_equal(a.resets, 1);
	assert_int_equal(a.panics, 0);
	/* One-shot: the next run is whole. */
	done = 0;
	assert_int_equal(spmsim_run_ns(ns_two_calls, &done),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(done, 2);
	/* Cancelled: nothing strikes. */
	spmsim_reset_after(1);
	spmsim_reset_after_cancel();
	assert_int_equal(spmsim_run_ns(ns_two_calls, &done),
	                 SPMSIM_EXIT_RETURNED);
}

/* ----------------------------------------------------------- watchdog */

#define WATCHDOG_NS 50000000u /* 50 ms */

static volatile unsigned long ns_spins;

static void ns_spin(void *arg)
{
	(void)arg;
	for (;;) {
		ns_spins++;
	}
}

/** The watchdog bit @partition. */
static void expect_watchdog(const char *partition)
{
	struct spmsim_panic p;

	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_WATCHDOG);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_WATCHDOG);
	assert_string_equal(p.partition, partition);
	assert_string_equal(p.api, "watchdog");
	assert_non_null(strstr(p.rule, "without entering the SPM"));
}

static void test_watchdog_ends_a_spinning_service(void **state)
{
	struct request r = req(FAULT_LAB_SFN_HANDLE, FAULT_LAB_SPIN);

	(void)state;
	spmsim_watchdog(WATCHDOG_NS);
	assert_int_equal(spmsim_run_ns(ns_request, &r), SPMSIM_EXIT_RESET);
	expect_watchdog("SP_FAULT_LAB_SFN");
	expect_alive(FAULT_LAB_SFN_HANDLE);
	if (on_ipc()) {
		r = req(FAULT_LAB_STATELESS_HANDLE, FAULT_LAB_SPIN);
		assert_int_equal(spmsim_run_ns(ns_request, &r),
		                 SPMSIM_EXIT_RESET);
		expect_watchdog("SP_FAULT_LAB");
	}
}

static void test_watchdog_ends_a_spinning_ns_loop(void **state)
{
	(void)state;
	spmsim_watchdog(WATCHDOG_NS);
	assert_int_equal(spmsim_run_ns(ns_spin, NULL), SPMSIM_EXIT_RESET);
	expect_watchdog("non-secure");
	assert_true(ns_spins > 0);
}

/** Calls the lab for @arg nanoseconds of real time. */
static void ns_busy_calls(void *arg)
{
	uint64_t ns = *(const uint64_t *)arg;
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		struct request r = req(FAULT_LAB_SFN_HANDLE, FAULT_LAB_BEHAVE);

		ns_request(&r);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((uint64_t)(t.tv_sec - t0.tv_sec) * 1000000000u +
	                 (uint64_t)t.tv_nsec - (uint64_t)t0.tv_nsec <
	         ns);
}

static void test_watchdog_spares_code_that_calls_the_spm(void **state)
{
	uint64_t ns = 4 * WATCHDOG_NS;

	(void)state;
	spmsim_watchdog(WATCHDOG_NS);
	assert_int_equal(spmsim_run_ns(ns_busy_calls, &ns),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_NONE);
	/* An IPC service that never replies is still a deadlock. */
	if (on_ipc()) {
		struct request r =
		        req(FAULT_LAB_STATELESS_HANDLE, FAULT_LAB_NEVER_REPLY);

		assert_int_equal(spmsim_run_ns(ns_request, &r),
		                 SPMSIM_EXIT_DEADLOCK);
	}
}

/* ------------------------------------------------------ injected faults */

/** SETTINGS_SET of key 1, from the non-secure side; its status in @arg. */
static void ns_settings_set(void *arg)
{
	psa_status_t *status = arg;
	uint32_t key = 1;
	uint8_t value = 0x11;
	psa_invec in[2] = {{&key, sizeof(key)}, {&value, 1}};

	*status = psa_call(SETTINGS_HANDLE, SETTINGS_SET, in, 2, NULL, 0);
}

/** Arms @inj, runs SETTINGS_SET and checks how the run ended. */
static psa_status_t settings_set_with(const struct spmsim_injection *inj,
                                      enum spmsim_exit exit)
{
	psa_status_t status = 1;

	assert_int_equal(spmsim_inject(inj), PSA_SUCCESS);
	assert_true(spmsim_inject_pending(NULL));
	assert_int_equal(spmsim_run_ns(ns_settings_set, &status), exit);
	assert_false(spmsim_inject_pending(NULL));
	return status;
}

static void test_inject_refusals(void **state)
{
	struct spmsim_injection inj = {.kind = SPMSIM_INJECT_PANIC,
	                               .partition = "SP_NOPE"};

	assert_int_equal(spmsim_inject(&inj), PSA_ERROR_DOES_NOT_EXIST);
	inj.partition = "NS";
	assert_int_equal(spmsim_inject(&inj), PSA_ERROR_DOES_NOT_EXIST);
	inj.partition = "SP_SETTINGS";
	inj.api = "psa_frobnicate";
	assert_int_equal(spmsim_inject(&inj), PSA_ERROR_INVALID_ARGUMENT);
	/* An SFN-model partition never calls these. */
	inj.api = "psa_wait";
	assert_int_equal(spmsim_inject(&inj), PSA_ERROR_INVALID_ARGUMENT);
	inj = (struct spmsim_injection){.kind = SPMSIM_INJECT_REPLY_STATUS,
	                                .partition = "SP_SETTINGS"};
	assert_int_equal(spmsim_inject(&inj), PSA_ERROR_INVALID_ARGUMENT);
	assert_non_null(strstr(spmsim_error(), "psa_reply"));
	inj = (struct spmsim_injection){.kind = SPMSIM_INJECT_ERROR_STATUS,
	                                .partition = "SP_SETTINGS",
	                                .api = "psa_read"};
	assert_int_equal(spmsim_inject(&inj), PSA_ERROR_INVALID_ARGUMENT);
	inj = (struct spmsim_injection){.kind = SPMSIM_INJECT_STRAY_READ,
	                                .partition = "SP_SETTINGS"};
	assert_int_equal(spmsim_inject(&inj), PSA_ERROR_INVALID_ARGUMENT);
	assert_false(spmsim_inject_pending(NULL));
	spmsim_shutdown();
	inj = (struct spmsim_injection){.kind = SPMSIM_INJECT_PANIC,
	                                .partition = "SP_SETTINGS"};
	assert_int_equal(spmsim_inject(&inj), PSA_ERROR_BAD_STATE);
	reboot_at(state, 1, NULL);
}

/* The status replaces the call SP_SETTINGS makes, once; counted calls. */
static void test_inject_error_status(void **state)
{
	struct spmsim_injection inj = {.kind = SPMSIM_INJECT_ERROR_STATUS,
	                               .partition = "SP_SETTINGS",
	                               .status = PSA_ERROR_STORAGE_FAILURE};
	psa_status_t status = 1;
	uint64_t counted = 99;

	(void)state;
	assert_int_equal(settings_set_with(&inj, SPMSIM_EXIT_RETURNED),
	                 PSA_ERROR_STORAGE_FAILURE);
	assert_int_equal(spmsim_run_ns(ns_settings_set, &status),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(status, PSA_SUCCESS);
	/* The 3rd psa_read: two per SETTINGS_SET, so not reached in one. */
	inj = (struct spmsim_injection){.kind = SPMSIM_INJECT_PANIC,
	                                .partition = "SP_SETTINGS",
	                                .api = "psa_read",
	                                .nth = 3};
	assert_int_equal(spmsim_inject(&inj), PSA_SUCCESS);
	assert_int_equal(spmsim_run_ns(ns_settings_set, &status),
	                 SPMSIM_EXIT_RETURNED);
	assert_true(spmsim_inject_pending(&counted));
	assert_int_equal(counted, 2);
	spmsim_inject_cancel();
	assert_false(spmsim_inject_pending(NULL));
	assert_int_equal(spmsim_run_ns(ns_settings_set, &status),
	                 SPMSIM_EXIT_RETURNED);
}

/* A panic, a reset: recorded as the real ones are. */
static void test_inject_panic_and_reset(void **state)
{
	struct spmsim_injection inj = {.kind = SPMSIM_INJECT_PANIC,
	                               .partition = "SP_SETTINGS"};
	struct spmsim_panic p;

	(void)state;
	settings_set_with(&inj, SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_PSA_PANIC);
	assert_string_equal(p.partition, "SP_SETTINGS");
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_PANIC);
	inj = (struct spmsim_injection){.kind = SPMSIM_INJECT_RESET,
	                                .partition = "SP_KV_STORE"};
	settings_set_with(&inj, SPMSIM_EXIT_RESET);
	assert_int_equal(spmsim_last_reset(), SPMSIM_RESET_INJECTED);
}

/* Stray writes and a stack overflow fault as SP_SETTINGS's own would. */
static void test_inject_memory_faults(void **state)
{
	struct spmsim_injection inj = {.kind = SPMSIM_INJECT_STRAY_WRITE,
	                               .partition = "SP_SETTINGS"};
	struct spmsim_panic p;

	skip_under_valgrind();
	for (unsigned level = 2; level <= 3; level++) {
		reboot_at(state, level, NULL);
		inj.kind = SPMSIM_INJECT_STRAY_WRITE;
		inj.address = spmsim_area_address(SPMSIM_AREA_SPM, NULL);
		settings_set_with(&inj, SPMSIM_EXIT_RESET);
		assert_true(spmsim_last_panic(&p));
		assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
		assert_string_equal(p.partition, "SP_SETTINGS");
		assert_string_equal(p.fault.type, "MemManage");
		assert_string_equal(p.fault.access, "write");
		assert_non_null(strstr(p.fault.region, "SPM"));
		inj.kind = SPMSIM_INJECT_STACK_OVERFLOW;
		settings_set_with(&inj, SPMSIM_EXIT_RESET);
		assert_true(spmsim_last_panic(&p));
		assert_string_equal(p.partition, "SP_SETTINGS");
		assert_non_null(strstr(p.fault.region, "guard"));
	}
	reboot_at(state, 1, NULL);
}

/* ----------------------------------------------------------- groups */

#define ON(backend, fn) FIXTURE_ON(boot, backend, fn)
#define BOTH(fn)        FIXTURE_BOTH(boot, fn)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        BOTH(test_sfn_lab_misbehaves),
	        ON(SPMSIM_BACKEND_IPC, test_ipc_lab_misbehaves),
	        ON(SPMSIM_BACKEND_IPC, test_ipc_lab_reply_rules),
	        ON(SPMSIM_BACKEND_IPC, test_ipc_lab_doorbell_and_rhandle),
	        ON(SPMSIM_BACKEND_IPC, test_ipc_lab_connect_modes),
	        BOTH(test_sfn_lab_memory_faults),
	        ON(SPMSIM_BACKEND_IPC, test_ipc_lab_memory_faults),
	        BOTH(test_agent_steps),
	        BOTH(test_agent_programmer_errors_panic_it),
	        ON(SPMSIM_BACKEND_IPC, test_agent_connection_steps),
	        BOTH(test_partition_heap),
	        BOTH(test_partition_heap_is_protected),
	        ON(SPMSIM_BACKEND_IPC, test_no_heap_size_no_heap),
	        BOTH(test_storage_survives_a_reset),
	        BOTH(test_storage_survives_a_reboot),
	        BOTH(test_storage_reset_at_every_entry),
	        BOTH(test_storage_compacts),
	        BOTH(test_storage_full),
	        ON(SPMSIM_BACKEND_IPC, test_higher_isolation_levels),
	        BOTH(test_reset_after_counts_entries),
	        BOTH(test_watchdog_ends_a_spinning_service),
	        BOTH(test_watchdog_ends_a_spinning_ns_loop),
	        BOTH(test_watchdog_spares_code_that_calls_the_spm),
	        BOTH(test_inject_refusals),
	        BOTH(test_inject_error_status),
	        BOTH(test_inject_panic_and_reset),
	        ON(SPMSIM_BACKEND_IPC, test_inject_memory_faults),
	};

	return cmocka_run_group_tests_name("scenario partitions", tests, NULL,
	                                   NULL);
}
