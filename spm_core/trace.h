/*
 * The SPM's trace points: what the core reports about every PSA call,
 * message, interrupt, boundary switch, fault and panic.
 *
 * How it works: each event site calls one of the inline spm_trace_*()
 * functions below. With tracing off (the default) that is one load and one
 * predictable branch; with it on, the out-of-line part fills a struct
 * spm_trace_event and hands it to arch_trace(), which the architecture
 * implements (the host simulator turns it into its public trace events).
 * Events name partitions, never host addresses, so a trace is reproducible.
 *
 * Portable: no host header. The harness switches tracing on and off with
 * spm_trace_enable().
 */
#ifndef SPM_TRACE_H
#define SPM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"
#include "psa/service.h"

struct spm_conn;
struct spm_fault;
struct spm_partition;

/** What happened (the values of enum spmsim_trace_kind). */
enum spm_trace_kind {
	SPM_TRACE_API_BEGIN = 1,
	SPM_TRACE_API_END,
	SPM_TRACE_SERVICE_BEGIN,
	SPM_TRACE_SERVICE_END,
	SPM_TRACE_IRQ,
	SPM_TRACE_BOUNDARY_SWITCH,
	SPM_TRACE_FAULT,
	SPM_TRACE_PANIC,
	SPM_TRACE_RESET,
	SPM_TRACE_BOOT,
};

/** Which fields of an event carry a value (the SPMSIM_TRACE_F_* bits). */
enum spm_trace_field {
	SPM_TRACE_F_HANDLE = 1u << 0,
	SPM_TRACE_F_TYPE = 1u << 1,
	SPM_TRACE_F_SID = 1u << 2,
	SPM_TRACE_F_VERSION = 1u << 3,
	SPM_TRACE_F_SIGNAL = 1u << 4,
	SPM_TRACE_F_INDEX = 1u << 5,
	SPM_TRACE_F_SIZE = 1u << 6,
	SPM_TRACE_F_VECTORS = 1u << 7,
	SPM_TRACE_F_STATUS = 1u << 8,
	SPM_TRACE_F_VALUE = 1u << 9,
	SPM_TRACE_F_PEER = 1u << 10,
	SPM_TRACE_F_LINE = 1u << 11,
	SPM_TRACE_F_ADDRESS = 1u << 12,
	SPM_TRACE_F_TIMEOUT = 1u << 13,
};

/** One event as the core reports it; strings are static or outlive it. */
struct spm_trace_event {
	enum spm_trace_kind kind;
	uint32_t fields;
	/** Whose context (NULL: the SPM itself, outside any partition). */
	const struct spm_partition *track;
	const struct spm_partition *peer;
	/** The peer's id, also when no partition has it (psa_notify). */
	int32_t peer_id;
	const char *name;
	const char *detail;
	/** A fault's access: "read", "write", "execute" or "access". */
	const char *access;
	int32_t handle;
	int32_t type;
	uint32_t sid;
	uint32_t version;
	uint32_t signal;
	uint32_t index;
	uint32_t size;
	uint32_t line;
	uint32_t in_len, in_size, out_len, out_size;
	int32_t status;
	uint64_t value;
	uint64_t address;
};

/** True while a sink listens; read on every event site. */
extern bool spm_trace_active;

/** Switches the event sites on or off (the harness does, per sink list). */
void spm_trace_enable(bool on);

/** True when events are reported. Inline: one load, one branch. */
static inline bool spm_trace_on(void)
{
	return __builtin_expect(spm_trace_active, 0);
}

/* The out-of-line halves; call the inline wrappers below instead. */
void spm_trace_emit_api(const char *api, uint32_t fields, int32_t handle,
                        int32_t type, uint32_t a, uint32_t b);
void spm_trace_emit_call(psa_handle_t handle, int32_t type, const psa_invec *in,
                         size_t in_len, const psa_outvec *out, size_t out_len);
void spm_trace_emit_end(const char *api, uint32_t field, uint64_t value);
void spm_trace_emit_service(const struct spm_conn *c, bool begin,
                            int32_t status);
void spm_trace_emit_irq(const struct spm_partition *p, uint32_t idx,
                        uint32_t line);
void spm_trace_emit_switch(const struct spm_partition *from,
                           const struct spm_partition *to);
void spm_trace_emit_panic(const struct spm_partition *p, const char *api,
                          const char *rule);
void spm_trace_emit_fault(const struct spm_partition *p,
                          const struct spm_fault *f);

/**
 * @api entered by the running partition. @fields says which of @handle,
 * @type, @a and @b matter; @a and @b fill, in this order, the first two of
 * SID, VERSION, SIGNAL, TIMEOUT, INDEX, SIZE, PEER (a partition id) and
 * STATUS present in @fields.
 */
static inline void spm_trace_api(const char *api, uint32_t fields,
                                 int32_t handle, int32_t type, uint32_t a,
                                 uint32_t b)
{
	if (spm_trace_on()) {
		spm_trace_emit_api(api, fields, handle, type, a, b);
	}
}

/** psa_call() entered: the handle, type and the vectors' counts and sizes. */
static inline void spm_trace_call(psa_handle_t handle, int32_t type,
                                  const psa_invec *in, size_t in_len,
                                  const psa_outvec *out, size_t out_len)
{
	if (spm_trace_on()) {
		spm_trace_emit_call(handle, type, in, in_len, out, out_len);
	}
}

/** @api returns the PSA status @status. */
static inline void spm_trace_status(const char *api, psa_status_t status)
{
	if (spm_trace_on()) {
		spm_trace_emit_end(api, SPM_TRACE_F_STATUS,
		                   (uint64_t)(int64_t)status);
	}
}

/** @api returns @value (a version, signals, a byte count; 0 for void). */
static inline void spm_trace_value(const char *api, uint64_t value)
{
	if (spm_trace_on()) {
		spm_trace_emit_end(api, SPM_TRACE_F_VALUE, value);
	}
}

/** @api returns the handle @h. */
static inline void spm_trace_handle(const char *api, psa_handle_t h)
{
	if (spm_trace_on()) {
		spm_trace_emit_end(api, SPM_TRACE_F_HANDLE, (uint64_t)h);
	}
}

/** @api returns the signals @s. */
static inline void spm_trace_signals(const char *api, psa_signal_t s)
{
	if (spm_trace_on()) {
		spm_trace_emit_end(api, SPM_TRACE_F_SIGNAL, s);
	}
}

/** @api returns nothing. */
static inline void spm_trace_void(const char *api)
{
	if (spm_trace_on()) {
		spm_trace_emit_end(api, 0, 0);
	}
}

/** The service owning @c starts handling its message. */
static inline void spm_trace_service_begin(const struct spm_conn *c)
{
	if (spm_trace_on()) {
		spm_trace_emit_service(c, true, 0);
	}
}

/** The service owning @c replied @status to its message. */
static inline void spm_trace_service_end(const struct spm_conn *c,
                                         psa_status_t status)
{
	if (spm_trace_on()) {
		spm_trace_emit_service(c, false, status);
	}
}

/** Interrupt @line, IRQ @idx of @p, is taken. */
static inline void spm_trace_irq(const struct spm_partition *p, uint32_t idx,
                                 uint32_t line)
{
	if (spm_trace_on()) {
		spm_trace_emit_irq(p, idx, line);
	}
}

/** The isolation boundary switches from @from's to @to's. */
static inline void spm_trace_switch(const struct spm_partition *from,
                                    const struct spm_partition *to)
{
	if (spm_trace_on()) {
		spm_trace_emit_switch(from, to);
	}
}

/** @p panics in @api for @rule. */
static inline void spm_trace_panic(const struct spm_partition *p,
                                   const char *api, const char *rule)
{
	if (spm_trace_on()) {
		spm_trace_emit_panic(p, api, rule);
	}
}

/** The code of @p caused memory fault @f. */
static inline void spm_trace_fault(const struct spm_partition *p,
                                   const struct spm_fault *f)
{
	if (spm_trace_on()) {
		spm_trace_emit_fault(p, f);
	}
}

#endif /* SPM_TRACE_H */
