/*
 * Tracing the simulated system: what every context did, in order.
 *
 * The SPM core and the simulator report events (PSA calls, service handling,
 * interrupts, boundary switches, faults, panics, resets) to the sinks added
 * here. Time is virtual: every event advances the clock by a fixed step, so
 * the same run gives the same trace, byte for byte, whatever the host does.
 *
 * Two sinks come built in: a Chrome trace-event JSON file (opens in Perfetto
 * and chrome://tracing) and the one-line text form of an event, for
 * timelines. With no sink added, tracing costs one predictable branch per
 * event site.
 */
#ifndef SPMSIM_TRACE_H
#define SPMSIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What happened. */
enum spmsim_trace_kind {
	/** A psa_* function was entered by @track: @name, @handle, sizes. */
	SPMSIM_TRACE_API_BEGIN = 1,
	/** It returned @status to @track. */
	SPMSIM_TRACE_API_END,
	/** Partition @track starts handling a message of @peer for @sid. */
	SPMSIM_TRACE_SERVICE_BEGIN,
	/** It replied @status. */
	SPMSIM_TRACE_SERVICE_END,
	/** Interrupt @line (@name) was taken for partition @track. */
	SPMSIM_TRACE_IRQ,
	/** The isolation boundary changed from @track's to @peer's. */
	SPMSIM_TRACE_BOUNDARY_SWITCH,
	/** A memory fault of @track at @address (@detail: access, region). */
	SPMSIM_TRACE_FAULT,
	/** @track panicked in @name for rule @detail. */
	SPMSIM_TRACE_PANIC,
	/** The system reset (@detail: why). */
	SPMSIM_TRACE_RESET,
	/** The system booted (@detail: backend and level). */
	SPMSIM_TRACE_BOOT,
	/** A note from the code driving the simulator (@name, @detail). */
	SPMSIM_TRACE_MARK,
};

/** Which fields of an event carry a value (its @fields bits). */
enum spmsim_trace_field {
	SPMSIM_TRACE_F_HANDLE = 1u << 0,
	SPMSIM_TRACE_F_TYPE = 1u << 1,
	SPMSIM_TRACE_F_SID = 1u << 2,
	SPMSIM_TRACE_F_VERSION = 1u << 3,
	SPMSIM_TRACE_F_SIGNAL = 1u << 4,
	/** @index: a vector index (psa_read, psa_write...). */
	SPMSIM_TRACE_F_INDEX = 1u << 5,
	/** @size: a byte count asked for (psa_read, psa_write...). */
	SPMSIM_TRACE_F_SIZE = 1u << 6,
	/** @in_len, @in_size, @out_len, @out_size. */
	SPMSIM_TRACE_F_VECTORS = 1u << 7,
	SPMSIM_TRACE_F_STATUS = 1u << 8,
	/** @value: what a function returned that is not a status. */
	SPMSIM_TRACE_F_VALUE = 1u << 9,
	SPMSIM_TRACE_F_PEER = 1u << 10,
	SPMSIM_TRACE_F_LINE = 1u << 11,
	SPMSIM_TRACE_F_ADDRESS = 1u << 12,
	/** @value: the timeout of psa_wait(). */
	SPMSIM_TRACE_F_TIMEOUT = 1u << 13,
};

/** One event. Strings live at least until the sink returns. */
struct spmsim_trace_event {
	enum spmsim_trace_kind kind;
	/** 0, 1, 2... since the first sink was added. */
	uint64_t seq;
	/** Virtual time in nanoseconds; deterministic. */
	uint64_t ts;
	/** Whose context: a partition id, or a negative non-secure id. */
	int32_t track_id;
	/** The partition's name, or "NS" for the non-secure side. */
	const char *track;
	/** The API, service, interrupt or mark name; NULL when none. */
	const char *name;
	/** The other side (the client of a message, the boundary switched to).
	 */
	int32_t peer_id;
	const char *peer;
	int32_t handle;
	int32_t type;
	uint32_t sid;
	uint32_t signal;
	uint32_t line;
	/** Total bytes of the input and output vectors, and their counts. */
	uint32_t in_size;
	uint32_t out_size;
	uint32_t in_len;
	uint32_t out_len;
	int32_t status;
	uint64_t address;
	/** Free text: the rule broken, the region hit, the reset reason. */
	const char *detail;
	/** SPMSIM_TRACE_F_* bits: the fields above that carry a value. */
	uint32_t fields;
	uint32_t version;
	uint32_t index;
	uint32_t size;
	uint64_t value;
};

/** A sink gets each event once, in order. */
typedef void (*spmsim_trace_sink_fn)(const struct spmsim_trace_event *ev,
                                     void *arg);

/** Adds a sink; returns 0, or -1 when there are too many (8). */
int spmsim_trace_add_sink(spmsim_trace_sink_fn fn, void *arg);

/** Removes the sink added with @fn and @arg. */
void spmsim_trace_remove_sink(spmsim_trace_sink_fn fn, void *arg);

/** Restarts the event numbering and the virtual clock at zero. */
void spmsim_trace_restart(void);

/** Emits a MARK event on the non-secure track, from the driving code. */
void spmsim_trace_mark(const char *name, const char *detail);

/**
 * Writes the one-line text form of @ev into @buf (at most @size bytes,
 * always terminated), as a timeline shows it. Returns the length.
 */
size_t spmsim_trace_format(const struct spmsim_trace_event *ev, char *buf,
                           size_t size);

/**
 * The name of PSA status @status ("PSA_SUCCESS",
 * "PSA_ERROR_PROGRAMMER_ERROR"...), or NULL when it has none.
 */
const char *spmsim_status_name(int32_t status);

/** A Chrome trace-event JSON file being written. */
struct spmsim_trace_json;

/**
 * Creates @path and adds a sink writing every event to it. Returns NULL
 * (errno set) when the file cannot be created.
 */
struct spmsim_trace_json *spmsim_trace_json_open(const char *path);

/**
 * Removes the sink, completes the JSON and closes the file. Returns 0, or
 * -1 when writing failed.
 */
int spmsim_trace_json_close(struct spmsim_trace_json *json);

#ifdef __cplusplus
}
#endif

#endif /* SPMSIM_TRACE_H */
