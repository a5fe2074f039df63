/*
 * The sample partitions, built from their manifests by spm-manifest and run
 * on both backends: the key-value store through its client library, the
 * settings partition calling the store (a secure client with a dependency),
 * the connection-based counter keeping state in its rhandle, the device
 * partition's status service, and the dual-model echo partition, which must
 * run in the model of each backend. Each test runs under every backend that can
 * run the partitions it uses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "load_table.h"
#include "psa/client.h"
#include "psa_manifest/pid.h"
#include "psa_manifest/sid.h"
#include "spmsim/spmsim.h"

#include "fixture.h"

#include "../../partitions/counter/counter_api.h"
#include "../../partitions/devices/devices_api.h"
#include "../../partitions/echo/echo_api.h"
#include "../../partitions/kv_store/ns/kv_client.h"
#include "../../partitions/settings/settings_api.h"

extern const struct spm_load_table spm_load_table;
extern const struct spm_load_table spm_load_table_sfn;

/** Boots the case's backend with the table that backend can run. */
static int boot(void **state)
{
	return fixture_boot(state, &spm_load_table, &spm_load_table_sfn);
}

/** Runs @fn as the non-secure side and expects it to finish normally. */
static void run(void (*fn)(void *), void *arg)
{
	assert_int_equal(spmsim_run_ns(fn, arg), SPMSIM_EXIT_RETURNED);
}

/* ---------------------------------------------------------- key-value */

static void ns_kv_round_trip(void *arg)
{
	char buf[KV_MAX_VALUE_SIZE];
	size_t len = 0;
	uint32_t count = 99;

	(void)arg;
	assert_int_equal(kv_set(7, "seven", 5), PSA_SUCCESS);
	assert_int_equal(kv_set(8, "eight!", 6), PSA_SUCCESS);
	assert_int_equal(kv_get(7, buf, sizeof(buf), &len), PSA_SUCCESS);
	assert_int_equal(len, 5);
	assert_memory_equal(buf, "seven", 5);
	assert_int_equal(kv_count(&count), PSA_SUCCESS);
	assert_int_equal(count, 2);
	assert_int_equal(kv_remove(7), PSA_SUCCESS);
	assert_int_equal(kv_get(7, buf, sizeof(buf), &len),
	                 PSA_ERROR_DOES_NOT_EXIST);
	assert_int_equal(kv_remove(7), PSA_ERROR_DOES_NOT_EXIST);
	assert_int_equal(kv_get(8, buf, 3, &len), PSA_ERROR_BUFFER_TOO_SMALL);
}

static void test_kv_round_trip(void **state)
{
	(void)state;
	run(ns_kv_round_trip, NULL);
}

static void ns_kv_limits(void *arg)
{
	char big[KV_MAX_VALUE_SIZE + 1] = {0};

	(void)arg;
	assert_int_equal(kv_set(1, big, sizeof(big)),
	                 PSA_ERROR_INVALID_ARGUMENT);
	for (uint32_t k = 0; k < KV_MAX_ENTRIES; k++) {
		assert_int_equal(kv_set(100 + k, &k, sizeof(k)), PSA_SUCCESS);
	}
	assert_int_equal(kv_set(999, "x", 1), PSA_ERROR_INSUFFICIENT_STORAGE);
	assert_int_equal(psa_call(KV_STORE_HANDLE, 77, NULL, 0, NULL, 0),
	                 PSA_ERROR_NOT_SUPPORTED);
}

static void test_kv_limits(void **state)
{
	(void)state;
	run(ns_kv_limits, NULL);
}

/* ----------------------------------------------------------- settings */

/** @h with its version byte (bits 15:8) set to @version. */
static psa_handle_t with_version(psa_handle_t h, uint32_t version)
{
	return (psa_handle_t)(((uint32_t)h & ~0xFF00u) | (version << 8));
}

static void ns_settings_use_the_store(void *arg)
{
	uint32_t id = 42;
	char value[SETTINGS_MAX_VALUE_SIZE] = {0};
	psa_invec set[] = {{&id, sizeof(id)}, {"blue", 4}};
	psa_invec get[] = {{&id, sizeof(id)}};
	psa_outvec out[] = {{value, sizeof(value)}};
	size_t len = 0;

	(void)arg;
	assert_int_equal(
	        psa_call(SETTINGS_HANDLE, SETTINGS_SET, set, 2, NULL, 0),
	        PSA_SUCCESS);
	assert_int_equal(
	        psa_call(SETTINGS_HANDLE, SETTINGS_GET, get, 1, out, 1),
	        PSA_SUCCESS);
	assert_int_equal(out[0].len, 4);
	assert_memory_equal(value, "blue", 4);
	/* The value went through the key-value store, under its key. */
	assert_int_equal(
	        kv_get(SETTINGS_KEY_BASE | id, value, sizeof(value), &len),
	        PSA_SUCCESS);
	assert_int_equal(len, 4);
	/* A RELAXED service accepts older client versions only, also in
	 * the version byte of a stateless handle. */
	assert_int_equal(psa_version(SETTINGS_SID), 2);
	assert_int_equal(psa_call(with_version(SETTINGS_HANDLE, 1),
	                          SETTINGS_GET, get, 1, out, 1),
	                 PSA_SUCCESS);
	assert_int_equal(psa_call(with_version(SETTINGS_HANDLE, 3),
	                          SETTINGS_GET, get, 1, out, 1),
	                 PSA_ERROR_PROGRAMMER_ERROR);
}

static void test_settings_use_the_store(void **state)
{
	struct spmsim_counters c;

	(void)state;
	run(ns_settings_use_the_store, NULL);
	spmsim_get_counters(&c);
	/* Three calls from NS, one nested call from settings to the store. */
	assert_true(c.messages >= 4);
}

/* ------------------------------------------------------------ counter */

static uint32_t increment(psa_handle_t h, uint32_t step)
{
	uint32_t value = 0;
	psa_invec in[] = {{&step, sizeof(step)}};
	psa_outvec out[] = {{&value, sizeof(value)}};

	assert_int_equal(psa_call(h, COUNTER_INCREMENT, in, 1, out, 1),
	                 PSA_SUCCESS);
	assert_int_equal(out[0].len, sizeof(value));
	return value;
}

static void ns_counter_per_connection(void *arg)
{
	psa_handle_t a = psa_connect(COUNTER_SID, COUNTER_VERSION);
	psa_handle_t b = psa_connect(COUNTER_SID, COUNTER_VERSION);

	(void)arg;
	assert_true(a > 0 && b > 0 && a != b);
	assert_int_equal(increment(a, 1), 1);
	assert_int_equal(increment(a, 5), 6);
	assert_int_equal(increment(b, 2), 2);
	assert_int_equal(psa_call(a, COUNTER_RESET, NULL, 0, NULL, 0),
	                 PSA_SUCCESS);
	assert_int_equal(increment(a, 1), 1);
	psa_close(a);
	psa_close(b);
	assert_int_equal(psa_connect(COUNTER_SID, COUNTER_VERSION + 1),
	                 PSA_ERROR_CONNECTION_REFUSED);
}

static void test_counter_per_connection(void **state)
{
	(void)state;
	run(ns_counter_per_connection, NULL);
}

static psa_handle_t held[COUNTER_MAX_CONNECTIONS];

static void ns_counter_fill(void *arg)
{
	(void)arg;
	for (uint32_t i = 0; i < COUNTER_MAX_CONNECTIONS; i++) {
		held[i] = psa_connect(COUNTER_SID, COUNTER_VERSION);
		assert_true(held[i] > 0);
	}
	/* The partition's own pool is full: it refuses with BUSY. */
	assert_int_equal(psa_connect(COUNTER_SID, COUNTER_VERSION),
	                 PSA_ERROR_CONNECTION_BUSY);
}

static void test_reset_restores_partition_memory(void **state)
{
	(void)state;
	run(ns_counter_fill, NULL);
	/*
	 * Without its globals back at their initial values the counter's pool
	 * would still be full after the reset.
	 */
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	run(ns_counter_fill, NULL);
}

/* ------------------------------------------------------------ devices */

static void ns_devices_status(void *arg)
{
	struct devices_status st;
	psa_outvec out[] = {{&st, sizeof(st)}};
	psa_handle_t h = psa_connect(DEVICES_STATUS_SID, 1);

	(void)arg;
	memset(&st, 0xFF, sizeof(st));
	assert_true(h > 0);
	assert_int_equal(psa_call(h, DEVICES_STATUS_GET, NULL, 0, out, 1),
	                 PSA_SUCCESS);
	assert_int_equal(st.timer_ticks, 0);
	assert_int_equal(st.uart_rx_bytes, 0);
	psa_close(h);
}

static void test_devices_status(void **state)
{
	(void)state;
	run(ns_devices_status, NULL);
}

/* --------------------------------------------------------------- echo */

/** Echoes through the service; stores the model it reports in @arg. */
static void ns_echo(void *arg)
{
	char back[ECHO_MAX_SIZE] = {0};
	uint32_t model = 0;
	psa_invec in[] = {{"dual", 4}};
	psa_outvec out[] = {{back, sizeof(back)}, {&model, sizeof(model)}};
	psa_handle_t h = psa_connect(ECHO_SID, ECHO_VERSION);

	assert_true(h > 0);
	assert_int_equal(psa_call(h, PSA_IPC_CALL, in, 1, out, 2), PSA_SUCCESS);
	assert_int_equal(out[0].len, 4);
	assert_memory_equal(back, "dual", 4);
	assert_int_equal(out[1].len, sizeof(model));
	psa_close(h);
	*(uint32_t *)arg = model;
}

/** `model: dual` runs as IPC under IPC and as SFN under SFN. */
static void test_echo_dual_model(void **state)
{
	uint32_t want = fixture_backend(state) == SPMSIM_BACKEND_IPC
	                        ? ECHO_MODEL_IPC
	                        : ECHO_MODEL_SFN;
	uint32_t model = 0;

	run(ns_echo, &model);
	assert_int_equal(model, want);
}

/* ----------------------------------------------------------- groups */

#define ON(backend, fn) FIXTURE_ON(boot, backend, fn)

int main(void)
{
	const struct CMUnitTest sfn[] = {
	        ON(SPMSIM_BACKEND_SFN, test_kv_round_trip),
	        ON(SPMSIM_BACKEND_SFN, test_kv_limits),
	        ON(SPMSIM_BACKEND_SFN, test_settings_use_the_store),
	        ON(SPMSIM_BACKEND_SFN, test_echo_dual_model),
	};
	const struct CMUnitTest ipc[] = {
	        ON(SPMSIM_BACKEND_IPC, test_kv_round_trip),
	        ON(SPMSIM_BACKEND_IPC, test_kv_limits),
	        ON(SPMSIM_BACKEND_IPC, test_settings_use_the_store),
	        ON(SPMSIM_BACKEND_IPC, test_counter_per_connection),
	        ON(SPMSIM_BACKEND_IPC, test_reset_restores_partition_memory),
	        ON(SPMSIM_BACKEND_IPC, test_devices_status),
	        ON(SPMSIM_BACKEND_IPC, test_echo_dual_model),
	};
	int failed = 0;

	failed +=
	        cmocka_run_group_tests_name("samples on SFN", sfn, NULL, NULL);
	failed +=
	        cmocka_run_group_tests_name("samples on IPC", ipc, NULL, NULL);
	return failed;
}
