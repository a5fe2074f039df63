/*
 * The test partitions (see test_partitions.h) and the fixture the
 * integration tests share.
 *
 * Partition code first: one behaviour menu that every service runs, the
 * IPC-model loop of SP_IPC, the service functions of the SFN-model
 * partitions, the load tables and the memory table that lets a reset put
 * the partitions' globals back. Then the harness side: groups, boot and run
 * helpers, and the checks of a panic.
 */
#include "test_partitions.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../sim/sim_memory.h"
#include "psa/lifecycle.h"

/** What a misuse returns if the SPM failed to panic the partition. */
#define TP_NOT_PANICKED ((psa_status_t)0x7E57)

/* ------------------------------------------------- partition memory */

/*
 * Each partition's globals live in sections of its own so that a reset
 * restores them (sim_memory.h): counters start at 100 (data) and 0 (bss).
 */
#define TP_DATA(part) __attribute__((section("spmsim_data_" #part), used))
#define TP_BSS(part)  __attribute__((section("spmsim_bss_" #part), used))

static int ipc_counter_data TP_DATA(SP_IPC) = 100;
static int ipc_counter_bss TP_BSS(SP_IPC);
static unsigned ipc_disconnects TP_BSS(SP_IPC);
static bool ipc_get_null_armed TP_BSS(SP_IPC);

static int sfn_counter_data TP_DATA(SP_SFN) = 100;
static int sfn_counter_bss TP_BSS(SP_SFN);
static unsigned sfn_disconnects TP_BSS(SP_SFN);

static int peer_counter_data TP_DATA(SP_PEER) = 100;
static int peer_counter_bss TP_BSS(SP_PEER);
static unsigned peer_disconnects TP_BSS(SP_PEER);

#define REGION(part)                                                           \
	{                                                                      \
#part, __start_spmsim_data_##part, __stop_spmsim_data_##part,  \
		        __start_spmsim_bss_##part, __stop_spmsim_bss_##part    \
	}
#define BOUNDS(part)                                                           \
	extern char __start_spmsim_data_##part[], __stop_spmsim_data_##part[], \
	        __start_spmsim_bss_##part[], __stop_spmsim_bss_##part[]

BOUNDS(SP_IPC);
BOUNDS(SP_SFN);
BOUNDS(SP_PEER);

const struct sim_memory_region spmsim_memory_table[] = {
        REGION(SP_IPC),
        REGION(SP_SFN),
        REGION(SP_PEER),
        {0},
};

/* Test knobs and logs: ordinary globals, not restored by a reset. */
bool tp_fail_peer_init;
volatile bool tp_spin_peer_init;
bool tp_ipc_entry_returns;
int32_t tp_boot_log[TP_BOOT_LOG_MAX];
unsigned tp_boot_log_len;

static void boot_log(int32_t pid)
{
	if (tp_boot_log_len < TP_BOOT_LOG_MAX) {
		tp_boot_log[tp_boot_log_len++] = pid;
	}
}

/* ------------------------------------------------------- the menu */

/** A partition as its own code sees it. */
struct tp_part {
	int32_t pid;
	bool ipc_model;
	int *counter_data;
	int *counter_bss;
	unsigned *disconnects;
};

static const struct tp_part part_ipc = {
        TP_PID_IPC, true, &ipc_counter_data, &ipc_counter_bss, &ipc_disconnects,
};
static const struct tp_part part_sfn = {
        TP_PID_SFN,       false, &sfn_counter_data, &sfn_counter_bss,
        &sfn_disconnects,
};
static const struct tp_part part_peer = {
        TP_PID_PEER,       false, &peer_counter_data, &peer_counter_bss,
        &peer_disconnects,
};

/*
 * The disconnects each partition saw, as a log the non-secure test code
 * reads (an ordinary global, as the boot log): the partitions' own
 * counters are secure memory, which non-secure code may not read.
 */
static unsigned disconnect_log[3];

/** The log slot of partition @pid. */
static unsigned *disconnect_log_of(int32_t pid)
{
	switch (pid) {
	case TP_PID_IPC:
		return &disconnect_log[0];
	case TP_PID_SFN:
		return &disconnect_log[1];
	default:
		return &disconnect_log[2];
	}
}

unsigned tp_disconnects(int32_t pid)
{
	return *disconnect_log_of(pid);
}

/** The int32 a client sent in in[0]. */
static int32_t read_int(psa_handle_t h)
{
	int32_t v = 0;

	(void)psa_read(h, 0, &v, sizeof(v));
	return v;
}

/** in[i] -> out[i] for every i, each in two writes. */
static psa_status_t echo(const psa_msg_t *msg)
{
	uint8_t buf[64];
	size_t total = 0;

	for (uint32_t i = 0; i < PSA_MAX_IOVEC; i++) {
		size_t n = msg->in_size[i] < msg->out_size[i]
		                   ? msg->in_size[i]
		                   : msg->out_size[i];
		size_t got;

		n = n < sizeof(buf) ? n : sizeof(buf);
		if (n == 0) {
			continue; /* empty vectors: CMD_ZERO_IO's business */
		}
		got = psa_read(msg->handle, i, buf, n);
		psa_write(msg->handle, i, buf, got / 2);
		psa_write(msg->handle, i, buf + got / 2, got - got / 2);
		total += got;
	}
	return (psa_status_t)total;
}

/**
 * CMD_OVERLAP: writes out[0], then reads in[0] (which the client overlaps
 * with out[0]) into out[1], then writes out[2] (overlapping out[0]).
 */
static psa_status_t overlap_cmd(const psa_msg_t *msg)
{
	uint8_t buf[8];
	size_t got;

	psa_write(msg->handle, 0, "WXYZ", 4);
	got = psa_read(msg->handle, 0, buf, sizeof(buf));
	psa_write(msg->handle, 1, buf, got);
	psa_write(msg->handle, 2, "12", 2);
	return (psa_status_t)got;
}

static psa_status_t sizes(const psa_msg_t *msg)
{
	if (msg->in_size[2] != 0 || msg->in_size[3] != 0 ||
	    msg->out_size[2] != 0 || msg->out_size[3] != 0) {
		return -1;
	}
	return (psa_status_t)(msg->in_size[0] | msg->in_size[1] << 8 |
	                      msg->out_size[0] << 16 | msg->out_size[1] << 24);
}

/** Skip 2, read the rest, read again, skip again; in[1] skipped whole. */
static psa_status_t skip_read(psa_handle_t h)
{
	uint8_t buf[64];
	size_t n1 = psa_skip(h, 0, 2);
	size_t n2 = psa_read(h, 0, buf, sizeof(buf));
	size_t n3 = psa_read(h, 0, buf + n2, 1);
	size_t n4 = psa_skip(h, 0, 100);
	size_t n5 = psa_skip(h, 1, 100);

	psa_write(h, 0, buf, n2);
	return (psa_status_t)(n1 | n2 << 4 | n3 << 8 | n4 << 12 | n5 << 16);
}

/** Zero-byte reads, skips and writes on every vector; bytes moved. */
static psa_status_t zero_io(psa_handle_t h)
{
	uint8_t buf[4];
	size_t moved = 0;

	for (uint32_t i = 0; i < PSA_MAX_IOVEC; i++) {
		moved += psa_read(h, i, buf, sizeof(buf));
		moved += psa_read(h, i, buf, 0);
		moved += psa_skip(h, i, 1);
		psa_write(h, i, buf, 0);
	}
	return (psa_status_t)moved;
}

static psa_status_t doorbell_self(const struct tp_part *pc)
{
	psa_signal_t before, after;

	psa_notify(pc->pid);
	before = psa_wait(PSA_DOORBELL, PSA_POLL);
	psa_clear();
	after = psa_wait(PSA_DOORBELL, PSA_POLL);
	return (psa_status_t)(before | after << 8);
}

static psa_status_t doorbell_state(void)
{
	psa_signal_t s = psa_wait(PSA_DOORBELL, PSA_POLL);

	if (s != 0) {
		psa_clear();
	}
	return (psa_status_t)s;
}

static psa_status_t irq_toggle(void)
{
	psa_irq_status_t a, b, c;

	a = psa_irq_disable(TP_SLIH_SIGNAL);
	psa_irq_enable(TP_SLIH_SIGNAL);
	b = psa_irq_disable(TP_SLIH_SIGNAL);
	psa_irq_enable(TP_FLIH_SIGNAL);
	c = psa_irq_disable(TP_FLIH_SIGNAL);
	return (psa_status_t)(a | b << 1 | c << 2);
}

static psa_status_t client_op(psa_handle_t h)
{
	struct tp_op op;

	if (psa_read(h, 0, &op, sizeof(op)) != sizeof(op)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	return tp_client_op(&op, h);
}

static psa_status_t mm_echo(const psa_msg_t *msg)
{
	size_t n = msg->in_size[0] < msg->out_size[0] ? msg->in_size[0]
	                                              : msg->out_size[0];
	const void *in = psa_map_invec(msg->handle, 0);
	void *out = psa_map_outvec(msg->handle, 0);

	memcpy(out, in, n);
	psa_unmap_invec(msg->handle, 0);
	psa_unmap_outvec(msg->handle, 0, n);
	return (psa_status_t)n;
}

static psa_status_t mm_no_unmap(const psa_msg_t *msg)
{
	char *out = psa_map_outvec(msg->handle, 0);

	memcpy(out, "zz", 2);
	return PSA_SUCCESS;
}

/** The well-behaved part of the menu; NOT_SUPPORTED for the rest. */
static psa_status_t menu_good(const struct tp_part *pc, const psa_msg_t *msg)
{
	uintptr_t r;

	switch (msg->type) {
	case CMD_NOP:
		return PSA_SUCCESS;
	case CMD_ECHO:
		return echo(msg);
	case CMD_OVERLAP:
		return overlap_cmd(msg);
	case CMD_STATUS:
		return read_int(msg->handle);
	case CMD_CLIENT_ID:
		return msg->client_id;
	case CMD_SIZES:
		return sizes(msg);
	case CMD_RHANDLE:
		r = (uintptr_t)msg->rhandle;
		psa_set_rhandle(msg->handle, (void *)(r + 1));
		return (psa_status_t)r;
	case CMD_COUNTER:
		++*pc->counter_data;
		++*pc->counter_bss;
		return *pc->counter_data * 1000 + *pc->counter_bss;
	case CMD_SKIP:
		return skip_read(msg->handle);
	case CMD_DOORBELL_SELF:
		return doorbell_self(pc);
	case CMD_DOORBELL_STATE:
		return doorbell_state();
	case CMD_NOTIFY:
		psa_notify(read_int(msg->handle));
		return PSA_SUCCESS;
	case CMD_LIFECYCLE:
		return (psa_status_t)psa_rot_lifecycle_state();
	case CMD_IRQ_TOGGLE:
		return irq_toggle();
	case CMD_CLIENT_OP:
		return client_op(msg->handle);
	case CMD_MM_ECHO:
		return mm_echo(msg);
	case CMD_MM_NO_UNMAP:
		return mm_no_unmap(msg);
	case CMD_WAIT_BLOCK:
		(void)psa_wait(PSA_DOORBELL, PSA_BLOCK);
		return PSA_SUCCESS;
	case CMD_MSG_HANDLE:
		return msg->handle;
	case CMD_ZERO_IO:
		return zero_io(msg->handle);
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}

/** Misuse of the message and vector functions. */
static void misuse_vectors(const psa_msg_t *msg)
{
	psa_handle_t h = msg->handle;
	uint8_t buf[64] = {0};

	switch (msg->type) {
	case CMD_WRITE_PAST:
		psa_write(h, 0, buf, msg->out_size[0] + 1);
		break;
	case CMD_READ_IDX4:
		(void)psa_read(h, 4, buf, 1);
		break;
	case CMD_SKIP_IDX4:
		(void)psa_skip(h, 4, 1);
		break;
	case CMD_WRITE_IDX4:
		psa_write(h, 4, buf, 1);
		break;
	case CMD_READ_NULL_BUF:
		(void)psa_read(h, 0, NULL, 1);
		break;
	case CMD_WRITE_NULL_BUF:
		psa_write(h, 0, NULL, 1);
		break;
	case CMD_READ_HANDLE:
		(void)psa_read((psa_handle_t)read_int(h), 0, buf, 1);
		break;
	default:
		break;
	}
}

/** Misuse of the signal and interrupt functions. */
static void misuse_signals(const struct tp_part *pc, const psa_msg_t *msg)
{
	psa_msg_t m;

	switch (msg->type) {
	case CMD_GET_UNASSERTED:
		(void)psa_get(TP_SIGNAL(TP_NOTNS), &m);
		break;
	case CMD_GET_MULTI_BIT:
		(void)psa_get(TP_SIGNAL(TP_MAIN) | TP_SIGNAL(TP_NOMM), &m);
		break;
	case CMD_GET_NOT_SERVICE:
		psa_notify(pc->pid);
		(void)psa_get(PSA_DOORBELL, &m);
		break;
	case CMD_PANIC:
		psa_panic();
	case CMD_CLEAR_NO_DOORBELL:
		psa_clear();
		break;
	case CMD_WAIT_RESERVED:
		(void)psa_wait(0x7u, PSA_POLL);
		break;
	case CMD_EOI_UNASSERTED:
		psa_eoi(TP_SLIH_SIGNAL);
		break;
	case CMD_EOI_FLIH:
		psa_eoi(TP_FLIH_SIGNAL);
		break;
	case CMD_EOI_NOT_IRQ:
		psa_eoi(TP_SIGNAL(TP_MAIN));
		break;
	case CMD_RESET_SLIH:
		psa_reset_signal(TP_SLIH_SIGNAL);
		break;
	case CMD_RESET_UNASSERTED:
		psa_reset_signal(TP_FLIH_SIGNAL);
		break;
	case CMD_IRQ_ENABLE_BAD:
		psa_irq_enable(TP_SLIH_SIGNAL | TP_FLIH_SIGNAL);
		break;
	case CMD_IRQ_DISABLE_BAD:
		(void)psa_irq_disable(TP_SIGNAL(TP_MAIN));
		break;
	default:
		break;
	}
}

/** Misuse of the mm-iovec functions. */
static void misuse_mm(const psa_msg_t *msg)
{
	psa_handle_t h = msg->handle;
	uint8_t buf[4];

	switch (msg->type) {
	case CMD_MM_ZERO:
		(void)psa_map_invec(h, 1);
		break;
	case CMD_MM_TWICE:
		(void)psa_map_invec(h, 0);
		(void)psa_map_invec(h, 0);
		break;
	case CMD_MM_AFTER_READ:
		(void)psa_read(h, 0, buf, 1);
		(void)psa_map_invec(h, 0);
		break;
	case CMD_MM_UNMAP_NO_MAP:
		psa_unmap_invec(h, 0);
		break;
	case CMD_MM_READ_MAPPED:
		(void)psa_map_invec(h, 0);
		(void)psa_read(h, 0, buf, 1);
		break;
	default:
		break;
	}
}

/**
 * A call message: the menu. Sets *no_reply when an IPC-model service must
 * not reply (NULL for the SFN model, which always returns its status).
 */
static psa_status_t menu(const struct tp_part *pc, const psa_msg_t *msg,
                         bool *no_reply)
{
	if (msg->type < CMD_NEVER_REPLY) {
		return menu_good(pc, msg);
	}
	if (msg->type > CMD_MM_READ_MAPPED) {
		return PSA_ERROR_NOT_SUPPORTED;
	}
	switch (msg->type) {
	case CMD_NEVER_REPLY:
		if (no_reply == NULL) {
			return PSA_ERROR_NOT_SUPPORTED;
		}
		*no_reply = true;
		return PSA_SUCCESS;
	case CMD_ARM_GET_NULL:
		ipc_get_null_armed = pc->ipc_model;
		return PSA_SUCCESS;
	case CMD_REPLY_TWICE:
		/* IPC: the loop's second reply panics; SFN: this one does. */
		psa_reply(msg->handle, PSA_SUCCESS);
		return PSA_SUCCESS;
	default:
		break;
	}
	misuse_vectors(msg);
	misuse_signals(pc, msg);
	misuse_mm(msg);
	return TP_NOT_PANICKED;
}

/** A CONNECT message to service @role of a twin (SP_PEER: TP_MAIN). */
static psa_status_t on_connect(enum tp_role role, const psa_msg_t *msg)
{
	uint8_t buf[4];

	switch (role) {
	case TP_MAIN:
		psa_set_rhandle(msg->handle,
		                (void *)(uintptr_t)TP_CONNECT_RHANDLE);
		return PSA_SUCCESS;
	case TP_CONN_BAD:
		return PSA_ERROR_GENERIC_ERROR;
	case TP_CONN_REFUSE:
		return PSA_ERROR_CONNECTION_REFUSED;
	case TP_CONN_BUSY:
		return PSA_ERROR_CONNECTION_BUSY;
	case TP_CONN_READ:
		(void)psa_read(msg->handle, 0, buf, 1);
		return TP_NOT_PANICKED;
	default:
		return PSA_SUCCESS;
	}
}

/** Any message to service @role of partition @pc. */
static psa_status_t serve(const struct tp_part *pc, enum tp_role role,
                          const psa_msg_t *msg, bool *no_reply)
{
	switch (msg->type) {
	case PSA_IPC_CONNECT:
		return on_connect(role, msg);
	case PSA_IPC_DISCONNECT:
		++*pc->disconnects;
		++*disconnect_log_of(pc->pid);
		/*
		 * The SPM ignores a disconnect's status, even the one that
		 * panics a secure client when it answers a call.
		 */
		return PSA_ERROR_PROGRAMMER_ERROR;
	default:
		return menu(pc, msg, no_reply);
	}
}

/* ------------------------------------------------------- SP_IPC */

static void ipc_serve_one(enum tp_role role)
{
	psa_msg_t msg;
	bool no_reply = false;
	psa_status_t status;

	if (ipc_get_null_armed) {
		ipc_get_null_armed = false;
		(void)psa_get(TP_SIGNAL(role), NULL);
	}
	if (psa_get(TP_SIGNAL(role), &msg) != PSA_SUCCESS) {
		return;
	}
	status = serve(&part_ipc, role, &msg, &no_reply);
	if (!no_reply) {
		psa_reply(msg.handle, status);
	}
}

static void sp_ipc_main(void)
{
	const psa_signal_t services = ((1u << TP_N_ROLES) - 1u) << 4;

	boot_log(TP_PID_IPC);
	if (tp_ipc_entry_returns) {
		return;
	}
	for (;;) {
		psa_signal_t s = psa_wait(services, PSA_BLOCK);

		for (uint32_t role = 0; role < TP_N_ROLES; role++) {
			if (s & TP_SIGNAL(role)) {
				ipc_serve_one((enum tp_role)role);
			}
		}
	}
}

/* ------------------------------------------------------- SP_LEGACY */

static void sp_legacy_main(void)
{
	psa_msg_t msg;

	boot_log(TP_PID_LEGACY);
	for (;;) {
		psa_status_t status = PSA_SUCCESS;

		(void)psa_wait(TP_SIGNAL(0), PSA_BLOCK);
		if (psa_get(TP_SIGNAL(0), &msg) != PSA_SUCCESS) {
			continue;
		}
		if (msg.type >= 0) {
			psa_irq_status_t first =
			        psa_irq_disable(TP_SLIH_SIGNAL);
			psa_irq_status_t second =
			        psa_irq_disable(TP_SLIH_SIGNAL);

			psa_irq_enable(TP_SLIH_SIGNAL);
			status = (psa_status_t)(first | second << 1);
		}
		psa_reply(msg.handle, status);
	}
}

static psa_flih_result_t tp_flih(void)
{
	return PSA_FLIH_SIGNAL;
}

/* ------------------------------------------------- SP_SFN, SP_PEER */

#define SFN_FN(role)                                                           \
	static psa_status_t sfn_##role(const psa_msg_t *msg)                   \
	{                                                                      \
		return serve(&part_sfn, role, msg, NULL);                      \
	}
SFN_FN(TP_MAIN)
SFN_FN(TP_NOMM)
SFN_FN(TP_NOTNS)
SFN_FN(TP_RELAXED)
SFN_FN(TP_STRICT)
SFN_FN(TP_CONN_BAD)
SFN_FN(TP_CONN_REFUSE)
SFN_FN(TP_CONN_BUSY)
SFN_FN(TP_CONN_READ)
SFN_FN(TP_STATELESS)

static psa_status_t sp_sfn_init(void)
{
	boot_log(TP_PID_SFN);
	return PSA_SUCCESS;
}

static psa_status_t peer_sfn(const psa_msg_t *msg)
{
	return serve(&part_peer, TP_NOMM, msg, NULL);
}

static psa_status_t sp_peer_init(void)
{
	boot_log(TP_PID_PEER);
	while (tp_spin_peer_init) {
		/* a stuck initialisation: never enters the SPM */
	}
	return tp_fail_peer_init ? PSA_ERROR_GENERIC_ERROR : PSA_SUCCESS;
}

/* ------------------------------------------------------ load tables */

#define SVC(nm, base, role, ver, policy, ns, conn, mm, sl, fn)                 \
	{                                                                      \
		.name = nm, .sid = (base) + (role), .signal = TP_SIGNAL(role), \
		.version = ver, .version_policy = policy,                      \
		.non_secure_clients = ns, .connection_based = conn,            \
		.mm_iovec = mm, .stateless_index = sl, .sfn = fn,              \
	}
#define STRICT  SPM_VERSION_POLICY_STRICT
#define RELAXED SPM_VERSION_POLICY_RELAXED

#define B TP_SID_BASE_IPC
static const struct spm_service_desc ipc_services[TP_N_ROLES] = {
        SVC("IPC_MAIN", B, TP_MAIN, 1, STRICT, true, true, true, 0, NULL),
        SVC("IPC_NOMM", B, TP_NOMM, 1, STRICT, true, true, false, 0, NULL),
        SVC("IPC_NOTNS", B, TP_NOTNS, 1, STRICT, false, true, false, 0, NULL),
        SVC("IPC_RELAXED", B, TP_RELAXED, 3, RELAXED, true, true, false, 0,
            NULL),
        SVC("IPC_STRICT", B, TP_STRICT, 2, STRICT, true, true, false, 0, NULL),
        SVC("IPC_CONN_BAD", B, TP_CONN_BAD, 1, STRICT, true, true, false, 0,
            NULL),
        SVC("IPC_CONN_REFUSE", B, TP_CONN_REFUSE, 1, STRICT, true, true, false,
            0, NULL),
        SVC("IPC_CONN_BUSY", B, TP_CONN_BUSY, 1, STRICT, true, true, false, 0,
            NULL),
        SVC("IPC_CONN_READ", B, TP_CONN_READ, 1, STRICT, true, true, false, 0,
            NULL),
        SVC("IPC_STATELESS", B, TP_STATELESS, 4, STRICT, true, false, false, 3,
            NULL),
};
#undef B

#define B TP_SID_BASE_SFN
static const struct spm_service_desc sfn_services[TP_N_ROLES] = {
        SVC("SFN_MAIN", B, TP_MAIN, 1, STRICT, true, true, true, 0,
            sfn_TP_MAIN),
        SVC("SFN_NOMM", B, TP_NOMM, 1, STRICT, true, true, false, 0,
            sfn_TP_NOMM),
        SVC("SFN_NOTNS", B, TP_NOTNS, 1, STRICT, false, true, false, 0,
            sfn_TP_NOTNS),
        SVC("SFN_RELAXED", B, TP_RELAXED, 3, RELAXED, true, true, false, 0,
            sfn_TP_RELAXED),
        SVC("SFN_STRICT", B, TP_STRICT, 2, STRICT, true, true, false, 0,
            sfn_TP_STRICT),
        SVC("SFN_CONN_BAD", B, TP_CONN_BAD, 1, STRICT, true, true, false, 0,
            sfn_TP_CONN_BAD),
        SVC("SFN_CONN_REFUSE", B, TP_CONN_REFUSE, 1, STRICT, true, true, false,
            0, sfn_TP_CONN_REFUSE),
        SVC("SFN_CONN_BUSY", B, TP_CONN_BUSY, 1, STRICT, true, true, false, 0,
            sfn_TP_CONN_BUSY),
        SVC("SFN_CONN_READ", B, TP_CONN_READ, 1, STRICT, true, true, false, 0,
            sfn_TP_CONN_READ),
        SVC("SFN_STATELESS", B, TP_STATELESS, 1, STRICT, true, false, false, 1,
            sfn_TP_STATELESS),
};
#undef B

/* SP_PEER's services take signals 0x10, 0x20, 0x40 (roles 0..2). */
static const struct spm_service_desc peer_services[] = {
        SVC("PEER", TP_PEER_SID, 0, 1, STRICT, true, true, false, 0, peer_sfn),
        SVC("PEER_NOTNS", TP_PEER_SID, 1, 1, STRICT, false, true, false, 0,
            peer_sfn),
        SVC("PEER_SL", TP_PEER_SID, 2, 2, STRICT, true, false, false, 2,
            peer_sfn),
};

static const struct spm_irq_desc ipc_irqs[] = {
        {.signal_name = "IPC_SLIH_SIGNAL",
         .source = 40,
         .signal = TP_SLIH_SIGNAL,
         .handling = SPM_IRQ_SLIH},
        {.signal_name = "IPC_FLIH_SIGNAL",
         .source = 41,
         .signal = TP_FLIH_SIGNAL,
         .handling = SPM_IRQ_FLIH,
         .flih = tp_flih},
};
static const struct spm_irq_desc sfn_irqs[] = {
        {.signal_name = "SFN_SLIH_SIGNAL",
         .source = 42,
         .signal = TP_SLIH_SIGNAL,
         .handling = SPM_IRQ_SLIH},
        {.signal_name = "SFN_FLIH_SIGNAL",
         .source = 43,
         .signal = TP_FLIH_SIGNAL,
         .handling = SPM_IRQ_FLIH,
         .flih = tp_flih},
};

static const struct spm_service_desc legacy_services[] = {
        SVC("LEGACY", TP_LEGACY_SID, 0, 1, STRICT, true, true, false, 0, NULL),
};
static const struct spm_irq_desc legacy_irqs[] = {
        {.signal_name = "LEGACY_IRQ",
         .source = 44,
         .signal = TP_SLIH_SIGNAL,
         .handling = SPM_IRQ_SLIH},
};

static const uint32_t twin_deps[] = {TP_PEER_SID, TP_PEER_NOTNS_SID,
                                     TP_PEER_SL_SID};

#define N_OF(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* Manifest-list order is the reverse of the priority order on purpose. */
static const struct spm_partition_desc partitions[] = {
        {.name = "SP_IPC",
         .pid = TP_PID_IPC,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_APPLICATION_ROT,
         .priority = SPM_PRIORITY_LOW,
         .model = SPM_MODEL_IPC,
         .entry_point = sp_ipc_main,
         .stack_size = 4096,
         .services = ipc_services,
         .n_services = TP_N_ROLES,
         .irqs = ipc_irqs,
         .n_irqs = N_OF(ipc_irqs),
         .dependencies = twin_deps,
         .n_dependencies = N_OF(twin_deps),
         .manifest = "sp_ipc.yaml"},
        {.name = "SP_SFN",
         .pid = TP_PID_SFN,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_PSA_ROT,
         .priority = SPM_PRIORITY_NORMAL,
         .model = SPM_MODEL_SFN,
         .entry_init = sp_sfn_init,
         .stack_size = 4096,
         .services = sfn_services,
         .n_services = TP_N_ROLES,
         .irqs = sfn_irqs,
         .n_irqs = N_OF(sfn_irqs),
         .dependencies = twin_deps,
         .n_dependencies = N_OF(twin_deps),
         .manifest = "sp_sfn.yaml"},
        {.name = "SP_PEER",
         .pid = TP_PID_PEER,
         .ffm_version = SPM_FFM_VERSION_1_1,
         .type = SPM_PARTITION_PSA_ROT,
         .priority = SPM_PRIORITY_HIGH,
         .model = SPM_MODEL_SFN,
         .entry_init = sp_peer_init,
         .stack_size = 4096,
         .services = peer_services,
         .n_services = N_OF(peer_services),
         .manifest = "sp_peer.yaml"},
        {.name = "SP_LEGACY",
         .pid = TP_PID_LEGACY,
         .ffm_version = SPM_FFM_VERSION_1_0,
         .type = SPM_PARTITION_APPLICATION_ROT,
         .priority = SPM_PRIORITY_NORMAL,
         .model = SPM_MODEL_IPC,
         .entry_point = sp_legacy_main,
         .stack_size = 4096,
         .services = legacy_services,
         .n_services = N_OF(legacy_services),
         .irqs = legacy_irqs,
         .n_irqs = N_OF(legacy_irqs),
         .manifest = "sp_legacy.yaml"},
};

const struct spm_load_table tp_table_all = {SPM_LOAD_TABLE_VERSION, 4,
                                            partitions};
const struct spm_load_table tp_table_sfn = {SPM_LOAD_TABLE_VERSION, 2,
                                            &partitions[1]};

/* ---------------------------------------------------- client actions */

/**
 * VEC_OVERLAP: in[0] and out[0] share buf[0..4), out[2] shares buf[2..4)
 * with out[0]. The service's read of in[0] after its write of out[0] sees
 * the new bytes here (FF-M allows either); the later write to out[2] wins.
 * Returns the service's status, or -1000 when a byte or length is wrong.
 */
static psa_status_t call_overlapping(psa_handle_t h)
{
	char buf[16] = "abcdefgh";
	psa_invec in = {buf, 8};
	psa_outvec out[3] = {{buf, 4}, {buf + 8, 8}, {buf + 2, 2}};
	psa_status_t s = psa_call(h, CMD_OVERLAP, &in, 1, out, 3);

	if (s >= 0 && (out[0].len != 4 || out[1].len != 8 || out[2].len != 2 ||
	               memcmp(buf, "WX12efghWXYZefgh", 16) != 0)) {
		return -1000;
	}
	return s;
}

psa_status_t tp_call_vectors(psa_handle_t h, enum tp_vec_case vcase)
{
	char a[8] = "abcdefg", b[8] = "hijklmn";
	char o1[16] = {0}, o2[16] = {0};
	psa_invec in[PSA_MAX_IOVEC + 1] = {
	        {a, 7}, {b, 7}, {a, 1}, {b, 1}, {a, 1}};
	psa_outvec out[PSA_MAX_IOVEC] = {{o1, 16}, {o2, 16}, {o1, 1}, {o2, 1}};
	psa_status_t s;

	switch (vcase) {
	case VEC_OK:
		s = psa_call(h, CMD_ECHO, in, 2, out, 2);
		if (out[0].len != 7 || out[1].len != 7 ||
		    memcmp(o1, a, 7) != 0 || memcmp(o2, b, 7) != 0) {
			return -1000;
		}
		return s;
	case VEC_NULL_BASE_EMPTY:
		in[0] = (psa_invec){NULL, 0};
		out[0] = (psa_outvec){NULL, 0};
		return psa_call(h, CMD_ECHO, in, 1, out, 1);
	case VEC_TOO_MANY:
		return psa_call(h, CMD_NOP, in, 3, out, 2);
	case VEC_IN_LEN_HUGE:
		return psa_call(h, CMD_NOP, in, PSA_MAX_IOVEC + 1, NULL, 0);
	case VEC_NULL_IN_ARRAY:
		return psa_call(h, CMD_NOP, NULL, 1, NULL, 0);
	case VEC_NULL_OUT_ARRAY:
		return psa_call(h, CMD_NOP, NULL, 0, NULL, 1);
	case VEC_NULL_IN_BASE:
		in[0] = (psa_invec){NULL, 4};
		return psa_call(h, CMD_NOP, in, 1, NULL, 0);
	case VEC_NULL_OUT_BASE:
		out[0] = (psa_outvec){NULL, 4};
		return psa_call(h, CMD_NOP, NULL, 0, out, 1);
	case VEC_OVERLAP:
		return call_overlapping(h);
	}
	return PSA_ERROR_INVALID_ARGUMENT;
}

/** Echoes "abc" through @h; -1000 when the reply is wrong. */
static psa_status_t echo_abc(psa_handle_t h)
{
	char out[8] = {0};
	psa_invec in = {"abc", 3};
	psa_outvec o = {out, sizeof(out)};
	psa_status_t s = psa_call(h, CMD_ECHO, &in, 1, &o, 1);

	if (s >= 0 && (o.len != 3 || memcmp(out, "abc", 3) != 0)) {
		return -1000;
	}
	return s;
}

/** Connects to SP_PEER and calls @type with @value as in[0] (if @len). */
static psa_status_t peer_call(int32_t type, const void *value, size_t len)
{
	psa_handle_t h = psa_connect(TP_PEER_SID, 1);
	psa_invec in = {value, len};
	psa_status_t s;

	if (h <= 0) {
		return h;
	}
	s = psa_call(h, type, &in, len > 0 ? 1 : 0, NULL, 0);
	psa_close(h);
	return s;
}

/** Connect-based actions on SP_PEER. */
static int32_t peer_op(const struct tp_op *op, psa_handle_t self_msg)
{
	psa_handle_t h = psa_connect(TP_PEER_SID, 1);
	psa_status_t s = PSA_SUCCESS;

	if (h <= 0) {
		return h;
	}
	switch (op->op) {
	case OP_CLOSE_STALE:
		psa_close(h);
		psa_close(h);
		return PSA_SUCCESS;
	case OP_CALL_STALE:
		psa_close(h);
		return psa_call(h, CMD_NOP, NULL, 0, NULL, 0);
	case OP_CALL_TYPE:
		s = psa_call(h, op->a, NULL, 0, NULL, 0);
		break;
	case OP_VECTORS:
		s = tp_call_vectors(h, (enum tp_vec_case)op->a);
		break;
	case OP_FORWARD_MSG:
		psa_close(h);
		return peer_call(CMD_READ_HANDLE, &self_msg, sizeof(self_msg));
	default:
		break;
	}
	psa_close(h);
	return s;
}

int32_t tp_client_op(const struct tp_op *op, psa_handle_t self_msg)
{
	psa_handle_t h;

	switch (op->op) {
	case OP_FRAMEWORK:
		return (int32_t)psa_framework_version();
	case OP_VERSION:
		return (int32_t)psa_version((uint32_t)op->a);
	case OP_CONNECT:
		h = psa_connect((uint32_t)op->a, (uint32_t)op->b);
		if (h > 0) {
			psa_close(h);
			return 1;
		}
		return h;
	case OP_CONNECT_KEEP:
		return psa_connect((uint32_t)op->a, (uint32_t)op->b);
	case OP_CLOSE:
		psa_close(op->a);
		return PSA_SUCCESS;
	case OP_CALL:
		return psa_call(op->a, op->b, NULL, 0, NULL, 0);
	case OP_PEER_STATUS:
		return peer_call(CMD_STATUS, &op->a, sizeof(op->a));
	case OP_PEER_CLIENT_ID:
		return peer_call(CMD_CLIENT_ID, NULL, 0);
	case OP_ECHO:
		if (op->a != PSA_NULL_HANDLE) {
			return echo_abc(op->a);
		}
		h = psa_connect(TP_PEER_SID, 1);
		if (h > 0) {
			psa_status_t s = echo_abc(h);

			psa_close(h);
			return s;
		}
		return h;
	default:
		return peer_op(op, self_msg);
	}
}

/* ------------------------------------------------------------ fixture */

static const struct tp_target target_ipc = {
        .name = "SP_IPC",
        .pid = TP_PID_IPC,
        .sid_base = TP_SID_BASE_IPC,
        .ipc_model = true,
        .sl_handle = TP_STATELESS_HANDLE(3, 4),
        .sl_version = 4,
};
static const struct tp_target target_sfn = {
        .name = "SP_SFN",
        .pid = TP_PID_SFN,
        .sid_base = TP_SID_BASE_SFN,
        .ipc_model = false,
        .sl_handle = TP_STATELESS_HANDLE(1, 1),
        .sl_version = 1,
};

const struct tp_group tp_group_ipc = {"ipc", SPMSIM_BACKEND_IPC, &tp_table_all,
                                      &target_ipc};
const struct tp_group tp_group_ipc_sfn = {"ipc-sfn-model", SPMSIM_BACKEND_IPC,
                                          &tp_table_all, &target_sfn};
const struct tp_group tp_group_sfn = {"sfn", SPMSIM_BACKEND_SFN, &tp_table_sfn,
                                      &target_sfn};

const struct tp_group *tp_g;

static void boot_at(struct spmsim_config cfg, const char *file, int line)
{
	psa_status_t s;

	cfg.table = tp_g->table;
	cfg.backend = tp_g->backend;
	tp_boot_log_len = 0;
	s = spmsim_boot(&cfg);
	if (s != PSA_SUCCESS) {
		print_error("boot of group %s failed (%d): %s\n", tp_g->name,
		            (int)s, spmsim_error());
		_fail(file, line);
	}
}

int tp_setup(void **state)
{
	tp_g = *state;
	tp_fail_peer_init = false;
	tp_spin_peer_init = false;
	tp_ipc_entry_returns = false;
	boot_at((struct spmsim_config){0}, __FILE__, __LINE__);
	return 0;
}

int tp_teardown(void **state)
{
	(void)state;
	spmsim_shutdown();
	tp_fail_peer_init = false;
	tp_spin_peer_init = false;
	tp_ipc_entry_returns = false;
	return 0;
}

void tp_reboot(struct spmsim_config cfg)
{
	spmsim_shutdown();
	boot_at(cfg, __FILE__, __LINE__);
}

void tp_require_ipc_model(void)
{
	if (!tp_g->t->ipc_model) {
		skip();
	}
}

void tp_require_ipc_backend(void)
{
	if (!TP_IPC_BACKEND()) {
		skip();
	}
}

psa_status_t tp_ns_call(uint32_t sid, uint32_t version, int32_t type,
                        const psa_invec *in, size_t in_len, psa_outvec *out,
                        size_t out_len)
{
	psa_handle_t h = psa_connect(sid, version);
	psa_status_t s;

	if (h <= 0) {
		return h;
	}
	s = psa_call(h, type, in, in_len, out, out_len);
	psa_close(h);
	return s;
}

psa_status_t tp_ns_call_int(uint32_t sid, int32_t type, int32_t value)
{
	psa_invec in = {&value, sizeof(value)};

	return tp_ns_call(sid, 1, type, &in, 1, NULL, 0);
}

psa_status_t tp_ns_secure_op(int32_t op, int32_t a, int32_t b)
{
	struct tp_op o = {op, a, b};
	psa_invec in = {&o, sizeof(o)};

	return tp_ns_call(TP_SID(TP_MAIN), 1, CMD_CLIENT_OP, &in, 1, NULL, 0);
}

/** Prints the last panic, to explain a failure. */
static void print_last_panic(void)
{
	struct spmsim_panic p;

	if (spmsim_last_panic(&p)) {
		print_error("last panic: %s (%d) in %s: %s\n", p.partition,
		            (int)p.partition_id, p.api, p.rule);
	}
}

void tp_run_ok_at(void (*fn)(void *), void *arg, const char *file, int line)
{
	struct spmsim_counters before, after;
	enum spmsim_exit exit;

	spmsim_get_counters(&before);
	exit = spmsim_run_ns(fn, arg);
	spmsim_get_counters(&after);
	if (exit != SPMSIM_EXIT_RETURNED || after.panics != before.panics) {
		print_error("[%s] the NS run ended '%s' with %u new panic(s)\n",
		            tp_g->name, spmsim_exit_name(exit),
		            (unsigned)(after.panics - before.panics));
		print_last_panic();
		_fail(file, line);
	}
}

void tp_check_panic_at(const struct tp_panic_expect *e, const char *what,
                       const char *file, int line)
{
	struct spmsim_panic p;

	if (!spmsim_last_panic(&p)) {
		print_error("[%s] %s: no panic recorded\n", tp_g->name, what);
		_fail(file, line);
	}
	if (strcmp(p.partition, e->partition) != 0 ||
	    p.partition_id != e->pid || strcmp(p.api, e->api) != 0 ||
	    strstr(p.rule, e->rule) == NULL || p.cause != e->cause ||
	    p.during_boot) {
		print_error(
		        "[%s] %s: expected a panic of %s (%d) in %s with "
		        "a rule containing \"%s\", cause %d; got %s (%d) in "
		        "%s: \"%s\", cause %d%s\n",
		        tp_g->name, what, e->partition, (int)e->pid, e->api,
		        e->rule, (int)e->cause, p.partition,
		        (int)p.partition_id, p.api, p.rule, (int)p.cause,
		        p.during_boot ? ", during boot" : "");
		_fail(file, line);
	}
}

void tp_run_panic_at(void (*fn)(void *), void *arg, struct tp_panic_expect e,
                     const char *what, const char *file, int line)
{
	struct spmsim_counters before, after;
	enum spmsim_exit exit;

	spmsim_get_counters(&before);
	exit = spmsim_run_ns(fn, arg);
	spmsim_get_counters(&after);
	if (exit != SPMSIM_EXIT_RESET) {
		print_error("[%s] %s: expected a reset, the run ended '%s'\n",
		            tp_g->name, what, spmsim_exit_name(exit));
		_fail(file, line);
	}
	if (after.panics != before.panics + 1 ||
	    after.resets != before.resets + 1) {
		print_error(
		        "[%s] %s: %u panic(s) and %u reset(s), expected 1\n",
		        tp_g->name, what,
		        (unsigned)(after.panics - before.panics),
		        (unsigned)(after.resets - before.resets));
		_fail(file, line);
	}
	tp_check_panic_at(&e, what, file, line);
	tp_assert_healthy_at(file, line);
}

static psa_status_t healthy_status;

static void ns_healthy(void *arg)
{
	char out[4] = {0};
	psa_invec in = {"ok", 2};
	psa_outvec o = {out, sizeof(out)};

	(void)arg;
	healthy_status =
	        tp_ns_call(TP_SID(TP_MAIN), 1, CMD_ECHO, &in, 1, &o, 1);
	if (o.len != 2 || memcmp(out, "ok", 2) != 0) {
		healthy_status = -1000;
	}
}

void tp_assert_healthy_at(const char *file, int line)
{
	healthy_status = PSA_ERROR_GENERIC_ERROR;
	tp_run_ok_at(ns_healthy, NULL, file, line);
	if (healthy_status != 2) {
		print_error("[%s] the system does not work: an echo call "
		            "returned %d\n",
		            tp_g->name, (int)healthy_status);
		_fail(file, line);
	}
}
