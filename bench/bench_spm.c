/*
 * make bench: what a PSA call costs on this host, per backend at isolation
 * level 1, next to the physical floor measured in the same run.
 *
 * Each figure is the median of RUNS runs of ITERS operations, timed with
 * CLOCK_MONOTONIC around the whole loop. The partitions are minimal (an
 * empty service, a service that reads and writes four 64-byte vectors), so
 * the numbers are the SPM's own cost.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>

#include "arch.h"
#include "load_table.h"
#include "protect.h"
#include "psa/client.h"
#include "psa/service.h"
#include "spmsim/spmsim.h"

#define RUNS  7
#define ITERS 200000

#define CALL_SID    0x100u
#define CONN_SID    0x101u
#define SIG_CALL    0x10u
#define SIG_CONN    0x20u
#define CALL_HANDLE ((psa_handle_t)(0x40000000 | (1 << 8) | 0))

enum { OP_EMPTY = 0, OP_VECTORS = 1 };

/* ------------------------------------------------------------ partitions */

/** The work of both services: nothing, or move four 64-byte vectors. */
static psa_status_t serve(const psa_msg_t *msg)
{
	uint8_t buf[64];

	if (msg->type == OP_VECTORS) {
		for (uint32_t i = 0; i < 2; i++) {
			size_t n = psa_read(msg->handle, i, buf, sizeof(buf));

			psa_write(msg->handle, i, buf, n);
		}
	}
	return PSA_SUCCESS;
}

static psa_status_t call_sfn(const psa_msg_t *msg)
{
	return serve(msg);
}

static psa_status_t conn_sfn(const psa_msg_t *msg)
{
	(void)msg;
	return PSA_SUCCESS;
}

/** The IPC-model partition: the classic wait, get, reply loop. */
static void ipc_main(void)
{
	psa_msg_t msg;

	for (;;) {
		psa_signal_t s = psa_wait(SIG_CALL | SIG_CONN, PSA_BLOCK);
		psa_signal_t sig = (s & SIG_CALL) ? SIG_CALL : SIG_CONN;

		if (psa_get(sig, &msg) == PSA_SUCCESS) {
			psa_reply(msg.handle, serve(&msg));
		}
	}
}

static const struct spm_service_desc sfn_services[] = {
        {.name = "CALL",
         .sid = CALL_SID,
         .signal = SIG_CALL,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 1,
         .sfn = call_sfn},
        {.name = "CONN",
         .sid = CONN_SID,
         .signal = SIG_CONN,
         .version = 1,
         .non_secure_clients = true,
         .connection_based = true,
         .sfn = conn_sfn},
};
static const struct spm_service_desc ipc_services[] = {
        {.name = "CALL",
         .sid = CALL_SID,
         .signal = SIG_CALL,
         .version = 1,
         .non_secure_clients = true,
         .stateless_index = 1},
        {.name = "CONN",
         .sid = CONN_SID,
         .signal = SIG_CONN,
         .version = 1,
         .non_secure_clients = true,
         .connection_based = true},
};
static const struct spm_partition_desc sfn_part = {.name = "SP_BENCH",
                                                   .pid = 256,
                                                   .ffm_version =
                                                           SPM_FFM_VERSION_1_1,
                                                   .model = SPM_MODEL_SFN,
                                                   .stack_size = 4096,
                                                   .services = sfn_services,
                                                   .n_services = 2};
static const struct spm_partition_desc ipc_part = {.name = "SP_BENCH",
                                                   .pid = 256,
                                                   .ffm_version =
                                                           SPM_FFM_VERSION_1_1,
                                                   .model = SPM_MODEL_IPC,
                                                   .entry_point = ipc_main,
                                                   .stack_size = 4096,
                                                   .services = ipc_services,
                                                   .n_services = 2};
/* The same IPC partition as an application-RoT, for isolation levels 2, 3. */
static const struct spm_partition_desc app_part = {
        .name = "SP_BENCH",
        .pid = 256,
        .ffm_version = SPM_FFM_VERSION_1_1,
        .type = SPM_PARTITION_APPLICATION_ROT,
        .model = SPM_MODEL_IPC,
        .entry_point = ipc_main,
        .stack_size = 4096,
        .services = ipc_services,
        .n_services = 2};
static const struct spm_load_table sfn_table = {SPM_LOAD_TABLE_VERSION, 1,
                                                &sfn_part};
static const struct spm_load_table ipc_table = {SPM_LOAD_TABLE_VERSION, 1,
                                                &ipc_part};
static const struct spm_load_table app_table = {SPM_LOAD_TABLE_VERSION, 1,
                                                &app_part};

/* --------------------------------------------------------------- timing */

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* ------------------------------------------------------- the NS side */

struct job {
	int op;
	double ns;
};

static void ns_empty(struct job *j)
{
	double t0 = now_ns();

	for (int i = 0; i < ITERS; i++) {
		(void)psa_call(CALL_HANDLE, OP_EMPTY, NULL, 0, NULL, 0);
	}
	j->ns = (now_ns() - t0) / ITERS;
}

static void ns_vectors(struct job *j)
{
	static uint8_t in[2][64], out[2][64];
	psa_invec iv[2] = {{in[0], 64}, {in[1], 64}};
	psa_outvec ov[2] = {{out[0], 64}, {out[1], 64}};
	double t0 = now_ns();

	for (int i = 0; i < ITERS; i++) {
		ov[0].len = ov[1].len = 64;
		(void)psa_call(CALL_HANDLE, OP_VECTORS, iv, 2, ov, 2);
	}
	j->ns = (now_ns() - t0) / ITERS;
}

static void ns_connect_close(struct job *j)
{
	double t0 = now_ns();

	for (int i = 0; i < ITERS; i++) {
		psa_close(psa_connect(CONN_SID, 1));
	}
	j->ns = (now_ns() - t0) / ITERS;
}

static void ns_run(void *arg)
{
	struct job *j = arg;

	if (j->op == 0) {
		ns_empty(j);
	} else if (j->op == 1) {
		ns_vectors(j);
	} else {
		ns_connect_close(j);
	}
}

/** What one measurement saw besides time, per operation. */
struct per_op {
	double switches;
	double boundary_switches;
};

/** Median ns per operation @op at isolation @level. */
static double measure(const struct spm_load_table *t, enum spmsim_backend b,
                      unsigned level, int op, struct per_op *per)
{
	/* Pointer checks only: the cost of page protection is measured on
	 * its own below (protection_cost()). */
	struct spmsim_config cfg = {.table = t,
	                            .backend = b,
	                            .isolation_level = level,
	                            .protection = SPMSIM_PROTECTION_CHECK};
	struct spmsim_counters before, after;
	double runs[RUNS];

	if (spmsim_boot(&cfg) != PSA_SUCCESS) {
		fprintf(stderr, "bench: boot failed: %s\n", spmsim_error());
		exit(1);
	}
	for (int r = 0; r < RUNS; r++) {
		struct job j = {.op = op};

		spmsim_get_counters(&before);
		if (spmsim_run_ns(ns_run, &j) != SPMSIM_EXIT_RETURNED) {
			fprintf(stderr, "bench: the run did not complete\n");
			exit(1);
		}
		spmsim_get_counters(&after);
		runs[r] = j.ns;
	}
	/* Two switches are the NS run itself starting and ending. */
	per->switches =
	        (double)(after.context_switches - before.context_switches - 2) /
	        ITERS;
	per->boundary_switches =
	        (double)(after.boundary_switches - before.boundary_switches) /
	        ITERS;
	spmsim_shutdown();
	return median(runs, RUNS);
}

/* -------------------------------------------------------------- floors */

static void (*volatile indirect)(void);
static void nothing(void)
{
}

static double floor_indirect_call(void)
{
	double runs[RUNS];

	indirect = nothing;
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns();

		for (int i = 0; i < ITERS * 10; i++) {
			indirect();
		}
		runs[r] = (now_ns() - t0) / (ITERS * 10);
	}
	return median(runs, RUNS);
}

static struct arch_context boot_ctx, peer_ctx;
static ucontext_t boot_uc, peer_uc;

static void peer_arch(void *arg)
{
	(void)arg;
	for (;;) {
		arch_context_switch(&peer_ctx, &boot_ctx);
	}
}

static void peer_uc_loop(void)
{
	for (;;) {
		swapcontext(&peer_uc, &boot_uc);
	}
}

static double floor_switch(void)
{
	double runs[RUNS];

	if (arch_context_create(&peer_ctx, 0, peer_arch, NULL) != 0) {
		exit(1);
	}
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns();

		for (int i = 0; i < ITERS; i++) {
			arch_context_switch(&boot_ctx, &peer_ctx);
		}
		runs[r] = (now_ns() - t0) / ITERS;
	}
	arch_context_destroy(&peer_ctx);
	return median(runs, RUNS);
}

static double floor_swapcontext(void)
{
	static char stack[64 * 1024];
	double runs[RUNS];

	getcontext(&peer_uc);
	peer_uc.uc_stack.ss_sp = stack;
	peer_uc.uc_stack.ss_size = sizeof(stack);
	makecontext(&peer_uc, peer_uc_loop, 0);
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns();

		for (int i = 0; i < ITERS / 10; i++) {
			swapcontext(&boot_uc, &peer_uc);
		}
		runs[r] = (now_ns() - t0) / (ITERS / 10);
	}
	return median(runs, RUNS);
}

/* ------------------------------------------- page protection (trap mode) */

#define PROT_RUNS  5
#define PROT_ITERS 20000

/** One timed loop of the protection table: @op, @iters times. */
struct prot_job {
	int op;
	double ns;
	uint64_t mprotects;
};

static void ns_prot(void *arg)
{
	struct prot_job *j = arg;
	static uint8_t in[2][64], out[2][64];
	psa_invec iv[2] = {{in[0], 64}, {in[1], 64}};
	psa_outvec ov[2] = {{out[0], 64}, {out[1], 64}};
	uint64_t m0 = sim_protect_calls();
	double t0 = now_ns();

	for (int i = 0; i < PROT_ITERS; i++) {
		ov[0].len = ov[1].len = 64;
		(void)psa_call(CALL_HANDLE, j->op, iv, j->op ? 2 : 0, ov,
		               j->op ? 2 : 0);
	}
	j->ns = (now_ns() - t0) / PROT_ITERS;
	j->mprotects = sim_protect_calls() - m0;
}

/** Median ns per call of @op in @mode; the mprotect() calls per call. */
static double measure_mode(const struct spm_load_table *t,
                           enum spmsim_backend b, unsigned level, int op,
                           enum spmsim_protection mode, double *mprotects)
{
	struct spmsim_config cfg = {.table = t,
	                            .backend = b,
	                            .isolation_level = level,
	                            .protection = mode};
	double runs[PROT_RUNS];

	if (spmsim_boot(&cfg) != PSA_SUCCESS) {
		fprintf(stderr, "bench: boot failed: %s\n", spmsim_error());
		exit(1);
	}
	for (int r = 0; r < PROT_RUNS; r++) {
		struct prot_job j = {.op = op};

		if (spmsim_run_ns(ns_prot, &j) != SPMSIM_EXIT_RETURNED) {
			fprintf(stderr, "bench: the run did not complete\n");
			exit(1);
		}
		runs[r] = j.ns;
		*mprotects = (double)j.mprotects / PROT_ITERS;
	}
	spmsim_shutdown();
	return median(runs, PROT_RUNS);
}

/**
 * The floor: one mprotect() round trip (off and on) of a page that stays a
 * mapping of its own (its read-only neighbours never merge with it).
 */
static double floor_mprotect(void)
{
	char *m = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
	               -1, 0);
	double t0;

	if (m == MAP_FAILED) {
		return 0;
	}
	t0 = now_ns();
	for (int i = 0; i < PROT_ITERS; i++) {
		(void)mprotect(m + 4096, 4096, PROT_READ | PROT_WRITE);
		(void)mprotect(m + 4096, 4096, PROT_NONE);
	}
	t0 = (now_ns() - t0) / PROT_ITERS;
	munmap(m, 3 * 4096);
	return t0;
}

/**
 * What page protection (the default `trap` mode) adds to a call, per
 * isolation level: the same call in `check` mode (pointer checks only) and
 * in `trap` mode, and the mprotect() calls it made.
 */
static void protection_cost(void)
{
	static const char *const ops[] = {"psa_call, empty",
	                                  "psa_call, 4 x 64-byte vectors"};

	printf("\nPage protection per call (IPC: an application-RoT service; "
	       "median of %d runs x %d calls):\n",
	       PROT_RUNS, PROT_ITERS);
	printf("floor: mprotect() of a page, off and on %8.1f ns\n",
	       floor_mprotect());
	printf("%-32s %-7s %5s %10s %10s %10s %12s\n", "operation", "backend",
	       "level", "check ns", "trap ns", "cost ns", "mprotect/op");
	for (int row = 0; row < 8; row++) {
		bool sfn = row >= 6;
		unsigned level = sfn ? 1u : (unsigned)(row / 2) + 1u;
		int op = row % 2;
		const struct spm_load_table *t = sfn ? &sfn_table : &app_table;
		enum spmsim_backend b =
		        sfn ? SPMSIM_BACKEND_SFN : SPMSIM_BACKEND_IPC;
		double m, check, trap;

		check = measure_mode(t, b, level, op, SPMSIM_PROTECTION_CHECK,
		                     &m);
		trap = measure_mode(t, b, level, op, SPMSIM_PROTECTION_TRAP,
		                    &m);
		printf("%-32s %-7s %5u %10.1f %10.1f %10.1f %12.2f\n", ops[op],
		       sfn ? "SFN" : "IPC", level, check, trap, trap - check,
		       m);
	}
}

/** With BENCH_ONLY=SFN:0 (backend:operation) runs just that, for callgrind. */
static int only(const char *spec)
{
	struct per_op per;
	int op = spec[4] - '0';
	bool sfn = strncmp(spec, "SFN", 3) == 0;

	printf("%.1f ns\n",
	       measure(sfn ? &sfn_table : &ipc_table,
	               sfn ? SPMSIM_BACKEND_SFN : SPMSIM_BACKEND_IPC, 1, op,
	               &per));
	return 0;
}

int main(void)
{
	static const char *const ops[] = {"psa_call, empty",
	                                  "psa_call, 4 x 64-byte vectors",
	                                  "psa_connect + psa_close"};
	double floor_call;

	if (getenv("BENCH_ONLY") != NULL) {
		return only(getenv("BENCH_ONLY"));
	}
	floor_call = floor_indirect_call();
	double floor_sw = floor_switch();

	printf("spmsim bench: %d-bit, median of %d runs x %d operations, "
	       "isolation level 1\n\n",
	       (int)(sizeof(void *) * 8), RUNS, ITERS);
	printf("floor: indirect function call          %8.1f ns\n", floor_call);
	printf("floor: register-only switch round trip %8.1f ns\n", floor_sw);
	printf("ref:   swapcontext round trip          %8.1f ns\n\n",
	       floor_swapcontext());
	printf("%-32s %-7s %5s %10s %12s %14s\n", "operation", "backend",
	       "level", "ns/op", "switches/op", "boundary/op");
	for (int op = 0; op < 3; op++) {
		struct per_op per;
		double ns =
		        measure(&sfn_table, SPMSIM_BACKEND_SFN, 1, op, &per);

		printf("%-32s %-7s %5u %10.1f %12.2f %14.2f\n", ops[op], "SFN",
		       1u, ns, per.switches, per.boundary_switches);
		ns = measure(&ipc_table, SPMSIM_BACKEND_IPC, 1, op, &per);
		printf("%-32s %-7s %5u %10.1f %12.2f %14.2f\n", ops[op], "IPC",
		       1u, ns, per.switches, per.boundary_switches);
	}
	printf("\nIPC backend, an application-RoT service, by isolation level "
	       "(pointer checks through the MPU model):\n");
	for (unsigned level = 1; level <= 3; level++) {
		struct per_op per;
		double ns =
		        measure(&app_table, SPMSIM_BACKEND_IPC, level, 1, &per);

		printf("%-32s %-7s %5u %10.1f %12.2f %14.2f\n", ops[1], "IPC",
		       level, ns, per.switches, per.boundary_switches);
	}
	protection_cost();
	return 0;
}
