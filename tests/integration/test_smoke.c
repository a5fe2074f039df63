/*
 * A first end-to-end run of the SPM core with both backends, on a load table
 * written by hand (no manifest compiler involved): a stateless SFN echo
 * service and a connection-based IPC service.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "load_table.h"
#include "psa/client.h"
#include "psa/service.h"
#include "spmsim/spmsim.h"

#define ECHO_SID    0x1000u
#define CONN_SID    0x2000u
#define ECHO_HANDLE ((psa_handle_t)(0x40000000 | (1 << 8) | 0))

static psa_status_t echo_sfn(const psa_msg_t *msg)
{
	uint8_t buf[64];
	size_t n = psa_read(msg->handle, 0, buf, sizeof(buf));

	psa_write(msg->handle, 0, buf, n);
	return (psa_status_t)n;
}

static int conn_calls;

static void conn_main(void)
{
	psa_msg_t msg;

	for (;;) {
		psa_wait(0x10, PSA_BLOCK);
		if (psa_get(0x10, &msg) != PSA_SUCCESS) {
			continue;
		}
		if (msg.type == PSA_IPC_CALL) {
			conn_calls++;
		}
		psa_reply(msg.handle,
		          msg.type == PSA_IPC_CALL ? 7 : PSA_SUCCESS);
	}
}

static const struct spm_service_desc echo_services[] = {{
        .name = "ECHO",
        .sid = ECHO_SID,
        .signal = 0x10,
        .version = 1,
        .non_secure_clients = true,
        .stateless_index = 1,
        .sfn = echo_sfn,
}};
static const struct spm_service_desc conn_services[] = {{
        .name = "CONN",
        .sid = CONN_SID,
        .signal = 0x10,
        .version = 1,
        .non_secure_clients = true,
        .connection_based = true,
}};
static const struct spm_partition_desc parts[] = {
        {.name = "SP_ECHO",
         .pid = 300,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .model = SPM_MODEL_SFN,
         .stack_size = 4096,
         .services = echo_services,
         .n_services = 1},
        {.name = "SP_CONN",
         .pid = 301,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_APPLICATION_ROT,
         .model = SPM_MODEL_IPC,
         .entry_point = conn_main,
         .stack_size = 4096,
         .services = conn_services,
         .n_services = 1},
};
static const struct spm_load_table table_all = {SPM_LOAD_TABLE_VERSION, 2,
                                                parts};
static const struct spm_load_table table_sfn = {SPM_LOAD_TABLE_VERSION, 1,
                                                parts};

static psa_status_t echo_status;
static char echo_out[16];

static void ns_echo(void *arg)
{
	psa_invec in = {"hello", 5};
	psa_outvec out = {echo_out, sizeof(echo_out)};

	(void)arg;
	echo_status = psa_call(ECHO_HANDLE, PSA_IPC_CALL, &in, 1, &out, 1);
	assert_int_equal(out.len, 5);
}

static void echo_under(enum spmsim_backend backend,
                       const struct spm_load_table *t)
{
	struct spmsim_config cfg = {.table = t, .backend = backend};

	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	memset(echo_out, 0, sizeof(echo_out));
	assert_int_equal(spmsim_run_ns(ns_echo, NULL), SPMSIM_EXIT_RETURNED);
	assert_int_equal(echo_status, 5);
	assert_string_equal(echo_out, "hello");
	spmsim_shutdown();
}

static void test_echo_ipc(void **state)
{
	(void)state;
	echo_under(SPMSIM_BACKEND_IPC, &table_all);
}

static void test_echo_sfn(void **state)
{
	(void)state;
	echo_under(SPMSIM_BACKEND_SFN, &table_sfn);
}

static void ns_conn(void *arg)
{
	psa_handle_t h = psa_connect(CONN_SID, 1);

	(void)arg;
	assert_true(h > 0);
	assert_int_equal(psa_call(h, PSA_IPC_CALL, NULL, 0, NULL, 0), 7);
	assert_int_equal(psa_call(h, PSA_IPC_CALL, NULL, 0, NULL, 0), 7);
	psa_close(h);
	assert_int_equal(psa_call(h, PSA_IPC_CALL, NULL, 0, NULL, 0),
	                 PSA_ERROR_PROGRAMMER_ERROR);
}

static void test_connection_ipc(void **state)
{
	struct spmsim_config cfg = {.table = &table_all};

	(void)state;
	conn_calls = 0;
	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	assert_int_equal(spmsim_run_ns(ns_conn, NULL), SPMSIM_EXIT_RETURNED);
	assert_int_equal(conn_calls, 2);
	spmsim_shutdown();
}

static void test_sfn_refuses_ipc_partition(void **state)
{
	struct spmsim_config cfg = {.table = &table_all,
	                            .backend = SPMSIM_BACKEND_SFN};

	(void)state;
	assert_int_equal(spmsim_boot(&cfg), PSA_ERROR_NOT_SUPPORTED);
	assert_non_null(strstr(spmsim_error(), "SP_CONN"));
	assert_false(spmsim_booted());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_echo_ipc),
	        cmocka_unit_test(test_echo_sfn),
	        cmocka_unit_test(test_connection_ipc),
	        cmocka_unit_test(test_sfn_refuses_ipc_partition),
	};

	return cmocka_run_group_tests_name("smoke", tests, NULL, NULL);
}
