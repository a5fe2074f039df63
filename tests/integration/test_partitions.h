/*
 * Test partitions and the fixture the integration tests share.
 *
 * How it works. Three secure partitions, written in C with hand-written load
 * tables (no manifest compiler involved):
 *
 *   SP_IPC   IPC model, application RoT, LOW priority, pid 256
 *   SP_SFN   SFN model, PSA RoT, NORMAL priority, pid 257
 *   SP_PEER  SFN model, PSA RoT, HIGH priority, pid 258
 *
 * SP_IPC and SP_SFN are twins: each has the same ten services (one per
 * enum tp_role, SID = sid base + role, signal 1 << (role + 4)), one SLIH and
 * one FLIH interrupt, and depends on SP_PEER's services only. Whatever the
 * model, every service runs the same behaviour menu, chosen by the call type
 * (enum tp_cmd). SP_PEER is the service a twin calls as a secure client.
 *
 * tp_table_all holds the three and SP_LEGACY (IPC backend only);
 * tp_table_sfn holds SP_SFN and SP_PEER (both backends).
 *
 * A test group names a backend, a table and the twin under test (its
 * "target"). Tests are written once and run in every group; what only an
 * IPC-model service or the IPC backend can do is skipped elsewhere.
 */
#ifndef TESTS_INTEGRATION_TEST_PARTITIONS_H
#define TESTS_INTEGRATION_TEST_PARTITIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "load_table.h"
#include "psa/client.h"
#include "psa/service.h"
#include "spmsim/spmsim.h"

/* ------------------------------------------------------------ partitions */

#define TP_PID_IPC    256
#define TP_PID_SFN    257
#define TP_PID_PEER   258
#define TP_PID_LEGACY 259

#define TP_SID_BASE_IPC 0x1000u
#define TP_SID_BASE_SFN 0x2000u

/** The services of each twin, in signal order. */
enum tp_role {
	TP_MAIN = 0,    /* connection-based, NS, v1 STRICT, mm_iovec */
	TP_NOMM,        /* connection-based, NS, v1, no mm_iovec */
	TP_NOTNS,       /* connection-based, non_secure_clients false */
	TP_RELAXED,     /* version 3, RELAXED */
	TP_STRICT,      /* version 2, STRICT */
	TP_CONN_BAD,    /* replies PSA_ERROR_GENERIC_ERROR to CONNECT */
	TP_CONN_REFUSE, /* replies CONNECTION_REFUSED to CONNECT */
	TP_CONN_BUSY,   /* replies CONNECTION_BUSY to CONNECT */
	TP_CONN_READ,   /* calls psa_read() on the CONNECT message */
	TP_STATELESS,   /* stateless (index and version per twin) */
	TP_N_ROLES
};

#define TP_SIGNAL(role) (1u << ((role) + 4u))
#define TP_SLIH_SIGNAL  (1u << 31)
#define TP_FLIH_SIGNAL  (1u << 30)

/* SP_IPC's stateless service: index 3, version 4; SP_SFN's: index 1, v1. */
#define TP_STATELESS_HANDLE(index, version)                                    \
	((psa_handle_t)(0x40000000 | ((version) << 8) | ((index)-1)))

/* SP_PEER's services. */
#define TP_PEER_SID       0x3000u /* connection-based, NS, v1 */
#define TP_PEER_NOTNS_SID 0x3001u /* connection-based, secure only */
#define TP_PEER_SL_SID    0x3002u /* stateless, index 2, version 2, NS */
#define TP_PEER_SL_HANDLE TP_STATELESS_HANDLE(2, 2)

/*
 * SP_LEGACY (tp_table_all only): an FF-M 1.0 IPC-model partition, NORMAL
 * priority, with one SLIH IRQ. A call returns psa_irq_disable() twice:
 * bit 0 the first result, bit 1 the second.
 */
#define TP_LEGACY_SID 0x4000u

/** A SID no partition declares. */
#define TP_UNKNOWN_SID 0xDEADu

/** The rhandle a TP_MAIN service attaches at CONNECT. */
#define TP_CONNECT_RHANDLE 100

/** The call types of the behaviour menu. */
enum tp_cmd {
	CMD_NOP = 0,        /* PSA_SUCCESS */
	CMD_ECHO,           /* non-empty in[i] -> out[i], two writes each */
	CMD_STATUS,         /* returns the int32 in in[0] */
	CMD_CLIENT_ID,      /* msg->client_id */
	CMD_SIZES,          /* in_size[0..1], out_size[0..1], one byte each */
	CMD_RHANDLE,        /* returns the rhandle, sets rhandle + 1 */
	CMD_COUNTER,        /* data counter * 1000 + bss counter, bumped */
	CMD_SKIP,           /* skip 2, read rest -> out[0], read, skip */
	CMD_DOORBELL_SELF,  /* notify self, poll, clear, poll */
	CMD_DOORBELL_STATE, /* poll the doorbell, clear it if asserted */
	CMD_NOTIFY,         /* psa_notify(int32 in in[0]) */
	CMD_LIFECYCLE,      /* psa_rot_lifecycle_state() */
	CMD_IRQ_TOGGLE,     /* disable, enable, disable the SLIH IRQ */
	CMD_CLIENT_OP,      /* tp_client_op() of the struct tp_op in in[0] */
	CMD_MM_ECHO,        /* map in[0] and out[0], copy, unmap both */
	CMD_MM_NO_UNMAP,    /* map out[0], write "zz", never unmap */
	CMD_WAIT_BLOCK,     /* psa_wait(PSA_DOORBELL, PSA_BLOCK): blocks */
	CMD_MSG_HANDLE,     /* msg->handle */
	CMD_ZERO_IO,        /* 0-byte read/skip/write on every vector */
	CMD_OVERLAP,     /* "WXYZ" -> out[0], in[0] -> out[1], "12" -> out[2] */
	CMD_NEVER_REPLY, /* IPC model: no psa_reply() */
	CMD_ARM_GET_NULL, /* IPC model: next psa_get() gets a NULL msg */
	/* Misuse: each panics the service's partition. */
	CMD_WRITE_PAST,
	CMD_READ_IDX4,
	CMD_SKIP_IDX4,
	CMD_WRITE_IDX4,
	CMD_READ_NULL_BUF,
	CMD_WRITE_NULL_BUF,
	CMD_READ_HANDLE, /* psa_read() on the handle in in[0] */
	CMD_GET_UNASSERTED,
	CMD_GET_MULTI_BIT,
	CMD_GET_NOT_SERVICE, /* notify self, psa_get(PSA_DOORBELL) */
	CMD_PANIC,
	CMD_REPLY_TWICE, /* SFN model: its one psa_reply() panics */
	CMD_CLEAR_NO_DOORBELL,
	CMD_WAIT_RESERVED, /* psa_wait(0x7): reserved bits only */
	CMD_EOI_UNASSERTED,
	CMD_EOI_FLIH,
	CMD_EOI_NOT_IRQ,
	CMD_RESET_SLIH,
	CMD_RESET_UNASSERTED,
	CMD_IRQ_ENABLE_BAD,
	CMD_IRQ_DISABLE_BAD,
	CMD_MM_ZERO, /* map in[1], which has length 0 */
	CMD_MM_TWICE,
	CMD_MM_AFTER_READ,
	CMD_MM_UNMAP_NO_MAP,
	CMD_MM_READ_MAPPED,
};

/** Client-API actions, run by NS code or by a twin (CMD_CLIENT_OP). */
enum tp_op_code {
	OP_FRAMEWORK = 1,  /* psa_framework_version() */
	OP_VERSION,        /* psa_version(a) */
	OP_CONNECT,        /* psa_connect(a, b), closed again: 1 or error */
	OP_CONNECT_KEEP,   /* psa_connect(a, b), kept open: the handle */
	OP_CLOSE,          /* psa_close(a); PSA_SUCCESS */
	OP_CLOSE_STALE,    /* connect SP_PEER, close twice */
	OP_CALL,           /* psa_call(a, b, no vectors) */
	OP_CALL_STALE,     /* connect SP_PEER, close, call */
	OP_CALL_TYPE,      /* connect SP_PEER, call with type a, close */
	OP_VECTORS,        /* connect SP_PEER, tp_call_vectors(case a), close */
	OP_PEER_STATUS,    /* SP_PEER replies a to a call */
	OP_PEER_CLIENT_ID, /* the client id SP_PEER sees */
	OP_ECHO,           /* echo "abc" through handle a (0: SP_PEER) */
	OP_FORWARD_MSG,    /* SP_PEER psa_read()s the caller's msg handle */
};

/** One client-API action; travels as in[0] of a CMD_CLIENT_OP call. */
struct tp_op {
	int32_t op;
	int32_t a;
	int32_t b;
};

/** The psa_call() vector cases of OP_VECTORS. */
enum tp_vec_case {
	VEC_OK = 0,          /* valid: echoes, returns the byte count */
	VEC_NULL_BASE_EMPTY, /* NULL base with length 0: valid */
	VEC_TOO_MANY,        /* 3 in + 2 out */
	VEC_IN_LEN_HUGE,     /* in_len 5, out_len 0 */
	VEC_NULL_IN_ARRAY,
	VEC_NULL_OUT_ARRAY,
	VEC_NULL_IN_BASE,
	VEC_NULL_OUT_BASE,
	/* Valid (FF-M names no overlap rule): in[0] shares bytes with out[0]
	 * and out[2] with out[0]; CMD_OVERLAP; the bytes are checked. */
	VEC_OVERLAP,
};

/** The wrong-version handle of SP_PEER's stateless service. */
#define TP_PEER_SL_BAD_VERSION TP_STATELESS_HANDLE(2, 1)
/** A stateless handle whose index names no service. */
#define TP_SL_NO_SERVICE       TP_STATELESS_HANDLE(31, 1)
/** A connection handle that was never issued. */
#define TP_BOGUS_HANDLE        ((psa_handle_t)0x00001234)

/**
 * Performs @op with the client API as the running caller; @self_msg is the
 * caller's own message handle (for OP_FORWARD_MSG) or PSA_NULL_HANDLE.
 */
int32_t tp_client_op(const struct tp_op *op, psa_handle_t self_msg);

/** psa_call() on @h with the vectors of @vcase (CMD_ECHO). */
psa_status_t tp_call_vectors(psa_handle_t h, enum tp_vec_case vcase);

/** Both tables. */
extern const struct spm_load_table tp_table_all;
extern const struct spm_load_table tp_table_sfn;

/** Set before a boot to make SP_PEER's entry_init fail. */
extern bool tp_fail_peer_init;
/** Set before a boot to make SP_PEER's entry_init spin. */
extern volatile bool tp_spin_peer_init;
/** Set before a boot to make SP_IPC's entry point return. */
extern bool tp_ipc_entry_returns;

/** Partition ids in the order their initialisation ran. */
#define TP_BOOT_LOG_MAX 16
extern int32_t tp_boot_log[TP_BOOT_LOG_MAX];
extern unsigned tp_boot_log_len;

/** DISCONNECT messages seen by partition @pid since the last reset. */
unsigned tp_disconnects(int32_t pid);

/* ------------------------------------------------------------ fixture */

/** A twin under test. */
struct tp_target {
	const char *name;
	int32_t pid;
	uint32_t sid_base;
	bool ipc_model;
	psa_handle_t sl_handle;
	uint32_t sl_version;
};

/** A group: the backend, the table and the target. */
struct tp_group {
	const char *name;
	enum spmsim_backend backend;
	const struct spm_load_table *table;
	const struct tp_target *t;
};

extern const struct tp_group tp_group_ipc;     /* IPC backend, SP_IPC */
extern const struct tp_group tp_group_ipc_sfn; /* IPC backend, SP_SFN */
extern const struct tp_group tp_group_sfn;     /* SFN backend, SP_SFN */

/** The group of the running test. */
extern const struct tp_group *tp_g;

#define TP_SID(role)     (tp_g->t->sid_base + (uint32_t)(role))
#define TP_IPC_BACKEND() (tp_g->backend == SPMSIM_BACKEND_IPC)

/** A test of @fn in group @grp, booted by tp_setup(). */
#define TP_TEST(fn, grp)                                                       \
	cmocka_unit_test_prestate_setup_teardown(fn, tp_setup, tp_teardown,    \
	                                         (void *)(grp))

/** Boots the group in *state with the default configuration. */
int tp_setup(void **state);
/** Shuts the system down. */
int tp_teardown(void **state);

/** Shuts down and boots the group again with @cfg (table and backend set). */
void tp_reboot(struct spmsim_config cfg);

/** Skips the test unless the target is an IPC-model partition. */
void tp_require_ipc_model(void);
/** Skips the test unless the group runs the IPC backend. */
void tp_require_ipc_backend(void);

/* NS helpers: connect, call, close. A failed connect returns its status. */
psa_status_t tp_ns_call(uint32_t sid, uint32_t version, int32_t type,
                        const psa_invec *in, size_t in_len, psa_outvec *out,
                        size_t out_len);
/** tp_ns_call() with one int32 in[0] and no outvec. */
psa_status_t tp_ns_call_int(uint32_t sid, int32_t type, int32_t value);
/** Has the target's TP_MAIN run @op as a secure client. */
psa_status_t tp_ns_secure_op(int32_t op, int32_t a, int32_t b);

/** Runs @fn as NS code: it must return, with no panic. */
#define TP_RUN_OK(fn, arg) tp_run_ok_at((fn), (arg), __FILE__, __LINE__)
void tp_run_ok_at(void (*fn)(void *), void *arg, const char *file, int line);

/** What a run that panics must record. */
struct tp_panic_expect {
	const char *partition;
	int32_t pid;
	const char *api;
	/** A distinctive substring of the rule. */
	const char *rule;
	enum spmsim_panic_cause cause;
};

/**
 * Runs @fn as NS code: it must end in a programmer-error panic of
 * @partition (@pid) in @api with a rule containing @rule, one reset, and a
 * system that works afterwards.
 */
#define TP_RUN_PANIC(fn, arg, partition, pid, api, rule)                       \
	tp_run_panic_at(                                                       \
	        (fn), (arg),                                                   \
	        (struct tp_panic_expect){(partition), (pid), (api), (rule),    \
	                                 SPMSIM_PANIC_PROGRAMMER_ERROR},       \
	        #fn, __FILE__, __LINE__)
/** The same with @e given whole; @what names the case in messages. */
void tp_run_panic_at(void (*fn)(void *), void *arg, struct tp_panic_expect e,
                     const char *what, const char *file, int line);

/** Checks the last panic against @e (fails the test with @what). */
void tp_check_panic_at(const struct tp_panic_expect *e, const char *what,
                       const char *file, int line);

/** Asserts that the system works: a connect, an echo and a close. */
void tp_assert_healthy_at(const char *file, int line);
#define TP_ASSERT_HEALTHY() tp_assert_healthy_at(__FILE__, __LINE__)

#endif /* TESTS_INTEGRATION_TEST_PARTITIONS_H */
