#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void manifest_model_init(struct manifest_model *m)
{
	memset(m, 0, sizeof(*m));
}

/** Frees what the platform record owns. */
static void platform_free(struct manifest_platform *pf)
{
	size_t i;

	for (i = 0; i < pf->n_irqs; i++)
		free(pf->irqs[i].name);
	free(pf->irqs);
	for (i = 0; i < pf->n_regions; i++)
		free(pf->regions[i].name);
	free(pf->regions);
}

void manifest_model_free(struct manifest_model *m)
{
	size_t i;

	platform_free(&m->platform);

	for (i = 0; i < m->n_parts; i++)
		manifest_partition_clear(&m->parts[i]);
	free(m->parts);
	for (i = 0; i < m->n_lists; i++)
		free(m->lists[i].description);
	free(m->lists);
	manifest_strlist_free(&m->files);
	manifest_model_init(m);
}

const char *manifest_model_add_file(struct manifest_model *m, const char *path)
{
	manifest_strlist_add(&m->files, path);
	return m->files.v[m->files.n - 1];
}

struct manifest_list *manifest_model_add_list(struct manifest_model *m)
{
	struct manifest_list *l;

	m->lists = manifest_grow(m->lists, &m->cap_lists, m->n_lists,
	                         sizeof(*m->lists));
	l = &m->lists[m->n_lists++];
	memset(l, 0, sizeof(*l));
	return l;
}

struct manifest_partition *
manifest_model_add_partition(struct manifest_model *m,
                             const struct manifest_partition *p)
{
	m->parts = manifest_grow(m->parts, &m->cap_parts, m->n_parts,
	                         sizeof(*m->parts));
	m->parts[m->n_parts] = *p;
	return &m->parts[m->n_parts++];
}

static void clear_services(struct manifest_partition *p)
{
	size_t i;

	for (i = 0; i < p->n_services; i++)
		free(p->services[i].name);
	free(p->services);
}

static void clear_irqs(struct manifest_partition *p)
{
	size_t i;

	for (i = 0; i < p->n_irqs; i++) {
		free(p->irqs[i].name);
		free(p->irqs[i].signal_name);
		free(p->irqs[i].source_name);
	}
	free(p->irqs);
}

static void clear_mmio_and_deps(struct manifest_partition *p)
{
	size_t i;

	for (i = 0; i < p->n_mmio; i++)
		free(p->mmio[i].name);
	free(p->mmio);
	for (i = 0; i < p->n_deps; i++)
		free(p->deps[i].name);
	free(p->deps);
}

void manifest_partition_clear(struct manifest_partition *p)
{
	free(p->manifest);
	free(p->header);
	free(p->entry_description);
	free(p->output_path);
	manifest_strlist_free(&p->libraries);
	manifest_strlist_free(&p->objects);
	manifest_strlist_free(&p->non_ffm);
	free(p->name);
	free(p->entry_point);
	free(p->entry_init);
	free(p->description);
	free(p->stack_size_expr);
	free(p->heap_size_expr);
	clear_services(p);
	clear_irqs(p);
	clear_mmio_and_deps(p);
	memset(p, 0, sizeof(*p));
}

/*
 * The partition's arrays grow one element at a time; each new element
 * starts zeroed, so the readers only set what the manifest says.
 */
struct manifest_service *manifest_add_service(struct manifest_partition *p)
{
	p->services = manifest_grow(p->services, &p->cap_services,
	                            p->n_services, sizeof(*p->services));
	memset(&p->services[p->n_services], 0, sizeof(*p->services));
	return &p->services[p->n_services++];
}

struct manifest_irq *manifest_add_irq(struct manifest_partition *p)
{
	p->irqs = manifest_grow(p->irqs, &p->cap_irqs, p->n_irqs,
	                        sizeof(*p->irqs));
	memset(&p->irqs[p->n_irqs], 0, sizeof(*p->irqs));
	return &p->irqs[p->n_irqs++];
}

struct manifest_mmio *manifest_add_mmio(struct manifest_partition *p)
{
	p->mmio = manifest_grow(p->mmio, &p->cap_mmio, p->n_mmio,
	                        sizeof(*p->mmio));
	memset(&p->mmio[p->n_mmio], 0, sizeof(*p->mmio));
	return &p->mmio[p->n_mmio++];
}

struct manifest_dep *manifest_add_dep(struct manifest_partition *p)
{
	p->deps = manifest_grow(p->deps, &p->cap_deps, p->n_deps,
	                        sizeof(*p->deps));
	memset(&p->deps[p->n_deps], 0, sizeof(*p->deps));
	return &p->deps[p->n_deps++];
}

void manifest_strlist_add(struct manifest_strlist *l, const char *s)
{
	l->v = manifest_grow(l->v, &l->cap, l->n, sizeof(*l->v));
	l->v[l->n++] = manifest_xstrdup(s);
}

bool manifest_strlist_has(const struct manifest_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; l && i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

void manifest_strlist_free(struct manifest_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

const char *manifest_partition_label(const struct manifest_partition *p)
{
	return p->name ? p->name : p->header;
}
