/*
 * The SPM's system state and shared policies (spm_core/spm.c): spm_init()
 * from a hand-written load table, lookups, authorisation, the
 * programmer-error policy (PROGRAMMER_ERROR back to the non-secure side, a
 * recorded panic for a secure caller), signal assertion, and the interrupt
 * routing spm_init() sets up. Links spm.c, irq.c, conn.c, fake_backend.c,
 * fake_arch.c, fake_irq.c and
 * fake_isolation.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "fake_arch.h"
#include "fake_backend.h"
#include "fake_irq.h"
#include "fake_isolation.h"
#include "irq.h"
#include "spm.h"

#define SID_A1 0x100u
#define SID_A2 0x101u
#define SID_B1 0x200u
#define NS_ID  (-3)
#define CONNS  3u

static const struct spm_service_desc a_services[] = {
        {.name = "A1",
         .sid = SID_A1,
         .signal = 1u << 4,
         .version = 1,
         .non_secure_clients = true,
         .connection_based = true},
        {.name = "A2",
         .sid = SID_A2,
         .signal = 1u << 5,
         .version = 2,
         .stateless_index = 3},
};
static const struct spm_irq_desc a_irqs[] = {
        {.signal_name = "A_SLIH_SIGNAL",
         .source = 7,
         .signal = 1u << 31,
         .handling = SPM_IRQ_SLIH},
        {.signal_name = "A_FLIH_SIGNAL",
         .source = 8,
         .signal = 1u << 30,
         .handling = SPM_IRQ_FLIH},
};
static const uint32_t a_deps[] = {SID_B1};

static const struct spm_service_desc b_services[] = {
        {.name = "B1",
         .sid = SID_B1,
         .signal = 1u << 4,
         .version = 3,
         .version_policy = SPM_VERSION_POLICY_RELAXED,
         .non_secure_clients = true,
         .connection_based = true},
};
static const struct spm_irq_desc b_irqs[] = {
        {.signal_name = "B_IRQ",
         .source = 9,
         .signal = 1u << 31,
         .handling = SPM_IRQ_SLIH},
        {.signal_name = "B_IRQ2",
         .source = 10,
         .signal = 1u << 30,
         .handling = SPM_IRQ_SLIH},
};

static const struct spm_partition_desc parts[] = {
        {.name = "PART_A",
         .pid = 256,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_PSA_ROT,
         .priority = SPM_PRIORITY_NORMAL,
         .model = SPM_MODEL_IPC,
         .stack_size = 1024,
         .services = a_services,
         .n_services = 2,
         .irqs = a_irqs,
         .n_irqs = 2,
         .dependencies = a_deps,
         .n_dependencies = 1},
        {.name = "PART_B",
         .pid = 257,
         .ffm_version = SPM_FFM_VERSION_1_0,
         .type = SPM_PARTITION_APPLICATION_ROT,
         .priority = SPM_PRIORITY_HIGH,
         .model = SPM_MODEL_IPC,
         .stack_size = 1024,
         .services = b_services,
         .n_services = 1,
         .irqs = b_irqs,
         .n_irqs = 2},
};
static const struct spm_load_table table = {.version = SPM_LOAD_TABLE_VERSION,
                                            .n_partitions = 2,
                                            .partitions = parts};

static struct spm_config config(const struct spm_load_table *t)
{
	return (struct spm_config){
	        .table = t,
	        .backend = &fake_backend_ops,
	        .isolation_level = 1,
	        .mpu_regions = 16,
	        .connections = CONNS,
	        .lifecycle_state = 0x3000,
	        .ns_client_id = NS_ID,
	};
}

static struct spm_partition *part_a, *part_b;

static int setup(void **state)
{
	struct spm_config cfg = config(&table);
	char why[128] = "";

	(void)state;
	fake_arch_reset();
	fake_backend_reset();
	fake_irq_reset();
	fake_isolation_reset();
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), 0);
	part_a = &spm_sys()->partitions[0];
	part_b = &spm_sys()->partitions[1];
	return 0;
}

/* ------------------------------------------------------------ spm_init */

static void test_init_partitions(void **state)
{
	struct spm *s = spm_sys();

	(void)state;
	assert_int_equal(s->n_partitions, 2);
	assert_ptr_equal(part_a->desc, &parts[0]);
	assert_string_equal(part_a->name, "PART_A");
	assert_int_equal(part_a->id, 256);
	assert_int_equal(part_a->index, 0);
	assert_false(part_a->is_ns);
	assert_int_equal(part_a->priority, SPM_PRIORITY_NORMAL);
	assert_int_equal(part_b->id, 257);
	assert_int_equal(part_b->index, 1);
	assert_int_equal(part_b->priority, SPM_PRIORITY_HIGH);
	assert_int_equal(part_a->signals_asserted, 0);
	assert_null(s->current);
	assert_ptr_equal(s->config.backend, &fake_backend_ops);
	assert_int_equal(s->config.lifecycle_state, 0x3000);
}

static void test_init_signals(void **state)
{
	(void)state;
	assert_int_equal(part_a->signals_service, 0x30);
	assert_int_equal(part_a->signals_irq, 0xC0000000u);
	assert_int_equal(part_a->signals_allowed,
	                 0x30u | 0xC0000000u | PSA_DOORBELL);
	assert_int_equal(part_b->signals_service, 0x10);
	assert_int_equal(part_b->signals_allowed,
	                 0x10u | 0xC0000000u | PSA_DOORBELL);
}

static void test_init_irq_enable_by_ffm_version(void **state)
{
	(void)state;
	/* FF-M 1.1: disabled until psa_irq_enable(); FF-M 1.0: enabled. */
	assert_int_equal(part_a->irq_enabled, 0);
	assert_int_equal(part_b->irq_enabled, 0x3);
}

static void test_init_services(void **state)
{
	struct spm *s = spm_sys();

	(void)state;
	assert_int_equal(s->n_services, 3);
	assert_int_equal(part_a->n_services, 2);
	assert_int_equal(part_b->n_services, 1);
	assert_ptr_equal(part_a->services[0].desc, &a_services[0]);
	assert_ptr_equal(part_a->services[1].desc, &a_services[1]);
	assert_ptr_equal(part_b->services[0].desc, &b_services[0]);
	assert_ptr_equal(part_a->services[0].owner, part_a);
	assert_ptr_equal(part_a->services[1].owner, part_a);
	assert_ptr_equal(part_b->services[0].owner, part_b);
	assert_null(part_a->services[0].queue_head);
	assert_null(part_a->services[0].queue_tail);
}

static void test_init_ns_side_last(void **state)
{
	struct spm *s = spm_sys();

	(void)state;
	assert_ptr_equal(s->ns, &s->partitions[2]);
	assert_true(s->ns->is_ns);
	assert_null(s->ns->desc);
	assert_int_equal(s->ns->id, NS_ID);
	assert_true(s->ns->id < 0);
	assert_int_equal(s->ns->index, 2);
	assert_true(s->ns->priority > SPM_PRIORITY_LOW);
	assert_int_equal(s->ns->n_services, 0);
	assert_int_equal(s->ns->signals_allowed, 0);
}

static void test_init_sizes_connection_pool(void **state)
{
	(void)state;
	assert_int_equal(conn_in_use(), 0);
	for (uint32_t i = 0; i < CONNS; i++) {
		assert_non_null(conn_alloc(&part_a->services[0], part_a));
	}
	assert_null(conn_alloc(&part_a->services[0], part_a));
}

static void test_init_starts_afresh(void **state)
{
	struct spm *s = spm_sys();
	struct spm_config cfg = config(&table);
	char why[128];

	(void)state;
	s->counters.panics = 5;
	s->panic.valid = true;
	s->current = part_a;
	part_a->signals_asserted = 0x10;
	(void)conn_alloc(&part_a->services[0], part_a);
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), 0);
	assert_int_equal(s->counters.panics, 0);
	assert_false(s->panic.valid);
	assert_null(s->current);
	assert_int_equal(part_a->signals_asserted, 0);
	assert_int_equal(conn_in_use(), 0);
	assert_int_equal(s->n_services, 3);
}

static void test_init_refuses_table_version(void **state)
{
	struct spm_load_table bad = table;
	struct spm_config cfg = config(&bad);
	char why[256] = "";

	(void)state;
	bad.version = SPM_LOAD_TABLE_VERSION + 1u;
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "version"));
	assert_non_null(strstr(why, "2"));
}

static void test_init_refuses_too_many_partitions(void **state)
{
	static struct spm_partition_desc many[SPM_MAX_PARTITIONS + 1];
	struct spm_load_table t = {.version = SPM_LOAD_TABLE_VERSION,
	                           .n_partitions = SPM_MAX_PARTITIONS + 1,
	                           .partitions = many};
	struct spm_config cfg = config(&t);
	char why[256] = "";
	char expect[16];

	(void)state;
	for (uint32_t i = 0; i <= SPM_MAX_PARTITIONS; i++) {
		many[i] = parts[0];
		many[i].pid = (int32_t)(300 + i);
		many[i].n_services = 0;
		many[i].n_irqs = 0;
	}
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), -1);
	snprintf(expect, sizeof(expect), "%u", SPM_MAX_PARTITIONS + 1u);
	assert_non_null(strstr(why, expect));
	assert_non_null(strstr(why, "partitions"));

	/* The largest number is accepted. */
	t.n_partitions = SPM_MAX_PARTITIONS;
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), 0);
	assert_int_equal(spm_sys()->n_partitions, SPM_MAX_PARTITIONS);
	assert_ptr_equal(spm_sys()->ns,
	                 &spm_sys()->partitions[SPM_MAX_PARTITIONS]);
}

static void test_init_refuses_too_many_services(void **state)
{
	static struct spm_service_desc svcs[SPM_MAX_SERVICES + 1];
	struct spm_partition_desc two[2] = {parts[0], parts[1]};
	struct spm_load_table t = {.version = SPM_LOAD_TABLE_VERSION,
	                           .n_partitions = 2,
	                           .partitions = two};
	struct spm_config cfg = config(&t);
	char why[256] = "";

	(void)state;
	for (uint32_t i = 0; i <= SPM_MAX_SERVICES; i++) {
		svcs[i] = (struct spm_service_desc){.name = "S",
		                                    .sid = 0x1000 + i};
	}
	two[0].services = svcs;
	two[0].n_services = SPM_MAX_SERVICES - 1u;
	two[1].services = svcs;
	two[1].n_services = 2;
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "services"));

	two[1].n_services = 1;
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), 0);
	assert_int_equal(spm_sys()->n_services, SPM_MAX_SERVICES);
}

static void test_init_routes_irq_lines(void **state)
{
	(void)state;
	/* FF-M 1.1 lines start disabled at the controller, 1.0 enabled. */
	assert_false(fake_irq.enabled[7]);
	assert_false(fake_irq.enabled[8]);
	assert_true(fake_irq.enabled[9]);
	assert_true(fake_irq.enabled[10]);
	assert_int_equal(spm_irq_line_of(part_a, 0), 7);
	assert_int_equal(spm_irq_line_of(part_a, 1), 8);
	assert_int_equal(spm_irq_line_of(part_b, 1), 10);
}

static void test_init_resolves_named_irq_source(void **state)
{
	static const struct fake_irq_name names[] = {{"TIMER0", 42}, {NULL, 0}};
	struct spm_irq_desc irq = a_irqs[0];
	struct spm_partition_desc p = parts[0];
	struct spm_load_table t = {.version = SPM_LOAD_TABLE_VERSION,
	                           .n_partitions = 1,
	                           .partitions = &p};
	struct spm_config cfg = config(&t);
	char why[256] = "";

	(void)state;
	irq.source_name = "TIMER0";
	irq.source = 0;
	p.irqs = &irq;
	p.n_irqs = 1;
	fake_irq.names = names;
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), 0);
	assert_int_equal(spm_irq_line_of(&spm_sys()->partitions[0], 0), 42);
}

static void test_init_refuses_unknown_irq_source(void **state)
{
	struct spm_irq_desc irq = a_irqs[0];
	struct spm_partition_desc p = parts[0];
	struct spm_load_table t = {.version = SPM_LOAD_TABLE_VERSION,
	                           .n_partitions = 1,
	                           .partitions = &p};
	struct spm_config cfg = config(&t);
	char why[256] = "";

	(void)state;
	irq.source_name = "NO_SUCH_IRQ";
	p.irqs = &irq;
	p.n_irqs = 1;
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "PART_A"));
	assert_non_null(strstr(why, "NO_SUCH_IRQ"));
}

static void test_init_refuses_shared_irq_line(void **state)
{
	struct spm_partition_desc two[2] = {parts[0], parts[1]};
	struct spm_load_table t = {.version = SPM_LOAD_TABLE_VERSION,
	                           .n_partitions = 2,
	                           .partitions = two};
	struct spm_config cfg = config(&t);
	char why[256] = "";

	(void)state;
	two[1].irqs = a_irqs; /* lines 7 and 8, PART_A's too */
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "PART_A"));
	assert_non_null(strstr(why, "PART_B"));
	assert_non_null(strstr(why, "7"));
}

static void test_init_binds_boundaries(void **state)
{
	(void)state;
	assert_int_equal(fake_isolation.inits, 1);
	assert_int_equal(fake_isolation.level, 1);
	assert_int_equal(fake_isolation.mpu_regions, 16);
	assert_ptr_equal(fake_isolation.table, &table);
	assert_int_equal(fake_isolation.binds, 3); /* two partitions, NS */
	assert_int_equal(part_a->boundary, 1);
	assert_int_equal(part_b->boundary, 2);
	assert_int_equal(spm_sys()->ns->boundary, 3);
}

static void test_init_refuses_isolation_failures(void **state)
{
	struct spm_config cfg = config(&table);
	char why[256] = "";

	(void)state;
	cfg.isolation_level = 3;
	fake_isolation.init_result = -1;
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), -1);
	assert_int_equal(fake_isolation.level, 3);
	assert_non_null(strstr(why, "level 3 refused"));
	fake_isolation.init_result = 0;
	fake_isolation.bind_fail_index = 1;
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "cannot bind 1"));
	fake_isolation.bind_fail_index = 2; /* the non-secure side */
	assert_int_equal(spm_init(&cfg, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "cannot bind 2"));
}

/* ------------------------------------------------------------- lookups */

static void test_service_by_sid(void **state)
{
	(void)state;
	assert_ptr_equal(spm_service_by_sid(SID_A1), &part_a->services[0]);
	assert_ptr_equal(spm_service_by_sid(SID_A2), &part_a->services[1]);
	assert_ptr_equal(spm_service_by_sid(SID_B1), &part_b->services[0]);
	assert_null(spm_service_by_sid(0x102));
	assert_null(spm_service_by_sid(0));
}

static void test_service_by_stateless_index(void **state)
{
	(void)state;
	assert_ptr_equal(spm_service_by_stateless_index(3),
	                 &part_a->services[1]);
	assert_null(spm_service_by_stateless_index(1));
	assert_null(spm_service_by_stateless_index(2));
	assert_null(spm_service_by_stateless_index(32));
}

static void test_partition_by_id(void **state)
{
	(void)state;
	assert_ptr_equal(spm_partition_by_id(256), part_a);
	assert_ptr_equal(spm_partition_by_id(257), part_b);
	assert_null(spm_partition_by_id(258));
	assert_null(spm_partition_by_id(0));
	/* The non-secure side is no secure partition. */
	assert_null(spm_partition_by_id(NS_ID));
}

static void test_service_by_signal(void **state)
{
	(void)state;
	assert_ptr_equal(spm_service_by_signal(part_a, 1u << 4),
	                 &part_a->services[0]);
	assert_ptr_equal(spm_service_by_signal(part_a, 1u << 5),
	                 &part_a->services[1]);
	assert_ptr_equal(spm_service_by_signal(part_b, 1u << 4),
	                 &part_b->services[0]);
	assert_null(spm_service_by_signal(part_b, 1u << 5));
	assert_null(spm_service_by_signal(part_a, 1u << 31));
	assert_null(spm_service_by_signal(part_a, PSA_DOORBELL));
	assert_null(spm_service_by_signal(part_a, 0x30));
	assert_null(spm_service_by_signal(spm_sys()->ns, 1u << 4));
}

static void test_client_id(void **state)
{
	(void)state;
	assert_int_equal(spm_client_id(part_a), 256);
	assert_int_equal(spm_client_id(spm_sys()->ns), NS_ID);
}

/* ------------------------------------------------------- authorisation */

static void test_ns_needs_non_secure_clients(void **state)
{
	struct spm_partition *ns = spm_sys()->ns;

	(void)state;
	assert_true(spm_caller_authorised(ns, spm_service_by_sid(SID_A1)));
	assert_false(spm_caller_authorised(ns, spm_service_by_sid(SID_A2)));
	assert_true(spm_caller_authorised(ns, spm_service_by_sid(SID_B1)));
}

static void test_secure_needs_dependency(void **state)
{
	(void)state;
	assert_true(spm_caller_authorised(part_a, spm_service_by_sid(SID_B1)));
	/* non_secure_clients does not open a service to secure callers,
	 * and a partition's own service is no dependency of its own. */
	assert_false(spm_caller_authorised(part_a, spm_service_by_sid(SID_A1)));
	assert_false(spm_caller_authorised(part_a, spm_service_by_sid(SID_A2)));
	assert_false(spm_caller_authorised(part_b, spm_service_by_sid(SID_A1)));
	assert_false(spm_caller_authorised(part_b, spm_service_by_sid(SID_B1)));
}

/* ------------------------------------------------- programmer errors */

static void test_programmer_error_ns_returns(void **state)
{
	struct spm *s = spm_sys();
	volatile psa_status_t st = 0;
	volatile enum fake_escape e = FAKE_FATAL;

	(void)state;
	s->current = s->ns;
	FAKE_CATCH(e, st = spm_programmer_error("psa_call", "some rule"));
	assert_int_equal(e, FAKE_RETURNED);
	assert_int_equal(st, PSA_ERROR_PROGRAMMER_ERROR);
	assert_false(s->panic.valid);
	assert_int_equal(s->counters.panics, 0);
	assert_int_equal(fake_arch.exits, 0);
}

static void test_programmer_error_secure_panics(void **state)
{
	static const char api[] = "psa_call";
	static const char rule[] = "some rule";
	struct spm *s = spm_sys();
	volatile enum fake_escape e = FAKE_RETURNED;
	uint64_t switches = s->counters.context_switches;

	(void)state;
	s->current = part_b;
	FAKE_CATCH(e, (void)spm_programmer_error(api, rule));
	assert_int_equal(e, FAKE_EXITED);
	assert_true(s->panic.valid);
	assert_int_equal(s->panic.cause, SPM_PANIC_PROGRAMMER_ERROR);
	assert_int_equal(s->panic.partition_id, 257);
	assert_string_equal(s->panic.partition, "PART_B");
	assert_ptr_equal(s->panic.api, api);
	assert_ptr_equal(s->panic.rule, rule);
	assert_false(s->panic.during_boot);
	assert_int_equal(s->counters.panics, 1);
	assert_int_equal(s->exit, SPM_EXIT_PANIC);
	assert_int_equal(fake_arch.exits, 1);
	assert_ptr_equal(fake_arch.last_exit_to, &s->boot_ctx);
	assert_int_equal(s->counters.context_switches, switches + 1u);
}

static void test_panic_records_cause_and_boot(void **state)
{
	struct spm *s = spm_sys();
	volatile enum fake_escape e = FAKE_RETURNED;

	(void)state;
	s->booting = true;
	FAKE_CATCH(e, spm_panic(part_a, SPM_PANIC_PSA_PANIC, "psa_panic",
	                        "called"));
	assert_int_equal(e, FAKE_EXITED);
	assert_int_equal(s->panic.cause, SPM_PANIC_PSA_PANIC);
	assert_int_equal(s->panic.partition_id, 256);
	assert_true(s->panic.during_boot);

	s->booting = false;
	FAKE_CATCH(e, spm_panic(part_b, SPM_PANIC_PARTITION_FAILED,
	                        "entry_point", "returned"));
	assert_int_equal(e, FAKE_EXITED);
	assert_int_equal(s->panic.cause, SPM_PANIC_PARTITION_FAILED);
	assert_int_equal(s->panic.partition_id, 257);
	assert_string_equal(s->panic.api, "entry_point");
	assert_false(s->panic.during_boot);
	assert_int_equal(s->counters.panics, 2);
}

static void test_exit_to_boot_records_reason(void **state)
{
	struct spm *s = spm_sys();
	volatile enum fake_escape e = FAKE_RETURNED;

	(void)state;
	FAKE_CATCH(e, spm_exit_to_boot(SPM_EXIT_NS_RETURNED));
	assert_int_equal(e, FAKE_EXITED);
	assert_int_equal(s->exit, SPM_EXIT_NS_RETURNED);
	assert_ptr_equal(fake_arch.last_exit_to, &s->boot_ctx);
	assert_false(s->panic.valid);
}

static void test_check_failed_is_fatal(void **state)
{
	volatile enum fake_escape e = FAKE_RETURNED;

	(void)state;
	FAKE_CATCH(e, SPM_CHECK(1 + 1 == 3));
	assert_int_equal(e, FAKE_FATAL);
	assert_non_null(strstr(fake_arch.fatal_file, "test_spm.c"));
	assert_true(fake_arch.fatal_line > 0);
	assert_string_equal(fake_arch.fatal_what, "1 + 1 == 3");
	FAKE_CATCH(e, SPM_CHECK(1 + 1 == 2));
	assert_int_equal(e, FAKE_RETURNED);
	assert_int_equal(fake_arch.fatals, 1);
}

/* ------------------------------------------------------------- signals */

static void test_assert_signals_wakes_through_backend(void **state)
{
	(void)state;
	part_a->signals_asserted = PSA_DOORBELL;
	spm_assert_signals(part_a, 1u << 4);
	assert_int_equal(part_a->signals_asserted, PSA_DOORBELL | (1u << 4));
	assert_int_equal(fake_backend.signals_asserted_calls, 1);
	assert_ptr_equal(fake_backend.last_asserted, part_a);
	/* The backend sees the signal already asserted. */
	assert_int_equal(fake_backend.last_asserted_signals,
	                 PSA_DOORBELL | (1u << 4));
	spm_assert_signals(part_b, 1u << 31);
	assert_int_equal(fake_backend.signals_asserted_calls, 2);
	assert_ptr_equal(fake_backend.last_asserted, part_b);
	assert_int_equal(part_b->signals_asserted, 1u << 31);
	assert_int_equal(part_a->signals_asserted, PSA_DOORBELL | (1u << 4));
}

static void test_caller_inside_and_outside(void **state)
{
	struct spm *s = spm_sys();

	(void)state;
	s->current = part_a;
	assert_ptr_equal(spm_caller("psa_call"), part_a);
	s->current = s->ns;
	assert_ptr_equal(spm_caller("psa_call"), s->ns);
	assert_int_equal(fake_arch.reports, 0);
	/* From outside any simulated context: reported, naming the API. */
	s->current = NULL;
	assert_null(spm_caller("psa_connect"));
	assert_int_equal(fake_arch.reports, 1);
	assert_non_null(strstr(fake_arch.report, "psa_connect"));
	assert_false(s->panic.valid);
}

static void test_set_current_switches_boundary(void **state)
{
	struct spm *s = spm_sys();

	(void)state;
	/* From the boot context: whatever was active before, activate. */
	spm_set_current(part_a);
	assert_ptr_equal(s->current, part_a);
	assert_int_equal(fake_isolation.activations, 1);
	assert_int_equal(fake_isolation.last_activated, part_a->boundary);
	assert_int_equal(s->counters.boundary_switches, 0);
	spm_set_current(part_b);
	assert_ptr_equal(s->current, part_b);
	assert_int_equal(fake_isolation.activations, 2);
	assert_int_equal(fake_isolation.last_activated, part_b->boundary);
	assert_int_equal(s->counters.boundary_switches, 1);
	/* The same boundary again: nothing to reprogram. */
	spm_set_current(part_b);
	assert_int_equal(fake_isolation.activations, 2);
	spm_set_current(s->ns);
	assert_int_equal(fake_isolation.activations, 3);
	assert_int_equal(fake_isolation.last_activated, s->ns->boundary);
	assert_int_equal(s->counters.boundary_switches, 2);
	/* Back to the boot context, then to the partition last active. */
	spm_set_current(NULL);
	assert_null(s->current);
	assert_int_equal(fake_isolation.activations, 3);
	spm_set_current(s->ns);
	assert_int_equal(fake_isolation.activations, 4);
	assert_int_equal(s->counters.boundary_switches, 2);
}

static void test_enter_takes_interrupts(void **state)
{
	(void)state;
	fake_irq.take = spm_irq_handler;
	spm_enter();
	assert_int_equal(fake_irq.points, 1);
	assert_int_equal(fake_backend.preempt_calls, 0);
	/* A SLIH of PART_B (line 9): masked, signal asserted, and a
	 * preemption point follows so PART_B may run at once. */
	fake_irq_raise(9);
	spm_enter();
	assert_int_equal(fake_irq.taken, 1);
	assert_int_equal(part_b->signals_asserted, 1u << 31);
	assert_false(fake_irq.enabled[9]);
	assert_int_equal(part_b->irq_enabled, 0x2);
	assert_int_equal(fake_backend.signals_asserted_calls, 1);
	assert_int_equal(fake_backend.preempt_calls, 1);
	/* A disabled line stays pending. */
	fake_irq_raise(7);
	spm_enter();
	assert_true(fake_irq.pending[7]);
	assert_int_equal(fake_backend.preempt_calls, 1);
	assert_int_equal(spm_sys()->counters.spm_entries, 3);
}

static void test_enter_counts(void **state)
{
	(void)state;
	assert_int_equal(spm_sys()->counters.spm_entries, 0);
	spm_enter();
	spm_enter();
	assert_int_equal(spm_sys()->counters.spm_entries, 2);
	assert_ptr_equal(spm_sys(), spm_sys());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
	        T(test_init_partitions),
	        T(test_init_signals),
	        T(test_init_irq_enable_by_ffm_version),
	        T(test_init_services),
	        T(test_init_ns_side_last),
	        T(test_init_sizes_connection_pool),
	        T(test_init_starts_afresh),
	        T(test_init_refuses_table_version),
	        T(test_init_refuses_too_many_partitions),
	        T(test_init_refuses_too_many_services),
	        T(test_init_routes_irq_lines),
	        T(test_init_resolves_named_irq_source),
	        T(test_init_refuses_unknown_irq_source),
	        T(test_init_refuses_shared_irq_line),
	        T(test_init_binds_boundaries),
	        T(test_init_refuses_isolation_failures),
	        T(test_service_by_sid),
	        T(test_service_by_stateless_index),
	        T(test_partition_by_id),
	        T(test_service_by_signal),
	        T(test_client_id),
	        T(test_ns_needs_non_secure_clients),
	        T(test_secure_needs_dependency),
	        T(test_programmer_error_ns_returns),
	        T(test_programmer_error_secure_panics),
	        T(test_panic_records_cause_and_boot),
	        T(test_exit_to_boot_records_reason),
	        T(test_check_failed_is_fatal),
	        T(test_assert_signals_wakes_through_backend),
	        T(test_caller_inside_and_outside),
	        T(test_set_current_switches_boundary),
	        T(test_enter_takes_interrupts),
	        T(test_enter_counts),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
