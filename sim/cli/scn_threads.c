/*
 * Playing a scenario's `threads`: each client is a non-secure thread (or a
 * mailbox client) of spmsim_run_ns_threads(), all at once.
 *
 * How it works: every thread walks its own steps (a frame per open
 * repeat) and judges each one itself; its timeline lines go into a text
 * buffer of its own, printed after each run in thread order, so the
 * timeline does not depend on the host's scheduling. Vectors live in one
 * buffer per thread allocated on the harness's thread (the SPM's
 * non-secure memory). A trace sink, called on the simulated core's thread
 * only, records every message a service receives and every reply, by the
 * client id the service sees; after the last run each thread's calls are
 * compared with what the services saw (scenarios/README.md says how). A
 * run that a reset or a panic ends is followed by another: a thread goes
 * on from the step after the one the reset cut, or plays that step again
 * when it did not expect the reset.
 */
#include "scn_threads.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "psa/client.h"
#include "scn_check.h"
#include "spmsim/spmsim.h"
#include "spmsim/trace.h"

#define MAX_DEPTH   (SCN_YAML_MAX_DEPTH + 2)
#define MAX_HANDLES 128u

_Static_assert(SCN_MAX_THREADS <= SPMSIM_NS_THREADS_MAX,
               "the scenario's threads fit a run");

/** A message: its SID and type. */
struct msg {
	uint32_t sid;
	int32_t type;
	/** Client side: a service must have seen it; it was matched. */
	bool must;
	bool matched;
};

struct msgs {
	struct msg *m;
	size_t n, cap;
};

struct frame {
	const struct scn_step *steps;
	size_t n, i;
	uint32_t left;
	bool first;
};

struct thread_run {
	const struct scn_client *c;
	const struct scn_run_opts *o;
	/** The id services see: its own, or the agent's mapping of it. */
	int32_t peer;
	struct frame f[MAX_DEPTH];
	size_t depth;
	struct {
		const char *name;
		psa_handle_t h;
		uint32_t sid;
	} handles[MAX_HANDLES];
	size_t n_handles;
	uint64_t rng;
	uint8_t *buf;
	size_t buf_size;
	/** A step a reset cut without its expecting one: played again. */
	const struct scn_step *again;
	bool done;
	/** The calls it made; the messages and replies services saw. */
	struct msgs calls, seen;
	uint64_t replies, cut_calls;
	uint64_t steps, failed;
	char first_failure[400];
	char *log;
	size_t log_len, log_cap;
};

struct threads {
	const struct scenario *s;
	const struct scn_run_opts *o;
	struct scn_result *res;
	struct thread_run *t;
	size_t n;
};

static void msgs_add(struct msgs *l, uint32_t sid, int32_t type, bool must)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->m = realloc(l->m, l->cap * sizeof(*l->m));
		if (l->m == NULL)
			abort();
	}
	l->m[l->n++] = (struct msg){sid, type, must, false};
}

/** Appends a line to the thread's own timeline text. */
static void log_line(struct thread_run *t, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void log_line(struct thread_run *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->log_cap - t->log_len < 512) {
		t->log_cap = t->log_cap ? t->log_cap * 2 : 4096;
		t->log = realloc(t->log, t->log_cap);
		if (t->log == NULL)
			abort();
	}
	va_start(ap, fmt);
	n = vsnprintf(t->log + t->log_len, t->log_cap - t->log_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->log_len += (size_t)n < t->log_cap - t->log_len
		                      ? (size_t)n
		                      : t->log_cap - t->log_len - 1;
}

/* ------------------------------------------------------------ the steps */

static const struct scn_step *next_step(struct thread_run *t, bool *quiet)
{
	const struct scn_step *st;
	struct frame *f;
	size_t i;

	if (t->again) {
		st = t->again;
		t->again = NULL;
		*quiet = false;
		return st;
	}
	while (t->depth > 0) {
		f = &t->f[t->depth - 1];
		if (f->i < f->n) {
			st = &f->steps[f->i++];
			if (st->kind == SCN_STEP_REPEAT &&
			    t->depth < MAX_DEPTH) {
				t->f[t->depth++] =
				        (struct frame){st->steps, st->n_steps,
				                       0, st->count - 1, true};
				continue;
			}
			*quiet = false;
			for (i = 0; i < t->depth; i++)
				*quiet = *quiet || !t->f[i].first;
			return st;
		}
		if (f->left > 0) {
			f->left--;
			f->i = 0;
			f->first = false;
			continue;
		}
		t->depth--;
	}
	return NULL;
}

static const char *status_text(int32_t status, char *buf, size_t size)
{
	const char *n = scn_status_name(status);

	if (n)
		return n;
	snprintf(buf, size, "%" PRId32, status);
	return buf;
}

/** Ends a step: its line, and the failure if any. */
static void step_done(struct thread_run *t, const struct scn_step *st,
                      bool quiet, bool ok, const char *what, const char *got,
                      const char *want)
{
	t->steps++;
	if (!ok) {
		t->failed++;
		if (t->first_failure[0] == '\0')
			snprintf(t->first_failure, sizeof(t->first_failure),
			         "line %u: %s: %s: got %s, expected %s",
			         st->loc.line, t->c->name.text, what, got,
			         want);
		log_line(t, "  %-10s %s -> %s  FAIL (expected %s, line %u)\n",
		         t->c->name.text, what, got, want, st->loc.line);
	} else if (!quiet) {
		log_line(t, "  %-10s %s -> %s\n", t->c->name.text, what, got);
	}
}

/**
 * Judges a call's @status. A call the end of the run cut (a reset, a
 * halt) passes when the step expects a reset; otherwise the step is
 * played again in the next run. True when the step is over.
 */
static bool judge(struct thread_run *t, const struct scn_step *st, bool quiet,
                  int32_t status, const char *what, bool outputs_ok,
                  const char *got_out, const char *want_out)
{
	int32_t want = st->expect.kind == SCN_EXPECT_STATUS ? st->expect.status
	                                                    : PSA_SUCCESS;
	char gb[24], wb[24];

	if (spmsim_ns_run_over() && status == PSA_ERROR_COMMUNICATION_FAILURE) {
		t->cut_calls++;
		if (st->expect.kind != SCN_EXPECT_RESET) {
			t->again = st;
			return false;
		}
		step_done(t, st, quiet, true, what, "cut short", "");
		return true;
	}
	if (st->expect.kind == SCN_EXPECT_RESET) {
		step_done(t, st, quiet, false, what,
		          status_text(status, gb, sizeof(gb)), "a reset");
	} else if (st->expect.kind != SCN_EXPECT_ANY && status != want) {
		step_done(t, st, quiet, false, what,
		          status_text(status, gb, sizeof(gb)),
		          status_text(want, wb, sizeof(wb)));
	} else if (!outputs_ok) {
		step_done(t, st, quiet, false, what, got_out, want_out);
	} else {
		step_done(t, st, quiet, true, what,
		          status_text(status, gb, sizeof(gb)), "");
	}
	return true;
}

static const struct spm_service_desc *service(struct thread_run *t,
                                              const char *name)
{
	return scn_find_service(t->o->table, name, NULL);
}

static size_t handle_find(struct thread_run *t, const char *name)
{
	size_t i;

	for (i = t->n_handles; i-- > 0;)
		if (strcmp(t->handles[i].name, name) == 0)
			return i;
	return MAX_HANDLES;
}

static void handle_set(struct thread_run *t, const char *name, psa_handle_t h,
                       uint32_t sid)
{
	size_t i = handle_find(t, name);

	if (i == MAX_HANDLES && t->n_handles < MAX_HANDLES)
		i = t->n_handles++;
	if (i < MAX_HANDLES) {
		t->handles[i].name = name;
		t->handles[i].h = h;
		t->handles[i].sid = sid;
	}
}

static bool do_version(struct thread_run *t, const struct scn_step *st,
                       bool quiet)
{
	uint32_t v = psa_version(service(t, st->target.text)->sid);
	char what[128], gb[24], wb[24];

	snprintf(what, sizeof(what), "psa_version(%s)", st->target.text);
	if (spmsim_ns_run_over() && v == PSA_VERSION_NONE)
		return judge(t, st, quiet, PSA_ERROR_COMMUNICATION_FAILURE,
		             what, true, "", "");
	snprintf(gb, sizeof(gb), "%" PRIu32, v);
	snprintf(wb, sizeof(wb), "%" PRIu32, (uint32_t)st->expect.status);
	step_done(t, st, quiet,
	          st->expect.kind != SCN_EXPECT_RESET &&
	                  (st->expect.kind != SCN_EXPECT_STATUS ||
	                   v == (uint32_t)st->expect.status),
	          what, gb,
	          st->expect.kind == SCN_EXPECT_RESET ? "a reset" : wb);
	return true;
}

static bool do_connect(struct thread_run *t, const struct scn_step *st,
                       bool quiet)
{
	const struct spm_service_desc *svc = service(t, st->target.text);
	uint32_t version = st->version ? st->version : svc->version;
	psa_handle_t h = psa_connect(svc->sid, version);
	char what[160];
	bool over;

	snprintf(what, sizeof(what), "psa_connect(%s, %" PRIu32 ")%s%s",
	         st->target.text, version, st->as.text ? " as " : "",
	         st->as.text ? st->as.text : "");
	over = judge(t, st, quiet, h > 0 ? PSA_SUCCESS : h, what, true, "", "");
	msgs_add(&t->calls, svc->sid, PSA_IPC_CONNECT, false);
	if (h > 0 && st->as.text)
		handle_set(t, st->as.text, h, svc->sid);
	return over;
}

static bool do_close(struct thread_run *t, const struct scn_step *st,
                     bool quiet)
{
	size_t i = handle_find(t, st->target.text);
	char what[128];

	psa_close(i < MAX_HANDLES ? t->handles[i].h : PSA_NULL_HANDLE);
	if (i < MAX_HANDLES)
		msgs_add(&t->calls, t->handles[i].sid, PSA_IPC_DISCONNECT,
		         false);
	snprintf(what, sizeof(what), "psa_close(%s)", st->target.text);
	step_done(t, st, quiet, st->expect.kind != SCN_EXPECT_RESET, what,
	          "returned",
	          st->expect.kind == SCN_EXPECT_RESET ? "a reset" : "");
	return true;
}

/** Lays the step's vectors out in the thread's buffer. */
static void vectors(struct thread_run *t, const struct scn_step *st,
                    psa_invec *in, psa_outvec *out)
{
	uint8_t *p = t->buf;
	size_t i, j;

	for (i = 0; i < st->n_in; i++) {
		for (j = 0; j < st->in[i].len; j++) {
			if (st->in[i].kind != SCN_DATA_RANDOM)
				break;
			t->rng += 0x9E3779B97F4A7C15ull;
			p[j] = (uint8_t)((t->rng ^ (t->rng >> 31)) >> 24);
		}
		if (st->in[i].kind != SCN_DATA_RANDOM)
			memcpy(p, st->in[i].bytes, st->in[i].len);
		in[i] = (psa_invec){p, st->in[i].len};
		p += st->in[i].len;
	}
	for (i = 0; i < st->n_out; i++) {
		memset(p, 0, st->out[i]);
		out[i] = (psa_outvec){p, st->out[i]};
		p += st->out[i];
	}
}

/** Compares the outputs with expect_out; false with the bytes in @got. */
static bool outputs_ok(const struct scn_step *st, const psa_outvec *out,
                       char *got, char *want, size_t size)
{
	size_t i;

	for (i = 0; i < st->n_expect_out; i++) {
		const struct scn_data *e = &st->expect_out[i];

		if (e->kind == SCN_DATA_ANY ||
		    (out[i].len == e->len &&
		     (e->kind == SCN_DATA_SIZE ||
		      memcmp(out[i].base, e->bytes, e->len) == 0)))
			continue;
		snprintf(got, size, "output %zu: %zu other bytes", i,
		         out[i].len);
		snprintf(want, size, "%zu bytes as given", e->len);
		return false;
	}
	return true;
}

static bool do_call(struct thread_run *t, const struct scn_step *st, bool quiet)
{
	psa_invec in[SCN_MAX_IOVEC];
	psa_outvec out[SCN_MAX_IOVEC];
	size_t k = st->target_is_handle ? handle_find(t, st->target.text) : 0;
	const struct spm_service_desc *svc =
	        st->target_is_handle ? NULL : service(t, st->target.text);
	psa_handle_t h = svc               ? scn_stateless_handle(svc)
	                 : k < MAX_HANDLES ? t->handles[k].h
	                                   : PSA_NULL_HANDLE;
	uint32_t sid = svc ? svc->sid : k < MAX_HANDLES ? t->handles[k].sid : 0;
	char what[160], type[24], got[128] = "", want[128] = "";
	psa_status_t status;
	bool ok;

	vectors(t, st, in, out);
	status = psa_call(h, st->type, in, st->n_in, out, st->n_out);
	ok = status != PSA_SUCCESS ||
	     outputs_ok(st, out, got, want, sizeof(got));
	snprintf(type, sizeof(type), "%" PRId32, st->type);
	snprintf(what, sizeof(what), "psa_call(%s, %s)", st->target.text,
	         st->type_name ? st->type_name : type);
	/* A reply came from the service unless the SPM refused the call. */
	msgs_add(&t->calls, sid, st->type,
	         status != PSA_ERROR_PROGRAMMER_ERROR &&
	                 status != PSA_ERROR_COMMUNICATION_FAILURE);
	return judge(t, st, quiet, status, what, ok, got, want);
}

static bool do_raise(struct thread_run *t, const struct scn_step *st,
                     bool quiet)
{
	uint32_t line = 0, i;
	char what[128];

	scn_find_irq(t->o->table, st->target.text, &line);
	for (i = 0; i < st->count; i++)
		spmsim_irq_raise(line);
	snprintf(what, sizeof(what), "raise %s (line %" PRIu32 ") x%" PRIu32,
	         st->target.text, line, st->count);
	step_done(t, st, quiet, true, what, "raised", "");
	return true;
}

/** A thread of the run: its steps until done or the run is over. */
static void thread_main(void *arg)
{
	struct thread_run *t = arg;
	const struct scn_step *st;
	bool quiet, over = true;

	while (over && !spmsim_ns_run_over() &&
	       (st = next_step(t, &quiet)) != NULL) {
		switch (st->kind) {
		case SCN_STEP_VERSION:
			over = do_version(t, st, quiet);
			break;
		case SCN_STEP_CONNECT:
			over = do_connect(t, st, quiet);
			break;
		case SCN_STEP_CLOSE:
			over = do_close(t, st, quiet);
			break;
		case SCN_STEP_RAISE:
			over = do_raise(t, st, quiet);
			break;
		default:
			over = do_call(t, st, quiet);
			break;
		}
	}
	t->done = over && !spmsim_ns_run_over() && t->depth == 0 &&
	          t->again == NULL;
}

/* --------------------------------------------------- what services saw */

/** Records messages and replies by the client id the service sees. */
static void message_sink(const struct spmsim_trace_event *ev, void *arg)
{
	struct threads *th = arg;
	size_t i;

	if (ev->kind != SPMSIM_TRACE_SERVICE_BEGIN &&
	    ev->kind != SPMSIM_TRACE_SERVICE_END)
		return;
	for (i = 0; i < th->n; i++) {
		struct thread_run *t = &th->t[i];

		if (t->peer != ev->peer_id)
			continue;
		if (ev->kind == SPMSIM_TRACE_SERVICE_BEGIN)
			msgs_add(&t->seen, ev->sid, ev->type, false);
		else
			t->replies++;
	}
}

static void end_fail(struct threads *th, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void end_fail(struct threads *th, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	th->res->failed_end++;
	if (th->res->first_failure[0] == '\0')
		snprintf(th->res->first_failure, sizeof(th->res->first_failure),
		         "%s", text);
	if (th->o->timeline)
		fprintf(th->o->timeline, "  FAIL: %s\n", text);
}

static bool same(const struct msg *a, const struct msg *b)
{
	return a->sid == b->sid && a->type == b->type;
}

/** The first call of @t at or after @from that message @m matches. */
static size_t match_from(const struct thread_run *t, const struct msg *m,
                         size_t from)
{
	size_t i;

	for (i = from; i < t->calls.n; i++)
		if (same(&t->calls.m[i], m))
			return i;
	return SIZE_MAX;
}

/**
 * Walks the messages the services saw under @t's id along its calls, in
 * order: each message takes the next call it matches. A message no later
 * call matches came out of order (an earlier call skipped over matches
 * it) or twice; a call a service must have seen that no message took was
 * lost.
 */
static void check_messages(struct threads *th, struct thread_run *t)
{
	const struct scenario *s = th->s;
	size_t i, at = 0, k;
	bool order = false, dup = false;

	if (th->o->timeline && !th->o->quiet)
		fprintf(th->o->timeline,
		        "  %-10s %zu calls; the services received %zu "
		        "messages of client id %" PRId32 " and replied %" PRIu64
		        " times\n",
		        t->c->name.text, t->calls.n, t->seen.n, t->peer,
		        t->replies);
	for (i = 0; i < t->seen.n; i++) {
		k = match_from(t, &t->seen.m[i], at);
		if (k == SIZE_MAX && at >= 2 && !t->calls.m[at - 2].must &&
		    !t->calls.m[at - 2].matched &&
		    same(&t->calls.m[at - 2], &t->seen.m[i])) {
			t->calls.m[at - 2].matched = true;
			continue;
		}
		if (k == SIZE_MAX) {
			k = match_from(t, &t->seen.m[i], 0);
			order = order || (k < at && !t->calls.m[k].matched);
			dup = dup || k == SIZE_MAX || t->calls.m[k].matched;
			continue;
		}
		/*
		 * A call a reset cut is followed by the same call made
		 * again: a message takes the call made again, which must
		 * have been seen; a second one (the cut call had reached
		 * its service) takes the cut call, below.
		 */
		if (!t->calls.m[k].must && k + 1 < t->calls.n &&
		    t->calls.m[k + 1].must &&
		    same(&t->calls.m[k + 1], &t->seen.m[i]))
			k++;
		t->calls.m[k].matched = true;
		at = k + 1;
	}
	for (i = 0; i < t->calls.n; i++)
		if (t->calls.m[i].must && !t->calls.m[i].matched && !order &&
		    s->end.no_lost_or_duplicate)
			end_fail(th,
			         "%s: its call %zu (SID 0x%08" PRIx32
			         ", type %" PRId32 ") was answered but no "
			         "service received it (a lost message)",
			         t->c->name.text, i + 1, t->calls.m[i].sid,
			         t->calls.m[i].type);
	if (order && s->end.order_kept)
		end_fail(th,
		         "%s: the services received its messages out of its "
		         "order",
		         t->c->name.text);
	if (dup && s->end.no_lost_or_duplicate)
		end_fail(th,
		         "%s: a service received a message of it twice, or "
		         "one it never sent (%zu messages for %zu calls)",
		         t->c->name.text, t->seen.n, t->calls.n);
	if (s->end.replies_once &&
	    (t->replies > t->seen.n || t->seen.n - t->replies > t->cut_calls))
		end_fail(th,
		         "%s: the services received %zu messages of it and "
		         "replied %" PRIu64 " times (%" PRIu64
		         " calls cut by a reset)",
		         t->c->name.text, t->seen.n, t->replies, t->cut_calls);
}

/* ---------------------------------------------------------------- a run */

/** The bytes one step of @st (repeats included) lays out at most. */
static size_t step_bytes(const struct scn_step *st, size_t n)
{
	size_t i, j, most = 1, b;

	for (i = 0; i < n; i++) {
		b = st[i].kind == SCN_STEP_REPEAT
		            ? step_bytes(st[i].steps, st[i].n_steps)
		            : 0;
		for (j = 0; j < st[i].n_in; j++)
			b += st[i].in[j].len;
		for (j = 0; j < st[i].n_out; j++)
			b += st[i].out[j];
		most = b > most ? b : most;
	}
	return most;
}

static bool threads_init(struct threads *th)
{
	const struct spm_partition_desc *agent =
	        scn_mailbox_agent(th->o->table);
	size_t i;

	th->n = th->s->n_clients;
	th->t = calloc(th->n, sizeof(*th->t));
	if (th->t == NULL)
		return false;
	for (i = 0; i < th->n; i++) {
		struct thread_run *t = &th->t[i];
		const struct scn_client *c = &th->s->clients[i];

		t->c = c;
		t->o = th->o;
		t->peer = c->mailbox && agent
		                  ? agent->client_id_limit + 1 + c->client_id
		                  : c->client_id;
		t->f[0] = (struct frame){c->steps, c->n_steps, 0, 0, true};
		t->depth = 1;
		t->rng = th->o->seed ^ (0x9E3779B97F4A7C15ull * (i + 1));
		/* Allocated here: non-secure memory to the SPM. */
		t->buf_size = step_bytes(c->steps, c->n_steps);
		t->buf = malloc(t->buf_size);
		if (t->buf == NULL)
			return false;
	}
	return true;
}

static void threads_free(struct threads *th)
{
	size_t i;

	for (i = 0; th->t && i < th->n; i++) {
		free(th->t[i].buf);
		free(th->t[i].calls.m);
		free(th->t[i].seen.m);
		free(th->t[i].log);
	}
	free(th->t);
}

/** One spmsim_run_ns_threads() of the threads not done yet. */
static enum spmsim_exit run_once(struct threads *th)
{
	struct spmsim_ns_thread nt[SCN_MAX_THREADS];
	const struct scn_threads *cfg = &th->s->threads;
	struct spmsim_ns_run run = {
	        .threads = nt,
	        .order = cfg->order == SCN_ORDER_FREE ? SPMSIM_NS_ORDER_FREE
	                                              : SPMSIM_NS_ORDER_SEEDED,
	        .seed = cfg->has_seed ? cfg->seed : th->o->seed,
	        .mailbox_slots = cfg->mailbox_slots,
	};
	enum spmsim_exit e;
	size_t i;

	for (i = 0; i < th->n; i++)
		if (!th->t[i].done)
			nt[run.count++] = (struct spmsim_ns_thread){
			        .fn = thread_main,
			        .arg = &th->t[i],
			        .client_id = th->t[i].c->client_id,
			        .mailbox = th->t[i].c->mailbox,
			};
	e = spmsim_run_ns_threads(&run);
	for (i = 0; i < th->n; i++) {
		struct thread_run *t = &th->t[i];

		if (th->o->timeline && !th->o->quiet && t->log_len)
			fwrite(t->log, 1, t->log_len, th->o->timeline);
		else if (th->o->timeline && t->log_len &&
		         strstr(t->log, "FAIL"))
			fwrite(t->log, 1, t->log_len, th->o->timeline);
		t->log_len = 0;
	}
	if (e == SPMSIM_EXIT_RETURNED &&
	    run.mailbox.posted != run.mailbox.replied &&
	    th->s->end.replies_once)
		end_fail(th,
		         "the mailbox took %" PRIu64 " posts and gave %" PRIu64
		         " replies",
		         run.mailbox.posted, run.mailbox.replied);
	return e;
}

/** Whether every thread has played every step. */
static bool all_done(const struct threads *th)
{
	size_t i;

	for (i = 0; i < th->n; i++)
		if (!th->t[i].done)
			return false;
	return true;
}

/** Plays the runs; 0, or 2 when the harness refused to run. */
static int play_runs(struct threads *th)
{
	unsigned idle = 0;
	uint64_t before, after;
	enum spmsim_exit e;
	size_t i;

	while (!all_done(th) && idle < 3) {
		before = after = 0;
		for (i = 0; i < th->n; i++)
			before += th->t[i].steps;
		e = run_once(th);
		if (e == SPMSIM_EXIT_ERROR || e == SPMSIM_EXIT_NOT_BOOTED) {
			snprintf(th->res->first_failure,
			         sizeof(th->res->first_failure),
			         "the run stopped: %s", spmsim_error());
			return 2;
		}
		if (e != SPMSIM_EXIT_RETURNED && th->o->timeline &&
		    !th->o->quiet)
			fprintf(th->o->timeline, "  %-10s the run ended: %s\n",
			        "(system)", spmsim_exit_name(e));
		if (e == SPMSIM_EXIT_HALTED)
			break;
		for (i = 0; i < th->n; i++)
			after += th->t[i].steps;
		idle = after == before ? idle + 1 : 0;
	}
	if (!all_done(th))
		end_fail(th, "the runs ended with steps left to play");
	return 0;
}

int scn_threads_play(const struct scenario *s, const struct scn_run_opts *o,
                     struct scn_result *res)
{
	struct threads th = {s, o, res, NULL, 0};
	int rc = 2;
	size_t i;

	if (!threads_init(&th)) {
		snprintf(res->first_failure, sizeof(res->first_failure),
		         "out of memory for the threads");
	} else if (spmsim_trace_add_sink(message_sink, &th) != 0) {
		snprintf(res->first_failure, sizeof(res->first_failure),
		         "no trace sink left for the threads");
	} else {
		rc = play_runs(&th);
		spmsim_trace_remove_sink(message_sink, &th);
		for (i = 0; rc == 0 && i < th.n; i++)
			check_messages(&th, &th.t[i]);
	}
	for (i = 0; i < th.n; i++) {
		res->steps += th.t[i].steps;
		res->failed_steps += th.t[i].failed;
		if (res->first_failure[0] == '\0' && th.t[i].first_failure[0])
			snprintf(res->first_failure, sizeof(res->first_failure),
			         "%s", th.t[i].first_failure);
	}
	threads_free(&th);
	return rc;
}
