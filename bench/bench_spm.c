/*
 * make bench: what a PSA call costs on this host, per backend at isolation
 * level 1, next to the physical floor measured in the same run.
 *
 * How it measures. The process pins itself to the CPU it starts on (no
 * migration in the middle of a batch). Each figure is the median of SAMPLES
 * batches of BATCH operations, after WARMUP batches that are not counted.
 * A batch is timed by the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so
 * time the host gives to other processes is not counted, and the median
 * drops the batches that a preemption or an interrupt spoiled. Between two
 * batches of an operation the non-secure side runs one batch of
 * register-only context switch round trips (the IPC backend's own switch),
 * so that every operation has a floor measured under the same conditions
 * and the IPC target's ratio is taken pair by pair, cancelling the drift of
 * this machine's speed. The partitions are minimal (an empty service, a
 * service that reads and writes four 64-byte vectors), so the numbers are
 * the SPM's own cost.
 */
#define _GNU_SOURCE
#include <sched.h>
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
#include "spmsim/ns_agent.h"
#include "spmsim/spmsim.h"

/** Timed batches per figure (the median is quoted), and batches before. */
#define SAMPLES 41
#define WARMUP  3
/** Operations per batch. */
#define BATCH   10000

/** The targets of issue 3. */
#define TARGET_SFN_NS       60.0
#define TARGET_IPC_SWITCHES 10.0

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
/* A mailbox non-secure agent beside the IPC partition (ns_agent.h). */
#define AGENT_SIGNAL (1u << 31)
#define AGENT_LINE   45u

static void agent_main(void)
{
	struct spmsim_mailbox_msg m;
	int slot;

	psa_irq_enable(AGENT_SIGNAL);
	for (;;) {
		(void)psa_wait(AGENT_SIGNAL, PSA_BLOCK);
		psa_eoi(AGENT_SIGNAL);
		while ((slot = spmsim_mailbox_take(&m)) >= 0) {
			spmsim_mailbox_reply(slot, spmsim_agent_dispatch(&m));
		}
	}
}

static const struct spm_irq_desc agent_irqs[] = {
        {.signal_name = "MAILBOX_INTERRUPT_SIGNAL",
         .source = AGENT_LINE,
         .signal = AGENT_SIGNAL,
         .handling = SPM_IRQ_SLIH},
};
static const struct spm_partition_desc mailbox_parts[] = {
        {.name = "SP_BENCH",
         .pid = 256,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .model = SPM_MODEL_IPC,
         .entry_point = ipc_main,
         .stack_size = 4096,
         .services = ipc_services,
         .n_services = 2},
        {.name = "TFM_NS_MAILBOX_AGENT",
         .pid = 257,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_LOW,
         .model = SPM_MODEL_IPC,
         .entry_point = agent_main,
         .stack_size = 8192,
         .irqs = agent_irqs,
         .n_irqs = 1,
         .ns_agent = true,
         .client_id_base = -0x0400ffff,
         .client_id_limit = -0x04000000},
};
static const struct spm_load_table mailbox_table = {SPM_LOAD_TABLE_VERSION, 2,
                                                    mailbox_parts};
static const struct spm_load_table sfn_table = {SPM_LOAD_TABLE_VERSION, 1,
                                                &sfn_part};
static const struct spm_load_table ipc_table = {SPM_LOAD_TABLE_VERSION, 1,
                                                &ipc_part};
static const struct spm_load_table app_table = {SPM_LOAD_TABLE_VERSION, 1,
                                                &app_part};

/*
 * Systems of more partitions, for the cost of page protection by their
 * number: the application-RoT service above and idle IPC partitions
 * waiting for a connection that never comes, PSA-RoT and application-RoT
 * in turn, each with a stack of its own.
 */
#define MAX_BENCH_PARTS 16u

static void idle_main(void)
{
	for (;;) {
		(void)psa_wait(SIG_CALL, PSA_BLOCK);
	}
}

static const char *const idle_names[MAX_BENCH_PARTS] = {
        "SP_BENCH",  "SP_IDLE1",  "SP_IDLE2",  "SP_IDLE3",
        "SP_IDLE4",  "SP_IDLE5",  "SP_IDLE6",  "SP_IDLE7",
        "SP_IDLE8",  "SP_IDLE9",  "SP_IDLE10", "SP_IDLE11",
        "SP_IDLE12", "SP_IDLE13", "SP_IDLE14", "SP_IDLE15"};
static struct spm_service_desc idle_services[MAX_BENCH_PARTS];
static struct spm_partition_desc many_parts[MAX_BENCH_PARTS];
static struct spm_load_table many_table;

/** The application-RoT bench service and @n - 1 idle partitions. */
static const struct spm_load_table *table_of(uint32_t n)
{
	many_parts[0] = app_part;
	for (uint32_t i = 1; i < n; i++) {
		idle_services[i] =
		        (struct spm_service_desc){.name = "IDLE",
		                                  .sid = CONN_SID + 0x100u + i,
		                                  .signal = SIG_CALL,
		                                  .version = 1,
		                                  .non_secure_clients = true,
		                                  .connection_based = true};
		many_parts[i] = (struct spm_partition_desc){
		        .name = idle_names[i],
		        .pid = 256 + i,
		        .ffm_version = SPM_FFM_VERSION_1_1,
		        .type = i % 2 ? SPM_PARTITION_PSA_ROT
		                      : SPM_PARTITION_APPLICATION_ROT,
		        .model = SPM_MODEL_IPC,
		        .entry_point = idle_main,
		        .stack_size = 4096,
		        .services = &idle_services[i],
		        .n_services = 1};
	}
	many_table =
	        (struct spm_load_table){SPM_LOAD_TABLE_VERSION, n, many_parts};
	return &many_table;
}

/* --------------------------------------------------------------- timing */

/** The benchmark thread's CPU time in ns (not the time others ran). */
static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/** The median of @v[0..@n) (sorts @v). */
static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

#define MAX_CPUS 64

/** Reads each CPU's idle time (idle + iowait ticks) from /proc/stat. */
static int read_idle(unsigned long long idle[MAX_CPUS])
{
	FILE *f = fopen("/proc/stat", "r");
	char line[256];
	int n = 0;

	if (f == NULL) {
		return 0;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned long long v[5];
		int cpu;

		if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu", &cpu, &v[0],
		           &v[1], &v[2], &v[3], &v[4]) == 6 &&
		    cpu >= 0 && cpu < MAX_CPUS) {
			idle[cpu] = v[3] + v[4];
			n = cpu + 1 > n ? cpu + 1 : n;
		}
	}
	fclose(f);
	return n;
}

/**
 * Pins the process to the CPU that was idle longest over the last 200 ms
 * among those it may use (on a shared machine another busy process on the
 * same CPU would flush caches and predictors at every preemption); that
 * CPU, or -1 when none could be chosen.
 */
static int pin_cpu(void)
{
	static unsigned long long before[MAX_CPUS], after[MAX_CPUS];
	struct timespec wait = {0, 200 * 1000 * 1000};
	cpu_set_t allowed, set;
	int n, m, best = sched_getcpu();

	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0) {
		return -1;
	}
	n = read_idle(before);
	nanosleep(&wait, NULL);
	m = read_idle(after);
	n = n < m ? n : m;
	for (int c = 0; c < n; c++) {
		if (CPU_ISSET(c, &allowed) &&
		    (best < 0 ||
		     after[c] - before[c] > after[best] - before[best])) {
			best = c;
		}
	}
	if (best < 0) {
		return -1;
	}
	CPU_ZERO(&set);
	CPU_SET(best, &set);
	return sched_setaffinity(0, sizeof(set), &set) == 0 ? best : -1;
}

/* ------------------------------------------ the switch floor, anywhere */

/*
 * A peer context that switches straight back to whoever switched to it:
 * one round trip of arch_context_switch(), the IPC backend's switch, from
 * the boot context or from the non-secure side.
 */
static struct arch_context peer_ctx, peer_caller;
static bool peer_live;

static void peer_loop(void *arg)
{
	(void)arg;
	for (;;) {
		arch_context_switch(&peer_ctx, &peer_caller);
	}
}

/** ns per register-only switch round trip over one batch. */
static double switch_batch(int n)
{
	double t0;

	if (!peer_live) {
		if (arch_context_create(&peer_ctx, 0, peer_loop, NULL) != 0) {
			fprintf(stderr, "bench: no memory for a context\n");
			exit(1);
		}
		peer_live = true;
	}
	t0 = now_ns();
	for (int i = 0; i < n; i++) {
		arch_context_switch(&peer_caller, &peer_ctx);
	}
	return (now_ns() - t0) / n;
}

/* ------------------------------------------------------- the NS side */

/** What one measurement saw, per operation. */
struct per_op {
	double switches;
	double boundary_switches;
	/** The switch round trip in the batches between this operation's. */
	double switch_ns;
	/** The median of (operation / switch round trip), batch by batch. */
	double switch_ratio;
};

struct job {
	int op;
	double op_ns[SAMPLES];
	double switch_ns[SAMPLES];
	double ratio[SAMPLES];
};

static psa_invec iv[2];
static psa_outvec ov[2];

/** ns per operation @op over one batch. */
static double op_batch(int op)
{
	double t0 = now_ns();

	if (op == 0) {
		for (int i = 0; i < BATCH; i++) {
			(void)psa_call(CALL_HANDLE, OP_EMPTY, NULL, 0, NULL, 0);
		}
	} else if (op == 1) {
		for (int i = 0; i < BATCH; i++) {
			ov[0].len = ov[1].len = 64;
			(void)psa_call(CALL_HANDLE, OP_VECTORS, iv, 2, ov, 2);
		}
	} else {
		for (int i = 0; i < BATCH; i++) {
			psa_close(psa_connect(CONN_SID, 1));
		}
	}
	return (now_ns() - t0) / BATCH;
}

/** The non-secure side: warm-up, then batches of @op and of switches. */
static void ns_run(void *arg)
{
	static uint8_t in[2][64], out[2][64];
	struct job *j = arg;

	for (int k = 0; k < 2; k++) {
		iv[k] = (psa_invec){in[k], 64};
		ov[k] = (psa_outvec){out[k], 64};
	}
	for (int w = 0; w < WARMUP; w++) {
		(void)op_batch(j->op);
		(void)switch_batch(BATCH);
	}
	for (int r = 0; r < SAMPLES; r++) {
		j->op_ns[r] = op_batch(j->op);
		j->switch_ns[r] = switch_batch(BATCH);
		j->ratio[r] = j->op_ns[r] / j->switch_ns[r];
	}
}

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
	static struct job j;
	double ops = (double)(WARMUP + SAMPLES) * BATCH;

	if (spmsim_boot(&cfg) != PSA_SUCCESS) {
		fprintf(stderr, "bench: boot failed: %s\n", spmsim_error());
		exit(1);
	}
	j = (struct job){.op = op};
	spmsim_get_counters(&before);
	if (spmsim_run_ns(ns_run, &j) != SPMSIM_EXIT_RETURNED) {
		fprintf(stderr, "bench: the run did not complete\n");
		exit(1);
	}
	spmsim_get_counters(&after);
	/* Two switches are the NS run itself starting and ending. */
	per->switches =
	        (double)(after.context_switches - before.context_switches - 2) /
	        ops;
	per->boundary_switches =
	        (double)(after.boundary_switches - before.boundary_switches) /
	        ops;
	spmsim_shutdown();
	per->switch_ns = median(j.switch_ns, SAMPLES);
	per->switch_ratio = median(j.ratio, SAMPLES);
	return median(j.op_ns, SAMPLES);
}

/* ------------------------------------------------ non-secure threads */

/** Calls per throughput run, shared out among its threads. */
#define THREAD_RUN_CALLS 40000u
/** Throughput runs per figure (the median is quoted). */
#define THREAD_RUNS      5

/** Wall-clock time in ns: several threads share the work. */
static double wall_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/** A non-secure thread's share: empty calls, as many as *arg says. */
static void ns_thread_calls(void *arg)
{
	const unsigned *n = arg;

	for (unsigned i = 0; i < *n; i++) {
		(void)psa_call(CALL_HANDLE, OP_EMPTY, NULL, 0, NULL, 0);
	}
}

/** The single non-secure side doing the same, for reference. */
static void ns_single_calls(void *arg)
{
	ns_thread_calls(arg);
}

/**
 * Empty calls per second through @n non-secure threads (0: the single
 * non-secure side of spmsim_run_ns()), mailbox clients through a mailbox
 * of @slots slots when @slots is not 0, backend @b, the `check` mode:
 * the median of THREAD_RUNS runs, wall clock from start to end.
 */
static double thread_rate(const struct spm_load_table *t, enum spmsim_backend b,
                          unsigned n, unsigned slots)
{
	struct spmsim_config cfg = {.table = t,
	                            .backend = b,
	                            .protection = SPMSIM_PROTECTION_CHECK};
	static struct spmsim_ns_thread th[16];
	unsigned share = THREAD_RUN_CALLS / (n != 0 ? n : 1);
	double rate[THREAD_RUNS];

	if (spmsim_boot(&cfg) != PSA_SUCCESS) {
		fprintf(stderr, "bench: boot failed: %s\n", spmsim_error());
		exit(1);
	}
	for (unsigned i = 0; i < n; i++) {
		th[i] = (struct spmsim_ns_thread){.fn = ns_thread_calls,
		                                  .arg = &share,
		                                  .mailbox = slots > 0};
	}
	for (int r = 0; r < THREAD_RUNS; r++) {
		struct spmsim_ns_run run = {
		        .threads = th, .count = n, .mailbox_slots = slots};
		double t0 = wall_ns();
		enum spmsim_exit e =
		        n == 0 ? spmsim_run_ns(ns_single_calls, &share)
		               : spmsim_run_ns_threads(&run);

		if (e != SPMSIM_EXIT_RETURNED) {
			fprintf(stderr, "bench: a threaded run ended: %s\n",
			        spmsim_exit_name(e));
			exit(1);
		}
		rate[r] = (double)share * (n != 0 ? n : 1) /
		          ((wall_ns() - t0) / 1e9);
	}
	spmsim_shutdown();
	return median(rate, THREAD_RUNS);
}

static void print_rate(const char *what, const char *backend, double rate)
{
	printf("%-28s %-7s %14.0f %12.1f\n", what, backend, rate, 1e9 / rate);
}

/** The throughput table: calls per second by non-secure threads. */
static void threads_throughput(void)
{
	static const unsigned counts[] = {0, 1, 4, 16};

	printf("\nNon-secure threads (empty psa_call, check mode; %u calls "
	       "per run shared out, median of %d runs, wall clock; the "
	       "threads share the CPU the benchmark is pinned to):\n",
	       THREAD_RUN_CALLS, THREAD_RUNS);
	printf("%-28s %-7s %14s %12s\n", "non-secure side", "backend",
	       "calls/s", "ns/call");
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		char what[40];

		if (counts[i] == 0) {
			snprintf(what, sizeof(what),
			         "spmsim_run_ns (reference)");
		} else {
			snprintf(what, sizeof(what), "%u thread%s", counts[i],
			         counts[i] == 1 ? "" : "s");
		}
		print_rate(what, "SFN",
		           thread_rate(&sfn_table, SPMSIM_BACKEND_SFN,
		                       counts[i], 0));
		print_rate(what, "IPC",
		           thread_rate(&ipc_table, SPMSIM_BACKEND_IPC,
		                       counts[i], 0));
	}
	/* The other core's clients, through the mailbox agent. */
	for (unsigned slots = 1; slots <= 8; slots += 7) {
		char what[40];

		snprintf(what, sizeof(what), "8 mailbox clients, %u slot%s",
		         slots, slots == 1 ? "" : "s");
		print_rate(what, "IPC",
		           thread_rate(&mailbox_table, SPMSIM_BACKEND_IPC, 8,
		                       slots));
	}
}

/* -------------------------------------------------------------- floors */

static void (*volatile indirect)(void);
static void nothing(void)
{
}

static double floor_indirect_call(void)
{
	double runs[SAMPLES];

	indirect = nothing;
	for (int r = -WARMUP; r < SAMPLES; r++) {
		double t0 = now_ns();

		for (int i = 0; i < BATCH * 10; i++) {
			indirect();
		}
		if (r >= 0) {
			runs[r] = (now_ns() - t0) / (BATCH * 10);
		}
	}
	return median(runs, SAMPLES);
}

static double floor_switch(void)
{
	double runs[SAMPLES];

	for (int r = -WARMUP; r < SAMPLES; r++) {
		double ns = switch_batch(BATCH);

		if (r >= 0) {
			runs[r] = ns;
		}
	}
	return median(runs, SAMPLES);
}

static ucontext_t boot_uc, peer_uc;

static void peer_uc_loop(void)
{
	for (;;) {
		swapcontext(&peer_uc, &boot_uc);
	}
}

static double floor_swapcontext(void)
{
	static char stack[64 * 1024];
	double runs[SAMPLES];

	getcontext(&peer_uc);
	peer_uc.uc_stack.ss_sp = stack;
	peer_uc.uc_stack.ss_size = sizeof(stack);
	makecontext(&peer_uc, peer_uc_loop, 0);
	for (int r = -WARMUP; r < SAMPLES; r++) {
		double t0 = now_ns();

		for (int i = 0; i < BATCH / 10; i++) {
			swapcontext(&boot_uc, &peer_uc);
		}
		if (r >= 0) {
			runs[r] = (now_ns() - t0) / (BATCH / 10);
		}
	}
	return median(runs, SAMPLES);
}

/* ------------------------------------------- page protection (trap mode) */

#define PROT_RUNS  5
#define PROT_ITERS 20000

/** One timed loop of the protection table: @op, @iters times. */
struct prot_job {
	int op;
	double ns;
	uint64_t mprotects;
	/** Lazy areas opened by a fault (protect.c), each with a signal. */
	uint64_t opens;
};

static void ns_prot(void *arg)
{
	struct prot_job *j = arg;
	static uint8_t in[2][64], out[2][64];
	psa_invec iv[2] = {{in[0], 64}, {in[1], 64}};
	psa_outvec ov[2] = {{out[0], 64}, {out[1], 64}};
	uint64_t m0 = sim_protect_calls();
	uint64_t o0 = sim_protect_lazy_opens();
	double t0 = now_ns();

	for (int i = 0; i < PROT_ITERS; i++) {
		ov[0].len = ov[1].len = 64;
		(void)psa_call(CALL_HANDLE, j->op, iv, j->op ? 2 : 0, ov,
		               j->op ? 2 : 0);
	}
	j->ns = (now_ns() - t0) / PROT_ITERS;
	j->mprotects = sim_protect_calls() - m0;
	j->opens = sim_protect_lazy_opens() - o0;
}

/** Lazy areas opened per call by the last measure_mode(). */
static double opens_per_call;

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
		opens_per_call = (double)j.opens / PROT_ITERS;
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
 * The same cost by the number of partitions: an empty call to the
 * application-RoT service in a system of 2 and of 16 partitions.
 */
static void by_partitions(void)
{
	static const uint32_t sizes[] = {2, MAX_BENCH_PARTS};

	printf("\nPage protection by the number of partitions (IPC, "
	       "psa_call, empty, to the application-RoT service):\n");
	printf("%-12s %5s %10s %10s %10s %12s %12s\n", "partitions", "level",
	       "check ns", "trap ns", "cost ns", "mprotect/op", "lazy/op");
	for (unsigned level = 1; level <= 3; level++) {
		for (uint32_t k = 0; k < 2; k++) {
			const struct spm_load_table *t = table_of(sizes[k]);
			double m, check, trap;

			check = measure_mode(t, SPMSIM_BACKEND_IPC, level,
			                     OP_EMPTY, SPMSIM_PROTECTION_CHECK,
			                     &m);
			trap = measure_mode(t, SPMSIM_BACKEND_IPC, level,
			                    OP_EMPTY, SPMSIM_PROTECTION_TRAP,
			                    &m);
			printf("%-12u %5u %10.1f %10.1f %10.1f %12.2f "
			       "%12.2f\n",
			       sizes[k], level, check, trap, trap - check, m,
			       opens_per_call);
		}
	}
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
	printf("%-32s %-7s %5s %10s %10s %10s %12s %8s\n", "operation",
	       "backend", "level", "check ns", "trap ns", "cost ns",
	       "mprotect/op", "lazy/op");
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
		printf("%-32s %-7s %5u %10.1f %10.1f %10.1f %12.2f %8.2f\n",
		       ops[op], sfn ? "SFN" : "IPC", level, check, trap,
		       trap - check, m, opens_per_call);
	}
	by_partitions();
}

/* ------------------------------------------------------------- output */

static void print_row(const char *op, const char *backend, unsigned level,
                      double ns, const struct per_op *per)
{
	printf("%-32s %-7s %5u %10.1f %12.2f %14.2f\n", op, backend, level, ns,
	       per->switches, per->boundary_switches);
}

/** The targets of issue 3, from the figures of the table above. */
static void print_targets(double sfn_ns, double ipc_ns,
                          const struct per_op *ipc)
{
	printf("\ntargets (issue 3), from the empty psa_call rows above; "
	       "ratio = figure / target:\n");
	printf("SFN psa_call, empty %8.1f ns                          "
	       "target %5.1f ns         ratio %5.2f\n",
	       sfn_ns, TARGET_SFN_NS, sfn_ns / TARGET_SFN_NS);
	printf("IPC psa_call, empty %8.1f ns = %5.2f x switch (%4.1f ns) "
	       "target %5.1f x switch   ratio %5.2f\n",
	       ipc_ns, ipc->switch_ratio, ipc->switch_ns, TARGET_IPC_SWITCHES,
	       ipc->switch_ratio / TARGET_IPC_SWITCHES);
	printf("(the IPC figure in switches is the median of the ratios of "
	       "each batch of calls to the batch of switch round trips run "
	       "right after it)\n");
}

/**
 * With BENCH_ONLY=SFN:0 (backend:operation) runs just that, for callgrind:
 * the instruction count divided by the operations printed is per operation.
 * BENCH_ONLY=PROT runs only the page protection tables, BENCH_ONLY=THREADS
 * only the non-secure threads' throughput.
 */
static int only(const char *spec)
{
	struct per_op per;
	int op = spec[4] - '0';
	bool sfn = strncmp(spec, "SFN", 3) == 0;
	double ns;

	if (strcmp(spec, "PROT") == 0) {
		protection_cost();
		return 0;
	}
	if (strcmp(spec, "THREADS") == 0) {
		threads_throughput();
		return 0;
	}
	ns = measure(sfn ? &sfn_table : &ipc_table,
	             sfn ? SPMSIM_BACKEND_SFN : SPMSIM_BACKEND_IPC, 1, op,
	             &per);

	printf("%.1f ns, %d operations and as many switch round trips\n", ns,
	       (WARMUP + SAMPLES) * BATCH);
	return 0;
}

int main(void)
{
	static const char *const ops[] = {"psa_call, empty",
	                                  "psa_call, 4 x 64-byte vectors",
	                                  "psa_connect + psa_close"};
	struct per_op ipc_empty = {0};
	double sfn_empty = 0, ipc_empty_ns = 0;
	int cpu;

	if (getenv("BENCH_ONLY") != NULL) {
		return only(getenv("BENCH_ONLY"));
	}
	cpu = pin_cpu();
	printf("spmsim bench: %d-bit, isolation level 1; each figure the "
	       "median of %d batches x %d operations (after %d warm-up "
	       "batches), timed by the thread's CPU time; ",
	       (int)(sizeof(void *) * 8), SAMPLES, BATCH, WARMUP);
	if (cpu >= 0) {
		printf("pinned to CPU %d (the idlest just before)\n\n", cpu);
	} else {
		printf("not pinned (the CPU could not be chosen)\n\n");
	}
	printf("floor: indirect function call          %8.1f ns\n",
	       floor_indirect_call());
	printf("floor: register-only switch round trip %8.1f ns\n",
	       floor_switch());
	printf("ref:   swapcontext round trip          %8.1f ns\n\n",
	       floor_swapcontext());
	printf("%-32s %-7s %5s %10s %12s %14s\n", "operation", "backend",
	       "level", "ns/op", "switches/op", "boundary/op");
	for (int op = 0; op < 3; op++) {
		struct per_op per;
		double ns =
		        measure(&sfn_table, SPMSIM_BACKEND_SFN, 1, op, &per);

		print_row(ops[op], "SFN", 1, ns, &per);
		sfn_empty = op == 0 ? ns : sfn_empty;
		ns = measure(&ipc_table, SPMSIM_BACKEND_IPC, 1, op, &per);
		print_row(ops[op], "IPC", 1, ns, &per);
		if (op == 0) {
			ipc_empty_ns = ns;
			ipc_empty = per;
		}
	}
	print_targets(sfn_empty, ipc_empty_ns, &ipc_empty);
	printf("\nIPC backend, an application-RoT service, by isolation level "
	       "(pointer checks through the MPU model):\n");
	for (unsigned level = 1; level <= 3; level++) {
		struct per_op per;
		double ns =
		        measure(&app_table, SPMSIM_BACKEND_IPC, level, 1, &per);

		print_row(ops[1], "IPC", level, ns, &per);
	}
	protection_cost();
	threads_throughput();
	return 0;
}
