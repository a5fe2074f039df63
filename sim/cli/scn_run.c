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
#include "sim_memory.h"
#include "spmsim/spmsim.h"
#include "spmsim/trace.h"

#define MAX_DEPTH      (SCN_YAML_MAX_DEPTH + 2)
#define MAX_HANDLES    128u
/* A handle no pool hands out: slot 0xFFFE of generation 0x3FFF. */
#define INVALID_HANDLE ((psa_handle_t)0x3FFFFFFF)

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
	bool finished;
	bool reset_expected;
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

/** Writes a timeline line, unless the run is quiet. */
static void say(struct runner *r, const char *fmt, ...)
{
	va_list ap;

	if (r->o->timeline == NULL || r->o->quiet)
		return;
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

/** Ends a step: one timeline line, and the count of failures. */
static void step_done(struct runner *r, bool ok, const char *what,
                      const char *got, const char *want)
{
	char mark[600];

	snprintf(mark, sizeof(mark), "%s: %s", r->cur_cl->c->name.text, what);
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

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return p;
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
		uint8_t *p = xmalloc(st->in[i].len);

		if (st->in[i].kind == SCN_DATA_RANDOM)
			for (j = 0; j < st->in[i].len; j++)
				p[j] = (uint8_t)rnd(r);
		else
			memcpy(p, st->in[i].bytes, st->in[i].len);
		b->in[i].base = p;
		b->in[i].len = st->in[i].len;
	}
	for (i = 0; i < st->n_out; i++) {
		b->out[i].base = xmalloc(st->out[i]);
		memset(b->out[i].base, 0, st->out[i] ? st->out[i] : 1);
		b->out[i].len = st->out[i];
	}
	b->n_in = st->n_in;
	b->n_out = st->n_out;
}

static void bufs_free(struct call_bufs *b)
{
	size_t i;

	for (i = 0; i < b->n_in; i++)
		free((void *)b->in[i].base);
	for (i = 0; i < b->n_out; i++)
		free(b->out[i].base);
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

	o = (size_t)snprintf(what, size, "psa_call(%s, %" PRId32 ", in [",
	                     st->target.text, st->type);
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
	bufs_free(&b);
}

static void do_raise(struct runner *r, const struct scn_step *st)
{
	uint32_t line = 0, i;
	char what[128];
	int rc = 0;

	scn_find_irq(r->o->table, st->target.text, &line);
	for (i = 0; i < st->count && rc == 0; i++)
		rc = spmsim_irq_raise(line);
	snprintf(what, sizeof(what), "raise %s (line %" PRIu32 ") x%" PRIu32,
	         st->target.text, line, st->count);
	step_done(r, rc == 0, what, rc == 0 ? "raised" : "no such line",
	          "raised");
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
	bufs_free(&b);
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
 * partition behind the step's service (else of any partition), from the
 * build's partition memory table.
 */
static void *secure_address(struct runner *r, const struct scn_step *st)
{
	const struct spm_partition_desc *part = NULL;
	const struct sim_memory_region *m;

	if (!st->target_is_handle)
		scn_find_service(r->o->table, st->target.text, &part);
	for (m = spmsim_memory_table; m->partition; m++) {
		if (part && strcmp(m->partition, part->name) != 0)
			continue;
		if (m->data_end > m->data_start)
			return m->data_start;
		if (m->bss_end > m->bss_start)
			return m->bss_start;
	}
	return part ? secure_address(
	                      r, &(struct scn_step){.target_is_handle = true})
	            : NULL;
}

/** bad_vector: a call whose vectors break one of FF-M's rules. */
static psa_status_t fault_vector(struct runner *r, const struct scn_step *st,
                                 char *what, size_t size)
{
	static const char *const names[] = {"",
	                                    "null",
	                                    "out_of_range",
	                                    "overlapping",
	                                    "readonly_outvec",
	                                    "too_many"};
	static const uint8_t rodata[16] = {1};
	uint8_t *buf = xmalloc(64);
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
	case SCN_VEC_OVERLAPPING:
		in[0].len = 16;
		out[0].base = buf + 8;
		n_out = 1;
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
	free(buf);
	snprintf(what, size, "bad_vector %s: %s", st->target.text,
	         names[st->vector]);
	return status;
}

/** pool_exhaustion: connections until one is refused, then all closed. */
static psa_status_t fault_pool(struct runner *r, const struct scn_step *st,
                               char *what, size_t size)
{
	size_t max = SPMSIM_MAX_CONNECTIONS + 1, n = 0, i;
	psa_handle_t *h = xmalloc(max * sizeof(*h));
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
	free(h);
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

static void do_fault(struct runner *r, const struct scn_step *st)
{
	const struct scn_fault_info *f = scn_fault_info(st->fault);
	char what[200];
	psa_status_t status;

	switch (st->fault) {
	case SCN_FAULT_NULL_HANDLE:
	case SCN_FAULT_INVALID_HANDLE:
		snprintf(what, sizeof(what), "%s: psa_call", f->name);
		status = fault_call(r, st,
		                    st->fault == SCN_FAULT_NULL_HANDLE
		                            ? PSA_NULL_HANDLE
		                            : INVALID_HANDLE);
		break;
	case SCN_FAULT_CLOSED_HANDLE:
	case SCN_FAULT_STALE_HANDLE:
		status = fault_old_handle(r, st, what, sizeof(what));
		break;
	case SCN_FAULT_BAD_VECTOR:
		status = fault_vector(r, st, what, sizeof(what));
		break;
	case SCN_FAULT_POOL_EXHAUSTION:
		status = fault_pool(r, st, what, sizeof(what));
		break;
	case SCN_FAULT_INTERRUPT_STORM:
		status = fault_storm(r, st, what, sizeof(what));
		break;
	default:
		/* scn_check refused it: this build lacks what it needs. */
		snprintf(what, sizeof(what), "%s: not available", f->name);
		step_done(r, false, what, "not run", "a build with it");
		return;
	}
	judge_status(r, &st->expect, f->status, status, what);
}

/** Plays one step. */
static void play_step(struct runner *r, const struct scn_step *st)
{
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
		step_done(r, true, "reset the system", "resetting", "");
		break;
	case SCN_STEP_FAULT:
		do_fault(r, st);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------- the player */

/** Raises the planned interrupts due before the next step. */
static void fire_plans(struct runner *r)
{
	uint32_t line = 0, i;
	size_t k;

	for (k = 0; k < r->s->n_irqs; k++) {
		const struct scn_irq_plan *q = &r->s->irqs[k];

		if (r->plan_fired[k] || q->after_entries ||
		    q->after_steps != r->r->steps)
			continue;
		r->plan_fired[k] = true;
		scn_find_irq(r->o->table, q->irq.text, &line);
		for (i = 0; i < q->count; i++)
			spmsim_irq_raise(line);
		say(r,
		    "  %-10s raise %s (line %" PRIu32 ") x%" PRIu32
		    " after %" PRIu32 " steps\n",
		    "(plan)", q->irq.text, line, q->count, q->after_steps);
	}
}

/** The non-secure side: steps until done or a reset is wanted. */
static void play(void *arg)
{
	struct runner *r = arg;
	const struct scn_step *st;

	while (!r->want_reset) {
		fire_plans(r);
		st = next_step(r);
		if (st == NULL) {
			r->finished = true;
			return;
		}
		r->cur = st;
		play_step(r, st);
		r->cur = NULL;
		r->r->steps++;
	}
}

/** The last panic in a line, for messages. */
static void panic_text(char *buf, size_t size)
{
	struct spmsim_panic p;

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
	             scn_fault_info(st->fault)->default_reset);
	char got[300], pt[256];

	panic_text(pt, sizeof(pt));
	snprintf(got, sizeof(got), "%s (%s)", spmsim_exit_name(ex), pt);
	r->cur_quiet = false;
	step_done(r, want, "step cut short", got, "its result");
	r->cur = NULL;
	r->r->steps++;
}

/** Runs the non-secure side until every step is played; the exit code. */
static int play_all(struct runner *r)
{
	enum spmsim_exit ex;
	unsigned idle = 0;

	while (!r->finished && idle < 3) {
		uint64_t before = r->r->steps;

		ex = spmsim_run_ns(play, r);
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
		if (r->want_reset) {
			r->want_reset = false;
			if (spmsim_reset() != PSA_SUCCESS) {
				note_failure(r, "reset failed: %s",
				             spmsim_error());
				return 2;
			}
		}
		idle = r->r->steps == before ? idle + 1 : 0;
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
	     (!p->fault.access || strcmp(p->fault.access, e->fault_access))))
		end_fail(r,
		         "the fault was a %s at '%s', not the one expected "
		         "at line %u",
		         p->fault.access ? p->fault.access : "?",
		         p->fault.region ? p->fault.region : "?",
		         e->fault_loc.line);
}

/** Checks the expected end: panics, faults, resets, interrupts. */
static void check_end(struct runner *r)
{
	const struct scn_end *e = &r->s->end;
	struct spmsim_counters c;
	struct spmsim_irq_stats q;
	struct spmsim_panic p;
	bool any = spmsim_last_panic(&p);
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
		panic_text(pt, sizeof(pt));
		end_fail(r, "an unexpected %s", pt);
	}
	if (e->resets >= 0 && (int64_t)c.resets != e->resets)
		end_fail(r, "%" PRIu64 " resets, expected %" PRId64, c.resets,
		         e->resets);
	if (e->irqs_taken >= 0 && (int64_t)q.taken < e->irqs_taken)
		end_fail(r,
		         "%" PRIu64 " interrupts taken, expected at least "
		         "%" PRId64,
		         q.taken, e->irqs_taken);
	for (k = 0; k < r->s->n_irqs; k++)
		if (!r->plan_fired[k])
			end_fail(r,
			         "the interrupt of line %u was never raised: "
			         "only %" PRIu64 " steps were played",
			         r->s->irqs[k].loc.line, r->r->steps);
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
		     scn_fault_info(st[i].fault)->default_reset))
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
	char line[512];

	if (ev->kind != SPMSIM_TRACE_MARK && !r->cur_quiet &&
	    spmsim_trace_format(ev, line, sizeof(line)) > 0)
		fprintf(r->o->timeline, "             | %s\n", line);
}

static psa_status_t boot(const struct scenario *s, const struct scn_run_opts *o)
{
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
	};

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
		      " steps failed, %u end expectations failed\n",
		      r->s->name, scn_backend_name(r->o->backend), r->o->level,
		      res->failed_steps, res->steps, res->failed_end);
	else
		shout(r,
		      "PASS %s [%s, level %u]: %" PRIu64 " steps, %" PRIu64
		      " resets\n",
		      r->s->name, scn_backend_name(r->o->backend), r->o->level,
		      res->steps, res->resets);
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
		say(&r, "scenario %s [%s, level %u, seed %" PRIu64 "]\n",
		    s->name, scn_backend_name(o->backend), o->level, o->seed);
		if (boot(s, o) != PSA_SUCCESS) {
			snprintf(res->first_failure, sizeof(res->first_failure),
			         "boot failed: %s", spmsim_error());
			rc = 2;
		} else {
			rc = play_all(&r);
			if (rc == 0)
				check_end(&r);
			spmsim_shutdown();
		}
		if (o->timeline && !o->quiet)
			spmsim_trace_remove_sink(timeline_sink, &r);
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
