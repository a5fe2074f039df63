#include "loadtab.h"

#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "util.h"

/** The name the table uses for function @fn of @p: with the dual suffix
 *  for a dual-model partition when one is given. */
static char *fn_name(const struct manifest_partition *p, const char *fn,
                     const char *suffix, const struct manifest_options *opt)
{
	const char *dual = p->dual && opt->dual_suffix ? opt->dual_suffix : "";

	return manifest_xasprintf("%s%s%s", fn, suffix, dual);
}

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
                         const struct manifest_service *s,
                         const struct manifest_options *opt)
{
	char *lower = manifest_lower(s->name);
	char *fn = fn_name(p, lower, "_sfn", opt);

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
		manifest_buf_printf(b, "\t\t.sfn = %s,\n", fn);
	else
		manifest_buf_puts(b, "\t\t.sfn = NULL,\n");
	manifest_buf_puts(b, "\t},\n");
	free(lower);
	free(fn);
}

static void irq_desc(struct manifest_buf *b, const struct manifest_partition *p,
                     const struct manifest_irq *irq,
                     const struct manifest_options *opt)
{
	char *lower = irq->name ? manifest_lower(irq->name) : NULL;
	char *fn = lower ? fn_name(p, lower, "_flih", opt) : NULL;

	manifest_buf_puts(b, "\t{\n");
	string_field(b, "signal_name", irq->signal_name);
	string_field(b, "source_name", irq->source_name);
	manifest_buf_printf(b, "\t\t.source = %uU,\n", (unsigned)irq->source);
	manifest_buf_printf(b, "\t\t.signal = 0x%08XU,\n",
	                    (unsigned)irq->signal);
	if (irq->handling == SPM_IRQ_FLIH)
		manifest_buf_printf(b,
		                    "\t\t.handling = SPM_IRQ_FLIH,\n"
		                    "\t\t.flih = %s,\n",
		                    fn);
	else
		manifest_buf_puts(b, "\t\t.handling = SPM_IRQ_SLIH,\n"
		                     "\t\t.flih = NULL,\n");
	manifest_buf_puts(b, "\t},\n");
	free(lower);
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
                             const struct manifest_model *m, size_t i,
                             const struct manifest_options *opt)
{
	const struct manifest_partition *p = &m->parts[i];
	size_t j;

	manifest_buf_printf(b, "/* Partition %s. */\n\n", p->name);
	if (p->n_services)
		array_open(b, "struct spm_service_desc", "services", i);
	for (j = 0; j < p->n_services; j++)
		service_desc(b, p, &p->services[j], opt);
	if (p->n_services)
		manifest_buf_puts(b, "};\n\n");
	if (p->n_irqs)
		array_open(b, "struct spm_irq_desc", "irqs", i);
	for (j = 0; j < p->n_irqs; j++)
		irq_desc(b, p, &p->irqs[j], opt);
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

/** ".field = 0x...U," or ".field = (EXPR)," for a size. */
static void size_field(struct manifest_buf *b, const char *field, uint32_t v,
                       const char *expr)
{
	if (expr)
		manifest_buf_printf(b, "\t\t.%s = (%s),\n", field, expr);
	else
		manifest_buf_printf(b, "\t\t.%s = 0x%XU,\n", field,
		                    (unsigned)v);
}

/** The entry function the table points to, or NULL (caller frees). */
static char *entry_name(const struct manifest_partition *p,
                        const struct manifest_options *opt)
{
	if (p->model == SPM_MODEL_IPC)
		return fn_name(p, p->entry_point, "", opt);
	return p->entry_init ? fn_name(p, p->entry_init, "", opt) : NULL;
}

static void partition_desc(struct manifest_buf *b,
                           const struct manifest_partition *p, size_t i,
                           const struct manifest_options *opt)
{
	bool ipc = p->model == SPM_MODEL_IPC;
	char *entry = entry_name(p, opt);

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
	                    ipc ? entry : "NULL");
	manifest_buf_printf(b, "\t\t.entry_init = %s,\n",
	                    !ipc && entry ? entry : "NULL");
	size_field(b, "stack_size", p->stack_size, p->stack_size_expr);
	size_field(b, "heap_size", p->heap_size, p->heap_size_expr);
	free(entry);
	array_fields(b, "services", "n_services", "services", i, p->n_services);
	array_fields(b, "irqs", "n_irqs", "irqs", i, p->n_irqs);
	array_fields(b, "mmio", "n_mmio", "mmio", i, p->n_mmio);
	array_fields(b, "dependencies", "n_dependencies", "deps", i, p->n_deps);
	string_field(b, "manifest", p->manifest);
	if (p->ns_agent) {
		manifest_buf_puts(b, "\t\t.ns_agent = true,\n");
		manifest_buf_printf(b, "\t\t.client_id_base = %lld,\n",
		                    (long long)p->client_ids.base);
		manifest_buf_printf(b, "\t\t.client_id_limit = %lld,\n",
		                    (long long)p->client_ids.limit);
	}
	manifest_buf_puts(b, "\t},\n");
}

/** True when a manifest gives a size as C text. */
static bool has_size_macros(const struct manifest_model *m)
{
	size_t i;

	for (i = 0; i < m->n_parts; i++)
		if (m->parts[i].stack_size_expr || m->parts[i].heap_size_expr)
			return true;
	return false;
}

/**
 * The configuration that defines the size macros: the --include headers,
 * and TF-M's config_tfm.h when the include path has one (TF-M's load info
 * includes it for the same reason).
 */
static void config_includes(struct manifest_buf *b,
                            const struct manifest_model *m,
                            const struct manifest_options *opt)
{
	size_t i;

	if (!has_size_macros(m) && opt->n_includes == 0)
		return;
	manifest_buf_puts(b, "\n/* Sizes given as C macros: the partitions' "
	                     "configuration defines them. */\n");
	for (i = 0; i < opt->n_includes; i++)
		manifest_buf_printf(b, "#include \"%s\"\n", opt->includes[i]);
	if (!has_size_macros(m))
		return;
	manifest_buf_puts(b, "#ifdef __has_include\n"
	                     "#if __has_include(\"config_tfm.h\")\n"
	                     "#include \"config_tfm.h\"\n"
	                     "#endif\n#endif\n");
}

/** A clear error when a size macro is defined by no included header. */
static void size_guard(struct manifest_buf *b,
                       const struct manifest_partition *p, const char *attr,
                       const char *expr)
{
	if (expr == NULL || !manifest_is_ident(expr))
		return;
	manifest_buf_printf(b,
	                    "#ifndef %s\n#error \"%s of partition %s is %s, "
	                    "which no included header defines (spm-manifest "
	                    "--include HEADER)\"\n#endif\n",
	                    expr, attr, p->name, expr);
}

static void includes(struct manifest_buf *b, const struct manifest_model *m,
                     const struct manifest_options *opt)
{
	size_t i;

	manifest_buf_puts(b,
	                  "#include <stdbool.h>\n#include <stddef.h>\n"
	                  "#include <stdint.h>\n\n#include \"load_table.h\"\n");
	for (i = 0; i < m->n_parts; i++)
		manifest_buf_printf(b, "#include \"psa_manifest/%s.h\"\n",
		                    m->parts[i].header);
	config_includes(b, m, opt);
	for (i = 0; i < m->n_parts; i++) {
		size_guard(b, &m->parts[i], "stack_size",
		           m->parts[i].stack_size_expr);
		size_guard(b, &m->parts[i], "heap_size",
		           m->parts[i].heap_size_expr);
	}
	manifest_buf_putc(b, '\n');
}

/** Declares the functions of a dual partition's renamed copy. */
static void dual_decls(struct manifest_buf *b,
                       const struct manifest_partition *p,
                       const struct manifest_options *opt)
{
	char *lower, *fn;
	size_t j;

	for (j = 0; p->model == SPM_MODEL_SFN && j < p->n_services; j++) {
		lower = manifest_lower(p->services[j].name);
		fn = fn_name(p, lower, "_sfn", opt);
		manifest_buf_printf(
		        b, "extern psa_status_t %s(const psa_msg_t *msg);\n",
		        fn);
		free(lower);
		free(fn);
	}
	for (j = 0; j < p->n_irqs; j++) {
		if (p->irqs[j].handling != SPM_IRQ_FLIH)
			continue;
		lower = manifest_lower(p->irqs[j].name);
		fn = fn_name(p, lower, "_flih", opt);
		manifest_buf_printf(b, "extern psa_flih_result_t %s(void);\n",
		                    fn);
		free(lower);
		free(fn);
	}
}

/**
 * Declares each entry function, as TF-M's load info does: the partition
 * header does not, so the partition's definition (often `void
 * main_fn(void *param)`) never meets a conflicting prototype.
 */
static void entry_decls(struct manifest_buf *b, const struct manifest_model *m,
                        const struct manifest_options *opt)
{
	const struct manifest_partition *p;
	char *entry;
	size_t i;

	manifest_buf_puts(b, "/* The partitions' entry functions. */\n");
	for (i = 0; i < m->n_parts; i++) {
		p = &m->parts[i];
		entry = entry_name(p, opt);
		if (entry && p->model == SPM_MODEL_IPC)
			manifest_buf_printf(b, "extern void %s(void);\n",
			                    entry);
		else if (entry)
			manifest_buf_printf(
			        b, "extern psa_status_t %s(void);\n", entry);
		if (p->dual && opt->dual_suffix)
			dual_decls(b, p, opt);
		free(entry);
	}
	manifest_buf_putc(b, '\n');
}

/** Appends " @name" to @b and frees @name. */
static void export_name(struct manifest_buf *b, char *name)
{
	manifest_buf_printf(b, " %s", name);
	free(name);
}

char *manifest_loadtab_exports(const struct manifest_partition *p,
                               const struct manifest_options *opt)
{
	struct manifest_buf b = {0};
	char *entry = entry_name(p, opt);
	char *lower;
	size_t j;

	if (entry)
		export_name(&b, entry);
	for (j = 0; p->model == SPM_MODEL_SFN && j < p->n_services; j++) {
		lower = manifest_lower(p->services[j].name);
		export_name(&b, fn_name(p, lower, "_sfn", opt));
		free(lower);
	}
	for (j = 0; j < p->n_irqs; j++) {
		if (p->irqs[j].handling != SPM_IRQ_FLIH)
			continue;
		lower = manifest_lower(p->irqs[j].name);
		export_name(&b, fn_name(p, lower, "_flih", opt));
		free(lower);
	}
	return manifest_buf_take(&b);
}

char *manifest_loadtab_gen(const struct manifest_model *m,
                           const struct manifest_options *opt)
{
	const char *symbol = opt->symbol ? opt->symbol : "spm_load_table";
	struct manifest_buf b = {0};
	size_t i;

	manifest_gen_list_banner(&b, m,
	                         "The SPM load table: every partition, in "
	                         "manifest-list order.");
	includes(&b, m, opt);
	if (m->n_parts)
		entry_decls(&b, m, opt);
	for (i = 0; i < m->n_parts; i++)
		partition_arrays(&b, m, i, opt);
	if (m->n_parts)
		manifest_buf_puts(&b, "static const struct spm_partition_desc "
		                      "spm_lt_partitions[] = {\n");
	for (i = 0; i < m->n_parts; i++)
		partition_desc(&b, &m->parts[i], i, opt);
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
