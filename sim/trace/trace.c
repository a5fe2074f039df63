/*
 * Tracing on the host (include/spmsim/trace.h): the sink list, the virtual
 * clock, arch_trace() and the one-line text form of an event.
 *
 * How it works: adding the first sink restarts the numbering and switches
 * the SPM core's trace points on (spm_trace_enable()); removing the last
 * switches them off, so with no sink every event site costs one branch.
 * arch_trace() turns a core event (partitions as pointers) into a public one
 * (ids and names), stamps it with the next sequence number and a virtual
 * time of TRACE_STEP_NS per event, and hands it to every sink in order. A
 * fault's host address becomes its simulated address. Nothing in an event
 * depends on the host, so the same run gives the same events.
 */
#include "spmsim/trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "psa/error.h"
#include "psa/service.h"
#include "sim_trace.h"
#include "spmsim/spmsim.h"
#include "spm.h"
#include "trace.h"

#define TRACE_MAX_SINKS 8
#define TRACE_STEP_NS   1000u

static struct {
	struct {
		spmsim_trace_sink_fn fn;
		void *arg;
	} sinks[TRACE_MAX_SINKS];
	unsigned n_sinks;
	uint64_t seq;
	/** A system has booted: spm_sys() lists its partitions. */
	bool booted;
} t;

int spmsim_trace_add_sink(spmsim_trace_sink_fn fn, void *arg)
{
	if (t.n_sinks == TRACE_MAX_SINKS) {
		return -1;
	}
	if (t.n_sinks == 0) {
		t.seq = 0;
	}
	t.sinks[t.n_sinks].fn = fn;
	t.sinks[t.n_sinks].arg = arg;
	t.n_sinks++;
	spm_trace_enable(true);
	return 0;
}

void spmsim_trace_remove_sink(spmsim_trace_sink_fn fn, void *arg)
{
	for (unsigned i = 0; i < t.n_sinks; i++) {
		if (t.sinks[i].fn == fn && t.sinks[i].arg == arg) {
			memmove(&t.sinks[i], &t.sinks[i + 1],
			        (t.n_sinks - i - 1) * sizeof(t.sinks[0]));
			t.n_sinks--;
			break;
		}
	}
	spm_trace_enable(t.n_sinks > 0);
}

void spmsim_trace_restart(void)
{
	t.seq = 0;
}

/** Numbers @ev, stamps it and gives it to every sink. */
static void emit(struct spmsim_trace_event *ev)
{
	ev->seq = t.seq;
	ev->ts = t.seq * TRACE_STEP_NS;
	t.seq++;
	for (unsigned i = 0; i < t.n_sinks; i++) {
		t.sinks[i].fn(ev, t.sinks[i].arg);
	}
}

/** The track id of @p; the SPM's own track (0) for NULL. */
static int32_t track_id(const struct spm_partition *p)
{
	return p != NULL ? p->id : 0;
}

/** The track name of @p: its name, "NS", or "SPM" for NULL. */
static const char *track_name(const struct spm_partition *p)
{
	if (p == NULL) {
		return "SPM";
	}
	return p->is_ns ? "NS" : p->name;
}

/** The names of non-secure threads' tracks, kept for the process. */
static struct {
	int32_t id[SPMSIM_NS_THREADS_MAX];
	char name[SPMSIM_NS_THREADS_MAX][16];
	unsigned n;
} ns_names;

/**
 * The track name of @p in an event: as track_name(), but a non-secure
 * thread of spmsim_run_ns_threads() (a client id other than the
 * configuration's) is "NS <id>", a track of its own.
 */
static const char *event_track_name(const struct spm_partition *p)
{
	int32_t own = spm_sys()->config.ns_client_id;
	unsigned i;

	if (p == NULL || !p->is_ns || p->id == (own != 0 ? own : -1)) {
		return track_name(p);
	}
	for (i = 0; i < ns_names.n && ns_names.id[i] != p->id; i++) {
	}
	if (i == ns_names.n) {
		if (i == SPMSIM_NS_THREADS_MAX) {
			return "NS";
		}
		ns_names.id[i] = p->id;
		snprintf(ns_names.name[i], sizeof(ns_names.name[i]), "NS %d",
		         (int)p->id);
		ns_names.n++;
	}
	return ns_names.name[i];
}

/** An event of @kind on the SPM's own track. */
static struct spmsim_trace_event system_event(enum spmsim_trace_kind kind)
{
	return (struct spmsim_trace_event){
	        .kind = kind,
	        .track_id = 0,
	        .track = "SPM",
	};
}

void spmsim_trace_mark(const char *name, const char *detail)
{
	const struct spm_partition *ns = spm_sys()->ns;
	struct spmsim_trace_event ev = {
	        .kind = SPMSIM_TRACE_MARK,
	        .track_id = ns != NULL ? ns->id : -1,
	        .track = "NS",
	        .name = name,
	        .detail = detail,
	};

	emit(&ev);
}

void sim_trace_boot(const char *backend, unsigned level)
{
	struct spmsim_trace_event ev = system_event(SPMSIM_TRACE_BOOT);
	char detail[64];

	t.booted = true;
	if (t.n_sinks == 0) {
		return;
	}
	snprintf(detail, sizeof(detail), "%s backend, isolation level %u",
	         backend, level);
	ev.name = backend;
	ev.value = level;
	ev.detail = detail;
	emit(&ev);
}

void sim_trace_reset(const char *why)
{
	struct spmsim_trace_event ev = system_event(SPMSIM_TRACE_RESET);

	if (t.n_sinks == 0) {
		return;
	}
	ev.detail = why;
	emit(&ev);
}

/** Appends the track of @p to @out (at *@n, below @max). */
static void add_track(struct sim_trace_track *out, size_t *n, size_t max,
                      const struct spm_partition *p)
{
	if (*n < max) {
		out[*n] = (struct sim_trace_track){track_id(p), track_name(p)};
		(*n)++;
	}
}

_Static_assert(SPM_MAX_PARTITIONS + 2 <= SIM_TRACE_MAX_TRACKS,
               "every partition, NS and the SPM fit the track list");

size_t sim_trace_tracks(struct sim_trace_track *out, size_t max)
{
	const struct spm *s = spm_sys();
	size_t n = 0;

	if (!t.booted || (s->ns == NULL && s->n_partitions == 0)) {
		return 0;
	}
	if (s->ns != NULL) {
		add_track(out, &n, max, s->ns);
	}
	/* Priorities are few (HIGH, NORMAL, LOW): one pass per priority
	 * keeps load order within each without sorting. */
	for (uint32_t prio = SPM_PRIORITY_HIGH; prio <= SPM_PRIORITY_LOW;
	     prio++) {
		for (uint32_t i = 0; i < s->n_partitions; i++) {
			if (s->partitions[i].priority == prio) {
				add_track(out, &n, max, &s->partitions[i]);
			}
		}
	}
	for (uint32_t i = 0; i < s->n_partitions; i++) {
		if (s->partitions[i].priority > SPM_PRIORITY_LOW) {
			add_track(out, &n, max, &s->partitions[i]);
		}
	}
	add_track(out, &n, max, NULL);
	return n;
}

/* The core's event kinds and field bits are the harness's, value for value:
 * arch_trace() passes them through. */
#define SAME(x) ((int)SPM_TRACE_##x == (int)SPMSIM_TRACE_##x)
_Static_assert(SAME(API_BEGIN) && SAME(API_END) && SAME(SERVICE_BEGIN) &&
                       SAME(SERVICE_END) && SAME(IRQ) &&
                       SAME(BOUNDARY_SWITCH) && SAME(FAULT) && SAME(PANIC) &&
                       SAME(RESET) && SAME(BOOT),
               "spm_core/trace.h and spmsim/trace.h kinds");
_Static_assert(SAME(F_HANDLE) && SAME(F_TYPE) && SAME(F_SID) &&
                       SAME(F_VERSION) && SAME(F_SIGNAL) && SAME(F_INDEX) &&
                       SAME(F_SIZE) && SAME(F_VECTORS) && SAME(F_STATUS) &&
                       SAME(F_VALUE) && SAME(F_PEER) && SAME(F_LINE) &&
                       SAME(F_ADDRESS) && SAME(F_TIMEOUT),
               "spm_core/trace.h and spmsim/trace.h fields");
#undef SAME

void arch_trace(const struct spm_trace_event *c)
{
	struct spmsim_trace_event ev = {
	        .kind = (enum spmsim_trace_kind)c->kind,
	        .track_id = track_id(c->track),
	        .track = event_track_name(c->track),
	        .name = c->name,
	        /* A message's client id: a thread's, or an agent's client's. */
	        .peer_id = c->peer_id != 0   ? c->peer_id
	                   : c->peer != NULL ? c->peer->id
	                                     : 0,
	        .peer = c->peer != NULL ? event_track_name(c->peer) : NULL,
	        .handle = c->handle,
	        .type = c->type,
	        .sid = c->sid,
	        .signal = c->signal,
	        .line = c->line,
	        .in_size = c->in_size,
	        .out_size = c->out_size,
	        .in_len = c->in_len,
	        .out_len = c->out_len,
	        .status = c->status,
	        .address = c->address,
	        .detail = c->detail,
	        .fields = c->fields,
	        .version = c->version,
	        .index = c->index,
	        .size = c->size,
	        .value = c->value,
	};
	char detail[160];

	if (c->kind == SPM_TRACE_FAULT) {
		/* Already simulated (sim/fault.c): deterministic. */
		ev.address = c->address;
		snprintf(detail, sizeof(detail), "%s, %s", c->access,
		         c->detail);
		ev.detail = detail;
	}
	emit(&ev);
}

/* ------------------------------------------------------------ names */

const char *spmsim_status_name(int32_t status)
{
	/* From PSA_ERROR_PROGRAMMER_ERROR (-129) down, one per value. */
	static const char *const errors[] = {
	        "PSA_ERROR_PROGRAMMER_ERROR",
	        "PSA_ERROR_CONNECTION_REFUSED",
	        "PSA_ERROR_CONNECTION_BUSY",
	        "PSA_ERROR_GENERIC_ERROR",
	        "PSA_ERROR_NOT_PERMITTED",
	        "PSA_ERROR_NOT_SUPPORTED",
	        "PSA_ERROR_INVALID_ARGUMENT",
	        "PSA_ERROR_INVALID_HANDLE",
	        "PSA_ERROR_BAD_STATE",
	        "PSA_ERROR_BUFFER_TOO_SMALL",
	        "PSA_ERROR_ALREADY_EXISTS",
	        "PSA_ERROR_DOES_NOT_EXIST",
	        "PSA_ERROR_INSUFFICIENT_MEMORY",
	        "PSA_ERROR_INSUFFICIENT_STORAGE",
	        "PSA_ERROR_INSUFFICIENT_DATA",
	        "PSA_ERROR_SERVICE_FAILURE",
	        "PSA_ERROR_COMMUNICATION_FAILURE",
	        "PSA_ERROR_STORAGE_FAILURE",
	        "PSA_ERROR_HARDWARE_FAILURE",
	        "PSA_ERROR_INSUFFICIENT_ENTROPY",
	        "PSA_ERROR_INVALID_SIGNATURE",
	        "PSA_ERROR_INVALID_PADDING",
	        "PSA_ERROR_CORRUPTION_DETECTED",
	        "PSA_ERROR_DATA_CORRUPT",
	        "PSA_ERROR_DATA_INVALID",
	};
	int32_t i = PSA_ERROR_PROGRAMMER_ERROR - status;

	if (status == PSA_SUCCESS) {
		return "PSA_SUCCESS";
	}
	if (i < 0 || i >= (int32_t)(sizeof(errors) / sizeof(errors[0]))) {
		return NULL;
	}
	return errors[i];
}

/* ------------------------------------------------ arguments and text */

/** Appends an argument to @a at *@n: @key with its text and JSON forms. */
static struct sim_trace_arg *add(struct sim_trace_arg *a, size_t *n,
                                 const char *key, bool quoted)
{
	struct sim_trace_arg *x = &a[(*n)++];

	*x = (struct sim_trace_arg){.key = key, .quoted = quoted};
	return x;
}

/** A hexadecimal argument, quoted in JSON (numbers there are decimal). */
static void add_hex(struct sim_trace_arg *a, size_t *n, const char *key,
                    uint64_t v)
{
	struct sim_trace_arg *x = add(a, n, key, true);

	snprintf(x->text, sizeof(x->text), "0x%08llx", (unsigned long long)v);
	snprintf(x->json, sizeof(x->json), "%s", x->text);
}

/** A decimal argument; @suffix follows it in the timeline only. */
static void add_num(struct sim_trace_arg *a, size_t *n, const char *key,
                    long long v, const char *suffix)
{
	struct sim_trace_arg *x = add(a, n, key, false);

	snprintf(x->text, sizeof(x->text), "%lld%s", v, suffix);
	snprintf(x->json, sizeof(x->json), "%lld", v);
}

/** A text argument. */
static void add_str(struct sim_trace_arg *a, size_t *n, const char *key,
                    const char *v)
{
	struct sim_trace_arg *x = add(a, n, key, true);

	snprintf(x->text, sizeof(x->text), "%s", v != NULL ? v : "?");
	snprintf(x->json, sizeof(x->json), "%s", x->text);
}

/** A PSA status, by name when it has one. */
static void add_status(struct sim_trace_arg *a, size_t *n, const char *key,
                       int32_t status)
{
	const char *name = spmsim_status_name(status);

	if (name != NULL) {
		add_str(a, n, key, name);
	} else {
		add_num(a, n, key, status, "");
	}
}

/** The message type: a number, or CONNECT / DISCONNECT. */
static void add_type(struct sim_trace_arg *a, size_t *n, int32_t type)
{
	if (type == PSA_IPC_CONNECT) {
		add_str(a, n, "type", "CONNECT");
	} else if (type == PSA_IPC_DISCONNECT) {
		add_str(a, n, "type", "DISCONNECT");
	} else {
		add_num(a, n, "type", type, "");
	}
}

/** in=N/SB and out=N/SB in the timeline; four numbers in JSON. */
static void add_vectors(struct sim_trace_arg *a, size_t *n,
                        const struct spmsim_trace_event *ev)
{
	struct sim_trace_arg *x = add(a, n, "in", false);

	snprintf(x->text, sizeof(x->text), "%u/%uB", ev->in_len, ev->in_size);
	x->text_only = true;
	x = add(a, n, "out", false);
	snprintf(x->text, sizeof(x->text), "%u/%uB", ev->out_len, ev->out_size);
	x->text_only = true;
	add_num(a, n, "in_len", ev->in_len, "");
	a[*n - 1].json_only = true;
	add_num(a, n, "in_size", ev->in_size, "");
	a[*n - 1].json_only = true;
	add_num(a, n, "out_len", ev->out_len, "");
	a[*n - 1].json_only = true;
	add_num(a, n, "out_size", ev->out_size, "");
	a[*n - 1].json_only = true;
}

/** The key of the peer: the client of a message, else the partition. */
static const char *peer_key(const struct spmsim_trace_event *ev)
{
	switch (ev->kind) {
	case SPMSIM_TRACE_SERVICE_BEGIN:
	case SPMSIM_TRACE_SERVICE_END:
		return "client";
	case SPMSIM_TRACE_BOUNDARY_SWITCH:
		return "to";
	default:
		return "partition";
	}
}

/** The timeout of psa_wait(): PSA_BLOCK, PSA_POLL or a number. */
static void add_timeout(struct sim_trace_arg *a, size_t *n, uint64_t v)
{
	if (v == PSA_BLOCK) {
		add_str(a, n, "timeout", "PSA_BLOCK");
	} else if (v == PSA_POLL) {
		add_str(a, n, "timeout", "PSA_POLL");
	} else {
		add_hex(a, n, "timeout", v);
	}
}

/** The arguments every kind shares, in field order. */
static void field_args(const struct spmsim_trace_event *ev,
                       struct sim_trace_arg *a, size_t *n)
{
	uint32_t f = ev->fields;

	if (f & SPMSIM_TRACE_F_PEER) {
		if (ev->peer != NULL) {
			add_str(a, n, peer_key(ev), ev->peer);
		} else {
			add_num(a, n, peer_key(ev), ev->peer_id, "");
		}
	}
	if (f & SPMSIM_TRACE_F_HANDLE) {
		add_hex(a, n, "handle", (uint32_t)ev->handle);
	}
	if (f & SPMSIM_TRACE_F_TYPE) {
		add_type(a, n, ev->type);
	}
	if (f & SPMSIM_TRACE_F_SID) {
		add_hex(a, n, "sid", ev->sid);
	}
	if (f & SPMSIM_TRACE_F_VERSION) {
		add_num(a, n, "version", ev->version, "");
	}
	if (f & SPMSIM_TRACE_F_SIGNAL) {
		add_hex(a, n, "signal", ev->signal);
	}
	if (f & SPMSIM_TRACE_F_TIMEOUT) {
		add_timeout(a, n, ev->value);
	}
	if (f & SPMSIM_TRACE_F_INDEX) {
		add_num(a, n, "idx", ev->index, "");
	}
	if (f & SPMSIM_TRACE_F_SIZE) {
		add_num(a, n, "size", ev->size, "B");
	}
	if (f & SPMSIM_TRACE_F_VECTORS) {
		add_vectors(a, n, ev);
	}
	if (f & SPMSIM_TRACE_F_LINE) {
		add_num(a, n, "line", ev->line, "");
	}
	if (f & SPMSIM_TRACE_F_ADDRESS) {
		add_hex(a, n, "address", ev->address);
	}
	if (f & SPMSIM_TRACE_F_STATUS) {
		add_status(a, n, "status", ev->status);
	}
	if (f & SPMSIM_TRACE_F_VALUE) {
		add_num(a, n, "value", (long long)ev->value, "");
	}
}

/** The key of an event's free text. */
static const char *detail_key(enum spmsim_trace_kind kind)
{
	switch (kind) {
	case SPMSIM_TRACE_PANIC:
		return "rule";
	case SPMSIM_TRACE_FAULT:
		return "access";
	case SPMSIM_TRACE_RESET:
		return "why";
	case SPMSIM_TRACE_IRQ:
		return "handling";
	default:
		return "detail";
	}
}

size_t sim_trace_args(const struct spmsim_trace_event *ev,
                      struct sim_trace_arg *args)
{
	size_t n = 0;

	field_args(ev, args, &n);
	if (ev->detail != NULL) {
		/* Long texts (a rule) go whole into JSON only. */
		add_str(args, &n, detail_key(ev->kind), ev->detail);
		args[n - 1].json_only = true;
		args[n - 1].whole = ev->detail;
	}
	return n;
}

/** Appends to a bounded buffer; keeps count of what did not fit. */
struct text {
	char *buf;
	size_t size, len;
};

static void put(struct text *t, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	if (t->len < t->size) {
		r = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	} else {
		r = vsnprintf(NULL, 0, fmt, ap);
	}
	va_end(ap);
	if (r > 0) {
		t->len += (size_t)r;
	}
}

/** "k=v, k=v" of the timeline's arguments of @ev. */
static void put_args(struct text *t, const struct spmsim_trace_event *ev)
{
	struct sim_trace_arg args[SIM_TRACE_MAX_ARGS];
	size_t n = sim_trace_args(ev, args);
	const char *sep = "";

	for (size_t i = 0; i < n; i++) {
		if (!args[i].json_only) {
			put(t, "%s%s=%s", sep, args[i].key, args[i].text);
			sep = ", ";
		}
	}
}

/** The result of a function, as its API_END line shows it. */
static void put_result(struct text *t, const struct spmsim_trace_event *ev)
{
	const char *status = spmsim_status_name(ev->status);

	if (ev->fields & SPMSIM_TRACE_F_STATUS) {
		if (status != NULL) {
			put(t, " %s", status);
		} else {
			put(t, " %d", (int)ev->status);
		}
	} else if (ev->fields & SPMSIM_TRACE_F_HANDLE) {
		put(t, " handle=0x%08x", (unsigned)ev->handle);
	} else if (ev->fields & SPMSIM_TRACE_F_SIGNAL) {
		put(t, " signals=0x%08x", (unsigned)ev->signal);
	} else if (ev->fields & SPMSIM_TRACE_F_VALUE) {
		put(t, " %llu", (unsigned long long)ev->value);
	}
}

/** The body of the line of @ev, after its number and track. */
static void put_body(struct text *t, const struct spmsim_trace_event *ev)
{
	const char *n = ev->name != NULL ? ev->name : "?";
	const char *d = ev->detail != NULL ? ev->detail : "";
	const char *status = spmsim_status_name(ev->status);

	switch (ev->kind) {
	case SPMSIM_TRACE_API_BEGIN:
		put(t, "-> %s(", n);
		put_args(t, ev);
		put(t, ")");
		break;
	case SPMSIM_TRACE_API_END:
		put(t, "<- %s", n);
		put_result(t, ev);
		break;
	case SPMSIM_TRACE_SERVICE_BEGIN:
		put(t, "=> %s(", n);
		put_args(t, ev);
		put(t, ")");
		break;
	case SPMSIM_TRACE_SERVICE_END:
		if (status != NULL) {
			put(t, "<- reply %s", status);
		} else {
			put(t, "<- reply %d", (int)ev->status);
		}
		break;
	case SPMSIM_TRACE_IRQ:
		put(t, "!! IRQ %u %s (%s)", (unsigned)ev->line, n, d);
		break;
	case SPMSIM_TRACE_BOUNDARY_SWITCH:
		put(t, "   boundary -> %s", ev->peer != NULL ? ev->peer : "?");
		break;
	case SPMSIM_TRACE_FAULT:
		put(t, "!! %s fault at 0x%08llx: %s", n,
		    (unsigned long long)ev->address, d);
		break;
	case SPMSIM_TRACE_PANIC:
		put(t, "!! panic in %s: %s", n, d);
		break;
	case SPMSIM_TRACE_RESET:
		put(t, "== reset (%s)", d);
		break;
	case SPMSIM_TRACE_BOOT:
		put(t, "== boot: %s", d);
		break;
	default:
		put(t, "-- %s%s%s", n, *d != '\0' ? ": " : "", d);
		break;
	}
}

size_t spmsim_trace_format(const struct spmsim_trace_event *ev, char *buf,
                           size_t size)
{
	struct text t = {.buf = buf, .size = size};

	if (size > 0) {
		buf[0] = '\0';
	}
	put(&t, "%4llu %-11s ", (unsigned long long)ev->seq,
	    ev->track != NULL ? ev->track : "?");
	put_body(&t, ev);
	return t.len < size ? t.len : (size > 0 ? size - 1 : 0);
}
