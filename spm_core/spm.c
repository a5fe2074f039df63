/*
 * The system state and the policies every API shares: lookups, authorisation,
 * the programmer-error policy and panics.
 */
#include "spm.h"

#include "backend.h"
#include "conn.h"
#include "irq.h"
#include "trace.h"
#include <stdio.h>

struct spm spm_system;

/** Fills the run-time services of @p from its descriptor. */
static int init_services(struct spm_partition *p, char *why, size_t n)
{
	const struct spm_partition_desc *d = p->desc;

	if (spm_system.n_services + d->n_services > SPM_MAX_SERVICES) {
		snprintf(why, n, "more than %u services in the system",
		         (unsigned)SPM_MAX_SERVICES);
		return -1;
	}
	p->services = &spm_system.services[spm_system.n_services];
	p->n_services = d->n_services;
	for (uint32_t i = 0; i < d->n_services; i++) {
		struct spm_service *s = &p->services[i];

		uint32_t index = d->services[i].stateless_index;

		*s = (struct spm_service){.desc = &d->services[i], .owner = p};
		p->signals_service |= d->services[i].signal;
		/* The first service of an index is the one calls reach. */
		if (index >= 1 && index <= SPM_MAX_STATELESS &&
		    spm_system.stateless[index - 1] == NULL) {
			spm_system.stateless[index - 1] = s;
		}
	}
	spm_system.n_services += d->n_services;
	return 0;
}

/** Fills run-time partition @i from its descriptor. */
static int init_partition(uint32_t i, char *why, size_t n)
{
	const struct spm_partition_desc *d =
	        &spm_system.config.table->partitions[i];
	struct spm_partition *p = &spm_system.partitions[i];

	*p = (struct spm_partition){
	        .desc = d,
	        .name = d->name,
	        .id = d->pid,
	        .client_id = d->pid,
	        .index = i,
	        .priority = (uint32_t)d->priority,
	};
	for (uint32_t k = 0; k < d->n_irqs; k++) {
		p->signals_irq |= d->irqs[k].signal;
		/* FF-M 1.0 IRQs start enabled, FF-M 1.1 ones disabled. */
		if (d->ffm_version == SPM_FFM_VERSION_1_0) {
			p->irq_enabled |= 1u << k;
		}
	}
	if (init_services(p, why, n) != 0) {
		return -1;
	}
	p->signals_allowed = p->signals_service | p->signals_irq | PSA_DOORBELL;
	return 0;
}

/** Sets up isolation for the level and binds every partition's boundary. */
static int bind_boundaries(char *why, size_t why_size)
{
	const struct spm_load_table *t = spm_system.config.table;

	if (arch_isolation_init(spm_system.config.isolation_level,
	                        spm_system.config.mpu_regions, t, why,
	                        why_size) != 0) {
		return -1;
	}
	for (uint32_t i = 0; i < spm_system.n_partitions; i++) {
		if (arch_isolation_bind(&t->partitions[i], i,
		                        &spm_system.partitions[i].boundary, why,
		                        why_size) != 0) {
			return -1;
		}
	}
	return arch_isolation_bind(NULL, spm_system.n_partitions,
	                           &spm_system.ns->boundary, why, why_size);
}

int spm_init(const struct spm_config *config, char *why, size_t why_size)
{
	const struct spm_load_table *t = config->table;

	spm_system = (struct spm){.config = *config};
	if (t->version != SPM_LOAD_TABLE_VERSION) {
		snprintf(why, why_size,
		         "load table version %u, this SPM reads version %u "
		         "(regenerate it with this build's spm-manifest)",
		         (unsigned)t->version, SPM_LOAD_TABLE_VERSION);
		return -1;
	}
	if (t->n_partitions > SPM_MAX_PARTITIONS) {
		snprintf(why, why_size,
		         "%u partitions, at most %u are supported",
		         (unsigned)t->n_partitions,
		         (unsigned)SPM_MAX_PARTITIONS);
		return -1;
	}
	spm_system.n_partitions = t->n_partitions;
	for (uint32_t i = 0; i < t->n_partitions; i++) {
		if (init_partition(i, why, why_size) != 0) {
			return -1;
		}
	}
	spm_system.ns = &spm_system.partitions[t->n_partitions];
	*spm_system.ns = (struct spm_partition){
	        .name = "non-secure",
	        .id = config->ns_client_id,
	        .client_id = config->ns_client_id,
	        .index = t->n_partitions,
	        .is_ns = true,
	        .priority = SPM_PRIORITY_LOW + 1u,
	};
	conn_pool_init(config->connections);
	if (bind_boundaries(why, why_size) != 0) {
		return -1;
	}
	return spm_irq_init(why, why_size);
}

struct spm_service *spm_service_by_sid(uint32_t sid)
{
	for (uint32_t i = 0; i < spm_system.n_services; i++) {
		if (spm_system.services[i].desc->sid == sid) {
			return &spm_system.services[i];
		}
	}
	return NULL;
}

struct spm_partition *spm_partition_by_id(int32_t id)
{
	for (uint32_t i = 0; i < spm_system.n_partitions; i++) {
		if (spm_system.partitions[i].id == id) {
			return &spm_system.partitions[i];
		}
	}
	return NULL;
}

struct spm_service *spm_service_by_signal(struct spm_partition *p,
                                          psa_signal_t signal)
{
	for (uint32_t i = 0; i < p->n_services; i++) {
		if (p->services[i].desc->signal == signal) {
			return &p->services[i];
		}
	}
	return NULL;
}

bool spm_dependency_listed(const struct spm_partition *caller,
                           const struct spm_service *svc)
{
	const struct spm_partition_desc *d = caller->desc;

	for (uint32_t i = 0; i < d->n_dependencies; i++) {
		if (d->dependencies[i] == svc->desc->sid) {
			return true;
		}
	}
	return false;
}

void spm_interrupts_taken(void)
{
	if (!spm_in_interrupt()) {
		spm_system.config.backend->preempt_point();
	}
}

struct spm_partition *spm_caller_outside(const char *api)
{
	char what[160];

	snprintf(what, sizeof(what),
	         "%s() called outside the simulated system: call the "
	         "PSA API from code run by spmsim_run_ns()",
	         api);
	arch_report(what);
	return NULL;
}

psa_status_t spm_programmer_error(const char *api, const char *rule)
{
	if (spm_acts_ns(spm_system.current)) {
		return PSA_ERROR_PROGRAMMER_ERROR;
	}
	spm_panic(spm_system.current, SPM_PANIC_PROGRAMMER_ERROR, api, rule);
}

void spm_panic(struct spm_partition *p, enum spm_panic_cause cause,
               const char *api, const char *rule)
{
	spm_system.panic = (struct spm_panic_record){
	        .valid = true,
	        .cause = cause,
	        .partition_id = p->id,
	        .partition = p->name,
	        .api = api,
	        .rule = rule,
	        .during_boot = spm_system.booting,
	};
	spm_trace_panic(p, api, rule);
	spm_system.counters.panics++;
	spm_exit_to_boot(SPM_EXIT_PANIC);
}

void spm_fault(struct spm_partition *p, const struct spm_fault *f)
{
	spm_system.panic = (struct spm_panic_record){
	        .valid = true,
	        .cause = SPM_PANIC_FAULT,
	        .partition_id = p->id,
	        .partition = p->name,
	        .api = f->type,
	        .rule = f->rule != NULL ? f->rule
	                                : "a memory access outside the "
	                                  "partition's isolation boundary",
	        .during_boot = spm_system.booting,
	        .fault = *f,
	};
	spm_trace_fault(p, f);
	spm_trace_panic(p, f->type, spm_system.panic.rule);
	spm_system.counters.panics++;
	spm_exit_to_boot(SPM_EXIT_PANIC);
}

void spm_switch_boundary(struct spm_partition *was, struct spm_partition *p)
{
	if (was == NULL) {
		arch_isolation_activate(p->boundary);
		return;
	}
	if (p->switch_from != was->boundary) {
		p->switch_from = was->boundary;
		p->switch_needed = arch_isolation_switch_needed(was->boundary,
		                                                p->boundary);
	}
	if (p->switch_needed) {
		spm_cross_boundary(was, p);
	}
}

void spm_assert_signals(struct spm_partition *p, psa_signal_t signals)
{
	p->signals_asserted |= signals;
	spm_system.config.backend->signals_asserted(p);
}

void spm_exit_to_boot(enum spm_exit exit)
{
	spm_system.exit = exit;
	spm_system.counters.context_switches++;
	arch_context_exit_to(&spm_system.boot_ctx);
	SPM_CHECK(false); /* the boot context never resumes an exited one */
	for (;;) {
	}
}

void spm_check_failed(const char *file, int line, const char *what)
{
	arch_fatal(file, line, what);
}
