/*
 * How it works: every name a scenario uses is looked up in one backend's
 * load table at a time, by walking the steps (repeats included) of every
 * client, the interrupt plan and the expected end. The first name a table
 * lacks disqualifies that backend, and its message is kept; when no backend
 * is left, the message of the most complete table (IPC's, which has every
 * partition) is the one reported, unless the scenario pinned a backend.
 * Features the build lacks (secure clients, misbehaving services, page
 * protection...) are refused before names, at the step that needs them.
 */
#include "scn_check.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "spmsim/spmsim.h"

const struct spm_partition_desc *
scn_find_partition(const struct spm_load_table *t, const char *name)
{
	uint32_t i;

	for (i = 0; i < t->n_partitions; i++)
		if (strcmp(t->partitions[i].name, name) == 0)
			return &t->partitions[i];
	return NULL;
}

const struct spm_service_desc *
scn_find_service(const struct spm_load_table *t, const char *name,
                 const struct spm_partition_desc **part)
{
	uint32_t i, j;

	for (i = 0; i < t->n_partitions; i++)
		for (j = 0; j < t->partitions[i].n_services; j++)
			if (strcmp(t->partitions[i].services[j].name, name) ==
			    0) {
				if (part)
					*part = &t->partitions[i];
				return &t->partitions[i].services[j];
			}
	return NULL;
}

/** The line of IRQ @q. */
static uint32_t irq_line(const struct spm_irq_desc *q)
{
	return q->source_name ? spmsim_irq_line(q->source_name) : q->source;
}

/** True when @name is @q's source, signal, or signal without _SIGNAL. */
static bool irq_named(const struct spm_irq_desc *q, const char *name)
{
	size_t n = strlen(q->signal_name);

	if (q->source_name && strcmp(q->source_name, name) == 0)
		return true;
	if (strcmp(q->signal_name, name) == 0)
		return true;
	return n > 7 && strcmp(q->signal_name + n - 7, "_SIGNAL") == 0 &&
	       strlen(name) == n - 7 &&
	       strncmp(q->signal_name, name, n - 7) == 0;
}

bool scn_find_irq(const struct spm_load_table *t, const char *name,
                  uint32_t *line)
{
	unsigned long long num = ULLONG_MAX;
	uint32_t i, j;
	char *end;

	if (name[0] >= '0' && name[0] <= '9') {
		num = strtoull(name, &end, 0);
		if (*end)
			num = ULLONG_MAX;
	}
	for (i = 0; i < t->n_partitions; i++)
		for (j = 0; j < t->partitions[i].n_irqs; j++) {
			const struct spm_irq_desc *q =
			        &t->partitions[i].irqs[j];

			if (irq_named(q, name) || irq_line(q) == num) {
				*line = irq_line(q);
				return true;
			}
		}
	return false;
}

int32_t scn_stateless_handle(const struct spm_service_desc *svc)
{
	return conn_stateless_handle(svc->stateless_index, svc->version);
}

unsigned scn_levels(const struct scenario *s, unsigned backend)
{
	if (!(s->backends & backend))
		return 0;
	return backend == SCN_BACKEND_SFN ? s->levels & SCN_LEVEL(1)
	                                  : s->levels;
}

/* ----------------------------------------------------- one table's names */

/** The check of one backend's table; the first problem is kept in @d. */
struct pass {
	const struct spm_load_table *t;
	const char *backend;
	struct scn_diag *d;
	/** The table with every partition, to explain what this one lacks. */
	const struct spm_load_table *full;
};

static bool bad(struct pass *p, struct scn_loc l, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static bool bad(struct pass *p, struct scn_loc l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	scn_vfail(p->d, l.line, l.col, fmt, ap);
	va_end(ap);
	return false;
}

/** Checks that service @n exists (and is stateless when it must be). */
static bool need_service(struct pass *p, const struct scn_name *n,
                         bool stateless_only)
{
	const struct spm_partition_desc *part;
	const struct spm_service_desc *svc =
	        scn_find_service(p->t, n->text, &part);

	if (svc == NULL && p->full && scn_find_service(p->full, n->text, &part))
		return bad(
		        p, n->loc,
		        part->model == SPM_MODEL_IPC
		                ? "service '%.60s' belongs to %s, an IPC-model "
		                  "partition, which the SFN backend cannot run"
		                : "service '%.60s' of %s is not in this "
		                  "spmsim's SFN load table",
		        n->text, part->name);
	if (svc == NULL)
		return bad(p, n->loc, "unknown service '%.60s'", n->text);
	if (stateless_only && svc->connection_based)
		return bad(p, n->loc,
		           "service '%.60s' is connection-based: connect to "
		           "it with 'as:' and use the handle",
		           n->text);
	return true;
}

/** Checks that partition @n exists. */
static bool need_partition(struct pass *p, const struct scn_name *n)
{
	if (scn_find_partition(p->t, n->text) == NULL && p->full &&
	    scn_find_partition(p->full, n->text))
		return bad(p, n->loc,
		           "partition '%.60s' is an IPC-model partition, which "
		           "the SFN backend cannot run",
		           n->text);
	if (scn_find_partition(p->t, n->text) == NULL)
		return bad(p, n->loc, "unknown partition '%.60s'", n->text);
	return true;
}

/** Checks that some partition owns interrupt @n. */
static bool need_irq(struct pass *p, const struct scn_name *n)
{
	uint32_t line;

	if (!scn_find_irq(p->t, n->text, &line))
		return bad(p, n->loc,
		           "unknown interrupt '%.60s': no partition%s owns it",
		           n->text, p->backend);
	return true;
}

static bool check_steps(struct pass *p, const struct scn_step *st, size_t n);

/** A fault a misbehaving service acts out must name a fault-lab service. */
static bool need_lab_service(struct pass *p, const struct scn_step *st)
{
	const struct spm_partition_desc *part = NULL;
	bool lab = (scn_fault_info(st->fault)->needs & SCN_NEEDS_FAULTLAB) ||
	           (st->fault >= SCN_FAULT_STRAY_READ &&
	            st->fault <= SCN_FAULT_STRAY_JUMP);

	if (!lab || st->target.text == NULL)
		return true;
	scn_find_service(p->t, st->target.text, &part);
	if (part && strncmp(part->name, "SP_FAULT_LAB", 12) == 0)
		return true;
	return bad(p, st->target.loc,
	           "fault '%s' is acted out by a fault-lab service "
	           "(FAULT_LAB, FAULT_LAB_STATELESS or FAULT_LAB_SFN), not "
	           "'%.60s'",
	           scn_fault_info(st->fault)->name, st->target.text);
}

/**
 * An injection: its partition, and a call it counts that the partition's
 * model makes (an SFN-model partition never calls psa_wait, psa_get or
 * psa_reply: its service functions are called, and reply by returning).
 */
static bool check_inject(struct pass *p, const struct scn_step *st)
{
	const struct spm_partition_desc *part;
	const char *api = scn_inject_api(st);

	if (!need_partition(p, &st->into))
		return false;
	if (st->partition.text && !need_partition(p, &st->partition))
		return false;
	part = scn_find_partition(p->t, st->into.text);
	if (part->model != SPM_MODEL_SFN || api == NULL ||
	    (strcmp(api, "psa_wait") && strcmp(api, "psa_get") &&
	     strcmp(api, "psa_reply")))
		return true;
	return bad(p, st->at.text ? st->at.loc : st->fault_loc.loc,
	           "%s is an SFN-model partition%s: it never calls %s (its "
	           "service functions are called, and reply by returning), "
	           "so %s %s injection cannot strike it",
	           part->name, p->backend, api,
	           st->inject == SCN_INJECT_ERROR_STATUS ? "an" : "a",
	           scn_inject_name(st->inject));
}

static bool check_step(struct pass *p, const struct scn_step *st)
{
	switch (st->kind) {
	case SCN_STEP_VERSION:
	case SCN_STEP_CONNECT:
		if (st->as.text && scn_find_service(p->t, st->as.text, NULL))
			return bad(p, st->as.loc,
			           "handle name '%.60s' is also a service name",
			           st->as.text);
		return need_service(p, &st->target, false);
	case SCN_STEP_CALL:
		return st->target_is_handle ||
		       need_service(p, &st->target, true);
	case SCN_STEP_REPEAT:
		return check_steps(p, st->steps, st->n_steps);
	case SCN_STEP_RAISE:
		return need_irq(p, &st->target);
	case SCN_STEP_INJECT:
		return check_inject(p, st);
	case SCN_STEP_FAULT:
		if (st->target.text && !st->target_is_handle &&
		    !need_service(p, &st->target,
		                  st->fault == SCN_FAULT_BAD_VECTOR))
			return false;
		if (!need_lab_service(p, st))
			return false;
		if (st->partition.text && !need_partition(p, &st->partition))
			return false;
		return st->irq.text == NULL || need_irq(p, &st->irq);
	default:
		return true;
	}
}

static bool check_steps(struct pass *p, const struct scn_step *st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!check_step(p, &st[i]))
			return false;
	return true;
}

/** A secure client's steps: what the agent can make (no faults, raises). */
static bool agent_steps_ok(struct pass *p, const struct scn_step *st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (st[i].kind == SCN_STEP_REPEAT &&
		    !agent_steps_ok(p, st[i].steps, st[i].n_steps))
			return false;
		if (st[i].kind == SCN_STEP_FAULT ||
		    st[i].kind == SCN_STEP_RAISE ||
		    st[i].kind == SCN_STEP_INJECT)
			return bad(p, st[i].loc,
			           "a client from SP_AGENT makes version, "
			           "connect, call and close steps only");
	}
	return true;
}

static bool check_names(struct pass *p, const struct scenario *s)
{
	size_t i;

	for (i = 0; i < s->n_clients; i++) {
		const struct scn_client *c = &s->clients[i];

		if (c->from.text && !need_partition(p, &c->from))
			return false;
		if (c->from.text && strcmp(c->from.text, "SP_AGENT") != 0)
			return bad(p, c->from.loc,
			           "steps run from a secure partition through "
			           "SP_AGENT only, not '%.60s'",
			           c->from.text);
		if (c->from.text && !agent_steps_ok(p, c->steps, c->n_steps))
			return false;
		if (!check_steps(p, c->steps, c->n_steps))
			return false;
	}
	for (i = 0; i < s->n_irqs; i++)
		if (!need_irq(p, &s->irqs[i].irq))
			return false;
	if (s->end.fault_partition.text &&
	    !need_partition(p, &s->end.fault_partition))
		return false;
	return s->end.panic_partition.text == NULL ||
	       need_partition(p, &s->end.panic_partition);
}

/* --------------------------------------------------------------- features */

static const char *feature_name(unsigned need)
{
	if (need & SCN_NEEDS_AGENT)
		return "the secure agent partition (steps driven from a "
		       "secure partition)";
	if (need & SCN_NEEDS_FAULTLAB)
		return "the fault-lab partitions (misbehaving services)";
	if (need & SCN_NEEDS_PAGEPROT)
		return "page protection (stray accesses faulting by "
		       "isolation level)";
	if (need & SCN_NEEDS_HOOKS)
		return "the harness hooks (reset after N SPM entries, "
		       "watchdog)";
	return "file-backed storage";
}

static bool check_feature(struct scn_diag *d, const struct scn_build *b,
                          unsigned need, struct scn_loc l, const char *what)
{
	unsigned missing = need & ~b->features;

	if (missing == 0)
		return true;
	scn_fail(d, l.line, l.col, "%s needs %s, which this spmsim lacks", what,
	         feature_name(missing));
	return false;
}

/** What injection @i needs of the build. */
static unsigned inject_needs(enum scn_inject i)
{
	if (i >= SCN_INJECT_STRAY_READ && i <= SCN_INJECT_STRAY_JUMP)
		return SCN_NEEDS_PAGEPROT;
	return i == SCN_INJECT_SPIN || i == SCN_INJECT_RESET ? SCN_NEEDS_HOOKS
	                                                     : 0;
}

static bool features_steps(struct scn_diag *d, const struct scn_build *b,
                           const struct scn_step *st, size_t n)
{
	const struct scn_fault_info *f;
	char what[80];
	size_t i;

	for (i = 0; i < n; i++) {
		if (st[i].kind == SCN_STEP_REPEAT &&
		    !features_steps(d, b, st[i].steps, st[i].n_steps))
			return false;
		if (st[i].kind == SCN_STEP_INJECT &&
		    !check_feature(d, b, inject_needs(st[i].inject),
		                   st[i].fault_loc.loc, "this injection"))
			return false;
		if (st[i].kind != SCN_STEP_FAULT)
			continue;
		f = scn_fault_info(st[i].fault);
		snprintf(what, sizeof(what), "fault '%s'", f->name);
		if (!check_feature(d, b, f->needs, st[i].fault_loc.loc, what))
			return false;
	}
	return true;
}

static bool check_features(const struct scenario *s, const struct scn_build *b,
                           struct scn_diag *d)
{
	size_t i;

	if (s->storage.text && !check_feature(d, b, SCN_NEEDS_STORAGE,
	                                      s->storage.loc, "'storage'"))
		return false;
	for (i = 0; i < s->n_irqs; i++)
		if (s->irqs[i].after_entries &&
		    !check_feature(d, b, SCN_NEEDS_HOOKS, s->irqs[i].loc,
		                   "an interrupt after SPM entries"))
			return false;
	for (i = 0; i < s->n_clients; i++) {
		const struct scn_client *c = &s->clients[i];

		if (c->from.text &&
		    !check_feature(d, b, SCN_NEEDS_AGENT, c->from.loc,
		                   "a client 'from' a secure partition"))
			return false;
		if (!features_steps(d, b, c->steps, c->n_steps))
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------ lists */

/** Whether @real is one of spmsim's own lists that @b was built without. */
static bool is_left_out(const struct scn_build *b, const char *real)
{
	size_t i;

	for (i = 0; b->left_out && b->left_out[i]; i++)
		if (strcmp(real, b->left_out[i]) == 0)
			return true;
	return false;
}

/** The real path of @name, relative to the scenario; NULL if none. */
static char *list_path(const struct scenario *s, const struct scn_name *name)
{
	char path[PATH_MAX * 2];

	if (name->text[0] == '/')
		snprintf(path, sizeof(path), "%s", name->text);
	else
		snprintf(path, sizeof(path), "%s/%s", s->dir, name->text);
	return realpath(path, NULL);
}

/** Checks that list @name exists and is one spmsim was built with. */
static bool check_list(const struct scenario *s, const struct scn_build *b,
                       const struct scn_name *name, struct scn_diag *d)
{
	char *real = list_path(s, name);
	size_t i;
	bool found = false;

	if (real == NULL) {
		scn_fail(d, name->loc.line, name->loc.col,
		         "manifest list '%.200s' does not exist", name->text);
		return false;
	}
	for (i = 0; b->lists[i]; i++)
		found = found || strcmp(real, b->lists[i]) == 0;
	if (!found && is_left_out(b, real))
		scn_fail(d, name->loc.line, name->loc.col,
		         "manifest list '%.200s' is spmsim's own, which this "
		         "spmsim was built without (SPMSIM_SAMPLES=no)",
		         name->text);
	else if (!found)
		scn_fail(d, name->loc.line, name->loc.col,
		         "manifest list '%.200s' is not one this spmsim was "
		         "built with (%s); build it in with 'make "
		         "EXTRA_MANIFEST_LIST_FILES=%.200s'",
		         name->text, b->lists[0] ? b->lists[0] : "", real);
	free(real);
	return found;
}

static bool check_lists(const struct scenario *s, const struct scn_build *b,
                        struct scn_diag *d)
{
	size_t i;

	for (i = 0; i < s->n_lists; i++)
		if (!check_list(s, b, &s->lists[i], d))
			return false;
	return true;
}

/* ---------------------------------------------------------------- threads */

/** The mailbox agent of @t: a non-secure agent with a doorbell, or NULL. */
const struct spm_partition_desc *
scn_mailbox_agent(const struct spm_load_table *t)
{
	uint32_t i;

	for (i = 0; i < t->n_partitions; i++)
		if (t->partitions[i].ns_agent && t->partitions[i].n_irqs > 0)
			return &t->partitions[i];
	return NULL;
}

/**
 * Whether manifest path @man is in folder @dir (a real path), as the agent
 * is in its list's. A relative @man is relative to the folder the build
 * ran in, which spmsim does not know: then its folder must be how @dir
 * ends ("partitions/ns_agent_mailbox").
 */
static bool manifest_in(const char *man, const char *dir)
{
	const char *last = strrchr(man, '/');
	size_t n = strlen(dir), k = last ? (size_t)(last - man) : 0;

	if (last == NULL || k > n)
		return false;
	if (man[0] == '/')
		return k == n && strncmp(man, dir, n) == 0;
	return k < n && dir[n - k - 1] == '/' &&
	       strncmp(dir + n - k, man, k) == 0;
}

/** Whether one of the scenario's lists brought @agent in. */
static bool agent_listed(const struct scenario *s,
                         const struct spm_partition_desc *agent)
{
	bool found = false;
	size_t i;

	for (i = 0; agent->manifest && !found && i < s->n_lists; i++) {
		char *real = list_path(s, &s->lists[i]);
		char *slash = real ? strrchr(real, '/') : NULL;

		if (slash) {
			*slash = '\0';
			found = manifest_in(agent->manifest, real);
		}
		free(real);
	}
	return found;
}

/**
 * Mailbox clients need the mailbox agent, from one of the scenario's own
 * lists, and the IPC backend (the agent is an IPC-model partition, as in
 * TF-M); they take the SFN backend out of the scenario's runs.
 */
static bool check_mailbox(struct scenario *s, const struct scn_build *b,
                          struct scn_diag *d)
{
	const struct spm_partition_desc *agent = scn_mailbox_agent(b->ipc);
	const struct scn_client *c = NULL;
	size_t i;

	for (i = 0; c == NULL && i < s->n_clients; i++)
		c = s->clients[i].mailbox ? &s->clients[i] : NULL;
	if (c == NULL)
		return true;
	if (s->backend_pinned && !(s->backends & SCN_BACKEND_IPC)) {
		scn_fail(d, c->mailbox_loc.line, c->mailbox_loc.col,
		         "mailbox client '%.60s' needs the IPC backend (the "
		         "mailbox agent is an IPC-model partition), not SFN",
		         c->name.text);
		return false;
	}
	if (agent == NULL || !agent_listed(s, agent)) {
		scn_fail(d, c->mailbox_loc.line, c->mailbox_loc.col,
		         "mailbox client '%.60s' needs the mailbox agent "
		         "partition (an ns_agent with a doorbell interrupt): "
		         "name its manifest list in 'manifest_list'%s",
		         c->name.text,
		         agent ? "" : " and build it into spmsim");
		return false;
	}
	s->backends &= SCN_BACKEND_IPC;
	return true;
}

bool scn_check(struct scenario *s, const struct scn_build *b,
               struct scn_diag *d)
{
	struct scn_diag ipc_d = {d->file, false, 0, 0, ""};
	struct scn_diag sfn_d = ipc_d;
	struct pass ipc = {b->ipc, "", &ipc_d, NULL};
	struct pass sfn = {b->sfn, " under the SFN backend", &sfn_d, b->ipc};
	unsigned ok = 0;

	if (!check_lists(s, b, d) || !check_features(s, b, d) ||
	    !check_mailbox(s, b, d))
		return false;
	if ((s->backends & SCN_BACKEND_IPC) && check_names(&ipc, s))
		ok |= SCN_BACKEND_IPC;
	if (scn_levels(s, SCN_BACKEND_SFN) && check_names(&sfn, s))
		ok |= SCN_BACKEND_SFN;
	if (ok == 0) {
		*d = (s->backends & SCN_BACKEND_IPC) ? ipc_d : sfn_d;
		if (!d->failed)
			scn_fail(d, s->level_loc.line, s->level_loc.col,
			         "no backend runs these isolation levels");
		return false;
	}
	s->backends = ok;
	return true;
}
