/*
 * Entry veneers: the way into the SPM from partition and non-secure code.
 *
 * How it works. Programs that link the simulator are linked with
 * `-Wl,--wrap=<function>` for every function below (SPMSIM_VENEERS in the
 * Makefile), so a call from another object file to, say, psa_call() reaches
 * __wrap_psa_call() here, and that calls the SPM's psa_call()
 * (__real_psa_call). As an SVC or a secure gateway does on the board, the
 * veneer gives the SPM its privileged view of memory on the way in and the
 * view of whoever runs next on the way out (after a context switch that is
 * another partition). The harness functions that read the SPM's state are
 * entries too, since non-secure test code calls them.
 *
 * In the `check` mode (or when the SPM is already running: a call from
 * inside it) a veneer is a plain call. The __real_ functions are declared
 * weak: a program linked without the --wrap options still links (nothing
 * calls the veneers then), and sim_veneers_linked() says so.
 */
#include "veneer.h"

#include <stddef.h>
#include <stdint.h>

#include "inject.h"
#include "ns_threads.h"
#include "protect.h"
#include "psa/client.h"
#include "psa/lifecycle.h"
#include "psa/service.h"
#include "spmsim/ns_agent.h"
#include "spmsim/platform.h"
#include "spmsim/spmsim.h"
#include "spmsim/trace.h"

/*
 * VENEER(type, name, (parameters), (arguments), HOOK) defines
 * __wrap_<name>: one function per entry, all alike, so they are written
 * once. HOOK(name) runs first on the slow path: what an armed injection
 * (inject.c) does at the call. The check mode with one non-secure side
 * and no injection armed takes a tail call straight to the SPM; the view
 * switching is out of line (slow_<name>), so the common path saves no
 * registers. A call from a non-secure thread of spmsim_run_ns_threads()
 * may not enter the SPM from its own host thread: the client API goes
 * through the non-secure agent (ns_threads.c); anything else is refused.
 */
/*
 * The common path is a load, a branch and a tail call: everything else (the
 * view, a non-secure thread's call, an armed injection's hook) is out of
 * line.
 */
#define SLOW_PATH() (sim_veneer_route | sim_inject_armed)

#define VENEER(type, name, params, args, hook)                                 \
	type __real_##name params __attribute__((weak));                       \
	static __attribute__((noinline)) type slow_##name params               \
	{                                                                      \
		bool outer;                                                    \
		type r;                                                        \
                                                                               \
		hook(name);                                                    \
		if (sim_ns_self != NULL) {                                     \
			sim_ns_threads_refuse(#name);                          \
			return (type)0;                                        \
		}                                                              \
		outer = sim_protect_enter_spm();                               \
		r = __real_##name args;                                        \
		if (outer) {                                                   \
			sim_protect_leave_spm();                               \
			SIM_PROTECT_NO_TAIL();                                 \
		}                                                              \
		return r;                                                      \
	}                                                                      \
	type __wrap_##name params;                                             \
	type __wrap_##name params                                              \
	{                                                                      \
		if (__builtin_expect(!SLOW_PATH(), 1)) {                       \
			return __real_##name args;                             \
		}                                                              \
		return slow_##name args;                                       \
	}

/* The same for a function that returns nothing. */
#define VENEER_VOID(name, params, args, hook)                                  \
	void __real_##name params __attribute__((weak));                       \
	static __attribute__((noinline)) void slow_##name params               \
	{                                                                      \
		bool outer;                                                    \
                                                                               \
		hook(name);                                                    \
		if (sim_ns_self != NULL) {                                     \
			sim_ns_threads_refuse(#name);                          \
			return;                                                \
		}                                                              \
		outer = sim_protect_enter_spm();                               \
		__real_##name args;                                            \
		if (outer) {                                                   \
			sim_protect_leave_spm();                               \
			SIM_PROTECT_NO_TAIL();                                 \
		}                                                              \
	}                                                                      \
	void __wrap_##name params;                                             \
	void __wrap_##name params                                              \
	{                                                                      \
		if (__builtin_expect(!SLOW_PATH(), 1)) {                       \
			__real_##name args;                                    \
			return;                                                \
		}                                                              \
		slow_##name args;                                              \
	}

/*
 * The hooks, each one statement. A harness or platform call is no psa_*
 * call: none. A non-secure thread's call is no partition's: injections
 * strike only calls of the simulated core's own code.
 */
#define INJECT_ARMED()                                                         \
	(__builtin_expect(sim_inject_armed, 0) && sim_ns_self == NULL)
#define NO_HOOK(name)                                                          \
	do {                                                                   \
	} while (0)
/* A psa_* call counts towards an injection. */
#define COUNTED(name)                                                          \
	do {                                                                   \
		if (INJECT_ARMED()) {                                          \
			(void)sim_inject_point(#name, NULL);                   \
		}                                                              \
	} while (0)
/* ... and may return an injected status instead of being made. */
#define STATUS(name)                                                           \
	do {                                                                   \
		if (INJECT_ARMED() &&                                          \
		    sim_inject_point(#name, NULL) == SIM_INJECT_RETURN) {      \
			return sim_inject_status();                            \
		}                                                              \
	} while (0)
/* psa_reply(): an injected status instead of the partition's. */
#define REPLY(name)                                                            \
	do {                                                                   \
		if (INJECT_ARMED() && sim_inject_point(#name, NULL) ==         \
		                              SIM_INJECT_REPLY_STATUS) {       \
			status = sim_inject_status();                          \
		}                                                              \
	} while (0)
/* psa_write(): the bytes inverted, written from the partition's stack. */
#define WRITE(name)                                                            \
	do {                                                                   \
		if (INJECT_ARMED() &&                                          \
		    sim_inject_point(#name, NULL) == SIM_INJECT_REPLY_BYTES) { \
			write_inverted(h, i, buf, n);                          \
			return;                                                \
		}                                                              \
	} while (0)

static void write_inverted(psa_handle_t h, uint32_t i, const void *buf,
                           size_t n);

/*
 * A client-API entry: as VENEER (with its HOOK), but a non-secure thread's
 * call is handed to the non-secure agent as a job of @jkind whose
 * arguments are set by @fill (statements on `job`), and its result is the
 * job's.
 */
#define CLIENT_VENEER(type, name, params, args, hook, jkind, fill)             \
	type __real_##name params __attribute__((weak));                       \
	static __attribute__((noinline)) type slow_##name params               \
	{                                                                      \
		bool outer;                                                    \
		type r;                                                        \
                                                                               \
		hook(name);                                                    \
		if (sim_ns_self != NULL) {                                     \
			struct sim_ns_job job = {.kind = (jkind)};             \
                                                                               \
			fill;                                                  \
			sim_ns_threads_enter(&job);                            \
			return (type)job.result;                               \
		}                                                              \
		outer = sim_protect_enter_spm();                               \
		r = __real_##name args;                                        \
		if (outer) {                                                   \
			sim_protect_leave_spm();                               \
			SIM_PROTECT_NO_TAIL();                                 \
		}                                                              \
		return r;                                                      \
	}                                                                      \
	type __wrap_##name params;                                             \
	type __wrap_##name params                                              \
	{                                                                      \
		if (__builtin_expect(!SLOW_PATH(), 1)) {                       \
			return __real_##name args;                             \
		}                                                              \
		return slow_##name args;                                       \
	}

bool sim_veneer_route;

void sim_veneer_route_update(bool threads)
{
	sim_veneer_route = sim_protect_enforcing || threads;
}

/* The client API. */
CLIENT_VENEER(uint32_t, psa_framework_version, (void), (), COUNTED,
              SIM_NS_FRAMEWORK, (void)job)
CLIENT_VENEER(uint32_t, psa_version, (uint32_t sid), (sid), COUNTED,
              SIM_NS_VERSION, job.sid = sid)
CLIENT_VENEER(psa_handle_t, psa_connect, (uint32_t sid, uint32_t version),
              (sid, version), STATUS, SIM_NS_CONNECT,
              (job.sid = sid, job.version = version))
CLIENT_VENEER(psa_status_t, psa_call,
              (psa_handle_t h, int32_t type, const psa_invec *in, size_t in_len,
               psa_outvec *out, size_t out_len),
              (h, type, in, in_len, out, out_len), STATUS, SIM_NS_CALL,
              (job.handle = h, job.type = type, job.in = in,
               job.in_len = in_len, job.out = out, job.out_len = out_len))

void __real_psa_close(psa_handle_t h) __attribute__((weak));
static __attribute__((noinline)) void slow_psa_close(psa_handle_t h)
{
	bool outer;

	COUNTED(psa_close);
	if (sim_ns_self != NULL) {
		struct sim_ns_job job = {.kind = SIM_NS_CLOSE, .handle = h};

		sim_ns_threads_enter(&job);
		return;
	}
	outer = sim_protect_enter_spm();
	__real_psa_close(h);
	if (outer) {
		sim_protect_leave_spm();
		SIM_PROTECT_NO_TAIL();
	}
}
void __wrap_psa_close(psa_handle_t h);
void __wrap_psa_close(psa_handle_t h)
{
	if (__builtin_expect(!SLOW_PATH(), 1)) {
		__real_psa_close(h);
		return;
	}
	slow_psa_close(h);
}

/* The service API. */
VENEER(psa_status_t, psa_get, (psa_signal_t signal, psa_msg_t *msg),
       (signal, msg), STATUS)
VENEER_VOID(psa_set_rhandle, (psa_handle_t h, void *rhandle), (h, rhandle),
            COUNTED)
VENEER(size_t, psa_read, (psa_handle_t h, uint32_t i, void *buf, size_t n),
       (h, i, buf, n), COUNTED)
VENEER(size_t, psa_skip, (psa_handle_t h, uint32_t i, size_t n), (h, i, n),
       COUNTED)
VENEER_VOID(psa_write, (psa_handle_t h, uint32_t i, const void *buf, size_t n),
            (h, i, buf, n), WRITE)
VENEER_VOID(psa_reply, (psa_handle_t h, psa_status_t status), (h, status),
            REPLY)
VENEER_VOID(psa_notify, (int32_t partition_id), (partition_id), COUNTED)
VENEER_VOID(psa_clear, (void), (), COUNTED)
VENEER_VOID(psa_eoi, (psa_signal_t signal), (signal), COUNTED)
VENEER_VOID(psa_irq_enable, (psa_signal_t signal), (signal), COUNTED)
VENEER(psa_irq_status_t, psa_irq_disable, (psa_signal_t signal), (signal),
       COUNTED)
VENEER_VOID(psa_reset_signal, (psa_signal_t signal), (signal), COUNTED)
VENEER(const void *, psa_map_invec, (psa_handle_t h, uint32_t i), (h, i),
       COUNTED)
VENEER_VOID(psa_unmap_invec, (psa_handle_t h, uint32_t i), (h, i), COUNTED)
VENEER(void *, psa_map_outvec, (psa_handle_t h, uint32_t i), (h, i), COUNTED)
VENEER_VOID(psa_unmap_outvec, (psa_handle_t h, uint32_t i, size_t len),
            (h, i, len), COUNTED)
VENEER(uint32_t, psa_rot_lifecycle_state, (void), (), COUNTED)

/* The platform calls partition code makes. */
VENEER(void *, spmsim_platform_mmio, (uint32_t addr), (addr), NO_HOOK)
VENEER(void *, spmsim_partition_mmio, (const char *partition, const char *name),
       (partition, name), NO_HOOK)
VENEER(void *, spmsim_partition_mmio_by_index,
       (const char *partition, unsigned index), (partition, index), NO_HOOK)
VENEER_VOID(spmsim_cpu_relax, (void), (), NO_HOOK)

/* A non-secure agent partition's mailbox and client API (ns_agent.h). */
VENEER(int, spmsim_mailbox_take, (struct spmsim_mailbox_msg * msg), (msg),
       NO_HOOK)
VENEER_VOID(spmsim_mailbox_reply, (int slot, int32_t result), (slot, result),
            NO_HOOK)
VENEER(uint32_t, spmsim_agent_version, (int32_t client, uint32_t sid),
       (client, sid), NO_HOOK)
VENEER(psa_handle_t, spmsim_agent_connect,
       (int32_t client, uint32_t sid, uint32_t version), (client, sid, version),
       NO_HOOK)
VENEER(psa_status_t, spmsim_agent_call,
       (int32_t client, psa_handle_t h, int32_t type, const psa_invec *in,
        size_t in_len, psa_outvec *out, size_t out_len),
       (client, h, type, in, in_len, out, out_len), NO_HOOK)
VENEER_VOID(spmsim_agent_close, (int32_t client, psa_handle_t h), (client, h),
            NO_HOOK)
/* The calls it makes are in its own file: one entry for them all. */
VENEER(int32_t, spmsim_agent_dispatch, (const struct spmsim_mailbox_msg *m),
       (m), NO_HOOK)

/* Harness functions that read the SPM's state. */
VENEER(bool, spmsim_last_panic, (struct spmsim_panic * out), (out), NO_HOOK)
VENEER_VOID(spmsim_get_counters, (struct spmsim_counters * out), (out), NO_HOOK)
VENEER(void *, spmsim_area_address,
       (enum spmsim_area area, const char *partition), (area, partition),
       NO_HOOK)
VENEER_VOID(spmsim_trace_mark, (const char *name, const char *detail),
            (name, detail), NO_HOOK)
VENEER(psa_status_t, spmsim_inject, (const struct spmsim_injection *inj), (inj),
       NO_HOOK)
VENEER(bool, spmsim_inject_pending, (uint64_t * counted), (counted), NO_HOOK)
VENEER_VOID(spmsim_inject_cancel, (void), (), NO_HOOK)

/*
 * psa_wait() by hand: when it returns signals, the SPM hands the core back
 * to an IPC-model partition with work to do, an `entry` of the partition
 * for an injection.
 */
psa_signal_t __real_psa_wait(psa_signal_t mask, uint32_t timeout)
        __attribute__((weak));

static __attribute__((noinline)) psa_signal_t slow_psa_wait(psa_signal_t mask,
                                                            uint32_t timeout)
{
	bool outer;
	psa_signal_t r;

	if (sim_ns_self != NULL) {
		sim_ns_threads_refuse("psa_wait");
		return 0;
	}
	outer = sim_protect_enter_spm();
	r = __real_psa_wait(mask, timeout);

	if (outer) {
		sim_protect_leave_spm();
		SIM_PROTECT_NO_TAIL();
	}
	return r;
}

/** psa_wait() with an injection armed or the view to switch. */
static __attribute__((noinline)) psa_signal_t hooked_psa_wait(psa_signal_t mask,
                                                              uint32_t timeout)
{
	psa_signal_t r;

	COUNTED(psa_wait);
	r = sim_veneer_route ? slow_psa_wait(mask, timeout)
	                     : __real_psa_wait(mask, timeout);
	if (INJECT_ARMED() && r != 0) {
		(void)sim_inject_point("entry", NULL);
	}
	return r;
}

psa_signal_t __wrap_psa_wait(psa_signal_t mask, uint32_t timeout);
psa_signal_t __wrap_psa_wait(psa_signal_t mask, uint32_t timeout)
{
	if (__builtin_expect(!SLOW_PATH(), 1)) {
		return __real_psa_wait(mask, timeout);
	}
	return hooked_psa_wait(mask, timeout);
}

void __real_psa_panic(void) __attribute__((noreturn, weak));
void __wrap_psa_panic(void) __attribute__((noreturn));

/** psa_panic() never returns: the SPM's view stays. */
void __wrap_psa_panic(void)
{
	(void)sim_protect_enter_spm();
	__real_psa_panic();
}

bool sim_veneers_linked(void)
{
	return __real_psa_call != NULL && __real_psa_wait != NULL;
}

/**
 * psa_write() of @n bytes from @buf, each inverted: in pieces through a
 * buffer on the running partition's stack, which its boundary lets the
 * SPM read (the piece written from is the partition's, as the original).
 */
static void write_inverted(psa_handle_t h, uint32_t i, const void *buf,
                           size_t n)
{
	const uint8_t *from = buf;
	uint8_t piece[64];

	do {
		size_t k = n < sizeof(piece) ? n : sizeof(piece);

		for (size_t j = 0; j < k; j++) {
			piece[j] = (uint8_t)~from[j];
		}
		__wrap_psa_write(h, i, piece, k);
		from += k;
		n -= k;
	} while (n > 0);
}
