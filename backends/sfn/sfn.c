/*
 * The SFN backend: one execution context for the secure side. A psa_call()
 * runs the service function directly on the caller's stack and its return
 * value is the reply. Partition initialisation (entry_init) runs once at boot
 * in priority order. Nothing here switches between partitions, so nothing can
 * wait for another partition: a blocking psa_wait() with no signal asserted
 * can never be satisfied and ends the run as a deadlock.
 */
#include <stdio.h>

#include "backend.h"
#include "conn.h"
#include "frontend.h"
#include "irq.h"
#include "trace.h"

static struct {
	struct arch_context ctx;
	bool ctx_live;
	void (*ns_fn)(void *arg);
	void *ns_arg;
} sfn;

static int sfn_check(const struct spm_load_table *t, unsigned level, char *why,
                     size_t why_size)
{
	for (uint32_t i = 0; i < t->n_partitions; i++) {
		if (t->partitions[i].model != SPM_MODEL_SFN) {
			snprintf(why, why_size,
			         "partition '%s' uses the IPC model, which the "
			         "SFN backend cannot run: the IPC backend "
			         "(CONFIG_TFM_SPM_BACKEND=IPC) is required",
			         t->partitions[i].name);
			return -1;
		}
	}
	if (level != 1) {
		snprintf(why, why_size,
		         "isolation level %u needs the IPC backend "
		         "(CONFIG_TFM_SPM_BACKEND=IPC): the SFN backend "
		         "supports isolation level 1 only",
		         level);
		return -1;
	}
	return 0;
}

/** Runs every entry_init, HIGH priority first, then returns to boot. */
static void init_all(void *arg)
{
	struct spm *s = spm_sys();

	(void)arg;
	for (uint32_t prio = SPM_PRIORITY_HIGH; prio <= SPM_PRIORITY_LOW;
	     prio++) {
		for (uint32_t i = 0; i < s->n_partitions; i++) {
			struct spm_partition *p = &s->partitions[i];

			if (p->priority != prio ||
			    p->desc->entry_init == NULL) {
				continue;
			}
			spm_set_current(p);
			if (spm_run_init(p->desc->entry_init) != PSA_SUCCESS) {
				spm_panic(
				        p, SPM_PANIC_PARTITION_FAILED,
				        "entry_init",
				        "entry_init returned an error status");
			}
		}
	}
	s->current = NULL;
	spm_exit_to_boot(SPM_EXIT_IDLE);
}

/** Runs @entry on the one context until it comes back to boot. */
static int run_on_context(void (*entry)(void *arg))
{
	struct spm *s = spm_sys();

	if (arch_context_create(&sfn.ctx, SPM_NS_STACK_SIZE, entry, NULL) !=
	    0) {
		return -1;
	}
	sfn.ctx_live = true;
	/* At level 1 (the only one SFN runs) the owner matters only to the
	 * non-secure side's pointer checks. */
	arch_isolation_add_stack(s->ns->boundary, &sfn.ctx);
	s->counters.context_switches++;
	arch_context_switch(&s->boot_ctx, &sfn.ctx);
	arch_context_destroy(&sfn.ctx);
	sfn.ctx_live = false;
	return 0;
}

static int sfn_start(void)
{
	return run_on_context(init_all);
}

static void sfn_stop(void)
{
	if (sfn.ctx_live) {
		arch_context_destroy(&sfn.ctx);
		sfn.ctx_live = false;
	}
}

/** The non-secure side's entry on the one context. */
static void ns_entry(void *arg)
{
	struct spm *s = spm_sys();

	(void)arg;
	spm_set_current(s->ns);
	sfn.ns_fn(sfn.ns_arg);
	s->current = NULL;
	spm_exit_to_boot(SPM_EXIT_NS_RETURNED);
}

static enum spm_exit sfn_run_ns(void (*fn)(void *arg), void *arg)
{
	sfn.ns_fn = fn;
	sfn.ns_arg = arg;
	if (run_on_context(ns_entry) != 0) {
		return SPM_EXIT_NONE;
	}
	return spm_sys()->exit;
}

static psa_status_t sfn_messaging(struct spm_conn *c)
{
	struct spm *s = spm_sys();
	struct spm_partition *caller = s->current;
	struct spm_service *svc = c->service;
	psa_msg_t msg;
	psa_status_t status;

	s->counters.messages++;
	spm_msg_take(c, &msg);
	spm_set_current(svc->owner);
	spm_trace_service_begin(c);
	status = spm_run_sfn(svc->desc->sfn, &msg);
	if (!spm_reply_status_valid(c, status)) {
		spm_panic(svc->owner, SPM_PANIC_PROGRAMMER_ERROR, "psa_reply",
		          SPM_RULE_CONNECT_STATUS);
	}
	spm_reply_record(c, status);
	spm_set_current(caller);
	return c->status;
}

static void sfn_replied(struct spm_conn *c)
{
	(void)c;
}

static psa_signal_t sfn_wait(struct spm_partition *p, psa_signal_t mask)
{
	/*
	 * One context: only an interrupt can assert the signal, so the core
	 * idles taking interrupts until one does, or none can come.
	 */
	if (spm_in_interrupt()) {
		spm_panic(p, SPM_PANIC_PROGRAMMER_ERROR, "flih",
		          "a first-level handler called a PSA function that "
		          "blocks");
	}
	while ((p->signals_asserted & mask) == 0) {
		if (!arch_idle()) {
			spm_exit_to_boot(SPM_EXIT_IDLE);
		}
	}
	return p->signals_asserted & mask;
}

static void sfn_signals_asserted(struct spm_partition *p)
{
	(void)p;
}

static void sfn_preempt_point(void)
{
}

const struct backend_ops backend_sfn = {
        .name = "SFN",
        .check = sfn_check,
        .start = sfn_start,
        .stop = sfn_stop,
        .run_ns = sfn_run_ns,
        .messaging = sfn_messaging,
        .replied = sfn_replied,
        .wait = sfn_wait,
        .signals_asserted = sfn_signals_asserted,
        .preempt_point = sfn_preempt_point,
};
