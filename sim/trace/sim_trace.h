/*
 * The host's side of tracing (trace.c, trace_json.c): what the harness
 * reports itself (boots, resets) and what the text and JSON writers share.
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spmsim/trace.h"

/** The system booted on @backend ("IPC", "SFN") at isolation @level. */
void sim_trace_boot(const char *backend, unsigned level);

/** The system resets, because of @why ("panic", "deadlock"...). */
void sim_trace_reset(const char *why);

/** One argument of an event, as text and as a JSON value. */
struct sim_trace_arg {
	const char *key;
	/** The value as the timeline shows it. */
	char text[48];
	/** The value as JSON: a number, or a string when @quoted. */
	char json[48];
	bool quoted;
	/** A long text (a rule, a region) to use whole instead of @json. */
	const char *whole;
	/** Shown only in the timeline, or only in JSON. */
	bool text_only;
	bool json_only;
};

/** A track: a partition, the non-secure side or the SPM itself. */
struct sim_trace_track {
	int32_t id;
	const char *name;
};

/** The most tracks sim_trace_tracks() lists: partitions, NS and the SPM. */
#define SIM_TRACE_MAX_TRACKS 64

/**
 * The booted system's tracks in the order a viewer shows them: the
 * non-secure side, the partitions by priority (highest first, then in
 * load order), the SPM. Returns how many were written (at most @max); 0
 * before the first boot. After a shutdown they are the last system's.
 */
size_t sim_trace_tracks(struct sim_trace_track *out, size_t max);

/** The most arguments an event has. */
#define SIM_TRACE_MAX_ARGS 16

/** Fills @args with the arguments of @ev; returns how many. */
size_t sim_trace_args(const struct spmsim_trace_event *ev,
                      struct sim_trace_arg *args);

#endif /* SIM_TRACE_H */
