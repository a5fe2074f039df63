/*
 * Several non-secure threads and the agent that serialises their calls
 * into the SPM (ns_threads.c; the harness API is spmsim_run_ns_threads()).
 */
#ifndef SIM_NS_THREADS_H
#define SIM_NS_THREADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"
#include "spmsim/spmsim.h"

struct sim_ns_thread;

/**
 * The calling host thread's non-secure thread; NULL on the thread that
 * runs the simulated core and on every thread the harness did not start.
 */
extern __thread struct sim_ns_thread *sim_ns_self;

/** Which client-API function a job calls. */
enum sim_ns_kind {
	SIM_NS_FRAMEWORK = 1,
	SIM_NS_VERSION,
	SIM_NS_CONNECT,
	SIM_NS_CALL,
	SIM_NS_CLOSE,
};

/** One client-API call of a non-secure thread, run by the agent. */
struct sim_ns_job {
	enum sim_ns_kind kind;
	uint32_t sid;
	uint32_t version;
	psa_handle_t handle;
	int32_t type;
	const psa_invec *in;
	size_t in_len;
	psa_outvec *out;
	size_t out_len;
	/** The function's result (a status, handle or version). */
	int64_t result;
};

/**
 * Hands @job to the non-secure agent and waits until the SPM has run it
 * under the calling thread's client id; called by the veneers on a
 * non-secure thread. When the run is over the job fails at once (see
 * spmsim_run_ns_threads()).
 */
void sim_ns_threads_enter(struct sim_ns_job *job);

/**
 * Non-secure thread code took synchronous signal @sig (a memory fault, an
 * undefined instruction, abort()): its function is left, its thread ends
 * and the run goes on. Called by fault.c's handlers on such a thread; does
 * not return.
 */
void sim_ns_threads_fault(int sig) __attribute__((noreturn));

/** Reports a non-client-API entry (@api) from a non-secure thread. */
void sim_ns_threads_refuse(const char *api);

/**
 * Starts the threads of @run (checked) for a run whose agent is
 * sim_ns_threads_agent(); returns 0, or -1 with the reason in @why.
 */
int sim_ns_threads_start(struct spmsim_ns_run *run, char *why, size_t n);

/**
 * The non-secure agent: the non-secure side's code during a threaded run
 * (on the core's thread). Returns once every thread has returned.
 */
void sim_ns_threads_agent(void *unused);

/**
 * The run has ended (@over: under the threads, by a reset, halt or
 * deadlock): fails every waiting call, waits for every thread to return,
 * fills the out fields of the run and releases the threads' memory.
 */
void sim_ns_threads_finish(bool over);

/** The calling non-secure thread's client id, or @outside. */
int32_t sim_ns_threads_client_id(int32_t outside);

/** True when the calling host thread is a running non-secure thread. */
bool sim_ns_threads_caller(void);

/** True once a threaded run's non-secure stacks hold host address @a. */
bool sim_ns_threads_stack(uintptr_t a, uintptr_t *end);

#endif /* SIM_NS_THREADS_H */
