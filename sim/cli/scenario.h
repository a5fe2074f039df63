/*
 * Scenarios: what a scenario file says, checked for shape.
 *
 * scenario_parse() turns a scenario's YAML text into the structures below and
 * refuses anything malformed at its file, line and column: wrong types,
 * unknown keys, missing keys, values out of range, handle names used before
 * they are bound, impossible combinations that need no build to see (the
 * SFN backend at isolation level 2 or 3). It knows nothing of the build's
 * partitions: scn_check (scn_check.h) resolves the names against the load
 * tables before anything runs. The format is documented, with examples, in
 * scenarios/README.md.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scn_diag.h"
#include "ytree.h"

#define SCN_MAX_IOVEC      4u
/** A vector's bytes: more than any PSA service takes in one call. */
#define SCN_MAX_DATA       (1u << 20)
/** Repeat counts and storm sizes. */
#define SCN_MAX_COUNT      10000000u
#define SCN_MAX_CONNECTION 1024u
/** Manifest lists one scenario may name. */
#define SCN_MAX_LISTS      8u
/** Non-secure threads of one scenario (spmsim.h's SPMSIM_NS_THREADS_MAX). */
#define SCN_MAX_THREADS    64u
/** Mailbox slots (spmsim/ns_agent.h's SPMSIM_MAILBOX_MAX_SLOTS). */
#define SCN_MAX_SLOTS      32u

/** Backends and isolation levels as bit sets. */
#define SCN_BACKEND_IPC (1u << 0)
#define SCN_BACKEND_SFN (1u << 1)
#define SCN_LEVEL(n)    (1u << (n))
#define SCN_LEVELS_ALL  (SCN_LEVEL(1) | SCN_LEVEL(2) | SCN_LEVEL(3))

/** How boundaries are enforced (spmsim.h's enum spmsim_protection). */
enum scn_protection {
	SCN_PROTECTION_DEFAULT = 0, /* not given: trap */
	SCN_PROTECTION_TRAP,        /* pointer checks and page protection */
	SCN_PROTECTION_CHECK,       /* pointer checks only: faster */
};

/** A place in the scenario file. */
struct scn_loc {
	unsigned line;
	unsigned col;
};

/** A name in the scenario and where it was written. */
struct scn_name {
	const char *text;
	struct scn_loc loc;
};

/** How a vector's bytes are given. */
enum scn_data_kind {
	SCN_DATA_BYTES = 1, /* text, hex, u32 or file: bytes known now */
	SCN_DATA_RANDOM,    /* len bytes from the seeded generator */
	SCN_DATA_ANY,       /* expected output: not compared */
	SCN_DATA_SIZE,      /* expected output: only its length, len */
};

struct scn_data {
	enum scn_data_kind kind;
	struct scn_loc loc;
	const uint8_t *bytes;
	size_t len;
};

/** What a step must end with. */
enum scn_expect_kind {
	SCN_EXPECT_DEFAULT = 0, /* the step kind's default (below) */
	SCN_EXPECT_STATUS,      /* a PSA status, or a version for `version` */
	SCN_EXPECT_ANY,         /* anything but a reset */
	SCN_EXPECT_RESET,       /* a panic or the watchdog resets the system */
};

struct scn_expect {
	enum scn_expect_kind kind;
	int32_t status;
	struct scn_loc loc;
};

enum scn_step_kind {
	SCN_STEP_VERSION = 1,
	SCN_STEP_CONNECT,
	SCN_STEP_CALL,
	SCN_STEP_CLOSE,
	SCN_STEP_REPEAT,
	SCN_STEP_RAISE,
	SCN_STEP_RESET,
	SCN_STEP_FAULT,
	SCN_STEP_INJECT,
};

/** The fault catalog; see scn_fault_info() for what each needs. */
enum scn_fault {
	SCN_FAULT_NONE = 0,
	SCN_FAULT_NULL_HANDLE,
	SCN_FAULT_INVALID_HANDLE,
	SCN_FAULT_CLOSED_HANDLE,
	SCN_FAULT_STALE_HANDLE,
	SCN_FAULT_FOREIGN_HANDLE,
	SCN_FAULT_BAD_VECTOR,
	SCN_FAULT_POOL_EXHAUSTION,
	SCN_FAULT_INTERRUPT_STORM,
	SCN_FAULT_REPLY_TWICE,
	SCN_FAULT_FORBIDDEN_STATUS,
	SCN_FAULT_WRITE_PAST_OUTVEC,
	SCN_FAULT_SERVICE_PANIC,
	SCN_FAULT_NEVER_REPLY,
	SCN_FAULT_DOORBELL_MISUSE,
	SCN_FAULT_STRAY_READ,
	SCN_FAULT_STRAY_WRITE,
	SCN_FAULT_STRAY_JUMP,
	SCN_FAULT_STACK_OVERFLOW,
	SCN_FAULT_RESET_MID_CALL,
	SCN_FAULT_SET_RHANDLE_STATELESS,
	SCN_FAULT_BAD_CONNECT,
	SCN_FAULT_COUNT_,
};

/**
 * Faults injected into a partition (`inject:`), in the order of spmsim.h's
 * enum spmsim_inject_kind.
 */
enum scn_inject {
	SCN_INJECT_NONE = 0,
	SCN_INJECT_STRAY_READ,
	SCN_INJECT_STRAY_WRITE,
	SCN_INJECT_STRAY_JUMP,
	SCN_INJECT_STACK_OVERFLOW,
	SCN_INJECT_SPIN,
	SCN_INJECT_PANIC,
	SCN_INJECT_CORRUPT_STATUS,
	SCN_INJECT_CORRUPT_OUTPUT,
	SCN_INJECT_ERROR_STATUS,
	SCN_INJECT_RESET,
	SCN_INJECT_COUNT_,
};

struct scn_step;

/** The keyword of injection @i ("stray_read"...), or NULL. */
const char *scn_inject_name(enum scn_inject i);

/**
 * The psa_* function an injection of @st counts: its `at`, else the one
 * its kind changes (psa_reply, psa_write, psa_call), else NULL: every one.
 */
const char *scn_inject_api(const struct scn_step *st);

/** Bad vectors of the bad_vector fault. */
enum scn_vector_fault {
	SCN_VEC_NULL = 1,
	SCN_VEC_OUT_OF_RANGE,
	SCN_VEC_READONLY_OUTVEC,
	SCN_VEC_TOO_MANY,
};

/** Targets of stray accesses. */
enum scn_stray_target {
	SCN_STRAY_PARTITION = 1, /* another partition: `partition:` names it */
	SCN_STRAY_PSA_ROT,
	SCN_STRAY_SPM,
	SCN_STRAY_NS,
	SCN_STRAY_CODE, /* the program image's code */
};

/** Which area of the `partition` target a stray access aims at. */
enum scn_stray_area {
	SCN_AREA_DATA = 0, /* its globals */
	SCN_AREA_STACK,
};

/** What the service does with a connect in the bad_connect fault. */
enum scn_connect_mode {
	SCN_CONNECT_REFUSE = 1,
	SCN_CONNECT_BUSY,
	SCN_CONNECT_FORBIDDEN_STATUS, /* replies a status a connect forbids */
	SCN_CONNECT_NEVER_REPLY,
};

/** What a build must have to run a step kind or fault. */
enum scn_needs {
	SCN_NEEDS_NOTHING = 0,
	SCN_NEEDS_AGENT = 1u << 0,    /* the secure agent partition */
	SCN_NEEDS_FAULTLAB = 1u << 1, /* the misbehaving services */
	SCN_NEEDS_PAGEPROT = 1u << 2, /* stray accesses fault by level */
	SCN_NEEDS_HOOKS = 1u << 3,    /* reset after N SPM entries */
	SCN_NEEDS_STORAGE = 1u << 4,  /* file-backed storage */
};

/** One entry of the fault catalog. */
struct scn_fault_info {
	const char *name;
	/** The status a non-secure caller gets by default. */
	int32_t status;
	bool default_reset; /* by default the step ends in a reset */
	unsigned needs;
};

struct scn_step;

const struct scn_fault_info *scn_fault_info(enum scn_fault f);

/**
 * Whether fault step @st ends in a reset when its `expect` is the default
 * (some faults depend on their parameters), and the status it gives if not.
 */
bool scn_fault_default_reset(const struct scn_step *st);
int32_t scn_fault_default_status(const struct scn_step *st);

struct scn_step {
	enum scn_step_kind kind;
	struct scn_loc loc;
	/**
	 * version/connect: the service; call/close: a service or a handle
	 * name; raise: the interrupt; fault: the service or handle it uses.
	 */
	struct scn_name target;
	/** True when target is a handle name bound by an earlier `as:`. */
	bool target_is_handle;
	/** connect: the handle name it binds. */
	struct scn_name as;
	/** connect: the version asked for; 0 means the service's own. */
	uint32_t version;
	/** call: the message type, and its name when `types` gave one. */
	int32_t type;
	const char *type_name;
	struct scn_data in[SCN_MAX_IOVEC];
	size_t n_in;
	uint32_t out[SCN_MAX_IOVEC];
	size_t n_out;
	/** call: the expected output vectors; n_expect_out 0: not checked. */
	struct scn_data expect_out[SCN_MAX_IOVEC];
	size_t n_expect_out;
	struct scn_expect expect;
	/** repeat: how often; raise, interrupt_storm: how many raises. */
	uint32_t count;
	const struct scn_step *steps;
	size_t n_steps;
	/** fault: which, and its parameters. */
	enum scn_fault fault;
	struct scn_name fault_loc;
	enum scn_vector_fault vector;
	enum scn_stray_target stray;
	enum scn_stray_area area;
	enum scn_connect_mode connect_mode;
	/** doorbell_misuse: psa_notify() of no partition, not psa_clear(). */
	bool notify;
	struct scn_name partition;
	/** reset: shut down and boot again (a power cycle), not a reset. */
	bool reboot;
	/** interrupt_storm: the line; reset_mid_call: after these entries. */
	struct scn_name irq;
	uint32_t after;
	/**
	 * inject: the fault (fault_loc: where it is named), the partition it
	 * strikes, the psa_* function counted (NULL text: every one), which
	 * call of it from now, and the status of corrupt_status and
	 * error_status. A stray's target is in stray, area and partition.
	 */
	enum scn_inject inject;
	struct scn_name into;
	struct scn_name at;
	uint32_t nth;
	int32_t status;
};

/** A client: non-secure, or driven from a secure partition. */
struct scn_client {
	struct scn_name name;
	/** NULL text: non-secure; else the partition that makes the calls. */
	struct scn_name from;
	/**
	 * A client of `threads`: its client id (0: -1 - its index), and
	 * whether it is a client of the other core, through the mailbox
	 * (mailbox_loc: where that was said).
	 */
	int32_t client_id;
	bool mailbox;
	struct scn_loc mailbox_loc;
	const struct scn_step *steps;
	size_t n_steps;
};

/** An interrupt raised before a given step of the whole run. */
struct scn_irq_plan {
	struct scn_loc loc;
	struct scn_name irq;
	/** Raised once this many steps have been played (0: at the start). */
	uint32_t after_steps;
	/** Or, when not 0, after this many SPM entries (needs the hooks). */
	uint32_t after_entries;
	uint32_t count;
};

/** The order in which the threads' calls enter the SPM. */
enum scn_order {
	SCN_ORDER_SEEDED = 0, /* replayable: a seeded generator picks */
	SCN_ORDER_FREE,       /* as the host schedules the threads */
};

/**
 * `threads`: the clients are non-secure threads (and mailbox clients)
 * that run at once, through spmsim_run_ns_threads().
 */
struct scn_threads {
	bool on;
	struct scn_loc loc;
	enum scn_order order;
	bool has_seed;
	uint64_t seed;
	/** 0: the harness's default (4). */
	uint32_t mailbox_slots;
};

/** How the run must end. */
struct scn_end {
	/** A panic of this partition for a rule containing this text. */
	bool panic;
	struct scn_loc panic_loc;
	struct scn_name panic_partition;
	const char *panic_rule;
	const char *panic_api;
	/** A memory fault at a region containing this text. */
	bool fault;
	struct scn_loc fault_loc;
	const char *fault_region;
	const char *fault_access;
	/** The fault's type (MemManage...) and the partition that faulted. */
	const char *fault_type;
	struct scn_name fault_partition;
	/** Resets: exactly this many, or -1 when not checked. */
	int64_t resets;
	/** At least this many interrupts taken, or -1. */
	int64_t irqs_taken;
	/**
	 * With `threads`, what the services saw of each thread's calls
	 * (scenarios/README.md says how each is checked); all true unless
	 * the scenario turns one off.
	 */
	bool replies_once;
	bool order_kept;
	bool no_lost_or_duplicate;
};

struct scenario {
	struct scn_arena arena;
	/** The YAML tree: names and texts above point into it. */
	struct ytree_node *tree;
	/** The file as given, and its folder for relative paths. */
	const char *path;
	const char *dir;
	const char *name;
	const char *description;
	/** The first manifest list, and all of them (n_lists >= 1). */
	struct scn_name manifest_list;
	struct scn_name lists[SCN_MAX_LISTS];
	size_t n_lists;
	unsigned backends;
	unsigned levels;
	bool backend_pinned;
	bool level_pinned;
	struct scn_loc backend_loc;
	struct scn_loc level_loc;
	bool has_seed;
	uint64_t seed;
	/** `protection`, and where it was written. */
	enum scn_protection protection;
	struct scn_loc protection_loc;
	/** config: */
	uint32_t connections;
	bool halt_on_panic;
	uint32_t mpu_regions;
	int32_t ns_client_id;
	/** A file that backs persistent storage (needs it), or NULL. */
	struct scn_name storage;
	/** `clients`, or with threads.on the threads' clients. */
	const struct scn_client *clients;
	size_t n_clients;
	struct scn_threads threads;
	const struct scn_irq_plan *irqs;
	size_t n_irqs;
	struct scn_end end;
};

/**
 * Parses @len bytes of @data, the contents of file @path (for messages and
 * relative paths), into a new scenario. NULL with the error in @d.
 */
struct scenario *scenario_parse(const char *path, const char *data, size_t len,
                                struct scn_diag *d);

/** Reads and parses file @path; NULL with the error in @d. */
struct scenario *scenario_load(const char *path, struct scn_diag *d);

void scenario_free(struct scenario *s);

/**
 * The first step of @s that needs page protection (a stray access, which
 * faults only in trap mode), or NULL.
 */
const struct scn_step *scn_needs_trap(const struct scenario *s);

/** The name of PSA status @status ("PSA_ERROR_..."), or NULL. */
const char *scn_status_name(int32_t status);

#endif /* SCENARIO_H */
