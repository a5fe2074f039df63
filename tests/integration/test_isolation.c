/*
 * The isolation matrix through the SPM's memory check: for each level (1, 2,
 * 3), each accessor (non-secure code, application-RoT A and B, PSA-RoT P),
 * each target (own globals and stack, A's, B's, P's globals, the SPM's data,
 * non-secure data, another partition's MMIO, code) and each access (read,
 * write, execute), the check against the accessor's boundary must give the
 * answer FFM-FACTS.md's isolation levels give. Every cell is asserted; the
 * table is printed when one differs. Then the check at work: a pointer into
 * another partition passed as an output vector is refused, with
 * PSA_ERROR_PROGRAMMER_ERROR for a non-secure caller and a panic for a
 * secure one.
 *
 * (The same matrix by real loads, stores and jumps needs page protection,
 * which this build does not enforce yet.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "isolation.h"
#include "load_table.h"
#include "psa/client.h"
#include "psa/service.h"
#include "sim_memory.h"
#include "spm.h"
#include "spmsim/spmsim.h"

#define MMIO_A 0x40110000u
#define MMIO_B 0x40120000u

/* Each partition's globals in the sections the build gives partitions. */
#define DATA_OF(p) __attribute__((section("spmsim_data_" #p), used))
static volatile int a_global DATA_OF(SP_A) = 1;
static volatile int b_global DATA_OF(SP_B) = 2;
static volatile int p_global DATA_OF(SP_P) = 3;
static volatile int ns_global = 4;

#define BOUNDS(p)                                                              \
	extern char __start_spmsim_data_##p[], __stop_spmsim_data_##p[]
BOUNDS(SP_A);
BOUNDS(SP_B);
BOUNDS(SP_P);
const struct sim_memory_region spmsim_memory_table[] = {
        {"SP_A", __start_spmsim_data_SP_A, __stop_spmsim_data_SP_A, 0, 0},
        {"SP_B", __start_spmsim_data_SP_B, __stop_spmsim_data_SP_B, 0, 0},
        {"SP_P", __start_spmsim_data_SP_P, __stop_spmsim_data_SP_P, 0, 0},
        {0},
};

/** A local of each partition's entry: a pointer into its stack. */
static volatile char *stack_of[3];

enum { OP_TOUCH = 0, OP_PASS_B_GLOBAL = 1 };
#define SIG 0x10u

static void serve(int who)
{
	volatile char local = 0;
	psa_msg_t msg;

	stack_of[who] = &local;
	for (;;) {
		psa_wait(SIG, PSA_BLOCK);
		if (psa_get(SIG, &msg) != PSA_SUCCESS) {
			continue;
		}
		if (msg.type == OP_PASS_B_GLOBAL) {
			/* A secure client passes B's memory as an outvec. */
			psa_outvec out = {(void *)&b_global, sizeof(b_global)};

			(void)psa_call((psa_handle_t)(0x40000100 | 2),
			               PSA_IPC_CALL, NULL, 0, &out, 1);
		}
		psa_reply(msg.handle, PSA_SUCCESS);
	}
}

static void a_main(void)
{
	serve(0);
}

static void b_main(void)
{
	serve(1);
}

static void p_main(void)
{
	serve(2);
}

static const uint32_t a_deps[] = {0x6002};
static const struct spm_service_desc a_svc[] = {{.name = "A",
                                                 .sid = 0x6000,
                                                 .signal = SIG,
                                                 .version = 1,
                                                 .non_secure_clients = true,
                                                 .stateless_index = 1}};
static const struct spm_service_desc b_svc[] = {{.name = "B",
                                                 .sid = 0x6001,
                                                 .signal = SIG,
                                                 .version = 1,
                                                 .non_secure_clients = true,
                                                 .stateless_index = 2}};
static const struct spm_service_desc p_svc[] = {{.name = "P",
                                                 .sid = 0x6002,
                                                 .signal = SIG,
                                                 .version = 1,
                                                 .non_secure_clients = true,
                                                 .stateless_index = 3}};
static const struct spm_mmio_desc a_mmio[] = {
        {.base = MMIO_A, .size = 0x1000, .permission = SPM_MMIO_READ_WRITE}};
static const struct spm_mmio_desc b_mmio[] = {
        {.base = MMIO_B, .size = 0x1000, .permission = SPM_MMIO_READ_WRITE}};
static const struct spm_partition_desc parts[] = {
        {.name = "SP_A",
         .pid = 600,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_APPLICATION_ROT,
         .model = SPM_MODEL_IPC,
         .entry_point = a_main,
         .stack_size = 8192,
         .services = a_svc,
         .n_services = 1,
         .mmio = a_mmio,
         .n_mmio = 1,
         .dependencies = a_deps,
         .n_dependencies = 1},
        {.name = "SP_B",
         .pid = 601,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_APPLICATION_ROT,
         .model = SPM_MODEL_IPC,
         .entry_point = b_main,
         .stack_size = 8192,
         .services = b_svc,
         .n_services = 1,
         .mmio = b_mmio,
         .n_mmio = 1},
        {.name = "SP_P",
         .pid = 602,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_PSA_ROT,
         .model = SPM_MODEL_IPC,
         .entry_point = p_main,
         .stack_size = 8192,
         .services = p_svc,
         .n_services = 1},
};
static const struct spm_load_table table = {SPM_LOAD_TABLE_VERSION, 3, parts};

/* ------------------------------------------------------------ matrix */

enum accessor { NS, APP_A, APP_B, PSA_P, N_ACCESSORS };
enum target {
	OWN_GLOBALS,
	OWN_STACK,
	A_GLOBALS,
	A_STACK,
	B_GLOBALS,
	B_STACK,
	P_GLOBALS,
	SPM_DATA,
	NS_DATA,
	OTHER_MMIO,
	CODE,
	N_TARGETS
};
static const char *const accessor_names[] = {"non-secure", "app-RoT A",
                                             "app-RoT B", "PSA-RoT P"};
static const char *const target_names[] = {
        "own globals", "own stack",  "A globals", "A stack",
        "B globals",   "B stack",    "P globals", "SPM data",
        "NS data",     "other MMIO", "code"};
static const uint32_t accesses[] = {ARCH_MEM_READ, ARCH_MEM_WRITE,
                                    ARCH_MEM_EXECUTE};

static volatile char ns_stack_local;

/** A host pointer to @t as seen from @a. */
static const void *address_of(enum accessor a, enum target t)
{
	static const volatile int *const globals[] = {&a_global, &b_global,
	                                              &p_global};
	int own = a == NS ? -1 : (int)a - 1;

	switch (t) {
	case OWN_GLOBALS:
		return own < 0 ? (const void *)&ns_global
		               : (const void *)globals[own];
	case OWN_STACK:
		return own < 0 ? (const void *)&ns_stack_local
		               : (const void *)stack_of[own];
	case A_GLOBALS:
		return (const void *)&a_global;
	case A_STACK:
		return (const void *)stack_of[0];
	case B_GLOBALS:
		return (const void *)&b_global;
	case B_STACK:
		return (const void *)stack_of[1];
	case P_GLOBALS:
		return (const void *)&p_global;
	case SPM_DATA:
		return &spm_sys()->counters;
	case NS_DATA:
		return (const void *)&ns_global;
	case OTHER_MMIO:
		return sim_isolation_mmio(a == APP_A ? MMIO_B : MMIO_A);
	default:
		return (const void *)(uintptr_t)a_main;
	}
}

/** What FFM-FACTS.md's isolation levels allow. */
static bool expected(unsigned level, enum accessor a, enum target t,
                     uint32_t access)
{
	bool privileged = a == PSA_P || level == 1;
	bool own = t == OWN_GLOBALS || t == OWN_STACK ||
	           (a == APP_A && (t == A_GLOBALS || t == A_STACK)) ||
	           (a == APP_B && (t == B_GLOBALS || t == B_STACK));
	bool app_mem = t == A_GLOBALS || t == A_STACK || t == B_GLOBALS ||
	               t == B_STACK;

	if (t == CODE) {
		return access != ARCH_MEM_WRITE;
	}
	if (access == ARCH_MEM_EXECUTE) {
		return false; /* data is never executable */
	}
	if (a == NS) {
		return t == NS_DATA || t == OWN_GLOBALS || t == OWN_STACK;
	}
	if (privileged || own) {
		return true;
	}
	return level == 2 && app_mem;
}

/** Boots at @level and runs the partitions so their stacks are known. */
static void boot_at(unsigned level)
{
	struct spmsim_config cfg = {.table = &table,
	                            .backend = SPMSIM_BACKEND_IPC,
	                            .isolation_level = level};

	memset((void *)stack_of, 0, sizeof(stack_of));
	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	for (int i = 0; i < 3; i++) {
		assert_non_null(stack_of[i]);
	}
}

/** The boundary of @a. */
static uintptr_t boundary_of(enum accessor a)
{
	struct spm *s = spm_sys();

	return a == NS ? s->ns->boundary : s->partitions[a - 1].boundary;
}

static void check_level(unsigned level)
{
	char table_text[8192];
	size_t len = 0;
	int wrong = 0;

	boot_at(level);
	for (int a = 0; a < N_ACCESSORS; a++) {
		for (int t = 0; t < N_TARGETS; t++) {
			for (int k = 0; k < 3; k++) {
				bool want = expected(level, a, t, accesses[k]);
				bool got = arch_isolation_check(
				        boundary_of(a), address_of(a, t),
				        sizeof(int), accesses[k]);

				if (want != got) {
					wrong++;
				}
				len += (size_t)snprintf(
				        table_text + len,
				        sizeof(table_text) - len,
				        "%s%-10s %-11s %-7s want %-5s got %s\n",
				        want != got ? "X " : "  ",
				        accessor_names[a], target_names[t],
				        k == 0   ? "read"
				        : k == 1 ? "write"
				                 : "execute",
				        want ? "allow" : "fault",
				        got ? "allow" : "fault");
			}
		}
	}
	spmsim_shutdown();
	if (wrong > 0) {
		/* The whole table, the differing cells marked X. */
		fprintf(stderr, "isolation level %u, %d cells differ:\n%s",
		        level, wrong, table_text);
	}
	assert_int_equal(wrong, 0);
}

/** Non-secure code that makes one empty call to A. */
static void ns_touch(void *arg)
{
	(void)arg;
	(void)psa_call((psa_handle_t)(0x40000100 | 0), OP_TOUCH, NULL, 0, NULL,
	               0);
}

/** The cells of the matrix at the booted @level that differ from FFM. */
static int wrong_cells(unsigned level, bool backwards)
{
	int wrong = 0;

	for (int i = 0; i < N_ACCESSORS * N_TARGETS * 3; i++) {
		int n = backwards ? N_ACCESSORS * N_TARGETS * 3 - 1 - i : i;
		int a = n / (N_TARGETS * 3), t = n / 3 % N_TARGETS, k = n % 3;

		wrong += expected(level, a, t, accesses[k]) !=
		         arch_isolation_check(boundary_of(a), address_of(a, t),
		                              sizeof(int), accesses[k]);
	}
	return wrong;
}

/*
 * The check remembers its answers by host range: each answer must stay
 * the one for its own boundary, range and access, in any order, after
 * many other ranges have passed through, and after a non-secure context
 * came and went (which may change what an address is).
 */
static void test_remembered_answers_stay_right(void **state)
{
	static char buffer[4096];

	(void)state;
	boot_at(3);
	assert_int_equal(wrong_cells(3, false), 0);
	assert_int_equal(wrong_cells(3, true), 0);
	for (size_t i = 0; i < sizeof(buffer); i += 8) {
		assert_true(arch_isolation_check(boundary_of(NS), buffer + i,
		                                 8 + i % 24, ARCH_MEM_WRITE));
		assert_false(arch_isolation_check(boundary_of(APP_A),
		                                  buffer + i, 8 + i % 24,
		                                  ARCH_MEM_READ));
	}
	assert_int_equal(wrong_cells(3, true), 0);
	assert_int_equal(spmsim_run_ns(ns_touch, NULL), SPMSIM_EXIT_RETURNED);
	assert_int_equal(wrong_cells(3, false), 0);
	spmsim_shutdown();
}

static void test_matrix_level_1(void **state)
{
	(void)state;
	check_level(1);
}

static void test_matrix_level_2(void **state)
{
	(void)state;
	check_level(2);
}

static void test_matrix_level_3(void **state)
{
	(void)state;
	check_level(3);
}

/* ------------------------------------------------- the check at work */

static psa_status_t ns_status;

static void ns_pass_foreign_outvec(void *arg)
{
	psa_outvec out = {(void *)&a_global, sizeof(a_global)};

	(void)arg;
	ns_status = psa_call((psa_handle_t)(0x40000100 | 2), PSA_IPC_CALL, NULL,
	                     0, &out, 1);
}

static void test_ns_outvec_into_a_partition_is_refused(void **state)
{
	struct spmsim_panic p;

	(void)state;
	boot_at(1);
	assert_int_equal(spmsim_run_ns(ns_pass_foreign_outvec, NULL),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(ns_status, PSA_ERROR_PROGRAMMER_ERROR);
	assert_false(spmsim_last_panic(&p));
	spmsim_shutdown();
}

static void ns_ask_a_to_pass_b(void *arg)
{
	(void)arg;
	(void)psa_call((psa_handle_t)(0x40000100 | 0), OP_PASS_B_GLOBAL, NULL,
	               0, NULL, 0);
}

static void test_secure_outvec_into_another_partition_panics(void **state)
{
	struct spmsim_panic p;

	(void)state;
	boot_at(3);
	assert_int_equal(spmsim_run_ns(ns_ask_a_to_pass_b, NULL),
	                 SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_string_equal(p.partition, "SP_A");
	assert_string_equal(p.api, "psa_call");
	assert_non_null(strstr(p.rule, "output vector"));
	spmsim_shutdown();
}

static void test_level_2_lets_app_rot_share(void **state)
{
	struct spmsim_panic p;

	(void)state;
	/* The same request at level 2: B's memory is A's to use. */
	boot_at(2);
	assert_int_equal(spmsim_run_ns(ns_ask_a_to_pass_b, NULL),
	                 SPMSIM_EXIT_RETURNED);
	assert_false(spmsim_last_panic(&p));
	spmsim_shutdown();
}

static const struct spm_mmio_desc many_mmio[] = {
        {.base = 0x40130000, .size = 0x100},
        {.base = 0x40131000, .size = 0x100},
        {.base = 0x40132000, .size = 0x100},
        {.base = 0x40133000, .size = 0x100},
        {.base = 0x40134000, .size = 0x100},
        {.base = 0x40135000, .size = 0x100},
        {.base = 0x40136000, .size = 0x100},
};
static const struct spm_partition_desc crowded[] = {
        {.name = "SP_CROWDED",
         .pid = 610,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_APPLICATION_ROT,
         .model = SPM_MODEL_IPC,
         .entry_point = a_main,
         .stack_size = 8192,
         .services = a_svc,
         .n_services = 1,
         .mmio = many_mmio,
         .n_mmio = 7},
};
static const struct spm_load_table crowded_table = {SPM_LOAD_TABLE_VERSION, 1,
                                                    crowded};

static void test_regions_must_fit_the_mpu(void **state)
{
	struct spmsim_config cfg = {.table = &crowded_table,
	                            .backend = SPMSIM_BACKEND_IPC,
	                            .isolation_level = 3};

	(void)state;
	/* Code, its memory and 7 MMIO regions: 9 > 8. */
	assert_int_equal(spmsim_boot(&cfg), PSA_ERROR_NOT_SUPPORTED);
	assert_non_null(strstr(spmsim_error(), "SP_CROWDED"));
	assert_non_null(strstr(spmsim_error(), "MPU regions"));
	/* A 16-region MPU has room. */
	cfg.mpu_regions = 16;
	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	spmsim_shutdown();
	cfg.mpu_regions = 12;
	assert_int_equal(spmsim_boot(&cfg), PSA_ERROR_NOT_SUPPORTED);
	assert_non_null(strstr(spmsim_error(), "8 or 16"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_matrix_level_1),
	        cmocka_unit_test(test_matrix_level_2),
	        cmocka_unit_test(test_matrix_level_3),
	        cmocka_unit_test(test_remembered_answers_stay_right),
	        cmocka_unit_test(test_ns_outvec_into_a_partition_is_refused),
	        cmocka_unit_test(
	                test_secure_outvec_into_another_partition_panics),
	        cmocka_unit_test(test_level_2_lets_app_rot_share),
	        cmocka_unit_test(test_regions_must_fit_the_mpu),
	};

	return cmocka_run_group_tests_name("isolation", tests, NULL, NULL);
}
