/*
 * Integration tests of every PSA client and service API function used as
 * FF-M intends (the misuse is in test_errors.c). Each test is written once
 * and runs in three groups: the IPC backend with the IPC-model SP_IPC, the
 * IPC backend with the SFN-model SP_SFN, and the SFN backend with SP_SFN.
 *
 * Non-secure code runs on its own simulated context and asserts as it goes;
 * client actions of a secure partition go through its TP_MAIN service
 * (CMD_CLIENT_OP), which performs them against SP_PEER.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "psa/lifecycle.h"
#include "test_partitions.h"

/* ------------------------------------------------- psa_framework_version */

static void ns_framework_version(void *arg)
{
	(void)arg;
	assert_int_equal(psa_framework_version(), 0x0101);
	assert_int_equal(tp_ns_secure_op(OP_FRAMEWORK, 0, 0), 0x0101);
}

static void test_framework_version(void **state)
{
	(void)state;
	TP_RUN_OK(ns_framework_version, NULL);
}

/* ------------------------------------------------------------ psa_version */

static void ns_version(void *arg)
{
	(void)arg;
	assert_int_equal(psa_version(TP_SID(TP_MAIN)), 1);
	assert_int_equal(psa_version(TP_SID(TP_RELAXED)), 3);
	assert_int_equal(psa_version(TP_SID(TP_STRICT)), 2);
	assert_int_equal(psa_version(TP_SID(TP_STATELESS)),
	                 tp_g->t->sl_version);
	assert_int_equal(psa_version(TP_PEER_SL_SID), 2);
	/* Unknown, or not for non-secure clients: PSA_VERSION_NONE. */
	assert_int_equal(psa_version(TP_UNKNOWN_SID), PSA_VERSION_NONE);
	assert_int_equal(psa_version(TP_SID(TP_NOTNS)), PSA_VERSION_NONE);
	assert_int_equal(psa_version(TP_PEER_NOTNS_SID), PSA_VERSION_NONE);
	/* A secure caller: its manifest dependencies decide. */
	assert_int_equal(tp_ns_secure_op(OP_VERSION, TP_PEER_NOTNS_SID, 0), 1);
	assert_int_equal(tp_ns_secure_op(OP_VERSION, TP_PEER_SL_SID, 0), 2);
	assert_int_equal(tp_ns_secure_op(OP_VERSION, TP_SID(TP_NOMM), 0),
	                 PSA_VERSION_NONE);
	assert_int_equal(tp_ns_secure_op(OP_VERSION, TP_UNKNOWN_SID, 0),
	                 PSA_VERSION_NONE);
}

static void test_version(void **state)
{
	(void)state;
	TP_RUN_OK(ns_version, NULL);
}

/* ------------------------------------------------ psa_connect, psa_close */

static void ns_connect_close(void *arg)
{
	unsigned seen = tp_disconnects(tp_g->t->pid);
	psa_handle_t h1 = psa_connect(TP_SID(TP_MAIN), 1);
	psa_handle_t h2 = psa_connect(TP_SID(TP_MAIN), 1);

	(void)arg;
	assert_true(PSA_HANDLE_IS_VALID(h1));
	assert_true(PSA_HANDLE_IS_VALID(h2));
	assert_int_not_equal(h1, h2);
	/* Bit 30 marks stateless handles only. */
	assert_int_equal((uint32_t)h1 & 0x40000000u, 0);
	assert_int_equal(psa_call(h1, CMD_NOP, NULL, 0, NULL, 0), PSA_SUCCESS);
	assert_int_equal(psa_call(h2, CMD_NOP, NULL, 0, NULL, 0), PSA_SUCCESS);
	/* The service answers DISCONNECT with PROGRAMMER_ERROR: ignored. */
	psa_close(h1);
	assert_int_equal(tp_disconnects(tp_g->t->pid), seen + 1);
	assert_int_equal(psa_call(h2, CMD_NOP, NULL, 0, NULL, 0), PSA_SUCCESS);
	psa_close(h2);
	assert_int_equal(tp_disconnects(tp_g->t->pid), seen + 2);
	/* A secure client, to a service it depends on. */
	assert_int_equal(tp_ns_secure_op(OP_CONNECT, TP_PEER_SID, 1), 1);
	assert_int_equal(tp_ns_secure_op(OP_CONNECT, TP_PEER_NOTNS_SID, 1), 1);
}

static void test_connect_call_close(void **state)
{
	(void)state;
	TP_RUN_OK(ns_connect_close, NULL);
}

static void ns_connect_refused(void *arg)
{
	(void)arg;
	assert_int_equal(psa_connect(TP_UNKNOWN_SID, 1),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(psa_connect(TP_SID(TP_NOTNS), 1),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(psa_connect(TP_PEER_NOTNS_SID, 1),
	                 PSA_ERROR_CONNECTION_REFUSED);
	/* A secure caller is panicked instead: test_errors.c. */
}

static void test_connect_refused(void **state)
{
	(void)state;
	TP_RUN_OK(ns_connect_refused, NULL);
}

/** 1 when @sid accepts @version (the connection is closed again). */
static int32_t try_connect(uint32_t sid, uint32_t version)
{
	struct tp_op op = {OP_CONNECT, (int32_t)sid, (int32_t)version};

	return tp_client_op(&op, PSA_NULL_HANDLE);
}

static void ns_version_policy(void *arg)
{
	(void)arg;
	/* STRICT, version 2: only 2. */
	assert_int_equal(try_connect(TP_SID(TP_STRICT), 2), 1);
	assert_int_equal(try_connect(TP_SID(TP_STRICT), 1),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(try_connect(TP_SID(TP_STRICT), 3),
	                 PSA_ERROR_CONNECTION_REFUSED);
	/* RELAXED, version 3: 1, 2 and 3. */
	assert_int_equal(try_connect(TP_SID(TP_RELAXED), 1), 1);
	assert_int_equal(try_connect(TP_SID(TP_RELAXED), 2), 1);
	assert_int_equal(try_connect(TP_SID(TP_RELAXED), 3), 1);
	assert_int_equal(try_connect(TP_SID(TP_RELAXED), 4),
	                 PSA_ERROR_CONNECTION_REFUSED);
	/* The defaults: version 1, STRICT. */
	assert_int_equal(try_connect(TP_SID(TP_MAIN), 1), 1);
	assert_int_equal(try_connect(TP_SID(TP_MAIN), 2),
	                 PSA_ERROR_CONNECTION_REFUSED);
}

static void test_connect_version_policy(void **state)
{
	(void)state;
	TP_RUN_OK(ns_version_policy, NULL);
}

static void ns_connect_refused_by_service(void *arg)
{
	(void)arg;
	assert_int_equal(psa_connect(TP_SID(TP_CONN_REFUSE), 1),
	                 PSA_ERROR_CONNECTION_REFUSED);
	assert_int_equal(psa_connect(TP_SID(TP_CONN_BUSY), 1),
	                 PSA_ERROR_CONNECTION_BUSY);
	/* A refused connection goes back to the pool. */
	for (unsigned i = 0; i < 2 * SPMSIM_DEFAULT_CONNECTIONS; i++) {
		assert_int_equal(psa_connect(TP_SID(TP_CONN_REFUSE), 1),
		                 PSA_ERROR_CONNECTION_REFUSED);
	}
	assert_int_equal(try_connect(TP_SID(TP_MAIN), 1), 1);
}

static void test_connect_refused_by_service(void **state)
{
	(void)state;
	TP_RUN_OK(ns_connect_refused_by_service, NULL);
}

static void ns_connect_busy(void *arg)
{
	psa_handle_t h1 = psa_connect(TP_SID(TP_MAIN), 1);
	psa_handle_t h2 = psa_connect(TP_SID(TP_NOMM), 1);

	(void)arg;
	assert_true(h1 > 0);
	assert_true(h2 > 0);
	assert_int_equal(psa_connect(TP_SID(TP_MAIN), 1),
	                 PSA_ERROR_CONNECTION_BUSY);
	assert_int_equal(psa_connect(TP_PEER_SID, 1),
	                 PSA_ERROR_CONNECTION_BUSY);
	psa_close(h1);
	h1 = psa_connect(TP_SID(TP_MAIN), 1);
	assert_true(h1 > 0);
	assert_int_equal(psa_call(h1, CMD_NOP, NULL, 0, NULL, 0), PSA_SUCCESS);
	psa_close(h1);
	psa_close(h2);
}

static void test_connect_busy_when_pool_empty(void **state)
{
	(void)state;
	tp_reboot((struct spmsim_config){.connections = 2});
	TP_RUN_OK(ns_connect_busy, NULL);
}

static void ns_close_null(void *arg)
{
	unsigned seen = tp_disconnects(tp_g->t->pid);

	(void)arg;
	psa_close(PSA_NULL_HANDLE);
	assert_int_equal(tp_disconnects(tp_g->t->pid), seen);
	assert_int_equal(tp_ns_secure_op(OP_CLOSE, PSA_NULL_HANDLE, 0),
	                 PSA_SUCCESS);
}

static void test_close_null_handle_is_a_no_op(void **state)
{
	(void)state;
	TP_RUN_OK(ns_close_null, NULL);
}

/* --------------------------------------------------------------- psa_call */

static void ns_call_vectors(void *arg)
{
	char o0[16], o1[16];
	psa_invec in[2] = {{"hello", 5}, {"world!!", 7}};
	psa_outvec out[2] = {{o0, sizeof(o0)}, {o1, sizeof(o1)}};
	psa_handle_t h = psa_connect(TP_SID(TP_MAIN), 1);

	(void)arg;
	assert_true(h > 0);
	memset(o0, 0, sizeof(o0));
	memset(o1, 0, sizeof(o1));
	assert_int_equal(psa_call(h, CMD_ECHO, in, 2, out, 2), 12);
	assert_int_equal(out[0].len, 5);
	assert_int_equal(out[1].len, 7);
	assert_memory_equal(o0, "hello", 5);
	assert_memory_equal(o1, "world!!", 7);
	/* The service sees the sizes; an outvec not written reports 0. */
	out[0].len = sizeof(o0);
	out[1].len = sizeof(o1);
	assert_int_equal(psa_call(h, CMD_SIZES, in, 2, out, 2),
	                 5 | 7 << 8 | 16 << 16 | 16 << 24);
	assert_int_equal(out[0].len, 0);
	assert_int_equal(out[1].len, 0);
	assert_int_equal(tp_call_vectors(h, VEC_OK), 14);
	assert_int_equal(tp_call_vectors(h, VEC_NULL_BASE_EMPTY), 0);
	/* Overlapping vectors are a valid call, end to end. */
	assert_int_equal(tp_call_vectors(h, VEC_OVERLAP), 8);
	psa_close(h);
	/* The same from a secure client. */
	assert_int_equal(tp_ns_secure_op(OP_VECTORS, VEC_OK, 0), 14);
	assert_int_equal(tp_ns_secure_op(OP_VECTORS, VEC_OVERLAP, 0), 8);
	assert_int_equal(tp_ns_secure_op(OP_ECHO, PSA_NULL_HANDLE, 0), 3);
}

static void test_call_vectors(void **state)
{
	(void)state;
	TP_RUN_OK(ns_call_vectors, NULL);
}

static void ns_call_status(void *arg)
{
	(void)arg;
	assert_int_equal(tp_ns_call_int(TP_SID(TP_MAIN), CMD_STATUS, 42), 42);
	assert_int_equal(tp_ns_call_int(TP_SID(TP_MAIN), CMD_STATUS, 0), 0);
	assert_int_equal(tp_ns_call_int(TP_SID(TP_MAIN), CMD_STATUS,
	                                PSA_ERROR_INVALID_ARGUMENT),
	                 PSA_ERROR_INVALID_ARGUMENT);
	/* Returned as given to a non-secure client: no panic. */
	assert_int_equal(tp_ns_call_int(TP_SID(TP_MAIN), CMD_STATUS,
	                                PSA_ERROR_PROGRAMMER_ERROR),
	                 PSA_ERROR_PROGRAMMER_ERROR);
	assert_int_equal(tp_ns_call_int(TP_SID(TP_MAIN), 0x7FFF, 0),
	                 PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(tp_ns_secure_op(OP_PEER_STATUS, 7, 0), 7);
	assert_int_equal(
	        tp_ns_secure_op(OP_PEER_STATUS, PSA_ERROR_INVALID_ARGUMENT, 0),
	        PSA_ERROR_INVALID_ARGUMENT);
}

static void test_call_reply_status(void **state)
{
	(void)state;
	TP_RUN_OK(ns_call_status, NULL);
}

static void ns_client_id(void *arg)
{
	int32_t expect = *(const int32_t *)arg;

	assert_int_equal(tp_ns_call_int(TP_SID(TP_MAIN), CMD_CLIENT_ID, 0),
	                 expect);
	assert_int_equal(tp_ns_secure_op(OP_PEER_CLIENT_ID, 0, 0),
	                 tp_g->t->pid);
}

static void test_call_client_id(void **state)
{
	int32_t ns_id = -1;

	(void)state;
	TP_RUN_OK(ns_client_id, &ns_id);
	ns_id = -7;
	tp_reboot((struct spmsim_config){.ns_client_id = ns_id});
	TP_RUN_OK(ns_client_id, &ns_id);
}

static void ns_stateless(void *arg)
{
	psa_handle_t h = tp_g->t->sl_handle;
	char o[8];
	psa_invec in = {"hello", 5};
	psa_outvec out = {o, sizeof(o)};
	struct tp_op peer_echo = {OP_ECHO, TP_PEER_SL_HANDLE, 0};

	(void)arg;
	assert_int_equal((uint32_t)h >> 30, 1);
	assert_int_equal(((uint32_t)h >> 8) & 0xFFu, tp_g->t->sl_version);
	/* No connection is kept: many more calls than the pool holds. */
	for (unsigned i = 0; i < 2 * SPMSIM_DEFAULT_CONNECTIONS; i++) {
		memset(o, 0, sizeof(o));
		out.len = sizeof(o);
		assert_int_equal(psa_call(h, CMD_ECHO, &in, 1, &out, 1), 5);
		assert_int_equal(out.len, 5);
		assert_memory_equal(o, "hello", 5);
	}
	assert_int_equal(psa_call(h, CMD_CLIENT_ID, NULL, 0, NULL, 0), -1);
	assert_int_equal(tp_client_op(&peer_echo, PSA_NULL_HANDLE), 3);
	assert_int_equal(tp_ns_secure_op(OP_ECHO, TP_PEER_SL_HANDLE, 0), 3);
}

static void test_call_stateless(void **state)
{
	(void)state;
	TP_RUN_OK(ns_stateless, NULL);
}

/* --------------------------------------------- psa_read, skip, write */

static void ns_read_skip(void *arg)
{
	char o[16] = {0};
	psa_invec in[2] = {{"hello", 5}, {"abcd", 4}};
	psa_outvec out = {o, sizeof(o)};

	(void)arg;
	/* skip 2, read 3, read 0, skip 0 (clamped), skip in[1] whole. */
	assert_int_equal(
	        tp_ns_call(TP_SID(TP_MAIN), 1, CMD_SKIP, in, 2, &out, 1),
	        2 | 3 << 4 | 0 << 8 | 0 << 12 | 4 << 16);
	assert_int_equal(out.len, 3);
	assert_memory_equal(o, "llo", 3);
}

static void test_read_skip_write(void **state)
{
	(void)state;
	TP_RUN_OK(ns_read_skip, NULL);
}

/* -------------------------------------------------------- psa_set_rhandle */

static void ns_rhandle(void *arg)
{
	psa_handle_t h1 = psa_connect(TP_SID(TP_MAIN), 1);
	psa_handle_t h2 = psa_connect(TP_SID(TP_MAIN), 1);
	psa_handle_t h3 = psa_connect(TP_SID(TP_NOMM), 1);

	(void)arg;
	/* TP_MAIN sets the rhandle at CONNECT; each call adds one. */
	assert_int_equal(psa_call(h1, CMD_RHANDLE, NULL, 0, NULL, 0),
	                 TP_CONNECT_RHANDLE);
	assert_int_equal(psa_call(h1, CMD_RHANDLE, NULL, 0, NULL, 0),
	                 TP_CONNECT_RHANDLE + 1);
	assert_int_equal(psa_call(h2, CMD_RHANDLE, NULL, 0, NULL, 0),
	                 TP_CONNECT_RHANDLE);
	assert_int_equal(psa_call(h1, CMD_RHANDLE, NULL, 0, NULL, 0),
	                 TP_CONNECT_RHANDLE + 2);
	/* Never set: NULL. */
	assert_int_equal(psa_call(h3, CMD_RHANDLE, NULL, 0, NULL, 0), 0);
	assert_int_equal(psa_call(h3, CMD_RHANDLE, NULL, 0, NULL, 0), 1);
	psa_close(h1);
	psa_close(h2);
	psa_close(h3);
}

static void test_rhandle(void **state)
{
	(void)state;
	TP_RUN_OK(ns_rhandle, NULL);
}

/* ------------------------------------- psa_notify, psa_clear, psa_wait */

static void ns_doorbell(void *arg)
{
	(void)arg;
	/* notify self; poll: DOORBELL; clear; poll: nothing. */
	assert_int_equal(tp_ns_call_int(TP_SID(TP_MAIN), CMD_DOORBELL_SELF, 0),
	                 PSA_DOORBELL);
	assert_int_equal(tp_ns_call_int(TP_PEER_SID, CMD_DOORBELL_STATE, 0), 0);
	assert_int_equal(
	        tp_ns_call_int(TP_SID(TP_MAIN), CMD_NOTIFY, TP_PID_PEER),
	        PSA_SUCCESS);
	assert_int_equal(tp_ns_call_int(TP_PEER_SID, CMD_DOORBELL_STATE, 0),
	                 PSA_DOORBELL);
	assert_int_equal(tp_ns_call_int(TP_PEER_SID, CMD_DOORBELL_STATE, 0), 0);
}

static void test_notify_clear_wait(void **state)
{
	(void)state;
	TP_RUN_OK(ns_doorbell, NULL);
}

/* ------------------------------------------------ psa_rot_lifecycle_state */

static void ns_lifecycle(void *arg)
{
	int32_t expect = *(const int32_t *)arg;

	assert_int_equal(tp_ns_call_int(TP_SID(TP_MAIN), CMD_LIFECYCLE, 0),
	                 expect);
}

static void test_lifecycle_state(void **state)
{
	int32_t expect = PSA_LIFECYCLE_SECURED;

	(void)state;
	TP_RUN_OK(ns_lifecycle, &expect);
	expect = PSA_LIFECYCLE_NON_PSA_ROT_DEBUG | 0x12;
	tp_reboot((struct spmsim_config){.lifecycle_state = (uint32_t)expect});
	TP_RUN_OK(ns_lifecycle, &expect);
}

/* ---------------------------------------- psa_irq_enable, psa_irq_disable */

static void ns_irq_toggle(void *arg)
{
	(void)arg;
	/*
	 * FF-M 1.1 IRQs start disabled: the first disable returns 0, one
	 * after an enable returns 1 (the spec, not TF-M's constant 1).
	 */
	assert_int_equal(tp_ns_call_int(TP_SID(TP_MAIN), CMD_IRQ_TOGGLE, 0),
	                 0 | 1 << 1 | 1 << 2);
}

static void test_irq_enable_disable(void **state)
{
	(void)state;
	TP_RUN_OK(ns_irq_toggle, NULL);
}

static void ns_irq_legacy(void *arg)
{
	(void)arg;
	/* FF-M 1.0 IRQs start enabled: 1, then 0. */
	assert_int_equal(
	        tp_ns_call(TP_LEGACY_SID, 1, PSA_IPC_CALL, NULL, 0, NULL, 0),
	        1);
}

static void test_irq_ffm_1_0_starts_enabled(void **state)
{
	(void)state;
	tp_require_ipc_backend();
	TP_RUN_OK(ns_irq_legacy, NULL);
}

/* -------------------------------------------------------------- mm-iovec */

static void ns_mm_iovec(void *arg)
{
	char o[16];
	psa_invec in = {"mapped!", 7};
	psa_outvec out = {o, sizeof(o)};

	(void)arg;
	memset(o, 0, sizeof(o));
	assert_int_equal(
	        tp_ns_call(TP_SID(TP_MAIN), 1, CMD_MM_ECHO, &in, 1, &out, 1),
	        7);
	assert_int_equal(out.len, 7);
	assert_memory_equal(o, "mapped!", 7);
	/* Mapped and never unmapped: length 0. */
	out.len = sizeof(o);
	assert_int_equal(tp_ns_call(TP_SID(TP_MAIN), 1, CMD_MM_NO_UNMAP, &in, 1,
	                            &out, 1),
	                 PSA_SUCCESS);
	assert_int_equal(out.len, 0);
}

static void test_mm_iovec(void **state)
{
	(void)state;
	TP_RUN_OK(ns_mm_iovec, NULL);
}

/* ------------------------------------ the service API from non-secure code */

static void ns_service_api(void *arg)
{
	psa_msg_t msg;
	char buf[4];

	(void)arg;
	assert_int_equal(psa_wait(PSA_WAIT_ANY, PSA_POLL), 0);
	assert_int_equal(psa_get(TP_SIGNAL(TP_MAIN), &msg),
	                 PSA_ERROR_PROGRAMMER_ERROR);
	assert_int_equal(psa_read(1, 0, buf, sizeof(buf)), 0);
	assert_int_equal(psa_skip(1, 0, 1), 0);
	psa_write(1, 0, buf, 1);
	psa_reply(1, PSA_SUCCESS);
	psa_set_rhandle(1, NULL);
	psa_notify(TP_PID_PEER);
	psa_clear();
	psa_eoi(TP_SLIH_SIGNAL);
	psa_irq_enable(TP_SLIH_SIGNAL);
	assert_int_equal(psa_irq_disable(TP_SLIH_SIGNAL), 0);
	psa_reset_signal(TP_FLIH_SIGNAL);
	assert_null(psa_map_invec(1, 0));
	assert_null(psa_map_outvec(1, 0));
	psa_unmap_invec(1, 0);
	psa_unmap_outvec(1, 0, 0);
	/* The notify did nothing. */
	assert_int_equal(tp_ns_call_int(TP_PEER_SID, CMD_DOORBELL_STATE, 0), 0);
}

static void test_service_api_from_ns_is_refused(void **state)
{
	(void)state;
	TP_RUN_OK(ns_service_api, NULL);
}

/* -------------------------------------------------- zero-length vectors */

static void ns_zero_length(void *arg)
{
	psa_invec in = {NULL, 0};
	psa_outvec out = {NULL, 0};

	(void)arg;
	/* Size 0 passes the memory check, whatever the base. */
	assert_int_equal(
	        tp_ns_call(TP_SID(TP_MAIN), 1, CMD_ZERO_IO, &in, 1, &out, 1),
	        0);
	assert_int_equal(out.len, 0);
	assert_int_equal(
	        tp_ns_call(TP_SID(TP_MAIN), 1, CMD_ZERO_IO, NULL, 0, NULL, 0),
	        0);
}

static void test_zero_length_vectors(void **state)
{
	(void)state;
	TP_RUN_OK(ns_zero_length, NULL);
}

/* ------------------------------------------------------------------ main */

#define API_TESTS(g)                                                           \
	TP_TEST(test_framework_version, g), TP_TEST(test_version, g),          \
	        TP_TEST(test_connect_call_close, g),                           \
	        TP_TEST(test_connect_refused, g),                              \
	        TP_TEST(test_connect_version_policy, g),                       \
	        TP_TEST(test_connect_refused_by_service, g),                   \
	        TP_TEST(test_connect_busy_when_pool_empty, g),                 \
	        TP_TEST(test_close_null_handle_is_a_no_op, g),                 \
	        TP_TEST(test_call_vectors, g),                                 \
	        TP_TEST(test_call_reply_status, g),                            \
	        TP_TEST(test_call_client_id, g),                               \
	        TP_TEST(test_call_stateless, g),                               \
	        TP_TEST(test_read_skip_write, g), TP_TEST(test_rhandle, g),    \
	        TP_TEST(test_notify_clear_wait, g),                            \
	        TP_TEST(test_lifecycle_state, g),                              \
	        TP_TEST(test_irq_enable_disable, g),                           \
	        TP_TEST(test_irq_ffm_1_0_starts_enabled, g),                   \
	        TP_TEST(test_mm_iovec, g),                                     \
	        TP_TEST(test_service_api_from_ns_is_refused, g)

int main(void)
{
	const struct CMUnitTest ipc[] = {API_TESTS(&tp_group_ipc)};
	const struct CMUnitTest ipc_sfn[] = {API_TESTS(&tp_group_ipc_sfn)};
	const struct CMUnitTest sfn[] = {API_TESTS(&tp_group_sfn)};
	/* Last, on their own: they hit the core's zero-length paths. */
	const struct CMUnitTest zero[] = {
	        TP_TEST(test_zero_length_vectors, &tp_group_ipc),
	        TP_TEST(test_zero_length_vectors, &tp_group_ipc_sfn),
	        TP_TEST(test_zero_length_vectors, &tp_group_sfn),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("api/ipc", ipc, NULL, NULL);
	failed += cmocka_run_group_tests_name("api/ipc-sfn-model", ipc_sfn,
	                                      NULL, NULL);
	failed += cmocka_run_group_tests_name("api/sfn", sfn, NULL, NULL);
	failed += cmocka_run_group_tests_name("api/zero-length-vectors", zero,
	                                      NULL, NULL);
	return failed != 0;
}
