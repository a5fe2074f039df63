/*
 * The Chrome trace-event JSON sink (include/spmsim/trace.h), as Perfetto and
 * chrome://tracing read it.
 *
 * How it works: one process (pid 1), one thread track per partition, one for
 * the non-secure side and one for the SPM itself, each announced by
 * thread_name and thread_sort_index metadata the first time it appears. A
 * psa_* call and a service's handling of a message are duration slices (B
 * then E); interrupts, boundary switches, faults and panics are instants on
 * their track, resets and boots global instants. Events are written as they
 * come, one per line; only the open slices of each track are remembered.
 *
 * B/E slices must nest within a track. A service starts handling a message
 * inside psa_get() and stops inside psa_reply(), so the writer moves the
 * service slice's start to the end of the psa_get() slice and its end to the
 * end of the psa_reply() slice (same virtual times). A reset ends every open
 * slice, as does closing the file, so the JSON stays balanced when a run
 * ends in a panic.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_trace.h"
#include "spmsim/trace.h"

#define JSON_MAX_TRACKS 64
#define JSON_MAX_DEPTH  16

/** An open slice: a psa_* call or a service's handling. */
struct slice {
	bool service;
	const char *name;
};

struct track {
	int32_t id;
	struct slice open[JSON_MAX_DEPTH];
	unsigned depth;
	/** A service slice to start (or end) once the open call ends. */
	bool begin_pending, end_pending;
	const char *pending_name;
	char pending_args[1024];
};

struct spmsim_trace_json {
	FILE *f;
	struct track tracks[JSON_MAX_TRACKS];
	unsigned n_tracks;
	uint64_t last_ts;
	bool failed;
};

/** Writes @s as a JSON string, quotes included. */
static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			fprintf(f, "\\%c", c);
		} else if (c < 0x20) {
			fprintf(f, "\\u%04x", c);
		} else {
			fputc(c, f);
		}
	}
	fputc('"', f);
}

/** The "args" object of @ev into @buf: every argument, JSON form. */
static void args_json(const struct spmsim_trace_event *ev, char *buf,
                      size_t size)
{
	struct sim_trace_arg args[SIM_TRACE_MAX_ARGS];
	size_t n = sim_trace_args(ev, args);
	FILE *m = fmemopen(buf, size, "w");
	const char *sep = "";
	long len;

	if (m == NULL) {
		snprintf(buf, size, "{}");
		return;
	}
	fputc('{', m);
	for (size_t i = 0; i < n; i++) {
		if (args[i].text_only) {
			continue;
		}
		fprintf(m, "%s\"%s\":", sep, args[i].key);
		sep = ",";
		if (args[i].whole != NULL) {
			put_string(m, args[i].whole);
		} else if (args[i].quoted) {
			put_string(m, args[i].json);
		} else {
			fputs(args[i].json, m);
		}
	}
	fputc('}', m);
	len = ftell(m);
	fclose(m);
	if (len < 0 || (size_t)len >= size) {
		/* Too long to keep whole: valid JSON matters more. */
		snprintf(buf, size, "{\"truncated\":true}");
	}
}

/** Microseconds with nanosecond decimals: the format's unit is the us. */
static void put_ts(FILE *f, uint64_t ns)
{
	fprintf(f, "%llu.%03llu", (unsigned long long)(ns / 1000u),
	        (unsigned long long)(ns % 1000u));
}

/** One trace event line: @ph on track @tid at @ts, with @name and @args. */
static void put_event(struct spmsim_trace_json *j, const char *ph, int tid,
                      uint64_t ts, const char *name, const char *cat,
                      const char *scope, const char *args)
{
	fprintf(j->f, ",\n{\"ph\":\"%s\",\"pid\":1,\"tid\":%d,\"ts\":", ph,
	        tid);
	put_ts(j->f, ts);
	if (name != NULL) {
		fputs(",\"name\":", j->f);
		put_string(j->f, name);
	}
	if (cat != NULL) {
		fprintf(j->f, ",\"cat\":\"%s\"", cat);
	}
	if (scope != NULL) {
		fprintf(j->f, ",\"s\":\"%s\"", scope);
	}
	if (args != NULL) {
		fprintf(j->f, ",\"args\":%s", args);
	}
	fputs("}", j->f);
}

/** The tid of @t: its position, from 1. */
static int tid_of(const struct spmsim_trace_json *j, const struct track *t)
{
	return (int)(t - j->tracks) + 1;
}

/** The track of @ev, announced by metadata the first time. */
static struct track *track_of(struct spmsim_trace_json *j,
                              const struct spmsim_trace_event *ev)
{
	struct track *t;
	char args[128];

	for (unsigned i = 0; i < j->n_tracks; i++) {
		if (j->tracks[i].id == ev->track_id) {
			return &j->tracks[i];
		}
	}
	if (j->n_tracks == JSON_MAX_TRACKS) {
		return &j->tracks[JSON_MAX_TRACKS - 1];
	}
	t = &j->tracks[j->n_tracks++];
	*t = (struct track){.id = ev->track_id};
	fprintf(j->f,
	        ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,"
	        "\"name\":\"thread_name\",\"args\":{\"name\":",
	        tid_of(j, t));
	put_string(j->f, ev->track);
	fputs("}}", j->f);
	snprintf(args, sizeof(args), "{\"sort_index\":%d}", tid_of(j, t));
	fprintf(j->f,
	        ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,"
	        "\"name\":\"thread_sort_index\",\"args\":%s}",
	        tid_of(j, t), args);
	return t;
}

/** Opens a slice on @t at @ts. */
static void begin(struct spmsim_trace_json *j, struct track *t, bool service,
                  const char *name, uint64_t ts, const char *args)
{
	if (t->depth == JSON_MAX_DEPTH) {
		return; /* deeper than any real nesting: not drawn */
	}
	t->open[t->depth++] = (struct slice){.service = service, .name = name};
	put_event(j, "B", tid_of(j, t), ts, name, service ? "service" : "api",
	          NULL, args);
}

/** Ends the innermost slice of @t at @ts, with @args when given. */
static void end(struct spmsim_trace_json *j, struct track *t, uint64_t ts,
                const char *args)
{
	if (t->depth > 0) {
		t->depth--;
		put_event(j, "E", tid_of(j, t), ts, NULL, NULL, NULL, args);
	}
}

/** Ends every open slice of @t at @ts. */
static void end_all(struct spmsim_trace_json *j, struct track *t, uint64_t ts)
{
	while (t->depth > 0) {
		end(j, t, ts, NULL);
	}
	t->begin_pending = t->end_pending = false;
}

/** True when the innermost open slice of @t is a psa_* call. */
static bool in_call(const struct track *t)
{
	return t->depth > 0 && !t->open[t->depth - 1].service;
}

/** A psa_* call returns: end its slice, then what waited for it. */
static void api_end(struct spmsim_trace_json *j, struct track *t,
                    const struct spmsim_trace_event *ev, const char *args)
{
	unsigned k = t->depth;

	while (k > 0 && (t->open[k - 1].service ||
	                 strcmp(t->open[k - 1].name, ev->name) != 0)) {
		k--;
	}
	if (k == 0) {
		return; /* begun before the file was opened */
	}
	while (t->depth >= k) {
		end(j, t, ev->ts, t->depth == k ? args : NULL);
	}
	if (t->end_pending) {
		t->end_pending = false;
		end(j, t, ev->ts, t->pending_args);
	}
	if (t->begin_pending) {
		t->begin_pending = false;
		begin(j, t, true, t->pending_name, ev->ts, t->pending_args);
	}
}

/** A service starts or stops handling a message on @t. */
static void service(struct spmsim_trace_json *j, struct track *t,
                    const struct spmsim_trace_event *ev, const char *args)
{
	bool starts = ev->kind == SPMSIM_TRACE_SERVICE_BEGIN;

	if (in_call(t)) {
		/* Inside psa_get() or psa_reply(): at its end. */
		t->begin_pending = starts;
		t->end_pending = !starts;
		t->pending_name = ev->name;
		snprintf(t->pending_args, sizeof(t->pending_args), "%s", args);
	} else if (starts) {
		begin(j, t, true, ev->name, ev->ts, args);
	} else {
		end(j, t, ev->ts, args);
	}
}

/** The name of an instant event. */
static const char *instant_name(const struct spmsim_trace_event *ev, char *buf,
                                size_t size)
{
	static const char *const kinds[] = {
	        [SPMSIM_TRACE_IRQ] = "IRQ",
	        [SPMSIM_TRACE_BOUNDARY_SWITCH] = "boundary switch",
	        [SPMSIM_TRACE_FAULT] = "fault",
	        [SPMSIM_TRACE_PANIC] = "panic",
	        [SPMSIM_TRACE_RESET] = "reset",
	        [SPMSIM_TRACE_BOOT] = "boot",
	        [SPMSIM_TRACE_MARK] = "mark",
	};
	const char *kind = (unsigned)ev->kind < sizeof(kinds) / sizeof(kinds[0])
	                           ? kinds[ev->kind]
	                           : NULL;

	snprintf(buf, size, "%s%s%s", kind != NULL ? kind : "event",
	         ev->name != NULL ? " " : "", ev->name != NULL ? ev->name : "");
	return buf;
}

/** Interrupts, switches, faults, panics, marks; resets and boots global. */
static void instant(struct spmsim_trace_json *j, struct track *t,
                    const struct spmsim_trace_event *ev, const char *args)
{
	bool global =
	        ev->kind == SPMSIM_TRACE_RESET || ev->kind == SPMSIM_TRACE_BOOT;
	char name[128];

	if (ev->kind == SPMSIM_TRACE_RESET) {
		for (unsigned i = 0; i < j->n_tracks; i++) {
			end_all(j, &j->tracks[i], ev->ts);
		}
	}
	put_event(j, "i", tid_of(j, t), ev->ts,
	          instant_name(ev, name, sizeof(name)), "event",
	          global ? "g" : "t", args);
}

/** The sink: writes @ev to the file @arg. */
static void sink(const struct spmsim_trace_event *ev, void *arg)
{
	struct spmsim_trace_json *j = arg;
	struct track *t = track_of(j, ev);
	char args[1024];

	j->last_ts = ev->ts;
	args_json(ev, args, sizeof(args));
	switch (ev->kind) {
	case SPMSIM_TRACE_API_BEGIN:
		begin(j, t, false, ev->name, ev->ts, args);
		break;
	case SPMSIM_TRACE_API_END:
		api_end(j, t, ev, args);
		break;
	case SPMSIM_TRACE_SERVICE_BEGIN:
	case SPMSIM_TRACE_SERVICE_END:
		service(j, t, ev, args);
		break;
	default:
		instant(j, t, ev, args);
		break;
	}
	if (ferror(j->f)) {
		j->failed = true;
	}
}

struct spmsim_trace_json *spmsim_trace_json_open(const char *path)
{
	struct spmsim_trace_json *j = calloc(1, sizeof(*j));

	if (j == NULL) {
		return NULL;
	}
	j->f = fopen(path, "w");
	if (j->f == NULL) {
		int e = errno;

		free(j);
		errno = e;
		return NULL;
	}
	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n"
	      "{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\","
	      "\"args\":{\"name\":\"spmsim\"}}",
	      j->f);
	if (spmsim_trace_add_sink(sink, j) != 0) {
		fclose(j->f);
		free(j);
		errno = EBUSY;
		return NULL;
	}
	return j;
}

int spmsim_trace_json_close(struct spmsim_trace_json *j)
{
	int rc;

	if (j == NULL) {
		return -1;
	}
	spmsim_trace_remove_sink(sink, j);
	for (unsigned i = 0; i < j->n_tracks; i++) {
		end_all(j, &j->tracks[i], j->last_ts);
	}
	fputs("\n]}\n", j->f);
	rc = j->failed || ferror(j->f) ? -1 : 0;
	if (fclose(j->f) != 0) {
		rc = -1;
	}
	free(j);
	return rc;
}
