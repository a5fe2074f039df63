/*
 * The host harness (include/spmsim/spmsim.h): boots the SPM core with the
 * chosen backend, runs non-secure code, and turns panics into resets or a
 * halt as TF-M does.
 *
 * A reset stops the backend (every context is destroyed), puts every
 * partition's memory back to its pristine state (and, with ns_reboot, the
 * non-secure image's to its state at boot), rebuilds the core state from
 * the load table and starts the backend again. Counters and the last panic
 * record survive resets, so a test can see what happened.
 */
#include "spmsim/spmsim.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "conn.h"
#include "devices/devices.h"
#include "devices/flash_dev.h"
#include "fault.h"
#include "inject.h"
#include "irq_sim.h"
#include "isolation.h"
#include "ns_heap.h"
#include "ns_image.h"
#include "ns_threads.h"
#include "protect.h"
#include "psa/lifecycle.h"
#include "resets.h"
#include "sim_memory.h"
#include "spm.h"
#include "spmsim_config.h"
#include "trace/sim_trace.h"
#include "veneer.h"

/** The build's load table, when the build links one. */
extern const struct spm_load_table spm_load_table __attribute__((weak));

static struct {
	bool booted;
	bool halted;
	/** Inside spmsim_run_ns(): the harness must not be re-entered. */
	bool running;
	/** A run was left by a longjmp; the system must be reset. */
	bool abandoned;
	enum spmsim_backend backend;
	enum spmsim_panic_policy policy;
	enum spmsim_protection protection;
	/** A reset reloads the non-secure image's data (ns_image.h). */
	bool ns_reboot;
	struct spm_config config;
	const char *flash_file;
	enum spmsim_reset_cause last_reset;
	/** The non-secure function spmsim_run_ns() runs, and its argument. */
	void (*ns_fn)(void *arg);
	void *ns_arg;
	char error[512];
} h;

/** Records @fmt as the reason of a failure and returns @status. */
static psa_status_t fail(psa_status_t status, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static psa_status_t fail(psa_status_t status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h.error, sizeof(h.error), fmt, ap);
	va_end(ap);
	return status;
}

enum spmsim_backend spmsim_default_backend(void)
{
	return strcmp(SPMSIM_CONFIG_BACKEND, "SFN") == 0 ? SPMSIM_BACKEND_SFN
	                                                 : SPMSIM_BACKEND_IPC;
}

const char *spmsim_backend_name(enum spmsim_backend backend)
{
	if (backend == SPMSIM_BACKEND_DEFAULT) {
		backend = spmsim_default_backend();
	}
	return backend == SPMSIM_BACKEND_SFN ? "SFN" : "IPC";
}

/** Fills h.config from @cfg, defaults applied; a status and h.error. */
static psa_status_t resolve(const struct spmsim_config *cfg)
{
	const struct spmsim_config none = {0};

	cfg = cfg != NULL ? cfg : &none;
	h.backend = cfg->backend != SPMSIM_BACKEND_DEFAULT
	                    ? cfg->backend
	                    : spmsim_default_backend();
	h.policy = cfg->panic_policy;
	h.flash_file = cfg->flash_file;
	h.protection = cfg->protection;
	h.ns_reboot = cfg->ns_reboot;
	h.config = (struct spm_config){
	        .table = cfg->table != NULL ? cfg->table : &spm_load_table,
	        .backend = h.backend == SPMSIM_BACKEND_SFN ? &backend_sfn
	                                                   : &backend_ipc,
	        .isolation_level = cfg->isolation_level != 0
	                                   ? cfg->isolation_level
	                                   : SPMSIM_CONFIG_ISOLATION,
	        .mpu_regions = cfg->mpu_regions != 0 ? cfg->mpu_regions : 8,
	        .connections = cfg->connections != 0
	                               ? cfg->connections
	                               : SPMSIM_DEFAULT_CONNECTIONS,
	        .lifecycle_state = cfg->lifecycle_state != 0
	                                   ? cfg->lifecycle_state
	                                   : PSA_LIFECYCLE_SECURED,
	        .ns_client_id = cfg->ns_client_id != 0 ? cfg->ns_client_id : -1,
	};
	if (h.config.table == NULL) {
		return fail(PSA_ERROR_INVALID_ARGUMENT,
		            "no load table: pass one in spmsim_config.table "
		            "or link the build's generated load_table.c");
	}
	if (h.config.isolation_level > 3) {
		return fail(PSA_ERROR_INVALID_ARGUMENT,
		            "isolation level %u does not exist (1, 2 or 3)",
		            h.config.isolation_level);
	}
	if (h.config.connections > SPMSIM_MAX_CONNECTIONS) {
		return fail(PSA_ERROR_INVALID_ARGUMENT,
		            "%u connections asked, at most %u are supported",
		            h.config.connections, SPMSIM_MAX_CONNECTIONS);
	}
	if (h.protection != SPMSIM_PROTECTION_TRAP &&
	    h.protection != SPMSIM_PROTECTION_CHECK) {
		return fail(PSA_ERROR_INVALID_ARGUMENT,
		            "protection mode %d does not exist (TRAP or CHECK)",
		            (int)h.protection);
	}
	if (h.config.ns_client_id >= 0) {
		return fail(PSA_ERROR_INVALID_ARGUMENT,
		            "ns_client_id %d: non-secure client ids are "
		            "negative",
		            (int)h.config.ns_client_id);
	}
	return PSA_SUCCESS;
}

/** Builds the core state and starts the backend; counters survive. */
static psa_status_t start_system(void)
{
	struct spm *s = spm_sys();
	struct spm_counters counters = s->counters;
	struct spm_panic_record panic = s->panic;
	char why[256];
	int rc;

	if (sim_irq_start() != 0) {
		return fail(PSA_ERROR_GENERIC_ERROR,
		            "cannot set up the interrupt signal");
	}
	if (sim_devices_start() != 0) {
		return fail(PSA_ERROR_GENERIC_ERROR,
		            "cannot map the devices' registers");
	}
	sim_isolation_set_mode(h.protection == SPMSIM_PROTECTION_TRAP);
	if (spm_init(&h.config, why, sizeof(why)) != 0) {
		return fail(PSA_ERROR_NOT_SUPPORTED, "%s", why);
	}
	s->counters = counters;
	s->panic = panic;
	s->booting = true;
	sim_veneer_route_update(false);
	sim_trace_boot(h.config.backend->name, h.config.isolation_level);
	if (sim_fault_start() != 0) {
		return fail(PSA_ERROR_GENERIC_ERROR,
		            "cannot install the fault handlers");
	}
	if (sim_resets_init_begin() != 0) {
		sim_fault_stop();
		return fail(PSA_ERROR_GENERIC_ERROR,
		            "cannot start the watchdog timer");
	}
	rc = h.config.backend->start();
	sim_resets_init_end();
	sim_fault_stop();
	s->booting = false;
	if (rc != 0) {
		return fail(PSA_ERROR_INSUFFICIENT_MEMORY,
		            "out of memory creating the partitions' contexts");
	}
	if (s->exit == SPM_EXIT_PANIC) {
		h.halted = true;
		return fail(PSA_ERROR_GENERIC_ERROR,
		            "partition '%s' panicked while initialising "
		            "(%s: %s); the system is halted",
		            s->panic.partition, s->panic.api, s->panic.rule);
	}
	return PSA_SUCCESS;
}

/** Stops whatever runs and puts the partitions' memory back. */
static void stop_system(void)
{
	h.config.backend->stop();
	sim_devices_stop();
	sim_irq_stop();
	sim_memory_restore();
}

static psa_status_t reset_system(const char *why);

/**
 * True when code run by spmsim_run_ns() is calling. A run can also be left
 * without returning, when a failed CMocka assertion in non-secure code
 * longjmp()s back to the test: then the caller is on the boot stack, the
 * run is over, and its contexts are simply abandoned (the next boot or
 * reset destroys them).
 */
static bool called_from_run(void)
{
	if (sim_ns_threads_caller()) {
		return true; /* a non-secure thread of a threaded run */
	}
	if (h.running && !arch_on_context_stack()) {
		h.running = false;
		h.abandoned = true;
		/* Left from partition or non-secure code: the boot context
		 * is the SPM's side again. */
		sim_isolation_enter_spm();
	}
	return h.running;
}

/** After an abandoned run the system is mid-flight: start it afresh. */
static void recover_abandoned(void)
{
	if (h.abandoned) {
		h.abandoned = false;
		sim_resets_run_end();
		if (h.booted) {
			(void)reset_system("a run left by a longjmp");
		}
	}
}

psa_status_t spmsim_boot(const struct spmsim_config *config)
{
	psa_status_t status;
	char why[256];

	h.error[0] = '\0';
	if (called_from_run()) {
		return fail(PSA_ERROR_BAD_STATE, "spmsim_boot() called from "
		                                 "code run by spmsim_run_ns()");
	}
	recover_abandoned();
	if (h.booted) {
		return fail(PSA_ERROR_BAD_STATE,
		            "a system is already booted: "
		            "call spmsim_shutdown() first");
	}
	status = resolve(config);
	if (status != PSA_SUCCESS) {
		return status;
	}
	if (h.config.backend->check(h.config.table, h.config.isolation_level,
	                            why, sizeof(why)) != 0) {
		return fail(PSA_ERROR_NOT_SUPPORTED, "%s", why);
	}
	if (flash_dev_open(h.flash_file, why, sizeof(why)) != 0) {
		return fail(PSA_ERROR_STORAGE_FAILURE, "%s", why);
	}
	h.last_reset = SPMSIM_RESET_NONE;
	sim_ns_heap_core();
	sim_memory_snapshot();
	if (h.ns_reboot) {
		sim_ns_image_snapshot();
	}
	conn_pool_clear();
	spm_sys()->counters = (struct spm_counters){0};
	spm_sys()->panic = (struct spm_panic_record){0};
	h.booted = true;
	h.halted = false;
	status = start_system();
	if (status != PSA_SUCCESS && !h.halted) {
		/* Nothing runs: the system was never up. (A panic while the
		 * partitions initialise leaves it booted and halted, so that
		 * the panic can be read.) */
		stop_system();
		flash_dev_close();
		h.booted = false;
	}
	return status;
}

/** The reset after a panic or a deadlock, or asked by the harness (@why). */
static psa_status_t reset_system(const char *why)
{
	sim_trace_reset(why);
	stop_system();
	if (h.ns_reboot) {
		sim_ns_image_restore();
	}
	h.halted = false;
	spm_sys()->counters.resets++;
	return start_system();
}

psa_status_t spmsim_reset(void)
{
	if (called_from_run()) {
		return fail(PSA_ERROR_BAD_STATE, "spmsim_reset() called from "
		                                 "code run by spmsim_run_ns()");
	}
	h.abandoned = false;
	if (!h.booted) {
		return fail(PSA_ERROR_BAD_STATE, "no system is booted");
	}
	h.last_reset = SPMSIM_RESET_HARNESS;
	return reset_system("harness request");
}

/** Turns the backend's reason for stopping into the harness's answer. */
static enum spmsim_exit ns_outcome(enum spm_exit exit)
{
	enum sim_resets_taken injected = sim_resets_take();

	if (injected != SIM_RESETS_NONE) {
		/* A reset from outside the SPM: no panic policy applies. */
		h.last_reset = injected == SIM_RESETS_INJECTED
		                       ? SPMSIM_RESET_INJECTED
		                       : SPMSIM_RESET_WATCHDOG;
		return reset_system(injected == SIM_RESETS_INJECTED
		                            ? "injected reset"
		                    : injected == SIM_RESETS_WATCHDOG
		                            ? "watchdog: the core spun"
		                            : "watchdog device") == PSA_SUCCESS
		               ? SPMSIM_EXIT_RESET
		               : SPMSIM_EXIT_HALTED;
	}
	switch (exit) {
	case SPM_EXIT_NS_RETURNED:
		return SPMSIM_EXIT_RETURNED;
	case SPM_EXIT_IDLE:
		h.last_reset = SPMSIM_RESET_DEADLOCK;
		(void)reset_system("deadlock: nothing can run");
		return SPMSIM_EXIT_DEADLOCK;
	case SPM_EXIT_PANIC:
		if (h.policy == SPMSIM_PANIC_HALT) {
			h.halted = true;
			return SPMSIM_EXIT_HALTED;
		}
		h.last_reset = SPMSIM_RESET_PANIC;
		return reset_system("panic") == PSA_SUCCESS
		               ? SPMSIM_EXIT_RESET
		               : SPMSIM_EXIT_HALTED;
	default:
		fail(PSA_ERROR_INSUFFICIENT_MEMORY,
		     "out of memory creating the non-secure context");
		return SPMSIM_EXIT_ERROR;
	}
}

/**
 * The non-secure side's code, as the backend runs it: under its own view
 * of memory (the secure side faults), then back to the SPM's.
 */
static void ns_code(void *unused)
{
	(void)unused;
	sim_isolation_leave_spm();
	h.ns_fn(h.ns_arg);
	sim_isolation_enter_spm();
}

/**
 * Checks that a run may start now; SPMSIM_EXIT_RETURNED when it may, else
 * the answer to give.
 */
static enum spmsim_exit may_run(const char *api)
{
	if (called_from_run()) {
		fail(PSA_ERROR_BAD_STATE, "%s() called from code it runs", api);
		return SPMSIM_EXIT_ERROR;
	}
	recover_abandoned();
	if (!h.booted) {
		return SPMSIM_EXIT_NOT_BOOTED;
	}
	if (h.halted) {
		return SPMSIM_EXIT_HALTED;
	}
	return SPMSIM_EXIT_RETURNED;
}

/**
 * Runs @fn(@arg) as the non-secure side's code on the backend; *@exit says
 * how it ended. Returns 0, or -1 (SPMSIM_EXIT_ERROR) when the run could not
 * start.
 */
static int run_backend(void (*fn)(void *arg), void *arg, enum spm_exit *exit)
{
	if (sim_fault_start() != 0) {
		fail(PSA_ERROR_GENERIC_ERROR,
		     "cannot install the fault handlers");
		return -1;
	}
	if (sim_resets_run_begin() != 0) {
		sim_fault_stop();
		fail(PSA_ERROR_GENERIC_ERROR,
		     "cannot start the watchdog timer");
		return -1;
	}
	h.running = true;
	h.ns_fn = fn;
	h.ns_arg = arg;
	sim_isolation_place_ns_stack(true);
	sim_isolation_harness_frames(__builtin_frame_address(0));
	*exit = h.config.backend->run_ns(ns_code, NULL);
	sim_isolation_harness_frames(NULL);
	sim_isolation_place_ns_stack(false);
	h.running = false;
	sim_resets_run_end();
	return 0;
}

/** After a run: the program's own fault handlers are back. */
static void run_over(void)
{
	sim_fault_stop();
	/* Nothing may stay lazy: the program's handlers cannot open it. */
	sim_protect_open_lazy();
}

enum spmsim_exit spmsim_run_ns(void (*fn)(void *arg), void *arg)
{
	enum spmsim_exit can = may_run("spmsim_run_ns");
	enum spm_exit exit;

	if (can != SPMSIM_EXIT_RETURNED) {
		return can;
	}
	if (run_backend(fn, arg, &exit) != 0) {
		return SPMSIM_EXIT_ERROR;
	}
	run_over();
	return ns_outcome(exit);
}

enum spmsim_exit spmsim_run_ns_threads(struct spmsim_ns_run *run)
{
	enum spmsim_exit can = may_run("spmsim_run_ns_threads");
	enum spm_exit exit = SPM_EXIT_NONE;
	char why[160];

	if (can != SPMSIM_EXIT_RETURNED) {
		return can;
	}
	if (!sim_veneers_linked()) {
		fail(PSA_ERROR_NOT_SUPPORTED,
		     "non-secure threads need a program linked with the "
		     "entry veneers (the Makefile's SPMSIM_LINK)");
		return SPMSIM_EXIT_ERROR;
	}
	/* The threads' faults are caught from their first instruction to
	 * their last. */
	if (sim_fault_start() != 0) {
		fail(PSA_ERROR_GENERIC_ERROR,
		     "cannot install the fault handlers");
		return SPMSIM_EXIT_ERROR;
	}
	if (sim_ns_threads_start(run, why, sizeof(why)) != 0) {
		run_over();
		fail(PSA_ERROR_INVALID_ARGUMENT, "%s", why);
		return SPMSIM_EXIT_ERROR;
	}
	if (run_backend(sim_ns_threads_agent, NULL, &exit) != 0) {
		sim_ns_threads_finish(true);
		run_over();
		return SPMSIM_EXIT_ERROR;
	}
	sim_ns_threads_finish(exit != SPM_EXIT_NS_RETURNED);
	run_over();
	spm_sys()->ns->id = h.config.ns_client_id;
	spm_sys()->ns->client_id = h.config.ns_client_id;
	return ns_outcome(exit);
}

int32_t spmsim_ns_client_id(void)
{
	return sim_ns_threads_client_id(h.config.ns_client_id);
}

void spmsim_shutdown(void)
{
	if (called_from_run()) {
		fail(PSA_ERROR_BAD_STATE, "spmsim_shutdown() called from code "
		                          "run by spmsim_run_ns(): ignored");
		arch_report(h.error);
		return;
	}
	h.abandoned = false;
	if (!h.booted) {
		return;
	}
	stop_system();
	sim_isolation_release();
	sim_fault_release();
	sim_devices_release();
	sim_resets_clear();
	sim_inject_cancel();
	flash_dev_close();
	h.booted = false;
	h.halted = false;
}

bool spmsim_booted(void)
{
	return h.booted;
}

bool spmsim_halted(void)
{
	return h.booted && h.halted;
}

const char *spmsim_error(void)
{
	return h.error;
}

/* The core's panic causes are the harness's, value for value. */
_Static_assert(SPM_PANIC_PROGRAMMER_ERROR ==
                               (int)SPMSIM_PANIC_PROGRAMMER_ERROR &&
                       SPM_PANIC_PSA_PANIC == (int)SPMSIM_PANIC_PSA_PANIC &&
                       SPM_PANIC_PARTITION_FAILED ==
                               (int)SPMSIM_PANIC_PARTITION_FAILED &&
                       SPM_PANIC_FAULT == (int)SPMSIM_PANIC_FAULT &&
                       SPM_PANIC_WATCHDOG == (int)SPMSIM_PANIC_WATCHDOG &&
                       SPM_PANIC_ABORT == (int)SPMSIM_PANIC_ABORT,
               "spm_core/spm.h and spmsim/spmsim.h panic causes");

bool spmsim_last_panic(struct spmsim_panic *out)
{
	const struct spm_panic_record *r = &spm_sys()->panic;

	if (!r->valid) {
		return false;
	}
	*out = (struct spmsim_panic){
	        .cause = (enum spmsim_panic_cause)r->cause,
	        .partition_id = r->partition_id,
	        .partition = r->partition,
	        .api = r->api,
	        .rule = r->rule,
	        .during_boot = r->during_boot,
	};
	if (r->cause == SPM_PANIC_FAULT) {
		out->fault.type = r->fault.type;
		out->fault.access = r->fault.access;
		out->fault.address = r->fault.address;
		out->fault.host_address = sim_fault_host_address();
		out->fault.region = r->fault.region;
		out->fault.isolation_level = h.config.isolation_level;
	}
	return true;
}

void spmsim_get_counters(struct spmsim_counters *out)
{
	const struct spm_counters *c = &spm_sys()->counters;

	*out = (struct spmsim_counters){
	        .context_switches = c->context_switches,
	        .spm_entries = c->spm_entries,
	        .boundary_switches = c->boundary_switches,
	        .messages = c->messages,
	        .panics = c->panics,
	        .resets = c->resets,
	};
}

enum spmsim_backend spmsim_backend(void)
{
	return h.booted ? h.backend : SPMSIM_BACKEND_DEFAULT;
}

const char *spmsim_exit_name(enum spmsim_exit exit)
{
	static const char *const names[] = {
	        [SPMSIM_EXIT_RETURNED] = "returned",
	        [SPMSIM_EXIT_RESET] = "reset",
	        [SPMSIM_EXIT_HALTED] = "halted",
	        [SPMSIM_EXIT_DEADLOCK] = "deadlock",
	        [SPMSIM_EXIT_NOT_BOOTED] = "not booted",
	        [SPMSIM_EXIT_ERROR] = "error",
	};

	if ((unsigned)exit >= sizeof(names) / sizeof(names[0])) {
		return "unknown";
	}
	return names[exit];
}

/* ------------------------------------------------------ injected resets */

void spmsim_reset_after(uint64_t n)
{
	uint64_t now = spm_sys()->counters.spm_entries;

	sim_resets_arm(n > UINT64_MAX - now ? UINT64_MAX - 1 : now + n);
}

void spmsim_reset_after_cancel(void)
{
	sim_resets_arm(UINT64_MAX);
}

void spmsim_watchdog(uint64_t ns)
{
	sim_resets_watchdog_set(ns);
}

enum spmsim_reset_cause spmsim_last_reset(void)
{
	return h.last_reset;
}

/** The secure partition called @name in the booted system, or NULL. */
static const struct spm_partition *partition_named(const char *name)
{
	const struct spm *s = spm_sys();

	for (uint32_t i = 0; name != NULL && i < s->n_partitions; i++) {
		if (strcmp(s->partitions[i].name, name) == 0) {
			return &s->partitions[i];
		}
	}
	return NULL;
}

psa_status_t spmsim_inject(const struct spmsim_injection *inj)
{
	const struct spm_partition *p;

	if (!h.booted) {
		return fail(PSA_ERROR_BAD_STATE, "spmsim_inject(): no system "
		                                 "is booted");
	}
	if (!sim_veneers_linked()) {
		return fail(PSA_ERROR_NOT_SUPPORTED,
		            "spmsim_inject(): the program was linked without "
		            "the entry veneers (SPMSIM_LINK)");
	}
	p = partition_named(inj->partition);
	if (p == NULL) {
		return fail(PSA_ERROR_DOES_NOT_EXIST,
		            "spmsim_inject(): no secure partition '%.60s'",
		            inj->partition ? inj->partition : "(null)");
	}
	return sim_inject_arm(inj, p, h.error, sizeof(h.error));
}

bool spmsim_inject_pending(uint64_t *counted)
{
	return sim_inject_pending(counted);
}

void spmsim_inject_cancel(void)
{
	sim_inject_cancel();
}
