#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "partition.h"
#include "util.h"

/*
 * Duplicates are found by sorting (key, position) pairs, so a pathological
 * input with many thousands of services stays fast. Each key is a string or
 * a number; the first occurrence is the original, and every later one is
 * reported at its own place, in input order.
 */
struct dup_key {
	/** The key when it is a string; NULL for a numeric key. */
	const char *str;
	uint64_t num;
	size_t order;
	const struct ytree_loc *loc;
	/** Who owns the key, for messages: a name or a description. */
	const char *owner;
	/** Set when the later occurrence is reported, if not NULL. */
	bool *dup;
};

struct dup_set {
	struct dup_key *v;
	size_t n;
	size_t cap;
	/** What the keys are, for the generic message: "service name". */
	const char *noun;
};

struct dup_pair {
	const struct dup_key *first;
	const struct dup_key *again;
};

static struct dup_key *dup_add(struct dup_set *s, const char *str, uint64_t num,
                               const struct ytree_loc *loc)
{
	struct dup_key *k;

	s->v = manifest_grow(s->v, &s->cap, s->n, sizeof(*s->v));
	k = &s->v[s->n];
	memset(k, 0, sizeof(*k));
	k->str = str;
	k->num = num;
	k->order = s->n++;
	k->loc = loc;
	return k;
}

static int key_cmp(const void *a, const void *b)
{
	const struct dup_key *x = a, *y = b;
	int c;

	if (x->str && y->str)
		c = strcmp(x->str, y->str);
	else if (x->str || y->str)
		c = x->str ? 1 : -1;
	else
		c = x->num < y->num ? -1 : x->num > y->num;
	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int pair_cmp(const void *a, const void *b)
{
	const struct dup_pair *x = a, *y = b;

	return x->again->order < y->again->order
	               ? -1
	               : x->again->order > y->again->order;
}

static bool same_key(const struct dup_key *a, const struct dup_key *b)
{
	if (a->str && b->str)
		return strcmp(a->str, b->str) == 0;
	return !a->str && !b->str && a->num == b->num;
}

/** Sorts @s and returns its repeated keys in input order (caller frees). */
static struct dup_pair *dup_find(struct dup_set *s, size_t *n_pairs)
{
	struct dup_pair *pairs = manifest_xcalloc(s->n, sizeof(*pairs));
	size_t i, group = 0;

	manifest_sort(s->v, s->n, sizeof(*s->v), key_cmp);
	*n_pairs = 0;
	for (i = 1; i < s->n; i++) {
		if (!same_key(&s->v[i], &s->v[group])) {
			group = i;
			continue;
		}
		pairs[*n_pairs].first = &s->v[group];
		pairs[(*n_pairs)++].again = &s->v[i];
	}
	manifest_sort(pairs, *n_pairs, sizeof(*pairs), pair_cmp);
	return pairs;
}

typedef void (*dup_report_fn)(struct manifest_diag *d,
                              const struct dup_key *first,
                              const struct dup_key *again);

/** "duplicate <noun> 'x' (first at FILE:LINE)", for keys of @noun. */
static void report_plain(struct manifest_diag *d, const char *noun,
                         const struct dup_key *first,
                         const struct dup_key *again)
{
	if (again->str)
		manifest_diag_at(
		        d, again->loc, "duplicate %s '%s' (first at %s:%u)",
		        noun, again->str, first->loc->file, first->loc->line);
	else
		manifest_diag_at(d, again->loc,
		                 "duplicate %s %llu (first at %s:%u)", noun,
		                 (unsigned long long)again->num,
		                 first->loc->file, first->loc->line);
}

/**
 * Reports every repeated key of @s (with @fn, or the plain message) once
 * per owner, then empties @s.
 */
static void dup_check(struct dup_set *s, struct manifest_diag *d,
                      dup_report_fn fn)
{
	struct dup_pair *pairs;
	const struct dup_key *again;
	size_t n, i;

	pairs = dup_find(s, &n);
	for (i = 0; i < n && !manifest_diag_full(d); i++) {
		again = pairs[i].again;
		if (again->dup && *again->dup)
			continue;
		if (fn)
			fn(d, pairs[i].first, again);
		else
			report_plain(d, s->noun, pairs[i].first, again);
		if (again->dup)
			*again->dup = true;
	}
	free(pairs);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* ---- partition ids ------------------------------------------------------ */

static void check_pids(const struct manifest_model *m, struct manifest_diag *d)
{
	struct dup_set s = {.noun = "PID"};
	size_t i;

	for (i = 0; i < m->n_parts; i++)
		if (m->parts[i].pid_explicit)
			dup_add(&s, NULL, (uint64_t)m->parts[i].pid,
			        &m->parts[i].pid_loc);
	dup_check(&s, d, NULL);
}

/**
 * Gives each partition without a pid the next one after the highest
 * explicit pid (after 255 when there is none), in list order, as TF-M's
 * generator does: pid.h then holds the values TF-M's would.
 */
static void assign_pids(struct manifest_model *m)
{
	int32_t next = MANIFEST_FIRST_AUTO_PID;
	size_t i;

	for (i = 0; i < m->n_parts; i++)
		if (m->parts[i].pid_explicit && m->parts[i].pid >= next)
			next = m->parts[i].pid + 1;
	for (i = 0; i < m->n_parts; i++)
		if (!m->parts[i].pid_explicit)
			m->parts[i].pid = next++;
}

static void report_header(struct manifest_diag *d, const struct dup_key *first,
                          const struct dup_key *again)
{
	manifest_diag_at(d, again->loc,
	                 "duplicate manifest file name '%s': both would "
	                 "generate psa_manifest/%s.h (first at %s:%u)",
	                 again->str, again->str, first->loc->file,
	                 first->loc->line);
}

/** Each partition's header is named after its manifest file. */
static void check_headers(const struct manifest_model *m,
                          struct manifest_diag *d)
{
	struct dup_set s = {.noun = "manifest file name"};
	size_t i;

	for (i = 0; i < m->n_parts; i++)
		dup_add(&s, m->parts[i].header, 0, &m->parts[i].manifest_loc);
	dup_check(&s, d, report_header);
}

/* ---- names, SIDs, IRQ sources ------------------------------------------- */

static void check_partition_names(struct manifest_model *m,
                                  struct manifest_diag *d)
{
	struct dup_set s = {.noun = "partition name"};
	struct manifest_partition *p;
	size_t i;

	for (i = 0; i < m->n_parts; i++) {
		p = &m->parts[i];
		if (p->name)
			dup_add(&s, p->name, 0, &p->name_loc)->dup = &p->dup;
	}
	dup_check(&s, d, NULL);
}

static void check_service_names(struct manifest_model *m,
                                struct manifest_diag *d)
{
	struct dup_set s = {.noun = "service name"};
	struct manifest_service *svc;
	size_t i, j;

	for (i = 0; i < m->n_parts; i++) {
		for (j = 0; j < m->parts[i].n_services; j++) {
			svc = &m->parts[i].services[j];
			if (svc->name)
				dup_add(&s, svc->name, 0, &svc->name_loc)->dup =
				        &svc->dup;
		}
	}
	dup_check(&s, d, NULL);
}

static void report_sid(struct manifest_diag *d, const struct dup_key *first,
                       const struct dup_key *again)
{
	manifest_diag_at(d, again->loc,
	                 "duplicate SID 0x%08llX of service '%s' (service '%s' "
	                 "has it, at %s:%u)",
	                 (unsigned long long)again->num, again->owner,
	                 first->owner, first->loc->file, first->loc->line);
}

static void check_sids(const struct manifest_model *m, struct manifest_diag *d)
{
	struct dup_set s = {.noun = "SID"};
	const struct manifest_service *svc;
	size_t i, j;

	for (i = 0; i < m->n_parts; i++) {
		for (j = 0; j < m->parts[i].n_services; j++) {
			svc = &m->parts[i].services[j];
			/* 0 is never valid: its own error was reported. */
			if (svc->sid != 0)
				dup_add(&s, NULL, svc->sid, &svc->sid_loc)
				        ->owner = svc->name ? svc->name : "?";
		}
	}
	dup_check(&s, d, report_sid);
}

/** One interrupt line belongs to one IRQ of one partition. */
static void check_irq_sources(const struct manifest_model *m,
                              struct manifest_diag *d)
{
	struct dup_set s = {.noun = "IRQ source"};
	const struct manifest_irq *irq;
	size_t i, j;

	for (i = 0; i < m->n_parts; i++) {
		for (j = 0; j < m->parts[i].n_irqs; j++) {
			irq = &m->parts[i].irqs[j];
			if (irq->has_source)
				dup_add(&s, irq->source_name, irq->source,
				        &irq->source_loc);
		}
	}
	dup_check(&s, d, NULL);
}

/** IRQ names (1.1) or signals (1.0) name one IRQ of a partition. */
static void check_irq_names(struct manifest_partition *p,
                            struct manifest_diag *d)
{
	struct dup_set s = {0};
	struct manifest_irq *irq;
	size_t j;

	s.noun = p->ffm_version == SPM_FFM_VERSION_1_0 ? "IRQ signal"
	                                               : "IRQ name";
	for (j = 0; j < p->n_irqs; j++) {
		irq = &p->irqs[j];
		if (irq->signal_name)
			dup_add(&s, irq->name ? irq->name : irq->signal_name, 0,
			        &irq->name_loc)
			        ->dup = &irq->dup;
	}
	dup_check(&s, d, NULL);
}

/* ---- generated names ---------------------------------------------------- */

/*
 * Every partition header is included by load_table.c, and sid.h and pid.h
 * hold everyone's macros: a name generated twice (a service FOO and an IRQ
 * FOO both make FOO_SIGNAL) breaks the build, so it is reported here.
 */
struct sym_set {
	struct dup_set keys;
	char **owned;
	size_t n_owned;
	size_t cap_owned;
};

static const char *own(struct sym_set *s, char *str)
{
	s->owned = manifest_grow(s->owned, &s->cap_owned, s->n_owned,
	                         sizeof(*s->owned));
	s->owned[s->n_owned++] = str;
	return str;
}

/** Adds generated name @name (taken over), owned by @what (taken over). */
static void sym_add(struct sym_set *s, char *name, char *what,
                    const struct ytree_loc *loc, bool *dup)
{
	struct dup_key *k = dup_add(&s->keys, own(s, name), 0, loc);

	k->owner = own(s, what);
	k->dup = dup;
}

static void report_sym(struct manifest_diag *d, const struct dup_key *first,
                       const struct dup_key *again)
{
	manifest_diag_at(d, again->loc,
	                 "name '%s' (%s) collides with %s at %s:%u", again->str,
	                 again->owner, first->owner, first->loc->file,
	                 first->loc->line);
}

static void partition_syms(struct sym_set *s, struct manifest_partition *p)
{
	const char *entry =
	        p->model == SPM_MODEL_IPC ? p->entry_point : p->entry_init;
	const struct ytree_loc *entry_loc = p->model == SPM_MODEL_IPC
	                                            ? &p->entry_point_loc
	                                            : &p->entry_init_loc;

	if (p->name && !p->dup) {
		sym_add(s, manifest_xstrdup(p->name),
		        manifest_xasprintf("the PID macro of partition '%s'",
		                           p->name),
		        &p->name_loc, &p->dup);
		sym_add(s, manifest_xasprintf("%s_MODEL_IPC", p->name),
		        manifest_xasprintf("a model macro of partition '%s'",
		                           p->name),
		        &p->name_loc, &p->dup);
		sym_add(s, manifest_xasprintf("%s_MODEL_SFN", p->name),
		        manifest_xasprintf("a model macro of partition '%s'",
		                           p->name),
		        &p->name_loc, &p->dup);
	}
	if (entry)
		sym_add(s, manifest_xstrdup(entry),
		        manifest_xasprintf("the entry function of partition "
		                           "'%s'",
		                           manifest_partition_label(p)),
		        entry_loc, NULL);
}

/** "<name in lower case><suffix>": the name of a handler function. */
static char *function_name(const char *name, const char *suffix)
{
	char *lower = manifest_lower(name);
	char *fn = manifest_xasprintf("%s%s", lower, suffix);

	free(lower);
	return fn;
}

static void service_syms(struct sym_set *s, const struct manifest_partition *p,
                         struct manifest_service *svc)
{
	static const char *const macros[][2] = {
	        {"SIGNAL", "signal"},
	        {"SID", "SID macro"},
	        {"VERSION", "version macro"},
	        {"HANDLE", "handle macro"},
	};
	size_t i, n = svc->connection_based ? 3 : 4;

	for (i = 0; i < n; i++)
		sym_add(s, manifest_xasprintf("%s_%s", svc->name, macros[i][0]),
		        manifest_xasprintf("the %s of service '%s'",
		                           macros[i][1], svc->name),
		        &svc->name_loc, &svc->dup);
	if (p->model == SPM_MODEL_SFN)
		sym_add(s, function_name(svc->name, "_sfn"),
		        manifest_xasprintf("the function of service '%s'",
		                           svc->name),
		        &svc->name_loc, &svc->dup);
}

static void irq_syms(struct sym_set *s, struct manifest_irq *irq)
{
	const char *label = irq->name ? irq->name : irq->signal_name;

	sym_add(s, manifest_xstrdup(irq->signal_name),
	        manifest_xasprintf("the signal of IRQ '%s'", label),
	        &irq->name_loc, &irq->dup);
	if (irq->handling == SPM_IRQ_FLIH && irq->name)
		sym_add(s, function_name(irq->name, "_flih"),
		        manifest_xasprintf("the FLIH function of IRQ '%s'",
		                           label),
		        &irq->name_loc, &irq->dup);
}

static void check_symbols(struct manifest_model *m, struct manifest_diag *d)
{
	struct sym_set s = {{0}, NULL, 0, 0};
	struct manifest_partition *p;
	size_t i, j;

	for (i = 0; i < m->n_parts; i++) {
		p = &m->parts[i];
		partition_syms(&s, p);
		for (j = 0; j < p->n_services; j++)
			if (p->services[j].name && !p->services[j].dup)
				service_syms(&s, p, &p->services[j]);
		for (j = 0; j < p->n_irqs; j++)
			if (p->irqs[j].signal_name && !p->irqs[j].dup)
				irq_syms(&s, &p->irqs[j]);
	}
	dup_check(&s.keys, d, report_sym);
	for (i = 0; i < s.n_owned; i++)
		free(s.owned[i]);
	free(s.owned);
}

/* ---- stateless services ------------------------------------------------- */

static void report_handle(struct manifest_diag *d, const struct dup_key *first,
                          const struct dup_key *again)
{
	manifest_diag_at(d, again->loc,
	                 "stateless_handle %llu of service '%s' is already "
	                 "used by service '%s' at %s:%u",
	                 (unsigned long long)again->num, again->owner,
	                 first->owner, first->loc->file, first->loc->line);
}

static void check_stateless(const struct manifest_model *m,
                            struct manifest_diag *d)
{
	struct dup_set s = {.noun = "stateless_handle"};
	const struct manifest_service *svc;
	size_t i, j, count = 0;

	for (i = 0; i < m->n_parts; i++) {
		for (j = 0; j < m->parts[i].n_services; j++) {
			svc = &m->parts[i].services[j];
			if (svc->connection_based)
				continue;
			if (++count == MANIFEST_MAX_STATELESS + 1)
				manifest_diag_at(
				        d, &svc->loc,
				        "more than %u stateless services "
				        "(the handle has 5 bits of index): "
				        "service '%s' is number %zu",
				        MANIFEST_MAX_STATELESS,
				        svc->name ? svc->name : "?", count);
			if (svc->stateless_handle != 0)
				dup_add(&s, NULL, svc->stateless_handle,
				        &svc->handle_loc)
				        ->owner = svc->name ? svc->name : "?";
		}
	}
	dup_check(&s, d, report_handle);
}

/** Explicit indices first, then "auto" ones take the lowest free index. */
static void assign_stateless(struct manifest_model *m)
{
	bool used[MANIFEST_MAX_STATELESS + 1] = {false};
	struct manifest_service *svc;
	uint32_t next = 1;
	size_t i, j;

	for (i = 0; i < m->n_parts; i++) {
		for (j = 0; j < m->parts[i].n_services; j++) {
			svc = &m->parts[i].services[j];
			svc->stateless_index = svc->stateless_handle;
			used[svc->stateless_handle] = true;
		}
	}
	for (i = 0; i < m->n_parts; i++) {
		for (j = 0; j < m->parts[i].n_services; j++) {
			svc = &m->parts[i].services[j];
			if (svc->connection_based || svc->stateless_index)
				continue;
			while (used[next])
				next++;
			MANIFEST_CHECK(next <= MANIFEST_MAX_STATELESS);
			used[next] = true;
			svc->stateless_index = next;
		}
	}
}

/* ---- dependencies ------------------------------------------------------- */

/** Which partition provides each service name, sorted by name. */
struct svc_ref {
	const char *name;
	size_t part;
};

struct dep_graph {
	const struct manifest_model *m;
	struct manifest_diag *d;
	struct svc_ref *refs;
	size_t n_refs;
	/** Depth-first search state per partition: 0 new, 1 open, 2 done. */
	unsigned char *state;
	size_t *path;
	size_t depth;
};

static int svc_ref_cmp(const void *a, const void *b)
{
	const struct svc_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->part < y->part ? -1 : x->part > y->part;
}

static void graph_init(struct dep_graph *g, const struct manifest_model *m,
                       struct manifest_diag *d)
{
	size_t i, j, n = 0;

	memset(g, 0, sizeof(*g));
	g->m = m;
	g->d = d;
	for (i = 0; i < m->n_parts; i++)
		n += m->parts[i].n_services;
	g->refs = manifest_xcalloc(n, sizeof(*g->refs));
	for (i = 0; i < m->n_parts; i++) {
		for (j = 0; j < m->parts[i].n_services; j++) {
			if (m->parts[i].services[j].name == NULL)
				continue;
			g->refs[g->n_refs].name = m->parts[i].services[j].name;
			g->refs[g->n_refs++].part = i;
		}
	}
	manifest_sort(g->refs, g->n_refs, sizeof(*g->refs), svc_ref_cmp);
	g->state = manifest_xcalloc(m->n_parts, sizeof(*g->state));
	g->path = manifest_xcalloc(m->n_parts, sizeof(*g->path));
}

static void graph_free(struct dep_graph *g)
{
	free(g->refs);
	free(g->state);
	free(g->path);
}

/** The partition providing service @name (the first one), or -1. */
static long provider(const struct dep_graph *g, const char *name)
{
	size_t lo = 0, hi = g->n_refs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(g->refs[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < g->n_refs && strcmp(g->refs[lo].name, name) == 0)
		return (long)g->refs[lo].part;
	return -1;
}

static void check_dep_names(const struct dep_graph *g,
                            const struct manifest_partition *p)
{
	struct dup_set s = {.noun = "dependency"};
	size_t j;

	for (j = 0; j < p->n_deps && !manifest_diag_full(g->d); j++) {
		if (provider(g, p->deps[j].name) < 0 && !p->deps[j].weak)
			manifest_diag_at(
			        g->d, &p->deps[j].loc,
			        "dependency '%s' is not a service of any "
			        "partition",
			        p->deps[j].name);
		dup_add(&s, p->deps[j].name, 0, &p->deps[j].loc);
	}
	dup_check(&s, g->d, NULL);
}

/** Reports the cycle that the dependency at @loc closes on partition @v. */
static void report_cycle(const struct dep_graph *g, size_t v,
                         const struct ytree_loc *loc)
{
	struct manifest_buf b = {0};
	size_t k = 0;

	while (g->path[k] != v)
		k++;
	for (; k < g->depth; k++)
		manifest_buf_printf(
		        &b, "%s -> ",
		        manifest_partition_label(&g->m->parts[g->path[k]]));
	manifest_buf_puts(&b, manifest_partition_label(&g->m->parts[v]));
	manifest_diag_at(g->d, loc,
	                 "circular dependency between partitions: %s", b.s);
	manifest_buf_free(&b);
}

/** True when a dependency before the @j-th of @p is on partition @v. */
static bool seen_edge(const struct dep_graph *g,
                      const struct manifest_partition *p, size_t j, long v)
{
	while (j-- > 0)
		if (provider(g, p->deps[j].name) == v)
			return true;
	return false;
}

/** Depth-first search from partition @u: a dependency on an open
 *  partition closes a cycle. */
static void visit(struct dep_graph *g, size_t u)
{
	const struct manifest_partition *p = &g->m->parts[u];
	long v;
	size_t j;

	g->state[u] = 1;
	g->path[g->depth++] = u;
	for (j = 0; j < p->n_deps; j++) {
		v = provider(g, p->deps[j].name);
		if (v < 0 || seen_edge(g, p, j, v))
			continue;
		if (g->state[v] == 1)
			report_cycle(g, (size_t)v, &p->deps[j].loc);
		else if (g->state[v] == 0)
			visit(g, (size_t)v);
	}
	g->depth--;
	g->state[u] = 2;
}

static void check_dependencies(const struct manifest_model *m,
                               struct manifest_diag *d)
{
	struct dep_graph g;
	size_t i;

	graph_init(&g, m, d);
	for (i = 0; i < m->n_parts; i++)
		check_dep_names(&g, &m->parts[i]);
	for (i = 0; i < m->n_parts; i++)
		if (g.state[i] == 0)
			visit(&g, i);
	graph_free(&g);
}

/* ---- backend, signals, the whole check ---------------------------------- */

/** The SFN backend has no thread per partition to run an IPC one in. */
static void check_backend(const struct manifest_model *m,
                          const struct manifest_options *opt,
                          struct manifest_diag *d)
{
	const struct manifest_partition *p;
	size_t i;

	if (opt->backend != MANIFEST_BACKEND_SFN)
		return;
	for (i = 0; i < m->n_parts; i++) {
		p = &m->parts[i];
		if (p->loaded && p->model == SPM_MODEL_IPC)
			manifest_diag_at(
			        d, &p->model_loc,
			        "partition '%s' uses the IPC model, "
			        "which the SFN backend cannot run; "
			        "CONFIG_TFM_SPM_BACKEND=IPC is required",
			        manifest_partition_label(p));
	}
}

static void recommend_backend(const struct manifest_model *m,
                              const struct manifest_options *opt,
                              struct manifest_diag *d)
{
	size_t i;

	if (opt->backend != MANIFEST_BACKEND_IPC || opt->isolation != 1)
		return;
	/* A dual-model partition runs under SFN as well. */
	for (i = 0; i < m->n_parts; i++)
		if (m->parts[i].model == SPM_MODEL_IPC && !m->parts[i].dual)
			return;
	manifest_diag_note(d, "no partition uses the IPC model and the "
	                      "isolation level is 1: the SFN backend is "
	                      "recommended (less memory, faster); set "
	                      "CONFIG_TFM_SPM_BACKEND=SFN");
}

/** Service signals from bit 4 up, IRQ signals from bit 31 down. */
static void assign_signals(struct manifest_model *m)
{
	struct manifest_partition *p;
	size_t i, j;

	for (i = 0; i < m->n_parts; i++) {
		p = &m->parts[i];
		MANIFEST_CHECK(p->n_services + p->n_irqs <=
		               MANIFEST_MAX_SIGNALS);
		for (j = 0; j < p->n_services; j++)
			p->services[j].signal = 1u << (j + 4);
		for (j = 0; j < p->n_irqs; j++)
			p->irqs[j].signal = 1u << (31 - j);
	}
}

/** Drops the weak dependencies no partition provides (TF-M leaves them
 *  out of the load info with #ifdef <NAME>_SID). */
static void drop_absent_weak(struct manifest_model *m)
{
	struct manifest_partition *p;
	struct dep_graph g;
	size_t i, j, k;

	graph_init(&g, m, NULL);
	for (i = 0; i < m->n_parts; i++) {
		p = &m->parts[i];
		for (j = k = 0; j < p->n_deps; j++) {
			if (p->deps[j].weak &&
			    provider(&g, p->deps[j].name) < 0)
				free(p->deps[j].name);
			else
				p->deps[k++] = p->deps[j];
		}
		p->n_deps = k;
	}
	graph_free(&g);
}

/*
 * TF-M accepts `mm_iovec: enable` at every level (its crypto partition has
 * it) but refuses PSA_FRAMEWORK_HAS_MM_IOVEC above level 1
 * (config/check_config.cmake): the services then run without MM-IOVEC.
 */
static void check_mm_iovec(const struct manifest_model *m,
                           const struct manifest_options *opt,
                           struct manifest_diag *d)
{
	const struct manifest_service *svc;
	size_t i, j;

	if (opt->isolation == 1)
		return;
	for (i = 0; i < m->n_parts; i++) {
		for (j = 0; j < m->parts[i].n_services; j++) {
			svc = &m->parts[i].services[j];
			if (svc->mm_iovec)
				manifest_diag_warn_at(
				        d, &svc->iovec_loc,
				        "service '%s': MM-IOVEC is not "
				        "available "
				        "at isolation level %u "
				        "(PSA_FRAMEWORK_HAS_MM_IOVEC is 0, as "
				        "in "
				        "TF-M): psa_map_invec/psa_map_outvec "
				        "panic, use psa_read/psa_write",
				        svc->name ? svc->name : "?",
				        opt->isolation);
		}
	}
}

/** The checks that need every file: names, SIDs, generated names... */
static void check_cross(struct manifest_model *m, struct manifest_diag *d)
{
	size_t i;

	check_partition_names(m, d);
	check_service_names(m, d);
	for (i = 0; i < m->n_parts; i++)
		check_irq_names(&m->parts[i], d);
	check_sids(m, d);
	check_irq_sources(m, d);
	check_symbols(m, d);
	check_stateless(m, d);
	check_dependencies(m, d);
}

void manifest_check(struct manifest_model *m,
                    const struct manifest_options *opt, struct manifest_diag *d)
{
	check_pids(m, d);
	assign_pids(m);
	check_headers(m, d);
	if (!m->incomplete)
		check_cross(m, d);
	check_backend(m, opt, d);
	if (manifest_diag_errors(d) != 0)
		return;
	check_mm_iovec(m, opt, d);
	drop_absent_weak(m);
	assign_stateless(m);
	assign_signals(m);
	recommend_backend(m, opt, d);
}
