/*
 * Hostile callers against the isolation, at levels 1 to 3 under the IPC
 * backend and level 1 under SFN, in both protection modes (trap and check),
 * from non-secure code and from an application-RoT partition (A), against a
 * PSA-RoT partition (P) that keeps a secret in its own data:
 *  (a) P asked to write into the simulator's own state (the SAU model's
 *      control word, page protection's switch, the memory check's
 *      remembered answers) through an output vector: PROGRAMMER_ERROR for
 *      the non-secure caller, a panic of A, the state unchanged and P's
 *      secret still out of reach afterwards;
 *  (b) stores to that state from non-secure code and from A (unprivileged:
 *      levels 2 and 3) fault (trap mode);
 *  (c) the exported functions that change page protection, called from
 *      that code, open nothing: the read of P's secret after them never
 *      happens (trap mode);
 *  (d) a vector whose first and last bytes lie in non-secure memory but
 *      which spans secure memory (P's secret) is refused;
 *  (e) a second non-secure thread flipping the base of a vector while the
 *      first calls P never makes P echo its secret;
 * and the non-secure side's heap is non-secure memory while allocated.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/valgrind.h>

#include "arch.h"
#include "isolation.h"
#include "load_table.h"
#include "protect.h"
#include "psa/client.h"
#include "psa/service.h"
#include "sim_memory.h"
#include "spmsim/spmsim.h"

#define SECRET_BYTE 0xC5
#define PLAIN_BYTE  0x3C
#define FILL_BYTE   0x11
#define BUF_SIZE    64

/* Each partition's globals in the sections the build gives partitions. */
#define DATA_OF(p) __attribute__((section("spmsim_data_" #p), used))
static volatile unsigned char p_secret[BUF_SIZE] DATA_OF(SP_P) = {
        [0 ... BUF_SIZE - 1] = SECRET_BYTE};
static unsigned char a_buf[BUF_SIZE] DATA_OF(SP_A) = {1};

#define BOUNDS(p)                                                              \
	extern char __start_spmsim_data_##p[], __stop_spmsim_data_##p[]
BOUNDS(SP_A);
BOUNDS(SP_P);
const struct sim_memory_region spmsim_memory_table[] = {
        {"SP_A", __start_spmsim_data_SP_A, __stop_spmsim_data_SP_A, 0, 0},
        {"SP_P", __start_spmsim_data_SP_P, __stop_spmsim_data_SP_P, 0, 0},
        {0},
};

/* Non-secure globals: one in .data (below the linker fragment's secure
 * areas), one in .bss (above them). */
static volatile unsigned char ns_low[16] = {1};
static volatile unsigned char ns_high[16];

enum { OP_FILL = 1, OP_ECHO = 2, OP_ATTACK = 3 };
enum { ATK_OUT, ATK_IN, ATK_STORE, ATK_SWITCH };
#define SIG     0x10u
#define P_H     ((psa_handle_t)0x40000100)
#define A_H     ((psa_handle_t)0x40000101)
#define N_SWTCH 7

/** What A is asked to do with its own code. */
struct attack {
	int32_t kind;
	int32_t fn;
	uintptr_t addr;
	size_t len;
};

/** A store of the byte already there: changes nothing when it goes through. */
__attribute__((noinline, no_sanitize_address)) static void
store_same(uintptr_t addr)
{
	volatile unsigned char *p = (volatile unsigned char *)addr;

	*p = *p;
}

/** A raw read of P's secret, as a stray load would make it. */
__attribute__((noinline, no_sanitize_address)) static unsigned char
read_secret(void)
{
	return p_secret[0];
}

/** Calls exported function @fn that changes page protection. */
static void call_switch(int fn)
{
	switch (fn) {
	case 0:
		(void)sim_protect_enter_spm();
		break;
	case 1:
		(void)sim_protect_fault();
		break;
	case 2:
		sim_isolation_enter_spm();
		break;
	case 3:
		sim_protect_activate(SIM_PROTECT_SPM);
		break;
	case 4:
		sim_protect_reset(false);
		break;
	case 5:
		sim_isolation_release();
		break;
	default:
		/* Keeps the area holding the "stack" accessible. */
		sim_protect_leave_spm_on((const void *)p_secret);
		break;
	}
}

/* ------------------------------------------------------------ P and A */

/** P: OP_FILL writes FILL_BYTEs; OP_ECHO skips in[1]'s count, echoes. */
static psa_status_t p_serve(const psa_msg_t *msg)
{
	unsigned char buf[BUF_SIZE];
	size_t n, skip = 0;

	if (msg->type == OP_FILL) {
		memset(buf, FILL_BYTE, sizeof(buf));
		n = msg->out_size[0] < sizeof(buf) ? msg->out_size[0]
		                                   : sizeof(buf);
		psa_write(msg->handle, 0, buf, n);
		return PSA_SUCCESS;
	}
	if (msg->type != OP_ECHO) {
		return PSA_ERROR_NOT_SUPPORTED;
	}
	if (msg->in_size[1] == sizeof(skip)) {
		(void)psa_read(msg->handle, 1, &skip, sizeof(skip));
		(void)psa_skip(msg->handle, 0, skip);
	}
	n = psa_read(msg->handle, 0, buf, sizeof(buf));
	psa_write(msg->handle, 0, buf,
	          n < msg->out_size[0] ? n : msg->out_size[0]);
	return PSA_SUCCESS;
}

/** A: the attack its NS client asks for; SUCCESS when it got through. */
static psa_status_t a_serve(const psa_msg_t *msg)
{
	struct attack k;
	psa_invec in;
	psa_outvec out;

	if (psa_read(msg->handle, 0, &k, sizeof(k)) != sizeof(k)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	switch (k.kind) {
	case ATK_OUT:
		out = (psa_outvec){(void *)k.addr, k.len};
		return psa_call(P_H, OP_FILL, NULL, 0, &out, 1);
	case ATK_IN:
		in = (psa_invec){(const void *)k.addr, k.len};
		out = (psa_outvec){a_buf, sizeof(a_buf)};
		return psa_call(P_H, OP_ECHO, &in, 1, &out, 1);
	case ATK_STORE:
		store_same(k.addr);
		return PSA_SUCCESS;
	default:
		call_switch(k.fn);
		a_buf[0] = read_secret();
		return PSA_SUCCESS;
	}
}

/** An IPC partition's loop around @serve. */
static void ipc_loop(psa_status_t (*serve)(const psa_msg_t *))
{
	psa_msg_t msg;

	for (;;) {
		psa_wait(SIG, PSA_BLOCK);
		if (psa_get(SIG, &msg) == PSA_SUCCESS) {
			psa_reply(msg.handle,
			          msg.type >= 0 ? serve(&msg) : PSA_SUCCESS);
		}
	}
}

static void p_main(void)
{
	ipc_loop(p_serve);
}

static void a_main(void)
{
	ipc_loop(a_serve);
}

static const uint32_t a_deps[] = {0x7000};
#define SVC(n, s, i, f)                                                        \
	{                                                                      \
		.name = n, .sid = s, .signal = SIG, .version = 1,              \
		.non_secure_clients = true, .stateless_index = i, .sfn = f     \
	}
static const struct spm_service_desc p_svc[] = {SVC("P", 0x7000, 1, NULL)};
static const struct spm_service_desc a_svc[] = {SVC("A", 0x7001, 2, NULL)};
static const struct spm_service_desc p_sfn[] = {SVC("P", 0x7000, 1, p_serve)};
static const struct spm_service_desc a_sfn[] = {SVC("A", 0x7001, 2, a_serve)};
#define PART(n, id, t, m, entry, svc, deps, nd)                                \
	{                                                                      \
		.name = n, .pid = id, .ffm_version = SPM_FFM_VERSION_1_1,      \
		.type = t, .model = m, .entry_point = entry,                   \
		.stack_size = 8192, .services = svc, .n_services = 1,          \
		.dependencies = deps, .n_dependencies = nd                     \
	}
static const struct spm_partition_desc ipc_parts[] = {
        PART("SP_A", 700, SPM_PARTITION_APPLICATION_ROT, SPM_MODEL_IPC, a_main,
             a_svc, a_deps, 1),
        PART("SP_P", 701, SPM_PARTITION_PSA_ROT, SPM_MODEL_IPC, p_main, p_svc,
             NULL, 0),
};
static const struct spm_partition_desc sfn_parts[] = {
        PART("SP_A", 700, SPM_PARTITION_APPLICATION_ROT, SPM_MODEL_SFN, NULL,
             a_sfn, a_deps, 1),
        PART("SP_P", 701, SPM_PARTITION_PSA_ROT, SPM_MODEL_SFN, NULL, p_sfn,
             NULL, 0),
};
static const struct spm_load_table ipc_table = {SPM_LOAD_TABLE_VERSION, 2,
                                                ipc_parts};
static const struct spm_load_table sfn_table = {SPM_LOAD_TABLE_VERSION, 2,
                                                sfn_parts};

/* ------------------------------------------------------ configurations */

struct config {
	enum spmsim_backend backend;
	unsigned level;
	enum spmsim_protection mode;
};

static const struct config configs[] = {
        {SPMSIM_BACKEND_IPC, 1, SPMSIM_PROTECTION_TRAP},
        {SPMSIM_BACKEND_IPC, 2, SPMSIM_PROTECTION_TRAP},
        {SPMSIM_BACKEND_IPC, 3, SPMSIM_PROTECTION_TRAP},
        {SPMSIM_BACKEND_SFN, 1, SPMSIM_PROTECTION_TRAP},
        {SPMSIM_BACKEND_IPC, 1, SPMSIM_PROTECTION_CHECK},
        {SPMSIM_BACKEND_IPC, 2, SPMSIM_PROTECTION_CHECK},
        {SPMSIM_BACKEND_IPC, 3, SPMSIM_PROTECTION_CHECK},
        {SPMSIM_BACKEND_SFN, 1, SPMSIM_PROTECTION_CHECK},
};
#define N_CONFIGS (sizeof(configs) / sizeof(configs[0]))

/** The configuration under test, for failure messages. */
static const struct config *now;

static void boot(const struct config *c)
{
	struct spmsim_config cfg = {.table = c->backend == SPMSIM_BACKEND_SFN
	                                             ? &sfn_table
	                                             : &ipc_table,
	                            .backend = c->backend,
	                            .isolation_level = c->level,
	                            .protection = c->mode};

	now = c;
	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
}

static bool trap(void)
{
	return now->mode == SPMSIM_PROTECTION_TRAP;
}

/** Prints the configuration a failing assertion ran under. */
static void where(void)
{
	print_message("# %s, level %u, %s mode\n",
	              spmsim_backend_name(now->backend), now->level,
	              trap() ? "trap" : "check");
}

/* ------------------------------------------------- non-secure code */

/** One job of non-secure code, and what came of it. */
struct job {
	int what;
	struct attack k;
	psa_status_t status;
	bool done;
	unsigned char out[BUF_SIZE];
};

enum {
	NS_FILL_AT,
	NS_ECHO_FROM,
	NS_ECHO_SPAN,
	NS_FILL_SPAN,
	NS_STORE,
	NS_SWITCH,
	NS_ASK_A
};

/** The vectors that span from ns_low over the secure areas to ns_high. */
static size_t span_len(void)
{
	return (size_t)((uintptr_t)ns_high + sizeof(ns_high) -
	                (uintptr_t)ns_low);
}

static void ns_job(void *arg)
{
	struct job *j = arg;
	size_t skip = (size_t)((uintptr_t)p_secret - (uintptr_t)ns_low);
	psa_invec in[2] = {{(const void *)j->k.addr, j->k.len},
	                   {&skip, sizeof(skip)}};
	psa_outvec out = {(void *)j->k.addr, j->k.len};
	psa_outvec mine = {j->out, sizeof(j->out)};

	switch (j->what) {
	case NS_FILL_AT:
		j->status = psa_call(P_H, OP_FILL, NULL, 0, &out, 1);
		break;
	case NS_ECHO_FROM:
		j->status = psa_call(P_H, OP_ECHO, in, 1, &mine, 1);
		break;
	case NS_ECHO_SPAN:
		in[0] = (psa_invec){(const void *)ns_low, span_len()};
		j->status = psa_call(P_H, OP_ECHO, in, 2, &mine, 1);
		break;
	case NS_FILL_SPAN:
		out = (psa_outvec){(void *)ns_low, span_len()};
		j->status = psa_call(P_H, OP_FILL, NULL, 0, &out, 1);
		break;
	case NS_STORE:
		store_same(j->k.addr);
		break;
	case NS_SWITCH:
		call_switch(j->k.fn);
		j->out[0] = read_secret();
		break;
	default:
		in[0] = (psa_invec){&j->k, sizeof(j->k)};
		j->status = psa_call(A_H, OP_ATTACK, in, 1, NULL, 0);
		break;
	}
	j->done = true;
}

/** Runs @j as non-secure code; the run's exit. */
static enum spmsim_exit run(struct job *j)
{
	j->done = false;
	j->status = PSA_SUCCESS;
	memset(j->out, 0, sizeof(j->out));
	return spmsim_run_ns(ns_job, j);
}

/** True when @buf holds a byte of P's secret. */
static bool leaked(const void *buf, size_t n)
{
	return memchr(buf, SECRET_BYTE, n) != NULL;
}

/** Asserts the last run ended in a panic of @who for @cause. */
static void assert_panic(enum spmsim_exit e, const char *who,
                         enum spmsim_panic_cause cause)
{
	struct spmsim_panic p;

	if (e != SPMSIM_EXIT_RESET || !spmsim_last_panic(&p) ||
	    strcmp(p.partition, who) != 0 || p.cause != cause) {
		where();
		print_message("# exit %s, want a panic of %s (cause %d)\n",
		              spmsim_exit_name(e), who, (int)cause);
	}
	assert_int_equal(e, SPMSIM_EXIT_RESET);
	assert_true(spmsim_last_panic(&p));
	assert_string_equal(p.partition, who);
	assert_int_equal(p.cause, cause);
}

/** Asserts a non-secure call came back refused as a programmer error. */
static void assert_refused(enum spmsim_exit e, const struct job *j)
{
	if (e != SPMSIM_EXIT_RETURNED ||
	    j->status != PSA_ERROR_PROGRAMMER_ERROR) {
		where();
	}
	assert_int_equal(e, SPMSIM_EXIT_RETURNED);
	assert_true(j->done);
	assert_int_equal(j->status, PSA_ERROR_PROGRAMMER_ERROR);
}

/* --------------------------------------------- the simulator's state */

/** A piece of the simulator's state, as a target. */
struct target {
	const char *name;
	uintptr_t addr;
	size_t len;
};

/** The simulator's state the attacks aim at. */
static void targets(struct target t[3])
{
	size_t n;
	const void *v = sim_isolation_verdicts(&n);

	t[0] = (struct target){"the SAU's control word",
	                       (uintptr_t)sim_isolation_sau_ctrl(), 4};
	t[1] = (struct target){"page protection's switch",
	                       (uintptr_t)&sim_protect_enforcing,
	                       sizeof(sim_protect_enforcing)};
	t[2] = (struct target){"the memory check's answers", (uintptr_t)v,
	                       n < 32 ? n : 32};
}

/** True when P's fill pattern covers the whole of @t. */
static bool filled(const struct target *t)
{
	const unsigned char *p = (const unsigned char *)t->addr;

	for (size_t i = 0; i < t->len; i++) {
		if (p[i] != FILL_BYTE) {
			return false;
		}
	}
	return true;
}

/** After an attack: P's secret still out of the non-secure side's reach. */
static void assert_still_isolated(void)
{
	struct job j = {.what = NS_ECHO_FROM,
	                .k = {.addr = (uintptr_t)p_secret, .len = BUF_SIZE}};
	enum spmsim_exit e = run(&j);

	assert_refused(e, &j);
	assert_false(leaked(j.out, sizeof(j.out)));
}

/** (a) from non-secure code and from A, in the booted configuration. */
static void outvec_into_state(void)
{
	struct target t[3];

	targets(t);
	for (int i = 0; i < 3; i++) {
		unsigned char before[32];
		struct job j = {.what = NS_FILL_AT,
		                .k = {.addr = t[i].addr, .len = t[i].len}};
		enum spmsim_exit e;

		memcpy(before, (const void *)t[i].addr, t[i].len);
		e = run(&j);
		assert_refused(e, &j);
		if (i < 2) {
			assert_memory_equal(before, (const void *)t[i].addr,
			                    t[i].len);
		}
		assert_false(filled(&t[i]));
		/* The same aim from an application-RoT partition. */
		j = (struct job){.what = NS_ASK_A,
		                 .k = {.kind = ATK_OUT,
		                       .addr = t[i].addr,
		                       .len = t[i].len}};
		e = run(&j);
		assert_panic(e, "SP_A", SPMSIM_PANIC_PROGRAMMER_ERROR);
		if (i < 2) {
			assert_memory_equal(before, (const void *)t[i].addr,
			                    t[i].len);
		}
		assert_false(filled(&t[i]));
		assert_still_isolated();
	}
}

static void test_outvec_into_simulator_state(void **state)
{
	(void)state;
	for (size_t c = 0; c < N_CONFIGS; c++) {
		boot(&configs[c]);
		outvec_into_state();
		spmsim_shutdown();
	}
}

/** True when A runs unprivileged (its stores to the state must fault). */
static bool a_unprivileged(void)
{
	return now->level > 1;
}

static void test_stores_to_simulator_state_fault(void **state)
{
	struct target t[3];
	struct spmsim_panic p;

	(void)state;
	for (size_t c = 0; c < N_CONFIGS; c++) {
		if (configs[c].mode != SPMSIM_PROTECTION_TRAP) {
			continue;
		}
		boot(&configs[c]);
		targets(t);
		for (int i = 0; i < 3; i++) {
			struct job j = {.what = NS_STORE,
			                .k = {.addr = t[i].addr}};

			assert_panic(run(&j), "non-secure", SPMSIM_PANIC_FAULT);
			assert_false(j.done);
			assert_true(spmsim_last_panic(&p));
			assert_non_null(
			        strstr(p.fault.region, "simulator state"));
			if (!a_unprivileged()) {
				/* Privileged code may program the MPU and
				 * SAU, as on a board. */
				continue;
			}
			j = (struct job){
			        .what = NS_ASK_A,
			        .k = {.kind = ATK_STORE, .addr = t[i].addr}};
			assert_panic(run(&j), "SP_A", SPMSIM_PANIC_FAULT);
		}
		assert_still_isolated();
		spmsim_shutdown();
	}
}

static void test_protection_switch_opens_nothing(void **state)
{
	(void)state;
	for (size_t c = 0; c < N_CONFIGS; c++) {
		if (configs[c].mode != SPMSIM_PROTECTION_TRAP) {
			continue;
		}
		boot(&configs[c]);
		for (int fn = 0; fn < N_SWTCH; fn++) {
			struct job j = {.what = NS_SWITCH, .k = {.fn = fn}};

			assert_panic(run(&j), "non-secure", SPMSIM_PANIC_FAULT);
			assert_false(j.done);
			assert_false(leaked(j.out, sizeof(j.out)));
			if (!a_unprivileged()) {
				continue;
			}
			j = (struct job){.what = NS_ASK_A,
			                 .k = {.kind = ATK_SWITCH, .fn = fn}};
			assert_panic(run(&j), "SP_A", SPMSIM_PANIC_FAULT);
		}
		assert_still_isolated();
		spmsim_shutdown();
	}
}

/* --------------------------------------------------------- (d) spans */

static void test_vector_spanning_secure_memory_is_refused(void **state)
{
	(void)state;
	/* The span's ends are non-secure, P's secret lies between them. */
	assert_true((uintptr_t)ns_low < (uintptr_t)p_secret);
	assert_true((uintptr_t)p_secret < (uintptr_t)ns_high);
	for (size_t c = 0; c < N_CONFIGS; c++) {
		struct job j = {.what = NS_ECHO_SPAN};

		boot(&configs[c]);
		assert_refused(run(&j), &j);
		assert_false(leaked(j.out, sizeof(j.out)));
		j = (struct job){.what = NS_FILL_SPAN};
		assert_refused(run(&j), &j);
		assert_int_equal(p_secret[0], SECRET_BYTE);
		j = (struct job){.what = NS_ASK_A,
		                 .k = {.kind = ATK_IN,
		                       .addr = (uintptr_t)ns_low,
		                       .len = span_len()}};
		assert_panic(run(&j), "SP_A", SPMSIM_PANIC_PROGRAMMER_ERROR);
		spmsim_shutdown();
	}
}

/* -------------------------------------------------- (e) double fetch */

static psa_invec flip_in;
static unsigned char ns_plain[BUF_SIZE];
static atomic_bool flip_stop;

/** Flips flip_in.base between ns_plain and P's secret until told. */
static void *flipper(void *arg)
{
	volatile psa_invec *v = &flip_in;
	sigset_t all;

	(void)arg;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	while (!atomic_load_explicit(&flip_stop, memory_order_relaxed)) {
		v->base = (const void *)p_secret;
		v->base = ns_plain;
	}
	return NULL;
}

/** What the racing calls saw. */
struct race {
	unsigned long calls, served, refused, leaks;
};

/** Seconds on the monotonic clock. */
static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/** Calls P's echo on flip_in while the flipper runs, for a short while. */
static void ns_race(void *arg)
{
	struct race *r = arg;
	unsigned char out[BUF_SIZE];
	unsigned long max = RUNNING_ON_VALGRIND ? 300 : 1000000;
	double end = seconds() + (RUNNING_ON_VALGRIND ? 2.0 : 0.15);
	/* On a loaded machine the flipper may win every race for a while:
	 * go on (up to this long) until some call was served. */
	double last = end + 10.0;
	pthread_t t;

	memset(ns_plain, PLAIN_BYTE, sizeof(ns_plain));
	flip_in = (psa_invec){ns_plain, sizeof(ns_plain)};
	atomic_store(&flip_stop, false);
	assert_int_equal(pthread_create(&t, NULL, flipper, NULL), 0);
	for (r->calls = 0; r->calls < max; r->calls++) {
		psa_outvec o = {out, sizeof(out)};
		psa_status_t s;

		if ((r->calls & 63) == 0 && seconds() > end &&
		    (r->served > 0 || seconds() > last)) {
			break;
		}
		memset(out, 0, sizeof(out));
		s = psa_call(P_H, OP_ECHO, &flip_in, 1, &o, 1);
		r->served += s == PSA_SUCCESS;
		r->refused += s == PSA_ERROR_PROGRAMMER_ERROR;
		r->leaks += leaked(out, sizeof(out));
	}
	atomic_store(&flip_stop, true);
	pthread_join(t, NULL);
}

static void test_flipped_base_never_leaks(void **state)
{
	(void)state;
	for (size_t c = 0; c < N_CONFIGS; c++) {
		struct race r = {0};

		boot(&configs[c]);
		assert_int_equal(spmsim_run_ns(ns_race, &r),
		                 SPMSIM_EXIT_RETURNED);
		if (r.leaks != 0) {
			where();
			print_message("# %lu leaks in %lu calls\n", r.leaks,
			              r.calls);
		}
		assert_int_equal(r.leaks, 0);
		assert_true(r.served > 0);
		assert_int_equal(r.served + r.refused, r.calls);
		spmsim_shutdown();
	}
}

/* ---------------------------------------------------- the NS heap rule */

/** Echoes through a block of the non-secure heap, then after its free. */
static void ns_heap(void *arg)
{
	psa_status_t *s = arg;
	unsigned char *b = malloc(2 * BUF_SIZE);
	psa_invec in = {b, BUF_SIZE};
	psa_outvec out = {b + BUF_SIZE, BUF_SIZE};

	assert_non_null(b);
	memset(b, PLAIN_BYTE, BUF_SIZE);
	s[0] = psa_call(P_H, OP_ECHO, &in, 1, &out, 1);
	s[1] = b[BUF_SIZE] == PLAIN_BYTE ? PSA_SUCCESS
	                                 : PSA_ERROR_GENERIC_ERROR;
	free(b);
	/* Freed, the block is nobody's non-secure memory any more. */
	s[2] = psa_call(P_H, OP_ECHO, &in, 1, &out, 1);
}

static void test_ns_heap_is_non_secure_while_allocated(void **state)
{
	(void)state;
	for (size_t c = 0; c < N_CONFIGS; c++) {
		psa_status_t s[3];

		boot(&configs[c]);
		assert_int_equal(spmsim_run_ns(ns_heap, s),
		                 SPMSIM_EXIT_RETURNED);
		assert_int_equal(s[0], PSA_SUCCESS);
		assert_int_equal(s[1], PSA_SUCCESS);
		assert_int_equal(s[2], PSA_ERROR_PROGRAMMER_ERROR);
		spmsim_shutdown();
	}
}

/** Shuts a system a failed assertion left booted down. */
static int shut_down(void **state)
{
	(void)state;
	if (spmsim_booted()) {
		spmsim_shutdown();
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_teardown(test_outvec_into_simulator_state,
	                                  shut_down),
	        cmocka_unit_test_teardown(test_stores_to_simulator_state_fault,
	                                  shut_down),
	        cmocka_unit_test_teardown(test_protection_switch_opens_nothing,
	                                  shut_down),
	        cmocka_unit_test_teardown(
	                test_vector_spanning_secure_memory_is_refused,
	                shut_down),
	        cmocka_unit_test_teardown(test_flipped_base_never_leaks,
	                                  shut_down),
	        cmocka_unit_test_teardown(
	                test_ns_heap_is_non_secure_while_allocated, shut_down),
	};

	return cmocka_run_group_tests_name("hostile", tests, NULL, NULL);
}
