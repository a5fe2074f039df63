/*
 * The Secure image's main(): boots the SPM on the load table the build
 * generated, for the backend and isolation level it was built with, and
 * hands the core to the non-secure image. After a panic it reports the
 * record and resets the system, as TF-M does: the SPM and the partitions
 * boot afresh and the non-secure image starts again from its reset
 * handler. The run ends when the non-secure image's reset handler returns:
 * its value is QEMU's exit status.
 *
 * Build-time choices come from the command line: ARMV8M_BACKEND (the
 * backend_ops to run), ARMV8M_ISOLATION_LEVEL, ARMV8M_MAX_RESETS.
 */
#include <stdio.h>

#include "an505.h"
#include "armv8m.h"
#include "backend.h"
#include "conn.h"
#include "load_table.h"
#include "psa/lifecycle.h"
#include "spm.h"

extern const struct spm_load_table spm_load_table;
extern char __ram_start[], __bss_end[], __heap_start[], __heap_end[];

/** Exit statuses of a run that did not end in the non-secure image. */
#define EXIT_BOOT_FAILED     2
#define EXIT_TOO_MANY_RESETS 3
#define EXIT_STUCK           4

static int ns_status;

/** The non-secure side's context: the non-secure image, to its end. */
static void run_ns_image(void *arg)
{
	(void)arg;
	ns_status = armv8m_run_ns_image();
}

/** Builds the SPM's state and starts the partitions; 0 or -1. */
static int boot(const struct spm_config *config)
{
	struct spm *s = spm_sys();
	struct spm_counters counters = s->counters;
	struct spm_panic_record panic = s->panic;
	char why[160];

	if (spm_init(config, why, sizeof(why)) != 0) {
		printf("spmsim: cannot boot: %s\n", why);
		return -1;
	}
	/* What happened before the reset is still readable after it. */
	s->counters = counters;
	s->panic = panic;
	s->booting = true;
	if (config->backend->start() != 0) {
		printf("spmsim: out of memory creating the partitions' "
		       "contexts\n");
		return -1;
	}
	s->booting = false;
	if (s->exit == SPM_EXIT_PANIC) {
		printf("spmsim: partition '%s' panicked while initialising "
		       "(%s: %s); the system is halted\n",
		       s->panic.partition, s->panic.api, s->panic.rule);
		return -1;
	}
	return 0;
}

/** Prints the panic record the way the host's tests print theirs. */
static void report_panic(const struct spm_panic_record *p)
{
	printf("spmsim: panic: partition %s (%ld), %s: %s\n", p->partition,
	       (long)p->partition_id, p->api, p->rule);
	if (p->cause == SPM_PANIC_FAULT) {
		printf("spmsim: fault: %s at 0x%08lx%s%s%s, isolation level "
		       "%u\n",
		       p->fault.type, (unsigned long)p->fault.address,
		       p->fault.region[0] != '\0' ? " (" : "", p->fault.region,
		       p->fault.region[0] != '\0' ? ")" : "",
		       (unsigned)ARMV8M_ISOLATION_LEVEL);
	}
}

int main(void)
{
	const struct spm_config config = {
	        .table = &spm_load_table,
	        .backend = &ARMV8M_BACKEND,
	        .isolation_level = ARMV8M_ISOLATION_LEVEL,
	        .mpu_regions = (MPU_TYPE >> 8) & 0xFFu,
	        .connections = SPM_MAX_CONNECTIONS,
	        .lifecycle_state = PSA_LIFECYCLE_SECURED,
	        .ns_client_id = -1,
	};
	char why[200];

	armv8m_console_init(UART1_S);
	armv8m_board_security();
	armv8m_faults_init();
	printf("spmsim: Cortex-M33 (mps2-an505), %s backend, isolation "
	       "level %u; Secure RAM %lu bytes static, %lu bytes heap\n",
	       config.backend->name, config.isolation_level,
	       (unsigned long)(__bss_end - __ram_start),
	       (unsigned long)(__heap_end - __heap_start));
	if (config.backend->check(config.table, config.isolation_level, why,
	                          sizeof(why)) != 0) {
		printf("spmsim: %s\n", why);
		return EXIT_BOOT_FAILED;
	}
	conn_pool_clear();
	for (;;) {
		enum spm_exit exit;

		if (boot(&config) != 0) {
			return EXIT_BOOT_FAILED;
		}
		exit = config.backend->run_ns(run_ns_image, NULL);
		if (exit == SPM_EXIT_NS_RETURNED) {
			return ns_status;
		}
		if (exit != SPM_EXIT_PANIC) {
			printf("spmsim: nothing can run: the non-secure side "
			       "waits for a reply that cannot come\n");
			return EXIT_STUCK;
		}
		report_panic(&spm_sys()->panic);
		config.backend->stop();
		if (spm_sys()->counters.resets >= ARMV8M_MAX_RESETS) {
			return EXIT_TOO_MANY_RESETS;
		}
		spm_sys()->counters.resets++;
		armv8m_areas_init();
		printf("spmsim: reset\n");
	}
}

void arch_trace(const struct spm_trace_event *ev)
{
	/* Tracing is never enabled on the target (no spm_trace_enable()). */
	(void)ev;
}

void arch_report(const char *what)
{
	printf("spmsim: %s\n", what);
}

void arch_fatal(const char *file, int line, const char *what)
{
	printf("spmsim: %s:%d: internal error: %s\n", file, line, what);
	armv8m_exit(70);
}
