/*
 * The IPC backend's scheduler (backends/ipc/ipc.c), with the real SPM core
 * and the real host contexts (sim/arch_context.c): HIGH before NORMAL before
 * LOW before the non-secure side, first come first served within a
 * priority, preemption at the preemption points when a higher-priority
 * partition becomes ready, the preempted partition first among its equals
 * when it runs again, and the return to the boot context when nothing can
 * run.
 *
 * Every partition runs actor_main(): it writes "<NAME>:<event>" to a trace
 * and, on a doorbell or a message, runs the hook the test gave it, so a test
 * states its scenario as hooks and checks the order as one string. No
 * assertion runs on a partition's stack: hooks only trace.
 *
 * Interrupts come from the fake controller (tests/fakes/fake_irq.c), raised
 * by the test and taken at the SPM's interrupt points. Links ipc.c,
 * client_api.c, service_api.c, spm.c, irq.c, conn.c, sim/arch_context.c,
 * sim/arch_fatal.c, sim/arch_switch_<isa>.S, fake_irq.c and
 * fake_isolation.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "conn.h"
#include "fake_irq.h"
#include "fake_isolation.h"
#include "irq.h"
#include "psa/client.h"
#include "psa/service.h"
#include "spm.h"

#define SVC_SIGNAL (1u << 4)
#define IRQ_SIGNAL (1u << 31)
/* Interrupt lines: H2 and N1 each own one (SLIH, FF-M 1.0: enabled). */
#define H2_LINE    3u
#define N1_LINE    4u

/* Partition ids; the table lists them out of priority order on purpose. */
enum { L1 = 30, N1 = 20, H1 = 10, N2 = 21, H2 = 11, N3 = 22, S1 = 23 };

static void actor_main(void);
static psa_status_t sfn_service(const psa_msg_t *msg);
static psa_status_t sfn_init(void);

#define SERVICE(pid, idx)                                                      \
	{                                                                      \
		{                                                              \
			.name = #pid "_SVC", .sid = 0x3000u + (pid),           \
			.signal = SVC_SIGNAL, .version = 1,                    \
			.non_secure_clients = true, .stateless_index = (idx)   \
		}                                                              \
	}
static const struct spm_service_desc svc_l1[] = SERVICE(L1, 1);
static const struct spm_service_desc svc_n1[] = SERVICE(N1, 2);
static const struct spm_service_desc svc_h1[] = SERVICE(H1, 3);
static const struct spm_service_desc svc_n2[] = SERVICE(N2, 4);
static const struct spm_service_desc svc_h2[] = SERVICE(H2, 5);
static const struct spm_service_desc svc_n3[] = SERVICE(N3, 6);
static const struct spm_service_desc svc_s1[] = {{.name = "S1_SVC",
                                                  .sid = 0x3000u + S1,
                                                  .signal = SVC_SIGNAL,
                                                  .version = 1,
                                                  .non_secure_clients = true,
                                                  .stateless_index = 7,
                                                  .sfn = sfn_service}};
static const struct spm_irq_desc irq_h2[] = {{.signal_name = "H2_IRQ",
                                              .source = H2_LINE,
                                              .signal = IRQ_SIGNAL,
                                              .handling = SPM_IRQ_SLIH}};
static const struct spm_irq_desc irq_n1[] = {{.signal_name = "N1_IRQ",
                                              .source = N1_LINE,
                                              .signal = IRQ_SIGNAL,
                                              .handling = SPM_IRQ_SLIH}};
/* H1 may call L1's service. */
static const uint32_t h1_deps[] = {0x3000u + L1};

#define HANDLE_OF(idx) conn_stateless_handle((idx), 1)

#define ACTOR(n, prio, svc, irq)                                               \
	{                                                                      \
		.name = #n, .pid = (n), .ffm_version = SPM_FFM_VERSION_1_0,    \
		.priority = (prio), .model = SPM_MODEL_IPC,                    \
		.entry_point = actor_main, .stack_size = 0x2000,               \
		.services = (svc), .n_services = 1, .irqs = (irq),             \
		.n_irqs = (irq) != NULL ? 1 : 0                                \
	}
static const struct spm_partition_desc parts[] = {
        ACTOR(L1, SPM_PRIORITY_LOW, svc_l1, NULL),
        ACTOR(N1, SPM_PRIORITY_NORMAL, svc_n1, irq_n1),
        {.name = "H1",
         .pid = H1,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_HIGH,
         .model = SPM_MODEL_IPC,
         .entry_point = actor_main,
         .stack_size = 0x2000,
         .services = svc_h1,
         .n_services = 1,
         .dependencies = h1_deps,
         .n_dependencies = 1},
        ACTOR(N2, SPM_PRIORITY_NORMAL, svc_n2, NULL),
        ACTOR(H2, SPM_PRIORITY_HIGH, svc_h2, irq_h2),
        ACTOR(N3, SPM_PRIORITY_NORMAL, svc_n3, NULL),
        {.name = "S1",
         .pid = S1,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .priority = SPM_PRIORITY_NORMAL,
         .model = SPM_MODEL_SFN,
         .entry_init = sfn_init,
         .stack_size = 0x2000,
         .services = svc_s1,
         .n_services = 1},
};
#define N_PARTS (sizeof(parts) / sizeof(parts[0]))
static const struct spm_load_table table = {.version = SPM_LOAD_TABLE_VERSION,
                                            .n_partitions = N_PARTS,
                                            .partitions = parts};

static char trace_buf[1024];

static void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void trace(const char *fmt, ...)
{
	size_t n = strlen(trace_buf);
	va_list ap;

	if (n > 0 && n < sizeof(trace_buf) - 1u) {
		trace_buf[n++] = ' ';
		trace_buf[n] = '\0';
	}
	va_start(ap, fmt);
	vsnprintf(trace_buf + n, sizeof(trace_buf) - n, fmt, ap);
	va_end(ap);
}

/** What a partition does on its doorbell and on a message (NULL: nothing). */
static void (*on_bell[N_PARTS])(void);
static void (*on_msg[N_PARTS])(void);
/** Partitions that ignore their service signal (never reply). */
static bool deaf[N_PARTS];

static const char *me(void)
{
	return spm_sys()->current->name;
}

/** The code every IPC-model partition runs. */
static void actor_main(void)
{
	uint32_t i = spm_sys()->current->index;

	trace("%s:init", me());
	for (;;) {
		psa_signal_t mask = deaf[i] ? PSA_DOORBELL : PSA_WAIT_ANY;
		psa_signal_t s = psa_wait(mask, PSA_BLOCK);
		psa_msg_t msg;

		if ((s & IRQ_SIGNAL) != 0) {
			trace("%s:irq", me());
			psa_eoi(IRQ_SIGNAL);
		}
		if (s & PSA_DOORBELL) {
			psa_clear();
			trace("%s:bell", me());
			if (on_bell[i] != NULL) {
				on_bell[i]();
			}
		}
		if ((s & SVC_SIGNAL) != 0 &&
		    psa_get(SVC_SIGNAL, &msg) == PSA_SUCCESS) {
			trace("%s:msg", me());
			if (on_msg[i] != NULL) {
				on_msg[i]();
			}
			psa_reply(msg.handle, PSA_SUCCESS);
			trace("%s:replied", me());
		}
	}
}

static psa_status_t sfn_init(void)
{
	trace("%s:init", me());
	return PSA_SUCCESS;
}

static psa_status_t sfn_service(const psa_msg_t *msg)
{
	trace("%s:sfn(%d)", me(), (int)msg->type);
	return 42;
}

static uint32_t index_of(int32_t pid)
{
	return spm_partition_by_id(pid)->index;
}

static void notify(int32_t pid)
{
	trace("%s:notify(%s)", me(), spm_partition_by_id(pid)->name);
	psa_notify(pid);
}

/** Starts the backend as the harness does: the booting flag set. */
static int boot(void)
{
	int r;

	spm_sys()->booting = true;
	r = backend_ipc.start();
	spm_sys()->booting = false;
	return r;
}

static int setup(void **state)
{
	struct spm_config cfg = {
	        .table = &table,
	        .backend = &backend_ipc,
	        .isolation_level = 1,
	        .connections = 8,
	        .ns_client_id = -1,
	};
	char why[128];

	(void)state;
	trace_buf[0] = '\0';
	memset(on_bell, 0, sizeof(on_bell));
	memset(on_msg, 0, sizeof(on_msg));
	memset(deaf, 0, sizeof(deaf));
	fake_irq_reset();
	fake_isolation_reset();
	fake_irq.take = spm_irq_handler;
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), 0);
	assert_int_equal(boot(), 0);
	assert_int_equal(spm_sys()->exit, SPM_EXIT_IDLE);
	trace_buf[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	backend_ipc.stop();
	return 0;
}

/** Non-secure code: calls the service of the partition in @arg. */
static void ns_calls(void *arg)
{
	int32_t pid = (int32_t)(intptr_t)arg;
	uint32_t idx = spm_service_by_sid(0x3000u + (uint32_t)pid)
	                       ->desc->stateless_index;
	psa_status_t st;

	trace("NS:call(%s)", spm_partition_by_id(pid)->name);
	st = psa_call(HANDLE_OF(idx), PSA_IPC_CALL, NULL, 0, NULL, 0);
	trace("NS:back(%d)", (int)st);
}

static void run_ns_calling(int32_t pid)
{
	assert_int_equal(backend_ipc.run_ns(ns_calls, (void *)(intptr_t)pid),
	                 SPM_EXIT_NS_RETURNED);
	assert_null(spm_sys()->current);
}

/* ---------------------------------------------------------------- boot */

static void test_start_runs_by_priority_then_table_order(void **state)
{
	struct spm_config cfg = spm_sys()->config;
	char why[128];

	(void)state;
	/* Boot again to see the start-up trace. */
	backend_ipc.stop();
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), 0);
	trace_buf[0] = '\0';
	assert_int_equal(boot(), 0);
	assert_string_equal(trace_buf, "H1:init H2:init N1:init N2:init "
	                               "N3:init S1:init L1:init");
	/* Everyone waits: control came back to boot. */
	assert_int_equal(spm_sys()->exit, SPM_EXIT_IDLE);
	assert_null(spm_sys()->current);
}

/* ------------------------------------------------- order of readiness */

static void h1_notifies_l1_n1_h2(void)
{
	notify(L1);
	notify(N1);
	notify(H2);
}

static void test_priority_order(void **state)
{
	(void)state;
	on_msg[index_of(H1)] = h1_notifies_l1_n1_h2;
	run_ns_calling(H1);
	/* Woken LOW, NORMAL, HIGH; run HIGH, NORMAL, LOW, then NS. */
	assert_string_equal(trace_buf,
	                    "NS:call(H1) H1:msg H1:notify(L1) H1:notify(N1) "
	                    "H1:notify(H2) H1:replied H2:bell N1:bell L1:bell "
	                    "NS:back(0)");
}

static void h1_notifies_n3_n1_n2(void)
{
	notify(N3);
	notify(N1);
	notify(N2);
}

static void test_fifo_within_priority(void **state)
{
	(void)state;
	on_msg[index_of(H1)] = h1_notifies_n3_n1_n2;
	run_ns_calling(H1);
	assert_string_equal(trace_buf,
	                    "NS:call(H1) H1:msg H1:notify(N3) H1:notify(N1) "
	                    "H1:notify(N2) H1:replied N3:bell N1:bell N2:bell "
	                    "NS:back(0)");
}

static void test_ns_runs_last(void **state)
{
	(void)state;
	/* The reply makes NS ready, but the LOW service goes on first. */
	run_ns_calling(L1);
	assert_string_equal(trace_buf,
	                    "NS:call(L1) L1:msg L1:replied NS:back(0)");
}

/* ---------------------------------------------------------- preemption */

static void l1_notifies_n1(void)
{
	notify(N1);
	trace("L1:after");
}

static void n1_notifies_h1(void)
{
	notify(H1);
	trace("N1:after");
}

static void test_preempted_by_higher_priority(void **state)
{
	(void)state;
	on_msg[index_of(L1)] = l1_notifies_n1;
	on_bell[index_of(N1)] = n1_notifies_h1;
	run_ns_calling(L1);
	assert_string_equal(trace_buf,
	                    "NS:call(L1) L1:msg L1:notify(N1) N1:bell "
	                    "N1:notify(H1) H1:bell N1:after L1:after "
	                    "L1:replied NS:back(0)");
}

static void n1_notifies_n2(void)
{
	notify(N2);
	trace("N1:after");
}

static void test_no_preemption_by_equal_priority(void **state)
{
	(void)state;
	on_msg[index_of(N1)] = n1_notifies_n2;
	run_ns_calling(N1);
	assert_string_equal(trace_buf,
	                    "NS:call(N1) N1:msg N1:notify(N2) N1:after "
	                    "N1:replied N2:bell NS:back(0)");
}

static void n1_notifies_n2_then_h1(void)
{
	notify(N2);
	notify(H1);
	trace("N1:after");
}

static void test_preempted_goes_first_among_equals(void **state)
{
	(void)state;
	on_msg[index_of(N1)] = n1_notifies_n2_then_h1;
	run_ns_calling(N1);
	/* N2 was ready before N1 was preempted, yet N1 resumes first. */
	assert_string_equal(trace_buf,
	                    "NS:call(N1) N1:msg N1:notify(N2) N1:notify(H1) "
	                    "H1:bell N1:after N1:replied N2:bell NS:back(0)");
}

static void h1_calls_l1(void)
{
	psa_status_t st;

	trace("H1:call(L1)");
	st = psa_call(HANDLE_OF(1), PSA_IPC_CALL, NULL, 0, NULL, 0);
	trace("H1:back(%d)", (int)st);
}

static void test_reply_preempts_for_higher_priority_client(void **state)
{
	(void)state;
	on_msg[index_of(H1)] = h1_calls_l1;
	run_ns_calling(H1);
	/* L1's reply readies H1, which runs before L1 goes on. */
	assert_string_equal(trace_buf,
	                    "NS:call(H1) H1:msg H1:call(L1) L1:msg H1:back(0) "
	                    "H1:replied L1:replied NS:back(0)");
}

/* ----------------------------------------------------- SFN partitions */

static void test_sfn_partition_served_by_its_loop(void **state)
{
	(void)state;
	run_ns_calling(S1);
	assert_string_equal(trace_buf, "NS:call(S1) S1:sfn(0) NS:back(42)");
}

/* --------------------------------------------------------- back to boot */

static uintptr_t ns_saw_boundary;

static void ns_returns(void *arg)
{
	(void)arg;
	ns_saw_boundary = fake_isolation.last_activated;
	trace("NS:ran");
}

static void test_ns_return_comes_back_to_boot(void **state)
{
	(void)state;
	assert_int_equal(backend_ipc.run_ns(ns_returns, NULL),
	                 SPM_EXIT_NS_RETURNED);
	assert_string_equal(trace_buf, "NS:ran");
	assert_null(spm_sys()->current);
	/* It ran inside its own boundary, on a stack given to it. */
	assert_int_equal(ns_saw_boundary, spm_sys()->ns->boundary);
	assert_int_equal(fake_isolation.stacks, N_PARTS + 1u);
	/* The non-secure side can run again. */
	assert_int_equal(backend_ipc.run_ns(ns_returns, NULL),
	                 SPM_EXIT_NS_RETURNED);
	assert_string_equal(trace_buf, "NS:ran NS:ran");
}

static void test_idle_returns_to_boot(void **state)
{
	(void)state;
	/* N2 never takes its message: nothing can run, back to boot. */
	deaf[index_of(N2)] = true;
	backend_ipc.stop();
	{
		struct spm_config cfg = spm_sys()->config;
		char why[128];

		assert_int_equal(spm_init(&cfg, why, sizeof(why)), 0);
		assert_int_equal(boot(), 0);
	}
	trace_buf[0] = '\0';
	assert_int_equal(backend_ipc.run_ns(ns_calls, (void *)(intptr_t)N2),
	                 SPM_EXIT_IDLE);
	assert_string_equal(trace_buf, "NS:call(N2)");
	assert_null(spm_sys()->current);
	assert_int_equal(spm_sys()->partitions[index_of(N2)].signals_asserted,
	                 SVC_SIGNAL);
	/* It asked whether an interrupt could still come: none can. */
	assert_true(fake_irq.idles > 0);
}

/* ---------------------------------------------------------- interrupts */

static void ns_interrupted(void *arg)
{
	(void)arg;
	trace("NS:raise");
	fake_irq_raise(H2_LINE);
	(void)psa_framework_version(); /* an SPM entry: interrupts taken */
	trace("NS:back");
}

static void test_interrupt_preempts_ns(void **state)
{
	(void)state;
	assert_int_equal(backend_ipc.run_ns(ns_interrupted, NULL),
	                 SPM_EXIT_NS_RETURNED);
	assert_string_equal(trace_buf, "NS:raise H2:irq NS:back");
	assert_true(fake_irq.enabled[H2_LINE]); /* psa_eoi() */
}

static void n2_raises_h2_and_n1(void)
{
	trace("N2:raise");
	fake_irq_raise(H2_LINE);
	fake_irq_raise(N1_LINE);
	(void)psa_framework_version();
	trace("N2:after");
}

static void test_interrupt_preempts_only_for_higher_priority(void **state)
{
	(void)state;
	on_msg[index_of(N2)] = n2_raises_h2_and_n1;
	run_ns_calling(N2);
	/* H2 (HIGH) runs at once; N1 (NORMAL, like N2) waits its turn. */
	assert_string_equal(trace_buf,
	                    "NS:call(N2) N2:msg N2:raise H2:irq N2:after "
	                    "N2:replied N1:irq NS:back(0)");
}

static void n1_waits_for_its_irq(void)
{
	psa_signal_t s;

	trace("N1:wait-irq");
	s = psa_wait(IRQ_SIGNAL, PSA_BLOCK);
	trace("N1:woke(%#x)", (unsigned)s);
	psa_eoi(IRQ_SIGNAL);
}

static void idle_raises_n1(void)
{
	trace("IDLE");
	fake_irq_raise(N1_LINE);
}

static void test_idle_waits_for_interrupt(void **state)
{
	(void)state;
	on_msg[index_of(N1)] = n1_waits_for_its_irq;
	fake_irq.on_idle = idle_raises_n1;
	run_ns_calling(N1);
	/* Nothing could run: the core idled until the interrupt came, and
	 * the partition that waited for it went on. */
	assert_string_equal(
	        trace_buf,
	        "NS:call(N1) N1:msg N1:wait-irq IDLE N1:woke(0x80000000) "
	        "N1:replied NS:back(0)");
	assert_int_equal(fake_irq.idles, 1);
}

static void n1_panics(void)
{
	trace("N1:panic");
	psa_panic();
}

static void test_panic_returns_to_boot(void **state)
{
	struct spm *s = spm_sys();

	(void)state;
	on_msg[index_of(N1)] = n1_panics;
	assert_int_equal(backend_ipc.run_ns(ns_calls, (void *)(intptr_t)N1),
	                 SPM_EXIT_PANIC);
	assert_string_equal(trace_buf, "NS:call(N1) N1:msg N1:panic");
	assert_true(s->panic.valid);
	assert_int_equal(s->panic.partition_id, N1);
	assert_int_equal(s->panic.cause, SPM_PANIC_PSA_PANIC);
}

static void test_context_switches_counted(void **state)
{
	uint64_t before = spm_sys()->counters.context_switches;

	(void)state;
	run_ns_calling(L1);
	/* boot->NS, NS->L1, L1->NS, NS->boot */
	assert_int_equal(spm_sys()->counters.context_switches, before + 4u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	        T(test_start_runs_by_priority_then_table_order),
	        T(test_priority_order),
	        T(test_fifo_within_priority),
	        T(test_ns_runs_last),
	        T(test_preempted_by_higher_priority),
	        T(test_no_preemption_by_equal_priority),
	        T(test_preempted_goes_first_among_equals),
	        T(test_reply_preempts_for_higher_priority_client),
	        T(test_sfn_partition_served_by_its_loop),
	        T(test_ns_return_comes_back_to_boot),
	        T(test_idle_returns_to_boot),
	        T(test_panic_returns_to_boot),
	        T(test_interrupt_preempts_ns),
	        T(test_interrupt_preempts_only_for_higher_priority),
	        T(test_idle_waits_for_interrupt),
	        T(test_context_switches_counted),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
