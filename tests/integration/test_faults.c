/*
 * Whatever a partition's code (or the non-secure code) does, the simulator
 * survives: a stack overflow into the guard page or far past it (a big
 * frame, alloca()), a null pointer, a jump into data, an undefined
 * instruction, a division by zero, abort(), a failed assert(), exit(), a
 * signal it sends itself. Each becomes a recorded panic of the code that
 * did it (a MemManage or UsageFault with address, access and region, or an
 * abort naming the call), the system resets, and the next call works. A
 * vector the host does not map is the caller's programmer error, never the
 * service's fault. On both backends, and at every isolation level where
 * the stacks' layout matters.
 */
#define _GNU_SOURCE /* alloca */
#include <alloca.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <valgrind/valgrind.h>

#include "load_table.h"
#include "psa/client.h"
#include "psa/service.h"
#include "spmsim/spmsim.h"
#include "spmsim/trace.h"

#include "fixture.h"

#include <assert.h> /* after cmocka.h: the C library's assert() */

#include "arch.h"

enum {
	OP_OK,
	OP_OVERFLOW,
	OP_NULL_WRITE,
	OP_JUMP_TO_DATA,
	OP_TRAP,
	OP_DIV_ZERO,
	OP_ABORT,
	OP_ASSERT,
	OP_EXIT,
	OP__EXIT,
	OP_RAISE_RT,
	OP_KILL_USR1,
	OP_BIG_FRAME,
	OP_BIG_ALLOCA,
	OP_HUGE_FRAME,
	OP_HUGE_ALLOCA,
	OP_READ,
	OP_CALL_BAD_VECTOR,
	OP_VANISH,
	OP_BREAKPOINT,
	OP_PTHREAD_EXIT,
	OP_KILL_SELF,
};

/** An address no host maps (the null page). */
#define UNMAPPED ((uintptr_t)0x10)

#define H_FAULTY     ((psa_handle_t)(0x40000000 | (1 << 8) | 0))
#define H_FAULTY_IPC ((psa_handle_t)(0x40000000 | (1 << 8) | 1))

/* Kept in memory so the compiler cannot see what they are. */
static volatile int depth_limit = 1 << 30;
static volatile uintptr_t small_address = 8;
static volatile int zero, one = 1;
static volatile size_t alloca_size = 1024u * 1024u;
/** Larger than the guard gap below every stack (ARCH_STACK_GAP). */
static volatile size_t huge_alloca_size = 24u * 1024u * 1024u;
/** Where the last big frame's lowest byte was (what it wrote first). */
static volatile uintptr_t landing;
/** A page of the client's that "another client thread" unmaps mid-call. */
static void *volatile vanishing;

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

static const uint8_t not_code[16] = {0};

/** A frame of 256 KiB: far past the stack's end, not touched in between. */
static int __attribute__((noinline)) big_frame(void)
{
	volatile uint8_t big[256 * 1024];

	landing = (uintptr_t)&big[0];
	big[0] = 0x5A;
	return big[0] + big[sizeof(big) - 1];
}

/** alloca() of a megabyte, first written at its lowest byte. */
static int __attribute__((noinline)) big_alloca(void)
{
	volatile uint8_t *p = alloca(alloca_size);

	landing = (uintptr_t)p;
	p[0] = 0x5A;
	return p[0];
}

/**
 * A frame of 16 MiB: larger than the guard gap, so its lowest byte lies
 * beyond it (in whatever the host maps there). The build probes every page
 * of a large frame on the way down (-fstack-clash-protection), as PSPLIM
 * faults on the stack pointer itself: the first probe lands in the gap.
 */
static int __attribute__((noinline)) huge_frame(void)
{
	volatile uint8_t huge[16u * 1024u * 1024u];

	huge[0] = 0x5A;
	return huge[0] + huge[sizeof(huge) - 1];
}

/** alloca() larger than the guard gap, probed page by page too. */
static int __attribute__((noinline)) huge_alloca(void)
{
	volatile uint8_t *p = alloca(huge_alloca_size);

	p[0] = 0x5A;
	return p[0];
}

/**
 * A division by zero for the hardware to trap (UBSan would report it
 * first: this one is deliberate).
 */
static int __attribute__((noinline, no_sanitize_undefined)) divide(int a, int b)
{
	return a / b;
}

/** The ways to end the process (or fault) that do not touch memory. */
static psa_status_t end_process(int32_t type)
{
	switch (type) {
	case OP_TRAP:
		__builtin_trap();
	case OP_DIV_ZERO:
		return divide(one, zero);
	case OP_ABORT:
		abort();
	case OP_ASSERT:
		assert(zero == 1);
		return PSA_ERROR_GENERIC_ERROR;
	case OP_EXIT:
		exit(3);
	case OP__EXIT:
		_exit(4);
	case OP_RAISE_RT:
		raise(SIGRTMIN + 10);
		return PSA_ERROR_GENERIC_ERROR;
	case OP_BREAKPOINT:
		__asm__ volatile("int3");
		return PSA_ERROR_GENERIC_ERROR;
	case OP_PTHREAD_EXIT:
		pthread_exit(NULL);
	case OP_KILL_SELF:
		kill(getpid(), SIGKILL);
		return PSA_ERROR_GENERIC_ERROR;
	default:
		kill(getpid(), SIGUSR1);
		return PSA_ERROR_GENERIC_ERROR;
	}
}

/** The behaviour menu both partitions share. */
static psa_status_t misbehave(int32_t type)
{
	switch (type) {
	case OP_TRAP:
	case OP_DIV_ZERO:
	case OP_ABORT:
	case OP_ASSERT:
	case OP_EXIT:
	case OP__EXIT:
	case OP_RAISE_RT:
	case OP_KILL_USR1:
	case OP_BREAKPOINT:
	case OP_PTHREAD_EXIT:
	case OP_KILL_SELF:
		return end_process(type);
	case OP_BIG_FRAME:
		return big_frame();
	case OP_BIG_ALLOCA:
		return big_alloca();
	case OP_HUGE_FRAME:
		return huge_frame();
	case OP_HUGE_ALLOCA:
		return huge_alloca();
	case OP_OVERFLOW:
		return recurse(0);
	case OP_NULL_WRITE:
		*(volatile int *)small_address = 1;
		return PSA_ERROR_GENERIC_ERROR;
	case OP_JUMP_TO_DATA:
		((void (*)(void))(uintptr_t)not_code)();
		return PSA_ERROR_GENERIC_ERROR;
	default:
		return PSA_SUCCESS;
	}
}

/** OP_READ: reads in_vec[0] and writes it to out_vec[0]; else misbehaves. */
static psa_status_t serve(const psa_msg_t *msg)
{
	uint8_t buf[8];
	size_t n;

	if (msg->type == OP_CALL_BAD_VECTOR) {
		/* A secure caller's vector the host does not map. */
		psa_invec in = {(const void *)UNMAPPED, 4};

		return psa_call(H_FAULTY, OP_READ, &in, 1, NULL, 0);
	}
	if (msg->type == OP_VANISH) {
		/* As another thread of the client would, after the check. */
		munmap(vanishing, (size_t)sysconf(_SC_PAGESIZE));
	} else if (msg->type != OP_READ) {
		return misbehave(msg->type);
	}
	n = psa_read(msg->handle, 0, buf, sizeof(buf));
	if (n > msg->out_size[0]) {
		n = msg->out_size[0];
	}
	psa_write(msg->handle, 0, buf, n);
	return PSA_SUCCESS;
}

static psa_status_t faulty_sfn(const psa_msg_t *msg)
{
	return serve(msg);
}

static void faulty_main(void)
{
	psa_msg_t msg;

	for (;;) {
		psa_wait(0x10, PSA_BLOCK);
		if (psa_get(0x10, &msg) == PSA_SUCCESS) {
			psa_reply(msg.handle, serve(&msg));
		}
	}
}

static const struct spm_service_desc sfn_svcs[] = {
        {.name = "FAULTY",
         .sid = 0x5000,
         .signal = 0x10,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 1,
         .sfn = faulty_sfn},
};
static const struct spm_service_desc ipc_svcs[] = {
        {.name = "FAULTY_IPC",
         .sid = 0x5001,
         .signal = 0x10,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 2},
};
static const uint32_t ipc_deps[] = {0x5000};
static const struct spm_partition_desc parts[] = {
        {.name = "SP_FAULTY",
         .pid = 500,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .model = SPM_MODEL_SFN,
         .stack_size = 4096,
         .services = sfn_svcs,
         .n_services = 1},
        {.name = "SP_FAULTY_IPC",
         .pid = 501,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_APPLICATION_ROT,
         .model = SPM_MODEL_IPC,
         .entry_point = faulty_main,
         .stack_size = 4096,
         .services = ipc_svcs,
         .n_services = 1,
         .dependencies = ipc_deps,
         .n_dependencies = 1},
};
static const struct spm_load_table table_ipc = {SPM_LOAD_TABLE_VERSION, 2,
                                                parts};
static const struct spm_load_table table_sfn = {SPM_LOAD_TABLE_VERSION, 1,
                                                parts};

static int boot(void **state)
{
	/*
	 * These faults are deliberate; Valgrind's memcheck reports each one
	 * as an invalid access, which is what it is there for. So under
	 * memcheck the cases skip themselves (see the runs without it).
	 */
	if (RUNNING_ON_VALGRIND) {
		return 0;
	}
	return fixture_boot(state, &table_ipc, &table_sfn);
}

static psa_status_t last;

static void ns_call(void *arg)
{
	int32_t op = (int32_t)(intptr_t)arg;
	bool ipc = spmsim_backend() == SPMSIM_BACKEND_IPC;

	last = psa_call(ipc ? H_FAULTY_IPC : H_FAULTY, op, NULL, 0, NULL, 0);
}

/** Skips a deliberate fault under Valgrind (see boot()). */
static void skip_under_valgrind(void)
{
	if (RUNNING_ON_VALGRIND) {
		skip();
	}
}

/** The partition a non-secure call reaches on the case's backend. */
static const char *service_partition(void)
{
	return spmsim_backend() == SPMSIM_BACKEND_IPC ? "SP_FAULTY_IPC"
	                                              : "SP_FAULTY";
}

/** The misbehaviour @arg run by the non-secure side itself. */
static void ns_op(void *arg)
{
	last = misbehave((int32_t)(intptr_t)arg);
}

/** A good call works (the process and the system live on). */
static void call_works(void)
{
	assert_int_equal(spmsim_run_ns(ns_call, (void *)(intptr_t)OP_OK),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(last, PSA_SUCCESS);
}

/**
 * Runs @fn(@op) as the non-secure side; expects a panic of @partition and
 * one reset, then a good call.
 */
static struct spmsim_panic panic_of(void (*fn)(void *), int32_t op,
                                    const char *partition)
{
	struct spmsim_counters before, after;
	struct spmsim_panic p;

	skip_under_valgrind();
	spmsim_get_counters(&before);
	assert_int_equal(spmsim_run_ns(fn, (void *)(intptr_t)op),
	                 SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_string_equal(p.partition, partition);
	spmsim_get_counters(&after);
	assert_int_equal(after.resets, before.resets + 1);
	assert_int_equal(after.panics, before.panics + 1);
	call_works();
	return p;
}

/** Runs @op, expects a fault of the service's partition, then a good call. */
static struct spmsim_panic fault_of(int32_t op)
{
	struct spmsim_panic p = panic_of(ns_call, op, service_partition());

	assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
	assert_string_equal(p.fault.type, "MemManage");
	return p;
}

static void test_stack_overflow_hits_the_guard_page(void **state)
{
	struct spmsim_panic p = fault_of(OP_OVERFLOW);

	(void)state;
	assert_string_equal(p.fault.access, "write");
	assert_non_null(strstr(p.fault.region, "guard page"));
}

static void test_null_pointer_write(void **state)
{
	struct spmsim_panic p = fault_of(OP_NULL_WRITE);

	(void)state;
	assert_int_equal(p.fault.address, 8);
	assert_string_equal(p.fault.access, "write");
	assert_non_null(strstr(p.fault.region, "null page"));
}

static void test_jump_into_data(void **state)
{
	struct spmsim_panic p = fault_of(OP_JUMP_TO_DATA);

	(void)state;
	/* Constants lie in the shared image: reported at their simulated
	 * address there, the host address beside it. */
	assert_int_equal(p.fault.host_address, (uintptr_t)not_code);
	assert_in_range(p.fault.address, 0x28000000u, 0x2FFFFFFFu);
	assert_non_null(strstr(p.fault.region, "code"));
	assert_string_equal(p.fault.access, "execute");
}

static void ns_null_read(void *arg)
{
	(void)arg;
	last = *(volatile int *)(small_address + 8);
}

static void test_non_secure_fault_is_recorded(void **state)
{
	struct spmsim_panic p;

	(void)state;
	skip_under_valgrind();
	assert_int_equal(spmsim_run_ns(ns_null_read, NULL), SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
	assert_string_equal(p.partition, "non-secure");
	assert_string_equal(p.fault.access, "read");
}

/** The kinds and details of a traced run's events, in order. */
static struct {
	enum spmsim_trace_kind kind;
	char track[24], name[24], detail[128];
	uint64_t address;
} ev[256];
static unsigned n_ev;

static void record(const struct spmsim_trace_event *e, void *arg)
{
	(void)arg;
	if (n_ev < sizeof(ev) / sizeof(ev[0])) {
		ev[n_ev].kind = e->kind;
		ev[n_ev].address = e->address;
		snprintf(ev[n_ev].track, sizeof(ev[0].track), "%s", e->track);
		snprintf(ev[n_ev].name, sizeof(ev[0].name), "%s",
		         e->name != NULL ? e->name : "");
		snprintf(ev[n_ev].detail, sizeof(ev[0].detail), "%s",
		         e->detail != NULL ? e->detail : "");
		n_ev++;
	}
}

/** A fault is traced (simulated address), then the panic and the reset. */
static void test_fault_traced(void **state)
{
	unsigned i = 0;

	(void)state;
	skip_under_valgrind();
	n_ev = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	assert_int_equal(
	        spmsim_run_ns(ns_call, (void *)(intptr_t)OP_NULL_WRITE),
	        SPMSIM_EXIT_RESET);
	spmsim_trace_remove_sink(record, NULL);
	while (i < n_ev && ev[i].kind != SPMSIM_TRACE_FAULT) {
		i++;
	}
	assert_true(i + 2 < n_ev);
	assert_string_equal(ev[i].name, "MemManage");
	assert_string_equal(ev[i].track, spmsim_backend() == SPMSIM_BACKEND_IPC
	                                         ? "SP_FAULTY_IPC"
	                                         : "SP_FAULTY");
	assert_non_null(strstr(ev[i].detail, "write, the null page"));
	/* The null page is the null page on the board too. */
	assert_int_equal(ev[i].address, 8);
	assert_int_equal(ev[i + 1].kind, SPMSIM_TRACE_PANIC);
	assert_string_equal(ev[i + 1].name, "MemManage");
	assert_int_equal(ev[i + 2].kind, SPMSIM_TRACE_RESET);
	assert_string_equal(ev[i + 2].detail, "panic");
}

/* ------------------------------------------- the process is not ended */

/**
 * @op in the service, then in non-secure code: a panic of each with
 * @cause, @api and a rule holding @rule; the process lives on.
 */
static void ends_in_panic(int32_t op, enum spmsim_panic_cause cause,
                          const char *api, const char *rule)
{
	const char *who[2] = {service_partition(), "non-secure"};
	void (*fn[2])(void *) = {ns_call, ns_op};

	for (int i = 0; i < 2; i++) {
		struct spmsim_panic p = panic_of(fn[i], op, who[i]);

		assert_int_equal(p.cause, cause);
		assert_string_equal(p.api, api);
		assert_non_null(strstr(p.rule, rule));
		if (cause == SPMSIM_PANIC_FAULT) {
			assert_string_equal(p.fault.type, api);
			assert_string_equal(p.fault.access, "execute");
			assert_non_null(strstr(p.fault.region, "code"));
		}
	}
}

static void test_undefined_instruction_is_a_usage_fault(void **state)
{
	(void)state;
	ends_in_panic(OP_TRAP, SPMSIM_PANIC_FAULT, "UsageFault", "UNDEFINSTR");
}

static void test_division_by_zero_is_a_usage_fault(void **state)
{
	(void)state;
	ends_in_panic(OP_DIV_ZERO, SPMSIM_PANIC_FAULT, "UsageFault",
	              "DIVBYZERO");
}

/** A breakpoint with no debugger (SIGTRAP; under gdb, gdb takes it). */
static void test_breakpoint_is_a_hard_fault(void **state)
{
	(void)state;
	ends_in_panic(OP_BREAKPOINT, SPMSIM_PANIC_FAULT, "HardFault",
	              "breakpoint");
}

static void test_abort_panics(void **state)
{
	(void)state;
	ends_in_panic(OP_ABORT, SPMSIM_PANIC_ABORT, "abort", "abort()");
}

static void test_failed_assert_panics_with_its_text(void **state)
{
	(void)state;
	ends_in_panic(OP_ASSERT, SPMSIM_PANIC_ABORT, "assert",
	              "assert(zero == 1) failed");
}

static void test_exit_panics(void **state)
{
	(void)state;
	ends_in_panic(OP_EXIT, SPMSIM_PANIC_ABORT, "exit", "exit(3)");
	ends_in_panic(OP__EXIT, SPMSIM_PANIC_ABORT, "_exit", "_exit(4)");
}

static void test_raised_signal_panics_the_raiser(void **state)
{
	(void)state;
	ends_in_panic(OP_RAISE_RT, SPMSIM_PANIC_ABORT, "signal", "SIGRTMIN+10");
	ends_in_panic(OP_KILL_USR1, SPMSIM_PANIC_ABORT, "signal", "SIGUSR1");
	ends_in_panic(OP_KILL_SELF, SPMSIM_PANIC_ABORT, "signal", "SIGKILL");
}

static void test_pthread_exit_panics(void **state)
{
	(void)state;
	ends_in_panic(OP_PTHREAD_EXIT, SPMSIM_PANIC_ABORT, "pthread_exit",
	              "pthread_exit()");
}

/* ------------------------------------- frames far past the stack's end */

/** Boots at isolation level @level, halting on a panic. */
static int boot_at(void **state, unsigned level)
{
	enum spmsim_backend b = fixture_backend(state);
	struct spmsim_config cfg = {
	        .backend = b,
	        .table = b == SPMSIM_BACKEND_SFN ? &table_sfn : &table_ipc,
	        .isolation_level = level,
	        .panic_policy = SPMSIM_PANIC_HALT,
	};

	if (RUNNING_ON_VALGRIND) {
		return 0; /* see boot() */
	}
	return spmsim_boot(&cfg) == PSA_SUCCESS ? 0 : -1;
}

static int boot_level1(void **state)
{
	return boot_at(state, 1);
}

static int boot_level2(void **state)
{
	return boot_at(state, 2);
}

static int boot_level3(void **state)
{
	return boot_at(state, 3);
}

/**
 * Runs @fn(@op), a frame far larger than the stack; expects a stack
 * overflow of @partition, caught where the frame's first write landed:
 * in the gap below the stack that overflowed, so nothing was written,
 * and nobody else's stack (the stack below it on the host) was touched.
 */
static void overflows_into_own_gap(void (*fn)(void *), int32_t op,
                                   const char *partition)
{
	struct spmsim_panic p;
	const struct arch_context *own;
	char want[96];

	landing = 0;
	assert_int_equal(spmsim_run_ns(fn, (void *)(intptr_t)op),
	                 SPMSIM_EXIT_HALTED);
	assert_true(spmsim_last_panic(&p));
	assert_int_equal(p.cause, SPMSIM_PANIC_FAULT);
	assert_string_equal(p.fault.type, "MemManage");
	assert_string_equal(p.partition, partition);
	snprintf(want, sizeof(want),
	         "the guard page below %s's stack (stack overflow)", partition);
	assert_string_equal(p.fault.region, want);
	/*
	 * The region says the address lay in the running context's gap. It
	 * is the frame's first write: its lowest byte (under AddressSanitizer
	 * the header ASan keeps at the bottom of a frame, written before).
	 */
	if (landing != 0) {
		assert_int_equal(p.fault.host_address, landing);
	}
	if (spmsim_backend() == SPMSIM_BACKEND_IPC) {
		/* Its contexts outlive a halt: look again. */
		own = arch_context_at((const void *)p.fault.host_address);
		assert_non_null(own);
		assert_true(arch_context_in_guard(
		        own, (const void *)p.fault.host_address));
	}
	if (strcmp(partition, "SP_FAULTY_IPC") == 0) {
		assert_ptr_equal(own, arch_context_at(spmsim_area_address(
		                              SPMSIM_AREA_STACK, partition)));
	}
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	call_works();
}

static void test_big_frame_is_a_stack_overflow(void **state)
{
	(void)state;
	skip_under_valgrind();
	overflows_into_own_gap(ns_call, OP_BIG_FRAME, service_partition());
	overflows_into_own_gap(ns_call, OP_BIG_ALLOCA, service_partition());
	overflows_into_own_gap(ns_op, OP_BIG_FRAME, "non-secure");
	overflows_into_own_gap(ns_op, OP_BIG_ALLOCA, "non-secure");
}

/*
 * A frame larger than the whole gap would jump it; probing each page of
 * it on the way down still makes it a stack overflow of its owner, with
 * nobody else's memory written.
 */
static void test_huge_frame_is_a_stack_overflow(void **state)
{
	(void)state;
	skip_under_valgrind();
	overflows_into_own_gap(ns_call, OP_HUGE_FRAME, service_partition());
	overflows_into_own_gap(ns_call, OP_HUGE_ALLOCA, service_partition());
	overflows_into_own_gap(ns_op, OP_HUGE_FRAME, "non-secure");
	overflows_into_own_gap(ns_op, OP_HUGE_ALLOCA, "non-secure");
}

/* ------------------------------- a vector the host does not map at all */

static const uintptr_t unmapped[] = {
        UNMAPPED,
#if UINTPTR_MAX > 0xFFFFFFFFu
        (uintptr_t)0xdead00000000u,     /* canonical, never mapped */
        (uintptr_t)0x8000000000000000u, /* not canonical */
#endif
};

/** A call of @op whose in_vec[0] is at @in, out_vec[0] at the global out. */
static uint8_t out[8];
static void *out_base = out;

static void vector_call(int32_t op, const void *in_base)
{
	psa_invec in = {in_base, 4};
	psa_outvec o = {out_base, sizeof(out)};
	bool ipc = spmsim_backend() == SPMSIM_BACKEND_IPC;

	last = psa_call(ipc ? H_FAULTY_IPC : H_FAULTY, op, &in, 1, &o, 1);
}

static void ns_vector_call(void *arg)
{
	vector_call(OP_READ, arg);
}

/** A call whose in_vec array itself lies at @arg. */
static void ns_array_call(void *arg)
{
	bool ipc = spmsim_backend() == SPMSIM_BACKEND_IPC;

	last = psa_call(ipc ? H_FAULTY_IPC : H_FAULTY, OP_READ, arg, 1, NULL,
	                0);
}

static void ns_vanishing_call(void *arg)
{
	(void)arg;
	vector_call(OP_VANISH, vanishing);
}

/** @fn(@arg): PROGRAMMER_ERROR for the caller, no panic. */
static void refused_without_panic(void (*fn)(void *), void *arg)
{
	struct spmsim_counters c;
	struct spmsim_panic p;

	last = PSA_SUCCESS;
	assert_int_equal(spmsim_run_ns(fn, arg), SPMSIM_EXIT_RETURNED);
	assert_int_equal(last, PSA_ERROR_PROGRAMMER_ERROR);
	assert_false(spmsim_last_panic(&p));
	spmsim_get_counters(&c);
	assert_int_equal(c.panics, 0);
	assert_int_equal(c.resets, 0);
}

static void test_unmapped_vector_is_the_callers_error(void **state)
{
	static const char data[4] = "abc";
	long page = sysconf(_SC_PAGESIZE);
	void *readonly;

	(void)state;
	skip_under_valgrind();
	for (size_t i = 0; i < sizeof(unmapped) / sizeof(unmapped[0]); i++) {
		/* The vector, then the vector array itself. */
		refused_without_panic(ns_vector_call, (void *)unmapped[i]);
		refused_without_panic(ns_array_call, (void *)unmapped[i]);
	}
	/* An output vector the host maps read-only. */
	readonly = mmap(NULL, (size_t)page, PROT_READ,
	                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(readonly != MAP_FAILED);
	out_base = readonly;
	refused_without_panic(ns_vector_call, (void *)data);
	out_base = out;
	munmap(readonly, (size_t)page);
	/* The same call with good vectors goes through. */
	assert_int_equal(spmsim_run_ns(ns_vector_call, (void *)data),
	                 SPMSIM_EXIT_RETURNED);
	assert_int_equal(last, PSA_SUCCESS);
	assert_string_equal((const char *)out, "abc");
}

/**
 * A vector unmapped after the check, while the service reads it: the
 * SPM's copy faults, and the client is panicked, not the service. (When
 * the pointer rules refuse a page mmap() gave the client in the first
 * place, the call never reaches the service: PROGRAMMER_ERROR, which is
 * fine too; never a panic of the service.)
 */
static void test_vector_unmapped_mid_call_is_the_clients(void **state)
{
	long page = sysconf(_SC_PAGESIZE);
	struct spmsim_panic p;
	enum spmsim_exit exit;

	(void)state;
	skip_under_valgrind();
	vanishing = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE,
	                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(vanishing != MAP_FAILED);
	last = PSA_SUCCESS;
	exit = spmsim_run_ns(ns_vanishing_call, NULL);
	if (exit == SPMSIM_EXIT_RETURNED) {
		assert_int_equal(last, PSA_ERROR_PROGRAMMER_ERROR);
		assert_false(spmsim_last_panic(&p));
		munmap(vanishing, (size_t)page);
		return;
	}
	assert_int_equal(exit, SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_string_equal(p.partition, "non-secure");
	assert_int_equal(p.cause, SPMSIM_PANIC_PROGRAMMER_ERROR);
	assert_string_equal(p.api, "psa_call");
	assert_non_null(strstr(p.rule, "no longer maps"));
	call_works();
}

/** A secure caller's unmapped vector panics it, not the service. */
static void test_unmapped_vector_of_secure_caller_panics_it(void **state)
{
	struct spmsim_panic p =
	        panic_of(ns_call, OP_CALL_BAD_VECTOR, "SP_FAULTY_IPC");

	(void)state;
	assert_int_equal(p.cause, SPMSIM_PANIC_PROGRAMMER_ERROR);
	assert_string_equal(p.api, "psa_call");
}

#define BOTH(fn) FIXTURE_BOTH(boot, fn)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        BOTH(test_stack_overflow_hits_the_guard_page),
	        BOTH(test_null_pointer_write),
	        BOTH(test_jump_into_data),
	        BOTH(test_non_secure_fault_is_recorded),
	        BOTH(test_fault_traced),
	        BOTH(test_undefined_instruction_is_a_usage_fault),
	        BOTH(test_division_by_zero_is_a_usage_fault),
	        BOTH(test_breakpoint_is_a_hard_fault),
	        BOTH(test_abort_panics),
	        BOTH(test_failed_assert_panics_with_its_text),
	        BOTH(test_exit_panics),
	        BOTH(test_raised_signal_panics_the_raiser),
	        BOTH(test_pthread_exit_panics),
	        FIXTURE_BOTH(boot_level1, test_big_frame_is_a_stack_overflow),
	        FIXTURE_ON(boot_level2, SPMSIM_BACKEND_IPC,
	                   test_big_frame_is_a_stack_overflow),
	        FIXTURE_ON(boot_level3, SPMSIM_BACKEND_IPC,
	                   test_big_frame_is_a_stack_overflow),
	        FIXTURE_BOTH(boot_level1, test_huge_frame_is_a_stack_overflow),
	        FIXTURE_ON(boot_level2, SPMSIM_BACKEND_IPC,
	                   test_huge_frame_is_a_stack_overflow),
	        FIXTURE_ON(boot_level3, SPMSIM_BACKEND_IPC,
	                   test_huge_frame_is_a_stack_overflow),
	        BOTH(test_unmapped_vector_is_the_callers_error),
	        BOTH(test_vector_unmapped_mid_call_is_the_clients),
	        FIXTURE_ON(boot, SPMSIM_BACKEND_IPC,
	                   test_unmapped_vector_of_secure_caller_panics_it),
	};

	return cmocka_run_group_tests_name("faults", tests, NULL, NULL);
}
