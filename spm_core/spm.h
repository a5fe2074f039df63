/*
 * The SPM core's shared state: partitions, services, connections and the
 * system they form, as the frontend (client and service API), the backends
 * and the host harness see them.
 *
 * One system exists at a time. Its state is one static instance owned by
 * spm.c and reached through spm_sys(); spm_boot() builds it afresh from a
 * load table, so a reset or a second boot never sees what the last one left.
 *
 * Portable: no host header, no backend #if. Backends keep their own state.
 */
#ifndef SPM_SPM_H
#define SPM_SPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "load_table.h"
#include "psa/client.h"
#include "psa/service.h"
#include "trace.h"

/*
 * Capacities of the static state, set at build time as TF-M's configuration
 * sets its own: a build defines any of them (-DSPM_MAX_CONNECTIONS=16) to
 * fit its RAM. The defaults are the host's, where memory is plentiful.
 */
#ifndef SPM_MAX_PARTITIONS
#define SPM_MAX_PARTITIONS 32u
#endif
#ifndef SPM_MAX_SERVICES
#define SPM_MAX_SERVICES 128u
#endif
#ifndef SPM_MAX_CONNECTIONS
#define SPM_MAX_CONNECTIONS 1024u
#endif
/**
 * The stack of the context the non-secure side's calls run on (and, under
 * the SFN backend, the service functions they reach and every entry_init).
 */
#ifndef SPM_NS_STACK_SIZE
#define SPM_NS_STACK_SIZE (256u * 1024u)
#endif
/* Stateless handles encode manifest indexes 1..32. */
#define SPM_MAX_STATELESS 32u

/** The signal bits a partition's services and IRQs may not use. */
#define SPM_RESERVED_SIGNALS 0x0000000Fu

/** Stops the program when an internal invariant breaks (never input). */
#define SPM_CHECK(cond)                                                        \
	do {                                                                   \
		if (!(cond))                                                   \
			spm_check_failed(__FILE__, __LINE__, #cond);           \
	} while (0)

struct backend_ops;
struct spm_conn;

/** A service at run time. */
struct spm_service {
	const struct spm_service_desc *desc;
	struct spm_partition *owner;
	/** Messages sent and not yet taken by psa_get(), oldest first. */
	struct spm_conn *queue_head;
	struct spm_conn *queue_tail;
};

/** A partition at run time; the non-secure side is one too (is_ns). */
struct spm_partition {
	/** NULL for the non-secure side. */
	const struct spm_partition_desc *desc;
	const char *name;
	int32_t id;
	/** Position in spm.partitions; the NS side is last. */
	uint32_t index;
	bool is_ns;
	/** Scheduling priority: enum spm_priority, NS below LOW. */
	uint32_t priority;
	/** Every signal this partition may wait for. */
	psa_signal_t signals_allowed;
	psa_signal_t signals_service;
	psa_signal_t signals_irq;
	psa_signal_t signals_asserted;
	/** IRQ enable state per IRQ, bit i for the i-th IRQ. */
	uint32_t irq_enabled;
	/** The isolation boundary bound at boot (arch_isolation_bind). */
	uintptr_t boundary;
	/**
	 * The answer of arch_isolation_switch_needed() for the last switch to
	 * this partition, and from which boundary: switches come in pairs
	 * (a call and its return), so this saves asking again on every call.
	 */
	uintptr_t switch_from;
	bool switch_needed;
	struct spm_service *services;
	uint32_t n_services;
	/**
	 * The client id its calls carry: its id, but a non-secure agent's
	 * (desc->ns_agent) while it calls on behalf of a non-secure client,
	 * that client's id. Negative: it calls as a non-secure client.
	 */
	int32_t client_id;
};

/** Why a partition panicked (the values of enum spmsim_panic_cause). */
enum spm_panic_cause {
	SPM_PANIC_PROGRAMMER_ERROR = 1,
	SPM_PANIC_PSA_PANIC = 2,
	SPM_PANIC_PARTITION_FAILED = 3,
	SPM_PANIC_FAULT = 4,
	SPM_PANIC_WATCHDOG = 5,
	SPM_PANIC_ABORT = 6,
};

/** What the architecture reports about a memory fault. */
struct spm_fault {
	/**
	 * "MemManage" (an MPU refusal), "SecureFault" (NS touching S),
	 * "UsageFault" (an undefined instruction, a division by zero) or
	 * "HardFault".
	 */
	const char *type;
	/** The broken rule; NULL: a memory access outside the boundary. */
	const char *rule;
	/** "read", "write", "execute" or "access" when unknown. */
	const char *access;
	uintptr_t address;
	/** What the address belongs to, e.g. "guard page of SP_X's stack". */
	char region[96];
};

/** What a partition was doing when the SPM decided to stop it. */
struct spm_panic_record {
	bool valid;
	enum spm_panic_cause cause;
	int32_t partition_id;
	const char *partition;
	const char *api;
	const char *rule;
	bool during_boot;
	/** Set for SPM_PANIC_FAULT. */
	struct spm_fault fault;
};

/** Why control came back to the boot context. */
enum spm_exit {
	SPM_EXIT_NONE = 0,
	SPM_EXIT_NS_RETURNED,
	SPM_EXIT_IDLE,
	SPM_EXIT_PANIC,
};

struct spm_counters {
	uint64_t context_switches;
	uint64_t spm_entries;
	uint64_t boundary_switches;
	uint64_t messages;
	uint64_t panics;
	uint64_t resets;
};

/** Boot-time choices the harness passes to spm_boot(). */
struct spm_config {
	const struct spm_load_table *table;
	const struct backend_ops *backend;
	unsigned isolation_level;
	unsigned mpu_regions;
	unsigned connections;
	uint32_t lifecycle_state;
	int32_t ns_client_id;
};

/** The whole system. */
struct spm {
	struct spm_config config;
	struct spm_partition partitions[SPM_MAX_PARTITIONS + 1];
	uint32_t n_partitions; /* secure ones; the NS side follows them */
	struct spm_partition *ns;
	struct spm_service services[SPM_MAX_SERVICES];
	uint32_t n_services;
	/** The stateless services by manifest index - 1, filled at boot. */
	struct spm_service *stateless[SPM_MAX_STATELESS];
	/** The partition whose code runs now (the NS side included). */
	struct spm_partition *current;
	/** The host's own context: the harness runs here between NS runs. */
	struct arch_context boot_ctx;
	enum spm_exit exit;
	bool booting;
	struct spm_panic_record panic;
	struct spm_counters counters;
};

/** The one system; reach it through spm_sys(). */
extern struct spm spm_system;

/** The system. Inline: every PSA call asks for it several times. */
static inline struct spm *spm_sys(void)
{
	return &spm_system;
}

/**
 * Builds the system state from @config: partitions, services, signals,
 * connection pool. Does not start anything (the backend does). Returns 0, or
 * -1 with a reason in @why when the table cannot be booted.
 */
int spm_init(const struct spm_config *config, char *why, size_t why_size);

/** Finds the service with @sid, or NULL. */
struct spm_service *spm_service_by_sid(uint32_t sid);

/**
 * Finds the stateless service of manifest index @index (1..32), or NULL.
 * Inline: every stateless psa_call() asks.
 */
static inline struct spm_service *spm_service_by_stateless_index(uint32_t index)
{
	/* 0 marks connection-based services; handles encode 1..32 only. */
	if (index == 0 || index > SPM_MAX_STATELESS) {
		return NULL;
	}
	return spm_system.stateless[index - 1];
}

/** Finds the secure partition with id @id, or NULL. */
struct spm_partition *spm_partition_by_id(int32_t id);

/** The partition owning the service signal @signal of @p, or NULL. */
struct spm_service *spm_service_by_signal(struct spm_partition *p,
                                          psa_signal_t signal);

/** True when secure partition @caller lists @svc in its dependencies. */
bool spm_dependency_listed(const struct spm_partition *caller,
                           const struct spm_service *svc);

/**
 * True when @p calls as a non-secure client: the non-secure side, or a
 * non-secure agent calling on behalf of one.
 */
static inline bool spm_acts_ns(const struct spm_partition *p)
{
	return p->client_id < 0;
}

/**
 * True when @caller may connect to or call @svc (manifest rules). Inline:
 * a non-secure caller, the common case, needs one flag.
 */
static inline bool spm_caller_authorised(const struct spm_partition *caller,
                                         const struct spm_service *svc)
{
	if (spm_acts_ns(caller)) {
		return svc->desc->non_secure_clients;
	}
	return spm_dependency_listed(caller, svc);
}

/**
 * The client id of @p as a service sees it: pid, negative for NS, and for a
 * non-secure agent calling on behalf of a client, that client's.
 */
static inline int32_t spm_client_id(const struct spm_partition *p)
{
	return p->client_id;
}

/**
 * A programmer error by the running caller, breaking @rule in @api. A
 * non-secure caller gets PSA_ERROR_PROGRAMMER_ERROR back; a secure one is
 * panicked and this does not return.
 */
psa_status_t spm_programmer_error(const char *api, const char *rule);

/** Panics @p (secure) for @rule in @api; does not return. */
void spm_panic(struct spm_partition *p, enum spm_panic_cause cause,
               const char *api, const char *rule) __attribute__((noreturn));

/**
 * A memory fault by the code of @p (a partition, or the non-secure side):
 * recorded as a panic of @p with @f, then the system resets or halts. Called
 * by the architecture's fault handler; does not return.
 */
void spm_fault(struct spm_partition *p, const struct spm_fault *f)
        __attribute__((noreturn));

/** Crosses from @was's isolation boundary into @p's (they differ). */
static inline void spm_cross_boundary(struct spm_partition *was,
                                      struct spm_partition *p)
{
	spm_trace_switch(was, p);
	spm_system.counters.boundary_switches++;
	arch_isolation_activate(p->boundary);
}

/**
 * The boundary switch of spm_set_current() from @was to @p when @p has no
 * answer cached for @was (see spm_partition.switch_needed).
 */
void spm_switch_boundary(struct spm_partition *was, struct spm_partition *p);

/**
 * Makes @p the running partition (NULL: the boot context), switching the
 * isolation boundary when the two differ. Backends call it on every switch;
 * inline, as an SFN call makes two and nearly always finds its answer
 * cached.
 */
static inline void spm_set_current(struct spm_partition *p)
{
	struct spm_partition *was = spm_system.current;

	spm_system.current = p;
	if (p == NULL || p == was) {
		return;
	}
	if (was == NULL || p->switch_from != was->boundary) {
		spm_switch_boundary(was, p);
	} else if (p->switch_needed) {
		spm_cross_boundary(was, p);
	}
}

/** Asserts @signals in @p and lets the backend wake it. */
void spm_assert_signals(struct spm_partition *p, psa_signal_t signals);

/** Reports a broken invariant and stops; see SPM_CHECK(). */
void spm_check_failed(const char *file, int line, const char *what)
        __attribute__((noreturn));

/** Reports a PSA call to @api from outside the simulated system; NULL. */
struct spm_partition *spm_caller_outside(const char *api);

/**
 * The partition (or the non-secure side) calling @api now, or NULL when the
 * call comes from outside any simulated context (reported).
 */
static inline struct spm_partition *spm_caller(const char *api)
{
	struct spm_partition *p = spm_system.current;

	return p != NULL ? p : spm_caller_outside(api);
}

/** Interrupts were taken: the preemption point of spm_take_interrupts(). */
void spm_interrupts_taken(void);

/**
 * Takes the interrupts pending now; when that made a more urgent partition
 * runnable, it runs first (a preemption point). Inline: every PSA call
 * passes here at least twice, and almost always nothing is pending.
 */
static inline void spm_take_interrupts(void)
{
	if (arch_interrupt_point() > 0) {
		spm_interrupts_taken();
	}
}

/** Counts an entry into the SPM (every psa_* call), an interrupt point. */
static inline void spm_enter(void)
{
	spm_system.counters.spm_entries++;
	spm_take_interrupts();
}

/** Leaves the running context for the boot context with reason @exit. */
void spm_exit_to_boot(enum spm_exit exit) __attribute__((noreturn));

/*
 * The client API of a non-secure agent partition (desc->ns_agent), on
 * behalf of non-secure client @client of another core (client_api.c): the
 * SPM maps @client into the agent's client id range and applies the
 * non-secure rules. A client id out of range fails the call
 * (INVALID_ARGUMENT; PSA_VERSION_NONE; a close does nothing); a partition
 * that is not an agent is panicked.
 */
uint32_t spm_agent_version(int32_t client, uint32_t sid);
psa_handle_t spm_agent_connect(int32_t client, uint32_t sid, uint32_t version);
psa_status_t spm_agent_call(int32_t client, psa_handle_t handle, int32_t type,
                            const psa_invec *in_vec, size_t in_len,
                            psa_outvec *out_vec, size_t out_len);
void spm_agent_close(int32_t client, psa_handle_t handle);

#endif /* SPM_SPM_H */
