/*
 * The project's platform file and the check of every platform name a
 * manifest uses (see platform.h for the file's form).
 *
 * How it works. The file is read like a manifest: an attribute table per
 * mapping, values checked as they are stored, each problem at its node.
 * Checks that span entries (duplicates, overlaps, clashes with the board's
 * built-in names) run once everything is read, and report the later entry
 * with the place of the one it clashes with. The names then resolve a
 * manifest's named IRQ sources and MMIO regions; the generated
 * sim_memory_table.c carries the project's entries to the simulator.
 */
#include "platform.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../sim/platform_names.h"
#include "attr.h"
#include "yaml_doc.h"

#define N_ATTRS(tab) (sizeof(tab) / sizeof((tab)[0]))

static const struct manifest_range line_range = {0, SIM_PLATFORM_IRQ_LINES - 1,
                                                 false};
static const struct manifest_range base_range = {
        SIM_PLATFORM_MMIO_FIRST, SIM_PLATFORM_MMIO_END - 1, true};
static const struct manifest_range size_range = {
        1, SIM_PLATFORM_MMIO_END - SIM_PLATFORM_MMIO_FIRST, true};

/* ---- reading ------------------------------------------------------------ */

static void on_region_name(const struct manifest_attr_ctx *ctx,
                           const char *subject, const struct ytree_node *key,
                           const struct ytree_node *val)
{
	struct manifest_platform_region *r = ctx->obj;

	(void)key;
	r->loc = val->loc;
	r->name = manifest_attr_ident(ctx, subject, val);
}

static void on_region_base(const struct manifest_attr_ctx *ctx,
                           const char *subject, const struct ytree_node *key,
                           const struct ytree_node *val)
{
	struct manifest_platform_region *r = ctx->obj;

	(void)key;
	r->base_loc = val->loc;
	if (!manifest_attr_u32(ctx, subject, val, &base_range, &r->base))
		r->size = 0;
}

static void on_region_size(const struct manifest_attr_ctx *ctx,
                           const char *subject, const struct ytree_node *key,
                           const struct ytree_node *val)
{
	struct manifest_platform_region *r = ctx->obj;

	(void)key;
	if (!manifest_attr_u32(ctx, subject, val, &size_range, &r->size))
		r->size = 0;
}

static const struct manifest_attr region_attrs[] = {
        {"name", MANIFEST_VALL, MANIFEST_VALL, on_region_name},
        {"base", MANIFEST_VALL, MANIFEST_VALL, on_region_base},
        {"size", MANIFEST_VALL, MANIFEST_VALL, on_region_size},
};

static void on_irq_name(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *key,
                        const struct ytree_node *val)
{
	struct manifest_platform_irq *q = ctx->obj;

	(void)key;
	q->loc = val->loc;
	q->name = manifest_attr_ident(ctx, subject, val);
}

static void on_irq_line(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *key,
                        const struct ytree_node *val)
{
	struct manifest_platform_irq *q = ctx->obj;

	(void)key;
	q->line_loc = val->loc;
	if (!manifest_attr_u32(ctx, subject, val, &line_range, &q->line))
		q->line = UINT32_MAX;
}

static const struct manifest_attr irq_attrs[] = {
        {"name", MANIFEST_VALL, MANIFEST_VALL, on_irq_name},
        {"line", MANIFEST_VALL, MANIFEST_VALL, on_irq_line},
};

/** Reads one region mapping; a region that is not whole is dropped. */
static void read_region(const struct manifest_attr_ctx *ctx,
                        struct manifest_platform *pf,
                        const struct ytree_node *map)
{
	struct manifest_platform_region r = {.loc = map->loc};
	struct manifest_attr_ctx sub = *ctx;

	sub.what = "platform MMIO region";
	sub.obj = &r;
	manifest_attr_walk(&sub, map, region_attrs, N_ATTRS(region_attrs));
	if (r.name == NULL || r.size == 0) {
		free(r.name);
		return;
	}
	if (r.size > SIM_PLATFORM_MMIO_END - r.base) {
		manifest_diag_at(ctx->diag, &r.base_loc,
		                 "platform MMIO region '%s' 0x%08X + 0x%X "
		                 "goes past the simulator's MMIO window "
		                 "(0x%08X-0x%08X)",
		                 r.name, (unsigned)r.base, (unsigned)r.size,
		                 SIM_PLATFORM_MMIO_FIRST,
		                 SIM_PLATFORM_MMIO_END - 1);
		free(r.name);
		return;
	}
	pf->regions = manifest_grow(pf->regions, &pf->cap_regions,
	                            pf->n_regions, sizeof(*pf->regions));
	pf->regions[pf->n_regions++] = r;
}

/** Reads one IRQ mapping; one that is not whole is dropped. */
static void read_irq(const struct manifest_attr_ctx *ctx,
                     struct manifest_platform *pf, const struct ytree_node *map)
{
	struct manifest_platform_irq q = {.loc = map->loc, .line = UINT32_MAX};
	struct manifest_attr_ctx sub = *ctx;

	sub.what = "platform IRQ";
	sub.obj = &q;
	manifest_attr_walk(&sub, map, irq_attrs, N_ATTRS(irq_attrs));
	if (q.name == NULL || q.line == UINT32_MAX) {
		free(q.name);
		return;
	}
	pf->irqs = manifest_grow(pf->irqs, &pf->cap_irqs, pf->n_irqs,
	                         sizeof(*pf->irqs));
	pf->irqs[pf->n_irqs++] = q;
}

/** Reads sequence @val of mappings, each with @read. */
static void read_items(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *key,
                       const struct ytree_node *val,
                       void (*read)(const struct manifest_attr_ctx *ctx,
                                    struct manifest_platform *pf,
                                    const struct ytree_node *map))
{
	char item[64];
	size_t i;

	if (!manifest_attr_seq(ctx, subject, val))
		return;
	manifest_attr_item_subject(item, sizeof(item), key->text);
	for (i = 0; i < val->n_kids && !manifest_diag_full(ctx->diag); i++)
		if (manifest_attr_map(ctx, item, val->kids[i]))
			read(ctx, ctx->obj, val->kids[i]);
}

static void on_regions(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *key,
                       const struct ytree_node *val)
{
	read_items(ctx, subject, key, val, read_region);
}

static void on_irqs(const struct manifest_attr_ctx *ctx, const char *subject,
                    const struct ytree_node *key, const struct ytree_node *val)
{
	read_items(ctx, subject, key, val, read_irq);
}

static const struct manifest_attr file_attrs[] = {
        {"mmio_regions", MANIFEST_VALL, 0, on_regions},
        {"irqs", MANIFEST_VALL, 0, on_irqs},
};

/* ---- checks within the file --------------------------------------------- */

static const struct sim_platform_irq *builtin_irq(const char *name)
{
	const struct sim_platform_irq *e = sim_platform_builtin_irqs;

	for (; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

static const struct sim_platform_region *builtin_region(const char *name)
{
	const struct sim_platform_region *e = sim_platform_builtin_regions;

	for (; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/** True when [@b1, +@s1) and [@b2, +@s2) share a byte. */
static bool overlap(uint32_t b1, uint32_t s1, uint32_t b2, uint32_t s2)
{
	return b1 < b2 + (uint64_t)s2 && b2 < b1 + (uint64_t)s1;
}

/** Region @i against the built-in ones and the user's before it. */
static void check_region(const struct manifest_platform *pf, size_t i,
                         struct manifest_diag *d)
{
	const struct manifest_platform_region *r = &pf->regions[i], *o;
	const struct sim_platform_region *e;

	if (builtin_region(r->name) != NULL) {
		manifest_diag_at(d, &r->loc,
		                 "platform MMIO region '%s' is a built-in "
		                 "name of the simulated board",
		                 r->name);
		return;
	}
	for (e = sim_platform_builtin_regions; e->name != NULL; e++)
		if (overlap(r->base, r->size, e->addr, e->size)) {
			manifest_diag_at(d, &r->base_loc,
			                 "platform MMIO region '%s' overlaps "
			                 "the board's '%s' (0x%08X + 0x%X)",
			                 r->name, e->name, (unsigned)e->addr,
			                 (unsigned)e->size);
			return;
		}
	for (o = pf->regions; o < r; o++) {
		if (strcmp(o->name, r->name) == 0)
			manifest_diag_at(d, &r->loc,
			                 "duplicate platform MMIO region '%s' "
			                 "(first at %s:%u:%u)",
			                 r->name, o->loc.file, o->loc.line,
			                 o->loc.col);
		else if (overlap(r->base, r->size, o->base, o->size))
			manifest_diag_at(d, &r->base_loc,
			                 "platform MMIO region '%s' overlaps "
			                 "'%s' (%s:%u:%u)",
			                 r->name, o->name, o->loc.file,
			                 o->loc.line, o->loc.col);
		else
			continue;
		return;
	}
}

/** The built-in IRQ on @line, or NULL. */
static const struct sim_platform_irq *builtin_line(uint32_t line)
{
	const struct sim_platform_irq *e = sim_platform_builtin_irqs;

	for (; e->name != NULL; e++)
		if (e->line == line)
			return e;
	return NULL;
}

/** IRQ @i against the built-in ones and the user's before it. */
static void check_irq(const struct manifest_platform *pf, size_t i,
                      struct manifest_diag *d)
{
	const struct manifest_platform_irq *q = &pf->irqs[i], *o;
	const struct sim_platform_irq *e = builtin_line(q->line);

	if (builtin_irq(q->name) != NULL) {
		manifest_diag_at(d, &q->loc,
		                 "platform IRQ '%s' is a built-in name of the "
		                 "simulated board",
		                 q->name);
		return;
	}
	if (e != NULL) {
		manifest_diag_at(d, &q->line_loc,
		                 "platform IRQ '%s': line %u is the board's "
		                 "'%s'",
		                 q->name, (unsigned)q->line, e->name);
		return;
	}
	for (o = pf->irqs; o < q; o++) {
		if (strcmp(o->name, q->name) == 0)
			manifest_diag_at(
			        d, &q->loc,
			        "duplicate platform IRQ '%s' (first at "
			        "%s:%u:%u)",
			        q->name, o->loc.file, o->loc.line, o->loc.col);
		else if (o->line == q->line)
			manifest_diag_at(
			        d, &q->line_loc,
			        "platform IRQ '%s': line %u is already "
			        "'%s' (%s:%u:%u)",
			        q->name, (unsigned)q->line, o->name,
			        o->loc.file, o->loc.line, o->loc.col);
		else
			continue;
		return;
	}
}

/** Refuses an unreadable file with a message that names it as what it is. */
static bool readable(const char *path, struct manifest_diag *diag)
{
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		manifest_diag_error(diag, "cannot read platform file '%s': %s",
		                    path, strerror(errno));
		return false;
	}
	fclose(f);
	return true;
}

void manifest_platform_load(struct manifest_model *m, const char *path,
                            struct manifest_diag *diag)
{
	struct manifest_platform *pf = &m->platform;
	struct manifest_strlist none = {0};
	struct manifest_attr_ctx ctx = {diag, 0,    &none, "platform file",
	                                pf,   false};
	struct ytree_node *root;
	size_t i;

	pf->file = manifest_model_add_file(m, path);
	root = readable(path, diag) ? manifest_yaml_load(pf->file, NULL, diag)
	                            : NULL;
	if (root == NULL) {
		pf->failed = true;
		return;
	}
	manifest_attr_walk(&ctx, root, file_attrs, N_ATTRS(file_attrs));
	ytree_free(root);
	for (i = 0; i < pf->n_regions; i++)
		check_region(pf, i, diag);
	for (i = 0; i < pf->n_irqs; i++)
		check_irq(pf, i, diag);
}

/* ---- the manifests' names ----------------------------------------------- */

static bool known_irq(const struct manifest_platform *pf, const char *name)
{
	for (size_t i = 0; i < pf->n_irqs; i++)
		if (strcmp(pf->irqs[i].name, name) == 0)
			return true;
	return builtin_irq(name) != NULL;
}

static bool known_region(const struct manifest_platform *pf, const char *name)
{
	for (size_t i = 0; i < pf->n_regions; i++)
		if (strcmp(pf->regions[i].name, name) == 0)
			return true;
	return builtin_region(name) != NULL;
}

/** "" or " or in platform file 'F'", for the messages below. */
static char *where_declared(const struct manifest_platform *pf)
{
	if (pf->file == NULL)
		return manifest_xstrdup(" (declare it in a platform file: "
		                        "--platform FILE)");
	return manifest_xasprintf(" nor in platform file '%s'", pf->file);
}

/** The line of IRQ source name @name, or UINT32_MAX when unknown. */
static uint32_t line_of(const struct manifest_platform *pf, const char *name)
{
	const struct sim_platform_irq *e = builtin_irq(name);

	for (size_t i = 0; e == NULL && i < pf->n_irqs; i++)
		if (strcmp(pf->irqs[i].name, name) == 0)
			return pf->irqs[i].line;
	return e != NULL ? e->line : UINT32_MAX;
}

/** The IRQ that takes line @line as a number, before @stop; or NULL. */
static const struct manifest_irq *numbered(const struct manifest_model *m,
                                           uint32_t line,
                                           const struct manifest_irq *stop)
{
	for (size_t i = 0; i < m->n_parts; i++)
		for (size_t j = 0; j < m->parts[i].n_irqs; j++) {
			const struct manifest_irq *q = &m->parts[i].irqs[j];

			if (q == stop)
				return NULL;
			if (q->has_source && q->source_name == NULL &&
			    q->source == line)
				return q;
		}
	return NULL;
}

/**
 * A named source and a numbered one on the same line (names against
 * names and numbers against numbers are the duplicate check's): reported
 * at the later one, as duplicates are.
 */
static void check_named_lines(const struct manifest_model *m,
                              struct manifest_diag *diag)
{
	for (size_t i = 0; i < m->n_parts; i++)
		for (size_t j = 0; j < m->parts[i].n_irqs; j++) {
			const struct manifest_irq *q = &m->parts[i].irqs[j], *o;
			uint32_t line;

			if (q->source_name == NULL)
				continue;
			line = line_of(&m->platform, q->source_name);
			o = line != UINT32_MAX ? numbered(m, line, NULL) : NULL;
			if (o == NULL)
				continue;
			if (numbered(m, line, q) == o)
				manifest_diag_at(
				        diag, &q->source_loc,
				        "duplicate IRQ source '%s' (line "
				        "%u, first at %s:%u)",
				        q->source_name, (unsigned)line,
				        o->source_loc.file, o->source_loc.line);
			else
				manifest_diag_at(
				        diag, &o->source_loc,
				        "duplicate IRQ source %u ('%s', "
				        "first at %s:%u)",
				        (unsigned)line, q->source_name,
				        q->source_loc.file, q->source_loc.line);
		}
}

void manifest_platform_check_names(const struct manifest_model *m,
                                   struct manifest_diag *diag)
{
	const struct manifest_platform *pf = &m->platform;
	char *where;

	if (pf->failed)
		return; /* its own error is reported */
	where = where_declared(pf);
	for (size_t i = 0; i < m->n_parts; i++) {
		const struct manifest_partition *p = &m->parts[i];

		for (size_t j = 0; j < p->n_irqs; j++)
			if (p->irqs[j].source_name != NULL &&
			    !known_irq(pf, p->irqs[j].source_name))
				manifest_diag_at(diag, &p->irqs[j].source_loc,
				                 "unknown platform interrupt "
				                 "'%s': not built in%s",
				                 p->irqs[j].source_name, where);
		for (size_t j = 0; j < p->n_mmio; j++)
			if (p->mmio[j].name != NULL &&
			    !known_region(pf, p->mmio[j].name))
				manifest_diag_at(diag, &p->mmio[j].name_loc,
				                 "unknown platform MMIO region "
				                 "'%s': not built in%s",
				                 p->mmio[j].name, where);
	}
	free(where);
	check_named_lines(m, diag);
}

/* ---- generation --------------------------------------------------------- */

void manifest_platform_gen(struct manifest_buf *b,
                           const struct manifest_model *m)
{
	const struct manifest_platform *pf = &m->platform;

	manifest_buf_puts(b,
	                  "\n/* The project's platform names (--platform). */\n"
	                  "const struct sim_platform_region "
	                  "spmsim_platform_regions[] = {\n");
	for (size_t i = 0; i < pf->n_regions; i++)
		manifest_buf_printf(b, "\t{\"%s\", 0x%08XU, 0x%XU},\n",
		                    pf->regions[i].name,
		                    (unsigned)pf->regions[i].base,
		                    (unsigned)pf->regions[i].size);
	manifest_buf_puts(b, "\t{0},\n};\n\nconst struct sim_platform_irq "
	                     "spmsim_platform_irqs[] = {\n");
	for (size_t i = 0; i < pf->n_irqs; i++)
		manifest_buf_printf(b, "\t{\"%s\", %uU},\n", pf->irqs[i].name,
		                    (unsigned)pf->irqs[i].line);
	manifest_buf_puts(b, "\t{0},\n};\n");
}
