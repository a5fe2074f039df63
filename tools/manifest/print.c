#include "print.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_COLS 10

/** Rows of cells, printed with every column as wide as its widest cell. */
struct table {
	size_t cols;
	char **cells;
	size_t n;
	size_t cap;
};

static void table_cell(struct table *t, char *cell)
{
	t->cells = manifest_grow(t->cells, &t->cap, t->n, sizeof(*t->cells));
	t->cells[t->n++] = cell;
}

/** Appends one row: the NULL-terminated heading strings. */
static void table_heading(struct table *t, const char *const *names)
{
	size_t i;

	for (i = 0; names[i]; i++)
		table_cell(t, manifest_xstrdup(names[i]));
	t->cols = i;
}

/** Appends the rows to @b with @indent, then frees the table. */
static void table_flush(struct manifest_buf *b, struct table *t,
                        const char *indent)
{
	size_t width[MAX_COLS] = {0}, i, col, len;

	MANIFEST_CHECK(t->cols <= MAX_COLS && t->n % t->cols == 0);
	for (i = 0; i < t->n; i++) {
		len = strlen(t->cells[i]);
		if (len > width[i % t->cols])
			width[i % t->cols] = len;
	}
	for (i = 0; i < t->n; i++) {
		col = i % t->cols;
		if (col == 0)
			manifest_buf_puts(b, indent);
		manifest_buf_puts(b, t->cells[i]);
		if (col + 1 == t->cols)
			manifest_buf_putc(b, '\n');
		else
			manifest_buf_printf(
			        b, "%*s",
			        (int)(width[col] - strlen(t->cells[i]) + 2),
			        "");
		free(t->cells[i]);
	}
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static const char *const type_names[] = {"PSA-ROT", "APPLICATION-ROT"};
static const char *const priority_names[] = {"HIGH", "NORMAL", "LOW"};

static char *hex(uint32_t v)
{
	return manifest_xasprintf("0x%08X", (unsigned)v);
}

static void summary(struct manifest_buf *b, const struct manifest_model *m)
{
	static const char *const head[] = {
	        "PID",  "NAME",  "TYPE", "PRIORITY", "MODEL",
	        "FF-M", "STACK", "HEAP", "MANIFEST", NULL};
	const struct manifest_partition *p;
	struct table t = {0};
	size_t i;

	table_heading(&t, head);
	for (i = 0; i < m->n_parts; i++) {
		p = &m->parts[i];
		table_cell(&t, manifest_xasprintf("%ld", (long)p->pid));
		table_cell(&t, manifest_xstrdup(p->name));
		table_cell(&t, manifest_xstrdup(type_names[p->type]));
		table_cell(&t, manifest_xstrdup(priority_names[p->priority]));
		table_cell(&t,
		           manifest_xstrdup(p->model == SPM_MODEL_IPC ? "IPC"
		                                                      : "SFN"));
		table_cell(&t, manifest_xstrdup(
		                       p->ffm_version == SPM_FFM_VERSION_1_0
		                               ? "1.0"
		                               : "1.1"));
		table_cell(&t, manifest_xasprintf("0x%X", p->stack_size));
		table_cell(&t, manifest_xasprintf("0x%X", p->heap_size));
		table_cell(&t, manifest_xstrdup(p->manifest));
	}
	table_flush(b, &t, "");
}

static char *handle_text(const struct manifest_service *s)
{
	if (s->connection_based)
		return manifest_xstrdup("-");
	return manifest_xasprintf("0x%08X (index %u)",
	                          (unsigned)(0x40000000u | (s->version << 8) |
	                                     (s->stateless_index - 1)),
	                          (unsigned)s->stateless_index);
}

static void services(struct manifest_buf *b, const struct manifest_partition *p)
{
	static const char *const head[] = {
	        "NAME",   "SID", "SIGNAL",           "VERSION",
	        "POLICY", "NS",  "STATELESS HANDLE", "MM-IOVEC",
	        NULL};
	const struct manifest_service *s;
	struct table t = {0};
	size_t i;

	manifest_buf_puts(b, p->n_services ? "  services:\n"
	                                   : "  services: none\n");
	if (p->n_services == 0)
		return;
	table_heading(&t, head);
	for (i = 0; i < p->n_services; i++) {
		s = &p->services[i];
		table_cell(&t, manifest_xstrdup(s->name));
		table_cell(&t, hex(s->sid));
		table_cell(&t, hex(s->signal));
		table_cell(&t, manifest_xasprintf("%u", (unsigned)s->version));
		table_cell(&t, manifest_xstrdup(
		                       s->version_policy ==
		                                       SPM_VERSION_POLICY_STRICT
		                               ? "STRICT"
		                               : "RELAXED"));
		table_cell(&t, manifest_xstrdup(s->non_secure_clients ? "yes"
		                                                      : "no"));
		table_cell(&t, handle_text(s));
		table_cell(&t, manifest_xstrdup(s->mm_iovec ? "enable"
		                                            : "disable"));
	}
	table_flush(b, &t, "    ");
}

static void irqs(struct manifest_buf *b, const struct manifest_partition *p)
{
	static const char *const head[] = {"SIGNAL", "VALUE", "SOURCE",
	                                   "HANDLING", NULL};
	const struct manifest_irq *irq;
	struct table t = {0};
	size_t i;

	manifest_buf_puts(b, p->n_irqs ? "  irqs:\n" : "  irqs: none\n");
	if (p->n_irqs == 0)
		return;
	table_heading(&t, head);
	for (i = 0; i < p->n_irqs; i++) {
		irq = &p->irqs[i];
		table_cell(&t, manifest_xstrdup(irq->signal_name));
		table_cell(&t, hex(irq->signal));
		table_cell(&t, irq->source_name
		                       ? manifest_xstrdup(irq->source_name)
		                       : manifest_xasprintf(
		                                 "%u", (unsigned)irq->source));
		table_cell(&t, manifest_xstrdup(irq->handling == SPM_IRQ_FLIH
		                                        ? "FLIH"
		                                        : "SLIH"));
	}
	table_flush(b, &t, "    ");
}

static void mmio(struct manifest_buf *b, const struct manifest_partition *p)
{
	static const char *const head[] = {"REGION", "SIZE", "PERMISSION",
	                                   NULL};
	const struct manifest_mmio *r;
	struct table t = {0};
	size_t i;

	manifest_buf_puts(b, p->n_mmio ? "  mmio:\n" : "  mmio: none\n");
	if (p->n_mmio == 0)
		return;
	table_heading(&t, head);
	for (i = 0; i < p->n_mmio; i++) {
		r = &p->mmio[i];
		table_cell(&t,
		           r->name ? manifest_xstrdup(r->name) : hex(r->base));
		table_cell(&t, r->name ? manifest_xstrdup("-")
		                       : manifest_xasprintf("0x%X", r->size));
		table_cell(&t,
		           manifest_xstrdup(r->permission == SPM_MMIO_READ_ONLY
		                                    ? "READ-ONLY"
		                                    : "READ-WRITE"));
	}
	table_flush(b, &t, "    ");
}

static void details(struct manifest_buf *b, const struct manifest_partition *p)
{
	size_t i;

	manifest_buf_printf(b, "\n%s (pid %ld), entry ", p->name, (long)p->pid);
	if (p->model == SPM_MODEL_IPC)
		manifest_buf_printf(b, "%s (IPC)\n", p->entry_point);
	else
		manifest_buf_printf(b, "%s (SFN)\n",
		                    p->entry_init ? p->entry_init : "none");
	services(b, p);
	irqs(b, p);
	mmio(b, p);
	manifest_buf_puts(b, "  dependencies:");
	for (i = 0; i < p->n_deps; i++)
		manifest_buf_printf(b, "%s %s", i ? "," : "", p->deps[i].name);
	manifest_buf_puts(b, p->n_deps ? "\n" : " none\n");
}

char *manifest_print_table(const struct manifest_model *m,
                           const struct manifest_options *opt)
{
	struct manifest_buf b = {0};
	size_t i;

	manifest_buf_printf(&b,
	                    "%zu secure partition%s, SPM backend %s, isolation "
	                    "level %u\n\n",
	                    m->n_parts, m->n_parts == 1 ? "" : "s",
	                    opt->backend == MANIFEST_BACKEND_IPC ? "IPC"
	                                                         : "SFN",
	                    opt->isolation);
	summary(&b, m);
	for (i = 0; i < m->n_parts; i++)
		details(&b, &m->parts[i]);
	return manifest_buf_take(&b);
}
