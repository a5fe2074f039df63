/*
 * The Chrome trace-event JSON sink (include/spmsim/trace.h), as Perfetto and
 * chrome://tracing read it.
 *
 * How it works: one process (pid 1), one thread track per partition, one for
 * the non-secure side and one for the SPM itself. When the system boots,
 * every track is announced (thread_name and thread_sort_index metadata) in
 * a fixed order, the tid following it: the non-secure side first, the
 * partitions by priority, the SPM last; so every partition has its track
 * even when it never calls a psa_* function, and the order does not depend
 * on which ran first. A track met that the boot did not announce (a
 * partition of a later boot, a non-secure thread's track) is announced
 * when first seen; the SPM's track sorts last all the same, and the
 * threads' just before it.
 *
 * A psa_* call and a service's handling of a message are duration slices (B
 * then E); interrupts, boundary switches, faults, panics and the steps of a
 * scenario (named by their text) are instants on their track, resets and
 * boots global instants. Flow events (s then f, bound to the enclosing
 * slice) link a client's call to the service slice handling it, and the
 * end of that slice back to the call it returns to. Events are written as
 * they come, one per line, in time order; only the open slices of each
 * track are remembered.
 *
 * Time is virtual: every event is 1 us after the one before (trace.c), the
 * format's own unit, so no displayTimeUnit is given; the process's name and
 * otherData say so. Flow points lie half a step inside their slices, so a
 * viewer binds each to the right slice whatever order it sorts equal times.
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

#define JSON_MAX_DEPTH    16
/** Half an event's step of virtual time, in ns: where flow points lie. */
#define JSON_HALF_STEP    500u
/** Sort indexes: non-secure threads' tracks, then the SPM's, the last. */
#define JSON_SORT_THREADS 1000000
#define JSON_SORT_SPM     2000000

/** An open slice: a psa_* call or a service's handling. */
struct slice {
	bool service;
	const char *name;
};

struct track {
	int32_t id;
	/** The tid, which is also the position in the viewer (from 1). */
	int tid;
	struct slice open[JSON_MAX_DEPTH];
	unsigned depth;
	/** A service slice to start (or end) once the open call ends. */
	bool begin_pending, end_pending;
	const char *pending_name;
	char pending_args[1024];
	/** The client track of the message being handled (service side). */
	int32_t client;
	bool has_client;
	/** A reply flow to finish when the call open at @reply_depth returns
	 * (client side). */
	unsigned reply_flow, reply_depth;
};

struct spmsim_trace_json {
	FILE *f;
	struct track *tracks;
	unsigned n_tracks, cap;
	uint64_t last_ts;
	/** The last flow id given; flows are numbered from 1. */
	unsigned flows;
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

/** The tid of @t. */
static int tid_of(const struct spmsim_trace_json *j, const struct track *t)
{
	(void)j;
	return t->tid;
}

/** The track with @id, or NULL when it has not been announced. */
static struct track *find_track(struct spmsim_trace_json *j, int32_t id)
{
	for (unsigned i = 0; i < j->n_tracks; i++) {
		if (j->tracks[i].id == id) {
			return &j->tracks[i];
		}
	}
	return NULL;
}

/** A new track @id named @name, announced by metadata; NULL when full. */
static struct track *new_track(struct spmsim_trace_json *j, int32_t id,
                               const char *name)
{
	struct track *t;
	int sort;

	if (j->n_tracks == j->cap) {
		unsigned cap = j->cap ? 2 * j->cap : 16;
		struct track *m = realloc(j->tracks, cap * sizeof(*m));

		if (m == NULL) {
			j->failed = true;
			return NULL;
		}
		j->tracks = m;
		j->cap = cap;
	}
	t = &j->tracks[j->n_tracks++];
	*t = (struct track){.id = id, .tid = (int)j->n_tracks};
	/*
	 * The SPM sorts last and a non-secure thread's track ("NS -2", met
	 * when it first calls) before it, whatever tracks come later.
	 */
	if (strcmp(name, "SPM") == 0) {
		sort = JSON_SORT_SPM;
	} else if (strncmp(name, "NS ", 3) == 0) {
		sort = JSON_SORT_THREADS + t->tid;
	} else {
		sort = t->tid;
	}
	fprintf(j->f,
	        ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,"
	        "\"name\":\"thread_name\",\"args\":{\"name\":",
	        t->tid);
	put_string(j->f, name);
	fprintf(j->f,
	        "}},\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,"
	        "\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":%d}}",
	        t->tid, sort);
	return t;
}

/** Announces the booted system's tracks not announced yet, in order. */
static void announce_system(struct spmsim_trace_json *j)
{
	struct sim_trace_track list[SIM_TRACE_MAX_TRACKS];
	size_t n = sim_trace_tracks(list, SIM_TRACE_MAX_TRACKS);

	for (size_t i = 0; i < n; i++) {
		if (find_track(j, list[i].id) == NULL) {
			new_track(j, list[i].id, list[i].name);
		}
	}
}

/** The track of @ev, announced the first time; NULL when out of memory. */
static struct track *track_of(struct spmsim_trace_json *j,
                              const struct spmsim_trace_event *ev)
{
	struct track *t = find_track(j, ev->track_id);

	return t != NULL ? t : new_track(j, ev->track_id, ev->track);
}

/** A flow point @ph ("s" or "f") of flow @id on @t at @ts (ns). */
static void put_flow(struct spmsim_trace_json *j, const struct track *t,
                     const char *ph, uint64_t ts, unsigned id, const char *name)
{
	fprintf(j->f, ",\n{\"ph\":\"%s\",\"pid\":1,\"tid\":%d,\"ts\":", ph,
	        t->tid);
	put_ts(j->f, ts);
	fprintf(j->f, ",\"name\":\"%s\",\"cat\":\"flow\",\"id\":%u%s}", name,
	        id, *ph == 'f' ? ",\"bp\":\"e\"" : "");
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

/** Ends every open slice of @t at @ts; flows still open are dropped. */
static void end_all(struct spmsim_trace_json *j, struct track *t, uint64_t ts)
{
	while (t->depth > 0) {
		end(j, t, ts, NULL);
	}
	t->begin_pending = t->end_pending = false;
	t->has_client = false;
	t->reply_flow = 0;
}

/** True when the innermost open slice of @t is a psa_* call. */
static bool in_call(const struct track *t)
{
	return t->depth > 0 && !t->open[t->depth - 1].service;
}

/**
 * A service slice of @t starts at @ts for client track @client: the flow
 * from the client's call starts inside that call, before the slice.
 * Returns the flow's id (to finish in the slice once it has begun), 0
 * when the client is not in a call (the message came before the file).
 */
static unsigned call_flow_start(struct spmsim_trace_json *j, struct track *t,
                                int32_t client, uint64_t ts)
{
	struct track *c = find_track(j, client);

	t->has_client = false;
	if (c == NULL || c == t || !in_call(c) || ts < JSON_HALF_STEP) {
		return 0;
	}
	t->client = client;
	t->has_client = true;
	c->reply_flow = 0;
	put_flow(j, c, "s", ts - JSON_HALF_STEP, ++j->flows, "call");
	return j->flows;
}

/** Opens the service slice of @t at @ts, ending flow @id (0: none). */
static void service_begin(struct spmsim_trace_json *j, struct track *t,
                          const char *name, unsigned id, uint64_t ts,
                          const char *args)
{
	begin(j, t, true, name, ts, args);
	if (id != 0) {
		put_flow(j, t, "f", ts + JSON_HALF_STEP, id, "call");
	}
}

/**
 * The service slice of @t ends at @ts: the reply flow starts inside it
 * (or inside psa_reply), to finish when the client's call returns.
 */
static void reply_flow_start(struct spmsim_trace_json *j, struct track *t,
                             uint64_t ts)
{
	struct track *c = t->has_client ? find_track(j, t->client) : NULL;

	t->has_client = false;
	if (c == NULL || !in_call(c)) {
		return;
	}
	put_flow(j, t, "s", ts - JSON_HALF_STEP, ++j->flows, "reply");
	c->reply_flow = j->flows;
	c->reply_depth = c->depth;
}

/** A psa_* call returns: end its slice, then what waited for it. */
static void api_end(struct spmsim_trace_json *j, struct track *t,
                    const struct spmsim_trace_event *ev, const char *args)
{
	unsigned k = t->depth, flow = 0;

	while (k > 0 && (t->open[k - 1].service ||
	                 strcmp(t->open[k - 1].name, ev->name) != 0)) {
		k--;
	}
	if (k == 0) {
		return; /* begun before the file was opened */
	}
	/* Flow points go before the ends: the file stays in time order. */
	if (t->reply_flow != 0 && k == t->reply_depth) {
		put_flow(j, t, "f", ev->ts - JSON_HALF_STEP, t->reply_flow,
		         "reply");
		t->reply_flow = 0;
	}
	if (t->end_pending) {
		reply_flow_start(j, t, ev->ts);
	}
	if (t->begin_pending) {
		flow = call_flow_start(j, t, t->client, ev->ts);
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
		service_begin(j, t, t->pending_name, flow, ev->ts,
		              t->pending_args);
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
		if (starts) {
			t->client = ev->peer_id;
		}
		snprintf(t->pending_args, sizeof(t->pending_args), "%s", args);
	} else if (starts) {
		service_begin(j, t, ev->name,
		              call_flow_start(j, t, ev->peer_id, ev->ts),
		              ev->ts, args);
	} else {
		reply_flow_start(j, t, ev->ts);
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

	if (ev->kind == SPMSIM_TRACE_MARK && ev->detail != NULL) {
		/* A scenario's step: its own text says what it did. */
		snprintf(buf, size, "%s", ev->detail);
		return buf;
	}
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
	char name[256];

	if (ev->kind == SPMSIM_TRACE_RESET) {
		for (unsigned i = 0; i < j->n_tracks; i++) {
			end_all(j, &j->tracks[i], ev->ts);
		}
	}
	put_event(j, "i", tid_of(j, t), ev->ts,
	          instant_name(ev, name, sizeof(name)),
	          ev->kind == SPMSIM_TRACE_MARK ? "mark" : "event",
	          global ? "g" : "t", args);
}

/** The sink: writes @ev to the file @arg. */
static void sink(const struct spmsim_trace_event *ev, void *arg)
{
	struct spmsim_trace_json *j = arg;
	struct track *t;
	char args[1024];

	if (ev->kind == SPMSIM_TRACE_BOOT) {
		announce_system(j);
	}
	t = track_of(j, ev);
	if (t == NULL) {
		return; /* out of memory: already marked failed */
	}
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
	/* No displayTimeUnit: stamps are in the format's own unit, the us. */
	fputs("{\"otherData\":{\"clock\":\"virtual\",\"us_per_event\":1},"
	      "\"traceEvents\":[\n"
	      "{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\","
	      "\"args\":{\"name\":\"spmsim (virtual time: 1 us per event)\"}}",
	      j->f);
	announce_system(j);
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
	free(j->tracks);
	free(j);
	return rc;
}
