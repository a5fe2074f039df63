#include "gen.h"

#include <stdlib.h>
#include <string.h>

#include "gen_sim.h"
#include "loadtab.h"

/** Appends @s with anything that could end or break a comment defused. */
static void comment_text(struct manifest_buf *b, const char *s)
{
	for (; *s; s++) {
		if (s[0] == '*' && s[1] == '/')
			manifest_buf_puts(b, "*\\");
		else if ((unsigned char)*s < 0x20 || *s == 0x7F)
			manifest_buf_putc(b, '?');
		else
			manifest_buf_putc(b, *s);
	}
}

void manifest_gen_banner(struct manifest_buf *b, const char *const *sources,
                         size_t n, const char *what)
{
	size_t i;

	manifest_buf_puts(b, "/*\n * spm-manifest: generated from ");
	if (n == 1)
		comment_text(b, sources[0]);
	else
		manifest_buf_puts(b, "the files below");
	manifest_buf_puts(b, ", do not edit.\n");
	for (i = 0; n > 1 && i < n; i++) {
		manifest_buf_puts(b, " *   ");
		comment_text(b, sources[i]);
		manifest_buf_putc(b, '\n');
	}
	manifest_buf_puts(b, " *\n * ");
	comment_text(b, what);
	manifest_buf_puts(b, "\n */\n");
}

void manifest_gen_list_banner(struct manifest_buf *b,
                              const struct manifest_model *m, const char *what)
{
	const char **files = manifest_xcalloc(m->n_lists, sizeof(*files));
	size_t i;

	for (i = 0; i < m->n_lists; i++)
		files[i] = m->lists[i].file;
	manifest_gen_banner(b, files, m->n_lists, what);
	free(files);
}

void manifest_gen_c_string(struct manifest_buf *b, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;

	manifest_buf_putc(b, '"');
	for (; *c; c++) {
		/* '?' too: C99 still has trigraphs. */
		if (*c == '"' || *c == '\\' || *c == '?')
			manifest_buf_printf(b, "\\%c", *c);
		else if (*c < 0x20 || *c >= 0x7F)
			manifest_buf_printf(b, "\\%03o", *c);
		else
			manifest_buf_putc(b, (char)*c);
	}
	manifest_buf_putc(b, '"');
}

/** "#define NAME VALUE" with the value aligned at column @width + 9. */
static void define(struct manifest_buf *b, const char *name, size_t width,
                   const char *fmt, unsigned long value)
{
	manifest_buf_printf(b, "#define %s", name);
	manifest_buf_pad(b, 8 + width + 1);
	manifest_buf_printf(b, fmt, value);
	manifest_buf_putc(b, '\n');
}

static void guard_open(struct manifest_buf *b, const char *guard)
{
	manifest_buf_printf(b, "#ifndef %s\n#define %s\n\n", guard, guard);
}

static void guard_close(struct manifest_buf *b, const char *guard)
{
	manifest_buf_printf(b, "#endif /* %s */\n", guard);
}

static void cplusplus_open(struct manifest_buf *b)
{
	manifest_buf_puts(b, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
}

static void cplusplus_close(struct manifest_buf *b)
{
	manifest_buf_puts(b, "#ifdef __cplusplus\n}\n#endif\n\n");
}

static void add_output(struct manifest_outputs *out, char *path, char *text)
{
	out->v = manifest_grow(out->v, &out->cap, out->n, sizeof(*out->v));
	out->v[out->n].path = path;
	out->v[out->n++].text = text;
}

/* ---- psa_manifest/<manifest>.h ------------------------------------------ */

/** The width of the longest signal macro name of @p, for alignment. */
static size_t signal_width(const struct manifest_partition *p)
{
	size_t w = strlen(p->name) + strlen("_MODEL_IPC"), i;

	for (i = 0; i < p->n_services; i++)
		if (strlen(p->services[i].name) + 7 > w)
			w = strlen(p->services[i].name) + 7;
	for (i = 0; i < p->n_irqs; i++)
		if (strlen(p->irqs[i].signal_name) > w)
			w = strlen(p->irqs[i].signal_name);
	return w;
}

static void header_signals(struct manifest_buf *b,
                           const struct manifest_partition *p, size_t w)
{
	char *name;
	size_t i;

	if (p->n_services)
		manifest_buf_puts(b, "/* Service signals: 1 << (i + 4) for the "
		                     "i-th service. */\n");
	for (i = 0; i < p->n_services; i++) {
		name = manifest_xasprintf("%s_SIGNAL", p->services[i].name);
		define(b, name, w, "(0x%08lXU)", p->services[i].signal);
		free(name);
	}
	if (p->n_services)
		manifest_buf_putc(b, '\n');
	if (p->n_irqs)
		manifest_buf_puts(b, "/* Interrupt signals: 1 << (31 - i) for "
		                     "the i-th IRQ. */\n");
	for (i = 0; i < p->n_irqs; i++)
		define(b, p->irqs[i].signal_name, w, "(0x%08lXU)",
		       p->irqs[i].signal);
	if (p->n_irqs)
		manifest_buf_putc(b, '\n');
}

static void header_model(struct manifest_buf *b,
                         const struct manifest_partition *p, size_t w)
{
	char *ipc = manifest_xasprintf("%s_MODEL_IPC", p->name);
	char *sfn = manifest_xasprintf("%s_MODEL_SFN", p->name);

	manifest_buf_puts(b, "/* The partition's programming model. */\n");
	define(b, ipc, w, "%lu", p->model == SPM_MODEL_IPC);
	define(b, sfn, w, "%lu", p->model == SPM_MODEL_SFN);
	manifest_buf_putc(b, '\n');
	free(ipc);
	free(sfn);
}

/*
 * Prototypes of the functions the partition defines and the SPM calls, as
 * TF-M's header has them. The entry function is not declared here: real
 * code defines it in several ways (`void main_fn(void *param)` is common),
 * so, as in TF-M, only the load table declares it.
 */
static void header_prototypes(struct manifest_buf *b,
                              const struct manifest_partition *p)
{
	char *fn;
	size_t i;

	manifest_buf_puts(b, "/* Defined by the partition, called by the "
	                     "SPM. */\n");
	for (i = 0; i < p->n_irqs; i++) {
		if (p->irqs[i].handling != SPM_IRQ_FLIH)
			continue;
		fn = manifest_lower(p->irqs[i].name);
		manifest_buf_printf(b, "psa_flih_result_t %s_flih(void);\n",
		                    fn);
		free(fn);
	}
	for (i = 0; p->model == SPM_MODEL_SFN && i < p->n_services; i++) {
		fn = manifest_lower(p->services[i].name);
		manifest_buf_printf(
		        b, "psa_status_t %s_sfn(const psa_msg_t *msg);\n", fn);
		free(fn);
	}
	manifest_buf_putc(b, '\n');
}

static char *partition_header(const struct manifest_partition *p)
{
	struct manifest_buf b = {0};
	char *upper = manifest_macro_case(p->header);
	char *guard = manifest_xasprintf("PSA_MANIFEST_%s_H", upper);
	char *what = manifest_xasprintf(
	        "Signals and handlers of partition %s (FF-M %s, %s model).",
	        p->name, p->ffm_version == SPM_FFM_VERSION_1_0 ? "1.0" : "1.1",
	        p->model == SPM_MODEL_IPC ? "IPC" : "SFN");
	const char *src = p->manifest;
	size_t w = signal_width(p);

	manifest_gen_banner(&b, &src, 1, what);
	guard_open(&b, guard);
	manifest_buf_puts(&b, "#include \"psa/service.h\"\n\n");
	cplusplus_open(&b);
	header_model(&b, p, w);
	header_signals(&b, p, w);
	header_prototypes(&b, p);
	cplusplus_close(&b);
	guard_close(&b, guard);
	free(upper);
	free(guard);
	free(what);
	return manifest_buf_take(&b);
}

/* ---- psa_manifest/sid.h and pid.h --------------------------------------- */

/** The stateless handle: bit 30, version in [15:8], index - 1 in [4:0]. */
static uint32_t stateless_handle(const struct manifest_service *s)
{
	return 0x40000000u | (s->version << 8) | (s->stateless_index - 1);
}

static size_t sid_width(const struct manifest_model *m)
{
	size_t w = 0, i, j, len;

	for (i = 0; i < m->n_parts; i++) {
		for (j = 0; j < m->parts[i].n_services; j++) {
			len = strlen(m->parts[i].services[j].name) + 8;
			w = len > w ? len : w;
		}
	}
	return w;
}

static void sid_block(struct manifest_buf *b,
                      const struct manifest_partition *p, size_t w)
{
	const struct manifest_service *s;
	char *name;
	size_t j;

	manifest_buf_printf(b, "/* %s */\n", p->name);
	for (j = 0; j < p->n_services; j++) {
		s = &p->services[j];
		name = manifest_xasprintf("%s_SID", s->name);
		define(b, name, w, "(0x%08lXU)", s->sid);
		free(name);
		name = manifest_xasprintf("%s_VERSION", s->name);
		define(b, name, w, "(%luU)", s->version);
		free(name);
		if (s->connection_based)
			continue;
		name = manifest_xasprintf("%s_HANDLE", s->name);
		define(b, name, w, "(0x%08lXU)", stateless_handle(s));
		free(name);
	}
	manifest_buf_putc(b, '\n');
}

static char *sid_header(const struct manifest_model *m)
{
	struct manifest_buf b = {0};
	size_t w = sid_width(m), i;

	manifest_gen_list_banner(&b, m,
	                         "Service IDs, versions and stateless handles "
	                         "of every partition.");
	guard_open(&b, "PSA_MANIFEST_SID_H");
	for (i = 0; i < m->n_parts; i++)
		if (m->parts[i].n_services)
			sid_block(&b, &m->parts[i], w);
	guard_close(&b, "PSA_MANIFEST_SID_H");
	return manifest_buf_take(&b);
}

static char *pid_header(const struct manifest_model *m)
{
	struct manifest_buf b = {0};
	size_t w = 0, i;

	for (i = 0; i < m->n_parts; i++)
		if (strlen(m->parts[i].name) > w)
			w = strlen(m->parts[i].name);
	manifest_gen_list_banner(&b, m, "Partition IDs of every partition.");
	guard_open(&b, "PSA_MANIFEST_PID_H");
	for (i = 0; i < m->n_parts; i++)
		define(&b, m->parts[i].name, w, "(%lu)",
		       (unsigned long)m->parts[i].pid);
	if (m->n_parts)
		manifest_buf_putc(&b, '\n');
	guard_close(&b, "PSA_MANIFEST_PID_H");
	return manifest_buf_take(&b);
}

/* ---- all outputs, depfile ---------------------------------------------- */

void manifest_gen_outputs(const struct manifest_model *m,
                          const struct manifest_options *opt,
                          struct manifest_outputs *out)
{
	const struct manifest_partition *p;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < m->n_parts; i++) {
		p = &m->parts[i];
		add_output(out,
		           manifest_xasprintf("psa_manifest/%s.h", p->header),
		           partition_header(p));
	}
	add_output(out, manifest_xstrdup("psa_manifest/sid.h"), sid_header(m));
	add_output(out, manifest_xstrdup("psa_manifest/pid.h"), pid_header(m));
	add_output(out, manifest_xstrdup("load_table.c"),
	           manifest_loadtab_gen(m, opt));
	add_output(out, manifest_xstrdup("partitions.mk"),
	           manifest_gen_partitions_mk(m, opt));
	add_output(out, manifest_xstrdup("sim_memory_table.c"),
	           manifest_gen_sim_memory_table(m));
}

void manifest_outputs_free(struct manifest_outputs *out)
{
	size_t i;

	for (i = 0; i < out->n; i++) {
		free(out->v[i].path);
		free(out->v[i].text);
	}
	free(out->v);
	memset(out, 0, sizeof(*out));
}

const char *manifest_outputs_find(const struct manifest_outputs *out,
                                  const char *path)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		if (strcmp(out->v[i].path, path) == 0)
			return out->v[i].text;
	return NULL;
}

/** Appends @path escaped for make: spaces, '#', '$'. */
static void make_path(struct manifest_buf *b, const char *path)
{
	for (; *path; path++) {
		if (*path == ' ' || *path == '#')
			manifest_buf_putc(b, '\\');
		if (*path == '$')
			manifest_buf_putc(b, '$');
		manifest_buf_putc(b, *path);
	}
}

char *manifest_gen_depfile(const struct manifest_model *m, const char *outdir)
{
	struct manifest_buf b = {0};
	size_t i;

	make_path(&b, outdir);
	manifest_buf_puts(&b, "/.stamp:");
	for (i = 0; i < m->files.n; i++) {
		manifest_buf_puts(&b, " \\\n ");
		make_path(&b, m->files.v[i]);
	}
	manifest_buf_putc(&b, '\n');
	/* Like gcc -MP: a deleted input must not break the next make run. */
	for (i = 0; i < m->files.n; i++) {
		manifest_buf_putc(&b, '\n');
		make_path(&b, m->files.v[i]);
		manifest_buf_puts(&b, ":\n");
	}
	return manifest_buf_take(&b);
}
