/*
 * Several non-secure threads, the non-secure agent that takes their calls
 * into the SPM one at a time (see spmsim_run_ns_threads()), and the
 * mailbox through which the threads of a second core reach the mailbox
 * agent partition (<spmsim/ns_agent.h>).
 *
 * How it works. Each non-secure thread is a real POSIX thread on a stack
 * the harness maps (non-secure memory to the SPM, isolation.c), with every
 * asynchronous signal blocked: interrupts, the watchdog and the agent's
 * wake-up go to the thread that runs the simulated core, and only there.
 * A thread's psa_* call reaches its veneer (veneer.c), which posts it here
 * as a job and waits on the thread's semaphore. The core's thread runs the
 * agent as the non-secure side's code: it picks one waiting job, makes the
 * thread's client id the non-secure side's, makes the call through the
 * same veneer as single-threaded code (so the SPM, the backends and page
 * protection see one non-secure caller at a time, as TF-M's TrustZone
 * agent gives them), stores the result and wakes the thread. With nothing
 * to do it sleeps in sigtimedwait() on the interrupt signal and its own
 * wake-up signal, and takes the interrupts that arrive meanwhile, so
 * partitions serve their interrupts while the threads compute.
 *
 * Order: first come, first served (a ticket per posting), or, seeded, a
 * job is picked only once every live thread waits, by a generator seeded
 * with the run's seed: the calls enter the SPM in the same order on every
 * run, whatever the host's timing.
 *
 * Mailbox clients do not go through the agent: a call is posted into the
 * lowest free slot of the mailbox (or waits on a condition variable for
 * one), the doorbell interrupt of the mailbox agent partition is raised,
 * and the thread waits on its semaphore. The agent partition, on the
 * core's thread, takes the lowest pending slot, calls for the client and
 * replies, which frees the slot and posts the semaphore.
 *
 * A run that ends under the threads (the backend came back: a panic, a
 * reset, a deadlock) leaves the agent's context abandoned mid-call; then
 * sim_ns_threads_finish() fails the call in flight and every waiting one,
 * marks the run over (later calls fail at once), and joins the threads.
 *
 * Locking: one mutex guards every field of the agent block below that a
 * non-secure thread touches; the agent never holds it while it calls into
 * the SPM. The block is mapped, not static: the simulator's own data is
 * read-only to whatever view the core's code runs under, and the threads
 * write here at any time.
 */
#define _GNU_SOURCE
#include "ns_threads.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "irq_sim.h"
#include "isolation.h"
#include "protect.h"
#include "spm.h"
#include "spmsim/ns_agent.h"
#include "veneer.h"

#define DEFAULT_STACK (256u * 1024u)
#define ALT_STACK     (64u * 1024u)
/** How long the idle agent sleeps before it looks again. */
#define IDLE_MS       100u

enum thread_state {
	/** Runs its own code. */
	T_RUNS = 0,
	/** Has posted a job and waits for the agent. */
	T_WAITS,
	/** The agent runs its job in the SPM. */
	T_IN_SPM,
	/** Its job is in the mailbox. */
	T_MAILBOX,
	/** It waits for a free slot of the mailbox. */
	T_MAILBOX_FULL,
	/** Its function returned. */
	T_DONE,
};

struct sim_ns_thread {
	struct spmsim_ns_thread *desc;
	int32_t client_id;
	enum thread_state state;
	struct sim_ns_job *job;
	uint64_t ticket;
	uint64_t calls;
	/** The run ended under it: its calls fail at once. */
	bool cut;
	/** A client of the other core: its calls go through the mailbox. */
	bool mailbox;
	bool started;
	/** The signal of the fault that ended it, or 0. */
	int fault;
	pthread_t tid;
	char *map;
	size_t map_size;
	/** Its signal stack, for a fault (an overflow included). */
	char *alt;
	sem_t done;
	sigjmp_buf start;
};

enum slot_state {
	S_FREE = 0,
	S_PENDING,
	/** The agent took it and works on it. */
	S_TAKEN,
};

/** A mailbox slot: the job of one posting thread. */
struct slot {
	enum slot_state state;
	struct sim_ns_thread *t;
	uint64_t ticket;
};

struct agent {
	pthread_mutex_t lock;
	/** A mailbox slot came free. */
	pthread_cond_t slot_free;
	struct slot slots[SPMSIM_MAILBOX_MAX_SLOTS];
	unsigned n_slots;
	unsigned free_slots;
	/** The mailbox's doorbell to the secure side: an interrupt line. */
	uint32_t doorbell;
	uint64_t mb_ticket;
	pthread_t core;
	struct spmsim_ns_run *run;
	unsigned n;
	/** Threads whose function has not returned. */
	unsigned live;
	/** The agent sleeps (or is about to): a posting must wake it. */
	bool sleeping;
	/** The run has ended: no call enters any more. */
	bool over;
	uint64_t rng;
	uint64_t next_ticket;
	sigset_t core_mask;
	struct sigaction old_wake;
	struct sim_ns_thread t[SPMSIM_NS_THREADS_MAX];
};

/** The running threaded run's agent block, or NULL. */
static struct agent *ag;

__thread struct sim_ns_thread *sim_ns_self;

static int sig_wake(void)
{
	return SIGRTMIN + 6;
}

/** Never runs (the signal is blocked everywhere); there for safety. */
static void on_wake(int sig)
{
	(void)sig;
}

/* ------------------------------------------------- the threads' side */

/** The result of @job when it cannot enter: the run is over. */
static void fail_job(struct sim_ns_job *job)
{
	switch (job->kind) {
	case SIM_NS_FRAMEWORK:
		job->result = PSA_FRAMEWORK_VERSION;
		break;
	case SIM_NS_VERSION:
		job->result = PSA_VERSION_NONE;
		break;
	default:
		job->result = PSA_ERROR_COMMUNICATION_FAILURE;
		break;
	}
}

/** Wakes the agent if it sleeps; with the lock held. */
static void wake_agent(void)
{
	if (ag->sleeping) {
		ag->sleeping = false;
		(void)pthread_kill(ag->core, sig_wake());
	}
}

static void mailbox_post(struct sim_ns_thread *t, struct sim_ns_job *job);

void sim_ns_threads_enter(struct sim_ns_job *job)
{
	struct sim_ns_thread *t = sim_ns_self;

	if (t->mailbox) {
		mailbox_post(t, job);
		return;
	}
	pthread_mutex_lock(&ag->lock);
	if (ag->over || t->cut) {
		t->cut = true;
		pthread_mutex_unlock(&ag->lock);
		fail_job(job);
		return;
	}
	t->job = job;
	t->state = T_WAITS;
	t->ticket = ag->next_ticket++;
	wake_agent();
	pthread_mutex_unlock(&ag->lock);
	while (sem_wait(&t->done) != 0 && errno == EINTR) {
	}
}

void sim_ns_threads_refuse(const char *api)
{
	char what[256];

	snprintf(what, sizeof(what),
	         "%s() called from a non-secure thread: only the client API "
	         "(psa_framework_version, psa_version, psa_connect, psa_call, "
	         "psa_close) is open to them; the call does nothing",
	         api);
	arch_report(what);
}

/**
 * A fault of non-secure thread code (fault.c): on the board the
 * non-secure OS's fault handler ends the thread; here the thread's
 * function is left and the run goes on without it.
 */
void sim_ns_threads_fault(int sig)
{
	struct sim_ns_thread *t = sim_ns_self;
	sigset_t set;

	t->fault = sig;
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	siglongjmp(t->start, 1);
}

static void *thread_main(void *arg)
{
	struct sim_ns_thread *t = arg;
	stack_t alt = {.ss_sp = t->alt, .ss_size = ALT_STACK};

	sim_ns_self = t;
	(void)sigaltstack(&alt, NULL);
	if (sigsetjmp(t->start, 1) == 0) {
		t->desc->fn(t->desc->arg);
	}
	alt.ss_flags = SS_DISABLE;
	(void)sigaltstack(&alt, NULL);
	pthread_mutex_lock(&ag->lock);
	t->state = T_DONE;
	ag->live--;
	wake_agent();
	pthread_mutex_unlock(&ag->lock);
	sim_ns_self = NULL;
	return NULL;
}

bool sim_ns_threads_caller(void)
{
	return sim_ns_self != NULL;
}

bool spmsim_ns_run_over(void)
{
	struct sim_ns_thread *t = sim_ns_self;
	bool over;

	if (t == NULL || ag == NULL) {
		return false;
	}
	pthread_mutex_lock(&ag->lock);
	over = ag->over || t->cut;
	pthread_mutex_unlock(&ag->lock);
	return over;
}

int32_t sim_ns_threads_client_id(int32_t outside)
{
	return sim_ns_self != NULL ? sim_ns_self->client_id : outside;
}

/* -------------------------------------------------- the agent's side */

/** splitmix64: the seeded order's generator. */
static uint64_t next_random(void)
{
	uint64_t z = (ag->rng += 0x9E3779B97F4A7C15u);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

/** The waiting thread to serve now, or NULL; with the lock held. */
static struct sim_ns_thread *choose(void)
{
	struct sim_ns_thread *first = NULL;
	unsigned waiting = 0, live = 0, pick;

	for (unsigned i = 0; i < ag->n; i++) {
		struct sim_ns_thread *t = &ag->t[i];

		live += !t->mailbox && t->state != T_DONE;
		if (t->state == T_WAITS) {
			waiting++;
			if (first == NULL || t->ticket < first->ticket) {
				first = t;
			}
		}
	}
	if (waiting == 0) {
		return NULL;
	}
	if (ag->run->order != SPMSIM_NS_ORDER_SEEDED) {
		return first;
	}
	if (waiting < live) {
		/* Seeded: every live thread of this agent must be waiting. */
		return NULL;
	}
	pick = (unsigned)(next_random() % waiting);
	for (unsigned i = 0; i < ag->n; i++) {
		if (ag->t[i].state == T_WAITS && pick-- == 0) {
			return &ag->t[i];
		}
	}
	return NULL;
}

/**
 * Sleeps until a thread posts or returns, or an interrupt arrives, and
 * takes the interrupts, as the SPM does on entry.
 */
static void idle(void)
{
	bool outer = sim_protect_enter_spm();

	sim_irq_wait_with(sig_wake(), IDLE_MS);
	spm_take_interrupts();
	if (outer) {
		sim_protect_leave_spm();
		SIM_PROTECT_NO_TAIL();
	}
}

static bool mailbox_stuck(void);

/**
 * The next thread to serve; NULL once every thread has returned. When the
 * mailbox's clients can never get a reply, the run ends as a deadlock.
 */
static struct sim_ns_thread *next_caller(void)
{
	struct sim_ns_thread *t;

	pthread_mutex_lock(&ag->lock);
	while ((t = choose()) == NULL && ag->live > 0) {
		if (mailbox_stuck()) {
			pthread_mutex_unlock(&ag->lock);
			(void)sim_protect_enter_spm();
			spm_exit_to_boot(SPM_EXIT_IDLE);
		}
		ag->sleeping = true;
		pthread_mutex_unlock(&ag->lock);
		idle();
		pthread_mutex_lock(&ag->lock);
		ag->sleeping = false;
	}
	if (t != NULL) {
		t->state = T_IN_SPM;
	}
	pthread_mutex_unlock(&ag->lock);
	return t;
}

/** The non-secure side's client id is @id from now on. */
static void set_client_id(int32_t id)
{
	bool outer = sim_protect_enter_spm();

	spm_sys()->ns->id = id;
	spm_sys()->ns->client_id = id;
	if (outer) {
		sim_protect_leave_spm();
		SIM_PROTECT_NO_TAIL();
	}
}

/** Makes the call of @job, through the veneers, as the non-secure side. */
static void run_job(struct sim_ns_job *job)
{
	switch (job->kind) {
	case SIM_NS_FRAMEWORK:
		job->result = psa_framework_version();
		break;
	case SIM_NS_VERSION:
		job->result = psa_version(job->sid);
		break;
	case SIM_NS_CONNECT:
		job->result = psa_connect(job->sid, job->version);
		break;
	case SIM_NS_CALL:
		job->result = psa_call(job->handle, job->type, job->in,
		                       job->in_len, job->out, job->out_len);
		break;
	case SIM_NS_CLOSE:
		psa_close(job->handle);
		job->result = PSA_SUCCESS;
		break;
	}
}

void sim_ns_threads_agent(void *unused)
{
	struct sim_ns_thread *t;

	(void)unused;
	while ((t = next_caller()) != NULL) {
		set_client_id(t->client_id);
		run_job(t->job);
		pthread_mutex_lock(&ag->lock);
		t->calls++;
		t->state = T_RUNS;
		pthread_mutex_unlock(&ag->lock);
		sem_post(&t->done);
	}
}

/* ------------------------------------------------------- the mailbox */

/**
 * Posts @job of mailbox client @t into the lowest free slot, waiting for
 * one while the mailbox is full, rings the doorbell and waits for the
 * reply.
 */
static void mailbox_post(struct sim_ns_thread *t, struct sim_ns_job *job)
{
	unsigned i = 0;
	bool waited = false;

	pthread_mutex_lock(&ag->lock);
	while (!ag->over && !t->cut && ag->free_slots == 0) {
		waited = true;
		t->state = T_MAILBOX_FULL;
		pthread_cond_wait(&ag->slot_free, &ag->lock);
	}
	t->state = T_RUNS;
	if (ag->over || t->cut) {
		t->cut = true;
		pthread_mutex_unlock(&ag->lock);
		fail_job(job);
		return;
	}
	while (ag->slots[i].state != S_FREE) {
		i++;
	}
	ag->slots[i] = (struct slot){S_PENDING, t, ag->mb_ticket++};
	ag->free_slots--;
	ag->run->mailbox.posted++;
	ag->run->mailbox.full_waits += waited;
	t->job = job;
	t->state = T_MAILBOX;
	pthread_mutex_unlock(&ag->lock);
	(void)spmsim_irq_raise(ag->doorbell);
	while (sem_wait(&t->done) != 0 && errno == EINTR) {
	}
}

/**
 * True when every live thread waits on the mailbox while the agent
 * partition is inside a call for a slot it took, and no interrupt can
 * come: the non-secure side's code runs (the agent) only when no partition
 * can, so that call will never end. With the lock held.
 */
static bool mailbox_stuck(void)
{
	bool taken = false;

	for (unsigned i = 0; i < ag->n; i++) {
		enum thread_state st = ag->t[i].state;

		if (st != T_DONE && st != T_MAILBOX && st != T_MAILBOX_FULL) {
			return false;
		}
	}
	for (unsigned i = 0; i < ag->n_slots; i++) {
		taken |= ag->slots[i].state == S_TAKEN;
	}
	return taken && !sim_irq_sources_armed();
}

/** The message of @job from @t, as the agent reads it. */
static void describe_job(const struct sim_ns_thread *t,
                         const struct sim_ns_job *job,
                         struct spmsim_mailbox_msg *msg)
{
	static const enum spmsim_mailbox_call calls[] = {
	        [SIM_NS_FRAMEWORK] = SPMSIM_MAILBOX_FRAMEWORK_VERSION,
	        [SIM_NS_VERSION] = SPMSIM_MAILBOX_VERSION,
	        [SIM_NS_CONNECT] = SPMSIM_MAILBOX_CONNECT,
	        [SIM_NS_CALL] = SPMSIM_MAILBOX_CALL,
	        [SIM_NS_CLOSE] = SPMSIM_MAILBOX_CLOSE,
	};

	*msg = (struct spmsim_mailbox_msg){
	        .call = calls[job->kind],
	        .client_id = t->client_id,
	        .sid = job->sid,
	        .version = job->version,
	        .handle = job->handle,
	        .type = job->type,
	        .in_vec = job->in,
	        .in_len = job->in_len,
	        .out_vec = job->out,
	        .out_len = job->out_len,
	};
}

int spmsim_mailbox_take(struct spmsim_mailbox_msg *msg)
{
	int slot = -1;

	if (ag == NULL) {
		return -1;
	}
	pthread_mutex_lock(&ag->lock);
	for (unsigned i = 0; i < ag->n_slots && slot < 0; i++) {
		if (ag->slots[i].state == S_PENDING) {
			slot = (int)i;
		}
	}
	if (slot >= 0) {
		struct slot *sl = &ag->slots[slot];

		sl->state = S_TAKEN;
		describe_job(sl->t, sl->t->job, msg);
	}
	pthread_mutex_unlock(&ag->lock);
	return slot;
}

/** True when a slot other than @self holds an earlier post; locked. */
static bool overtakes(const struct slot *self)
{
	for (unsigned i = 0; i < ag->n_slots; i++) {
		const struct slot *o = &ag->slots[i];

		if (o != self && o->state != S_FREE &&
		    o->ticket < self->ticket) {
			return true;
		}
	}
	return false;
}

void spmsim_mailbox_reply(int slot, int32_t result)
{
	struct sim_ns_thread *t;
	struct slot *sl;

	if (ag == NULL || slot < 0 || (unsigned)slot >= ag->n_slots) {
		arch_report("spmsim_mailbox_reply(): no such slot");
		return;
	}
	pthread_mutex_lock(&ag->lock);
	sl = &ag->slots[slot];
	if (sl->state != S_TAKEN) {
		pthread_mutex_unlock(&ag->lock);
		arch_report("spmsim_mailbox_reply(): the slot was not taken");
		return;
	}
	t = sl->t;
	t->job->result = t->job->kind == SIM_NS_VERSION ||
	                                 t->job->kind == SIM_NS_FRAMEWORK
	                         ? (int64_t)(uint32_t)result
	                         : result;
	t->calls++;
	t->state = T_RUNS;
	ag->run->mailbox.replied++;
	ag->run->mailbox.out_of_order += overtakes(sl);
	*sl = (struct slot){0};
	ag->free_slots++;
	pthread_cond_signal(&ag->slot_free);
	pthread_mutex_unlock(&ag->lock);
	sem_post(&t->done);
}

int32_t spmsim_agent_dispatch(const struct spmsim_mailbox_msg *m)
{
	switch (m->call) {
	case SPMSIM_MAILBOX_FRAMEWORK_VERSION:
		return (int32_t)psa_framework_version();
	case SPMSIM_MAILBOX_VERSION:
		return (int32_t)spmsim_agent_version(m->client_id, m->sid);
	case SPMSIM_MAILBOX_CONNECT:
		return spmsim_agent_connect(m->client_id, m->sid, m->version);
	case SPMSIM_MAILBOX_CALL:
		return spmsim_agent_call(m->client_id, m->handle, m->type,
		                         m->in_vec, m->in_len, m->out_vec,
		                         m->out_len);
	case SPMSIM_MAILBOX_CLOSE:
		spmsim_agent_close(m->client_id, m->handle);
		return PSA_SUCCESS;
	}
	return PSA_ERROR_NOT_SUPPORTED;
}

uint32_t spmsim_agent_version(int32_t client_id, uint32_t sid)
{
	return spm_agent_version(client_id, sid);
}

psa_handle_t spmsim_agent_connect(int32_t client_id, uint32_t sid,
                                  uint32_t version)
{
	return spm_agent_connect(client_id, sid, version);
}

psa_status_t spmsim_agent_call(int32_t client_id, psa_handle_t handle,
                               int32_t type, const psa_invec *in_vec,
                               size_t in_len, psa_outvec *out_vec,
                               size_t out_len)
{
	return spm_agent_call(client_id, handle, type, in_vec, in_len, out_vec,
	                      out_len);
}

void spmsim_agent_close(int32_t client_id, psa_handle_t handle)
{
	spm_agent_close(client_id, handle);
}

/**
 * The mailbox's doorbell: the first interrupt of the first non-secure
 * agent partition; false when the system has none.
 */
static bool find_doorbell(uint32_t *line)
{
	const struct spm_load_table *t = spm_sys()->config.table;

	for (uint32_t i = 0; i < t->n_partitions; i++) {
		const struct spm_partition_desc *d = &t->partitions[i];

		if (d->ns_agent && d->n_irqs > 0) {
			*line = arch_irq_line(d->irqs[0].source_name,
			                      d->irqs[0].source);
			return *line != ARCH_IRQ_NONE;
		}
	}
	return false;
}

/** Sets up the mailbox of @run when it has mailbox clients; 0 or -1. */
static int check_mailbox(const struct spmsim_ns_run *run, char *why, size_t n)
{
	bool any = false;
	uint32_t line;

	for (unsigned i = 0; i < run->count; i++) {
		any |= run->threads[i].mailbox;
	}
	if (!any) {
		return 0;
	}
	if (run->mailbox_slots > SPMSIM_MAILBOX_MAX_SLOTS) {
		snprintf(why, n, "%u mailbox slots: 1 to %u",
		         run->mailbox_slots, SPMSIM_MAILBOX_MAX_SLOTS);
		return -1;
	}
	if (!find_doorbell(&line)) {
		snprintf(why, n,
		         "mailbox clients need a non-secure agent partition "
		         "(ns_agent: true) with an interrupt for the doorbell");
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------- start and finish */

/** Checks @run; 0, or -1 with the reason in @why. */
static int check_run(const struct spmsim_ns_run *run, char *why, size_t n)
{
	if (run == NULL || run->threads == NULL || run->count == 0 ||
	    run->count > SPMSIM_NS_THREADS_MAX) {
		snprintf(why, n, "a threaded run needs 1 to %u threads",
		         SPMSIM_NS_THREADS_MAX);
		return -1;
	}
	if (run->order != SPMSIM_NS_ORDER_FREE &&
	    run->order != SPMSIM_NS_ORDER_SEEDED) {
		snprintf(why, n, "order %d does not exist (FREE or SEEDED)",
		         (int)run->order);
		return -1;
	}
	for (unsigned i = 0; i < run->count; i++) {
		int32_t id = run->threads[i].client_id;

		if (run->threads[i].fn == NULL || id > 0) {
			snprintf(why, n, "thread %u: %s", i,
			         id > 0 ? "non-secure client ids are negative"
			                : "no function to run");
			return -1;
		}
	}
	return 0;
}

/** The client id thread @i of @run gets. */
static int32_t client_id_of(const struct spmsim_ns_run *run, unsigned i)
{
	int32_t id = run->threads[i].client_id;

	return id != 0 ? id : -1 - (int32_t)i;
}

/** 0 when no two threads of @run share a client id; else -1 and @why. */
static int check_ids(const struct spmsim_ns_run *run, char *why, size_t n)
{
	for (unsigned i = 0; i < run->count; i++) {
		for (unsigned k = 0; k < i; k++) {
			if (client_id_of(run, i) == client_id_of(run, k)) {
				snprintf(why, n,
				         "threads %u and %u share client id %d",
				         k, i, (int)client_id_of(run, i));
				return -1;
			}
		}
	}
	return 0;
}

/** Maps @t's stack, with a guard page below it; 0 or -1. */
static int map_stack(struct sim_ns_thread *t, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	size = (size + page - 1) / page * page;
	t->map_size = size + page;
	t->map = mmap(NULL, t->map_size, PROT_READ | PROT_WRITE,
	              MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (t->map == MAP_FAILED) {
		t->map = NULL;
		return -1;
	}
	(void)mprotect(t->map, page, PROT_NONE);
	t->alt = mmap(NULL, ALT_STACK, PROT_READ | PROT_WRITE,
	              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->alt == MAP_FAILED) {
		t->alt = NULL;
		return -1;
	}
	return 0;
}

/** The signals a non-secure thread takes: only the synchronous ones. */
static void thread_mask(sigset_t *set)
{
	static const int sync_signals[] = {SIGSEGV, SIGBUS,  SIGILL,
	                                   SIGFPE,  SIGTRAP, SIGABRT};

	sigfillset(set);
	for (size_t i = 0; i < sizeof(sync_signals) / sizeof(int); i++) {
		sigdelset(set, sync_signals[i]);
	}
}

/** Starts thread @t on its stack; 0 or -1. */
static int start_thread(struct sim_ns_thread *t)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	pthread_attr_t attr;
	int rc;

	if (pthread_attr_init(&attr) != 0) {
		return -1;
	}
	rc = pthread_attr_setstack(&attr, t->map + page, t->map_size - page);
	if (rc == 0) {
		rc = pthread_create(&t->tid, &attr, thread_main, t);
	}
	pthread_attr_destroy(&attr);
	t->started = rc == 0;
	return rc == 0 ? 0 : -1;
}

/** Sets up the agent block for @run (stacks mapped); 0 or -1. */
static int make_agent(struct spmsim_ns_run *run)
{
	size_t stack = run->stack_size != 0 ? run->stack_size : DEFAULT_STACK;

	ag = mmap(NULL, sizeof(*ag), PROT_READ | PROT_WRITE,
	          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ag == MAP_FAILED) {
		ag = NULL;
		return -1;
	}
	memset(ag, 0, sizeof(*ag));
	pthread_mutex_init(&ag->lock, NULL);
	pthread_cond_init(&ag->slot_free, NULL);
	ag->n_slots = run->mailbox_slots != 0 ? run->mailbox_slots : 4u;
	ag->free_slots = ag->n_slots;
	(void)find_doorbell(&ag->doorbell);
	run->mailbox.posted = run->mailbox.replied = 0;
	run->mailbox.full_waits = run->mailbox.out_of_order = 0;
	ag->core = pthread_self();
	ag->run = run;
	ag->n = run->count;
	ag->rng = run->seed;
	for (unsigned i = 0; i < run->count; i++) {
		struct sim_ns_thread *t = &ag->t[i];

		t->desc = &run->threads[i];
		t->client_id = client_id_of(run, i);
		t->mailbox = run->threads[i].mailbox;
		sem_init(&t->done, 0, 0);
		if (map_stack(t, stack) != 0) {
			return -1;
		}
	}
	return 0;
}

/** Releases the agent block and the stacks (every thread joined). */
static void release_agent(void)
{
	for (unsigned i = 0; i < ag->n; i++) {
		if (ag->t[i].map != NULL) {
			munmap(ag->t[i].map, ag->t[i].map_size);
		}
		if (ag->t[i].alt != NULL) {
			munmap(ag->t[i].alt, ALT_STACK);
		}
		sem_destroy(&ag->t[i].done);
	}
	pthread_cond_destroy(&ag->slot_free);
	pthread_mutex_destroy(&ag->lock);
	munmap(ag, sizeof(*ag));
	ag = NULL;
	sim_isolation_forget();
}

/**
 * Blocks the wake-up signal on the core's thread for the run (it is only
 * ever taken by sigtimedwait()) and starts the threads with every
 * asynchronous signal blocked. 0, or -1 when a thread cannot start.
 */
static int start_threads(void)
{
	struct sigaction sa;
	sigset_t ns, wake;
	int rc = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_wake;
	sigemptyset(&sa.sa_mask);
	sigaction(sig_wake(), &sa, &ag->old_wake);
	sigemptyset(&wake);
	sigaddset(&wake, sig_wake());
	pthread_sigmask(SIG_BLOCK, &wake, &ag->core_mask);
	thread_mask(&ns);
	pthread_sigmask(SIG_SETMASK, &ns, NULL);
	ag->live = ag->n;
	for (unsigned i = 0; i < ag->n && rc == 0; i++) {
		rc = start_thread(&ag->t[i]);
		if (rc != 0) {
			/* The ones that did start end; the rest never run. */
			ag->live = i;
			ag->over = true;
		}
	}
	pthread_sigmask(SIG_SETMASK, &ag->core_mask, NULL);
	pthread_sigmask(SIG_BLOCK, &wake, NULL);
	return rc;
}

int sim_ns_threads_start(struct spmsim_ns_run *run, char *why, size_t n)
{
	if (check_run(run, why, n) != 0 || check_ids(run, why, n) != 0 ||
	    check_mailbox(run, why, n) != 0) {
		return -1;
	}
	if (make_agent(run) != 0) {
		snprintf(why, n, "out of memory for the threads' stacks");
		if (ag != NULL) {
			release_agent();
		}
		return -1;
	}
	/* The stacks are non-secure memory from now on. */
	sim_isolation_forget();
	sim_veneer_route_update(true);
	if (start_threads() != 0) {
		snprintf(why, n, "cannot start a non-secure thread");
		sim_ns_threads_finish(true);
		return -1;
	}
	return 0;
}

/** Ends the waits of the run: fails what waits; with the lock held. */
static void end_waits(bool over)
{
	ag->over = true;
	for (unsigned i = 0; i < ag->n; i++) {
		struct sim_ns_thread *t = &ag->t[i];

		if (t->state == T_DONE || !t->started) {
			continue;
		}
		/* Not returned yet: the run ended under it. */
		t->cut = over;
		if (t->state == T_WAITS || t->state == T_IN_SPM ||
		    t->state == T_MAILBOX) {
			fail_job(t->job);
			t->state = T_RUNS;
			sem_post(&t->done);
		}
	}
	/* The mailbox empties; posters waiting for a slot give up. */
	memset(ag->slots, 0, sizeof(ag->slots));
	ag->free_slots = ag->n_slots;
	pthread_cond_broadcast(&ag->slot_free);
}

void sim_ns_threads_finish(bool over)
{
	sigset_t wake;
	siginfo_t info;
	struct timespec zero = {0, 0};

	pthread_mutex_lock(&ag->lock);
	end_waits(over);
	pthread_mutex_unlock(&ag->lock);
	for (unsigned i = 0; i < ag->n; i++) {
		struct sim_ns_thread *t = &ag->t[i];

		if (t->started) {
			pthread_join(t->tid, NULL);
		}
		t->desc->calls = t->calls;
		t->desc->cut_short = t->cut;
		t->desc->fault_signal = t->fault;
	}
	/* Drain a wake-up sent as the run ended, then give the signal back. */
	sigemptyset(&wake);
	sigaddset(&wake, sig_wake());
	while (sigtimedwait(&wake, &info, &zero) > 0) {
	}
	pthread_sigmask(SIG_SETMASK, &ag->core_mask, NULL);
	sigaction(sig_wake(), &ag->old_wake, NULL);
	sim_veneer_route_update(false);
	release_agent();
}

bool sim_ns_threads_stack(uintptr_t a, uintptr_t *end)
{
	if (ag == NULL) {
		return false;
	}
	for (unsigned i = 0; i < ag->n; i++) {
		uintptr_t lo = (uintptr_t)ag->t[i].map;
		uintptr_t hi = lo + ag->t[i].map_size;

		if (lo != 0 && a >= lo + (uintptr_t)sysconf(_SC_PAGESIZE) &&
		    a < hi) {
			*end = hi;
			return true;
		}
	}
	return false;
}
