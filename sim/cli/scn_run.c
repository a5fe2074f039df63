/*
 * The scenario player.
 *
 * How it works: the non-secure side is one function run by
 * spmsim_run_ns(). It takes the clients' steps in turns, one step of each
 * client at a time (round robin, in file order), walking each client's steps
 * with a small stack of frames for `repeat`. A step runs the PSA client
 * calls it describes and compares what they return with what the scenario
 * expects, writing one timeline line per step. When a panic or the watchdog
 * resets the system in the middle of a step, spmsim_run_ns() returns early:
 * the step is judged as cut short, and playing resumes with the next step
 * in a fresh run. A `reset` step ends the run on purpose so that the
 * runner can call spmsim_reset() from outside. Handles are kept by name per
 * client across resets, so that the old ones go stale as on a device.
 * Random bytes and storm timing come from a generator seeded by --seed.
 */
#include "scn_run.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "psa/client.h"
#include "scn_check.h"
#include "scn_threads.h"
#include "spmsim/spmsim.h"
#include "spmsim/trace.h"

#include "../../scenarios/partitions/agent/ns/agent_client.h"
#include "../../scenarios/partitions/fault_lab/fault_lab_api.h"

#define MAX_DEPTH      (SCN_YAML_MAX_DEPTH + 2)
#define MAX_HANDLES    128u
/* Buffers one step holds at once: its vectors, a few of a fault's. */
#define MAX_LIVE       16u
/* A handle no pool hands out: slot 0xFFFE of generation 0x3FFF. */
#define INVALID_HANDLE ((psa_handle_t)0x3FFFFFFF)

/** "s" unless @n is 1: "1 step", "2 steps". */
static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/** Where a client is in its steps: one frame per open repeat. */
struct frame {
	const struct scn_step *steps;
	size_t n;
	size_t i;
	uint32_t left;
	bool first;
};

struct client_run {
	const struct scn_client *c;
	struct frame f[MAX_DEPTH];
	size_t depth;
	struct {
		const char *name;
		psa_handle_t h;
	} handles[MAX_HANDLES];
	size_t n_handles;
};

struct runner {
	const struct scenario *s;
	const struct scn_run_opts *o;
	struct scn_result *r;
	struct client_run *cl;
	size_t turn;
	uint64_t rng;
	/** The step being played, its client, and whether to print it. */
	const struct scn_step *cur;
	struct client_run *cur_cl;
	bool cur_quiet;
	bool *plan_fired;
	bool want_reset;
	bool want_reboot;
	/** A reset_mid_call step to play in the next run, a reset armed. */
	const struct scn_step *resume;
	const struct scn_step *armed_for;
	/** The last `inject` step, and whether its strike was told. */
	const struct scn_step *inject;
	bool inject_told;
	/** A step needs the watchdog: armed again after each boot. */
	bool watchdog;
	/** SPM entries (psa_* calls begun) since the start, for plans. */
	uint64_t entries;
	bool finished;
	bool reset_expected;
	/** The buffers steps hold (xmalloc()). */
	void *live[MAX_LIVE];
	size_t n_live;
	/**
	 * --brief: a run of identical events (a storm's interrupts) held back
	 * to print as one line: the first's line, how many, the last's number.
	 */
	struct {
		char line[512];
		char key[512];
		uint64_t count, last_seq;
	} same;
};

const char *scn_backend_name(unsigned backend)
{
	return backend == SCN_BACKEND_SFN ? "SFN" : "IPC";
}

/** splitmix64: small, and the same sequence on every host. */
static uint64_t rnd(struct runner *r)
{
	uint64_t z = (r->rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void say(struct runner *r, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void shout(struct runner *r, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/** Prints the run of identical events held back, as one line. */
static void same_flush(struct runner *r)
{
	if (r->same.count == 0)
		return;
	if (r->same.count == 1)
		fprintf(r->o->timeline, "             | %s\n", r->same.line);
	else
		fprintf(r->o->timeline,
		        "             | %s x%" PRIu64 " (to #%" PRIu64 ")\n",
		        r->same.line, r->same.count, r->same.last_seq);
	r->same.count = 0;
}

/** Writes a timeline line, unless the run is quiet. */
static void say(struct runner *r, const char *fmt, ...)
{
	va_list ap;

	if (r->o->timeline == NULL || r->o->quiet)
		return;
	same_flush(r);
	va_start(ap, fmt);
	vfprintf(r->o->timeline, fmt, ap);
	va_end(ap);
}

/** Writes a failure or the verdict, even in a quiet run. */
static void shout(struct runner *r, const char *fmt, ...)
{
	va_list ap;

	if (r->o->timeline == NULL)
		return;
	same_flush(r);
	va_start(ap, fmt);
	vfprintf(r->o->timeline, fmt, ap);
	va_end(ap);
}

static void note_failure(struct runner *r, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/** Keeps the first failure's text for the summary. */
static void note_failure(struct runner *r, const char *fmt, ...)
{
	va_list ap;

	if (r->r->first_failure[0])
		return;
	va_start(ap, fmt);
	vsnprintf(r->r->first_failure, sizeof(r->r->first_failure), fmt, ap);
	va_end(ap);
}

static const char *status_text(int32_t status, char *buf, size_t size)
{
	const char *name = scn_status_name(status);

	if (name)
		return name;
	snprintf(buf, size, "%" PRId32, status);
	return buf;
}

/* ------------------------------------------------------------- the steps */

/** The next step of @cr, or NULL when it has played them all. */
static const struct scn_step *client_next(struct client_run *cr, bool *quiet)
{
	const struct scn_step *st;
	struct frame *f;
	size_t i;

	while (cr->depth > 0) {
		f = &cr->f[cr->depth - 1];
		if (f->i < f->n) {
			st = &f->steps[f->i++];
			if (st->kind == SCN_STEP_REPEAT &&
			    cr->depth < MAX_DEPTH) {
				cr->f[cr->depth++] =
				        (struct frame){st->steps, st->n_steps,
				                       0, st->count - 1, true};
				continue;
			}
			*quiet = false;
			for (i = 0; i < cr->depth; i++)
				*quiet = *quiet || !cr->f[i].first;
			return st;
		}
		if (f->left > 0) {
			f->left--;
			f->i = 0;
			f->first = false;
			continue;
		}
		cr->depth--;
	}
	return NULL;
}

/** The next step in round-robin order over the clients. */
static const struct scn_step *next_step(struct runner *r)
{
	const struct scn_step *st;
	size_t k, idx, n = r->s->n_clients;

	for (k = 0; k < n; k++) {
		idx = (r->turn + k) % n;
		st = client_next(&r->cl[idx], &r->cur_quiet);
		if (st) {
			r->turn = (idx + 1) % n;
			r->cur_cl = &r->cl[idx];
			return st;
		}
	}
	return NULL;
}

static void inject_told(struct runner *r);

/** Ends a step: one timeline line, and the count of failures. */
static void step_done(struct runner *r, bool ok, const char *what,
                      const char *got, const char *want)
{
	char mark[600];

	inject_told(r);
	/* The trace names the step by what the timeline says of it. */
	snprintf(mark, sizeof(mark), "%s: %s -> %s%s%s",
	         r->cur_cl->c->name.text, what, got,
	         ok ? "" : " FAIL, expected ", ok ? "" : want);
	spmsim_trace_mark("step", mark);
	if (!ok) {
		r->r->failed_steps++;
		note_failure(r, "line %u: %s: got %s, expected %s",
		             r->cur->loc.line, what, got, want);
		shout(r, "  %-10s %s -> %s  FAIL (expected %s, line %u)\n",
		      r->cur_cl->c->name.text, what, got, want,
		      r->cur->loc.line);
	} else if (!r->cur_quiet) {
		say(r, "  %-10s %s -> %s\n", r->cur_cl->c->name.text, what,
		    got);
	}
}

/** Judges status @got against @e, whose default is @def. */
static void judge_status(struct runner *r, const struct scn_expect *e,
                         int32_t def, int32_t got, const char *what)
{
	char gb[24], wb[24];
	int32_t want = e->kind == SCN_EXPECT_STATUS ? e->status : def;
	bool ok = e->kind == SCN_EXPECT_ANY || got == want;

	if (e->kind == SCN_EXPECT_RESET) {
		step_done(r, false, what, status_text(got, gb, sizeof(gb)),
		          "a reset");
		return;
	}
	step_done(r, ok, what, status_text(got, gb, sizeof(gb)),
	          status_text(want, wb, sizeof(wb)));
}

static const struct spm_service_desc *service(struct runner *r,
                                              const char *name)
{
	return scn_find_service(r->o->table, name, NULL);
}

static psa_handle_t handle_get(struct client_run *cr, const char *name)
{
	size_t i;

	for (i = cr->n_handles; i-- > 0;)
		if (strcmp(cr->handles[i].name, name) == 0)
			return cr->handles[i].h;
	return PSA_NULL_HANDLE;
}

static void handle_set(struct client_run *cr, const char *name, psa_handle_t h)
{
	size_t i;

	for (i = 0; i < cr->n_handles; i++)
		if (strcmp(cr->handles[i].name, name) == 0) {
			cr->handles[i].h = h;
			return;
		}
	if (cr->n_handles < MAX_HANDLES) {
		cr->handles[cr->n_handles].name = name;
		cr->handles[cr->n_handles++].h = h;
	}
}

/** The handle a call or fault step aims at. */
static psa_handle_t target_handle(struct runner *r, const struct scn_step *st)
{
	if (st->target_is_handle)
		return handle_get(r->cur_cl, st->target.text);
	return scn_stateless_handle(service(r, st->target.text));
}

static void do_version(struct runner *r, const struct scn_step *st)
{
	uint32_t v = psa_version(service(r, st->target.text)->sid);
	char what[128], gb[24], wb[24];
	bool ok = st->expect.kind != SCN_EXPECT_STATUS ||
	          v == (uint32_t)st->expect.status;

	snprintf(what, sizeof(what), "psa_version(%s)", st->target.text);
	snprintf(gb, sizeof(gb), "%" PRIu32, v);
	snprintf(wb, sizeof(wb), "%" PRIu32, (uint32_t)st->expect.status);
	if (st->expect.kind == SCN_EXPECT_RESET)
		step_done(r, false, what, gb, "a reset");
	else
		step_done(r, ok, what, gb, wb);
}

static void do_connect(struct runner *r, const struct scn_step *st)
{
	const struct spm_service_desc *svc = service(r, st->target.text);
	uint32_t version = st->version ? st->version : svc->version;
	psa_handle_t h = psa_connect(svc->sid, version);
	char what[160];

	if (h > 0 && st->as.text)
		handle_set(r->cur_cl, st->as.text, h);
	snprintf(what, sizeof(what), "psa_connect(%s, %" PRIu32 ")%s%s",
	         st->target.text, version, st->as.text ? " as " : "",
	         st->as.text ? st->as.text : "");
	judge_status(r, &st->expect, PSA_SUCCESS, h > 0 ? PSA_SUCCESS : h,
	             what);
}

static void do_close(struct runner *r, const struct scn_step *st)
{
	char what[128];

	psa_close(handle_get(r->cur_cl, st->target.text));
	snprintf(what, sizeof(what), "psa_close(%s)", st->target.text);
	if (st->expect.kind == SCN_EXPECT_RESET)
		step_done(r, false, what, "returned", "a reset");
	else
		step_done(r, true, what, "returned", "");
}

/* ------------------------------------------------------------------ calls */

/** The buffers of one call: what the step gives, where replies land. */
struct call_bufs {
	psa_invec in[SCN_MAX_IOVEC];
	psa_outvec out[SCN_MAX_IOVEC];
	size_t n_in;
	size_t n_out;
};

/*
 * The buffers of a step are the runner's until the step ends: a step cut
 * short by a reset never frees them itself (its stack is gone), so the
 * runner frees what is left after each spmsim_run_ns().
 */
static void *xmalloc(struct runner *r, size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL || r->n_live == MAX_LIVE)
		abort();
	r->live[r->n_live++] = p;
	return p;
}

/** Frees @p, a buffer of xmalloc(). */
static void release(struct runner *r, void *p)
{
	size_t i;

	for (i = r->n_live; i-- > 0;)
		if (r->live[i] == p) {
			r->live[i] = r->live[--r->n_live];
			break;
		}
	free(p);
}

/** Frees the buffers of a step cut short. */
static void release_all(struct runner *r)
{
	while (r->n_live > 0)
		free(r->live[--r->n_live]);
}

/*
 * The vectors live in the host heap, which the simulated non-secure side
 * owns, as its own buffers would on a device.
 */
static void bufs_make(struct runner *r, const struct scn_step *st,
                      struct call_bufs *b)
{
	size_t i, j;

	for (i = 0; i < st->n_in; i++) {
		uint8_t *p = xmalloc(r, st->in[i].len);

		if (st->in[i].kind == SCN_DATA_RANDOM)
			for (j = 0; j < st->in[i].len; j++)
				p[j] = (uint8_t)rnd(r);
		else
			memcpy(p, st->in[i].bytes, st->in[i].len);
		b->in[i].base = p;
		b->in[i].len = st->in[i].len;
	}
	for (i = 0; i < st->n_out; i++) {
		b->out[i].base = xmalloc(r, st->out[i]);
		memset(b->out[i].base, 0, st->out[i] ? st->out[i] : 1);
		b->out[i].len = st->out[i];
	}
	b->n_in = st->n_in;
	b->n_out = st->n_out;
}

static void bufs_free(struct runner *r, struct call_bufs *b)
{
	size_t i;

	for (i = 0; i < b->n_in; i++)
		release(r, (void *)b->in[i].base);
	for (i = 0; i < b->n_out; i++)
		release(r, b->out[i].base);
}

/** Describes the bytes of an output vector for a message. */
static void bytes_text(const void *p, size_t len, char *buf, size_t size)
{
	const uint8_t *b = p;
	size_t i, o;

	o = (size_t)snprintf(buf, size, "%zu bytes", len);
	for (i = 0; i < len && i < 16 && o + 4 < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%02x", i ? "" : " ",
		                      b[i]);
	if (len > 16 && o + 4 < size)
		snprintf(buf + o, size - o, "...");
}

/** Compares the output vectors with expect_out; false with the reason. */
static bool outputs_ok(const struct scn_step *st, const struct call_bufs *b,
                       char *got, char *want, size_t size)
{
	size_t i;

	for (i = 0; i < st->n_expect_out; i++) {
		const struct scn_data *e = &st->expect_out[i];
		size_t len = b->out[i].len;

		if (e->kind == SCN_DATA_ANY)
			continue;
		if (len == e->len &&
		    (e->kind == SCN_DATA_SIZE ||
		     memcmp(b->out[i].base, e->bytes, len) == 0))
			continue;
		bytes_text(b->out[i].base, len, got, size);
		if (e->kind == SCN_DATA_SIZE)
			snprintf(want, size, "%zu bytes", e->len);
		else
			bytes_text(e->bytes, e->len, want, size);
		return false;
	}
	return true;
}

static void call_what(const struct scn_step *st, const struct call_bufs *b,
                      char *what, size_t size)
{
	size_t i, o;

	char type[24];

	snprintf(type, sizeof(type), "%" PRId32, st->type);
	o = (size_t)snprintf(what, size, "psa_call(%s, %s, in [",
	                     st->target.text,
	                     st->type_name ? st->type_name : type);
	for (i = 0; i < b->n_in && o < size; i++)
		o += (size_t)snprintf(what + o, size - o, "%s%zu", i ? " " : "",
		                      b->in[i].len);
	if (o < size)
		o += (size_t)snprintf(what + o, size - o, "], out [");
	for (i = 0; i < b->n_out && o < size; i++)
		o += (size_t)snprintf(what + o, size - o, "%s%zu", i ? " " : "",
		                      b->out[i].len);
	if (o < size)
		snprintf(what + o, size - o, "])");
}

static void do_call(struct runner *r, const struct scn_step *st)
{
	struct call_bufs b;
	char what[200], got[128], want[128];
	psa_status_t status;

	bufs_make(r, st, &b);
	call_what(st, &b, what, sizeof(what));
	status = psa_call(target_handle(r, st), st->type, b.in, b.n_in, b.out,
	                  b.n_out);
	if (st->expect.kind != SCN_EXPECT_RESET &&
	    (st->expect.kind == SCN_EXPECT_STATUS ? st->expect.status
	                                          : PSA_SUCCESS) == status &&
	    !outputs_ok(st, &b, got, want, sizeof(got)))
		step_done(r, false, what, got, want);
	else
		judge_status(r, &st->expect, PSA_SUCCESS, status, what);
	bufs_free(r, &b);
}

/**
 * Raises @line @count times; returns how many of the raises merged into a
 * request already pending (the core takes a pending line once), or -1 when
 * the line does not exist.
 */
static int64_t raise_line(uint32_t line, uint32_t count)
{
	struct spmsim_irq_stats before, after;
	uint32_t i;

	spmsim_irq_get_stats(&before);
	for (i = 0; i < count; i++)
		if (spmsim_irq_raise(line) != 0)
			return -1;
	spmsim_irq_get_stats(&after);
	return (int64_t)(after.merged - before.merged);
}

/** ", N merged" when raises merged, for the timeline; else "". */
static const char *merged_text(int64_t merged, char *buf, size_t size)
{
	if (merged <= 0)
		return "";
	snprintf(buf, size, ", %" PRId64 " merged into a pending one", merged);
	return buf;
}

static void do_raise(struct runner *r, const struct scn_step *st)
{
	uint32_t line = 0;
	char what[128], got[80], mb[64];
	int64_t merged;

	scn_find_irq(r->o->table, st->target.text, &line);
	merged = raise_line(line, st->count);
	snprintf(what, sizeof(what), "raise %s (line %" PRIu32 ") x%" PRIu32,
	         st->target.text, line, st->count);
	snprintf(got, sizeof(got), "raised%s",
	         merged_text(merged, mb, sizeof(mb)));
	step_done(r, merged >= 0, what, merged >= 0 ? got : "no such line",
	          "raised");
}

/* ------------------------------------------------- steps of a secure caller */

static psa_status_t fault_call(struct runner *r, const struct scn_step *st,
                               psa_handle_t h);

/*
 * A client `from: SP_AGENT` makes its calls through the AGENT service: each
 * step is one request the agent carries out as a secure caller
 * (scenarios/partitions/agent/agent_api.h), so the SPM treats its
 * programmer errors as a secure partition's and panics SP_AGENT.
 */

/** One agent step; false (the step failed) when the agent refused it. */
static bool agent_step(struct runner *r, struct agent_step *as, const void *in,
                       struct agent_result *res, uint8_t *out, size_t out_size,
                       const char *what)
{
	psa_status_t status;

	memset(res, 0, sizeof(*res));
	status = agent_run(as, in, res, out, out_size);
	if (status == PSA_SUCCESS)
		return true;
	char got[24];

	step_done(r, false, what, status_text(status, got, sizeof(got)),
	          "the agent to run the step");
	return false;
}

/** psa_version, psa_connect or psa_close from SP_AGENT. */
static void agent_simple(struct runner *r, const struct scn_step *st)
{
	const struct spm_service_desc *svc = NULL;
	struct agent_step as = {0};
	struct agent_result res;
	char what[200], got[24], want[24];
	uint8_t out[1];

	if (st->kind != SCN_STEP_CLOSE)
		svc = service(r, st->target.text);
	if (st->kind == SCN_STEP_VERSION) {
		as.op = AGENT_OP_VERSION;
		as.sid = svc->sid;
		snprintf(what, sizeof(what), "SP_AGENT psa_version(%s)",
		         st->target.text);
	} else if (st->kind == SCN_STEP_CONNECT) {
		as.op = AGENT_OP_CONNECT;
		as.sid = svc->sid;
		as.version = st->version ? st->version : svc->version;
		snprintf(what, sizeof(what),
		         "SP_AGENT psa_connect(%s, %" PRIu32 ")%s%s",
		         st->target.text, as.version, st->as.text ? " as " : "",
		         st->as.text ? st->as.text : "");
	} else {
		as.op = AGENT_OP_CLOSE;
		as.handle = handle_get(r->cur_cl, st->target.text);
		snprintf(what, sizeof(what), "SP_AGENT psa_close(%s)",
		         st->target.text);
	}
	if (!agent_step(r, &as, NULL, &res, out, sizeof(out), what))
		return;
	if (st->kind == SCN_STEP_VERSION) {
		snprintf(got, sizeof(got), "%" PRIu32, res.version);
		snprintf(want, sizeof(want), "%" PRIu32,
		         (uint32_t)st->expect.status);
		step_done(r,
		          st->expect.kind != SCN_EXPECT_RESET &&
		                  (st->expect.kind != SCN_EXPECT_STATUS ||
		                   res.version == (uint32_t)st->expect.status),
		          what, got,
		          st->expect.kind == SCN_EXPECT_RESET ? "a reset"
		                                              : want);
		return;
	}
	if (st->kind == SCN_STEP_CONNECT && res.status == PSA_SUCCESS &&
	    st->as.text)
		handle_set(r->cur_cl, st->as.text, res.handle);
	judge_status(r, &st->expect, PSA_SUCCESS, res.status, what);
}

/** psa_call from SP_AGENT: the vectors travel inside the request. */
static void agent_call(struct runner *r, const struct scn_step *st)
{
	struct agent_step as = {.op = AGENT_OP_CALL, .type = st->type};
	struct agent_result res;
	struct call_bufs b;
	uint8_t in[AGENT_MAX_IN], out[AGENT_MAX_OUT];
	char what[220], got[128], want[128];
	size_t i, k, n = 0, o = 0;

	bufs_make(r, st, &b);
	call_what(st, &b, what + 9, sizeof(what) - 9);
	memcpy(what, "SP_AGENT ", 9);
	as.handle = target_handle(r, st);
	as.n_in = (uint32_t)b.n_in;
	as.n_out = (uint32_t)b.n_out;
	for (k = 0; k < b.n_in && n + b.in[k].len <= sizeof(in); k++) {
		memcpy(in + n, b.in[k].base, b.in[k].len);
		n += b.in[k].len;
		as.in_len[k] = (uint32_t)b.in[k].len;
	}
	for (i = 0; i < b.n_out; i++) {
		as.out_len[i] = (uint32_t)b.out[i].len;
		o += b.out[i].len;
	}
	if (k < b.n_in || o > sizeof(out)) {
		step_done(r, false, what, "too large for the agent",
		          "at most 256 bytes each way");
	} else if (agent_step(r, &as, in, &res, out, sizeof(out), what)) {
		for (i = 0, o = 0; i < b.n_out; o += b.out[i].len, i++) {
			memcpy(b.out[i].base, out + o, res.out_len[i]);
			b.out[i].len = res.out_len[i];
		}
		if (st->expect.kind != SCN_EXPECT_RESET &&
		    (st->expect.kind == SCN_EXPECT_STATUS
		             ? st->expect.status
		             : PSA_SUCCESS) == res.status &&
		    !outputs_ok(st, &b, got, want, sizeof(got)))
			step_done(r, false, what, got, want);
		else
			judge_status(r, &st->expect, PSA_SUCCESS, res.status,
			             what);
	}
	for (i = 0; i < b.n_out; i++)
		b.out[i].len = st->out[i];
	bufs_free(r, &b);
}

/**
 * foreign_handle: SP_AGENT connects to the service; the non-secure side
 * calls with the agent's handle, which is not its own; the agent closes.
 */
static psa_status_t fault_foreign(struct runner *r, const struct scn_step *st,
                                  char *what, size_t size)
{
	const struct spm_service_desc *svc = service(r, st->target.text);
	struct agent_step as = {.op = AGENT_OP_CONNECT,
	                        .sid = svc->sid,
	                        .version = svc->version};
	struct agent_result res = {0};
	psa_status_t status;
	uint8_t out[1];

	status = agent_run(&as, NULL, &res, out, sizeof(out));
	if (status != PSA_SUCCESS || res.status != PSA_SUCCESS) {
		snprintf(what, size, "foreign_handle %s: SP_AGENT's connect",
		         st->target.text);
		return status != PSA_SUCCESS ? status : res.status;
	}
	status = fault_call(r, st, res.handle);
	snprintf(
	        what, size,
	        "foreign_handle %s: psa_call on SP_AGENT's handle 0x%08" PRIx32,
	        st->target.text, (uint32_t)res.handle);
	as = (struct agent_step){.op = AGENT_OP_CLOSE, .handle = res.handle};
	(void)agent_run(&as, NULL, &res, out, sizeof(out));
	return status;
}

/* ----------------------------------------------------------------- faults */

/** Connects to the step's service; a negative status when refused. */
static psa_handle_t fault_connect(struct runner *r, const struct scn_step *st)
{
	const struct spm_service_desc *svc = service(r, st->target.text);

	return psa_connect(svc->sid, svc->version);
}

/** A call with the step's vectors on @h. */
static psa_status_t fault_call(struct runner *r, const struct scn_step *st,
                               psa_handle_t h)
{
	struct call_bufs b;
	psa_status_t status;

	bufs_make(r, st, &b);
	status = psa_call(h, st->type, b.in, b.n_in, b.out, b.n_out);
	bufs_free(r, &b);
	return status;
}

/** closed_handle and stale_handle: a handle the SPM no longer knows. */
static psa_status_t fault_old_handle(struct runner *r,
                                     const struct scn_step *st, char *what,
                                     size_t size)
{
	psa_handle_t h = fault_connect(r, st), h2 = PSA_NULL_HANDLE;
	psa_status_t status;

	if (h < 0) {
		snprintf(what, size, "%s %s: psa_connect refused",
		         scn_fault_info(st->fault)->name, st->target.text);
		return h;
	}
	psa_close(h);
	/* A new connection takes the slot again, with a new generation. */
	if (st->fault == SCN_FAULT_STALE_HANDLE)
		h2 = fault_connect(r, st);
	status = fault_call(r, st, h);
	if (h2 > 0)
		psa_close(h2);
	snprintf(what, size, "%s %s: psa_call on 0x%08" PRIx32 " after close%s",
	         scn_fault_info(st->fault)->name, st->target.text, (uint32_t)h,
	         h2 > 0 ? " and reuse" : "");
	return status;
}

/**
 * Secure memory a non-secure caller may not name: the globals of the
 * partition behind the step's service (else the SPM's state), where the
 * booted system placed them.
 */
static void *secure_address(struct runner *r, const struct scn_step *st)
{
	const struct spm_partition_desc *part = NULL;
	void *p = NULL;

	if (!st->target_is_handle)
		scn_find_service(r->o->table, st->target.text, &part);
	if (part)
		p = spmsim_area_address(SPMSIM_AREA_DATA, part->name);
	return p ? p : spmsim_area_address(SPMSIM_AREA_SPM, NULL);
}

/** bad_vector: a call whose vectors break one of FF-M's rules. */
static psa_status_t fault_vector(struct runner *r, const struct scn_step *st,
                                 char *what, size_t size)
{
	static const char *const names[] = {"", "null", "out_of_range",
	                                    "readonly_outvec", "too_many"};
	static const uint8_t rodata[16] = {1};
	uint8_t *buf = xmalloc(r, 64);
	psa_invec in[SCN_MAX_IOVEC + 1];
	psa_outvec out[1] = {{buf + 32, 16}};
	size_t n_in = 1, n_out = 0, i;
	psa_status_t status;

	memset(buf, 0, 64);
	for (i = 0; i <= SCN_MAX_IOVEC; i++)
		in[i] = (psa_invec){buf, 4};
	switch (st->vector) {
	case SCN_VEC_NULL:
		in[0].base = NULL;
		in[0].len = 16;
		break;
	case SCN_VEC_OUT_OF_RANGE:
		in[0].base = secure_address(r, st);
		in[0].len = 16;
		break;
	case SCN_VEC_READONLY_OUTVEC:
		out[0].base = (void *)(uintptr_t)rodata;
		n_out = 1;
		break;
	default:
		n_in = SCN_MAX_IOVEC + 1;
		break;
	}
	status = psa_call(target_handle(r, st), st->type, in, n_in, out, n_out);
	release(r, buf);
	snprintf(what, size, "bad_vector %s: %s", st->target.text,
	         names[st->vector]);
	return status;
}

/** pool_exhaustion: connections until one is refused, then all closed. */
static psa_status_t fault_pool(struct runner *r, const struct scn_step *st,
                               char *what, size_t size)
{
	size_t max = SPMSIM_MAX_CONNECTIONS + 1, n = 0, i;
	psa_handle_t *h = xmalloc(r, max * sizeof(*h));
	psa_status_t status = PSA_SUCCESS;

	while (n < max) {
		h[n] = fault_connect(r, st);
		if (h[n] < 0) {
			status = h[n];
			break;
		}
		n++;
	}
	for (i = 0; i < n; i++)
		psa_close(h[i]);
	release(r, h);
	snprintf(what, size, "pool_exhaustion %s: %zu connections, then",
	         st->target.text, n);
	return status;
}

/** interrupt_storm: raises at seeded moments between SPM entries. */
static psa_status_t fault_storm(struct runner *r, const struct scn_step *st,
                                char *what, size_t size)
{
	struct spmsim_irq_stats before, after;
	uint32_t line = 0, i;
	int rc = 0;

	spmsim_irq_get_stats(&before);
	scn_find_irq(r->o->table, st->irq.text, &line);
	for (i = 0; i < st->count && rc == 0; i++) {
		rc = spmsim_irq_raise(line);
		/* An SPM entry is an interrupt point: take some, merge some. */
		if (rnd(r) % 4 == 0)
			(void)psa_framework_version();
	}
	(void)psa_framework_version();
	spmsim_irq_get_stats(&after);
	snprintf(what, size,
	         "interrupt_storm %s: %" PRIu32 " raises, %" PRIu64
	         " merged, %" PRIu64 " taken",
	         st->irq.text, i, after.merged - before.merged,
	         after.taken - before.taken);
	return rc == 0 ? PSA_SUCCESS : PSA_ERROR_GENERIC_ERROR;
}

/* ------------------------------------------------------ misbehaving services
 */

/** The watchdog of never_reply under the SFN model: a spin ends this soon. */
#define SPIN_WATCHDOG_NS 200000000ull

/**
 * One request of @type to the fault-lab service of the step, with in_vec[0]
 * @in (@in_len bytes) and a one-byte out_vec[0]; a connection-based service
 * gets a connection of its own. What the call returned, or the refusal of
 * the connect.
 */
static psa_status_t lab_call(struct runner *r, const struct scn_step *st,
                             int32_t type, const void *in, size_t in_len)
{
	const struct spm_service_desc *svc = service(r, st->target.text);
	uint8_t byte = 0;
	psa_invec iv = {in, in_len};
	psa_outvec ov = {&byte, 1};
	psa_handle_t h = scn_stateless_handle(svc);
	psa_status_t status;

	if (svc->connection_based) {
		h = psa_connect(svc->sid, svc->version);
		if (h < 0)
			return h;
	}
	status = psa_call(h, type, &iv, in ? 1 : 0, &ov, 1);
	if (svc->connection_based)
		psa_close(h);
	return status;
}

/** The partition of the step's service. */
static const struct spm_partition_desc *lab_partition(struct runner *r,
                                                      const struct scn_step *st)
{
	const struct spm_partition_desc *part = NULL;

	scn_find_service(r->o->table, st->target.text, &part);
	return part;
}

/** never_reply: IPC waits for good (a deadlock); an SFN service spins. */
static psa_status_t fault_never_reply(struct runner *r,
                                      const struct scn_step *st, char *what,
                                      size_t size)
{
	if (lab_partition(r, st)->model == SPM_MODEL_SFN) {
		snprintf(what, size,
		         "never_reply %s: the service spins (watchdog %llu ms)",
		         st->target.text, SPIN_WATCHDOG_NS / 1000000ull);
		return lab_call(r, st, FAULT_LAB_SPIN, NULL, 0);
	}
	snprintf(what, size, "never_reply %s: the service keeps the message",
	         st->target.text);
	return lab_call(r, st, FAULT_LAB_NEVER_REPLY, NULL, 0);
}

/** bad_connect: sets the service's connect mode, then connects. */
static psa_status_t fault_connect_mode(struct runner *r,
                                       const struct scn_step *st, char *what,
                                       size_t size)
{
	static const char *const names[] = {"", "refuse", "busy",
	                                    "forbidden_status", "never_reply"};
	static const uint32_t modes[] = {
	        FAULT_LAB_CONNECT_ACCEPT, FAULT_LAB_CONNECT_REFUSE,
	        FAULT_LAB_CONNECT_BUSY, FAULT_LAB_CONNECT_FORBIDDEN,
	        FAULT_LAB_CONNECT_NEVER_REPLY};
	const struct spm_partition_desc *part = lab_partition(r, st);
	const struct spm_service_desc *svc = service(r, st->target.text);
	uint32_t mode = modes[st->connect_mode];
	psa_invec iv = {&mode, sizeof(mode)};
	psa_handle_t h = PSA_NULL_HANDLE;
	psa_status_t status;
	uint32_t i;

	snprintf(what, size, "bad_connect %s: the service will %s, psa_connect",
	         st->target.text, names[st->connect_mode]);
	/* The mode is set through a stateless service of the partition. */
	for (i = 0; i < part->n_services && h == PSA_NULL_HANDLE; i++)
		if (!part->services[i].connection_based)
			h = scn_stateless_handle(&part->services[i]);
	if (h == PSA_NULL_HANDLE || !svc->connection_based) {
		snprintf(what, size,
		         "bad_connect %s: not a connection-based fault-lab "
		         "service",
		         st->target.text);
		return PSA_ERROR_NOT_SUPPORTED;
	}
	status = psa_call(h, FAULT_LAB_SET_CONNECT_MODE, &iv, 1, NULL, 0);
	if (status != PSA_SUCCESS)
		return status;
	h = psa_connect(svc->sid, svc->version);
	if (h > 0) {
		psa_close(h);
		return PSA_SUCCESS;
	}
	return h;
}

/** The first PSA-RoT partition other than @self, for a stray access. */
static const char *psa_rot_partition(struct runner *r, const char *self)
{
	uint32_t i;

	for (i = 0; i < r->o->table->n_partitions; i++) {
		const struct spm_partition_desc *p =
		        &r->o->table->partitions[i];

		if (p->type == SPM_PARTITION_PSA_ROT &&
		    strcmp(p->name, self) != 0)
			return p->name;
	}
	return NULL;
}

/** Where a stray access of @st goes, and its name in @name. */
static void *stray_address(struct runner *r, const struct scn_step *st,
                           char *name, size_t size)
{
	const char *self = st->kind == SCN_STEP_INJECT
	                           ? st->into.text
	                           : lab_partition(r, st)->name;
	const char *part = NULL;
	enum spmsim_area area = SPMSIM_AREA_DATA;

	switch (st->stray) {
	case SCN_STRAY_PARTITION:
		part = st->partition.text;
		area = st->area == SCN_AREA_STACK ? SPMSIM_AREA_STACK
		                                  : SPMSIM_AREA_DATA;
		break;
	case SCN_STRAY_PSA_ROT:
		part = psa_rot_partition(r, self);
		break;
	case SCN_STRAY_SPM:
		area = SPMSIM_AREA_SPM;
		break;
	case SCN_STRAY_NS:
		area = SPMSIM_AREA_NS;
		break;
	default:
		area = SPMSIM_AREA_CODE;
		break;
	}
	snprintf(name, size, "%s %s",
	         part ? part
	              : (area == SPMSIM_AREA_SPM  ? "the SPM's"
	                 : area == SPMSIM_AREA_NS ? "non-secure"
	                                          : "the program's"),
	         area == SPMSIM_AREA_STACK  ? "stack"
	         : area == SPMSIM_AREA_CODE ? "code"
	         : part                     ? "data"
	         : area == SPMSIM_AREA_SPM  ? "state"
	                                    : "data");
	if (st->stray == SCN_STRAY_PSA_ROT && part == NULL)
		return NULL;
	return spmsim_area_address(area, part);
}

/** stray_read, stray_write, stray_jump: by the step's fault-lab service. */
static psa_status_t fault_stray(struct runner *r, const struct scn_step *st,
                                char *what, size_t size)
{
	static const int32_t types[] = {FAULT_LAB_STRAY_READ,
	                                FAULT_LAB_STRAY_WRITE,
	                                FAULT_LAB_STRAY_EXECUTE};
	static const char *const verbs[] = {"reads", "writes", "jumps into"};
	unsigned k = (unsigned)(st->fault - SCN_FAULT_STRAY_READ);
	char name[80];
	void *p = stray_address(r, st, name, sizeof(name));
	uint64_t address = (uint64_t)(uintptr_t)p;

	snprintf(what, size, "%s: %s %s %s", scn_fault_info(st->fault)->name,
	         lab_partition(r, st)->name, verbs[k], name);
	if (p == NULL) {
		snprintf(what, size, "%s: %s has no such area",
		         scn_fault_info(st->fault)->name, name);
		return PSA_ERROR_DOES_NOT_EXIST;
	}
	return lab_call(r, st, types[k], &address, sizeof(address));
}

/**
 * reset_mid_call: the step's call. The player armed a reset to strike after
 * @st->after SPM entries before this run began (the harness arms it from
 * outside the simulated system); play_all() disarms it when the run ends.
 */
static psa_status_t fault_reset_mid_call(struct runner *r,
                                         const struct scn_step *st, char *what,
                                         size_t size)
{
	snprintf(what, size,
	         "reset_mid_call %s: psa_call(%s, %" PRId32
	         "), a reset after %" PRIu32 " SPM entries",
	         st->target.text, st->target.text, st->type, st->after);
	return fault_call(r, st, target_handle(r, st));
}

/** The misbehaviours a fault-lab service shows on request. */
static bool fault_lab(struct runner *r, const struct scn_step *st, char *what,
                      size_t size, psa_status_t *status)
{
	static const int32_t types[SCN_FAULT_COUNT_] = {
	        [SCN_FAULT_REPLY_TWICE] = FAULT_LAB_REPLY_TWICE,
	        [SCN_FAULT_FORBIDDEN_STATUS] = FAULT_LAB_FORBIDDEN_STATUS,
	        [SCN_FAULT_WRITE_PAST_OUTVEC] = FAULT_LAB_WRITE_PAST_OUTVEC,
	        [SCN_FAULT_SERVICE_PANIC] = FAULT_LAB_PANIC,
	        [SCN_FAULT_STACK_OVERFLOW] = FAULT_LAB_STACK_OVERFLOW,
	        [SCN_FAULT_SET_RHANDLE_STATELESS] = FAULT_LAB_SET_RHANDLE,
	};
	int32_t type = types[st->fault];

	if (st->fault == SCN_FAULT_DOORBELL_MISUSE)
		type = st->notify ? FAULT_LAB_NOTIFY_UNKNOWN
		                  : FAULT_LAB_CLEAR_NO_DOORBELL;
	if (type == 0)
		return false;
	snprintf(what, size, "%s %s: psa_call type %" PRId32,
	         scn_fault_info(st->fault)->name, st->target.text, type);
	*status = lab_call(r, st, type, NULL, 0);
	return true;
}

/** null_handle and invalid_handle: a call on a handle never issued. */
static psa_status_t fault_bad_handle(struct runner *r,
                                     const struct scn_step *st, char *what,
                                     size_t size)
{
	snprintf(what, size, "%s: psa_call", scn_fault_info(st->fault)->name);
	return fault_call(r, st,
	                  st->fault == SCN_FAULT_NULL_HANDLE ? PSA_NULL_HANDLE
	                                                     : INVALID_HANDLE);
}

/** How each fault is played; the rest are fault-lab requests. */
typedef psa_status_t fault_play_fn(struct runner *r, const struct scn_step *st,
                                   char *what, size_t size);
static fault_play_fn *const plays[SCN_FAULT_COUNT_] = {
        [SCN_FAULT_NULL_HANDLE] = fault_bad_handle,
        [SCN_FAULT_INVALID_HANDLE] = fault_bad_handle,
        [SCN_FAULT_CLOSED_HANDLE] = fault_old_handle,
        [SCN_FAULT_STALE_HANDLE] = fault_old_handle,
        [SCN_FAULT_BAD_VECTOR] = fault_vector,
        [SCN_FAULT_POOL_EXHAUSTION] = fault_pool,
        [SCN_FAULT_INTERRUPT_STORM] = fault_storm,
        [SCN_FAULT_FOREIGN_HANDLE] = fault_foreign,
        [SCN_FAULT_NEVER_REPLY] = fault_never_reply,
        [SCN_FAULT_BAD_CONNECT] = fault_connect_mode,
        [SCN_FAULT_STRAY_READ] = fault_stray,
        [SCN_FAULT_STRAY_WRITE] = fault_stray,
        [SCN_FAULT_STRAY_JUMP] = fault_stray,
        [SCN_FAULT_RESET_MID_CALL] = fault_reset_mid_call,
};

static void do_fault(struct runner *r, const struct scn_step *st)
{
	const struct scn_fault_info *f = scn_fault_info(st->fault);
	char what[200];
	psa_status_t status;

	if (plays[st->fault] != NULL) {
		status = plays[st->fault](r, st, what, sizeof(what));
	} else if (!fault_lab(r, st, what, sizeof(what), &status)) {
		snprintf(what, sizeof(what), "%s: not available", f->name);
		step_done(r, false, what, "not run", "a build with it");
		return;
	}
	/* A fault that should have reset the system returned instead. */
	if (st->expect.kind == SCN_EXPECT_DEFAULT &&
	    scn_fault_default_reset(st))
		judge_status(r, &(struct scn_expect){.kind = SCN_EXPECT_RESET},
		             0, status, what);
	else
		judge_status(r, &st->expect, scn_fault_default_status(st),
		             status, what);
}

/* -------------------------------------------------------------- injections */

/** "1st", "2nd", "3rd", "4th"... */
static const char *ordinal(uint32_t n, char *buf, size_t size)
{
	static const char *const ends[] = {"th", "st", "nd", "rd"};
	uint32_t last = n % 10u;

	snprintf(buf, size, "%" PRIu32 "%s", n,
	         (n % 100u >= 11u && n % 100u <= 13u) || last > 3u
	                 ? "th"
	                 : ends[last]);
	return buf;
}

/** What injection @st does ("KIND into P at its..."), for the timeline. */
static void inject_what(const struct scn_step *st, char *buf, size_t size)
{
	const char *api = scn_inject_api(st);
	char nb[16], sb[24];

	ordinal(st->nth, nb, sizeof(nb));
	snprintf(buf, size, "%s into %s at its %s %s%s%s%s",
	         scn_inject_name(st->inject), st->into.text, nb,
	         api ? api : "psa_* call",
	         api && strcmp(api, "entry") != 0 ? "()" : "",
	         st->inject == SCN_INJECT_CORRUPT_STATUS ||
	                         st->inject == SCN_INJECT_ERROR_STATUS
	                 ? ": "
	                 : "",
	         st->inject == SCN_INJECT_CORRUPT_STATUS ||
	                         st->inject == SCN_INJECT_ERROR_STATUS
	                 ? status_text(st->status, sb, sizeof(sb))
	                 : "");
}

/**
 * `inject`: arms the fault for the partition's n-th call from now. One
 * injection at a time: arming another before the last struck fails.
 */
static void do_inject(struct runner *r, const struct scn_step *st)
{
	struct spmsim_injection inj = {
	        .kind = (enum spmsim_inject_kind)st->inject,
	        .partition = st->into.text,
	        .api = scn_inject_api(st),
	        .nth = st->nth,
	        .status = st->status,
	};
	char what[200], target[80], got[120];
	psa_status_t status;

	memcpy(what, "inject ", 8);
	inject_what(st, what + 7, sizeof(what) - 7);
	if (r->inject && spmsim_inject_pending(NULL)) {
		snprintf(got, sizeof(got),
		         "the injection of line %u has not "
		         "struck yet",
		         r->inject->loc.line);
		step_done(r, false, what, got, "armed");
		return;
	}
	if (st->inject >= SCN_INJECT_STRAY_READ &&
	    st->inject <= SCN_INJECT_STRAY_JUMP) {
		inj.address = stray_address(r, st, target, sizeof(target));
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
		         " (%s)", target);
	}
	status = spmsim_inject(&inj);
	r->inject = status == PSA_SUCCESS ? st : NULL;
	r->inject_told = false;
	snprintf(got, sizeof(got), "%s",
	         status == PSA_SUCCESS ? "armed" : spmsim_error());
	step_done(r, status == PSA_SUCCESS, what, got, "armed");
}

/** Tells once in the timeline that the injection armed has struck. */
static void inject_told(struct runner *r)
{
	char what[200];

	if (r->inject == NULL || r->inject_told || spmsim_inject_pending(NULL))
		return;
	r->inject_told = true;
	if (r->cur_quiet)
		return;
	inject_what(r->inject, what, sizeof(what));
	say(r, "             | injected %s (line %u): struck\n", what,
	    r->inject->loc.line);
}

/** Plays one step. */
static void play_step(struct runner *r, const struct scn_step *st)
{
	if (r->cur_cl->c->from.text && st->kind >= SCN_STEP_VERSION &&
	    st->kind <= SCN_STEP_CLOSE) {
		if (st->kind == SCN_STEP_CALL)
			agent_call(r, st);
		else
			agent_simple(r, st);
		return;
	}
	switch (st->kind) {
	case SCN_STEP_VERSION:
		do_version(r, st);
		break;
	case SCN_STEP_CONNECT:
		do_connect(r, st);
		break;
	case SCN_STEP_CALL:
		do_call(r, st);
		break;
	case SCN_STEP_CLOSE:
		do_close(r, st);
		break;
	case SCN_STEP_RAISE:
		do_raise(r, st);
		break;
	case SCN_STEP_RESET:
		r->want_reset = true;
		r->want_reboot = st->reboot;
		step_done(r, true,
		          st->reboot ? "shut down and boot again"
		                     : "reset the system",
		          st->reboot ? "rebooting" : "resetting", "");
		break;
	case SCN_STEP_FAULT:
		do_fault(r, st);
		break;
	case SCN_STEP_INJECT:
		do_inject(r, st);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------- the player */

/** Raises the planned interrupts due before the next step. */
static void fire_plans(struct runner *r)
{
	uint32_t line = 0;
	char mb[64];
	int64_t merged;
	size_t k;

	for (k = 0; k < r->s->n_irqs; k++) {
		const struct scn_irq_plan *q = &r->s->irqs[k];

		if (r->plan_fired[k] || q->after_entries ||
		    q->after_steps != r->r->steps)
			continue;
		r->plan_fired[k] = true;
		scn_find_irq(r->o->table, q->irq.text, &line);
		merged = raise_line(line, q->count);
		say(r,
		    "  %-10s raise %s (line %" PRIu32 ") x%" PRIu32
		    " after %" PRIu32 " step%s%s\n",
		    "(plan)", q->irq.text, line, q->count, q->after_steps,
		    plural(q->after_steps),
		    merged_text(merged, mb, sizeof(mb)));
	}
}

/**
 * Counts SPM entries (the psa_* calls that begin) and raises the interrupts
 * planned `after_entries`, in the middle of whatever runs then: the line
 * goes pending and the core takes it at its next interrupt point.
 */
static void entry_sink(const struct spmsim_trace_event *ev, void *arg)
{
	struct runner *r = arg;
	uint32_t line = 0;
	char mb[64];
	int64_t merged;
	size_t k;

	if (ev->kind != SPMSIM_TRACE_API_BEGIN)
		return;
	r->entries++;
	for (k = 0; k < r->s->n_irqs; k++) {
		const struct scn_irq_plan *q = &r->s->irqs[k];

		if (r->plan_fired[k] || q->after_entries == 0 ||
		    r->entries < q->after_entries)
			continue;
		r->plan_fired[k] = true;
		scn_find_irq(r->o->table, q->irq.text, &line);
		merged = raise_line(line, q->count);
		say(r,
		    "  %-10s raise %s (line %" PRIu32 ") x%" PRIu32
		    " after %" PRIu32 " SPM entr%s%s\n",
		    "(plan)", q->irq.text, line, q->count, q->after_entries,
		    q->after_entries == 1 ? "y" : "ies",
		    merged_text(merged, mb, sizeof(mb)));
	}
}

/** The non-secure side: steps until done or a reset is wanted. */
static void play(void *arg)
{
	struct runner *r = arg;
	const struct scn_step *st;

	while (!r->want_reset) {
		if (r->resume) {
			/* The step a reset was armed for, in a run of its own.
			 */
			st = r->resume;
			r->resume = NULL;
		} else {
			fire_plans(r);
			st = next_step(r);
		}
		if (st == NULL) {
			r->finished = true;
			return;
		}
		if (st != r->armed_for && st->kind == SCN_STEP_FAULT &&
		    st->fault == SCN_FAULT_RESET_MID_CALL) {
			/* Ends this run: the harness arms the reset. */
			r->resume = r->armed_for = st;
			return;
		}
		r->cur = st;
		play_step(r, st);
		r->cur = NULL;
		r->r->steps++;
		/* The armed reset must not strike a later step: disarm. */
		if (st == r->armed_for)
			return;
	}
}

/** The last panic in a line, for messages. */
static void panic_text(const struct runner *r, char *buf, size_t size)
{
	enum spmsim_reset_cause why = spmsim_last_reset();
	struct spmsim_panic p;

	if (why == SPMSIM_RESET_INJECTED && r->inject &&
	    r->inject->inject == SCN_INJECT_RESET &&
	    !spmsim_inject_pending(NULL)) {
		snprintf(buf, size, "the reset injected into %s",
		         r->inject->into.text);
		return;
	}
	if (why == SPMSIM_RESET_INJECTED || why == SPMSIM_RESET_DEADLOCK) {
		snprintf(buf, size, "%s",
		         why == SPMSIM_RESET_INJECTED
		                 ? "the reset armed after SPM entries"
		                 : "a deadlock: nothing could run");
		return;
	}
	if (!spmsim_last_panic(&p)) {
		snprintf(buf, size, "no panic recorded");
		return;
	}
	if (p.cause == SPMSIM_PANIC_FAULT)
		snprintf(buf, size, "%s of %s: %s at 0x%" PRIxPTR " (%s)",
		         p.fault.type ? p.fault.type : "fault",
		         p.partition ? p.partition : "?",
		         p.fault.access ? p.fault.access : "access",
		         p.fault.address,
		         p.fault.region ? p.fault.region : "?");
	else
		snprintf(buf, size, "panic of %s in %s: %s",
		         p.partition ? p.partition : "?", p.api ? p.api : "?",
		         p.rule ? p.rule : "?");
}

/** The step @r->cur was cut short by @ex: judged against `reset`. */
static void cut_short(struct runner *r, enum spmsim_exit ex)
{
	const struct scn_step *st = r->cur;
	bool want = st->expect.kind == SCN_EXPECT_RESET ||
	            (st->kind == SCN_STEP_FAULT &&
	             st->expect.kind == SCN_EXPECT_DEFAULT &&
	             scn_fault_default_reset(st));
	static const char *const verbs[] = {
	        "",       "version", "connect", "call",  "close",
	        "repeat", "raise",   "reset",   "fault", "inject"};
	char got[300], pt[256], what[160];

	panic_text(r, pt, sizeof(pt));
	snprintf(got, sizeof(got), "%s (%s)", spmsim_exit_name(ex), pt);
	snprintf(what, sizeof(what), "%s %s%s%s, cut short",
	         st->kind == SCN_STEP_FAULT ? scn_fault_info(st->fault)->name
	                                    : verbs[st->kind],
	         st->target.text ? st->target.text : "",
	         r->cur_cl->c->from.text ? " from " : "",
	         r->cur_cl->c->from.text ? r->cur_cl->c->from.text : "");
	r->cur_quiet = false;
	step_done(r, want, what, got, "its result");
	r->cur = NULL;
	r->r->steps++;
}

static psa_status_t boot(const struct scenario *s,
                         const struct scn_run_opts *o);

/** A reset, or with `reset: reboot` a shutdown and a boot; false if failed. */
static bool reset_or_reboot(struct runner *r)
{
	psa_status_t status;

	if (r->want_reboot && r->inject && spmsim_inject_pending(NULL)) {
		r->r->failed_end++;
		note_failure(r,
		             "the injection of line %u was disarmed by a "
		             "reboot before it struck",
		             r->inject->loc.line);
		shout(r,
		      "  FAIL: the injection of line %u was disarmed by a "
		      "reboot before it struck\n",
		      r->inject->loc.line);
		r->inject = NULL;
	}
	if (r->want_reboot) {
		spmsim_shutdown();
		status = boot(r->s, r->o);
	} else {
		status = spmsim_reset();
	}
	r->want_reset = r->want_reboot = false;
	if (status != PSA_SUCCESS)
		note_failure(r, "a reset or re-boot failed: %s",
		             spmsim_error());
	return status == PSA_SUCCESS;
}

/** Arms the watchdog when a step needs it: a never_reply that spins. */
static bool needs_watchdog(const struct scn_step *st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((st[i].kind == SCN_STEP_FAULT &&
		     st[i].fault == SCN_FAULT_NEVER_REPLY) ||
		    (st[i].kind == SCN_STEP_INJECT &&
		     st[i].inject == SCN_INJECT_SPIN) ||
		    (st[i].kind == SCN_STEP_REPEAT &&
		     needs_watchdog(st[i].steps, st[i].n_steps)))
			return true;
	return false;
}

/** Runs the non-secure side until every step is played; the exit code. */
static int play_all(struct runner *r)
{
	enum spmsim_exit ex;
	unsigned idle = 0;

	while (!r->finished && idle < 3) {
		uint64_t before = r->r->steps;
		bool armed = r->resume != NULL;

		if (armed)
			spmsim_reset_after(r->resume->after);
		ex = spmsim_run_ns(play, r);
		release_all(r);
		if (armed) {
			spmsim_reset_after_cancel();
			r->armed_for = NULL;
		}
		if (r->cur)
			cut_short(r, ex);
		if (ex == SPMSIM_EXIT_NOT_BOOTED || ex == SPMSIM_EXIT_ERROR) {
			note_failure(r, "the run stopped: %s", spmsim_error());
			return 2;
		}
		if (ex == SPMSIM_EXIT_HALTED) {
			say(r, "  %-10s the system halted\n", "(system)");
			break;
		}
		if (r->want_reset && !reset_or_reboot(r))
			return 2;
		if (r->watchdog)
			spmsim_watchdog(SPIN_WATCHDOG_NS);
		idle = r->r->steps == before && !armed ? idle + 1 : 0;
	}
	if (!r->finished && next_step(r) != NULL) {
		r->r->failed_end++;
		note_failure(r, "the system halted with steps left to play");
		shout(r, "  FAIL: the system halted with steps left to play\n");
	}
	return 0;
}

/* ------------------------------------------------------------ the verdict */

static void end_fail(struct runner *r, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void end_fail(struct runner *r, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->r->failed_end++;
	note_failure(r, "%s", msg);
	shout(r, "  FAIL: %s\n", msg);
}

static bool has(const char *text, const char *part)
{
	return part == NULL || (text && strstr(text, part) != NULL);
}

static void check_panic(struct runner *r, const struct spmsim_panic *p,
                        bool any)
{
	const struct scn_end *e = &r->s->end;

	if (!any) {
		end_fail(r, "expected a panic (line %u); none happened",
		         e->panic_loc.line);
		return;
	}
	if ((e->panic_partition.text &&
	     (p->partition == NULL ||
	      strcmp(p->partition, e->panic_partition.text))) ||
	    !has(p->rule, e->panic_rule) ||
	    (e->panic_api && (!p->api || strcmp(p->api, e->panic_api))))
		end_fail(r,
		         "the panic was of %s in %s for '%s', not the one "
		         "expected at line %u",
		         p->partition ? p->partition : "?",
		         p->api ? p->api : "?", p->rule ? p->rule : "?",
		         e->panic_loc.line);
}

static void check_fault(struct runner *r, const struct spmsim_panic *p,
                        bool any)
{
	const struct scn_end *e = &r->s->end;

	if (!any || p->cause != SPMSIM_PANIC_FAULT) {
		end_fail(r, "expected a memory fault (line %u); none happened",
		         e->fault_loc.line);
		return;
	}
	if (!has(p->fault.region, e->fault_region) ||
	    (e->fault_access &&
	     (!p->fault.access || strcmp(p->fault.access, e->fault_access))) ||
	    (e->fault_type &&
	     (!p->fault.type || strcmp(p->fault.type, e->fault_type))) ||
	    (e->fault_partition.text &&
	     (!p->partition || strcmp(p->partition, e->fault_partition.text))))
		end_fail(r,
		         "the fault was a %s %s by %s at '%s', not the one "
		         "expected at line %u",
		         p->fault.type ? p->fault.type : "?",
		         p->fault.access ? p->fault.access : "?",
		         p->partition ? p->partition : "?",
		         p->fault.region ? p->fault.region : "?",
		         e->fault_loc.line);
}

/** Fails the run: the injection armed waits for more than came. */
static void inject_never_struck(struct runner *r, uint64_t counted)
{
	const char *api = scn_inject_api(r->inject);
	char what[80];

	if (api == NULL)
		snprintf(what, sizeof(what), "psa_* calls");
	else if (strcmp(api, "entry") == 0)
		snprintf(what, sizeof(what), "entries");
	else
		snprintf(what, sizeof(what), "calls of %s()", api);
	end_fail(r,
	         "the injection of line %u never struck: it waits for %" PRIu32
	         " %s by %s, which made %" PRIu64,
	         r->inject->loc.line, r->inject->nth, what,
	         r->inject->into.text, counted);
}

/** Checks the expected end: panics, faults, resets, interrupts. */
static void check_end(struct runner *r)
{
	const struct scn_end *e = &r->s->end;
	struct spmsim_counters c;
	struct spmsim_irq_stats q;
	struct spmsim_panic p;
	bool any = spmsim_last_panic(&p);
	uint64_t counted = 0;
	char pt[256];
	size_t k;

	spmsim_get_counters(&c);
	spmsim_irq_get_stats(&q);
	r->r->resets = c.resets;
	r->r->panics = c.panics;
	if (e->panic)
		check_panic(r, &p, any);
	if (e->fault)
		check_fault(r, &p, any);
	if (!e->panic && !e->fault && c.panics > 0 && !r->reset_expected) {
		panic_text(r, pt, sizeof(pt));
		end_fail(r, "an unexpected %s", pt);
	}
	if (e->resets >= 0 && (int64_t)c.resets != e->resets)
		end_fail(r,
		         "%" PRIu64 " reset%s since the last boot, expected "
		         "%" PRId64,
		         c.resets, plural(c.resets), e->resets);
	if (e->irqs_taken >= 0 && (int64_t)q.taken < e->irqs_taken)
		end_fail(r,
		         "%" PRIu64 " interrupts taken, expected at least "
		         "%" PRId64,
		         q.taken, e->irqs_taken);
	if (r->inject && spmsim_inject_pending(&counted))
		inject_never_struck(r, counted);
	for (k = 0; k < r->s->n_irqs; k++)
		if (!r->plan_fired[k])
			end_fail(r,
			         "%s, planned at line %u after %" PRIu32
			         " step%s, was never raised: only %" PRIu64
			         " step%s played",
			         r->s->irqs[k].irq.text, r->s->irqs[k].loc.line,
			         r->s->irqs[k].after_steps,
			         plural(r->s->irqs[k].after_steps), r->r->steps,
			         r->r->steps == 1 ? " was" : "s were");
}

/** True when some step expects to be cut short by a reset. */
static bool expects_reset(const struct scn_step *st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (st[i].expect.kind == SCN_EXPECT_RESET ||
		    (st[i].kind == SCN_STEP_REPEAT &&
		     expects_reset(st[i].steps, st[i].n_steps)) ||
		    (st[i].kind == SCN_STEP_FAULT &&
		     st[i].expect.kind == SCN_EXPECT_DEFAULT &&
		     scn_fault_default_reset(&st[i])))
			return true;
	return false;
}

/* ---------------------------------------------------------------- a run */

/**
 * Writes each trace event's text form into the timeline, under the step
 * it belongs to; the events of steps not printed (later rounds of a
 * repeat) are left out too.
 */
static void timeline_sink(const struct spmsim_trace_event *ev, void *arg)
{
	struct runner *r = arg;
	struct spmsim_trace_event unnumbered = *ev;
	char line[512], key[512];

	bool kept = !r->o->brief || ev->kind == SPMSIM_TRACE_IRQ ||
	            ev->kind == SPMSIM_TRACE_FAULT ||
	            ev->kind == SPMSIM_TRACE_PANIC ||
	            ev->kind == SPMSIM_TRACE_RESET;

	if (ev->kind == SPMSIM_TRACE_MARK || r->cur_quiet || !kept ||
	    spmsim_trace_format(ev, line, sizeof(line)) == 0)
		return;
	if (!r->o->brief) {
		fprintf(r->o->timeline, "             | %s\n", line);
		return;
	}
	/* Brief: the same event again (but for its number) joins the run. */
	unnumbered.seq = 0;
	spmsim_trace_format(&unnumbered, key, sizeof(key));
	if (r->same.count > 0 && strcmp(key, r->same.key) == 0) {
		r->same.count++;
		r->same.last_seq = ev->seq;
		return;
	}
	same_flush(r);
	snprintf(r->same.line, sizeof(r->same.line), "%s", line);
	snprintf(r->same.key, sizeof(r->same.key), "%s", key);
	r->same.count = 1;
	r->same.last_seq = ev->seq;
}

enum scn_protection scn_run_protection(const struct scenario *s,
                                       const struct scn_run_opts *o)
{
	if (o->protection != SCN_PROTECTION_DEFAULT)
		return o->protection;
	return s->protection != SCN_PROTECTION_DEFAULT ? s->protection
	                                               : SCN_PROTECTION_TRAP;
}

static psa_status_t boot(const struct scenario *s, const struct scn_run_opts *o)
{
	char flash[4096];
	struct spmsim_config cfg = {
	        .table = o->table,
	        .backend = o->backend == SCN_BACKEND_SFN ? SPMSIM_BACKEND_SFN
	                                                 : SPMSIM_BACKEND_IPC,
	        .isolation_level = o->level,
	        .mpu_regions = s->mpu_regions,
	        .panic_policy = s->halt_on_panic ? SPMSIM_PANIC_HALT
	                                         : SPMSIM_PANIC_RESET,
	        .connections = s->connections,
	        .ns_client_id = s->ns_client_id,
	        .protection = scn_run_protection(s, o) == SCN_PROTECTION_CHECK
	                              ? SPMSIM_PROTECTION_CHECK
	                              : SPMSIM_PROTECTION_TRAP,
	};

	if (s->storage.text) {
		snprintf(flash, sizeof(flash), "%s%s%s",
		         s->storage.text[0] == '/' ? "" : s->dir,
		         s->storage.text[0] == '/' ? "" : "/", s->storage.text);
		cfg.flash_file = flash;
	}
	spmsim_watchdog(o->watchdog_ns);
	return spmsim_boot(&cfg);
}

/** Sets up the runner's state for @s. */
static void runner_init(struct runner *r, const struct scenario *s,
                        const struct scn_run_opts *o, struct scn_result *res)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->s = s;
	r->o = o;
	r->r = res;
	r->rng = o->seed;
	r->cl = calloc(s->n_clients, sizeof(*r->cl));
	r->plan_fired = calloc(s->n_irqs + 1, sizeof(*r->plan_fired));
	if (r->cl == NULL || r->plan_fired == NULL)
		abort();
	for (i = 0; i < s->n_clients; i++) {
		r->cl[i].c = &s->clients[i];
		r->cl[i].f[0] = (struct frame){
		        s->clients[i].steps, s->clients[i].n_steps, 0, 0, true};
		r->cl[i].depth = 1;
		r->reset_expected = r->reset_expected ||
		                    expects_reset(s->clients[i].steps,
		                                  s->clients[i].n_steps);
		r->watchdog =
		        r->watchdog || needs_watchdog(s->clients[i].steps,
		                                      s->clients[i].n_steps);
	}
}

static void verdict(struct runner *r, int rc)
{
	const struct scn_result *res = r->r;

	if (rc == 2)
		shout(r, "ERROR %s [%s, level %u]: %s\n", r->s->name,
		      scn_backend_name(r->o->backend), r->o->level,
		      res->first_failure);
	else if (res->failed_steps || res->failed_end)
		shout(r,
		      "FAIL %s [%s, level %u]: %" PRIu64 " of %" PRIu64
		      " step%s failed, %u end expectation%s failed\n",
		      r->s->name, scn_backend_name(r->o->backend), r->o->level,
		      res->failed_steps, res->steps, plural(res->steps),
		      res->failed_end, plural(res->failed_end));
	else
		shout(r,
		      "PASS %s [%s, level %u]: %" PRIu64 " step%s, %" PRIu64
		      " reset%s\n",
		      r->s->name, scn_backend_name(r->o->backend), r->o->level,
		      res->steps, plural(res->steps), res->resets,
		      plural(res->resets));
}

/** Opens the trace file, if any; false when it cannot be written. */
static bool trace_open(const struct scn_run_opts *o, struct scn_result *res,
                       struct spmsim_trace_json **json)
{
	*json = NULL;
	spmsim_trace_restart();
	if (o->trace_path == NULL)
		return true;
	errno = 0;
	*json = spmsim_trace_json_open(o->trace_path);
	if (*json == NULL)
		snprintf(res->first_failure, sizeof(res->first_failure),
		         "cannot write the trace '%s': %s", o->trace_path,
		         errno ? strerror(errno)
		               : "tracing is not available in this build");
	return *json != NULL;
}

/** True when an interrupt is planned after a number of SPM entries. */
static bool has_entry_plans(const struct scenario *s)
{
	size_t k;

	for (k = 0; k < s->n_irqs; k++)
		if (s->irqs[k].after_entries)
			return true;
	return false;
}

int scn_run(const struct scenario *s, const struct scn_run_opts *o,
            struct scn_result *res)
{
	struct spmsim_trace_json *json;
	struct runner r;
	int rc = 0;

	memset(res, 0, sizeof(*res));
	runner_init(&r, s, o, res);
	if (!trace_open(o, res, &json)) {
		rc = 2;
	} else {
		if (o->timeline && !o->quiet)
			spmsim_trace_add_sink(timeline_sink, &r);
		if (has_entry_plans(s))
			spmsim_trace_add_sink(entry_sink, &r);
		say(&r, "scenario %s [%s, level %u, seed %" PRIu64 "%s]\n",
		    s->name, scn_backend_name(o->backend), o->level, o->seed,
		    scn_run_protection(s, o) == SCN_PROTECTION_CHECK
		            ? ", protection check"
		            : "");
		if (s->description != NULL)
			say(&r, "  -- %s\n", s->description);
		if (boot(s, o) != PSA_SUCCESS) {
			snprintf(res->first_failure, sizeof(res->first_failure),
			         "boot failed: %s", spmsim_error());
			rc = 2;
		} else {
			if (r.watchdog)
				spmsim_watchdog(SPIN_WATCHDOG_NS);
			if (s->threads.on) {
				fire_plans(&r);
				rc = scn_threads_play(s, o, res);
			} else {
				rc = play_all(&r);
			}
			if (rc == 0)
				check_end(&r);
			spmsim_shutdown();
		}
		if (o->timeline && !o->quiet)
			spmsim_trace_remove_sink(timeline_sink, &r);
		if (has_entry_plans(s))
			spmsim_trace_remove_sink(entry_sink, &r);
		if (json && spmsim_trace_json_close(json) != 0 && rc == 0) {
			snprintf(res->first_failure, sizeof(res->first_failure),
			         "writing the trace '%s' failed",
			         o->trace_path);
			rc = 2;
		}
	}
	if (rc == 0 && (res->failed_steps || res->failed_end))
		rc = 1;
	res->error = rc == 2;
	verdict(&r, rc);
	free(r.cl);
	free(r.plan_fired);
	return rc;
}
