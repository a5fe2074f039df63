/*
 * The IPC backend: every partition runs in a context of its own, and so does
 * the non-secure side. A client's psa_call() queues the message, asserts the
 * service's signal and blocks the client; the scheduler then runs the
 * highest-priority runnable context (HIGH, NORMAL, LOW, then the non-secure
 * side; first come, first served within a priority). The reply makes the
 * client runnable again.
 *
 * Scheduling points: a context blocks (psa_wait with nothing asserted, a
 * client waiting for its reply), and the preemption points the frontend
 * calls after making another context runnable (psa_reply, psa_notify). When
 * nothing can run, control goes back to the boot context: at boot that means
 * every partition has initialised; while non-secure code runs it means a
 * deadlock.
 *
 * An SFN-model partition under this backend runs a loop in its context: wait
 * for its service signals, take the message, call the service function,
 * reply with its return value.
 */
#include <stdio.h>

#include "backend.h"
#include "conn.h"
#include "frontend.h"
#include "irq.h"

/** Priorities: HIGH, NORMAL, LOW, and the non-secure side below them. */
#define N_PRIORITIES (SPM_PRIORITY_LOW + 2u)

enum thread_state {
	T_NONE = 0,
	T_READY,
	T_RUNNING,
	T_WAIT_SIGNALS,
	T_WAIT_REPLY,
};

struct thread {
	struct arch_context ctx;
	struct spm_partition *p;
	enum thread_state state;
	bool live;
	psa_signal_t wait_mask;
	struct thread *next;
};

struct ipc_state {
	struct thread threads[SPM_MAX_PARTITIONS + 1];
	/** The running thread; NULL while the boot context runs. */
	struct thread *running;
	struct thread *head[N_PRIORITIES];
	struct thread *tail[N_PRIORITIES];
	/** Bit p set while the queue of priority p is not empty. */
	uint32_t ready_mask;
	void (*ns_fn)(void *arg);
	void *ns_arg;
};

static struct ipc_state ipc;

static void ipc_preempt_point(void);

static int ipc_check(const struct spm_load_table *t, unsigned level, char *why,
                     size_t why_size)
{
	(void)t;
	if (level < 1 || level > 3) {
		snprintf(why, why_size,
		         "isolation level %u does not exist "
		         "(1, 2 or 3)",
		         level);
		return -1;
	}
	return 0;
}

static struct thread *thread_of(const struct spm_partition *p)
{
	return &ipc.threads[p->index];
}

/** Queues @t behind the others of its priority (or in front of them). */
static void make_ready(struct thread *t, bool front)
{
	uint32_t prio = t->p->priority;

	t->state = T_READY;
	if (ipc.head[prio] == NULL) {
		t->next = NULL;
		ipc.head[prio] = ipc.tail[prio] = t;
		ipc.ready_mask |= 1u << prio;
	} else if (front) {
		t->next = ipc.head[prio];
		ipc.head[prio] = t;
	} else {
		t->next = NULL;
		ipc.tail[prio]->next = t;
		ipc.tail[prio] = t;
	}
}

/** The priority of the best ready thread, or N_PRIORITIES when none. */
static uint32_t best_priority(void)
{
	/* The lowest set bit of the mask: one instruction, no queue walk. */
	return ipc.ready_mask != 0 ? (uint32_t)__builtin_ctz(ipc.ready_mask)
	                           : N_PRIORITIES;
}

/** Takes the best ready thread off its queue, or NULL. */
static struct thread *pick(void)
{
	uint32_t prio = best_priority();
	struct thread *t;

	if (prio == N_PRIORITIES) {
		return NULL;
	}
	t = ipc.head[prio];
	ipc.head[prio] = t->next;
	if (ipc.head[prio] == NULL) {
		ipc.tail[prio] = NULL;
		ipc.ready_mask &= ~(1u << prio);
	}
	t->next = NULL;
	return t;
}

/** Saves the running context (a thread or boot) and runs @next. */
static void switch_to(struct thread *next)
{
	struct spm *s = spm_sys();
	struct thread *prev = ipc.running;

	ipc.running = next;
	next->state = T_RUNNING;
	spm_set_current(next->p);
	if (next == prev) {
		/* Woken while idling in its own wait: it simply goes on. */
		return;
	}
	s->counters.context_switches++;
	arch_context_switch(prev != NULL ? &prev->ctx : &s->boot_ctx,
	                    &next->ctx);
}

/**
 * The next thread to run, taking interrupts first; with none ready outside
 * boot, the core idles until an interrupt makes one ready or none can come.
 */
static struct thread *next_thread(void)
{
	struct thread *next;

	(void)arch_interrupt_point();
	next = pick();
	while (next == NULL && !spm_sys()->booting && arch_idle()) {
		next = pick();
	}
	return next;
}

/** The running thread has blocked: run another, or go back to boot. */
static void block(void)
{
	struct spm *s = spm_sys();
	struct thread *self = ipc.running;
	struct thread *next;

	if (spm_in_interrupt()) {
		spm_panic(s->current, SPM_PANIC_PROGRAMMER_ERROR, "flih",
		          "a first-level handler called a PSA function that "
		          "blocks");
	}
	next = next_thread();
	if (next != NULL) {
		switch_to(next);
		return;
	}
	ipc.running = NULL;
	s->current = NULL;
	s->exit = SPM_EXIT_IDLE;
	s->counters.context_switches++;
	arch_context_switch(&self->ctx, &s->boot_ctx);
}

/** From the boot context: run threads until nothing can run. */
static enum spm_exit run_from_boot(void)
{
	struct thread *next = next_thread();

	spm_sys()->exit = SPM_EXIT_IDLE;
	if (next != NULL) {
		switch_to(next);
	}
	return spm_sys()->exit;
}

/** Serves the services of an SFN-model partition, forever. */
static void sfn_loop(struct spm_partition *p)
{
	for (;;) {
		psa_signal_t ready =
		        spm_wait_impl(p, p->signals_service, PSA_BLOCK);

		for (uint32_t i = 0; i < p->n_services; i++) {
			struct spm_service *svc = &p->services[i];
			struct spm_conn *c;
			psa_msg_t msg;
			psa_status_t status;

			if ((ready & svc->desc->signal) == 0 ||
			    spm_get_impl(svc, &msg) != PSA_SUCCESS) {
				continue;
			}
			c = conn_from_msg_handle(msg.handle);
			status = spm_run_sfn(svc->desc->sfn, &msg);
			if (!spm_reply_status_valid(c, status)) {
				spm_panic(p, SPM_PANIC_PROGRAMMER_ERROR,
				          "psa_reply", SPM_RULE_CONNECT_STATUS);
			}
			spm_reply_impl(c, status);
			ipc_preempt_point();
		}
	}
}

/** The first code of every partition context. */
static void partition_entry(void *arg)
{
	struct thread *t = arg;
	struct spm_partition *p = t->p;

	if (p->desc->model == SPM_MODEL_IPC) {
		void (*entry)(void) = p->desc->entry_point;

		/* The SPM's state is out of reach while it runs. */
		arch_run_entry(entry);
		spm_panic(p, SPM_PANIC_PARTITION_FAILED, "entry_point",
		          "the partition's entry point returned");
	}
	if (p->desc->entry_init != NULL &&
	    spm_run_init(p->desc->entry_init) != PSA_SUCCESS) {
		spm_panic(p, SPM_PANIC_PARTITION_FAILED, "entry_init",
		          "entry_init returned an error status");
	}
	sfn_loop(p);
}

static void ipc_stop(void)
{
	for (uint32_t i = 0; i <= SPM_MAX_PARTITIONS; i++) {
		if (ipc.threads[i].live) {
			arch_context_destroy(&ipc.threads[i].ctx);
		}
	}
	ipc = (struct ipc_state){0};
}

static int ipc_start(void)
{
	struct spm *s = spm_sys();

	ipc_stop();
	for (uint32_t i = 0; i < s->n_partitions; i++) {
		struct thread *t = &ipc.threads[i];

		t->p = &s->partitions[i];
		if (arch_context_create(&t->ctx, t->p->desc->stack_size,
		                        partition_entry, t) != 0) {
			ipc_stop();
			return -1;
		}
		t->live = true;
		arch_isolation_add_stack(t->p->boundary, &t->ctx);
		make_ready(t, false);
	}
	(void)run_from_boot();
	return 0;
}

/** The non-secure side's context. */
static void ns_entry(void *arg)
{
	struct spm *s = spm_sys();

	(void)arg;
	ipc.ns_fn(ipc.ns_arg);
	ipc.running = NULL;
	s->current = NULL;
	spm_exit_to_boot(SPM_EXIT_NS_RETURNED);
}

static enum spm_exit ipc_run_ns(void (*fn)(void *arg), void *arg)
{
	struct spm *s = spm_sys();
	struct thread *t = thread_of(s->ns);
	enum spm_exit exit;

	t->p = s->ns;
	ipc.ns_fn = fn;
	ipc.ns_arg = arg;
	if (arch_context_create(&t->ctx, SPM_NS_STACK_SIZE, ns_entry, NULL) !=
	    0) {
		return SPM_EXIT_NONE;
	}
	t->live = true;
	arch_isolation_add_stack(s->ns->boundary, &t->ctx);
	make_ready(t, false);
	exit = run_from_boot();
	if (exit != SPM_EXIT_PANIC) {
		/* Returned, or blocked for good: the NS side ends either way.
		 */
		arch_context_destroy(&t->ctx);
		*t = (struct thread){0};
	}
	return exit;
}

static psa_status_t ipc_messaging(struct spm_conn *c)
{
	struct thread *self = ipc.running;

	spm_msg_enqueue(c);
	self->state = T_WAIT_REPLY;
	block();
	return c->status;
}

static void ipc_replied(struct spm_conn *c)
{
	struct thread *t = thread_of(c->client);

	if (t->state == T_WAIT_REPLY) {
		make_ready(t, false);
	}
}

static psa_signal_t ipc_wait(struct spm_partition *p, psa_signal_t mask)
{
	struct thread *t = thread_of(p);

	t->wait_mask = mask;
	t->state = T_WAIT_SIGNALS;
	block();
	return p->signals_asserted & mask;
}

static void ipc_signals_asserted(struct spm_partition *p)
{
	struct thread *t = thread_of(p);

	if (t->state == T_WAIT_SIGNALS &&
	    (p->signals_asserted & t->wait_mask) != 0) {
		make_ready(t, false);
	}
}

static void ipc_preempt_point(void)
{
	struct thread *self = ipc.running;

	if (self == NULL || spm_in_interrupt() ||
	    best_priority() >= self->p->priority) {
		return;
	}
	/* Preempted, it goes first among its equals when it runs again. */
	make_ready(self, true);
	switch_to(pick());
}

const struct backend_ops backend_ipc = {
        .name = "IPC",
        .check = ipc_check,
        .start = ipc_start,
        .stop = ipc_stop,
        .run_ns = ipc_run_ns,
        .messaging = ipc_messaging,
        .replied = ipc_replied,
        .wait = ipc_wait,
        .signals_asserted = ipc_signals_asserted,
        .preempt_point = ipc_preempt_point,
};
