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
 * The same matrix by real loads, stores and jumps (the `trap` mode, page
 * protection): the accessor's own code touches each target, and the cell
 * must either go through or fault (a recorded panic of that accessor, the
 * process going on). Targets are aimed with spmsim_area_address(). IPC at
 * levels 1 to 3, SFN at level 1. (Valgrind's memcheck copes: it follows
 * mprotect() and delivers the faults, so these run under it too.) Then
 * scenarios: an application-RoT partition reading PSA-RoT data at level 2,
 * non-secure code writing secure memory, a stack overflow at level 3, a
 * first-level handler under its own partition's boundary, and the `check`
 * mode letting the same stray read through.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <valgrind/valgrind.h>

#include "arch.h"
#include "isolation.h"
#include "load_table.h"
#include "protect.h"
#include "psa/client.h"
#include "psa/service.h"
#include "sim_memory.h"
#include "spm.h"
#include "spmsim/platform.h"
#include "spmsim/spmsim.h"

/* Two 0x100-byte windows in one simulated page, as boards have them: each
 * still gets page protection of its own in the trap mode. */
#define MMIO_A    0x40110000u
#define MMIO_B    0x40110100u
#define MMIO_SIZE 0x100u

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

enum { OP_TOUCH = 0, OP_PASS_B_GLOBAL = 1, OP_ACCESS = 2, OP_OVERFLOW = 3 };
#define SIG 0x10u

/** A raw access a partition is asked to make: 0 read, 1 write, 2 jump. */
struct access_req {
	uintptr_t addr;
	int32_t kind;
};

/*
 * Touches @addr as asked. Deliberately outside what AddressSanitizer
 * checks: the target is arbitrary memory, and the page protection is what
 * must answer. A write stores back the byte it reads (the target may be
 * live state); a pure write is do_store().
 */
__attribute__((noinline, no_sanitize_address)) static void
do_access(uintptr_t addr, int32_t kind)
{
	volatile char *p = (volatile char *)addr;

	if (kind == 0) {
		(void)*p;
	} else if (kind == 1) {
		*p = *p;
	} else {
		((void (*)(void))addr)();
	}
}

/** A store that reads nothing first. */
__attribute__((noinline, no_sanitize_address)) static void
do_store(uintptr_t addr)
{
	*(volatile char *)addr = 0x5A;
}

/* Kept in memory so the compiler cannot see the recursion's end. */
static volatile int depth_limit = 1 << 30;

/** Recurses with a frame the compiler cannot drop, until the guard page. */
static int __attribute__((noinline)) recurse(int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	if (depth > depth_limit) {
		return 0;
	}
	return recurse(depth + 1) + frame[0];
}

/** The raw access of an OP_ACCESS message, made by the service's code. */
static void serve_access(const psa_msg_t *msg)
{
	struct access_req r = {0};

	if (psa_read(msg->handle, 0, &r, sizeof(r)) == sizeof(r)) {
		if (r.kind == 3) {
			do_store(r.addr);
		} else {
			do_access(r.addr, r.kind);
		}
	}
}

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
		} else if (msg.type == OP_ACCESS) {
			serve_access(&msg);
		} else if (msg.type == OP_OVERFLOW) {
			(void)recurse(0);
		}
		psa_reply(msg.handle, PSA_SUCCESS);
	}
}

static void a_main(void)
{
	serve(0);
}

#define B_IRQ_LINE 45u
#define B_IRQ_SIG  0x80000000u

/** What B's first-level handler touches: 1 its globals, 2 P's. */
static volatile int flih_mode;
static volatile int flih_done;

/** B's FLIH: runs at interrupt time under B's own boundary. */
static psa_flih_result_t b_flih(void)
{
	if (flih_mode == 1) {
		b_global = b_global + 1;
	} else if (flih_mode == 2) {
		do_access((uintptr_t)&p_global, 0);
	}
	flih_done++;
	return PSA_FLIH_NO_SIGNAL;
}

static void b_main(void)
{
	psa_irq_enable(B_IRQ_SIG);
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
        {.base = MMIO_A, .size = MMIO_SIZE, .permission = SPM_MMIO_READ_WRITE}};
static const struct spm_irq_desc b_irqs[] = {{.signal_name = "B_IRQ_SIGNAL",
                                              .source = B_IRQ_LINE,
                                              .signal = B_IRQ_SIG,
                                              .handling = SPM_IRQ_FLIH,
                                              .flih = b_flih}};
static const struct spm_mmio_desc b_mmio[] = {
        {.base = MMIO_B, .size = MMIO_SIZE, .permission = SPM_MMIO_READ_WRITE}};
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
         .irqs = b_irqs,
         .n_irqs = 1,
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

/** The SFN-model service of each partition in the SFN table. */
static psa_status_t access_sfn(const psa_msg_t *msg)
{
	if (msg->type == OP_ACCESS) {
		serve_access(msg);
	}
	return PSA_SUCCESS;
}

#define SFN_SVC(n, s, i)                                                       \
	{                                                                      \
		.name = n, .sid = s, .signal = SIG, .version = 1,              \
		.non_secure_clients = true, .stateless_index = i,              \
		.sfn = access_sfn                                              \
	}
static const struct spm_service_desc a_sfn_svc[] = {SFN_SVC("A", 0x6000, 1)};
static const struct spm_service_desc b_sfn_svc[] = {SFN_SVC("B", 0x6001, 2)};
static const struct spm_service_desc p_sfn_svc[] = {SFN_SVC("P", 0x6002, 3)};
#define SFN_PART(n, id, t, svc, mm, nmm)                                       \
	{                                                                      \
		.name = n, .pid = id, .ffm_version = SPM_FFM_VERSION_1_1,      \
		.type = t, .model = SPM_MODEL_SFN, .stack_size = 8192,         \
		.services = svc, .n_services = 1, .mmio = mm, .n_mmio = nmm    \
	}
static const struct spm_partition_desc sfn_parts[] = {
        SFN_PART("SP_A", 600, SPM_PARTITION_APPLICATION_ROT, a_sfn_svc, a_mmio,
                 1),
        SFN_PART("SP_B", 601, SPM_PARTITION_APPLICATION_ROT, b_sfn_svc, b_mmio,
                 1),
        SFN_PART("SP_P", 602, SPM_PARTITION_PSA_ROT, p_sfn_svc, NULL, 0),
};
static const struct spm_load_table sfn_table = {SPM_LOAD_TABLE_VERSION, 3,
                                                sfn_parts};

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

/* ------------------------------------------------- raw accesses (trap) */

static const char *const part_names[] = {"SP_A", "SP_B", "SP_P"};

/** One cell of the real-access matrix, run from the non-secure side. */
struct cell {
	enum accessor a;
	enum target t;
	int32_t kind;
	/** The target had no address (an SFN partition has no stack). */
	bool none;
	/** The access went through. */
	bool done;
};

/** The host address of @t for accessor @a, aimed by spmsim_area_address. */
static void *aim(enum accessor a, enum target t)
{
	const char *own = a == NS ? "non-secure" : part_names[a - 1];

	switch (t) {
	case OWN_GLOBALS:
		return a == NS ? spmsim_area_address(SPMSIM_AREA_NS, NULL)
		               : spmsim_area_address(SPMSIM_AREA_DATA, own);
	case OWN_STACK:
		return spmsim_area_address(SPMSIM_AREA_STACK, own);
	case A_GLOBALS:
	case B_GLOBALS:
	case P_GLOBALS:
		return spmsim_area_address(SPMSIM_AREA_DATA,
		                           part_names[t == A_GLOBALS   ? 0
		                                      : t == B_GLOBALS ? 1
		                                                       : 2]);
	case A_STACK:
	case B_STACK:
		return spmsim_area_address(SPMSIM_AREA_STACK,
		                           part_names[t == A_STACK ? 0 : 1]);
	case SPM_DATA:
		return spmsim_area_address(SPMSIM_AREA_SPM, NULL);
	case NS_DATA:
		return spmsim_area_address(SPMSIM_AREA_NS, NULL);
	case OTHER_MMIO:
		return spmsim_area_address(SPMSIM_AREA_MMIO,
		                           a == APP_A ? "SP_B" : "SP_A");
	default:
		return spmsim_area_address(SPMSIM_AREA_CODE, NULL);
	}
}

/** Non-secure code: makes the cell's access itself or asks the accessor. */
static void ns_cell(void *arg)
{
	struct cell *c = arg;
	struct access_req r = {(uintptr_t)aim(c->a, c->t), c->kind};
	psa_invec in = {&r, sizeof(r)};

	if (r.addr == 0) {
		c->none = true;
		return;
	}
	if (c->a == NS) {
		do_access(r.addr, r.kind);
	} else {
		(void)psa_call((psa_handle_t)(0x40000100 | (c->a - 1)),
		               OP_ACCESS, &in, 1, NULL, 0);
	}
	c->done = true;
}

/** Runs one cell: 1 allowed, 0 faulted (as @c's accessor), -1 neither. */
static int run_cell(struct cell *c, char *why, size_t why_size)
{
	struct spmsim_counters before, after;
	struct spmsim_panic p;
	enum spmsim_exit e;

	spmsim_get_counters(&before);
	e = spmsim_run_ns(ns_cell, c);
	spmsim_get_counters(&after);
	if (e == SPMSIM_EXIT_RETURNED && c->done &&
	    after.panics == before.panics) {
		return 1;
	}
	if (e == SPMSIM_EXIT_RESET && after.panics == before.panics + 1 &&
	    spmsim_last_panic(&p) && p.cause == SPMSIM_PANIC_FAULT &&
	    strcmp(p.partition,
	           c->a == NS ? "non-secure" : part_names[c->a - 1]) == 0) {
		snprintf(why, why_size, "%s %s", p.fault.type, p.fault.region);
		return 0;
	}
	snprintf(why, why_size, "exit %s", spmsim_exit_name(e));
	return -1;
}

/** The real-access matrix at @level on @backend; every cell asserted. */
static void real_level(enum spmsim_backend backend, unsigned level)
{
	struct spmsim_config cfg = {
	        .table = backend == SPMSIM_BACKEND_SFN ? &sfn_table : &table,
	        .backend = backend,
	        .isolation_level = level};
	static char text[32768];
	size_t len = 0;
	int wrong = 0;

	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	for (int a = 0; a < N_ACCESSORS; a++) {
		for (int t = 0; t < N_TARGETS; t++) {
			for (int k = 0; k < 3; k++) {
				struct cell c = {a, t, k, false, false};
				char why[96] = "";
				bool want = expected(level, a, t, accesses[k]);
				int got = run_cell(&c, why, sizeof(why));
				/* SFN partitions run on their caller's stack:
				 * no stack of their own to aim at. */
				bool none = backend == SPMSIM_BACKEND_SFN &&
				            (t == A_STACK || t == B_STACK ||
				             (t == OWN_STACK && a != NS));
				bool bad = c.none != none ||
				           (!c.none && got != (want ? 1 : 0));

				wrong += bad;
				len += (size_t)snprintf(
				        text + len, sizeof(text) - len,
				        "%s%-10s %-11s %-7s want %-5s got %s "
				        "%s\n",
				        bad ? "X " : "  ", accessor_names[a],
				        target_names[t],
				        k == 0   ? "read"
				        : k == 1 ? "write"
				                 : "execute",
				        want ? "allow" : "fault",
				        c.none     ? "n/a (no such area)"
				        : got == 1 ? "allow"
				        : got == 0 ? "fault"
				                   : "broken",
				        why);
			}
		}
	}
	spmsim_shutdown();
	if (wrong > 0) {
		fprintf(stderr,
		        "%s, level %u, real accesses, %d cells differ:\n%s",
		        spmsim_backend_name(backend), level, wrong, text);
	}
	assert_int_equal(wrong, 0);
}

static void test_real_ipc_level_1(void **state)
{
	(void)state;
	real_level(SPMSIM_BACKEND_IPC, 1);
}

static void test_real_ipc_level_2(void **state)
{
	(void)state;
	real_level(SPMSIM_BACKEND_IPC, 2);
}

static void test_real_ipc_level_3(void **state)
{
	(void)state;
	real_level(SPMSIM_BACKEND_IPC, 3);
}

static void test_real_sfn_level_1(void **state)
{
	(void)state;
	real_level(SPMSIM_BACKEND_SFN, 1);
}

/* ------------------------------------------------ fault scenarios */

/** Asks accessor @a for a raw access of @kind at @addr, from NS code. */
struct ask {
	enum accessor a;
	int32_t kind;
	uintptr_t addr;
	enum spmsim_area area;
	const char *owner;
	bool done;
};

static void ns_ask(void *arg)
{
	struct ask *q = arg;
	struct access_req r = {q->addr, q->kind};
	psa_invec in = {&r, sizeof(r)};

	if (r.addr == 0) {
		r.addr = (uintptr_t)spmsim_area_address(q->area, q->owner);
	}
	if (q->a == NS) {
		if (r.kind == 3) {
			do_store(r.addr);
		} else {
			do_access(r.addr, r.kind);
		}
	} else {
		(void)psa_call((psa_handle_t)(0x40000100 | (q->a - 1)),
		               OP_ACCESS, &in, 1, NULL, 0);
	}
	q->done = true;
}

/** Boots @table's system at @level with @prot on @backend. */
static void boot_mode(enum spmsim_backend backend, unsigned level,
                      enum spmsim_protection prot)
{
	struct spmsim_config cfg = {
	        .table = backend == SPMSIM_BACKEND_SFN ? &sfn_table : &table,
	        .backend = backend,
	        .isolation_level = level,
	        .protection = prot};

	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
}

/** After a fault the system works: A answers a call. */
static void assert_survived(void)
{
	struct ask q = {APP_A, 0, 0, SPMSIM_AREA_DATA, "SP_A", false};

	assert_int_equal(spmsim_run_ns(ns_ask, &q), SPMSIM_EXIT_RETURNED);
	assert_true(q.done);
}

/* ------------------------------------------- cost by partition count */

#define N_IDLE 10u

static void idle_main(void)
{
	for (;;) {
		(void)psa_wait(SIG, PSA_BLOCK);
	}
}

static const char *const idle_names[N_IDLE] = {
        "SP_I0", "SP_I1", "SP_I2", "SP_I3", "SP_I4",
        "SP_I5", "SP_I6", "SP_I7", "SP_I8", "SP_I9"};

/** The three partitions above and N_IDLE idle ones, of both kinds. */
static const struct spm_load_table *crowd(void)
{
	static struct spm_service_desc svc[N_IDLE];
	static struct spm_partition_desc p[3 + N_IDLE];
	static struct spm_load_table t;

	memcpy(p, parts, sizeof(parts));
	for (uint32_t i = 0; i < N_IDLE; i++) {
		svc[i] = (struct spm_service_desc){.name = "I",
		                                   .sid = 0x6100 + i,
		                                   .signal = SIG,
		                                   .version = 1,
		                                   .non_secure_clients = true,
		                                   .connection_based = true};
		p[3 + i] = (struct spm_partition_desc){
		        .name = idle_names[i],
		        .pid = 700 + i,
		        .ffm_version = SPM_FFM_VERSION_1_1,
		        .type = i % 2 ? SPM_PARTITION_PSA_ROT
		                      : SPM_PARTITION_APPLICATION_ROT,
		        .model = SPM_MODEL_IPC,
		        .entry_point = idle_main,
		        .stack_size = 8192,
		        .services = &svc[i],
		        .n_services = 1};
	}
	t = (struct spm_load_table){SPM_LOAD_TABLE_VERSION, 3 + N_IDLE, p};
	return &t;
}

#define COST_CALLS 20

/** Empty calls to A from the non-secure side. */
static void ns_calls(void *arg)
{
	uint64_t *calls = arg;

	/* The first call settles what boot left open. */
	(void)psa_call((psa_handle_t)0x40000100, OP_TOUCH, NULL, 0, NULL, 0);
	*calls = sim_protect_calls();
	for (int i = 0; i < COST_CALLS; i++) {
		(void)psa_call((psa_handle_t)0x40000100, OP_TOUCH, NULL, 0,
		               NULL, 0);
	}
	*calls = sim_protect_calls() - *calls;
}

/** mprotect() calls of COST_CALLS calls to A in @t's system at @level. */
static uint64_t crossing_calls(const struct spm_load_table *t, unsigned level)
{
	struct spmsim_config cfg = {.table = t,
	                            .backend = SPMSIM_BACKEND_IPC,
	                            .isolation_level = level,
	                            .protection = SPMSIM_PROTECTION_TRAP};
	uint64_t calls = 0;

	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	assert_int_equal(spmsim_run_ns(ns_calls, &calls), SPMSIM_EXIT_RETURNED);
	spmsim_shutdown();
	return calls;
}

/* Each partition's stack is a mapping of its own: the protection changes
 * of a call must not grow with the partitions that sit idle. */
static void test_crossing_cost_does_not_grow_with_partitions(void **state)
{
	(void)state;
	if (RUNNING_ON_VALGRIND) {
		skip(); /* no lazy areas there (protect.c) */
	}
	for (unsigned level = 1; level <= 3; level++) {
		uint64_t few = crossing_calls(&table, level);

		assert_true(few > 0);
		assert_int_equal(crossing_calls(crowd(), level), few);
	}
}

static void test_app_rot_reads_psa_rot_data_at_level_2(void **state)
{
	struct ask q = {APP_A, 0, 0, SPMSIM_AREA_DATA, "SP_P", false};
	struct spmsim_panic p;

	(void)state;
	boot_mode(SPMSIM_BACKEND_IPC, 2, SPMSIM_PROTECTION_TRAP);
	assert_int_equal(spmsim_run_ns(ns_ask, &q), SPMSIM_EXIT_RESET);
	assert_false(q.done);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
	assert_string_equal(p.partition, "SP_A");
	assert_int_equal(p.partition_id, 600);
	assert_string_equal(p.fault.type, "MemManage");
	assert_string_equal(p.fault.access, "read");
	assert_string_equal(p.fault.region, "SP_P data");
	/* P is the first PSA-RoT partition: secure slot 1, its data first. */
	assert_int_equal(p.fault.address, 0x30400000u);
	assert_int_equal(p.fault.host_address, (uintptr_t)&p_global);
	assert_int_equal(p.fault.isolation_level, 2);
	assert_false(p.during_boot);
	assert_survived();
	spmsim_shutdown();
}

/** Accessor @a's raw @kind access (0 load, 3 store) to @owner's MMIO. */
static enum spmsim_exit mmio_access(enum accessor a, int32_t kind,
                                    const char *owner, bool *done)
{
	struct ask q = {a, kind, 0, SPMSIM_AREA_MMIO, owner, false};
	enum spmsim_exit e = spmsim_run_ns(ns_ask, &q);

	*done = q.done;
	return e;
}

/* A 0x100-byte MMIO window, sharing its simulated page with another
 * partition's: at levels 2 and 3 in the trap mode the owner loads and
 * stores it, another application-RoT partition faults on either. */
static void test_sub_page_mmio_is_protected(void **state)
{
	static const unsigned levels[] = {2, 3};
	static const int32_t kinds[] = {0, 3};
	static const char *const names[] = {"read", "write"};
	struct spmsim_panic p;
	bool done;

	(void)state;
	for (size_t l = 0; l < 2; l++) {
		boot_mode(SPMSIM_BACKEND_IPC, levels[l],
		          SPMSIM_PROTECTION_TRAP);
		for (int k = 0; k < 2; k++) {
			assert_int_equal(
			        mmio_access(APP_A, kinds[k], "SP_A", &done),
			        SPMSIM_EXIT_RETURNED);
			assert_true(done);
			assert_int_equal(
			        mmio_access(APP_B, kinds[k], "SP_A", &done),
			        SPMSIM_EXIT_RESET);
			assert_false(done);
			assert_true(spmsim_last_panic(&p));
			assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
			assert_string_equal(p.partition, "SP_B");
			assert_string_equal(p.fault.access, names[k]);
			assert_string_equal(p.fault.region, "SP_A MMIO");
			assert_int_equal(p.fault.address, MMIO_A);
			assert_int_equal(p.fault.isolation_level, levels[l]);
			assert_int_equal(
			        mmio_access(APP_A, kinds[k], "SP_B", &done),
			        SPMSIM_EXIT_RESET);
			assert_true(spmsim_last_panic(&p));
			assert_string_equal(p.partition, "SP_A");
			assert_string_equal(p.fault.region, "SP_B MMIO");
			assert_int_equal(p.fault.address, MMIO_B);
			assert_int_equal(
			        mmio_access(APP_B, kinds[k], "SP_B", &done),
			        SPMSIM_EXIT_RETURNED);
			assert_true(done);
		}
		spmsim_shutdown();
	}
}

/* The same inside a device model's page: SP_A's 0x100-byte window at
 * +0x100 of TIMER1's registers is protected with A's region. */
static const struct spm_mmio_desc dev_a_mmio[] = {
        {.base = SPMSIM_TIMER1_ADDR + 0x100u,
         .size = MMIO_SIZE,
         .permission = SPM_MMIO_READ_WRITE}};
static const struct spm_mmio_desc dev_b_mmio[] = {
        {.base = SPMSIM_TIMER1_ADDR + 0x200u,
         .size = MMIO_SIZE,
         .permission = SPM_MMIO_READ_WRITE}};

/** The partitions of the table with A's window in TIMER1's page and B's @b. */
static struct spm_load_table with_mmio(struct spm_partition_desc copy[3],
                                       const struct spm_mmio_desc *b,
                                       uint32_t nb)
{
	memcpy(copy, parts, sizeof(parts));
	copy[0].mmio = dev_a_mmio;
	copy[1].mmio = b;
	copy[1].n_mmio = nb;
	return (struct spm_load_table){SPM_LOAD_TABLE_VERSION, 3, copy};
}

/** Boots @t on IPC at @level in the trap mode. */
static void boot_table(const struct spm_load_table *t, unsigned level)
{
	struct spmsim_config cfg = {.table = t,
	                            .backend = SPMSIM_BACKEND_IPC,
	                            .isolation_level = level,
	                            .protection = SPMSIM_PROTECTION_TRAP};

	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
}

static void test_sub_page_mmio_in_a_device_page(void **state)
{
	struct spm_partition_desc copy[3];
	struct spm_load_table t = with_mmio(copy, NULL, 0);
	struct spmsim_panic p;
	bool done;

	(void)state;
	for (unsigned level = 2; level <= 3; level++) {
		boot_table(&t, level);
		assert_int_equal(mmio_access(APP_A, 3, "SP_A", &done),
		                 SPMSIM_EXIT_RETURNED);
		assert_int_equal(mmio_access(APP_A, 0, "SP_A", &done),
		                 SPMSIM_EXIT_RETURNED);
		assert_int_equal(mmio_access(APP_B, 0, "SP_A", &done),
		                 SPMSIM_EXIT_RESET);
		assert_true(spmsim_last_panic(&p));
		assert_string_equal(p.partition, "SP_B");
		assert_string_equal(p.fault.region, "SP_A MMIO");
		assert_int_equal(p.fault.address, SPMSIM_TIMER1_ADDR + 0x100u);
		spmsim_shutdown();
	}
	/* Another partition's window in the same device page: the page
	 * cannot follow both, so neither owner is faulted on its own. */
	t = with_mmio(copy, dev_b_mmio, 1);
	boot_table(&t, 3);
	assert_int_equal(mmio_access(APP_A, 3, "SP_A", &done),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(mmio_access(APP_B, 3, "SP_B", &done),
	                 SPMSIM_EXIT_RETURNED);
	spmsim_shutdown();
}

static void test_check_mode_lets_the_stray_read_through(void **state)
{
	struct ask q = {APP_A, 0, 0, SPMSIM_AREA_DATA, "SP_P", false};
	struct spmsim_panic p;

	(void)state;
	/* Pointer checks only: the same read is not caught. */
	boot_mode(SPMSIM_BACKEND_IPC, 2, SPMSIM_PROTECTION_CHECK);
	assert_int_equal(spmsim_run_ns(ns_ask, &q), SPMSIM_EXIT_RETURNED);
	assert_true(q.done);
	assert_false(spmsim_last_panic(&p));
	spmsim_shutdown();
}

/** NS code stores into partition A's globals: a SecureFault. */
static void ns_writes_secure(enum spmsim_backend backend)
{
	struct ask q = {NS, 3, 0, SPMSIM_AREA_DATA, "SP_A", false};
	struct spmsim_panic p;

	boot_mode(backend, 1, SPMSIM_PROTECTION_TRAP);
	assert_int_equal(spmsim_run_ns(ns_ask, &q), SPMSIM_EXIT_RESET);
	assert_false(q.done);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
	assert_string_equal(p.partition, "non-secure");
	assert_string_equal(p.fault.type, "SecureFault");
	assert_string_equal(p.fault.access, "write");
	assert_string_equal(p.fault.region, "SP_A data");
	/* A takes the top secure slot (32), its data first. */
	assert_int_equal(p.fault.address, 0x30000000u + 32u * 0x400000u);
	assert_int_equal(p.fault.isolation_level, 1);
	/* The store never landed: the reset restored nothing it changed. */
	assert_int_equal(a_global, 1);
	assert_survived();
	spmsim_shutdown();
}

static void test_ns_writes_secure_memory_ipc(void **state)
{
	(void)state;
	ns_writes_secure(SPMSIM_BACKEND_IPC);
}

static void test_ns_writes_secure_memory_sfn(void **state)
{
	(void)state;
	ns_writes_secure(SPMSIM_BACKEND_SFN);
}

static void ns_overflow_a(void *arg)
{
	(void)arg;
	(void)psa_call((psa_handle_t)(0x40000100 | 0), OP_OVERFLOW, NULL, 0,
	               NULL, 0);
}

static void test_stack_overflow_at_level_3(void **state)
{
	struct spmsim_panic p;

	(void)state;
	boot_mode(SPMSIM_BACKEND_IPC, 3, SPMSIM_PROTECTION_TRAP);
	assert_int_equal(spmsim_run_ns(ns_overflow_a, NULL), SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_string_equal(p.partition, "SP_A");
	assert_string_equal(p.fault.type, "MemManage");
	assert_string_equal(p.fault.access, "write");
	assert_non_null(strstr(p.fault.region, "guard page"));
	assert_non_null(strstr(p.fault.region, "stack overflow"));
	assert_int_equal(p.fault.isolation_level, 3);
	assert_survived();
	spmsim_shutdown();
}

/** Raises B's interrupt with @mode; an SPM entry takes it. */
static void ns_irq(void *arg)
{
	flih_mode = (int)(intptr_t)arg;
	assert_int_equal(spmsim_irq_raise(B_IRQ_LINE), 0);
	(void)psa_framework_version();
	flih_mode = 0;
}

static void test_flih_runs_under_its_boundary(void **state)
{
	struct spmsim_panic p;
	int before;

	(void)state;
	boot_mode(SPMSIM_BACKEND_IPC, 2, SPMSIM_PROTECTION_TRAP);
	/* Its own globals: allowed. */
	before = flih_done;
	assert_int_equal(spmsim_run_ns(ns_irq, (void *)1),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(flih_done, before + 1);
	/* PSA-RoT data from an application-RoT FLIH at level 2: a fault. */
	assert_int_equal(spmsim_run_ns(ns_irq, (void *)2), SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_string_equal(p.partition, "SP_B");
	assert_string_equal(p.fault.type, "MemManage");
	assert_string_equal(p.fault.access, "read");
	assert_string_equal(p.fault.region, "SP_P data");
	assert_survived();
	spmsim_shutdown();
}

/** spmsim_area_address() from non-secure code, during a run. */
static void *ns_stack_seen;

static void ns_area(void *arg)
{
	(void)arg;
	ns_stack_seen = spmsim_area_address(SPMSIM_AREA_STACK, "non-secure");
}

static void test_area_address(void **state)
{
	char *stack;

	(void)state;
	assert_null(spmsim_area_address(SPMSIM_AREA_DATA, "SP_A"));
	boot_mode(SPMSIM_BACKEND_IPC, 3, SPMSIM_PROTECTION_TRAP);
	/* A partition's globals: its data section. */
	assert_ptr_equal(spmsim_area_address(SPMSIM_AREA_DATA, "SP_A"),
	                 (void *)&a_global);
	/* Its stack: the live frame of its entry lies above the address. */
	stack = spmsim_area_address(SPMSIM_AREA_STACK, "SP_B");
	assert_non_null(stack);
	assert_true(stack < (char *)stack_of[1]);
	assert_true((char *)stack_of[1] - stack < 64 * 1024 + 8192);
	/* MMIO: the host page behind the manifest's region. */
	assert_ptr_equal(spmsim_area_address(SPMSIM_AREA_MMIO, "SP_A"),
	                 sim_isolation_mmio(MMIO_A));
	assert_null(spmsim_area_address(SPMSIM_AREA_MMIO, "SP_P"));
	/* The SPM's state, non-secure data, code. */
	assert_non_null(spmsim_area_address(SPMSIM_AREA_SPM, NULL));
	assert_non_null(spmsim_area_address(SPMSIM_AREA_NS, NULL));
	assert_non_null(spmsim_area_address(SPMSIM_AREA_CODE, "ignored"));
	/* Unknown names and areas. */
	assert_null(spmsim_area_address(SPMSIM_AREA_DATA, "SP_NONE"));
	assert_null(spmsim_area_address(SPMSIM_AREA_DATA, NULL));
	assert_null(spmsim_area_address((enum spmsim_area)99, "SP_A"));
	/* The non-secure stack exists while non-secure code runs. */
	assert_null(spmsim_area_address(SPMSIM_AREA_STACK, "non-secure"));
	ns_stack_seen = NULL;
	assert_int_equal(spmsim_run_ns(ns_area, NULL), SPMSIM_EXIT_RETURNED);
	assert_non_null(ns_stack_seen);
	spmsim_shutdown();
}

static void test_unknown_protection_mode_is_refused(void **state)
{
	struct spmsim_config cfg = {.table = &table,
	                            .backend = SPMSIM_BACKEND_IPC,
	                            .protection = (enum spmsim_protection)7};

	(void)state;
	assert_int_equal(spmsim_boot(&cfg), PSA_ERROR_INVALID_ARGUMENT);
	assert_non_null(strstr(spmsim_error(), "protection mode 7"));
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
	        cmocka_unit_test(test_real_ipc_level_1),
	        cmocka_unit_test(test_real_ipc_level_2),
	        cmocka_unit_test(test_real_ipc_level_3),
	        cmocka_unit_test(test_real_sfn_level_1),
	        cmocka_unit_test(test_app_rot_reads_psa_rot_data_at_level_2),
	        cmocka_unit_test(
	                test_crossing_cost_does_not_grow_with_partitions),
	        cmocka_unit_test(test_sub_page_mmio_is_protected),
	        cmocka_unit_test(test_sub_page_mmio_in_a_device_page),
	        cmocka_unit_test(test_check_mode_lets_the_stray_read_through),
	        cmocka_unit_test(test_ns_writes_secure_memory_ipc),
	        cmocka_unit_test(test_ns_writes_secure_memory_sfn),
	        cmocka_unit_test(test_stack_overflow_at_level_3),
	        cmocka_unit_test(test_flih_runs_under_its_boundary),
	        cmocka_unit_test(test_area_address),
	        cmocka_unit_test(test_unknown_protection_mode_is_refused),
	};

	return cmocka_run_group_tests_name("isolation", tests, NULL, NULL);
}
