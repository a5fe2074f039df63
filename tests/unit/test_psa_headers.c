/*
 * The PSA headers carry values fixed by the FF-M 1.1 specification; a
 * partition compiled against them must see exactly what TF-M gives it. Each
 * case compares a macro or a type against the spec's value.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "psa/client.h"
#include "psa/error.h"
#include "psa/lifecycle.h"
#include "psa/framework_feature.h"
#include "psa/service.h"
#include "spmsim_config.h"
#include "tfm_sp_log.h"

static void test_framework_constants(void **state)
{
	(void)state;
	assert_int_equal(PSA_FRAMEWORK_VERSION, 0x0101);
	assert_int_equal(PSA_VERSION_NONE, 0);
	assert_int_equal(PSA_NULL_HANDLE, 0);
	assert_int_equal(PSA_MAX_IOVEC, 4);
	assert_int_equal(PSA_IPC_CALL, 0);
	assert_int_equal(PSA_IPC_CONNECT, -1);
	assert_int_equal(PSA_IPC_DISCONNECT, -2);
}

static void test_wait_and_signal_constants(void **state)
{
	(void)state;
	assert_int_equal(PSA_POLL, 0x00000000u);
	assert_int_equal(PSA_BLOCK, 0x80000000u);
	assert_int_equal(PSA_WAIT_ANY, 0xFFFFFFFFu);
	assert_int_equal(PSA_DOORBELL, 0x00000008u);
	assert_int_equal(PSA_FLIH_NO_SIGNAL, 0);
	assert_int_equal(PSA_FLIH_SIGNAL, 1);
}

static void test_error_codes(void **state)
{
	static const struct {
		psa_status_t got;
		int32_t want;
	} codes[] = {
	        {PSA_SUCCESS, 0},
	        {PSA_ERROR_PROGRAMMER_ERROR, -129},
	        {PSA_ERROR_CONNECTION_REFUSED, -130},
	        {PSA_ERROR_CONNECTION_BUSY, -131},
	        {PSA_ERROR_GENERIC_ERROR, -132},
	        {PSA_ERROR_NOT_PERMITTED, -133},
	        {PSA_ERROR_NOT_SUPPORTED, -134},
	        {PSA_ERROR_INVALID_ARGUMENT, -135},
	        {PSA_ERROR_INVALID_HANDLE, -136},
	        {PSA_ERROR_BAD_STATE, -137},
	        {PSA_ERROR_BUFFER_TOO_SMALL, -138},
	        {PSA_ERROR_ALREADY_EXISTS, -139},
	        {PSA_ERROR_DOES_NOT_EXIST, -140},
	        {PSA_ERROR_INSUFFICIENT_MEMORY, -141},
	        {PSA_ERROR_INSUFFICIENT_STORAGE, -142},
	        {PSA_ERROR_INSUFFICIENT_DATA, -143},
	        {PSA_ERROR_SERVICE_FAILURE, -144},
	        {PSA_ERROR_COMMUNICATION_FAILURE, -145},
	        {PSA_ERROR_STORAGE_FAILURE, -146},
	        {PSA_ERROR_HARDWARE_FAILURE, -147},
	        {PSA_ERROR_INSUFFICIENT_ENTROPY, -148},
	        {PSA_ERROR_INVALID_SIGNATURE, -149},
	        {PSA_ERROR_INVALID_PADDING, -150},
	        {PSA_ERROR_CORRUPTION_DETECTED, -151},
	        {PSA_ERROR_DATA_CORRUPT, -152},
	        {PSA_ERROR_DATA_INVALID, -153},
	        {PSA_OPERATION_INCOMPLETE, -248},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_int_equal(codes[i].got, codes[i].want);
	}
}

static void test_handle_macros(void **state)
{
	(void)state;
	assert_true(PSA_HANDLE_IS_VALID(1));
	assert_true(PSA_HANDLE_IS_VALID(0x40000100));
	assert_false(PSA_HANDLE_IS_VALID(PSA_NULL_HANDLE));
	assert_false(PSA_HANDLE_IS_VALID(PSA_ERROR_CONNECTION_REFUSED));
	assert_int_equal(PSA_HANDLE_TO_ERROR(PSA_ERROR_CONNECTION_BUSY),
	                 PSA_ERROR_CONNECTION_BUSY);
}

static void test_type_shapes(void **state)
{
	psa_msg_t msg;

	(void)state;
	assert_int_equal(sizeof(psa_status_t), 4);
	assert_int_equal(sizeof(psa_handle_t), 4);
	assert_int_equal(sizeof(psa_signal_t), 4);
	assert_int_equal(sizeof(psa_flih_result_t), 4);
	assert_int_equal(sizeof(msg.in_size) / sizeof(msg.in_size[0]), 4);
	assert_int_equal(sizeof(msg.out_size) / sizeof(msg.out_size[0]), 4);
	assert_int_equal(offsetof(psa_msg_t, type), 0);
	assert_true(offsetof(psa_msg_t, handle) <
	            offsetof(psa_msg_t, client_id));
	assert_true(offsetof(psa_msg_t, client_id) <
	            offsetof(psa_msg_t, rhandle));
	assert_true(offsetof(psa_msg_t, rhandle) <
	            offsetof(psa_msg_t, in_size));
	assert_true(offsetof(psa_msg_t, in_size) <
	            offsetof(psa_msg_t, out_size));
	assert_int_equal(offsetof(psa_invec, base), 0);
	assert_int_equal(offsetof(psa_outvec, base), 0);
	assert_int_equal(sizeof(psa_invec), 2 * sizeof(void *));
}

/* Names TF-M's client.h adds to the spec's, which partition code uses. */
static void test_tfm_client_names(void **state)
{
	psa_invec three[3];
	psa_outvec one[1];

	(void)state;
	(void)three;
	(void)one;
	assert_int_equal(IOVEC_LEN(three), 3);
	assert_int_equal(IOVEC_LEN(one), 1);
	assert_int_equal(sizeof(IOVEC_LEN(three)), sizeof(uint32_t));
	assert_int_equal(sizeof(rot_size_t), 4);
	assert_true(ROT_SIZE_MAX == UINT32_MAX);
	assert_int_equal(PSA_CALL_TYPE_MIN, 0);
	assert_int_equal(PSA_CALL_TYPE_MAX, 32767);
}

/* psa/framework_feature.h follows the build's switches. */
static void test_framework_feature(void **state)
{
	(void)state;
	assert_int_equal(PSA_FRAMEWORK_ISOLATION_LEVEL,
	                 SPMSIM_CONFIG_ISOLATION);
	assert_true(PSA_FRAMEWORK_HAS_MM_IOVEC == 0 ||
	            PSA_FRAMEWORK_HAS_MM_IOVEC == 1);
	if (PSA_FRAMEWORK_ISOLATION_LEVEL > 1)
		assert_int_equal(PSA_FRAMEWORK_HAS_MM_IOVEC, 0);
}

/* What the logging macros print, standard output caught in a pipe. */
static void test_partition_log(void **state)
{
	static const char want[] = "[INF] x=5\n"
	                           "[ERR] bad 0x1f\n"
	                           "raw\n"
	                           "old api\n"
	                           "old error 7\n";
	char got[256] = {0};
	int fds[2], saved;
	ssize_t n;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fds[1], STDOUT_FILENO);
	INFO_UNPRIV("x=%d\n", 5);
	VERBOSE_UNPRIV("below the level %d\n", 1);
	ERROR_UNPRIV("bad 0x%x\n", 0x1fu);
	INFO_UNPRIV_RAW("raw\n");
	LOG_INFFMT("old %s\n", "api");
	LOG_DBGFMT("below the level too\n");
	LOG_ERRFMT("old error %d\n", 7);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fds[1]);
	n = read(fds[0], got, sizeof(got) - 1);
	close(fds[0]);
	assert_true(n > 0);
	assert_string_equal(got, want);
}

static void test_lifecycle_states(void **state)
{
	(void)state;
	assert_int_equal(PSA_LIFECYCLE_PSA_STATE_MASK, 0xff00);
	assert_int_equal(PSA_LIFECYCLE_IMP_STATE_MASK, 0x00ff);
	assert_int_equal(PSA_LIFECYCLE_UNKNOWN, 0x0000);
	assert_int_equal(PSA_LIFECYCLE_ASSEMBLY_AND_TEST, 0x1000);
	assert_int_equal(PSA_LIFECYCLE_PSA_ROT_PROVISIONING, 0x2000);
	assert_int_equal(PSA_LIFECYCLE_SECURED, 0x3000);
	assert_int_equal(PSA_LIFECYCLE_NON_PSA_ROT_DEBUG, 0x4000);
	assert_int_equal(PSA_LIFECYCLE_RECOVERABLE_PSA_ROT_DEBUG, 0x5000);
	assert_int_equal(PSA_LIFECYCLE_DECOMMISSIONED, 0x6000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_framework_constants),
	        cmocka_unit_test(test_wait_and_signal_constants),
	        cmocka_unit_test(test_error_codes),
	        cmocka_unit_test(test_handle_macros),
	        cmocka_unit_test(test_type_shapes),
	        cmocka_unit_test(test_lifecycle_states),
	        cmocka_unit_test(test_tfm_client_names),
	        cmocka_unit_test(test_framework_feature),
	        cmocka_unit_test(test_partition_log),
	};

	return cmocka_run_group_tests_name("psa_headers", tests, NULL, NULL);
}
