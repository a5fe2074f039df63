#include "loadtab.h"

#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "util.h"

static const char *bool_text(bool b)
{
	return b ? "true" : "false";
}

static void string_field(struct manifest_buf *b, const char *field,
                         const char *value)
{
	manifest_buf_printf(b, "\t\t.%s = ", field);
	if (value)
		manifest_gen_c_string(b, value);
	else
		manifest_buf_puts(b, "NULL");
	manifest_buf_puts(b, ",\n");
}

static void service_desc(struct manifest_buf *b,
                         const struct manifest_partition *p,
                         const struct manifest_service *s)
{
	char *fn = manifest_lower(s->name);

	manifest_buf_puts(b, "\t{\n");
	string_field(b, "name", s->name);
	manifest_buf_printf(b, "\t\t.sid = 0x%08XU,\n", (unsigned)s->sid);
	manifest_buf_printf(b, "\t\t.signal = 0x%08XU,\n", (unsigned)s->signal);
	manifest_buf_printf(b, "\t\t.version = %uU,\n", (unsigned)s->version);
	manifest_buf_printf(b, "\t\t.version_policy = %s,\n",
	                    s->version_policy == SPM_VERSION_POLICY_STRICT
	                            ? "SPM_VERSION_POLICY_STRICT"
	                            : "SPM_VERSION_POLICY_RELAXED");
	manifest_buf_printf(b, "\t\t.non_secure_clients = %s,\n",
	                    bool_text(s->non_secure_clients));
	manifest_buf_printf(b, "\t\t.connection_based = %s,\n",
	                    bool_text(s->connection_based));
	manifest_buf_printf(b, "\t\t.mm_iovec = %s,\n", bool_text(s->mm_iovec));
	manifest_buf_printf(b, "\t\t.stateless_index = %uU,\n",
	                    (unsigned)s->stateless_index);
	if (p->model == SPM_MODEL_SFN)
		manifest_buf_printf(b, "\t\t.sfn = %s_sfn,\n", fn);
	else
		manifest_buf_puts(b, "\t\t.sfn = NULL,\n");
	manifest_buf_puts(b, "\t},\n");
	free(fn);
}

static void irq_desc(struct manifest_buf *b, const struct manifest_irq *irq)
{
	char *fn = irq->name ? manifest_lower(irq->name) : NULL;

	manifest_buf_puts(b, "\t{\n");
	string_field(b, "signal_name", irq->signal_name);
	string_field(b, "source_name", irq->source_name);
	manifest_buf_printf(b, "\t\t.source = %uU,\n", (unsigned)irq->source);
	manifest_buf_printf(b, "\t\t.signal = 0x%08XU,\n",
	                    (unsigned)irq->signal);
	if (irq->handling == SPM_IRQ_FLIH)
		manifest_buf_printf(b,
		                    "\t\t.handling = SPM_IRQ_FLIH,\n"
		                    "\t\t.flih = %s_flih,\n",
		                    fn);
	else
		manifest_buf_puts(b, "\t\t.handling = SPM_IRQ_SLIH,\n"
		                     "\t\t.flih = NULL,\n");
	manifest_buf_puts(b, "\t},\n");
	free(fn);
}

static void mmio_desc(struct manifest_buf *b, const struct manifest_mmio *r)
{
	manifest_buf_puts(b, "\t{\n");
	string_field(b, "name", r->name);
	manifest_buf_printf(b, "\t\t.base = 0x%08XU,\n", (unsigned)r->base);
	manifest_buf_printf(b, "\t\t.size = 0x%XU,\n", (unsigned)r->size);
	manifest_buf_printf(b, "\t\t.permission = %s,\n",
	                    r->permission == SPM_MMIO_READ_ONLY
	                            ? "SPM_MMIO_READ_ONLY"
	                            : "SPM_MMIO_READ_WRITE");
	manifest_buf_puts(b, "\t},\n");
}

/** The SID of service @name (checked to exist). */
static uint32_t sid_of(const struct manifest_model *m, const char *name)
{
	size_t i, j;

	for (i = 0; i < m->n_parts; i++)
		for (j = 0; j < m->parts[i].n_services; j++)
			if (strcmp(m->parts[i].services[j].name, name) == 0)
				return m->parts[i].services[j].sid;
	MANIFEST_CHECK(!"dependency on an unknown service");
	return 0;
}

static void array_open(struct manifest_buf *b, const char *type,
                       const char *what, size_t i)
{
	manifest_buf_printf(b, "static const %s spm_lt_%s_%zu[] = {\n", type,
	                    what, i);
}

/** The arrays partition @i points to; empty ones are left out (C99). */
static void partition_arrays(struct manifest_buf *b,
                             const struct manifest_model *m, size_t i)
{
	const struct manifest_partition *p = &m->parts[i];
	size_t j;

	manifest_buf_printf(b, "/* Partition %s. */\n\n", p->name);
	if (p->n_services)
		array_open(b, "struct spm_service_desc", "services", i);
	for (j = 0; j < p->n_services; j++)
		service_desc(b, p, &p->services[j]);
	if (p->n_services)
		manifest_buf_puts(b, "};\n\n");
	if (p->n_irqs)
		array_open(b, "struct spm_irq_desc", "irqs", i);
	for (j = 0; j < p->n_irqs; j++)
		irq_desc(b, &p->irqs[j]);
	if (p->n_irqs)
		manifest_buf_puts(b, "};\n\n");
	if (p->n_mmio)
		array_open(b, "struct spm_mmio_desc", "mmio", i);
	for (j = 0; j < p->n_mmio; j++)
		mmio_desc(b, &p->mmio[j]);
	if (p->n_mmio)
		manifest_buf_puts(b, "};\n\n");
	if (p->n_deps)
		array_open(b, "uint32_t", "deps", i);
	for (j = 0; j < p->n_deps; j++)
		manifest_buf_printf(b, "\t0x%08XU, /* %s */\n",
		                    (unsigned)sid_of(m, p->deps[j].name),
		                    p->deps[j].name);
	if (p->n_deps)
		manifest_buf_puts(b, "};\n\n");
}

/** ".field = spm_lt_<what>_<i>, .n_field = N," or NULL and 0. */
static void array_fields(struct manifest_buf *b, const char *field,
                         const char *count, const char *what, size_t i,
                         size_t n)
{
	if (n)
		manifest_buf_printf(b, "\t\t.%s = spm_lt_%s_%zu,\n", field,
		                    what, i);
	else
		manifest_buf_printf(b, "\t\t.%s = NULL,\n", field);
	manifest_buf_printf(b, "\t\t.%s = %zuU,\n", count, n);
}

static const char *const type_enums[] = {"SPM_PARTITION_PSA_ROT",
                                         "SPM_PARTITION_APPLICATION_ROT"};
static const char *const priority_enums[] = {
        "SPM_PRIORITY_HIGH", "SPM_PRIORITY_NORMAL", "SPM_PRIORITY_LOW"};

static void partition_desc(struct manifest_buf *b,
                           const struct manifest_partition *p, size_t i)
{
	bool ipc = p->model == SPM_MODEL_IPC;

	manifest_buf_puts(b, "\t{\n");
	string_field(b, "name", p->name);
	manifest_buf_printf(b, "\t\t.pid = %ld,\n", (long)p->pid);
	manifest_buf_printf(b, "\t\t.ffm_version = %s,\n",
	                    p->ffm_version == SPM_FFM_VERSION_1_0
	                            ? "SPM_FFM_VERSION_1_0"
	                            : "SPM_FFM_VERSION_1_1");
	manifest_buf_printf(b, "\t\t.type = %s,\n", type_enums[p->type]);
	manifest_buf_printf(b, "\t\t.priority = %s,\n",
	                    priority_enums[p->priority]);
	manifest_buf_printf(b, "\t\t.model = %s,\n",
	                    ipc ? "SPM_MODEL_IPC" : "SPM_MODEL_SFN");
	manifest_buf_printf(b, "\t\t.entry_point = %s,\n",
	                    ipc ? p->entry_point : "NULL");
	manifest_buf_printf(b, "\t\t.entry_init = %s,\n",
	                    !ipc && p->entry_init ? p->entry_init : "NULL");
	manifest_buf_printf(b, "\t\t.stack_size = 0x%XU,\n",
	                    (unsigned)p->stack_size);
	manifest_buf_printf(b, "\t\t.heap_size = 0x%XU,\n",
	                    (unsigned)p->heap_size);
	array_fields(b, "services", "n_services", "services", i, p->n_services);
	array_fields(b, "irqs", "n_irqs", "irqs", i, p->n_irqs);
	array_fields(b, "mmio", "n_mmio", "mmio", i, p->n_mmio);
	array_fields(b, "dependencies", "n_dependencies", "deps", i, p->n_deps);
	string_field(b, "manifest", p->manifest);
	manifest_buf_puts(b, "\t},\n");
}

static void includes(struct manifest_buf *b, const struct manifest_model *m)
{
	size_t i;

	manifest_buf_puts(b,
	                  "#include <stdbool.h>\n#include <stddef.h>\n"
	                  "#include <stdint.h>\n\n#include \"load_table.h\"\n");
	for (i = 0; i < m->n_parts; i++)
		manifest_buf_printf(b, "#include \"psa_manifest/%s.h\"\n",
		                    m->parts[i].header);
	manifest_buf_putc(b, '\n');
}

char *manifest_loadtab_gen(const struct manifest_model *m, const char *symbol)
{
	struct manifest_buf b = {0};
	size_t i;

	manifest_gen_list_banner(&b, m,
	                         "The SPM load table: every partition, in "
	                         "manifest-list order.");
	includes(&b, m);
	for (i = 0; i < m->n_parts; i++)
		partition_arrays(&b, m, i);
	if (m->n_parts)
		manifest_buf_puts(&b, "static const struct spm_partition_desc "
		                      "spm_lt_partitions[] = {\n");
	for (i = 0; i < m->n_parts; i++)
		partition_desc(&b, &m->parts[i], i);
	if (m->n_parts)
		manifest_buf_puts(&b, "};\n\n");
	manifest_buf_printf(&b,
	                    "extern const struct spm_load_table %s;\n\n"
	                    "const struct spm_load_table %s = {\n",
	                    symbol, symbol);
	manifest_buf_puts(&b, "\t.version = SPM_LOAD_TABLE_VERSION,\n");
	manifest_buf_printf(&b, "\t.n_partitions = %zuU,\n", m->n_parts);
	manifest_buf_printf(&b, "\t.partitions = %s,\n};\n",
	                    m->n_parts ? "spm_lt_partitions" : "NULL");
	return manifest_buf_take(&b);
}
