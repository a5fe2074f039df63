/*
 * Unit tests of the manifest compiler (tools/manifest), run in-process.
 *
 * Valid fixtures live in tests/manifest/valid/ (the working directory is the
 * repository root). Malformed inputs are written by each test into a fresh
 * temporary directory from the string literals below, so every input sits
 * next to the exact diagnostics it must produce. In expected lines, "@/"
 * stands for that temporary directory.
 */
#define _GNU_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../tools/manifest/attr.h"
#include "../../tools/manifest/cli.h"
#include "../../tools/manifest/compile.h"
#include "../../tools/manifest/gen.h"
#include "../../tools/manifest/list.h"
#include "../../tools/manifest/print.h"

#define VALID         "tests/manifest/valid/"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fixture: a temporary directory per test ---------------------------- */

struct bad_case;

struct fx {
	char dir[PATH_MAX];
	const struct bad_case *bad;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "%s/spm-manifest-test-XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	f->bad = *state;
	*state = f;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static char *fx_path(const struct fx *f, const char *name)
{
	return manifest_xasprintf("%s/%s", f->dir, name);
}

/** Writes @len bytes to @name under the test directory (one subdir ok). */
static void put_bytes(const struct fx *f, const char *name, const void *data,
                      size_t len)
{
	char *path = fx_path(f, name);
	char *slash = strrchr(path, '/');
	FILE *out;

	*slash = '\0';
	mkdir(path, 0777);
	*slash = '/';
	out = fopen(path, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(data, 1, len, out), len);
	assert_int_equal(fclose(out), 0);
	free(path);
}

static void put(const struct fx *f, const char *name, const char *text)
{
	put_bytes(f, name, text, strlen(text));
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static char *slurp(const char *path)
{
	FILE *in = fopen(path, "rb");
	struct manifest_buf b = {0};
	char chunk[4096];
	size_t n;

	if (in == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk) - 1, in)) > 0) {
		chunk[n] = '\0';
		manifest_buf_puts(&b, chunk);
	}
	fclose(in);
	return manifest_buf_take(&b);
}

/* ---- running the compiler ----------------------------------------------- */

struct result {
	struct manifest_diag diag;
	struct manifest_model model;
	int rc;
};

static void result_init(struct result *r)
{
	manifest_diag_init(&r->diag);
	manifest_model_init(&r->model);
	r->rc = -1;
}

static void result_free(struct result *r)
{
	manifest_diag_free(&r->diag);
	manifest_model_free(&r->model);
}

static void dump_diag(const struct result *r)
{
	size_t i;

	for (i = 0; i < manifest_diag_count(&r->diag); i++)
		print_message("  diag: %s\n", manifest_diag_line(&r->diag, i));
}

/** Options with the fixture lists and the defines they need. */
static const struct manifest_define valid_defines[] = {
        {"TFM_PARTITION_LEGACY", NULL},
        {"TFM_PARTITION_SFN11", "ON"},
        {"TFM_PARTITION_DISABLED", "off"},
        {"LEGACY", "ffm10_ipc"},
};
static const char *const valid_lists[] = {VALID "list.yaml",
                                          VALID "list2.json"};

static void valid_options(struct manifest_options *opt, const char *outdir)
{
	manifest_options_init(opt);
	opt->defines = valid_defines;
	opt->n_defines = ARRAY_SIZE(valid_defines);
	opt->lists = valid_lists;
	opt->n_lists = ARRAY_SIZE(valid_lists);
	opt->outdir = outdir;
	opt->use_environment = false;
	opt->platform = VALID "platform.yaml";
}

static void compile_ok(struct result *r, const struct manifest_options *opt)
{
	result_init(r);
	r->rc = manifest_compile(opt, &r->diag, &r->model);
	if (r->rc != 0)
		dump_diag(r);
	assert_int_equal(r->rc, 0);
	assert_int_equal(manifest_diag_errors(&r->diag), 0);
}

static const struct manifest_partition *part(const struct result *r,
                                             const char *name)
{
	size_t i;

	for (i = 0; i < r->model.n_parts; i++)
		if (strcmp(r->model.parts[i].name, name) == 0)
			return &r->model.parts[i];
	fail_msg("no partition %s", name);
	return NULL;
}

/** Reads OUTDIR/@rel; the caller frees it. */
static char *output(const char *outdir, const char *rel)
{
	char *path = manifest_xasprintf("%s/%s", outdir, rel);
	char *text = slurp(path);

	if (text == NULL)
		fail_msg("missing output %s", path);
	free(path);
	return text;
}

/** True when @text has "#define NAME<spaces>VALUE" as a whole line. */
static bool has_define(const char *text, const char *name, const char *value)
{
	char *head = manifest_xasprintf("#define %s ", name);
	const char *p = text, *v;
	bool found = false;

	while (!found && (p = strstr(p, head)) != NULL) {
		v = p + strlen(head);
		while (*v == ' ')
			v++;
		found = (p == text || p[-1] == '\n') &&
		        strncmp(v, value, strlen(value)) == 0 &&
		        v[strlen(value)] == '\n';
		p++;
	}
	free(head);
	return found;
}

static void assert_define(const char *text, const char *name, const char *value)
{
	if (!has_define(text, name, value))
		fail_msg("no '#define %s %s' in:\n%s", name, value, text);
}

static void assert_contains(const char *text, const char *needle)
{
	if (strstr(text, needle) == NULL)
		fail_msg("'%s' not found in:\n%s", needle, text);
}

/* ---- valid inputs: the model ----------------------------------------------
 */

/** Partitions in list order, pids from 256 skipping the explicit ones. */
static void test_valid_partitions_and_pids(void **state)
{
	struct fx *f = *state;
	char *out = fx_path(f, "out");
	struct manifest_options opt;
	struct result r;

	valid_options(&opt, out);
	compile_ok(&r, &opt);
	assert_int_equal(r.model.n_parts, 4);
	assert_string_equal(r.model.parts[0].name, "TFM_SP_IPC11");
	assert_string_equal(r.model.parts[1].name, "TFM_SP_LEGACY");
	assert_string_equal(r.model.parts[2].name, "TFM_SP_SFN11");
	assert_string_equal(r.model.parts[3].name, "TFM_SP_IRQ_ONLY");
	/* 257 and 256 are explicit; the automatic ones skip them. */
	assert_int_equal(r.model.parts[0].pid, 257);
	assert_int_equal(r.model.parts[1].pid, 258);
	assert_int_equal(r.model.parts[2].pid, 259);
	assert_int_equal(r.model.parts[3].pid, 256);
	assert_true(r.model.parts[0].pid_explicit);
	assert_false(r.model.parts[1].pid_explicit);
	/* ${LEGACY} came from -D; the disabled entry was never read. */
	assert_string_equal(r.model.parts[1].manifest, VALID "ffm10_ipc.json");
	/* Two lists, four manifests and the platform file. */
	assert_int_equal(r.model.files.n, 7);
	result_free(&r);
	free(out);
}

/** Every list-entry attribute, in both list forms. */
static void test_valid_list_entries(void **state)
{
	struct fx *f = *state;
	char *out = fx_path(f, "out");
	const struct manifest_partition *p;
	struct manifest_options opt;
	struct result r;

	valid_options(&opt, out);
	compile_ok(&r, &opt);
	assert_int_equal(r.model.n_lists, 2);
	assert_string_equal(r.model.lists[0].description,
	                    "spmsim manifest compiler fixtures");
	assert_int_equal(r.model.lists[1].version_minor, 2);
	p = part(&r, "TFM_SP_IPC11");
	assert_string_equal(p->entry_description,
	                    "FF-M 1.1 IPC partition, YAML");
	assert_string_equal(p->output_path, "partitions/ipc11");
	assert_int_equal(p->version_minor, 1);
	assert_int_equal(p->libraries.n, 1);
	assert_string_equal(p->libraries.v[0], "*tfm_*partition_ipc11.*");
	assert_int_equal(p->objects.n, 0);
	p = part(&r, "TFM_SP_LEGACY");
	assert_int_equal(p->non_ffm.n, 2);
	assert_string_equal(p->non_ffm.v[0], "tfm_irq_priority");
	p = part(&r, "TFM_SP_SFN11");
	assert_int_equal(p->version_major, 1);
	p = part(&r, "TFM_SP_IRQ_ONLY");
	assert_string_equal(p->objects.v[0], "irq_only.o");
	result_free(&r);
	free(out);
}

/** FF-M 1.0 in the JSON form: every 1.0 attribute. */
static void test_valid_ffm10_json(void **state)
{
	struct fx *f = *state;
	char *out = fx_path(f, "out");
	const struct manifest_partition *p;
	struct manifest_options opt;
	struct result r;

	valid_options(&opt, out);
	compile_ok(&r, &opt);
	p = part(&r, "TFM_SP_LEGACY");
	assert_int_equal(p->ffm_version, SPM_FFM_VERSION_1_0);
	assert_int_equal(p->type, SPM_PARTITION_PSA_ROT);
	assert_int_equal(p->priority, SPM_PRIORITY_HIGH);
	assert_int_equal(p->model, SPM_MODEL_IPC);
	assert_string_equal(p->entry_point, "legacy_main");
	assert_null(p->entry_init);
	assert_int_equal(p->stack_size, 0x400);
	assert_int_equal(p->heap_size, 0x100);
	assert_string_equal(p->description, "FF-M 1.0 partition, JSON form");
	assert_int_equal(p->n_services, 2);
	assert_string_equal(p->services[0].name, "LEGACY_CRYPTO");
	assert_int_equal(p->services[0].sid, 0x80);
	assert_true(p->services[0].non_secure_clients);
	assert_true(p->services[0].connection_based);
	assert_int_equal(p->services[0].version, 2);
	assert_int_equal(p->services[0].version_policy,
	                 SPM_VERSION_POLICY_RELAXED);
	assert_false(p->services[1].non_secure_clients);
	assert_int_equal(p->services[1].version_policy,
	                 SPM_VERSION_POLICY_STRICT);
	assert_int_equal(p->services[1].signal, 0x20);
	assert_int_equal(p->n_mmio, 2);
	assert_string_equal(p->mmio[0].name, "TFM_PERIPHERAL_TIMER0");
	assert_int_equal(p->mmio[0].permission, SPM_MMIO_READ_WRITE);
	assert_null(p->mmio[1].name);
	assert_int_equal(p->mmio[1].base, 0x50000000);
	assert_int_equal(p->mmio[1].size, 0x1000);
	assert_int_equal(p->mmio[1].permission, SPM_MMIO_READ_ONLY);
	assert_int_equal(p->n_irqs, 2);
	assert_int_equal(p->irqs[0].source, 3);
	assert_null(p->irqs[0].source_name);
	assert_string_equal(p->irqs[0].signal_name, "LEGACY_TIMER_IRQ");
	assert_int_equal(p->irqs[0].handling, SPM_IRQ_SLIH);
	assert_int_equal(p->irqs[0].signal, 0x80000000u);
	assert_string_equal(p->irqs[1].source_name, "UART0_IRQn");
	assert_int_equal(p->irqs[1].signal, 0x40000000u);
	assert_int_equal(p->n_deps, 1);
	assert_string_equal(p->deps[0].name, "IPC11_CONN");
	result_free(&r);
	free(out);
}

/** FF-M 1.1 in the YAML form: every 1.1 attribute, IPC model. */
static void test_valid_ffm11_yaml(void **state)
{
	struct fx *f = *state;
	char *out = fx_path(f, "out");
	const struct manifest_partition *p;
	struct manifest_options opt;
	struct result r;

	valid_options(&opt, out);
	compile_ok(&r, &opt);
	p = part(&r, "TFM_SP_IPC11");
	assert_int_equal(p->ffm_version, SPM_FFM_VERSION_1_1);
	assert_int_equal(p->type, SPM_PARTITION_APPLICATION_ROT);
	assert_int_equal(p->priority, SPM_PRIORITY_NORMAL);
	assert_int_equal(p->model, SPM_MODEL_IPC);
	assert_int_equal(p->stack_size, 0x800);
	assert_int_equal(p->heap_size, 0);
	assert_int_equal(p->n_services, 4);
	assert_true(p->services[0].mm_iovec);
	assert_int_equal(p->services[0].version, 3);
	assert_int_equal(p->services[0].stateless_index, 0);
	/* Explicit index 1 first, then "auto" and absent take 2 and 3. */
	assert_false(p->services[1].connection_based);
	assert_int_equal(p->services[1].stateless_index, 2);
	assert_int_equal(p->services[2].stateless_index, 1);
	assert_true(p->services[2].non_secure_clients);
	assert_false(p->services[2].mm_iovec);
	assert_int_equal(p->services[3].stateless_index, 3);
	assert_int_equal(p->services[3].sid, 259);
	assert_int_equal(p->services[0].signal, 0x10);
	assert_int_equal(p->services[3].signal, 0x80);
	assert_string_equal(p->irqs[0].name, "IPC11_TIMER");
	assert_string_equal(p->irqs[0].signal_name, "IPC11_TIMER_SIGNAL");
	assert_int_equal(p->irqs[0].handling, SPM_IRQ_FLIH);
	assert_int_equal(p->irqs[0].source, 40);
	assert_string_equal(p->irqs[1].source_name, "IPC11_UART_IRQn");
	assert_int_equal(p->irqs[1].handling, SPM_IRQ_SLIH);
	assert_int_equal(p->irqs[1].signal, 0x40000000u);
	assert_int_equal(p->mmio[0].base, 0x40000000u);
	assert_string_equal(p->mmio[1].name, "TFM_PERIPHERAL_UART1");
	result_free(&r);
	free(out);
}

/** FF-M 1.1 in the JSON form, SFN model; FF-M 1.0 in the YAML form. */
static void test_valid_ffm11_json_and_ffm10_yaml(void **state)
{
	struct fx *f = *state;
	char *out = fx_path(f, "out");
	const struct manifest_partition *p;
	struct manifest_options opt;
	struct result r;

	valid_options(&opt, out);
	compile_ok(&r, &opt);
	p = part(&r, "TFM_SP_SFN11");
	assert_int_equal(p->model, SPM_MODEL_SFN);
	assert_int_equal(p->priority, SPM_PRIORITY_HIGH);
	assert_null(p->entry_point);
	assert_string_equal(p->entry_init, "sfn11_init");
	assert_int_equal(p->stack_size, 1024);
	assert_int_equal(p->heap_size, 0x200);
	assert_true(p->services[0].mm_iovec);
	assert_int_equal(p->services[1].sid, 513);
	assert_int_equal(p->services[1].version, 255);
	/* After the three stateless services of TFM_SP_IPC11. */
	assert_int_equal(p->services[1].stateless_index, 4);
	assert_int_equal(p->irqs[0].source, 41);
	assert_int_equal(p->n_deps, 0);
	p = part(&r, "TFM_SP_IRQ_ONLY");
	assert_int_equal(p->ffm_version, SPM_FFM_VERSION_1_0);
	assert_int_equal(p->type, SPM_PARTITION_APPLICATION_ROT);
	assert_int_equal(p->priority, SPM_PRIORITY_LOW);
	assert_int_equal(p->stack_size, 512);
	assert_int_equal(p->n_services, 0);
	assert_string_equal(p->irqs[0].signal_name, "IRQ_ONLY_SIGNAL_7");
	result_free(&r);
	free(out);
}

/** The same manifest in YAML and in JSON gives the same headers. */
static void test_valid_yaml_json_twins(void **state)
{
	static const char *const yaml_list[] = {VALID "twins/yaml_list.yaml"};
	static const char *const json_list[] = {VALID "twins/json_list.json"};
	struct fx *f = *state;
	char *out1 = fx_path(f, "yaml"), *out2 = fx_path(f, "json");
	static const char *const files[] = {
	        "psa_manifest/twin10.h", "psa_manifest/twin11.h",
	        "psa_manifest/sid.h", "psa_manifest/pid.h"};
	struct manifest_options opt;
	struct result r1, r2;
	char *a, *b, *na, *nb;
	size_t i;

	manifest_options_init(&opt);
	opt.lists = yaml_list;
	opt.n_lists = 1;
	opt.outdir = out1;
	opt.platform = VALID "platform.yaml";
	compile_ok(&r1, &opt);
	opt.lists = json_list;
	opt.outdir = out2;
	compile_ok(&r2, &opt);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		a = output(out1, files[i]);
		b = output(out2, files[i]);
		/* Skip the banner, which names the source file. */
		na = strstr(a, " */\n");
		nb = strstr(b, " */\n");
		assert_non_null(na);
		assert_non_null(nb);
		assert_string_equal(na, nb);
		free(a);
		free(b);
	}
	result_free(&r1);
	result_free(&r2);
	free(out1);
	free(out2);
}

/* ---- valid inputs: the generated text ------------------------------------ */

struct generated {
	struct result r;
	char *out;
};

static void generate(struct fx *f, struct generated *g)
{
	struct manifest_options opt;

	g->out = fx_path(f, "out");
	valid_options(&opt, g->out);
	compile_ok(&g->r, &opt);
}

static void generated_free(struct generated *g)
{
	result_free(&g->r);
	free(g->out);
}

/** Service signals 1 << (i + 4), IRQ signals 1 << (31 - i), model macros. */
static void test_gen_partition_header_signals(void **state)
{
	struct generated g;
	char *h;

	generate(*state, &g);
	h = output(g.out, "psa_manifest/ffm11_ipc.h");
	assert_contains(h, "generated from " VALID "ffm11_ipc.yaml, do not "
	                   "edit");
	assert_contains(h, "#ifndef PSA_MANIFEST_FFM11_IPC_H\n");
	assert_contains(h, "#include \"psa/service.h\"\n");
	assert_define(h, "IPC11_CONN_SIGNAL", "(0x00000010U)");
	assert_define(h, "IPC11_STATELESS_A_SIGNAL", "(0x00000020U)");
	assert_define(h, "IPC11_STATELESS_B_SIGNAL", "(0x00000040U)");
	assert_define(h, "IPC11_STATELESS_C_SIGNAL", "(0x00000080U)");
	assert_define(h, "IPC11_TIMER_SIGNAL", "(0x80000000U)");
	assert_define(h, "IPC11_UART_SIGNAL", "(0x40000000U)");
	assert_define(h, "TFM_SP_IPC11_MODEL_IPC", "1");
	assert_define(h, "TFM_SP_IPC11_MODEL_SFN", "0");
	free(h);
	/* FF-M 1.0: the signal macro is exactly the manifest's name. */
	h = output(g.out, "psa_manifest/ffm10_ipc.h");
	assert_define(h, "LEGACY_TIMER_IRQ", "(0x80000000U)");
	assert_define(h, "LEGACY_UART_SIG", "(0x40000000U)");
	assert_define(h, "LEGACY_CRYPTO_SIGNAL", "(0x00000010U)");
	free(h);
	h = output(g.out, "psa_manifest/ffm11_sfn.h");
	assert_define(h, "TFM_SP_SFN11_MODEL_IPC", "0");
	assert_define(h, "TFM_SP_SFN11_MODEL_SFN", "1");
	assert_define(h, "SFN11_STATELESS_SIGNAL", "(0x00000020U)");
	assert_define(h, "SFN11_DMA_SIGNAL", "(0x80000000U)");
	free(h);
	generated_free(&g);
}

/** Prototypes: FLIH handlers, SFN service functions, entry functions. */
static void test_gen_prototypes(void **state)
{
	struct generated g;
	char *h;

	generate(*state, &g);
	h = output(g.out, "psa_manifest/ffm11_ipc.h");
	assert_contains(h, "\npsa_flih_result_t ipc11_timer_flih(void);\n");
	assert_null(strstr(h, "ipc11_uart_flih"));
	assert_null(strstr(h, "_sfn("));
	/* Entry functions are declared by the load table only, as in TF-M:
	 * real code defines them in several ways. */
	assert_null(strstr(h, "ipc11_main"));
	free(h);
	h = output(g.out, "psa_manifest/ffm11_sfn.h");
	assert_contains(h, "\npsa_flih_result_t sfn11_dma_flih(void);\n");
	assert_contains(h, "\npsa_status_t sfn11_echo_sfn(const psa_msg_t "
	                   "*msg);\n");
	assert_contains(h, "\npsa_status_t sfn11_stateless_sfn(const "
	                   "psa_msg_t *msg);\n");
	assert_null(strstr(h, "sfn11_init"));
	free(h);
	h = output(g.out, "psa_manifest/ffm10_irq.h");
	assert_null(strstr(h, "irq_only_main"));
	assert_null(strstr(h, "_flih"));
	free(h);
	h = output(g.out, "load_table.c");
	assert_contains(h, "\nextern void ipc11_main(void);\n");
	assert_contains(h, "\nextern psa_status_t sfn11_init(void);\n");
	assert_contains(h, "\nextern void irq_only_main(void);\n");
	free(h);
	generated_free(&g);
}

/** sid.h: SIDs, versions, and handles 0x40000000 | version << 8 | i - 1. */
static void test_gen_sid_h(void **state)
{
	struct generated g;
	char *h;

	generate(*state, &g);
	h = output(g.out, "psa_manifest/sid.h");
	assert_define(h, "IPC11_CONN_SID", "(0x00000100U)");
	assert_define(h, "IPC11_CONN_VERSION", "(3U)");
	assert_null(strstr(h, "IPC11_CONN_HANDLE"));
	assert_define(h, "IPC11_STATELESS_A_SID", "(0x00000101U)");
	assert_define(h, "IPC11_STATELESS_A_VERSION", "(2U)");
	assert_define(h, "IPC11_STATELESS_A_HANDLE", "(0x40000201U)");
	assert_define(h, "IPC11_STATELESS_B_HANDLE", "(0x40000100U)");
	assert_define(h, "IPC11_STATELESS_C_HANDLE", "(0x40000102U)");
	assert_define(h, "LEGACY_CRYPTO_SID", "(0x00000080U)");
	assert_define(h, "LEGACY_CRYPTO_VERSION", "(2U)");
	assert_define(h, "SFN11_STATELESS_VERSION", "(255U)");
	assert_define(h, "SFN11_STATELESS_HANDLE", "(0x4000FF03U)");
	assert_contains(h, "#ifndef PSA_MANIFEST_SID_H\n");
	free(h);
	generated_free(&g);
}

static void test_gen_pid_h(void **state)
{
	struct generated g;
	char *h;

	generate(*state, &g);
	h = output(g.out, "psa_manifest/pid.h");
	assert_define(h, "TFM_SP_IPC11", "(257)");
	assert_define(h, "TFM_SP_LEGACY", "(258)");
	assert_define(h, "TFM_SP_SFN11", "(259)");
	assert_define(h, "TFM_SP_IRQ_ONLY", "(256)");
	free(h);
	generated_free(&g);
}

/** load_table.c: descriptors, function pointers, the table symbol. */
static void test_gen_load_table(void **state)
{
	struct generated g;
	char *c;

	generate(*state, &g);
	c = output(g.out, "load_table.c");
	assert_contains(c, "#include \"load_table.h\"\n");
	assert_contains(c, "#include \"psa_manifest/ffm10_irq.h\"\n");
	assert_contains(c, "const struct spm_load_table spm_load_table = {\n"
	                   "\t.version = SPM_LOAD_TABLE_VERSION,\n"
	                   "\t.n_partitions = 4U,\n"
	                   "\t.partitions = spm_lt_partitions,\n};\n");
	assert_contains(c, "\t\t.entry_point = ipc11_main,\n"
	                   "\t\t.entry_init = NULL,\n");
	assert_contains(c, "\t\t.entry_point = NULL,\n"
	                   "\t\t.entry_init = sfn11_init,\n");
	assert_contains(c, "\t\t.sfn = sfn11_echo_sfn,\n");
	assert_contains(c, "\t\t.flih = ipc11_timer_flih,\n");
	assert_contains(c, "\t\t.stateless_index = 4U,\n");
	assert_contains(c, "\t0x00000100U, /* IPC11_CONN */\n");
	assert_contains(c, "\t\t.pid = 259,\n");
	assert_contains(c, "\t\t.manifest = \"" VALID "ffm11_sfn.json\",\n");
	assert_contains(c, "\t\t.n_services = 0U,\n");
	free(c);
	generated_free(&g);
}

/** --symbol names the table so a test binary can link several. */
static void test_gen_symbol_and_empty_list(void **state)
{
	struct fx *f = *state;
	char *list = fx_path(f, "empty.yaml"), *out = fx_path(f, "out");
	struct manifest_options opt;
	struct result r;
	char *c;

	put(f, "empty.yaml", "manifest_list: []\n");
	manifest_options_init(&opt);
	opt.lists = (const char *const *)&list;
	opt.n_lists = 1;
	opt.outdir = out;
	opt.symbol = "other_table";
	compile_ok(&r, &opt);
	c = output(out, "load_table.c");
	assert_contains(c, "const struct spm_load_table other_table = {\n");
	assert_contains(c, "\t.n_partitions = 0U,\n\t.partitions = NULL,\n");
	free(c);
	result_free(&r);
	free(list);
	free(out);
}

/** The depfile names every list and manifest read, with phony rules. */
static void test_gen_depfile(void **state)
{
	struct fx *f = *state;
	char *out = fx_path(f, "out"), *dep = fx_path(f, "deps/spm.d");
	struct manifest_options opt;
	struct result r;
	char *text, *expect;

	valid_options(&opt, out);
	opt.depfile = dep;
	compile_ok(&r, &opt);
	text = slurp(dep);
	assert_non_null(text);
	expect = manifest_xasprintf(
	        "%s/.stamp: \\\n " VALID "platform.yaml \\\n " VALID
	        "list.yaml \\\n " VALID "list2.json \\\n " VALID
	        "ffm11_ipc.yaml \\\n " VALID "ffm10_ipc.json \\\n " VALID
	        "ffm11_sfn.json \\\n " VALID "ffm10_irq.yaml\n\n" VALID
	        "platform.yaml:\n",
	        out);
	assert_memory_equal(text, expect, strlen(expect));
	assert_contains(text, "\n" VALID "ffm10_irq.yaml:\n");
	free(text);
	text = manifest_xasprintf("%s/.stamp", out);
	assert_true(exists(text));
	free(text);
	free(expect);
	result_free(&r);
	free(dep);
	free(out);
}

/* ---- determinism, stable outputs, compilable outputs -------------------- */

/** The files under @dir, as "./relative/path" lines, sorted. */
static char *list_files(const char *dir)
{
	char *cmd = manifest_xasprintf("cd '%s' && find . -type f | sort", dir);
	FILE *p = popen(cmd, "r");
	struct manifest_buf b = {0};
	char line[PATH_MAX];

	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		manifest_buf_puts(&b, line);
	pclose(p);
	free(cmd);
	return manifest_buf_take(&b);
}

/** Compares every file under @a with the same file under @b. */
static size_t compare_trees(const char *a, const char *b)
{
	char *files = list_files(a), *other = list_files(b);
	char *name, *save = NULL, *x, *y;
	size_t n = 0;

	assert_string_equal(files, other);
	for (name = strtok_r(files, "\n", &save); name;
	     name = strtok_r(NULL, "\n", &save)) {
		x = output(a, name);
		y = output(b, name);
		assert_string_equal(x, y);
		free(x);
		free(y);
		n++;
	}
	free(files);
	free(other);
	return n;
}

static void test_deterministic_output(void **state)
{
	struct fx *f = *state;
	char *out1 = fx_path(f, "one"), *out2 = fx_path(f, "two/deeper");
	struct manifest_options opt;
	struct result r1, r2;

	valid_options(&opt, out1);
	compile_ok(&r1, &opt);
	opt.outdir = out2;
	compile_ok(&r2, &opt);
	/* 4 headers, sid.h, pid.h, load_table.c, .stamp at least. */
	assert_true(compare_trees(out1, out2) >= 8);
	result_free(&r1);
	result_free(&r2);
	free(out1);
	free(out2);
}

static ino_t inode(const char *dir, const char *rel)
{
	char *path = manifest_xasprintf("%s/%s", dir, rel);
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	free(path);
	return st.st_ino;
}

/** A second run with the same inputs leaves the outputs untouched. */
static void test_unchanged_outputs_not_rewritten(void **state)
{
	struct fx *f = *state;
	char *out = fx_path(f, "out");
	struct manifest_options opt;
	struct result r;
	ino_t sid, table;

	valid_options(&opt, out);
	compile_ok(&r, &opt);
	result_free(&r);
	sid = inode(out, "psa_manifest/sid.h");
	table = inode(out, "load_table.c");
	compile_ok(&r, &opt);
	/* A rewrite goes through rename(), which would change the inode. */
	assert_true(inode(out, "psa_manifest/sid.h") == sid);
	assert_true(inode(out, "load_table.c") == table);
	result_free(&r);
	free(out);
}

/** True when @cc (a compiler and its flags) can compile C here. */
static bool compiler_works(const char *cc)
{
	char *probe = manifest_xasprintf("echo '#include <stdint.h>' | %s "
	                                 "-std=c99 -fsyntax-only -x c - "
	                                 ">/dev/null 2>&1",
	                                 cc);
	int rc = system(probe);

	free(probe);
	return rc == 0;
}

/** Runs @cc on the outputs: C99, pedantic, every warning an error. */
static int syntax_check(const char *cc, const char *out, const char *file)
{
	char *cmd = manifest_xasprintf(
	        "%s -std=c99 -Wall -Wextra -Werror -pedantic -fsyntax-only "
	        "-Iinclude -Ispm_core -I'%s' '%s'",
	        cc, out, file);
	int rc = system(cmd);

	free(cmd);
	return rc;
}

static void test_generated_code_compiles(void **state)
{
	static const char *const compilers[] = {"cc", "gcc", "clang",
	                                        "gcc -m32", "clang -m32"};
	struct fx *f = *state;
	char *out, *table, *user;
	struct manifest_options opt;
	struct result r;
	size_t i, ran = 0;

	if (!compiler_works("cc")) {
		print_message("no working cc: skipped\n");
		skip();
		return;
	}
	out = fx_path(f, "out");
	valid_options(&opt, out);
	compile_ok(&r, &opt);
	table = manifest_xasprintf("%s/load_table.c", out);
	user = fx_path(f, "user.c");
	/* What a partition or a client includes, all at once. */
	put(f, "user.c",
	    "#include \"psa_manifest/sid.h\"\n#include \"psa_manifest/pid.h\"\n"
	    "#include \"psa_manifest/ffm11_ipc.h\"\n"
	    "#include \"psa_manifest/ffm11_sfn.h\"\n"
	    "unsigned long user_values[] = {IPC11_STATELESS_A_HANDLE,\n"
	    "\tTFM_SP_IRQ_ONLY, IPC11_TIMER_SIGNAL, "
	    "TFM_SP_SFN11_MODEL_SFN};\n");
	for (i = 0; i < ARRAY_SIZE(compilers); i++) {
		if (!compiler_works(compilers[i]))
			continue;
		assert_int_equal(syntax_check(compilers[i], out, table), 0);
		assert_int_equal(syntax_check(compilers[i], out, user), 0);
		ran++;
	}
	assert_true(ran > 0);
	free(table);
	free(user);
	result_free(&r);
	free(out);
}

/* ---- backends ------------------------------------------------------------ */

static const char *const sfn_lists[] = {VALID "sfn_list.yaml"};

static const char sfn_note[] =
        "spm-manifest: note: no partition uses the IPC model and the "
        "isolation level is 1: the SFN backend is recommended (less memory, "
        "faster); set CONFIG_TFM_SPM_BACKEND=SFN";

static void sfn_options(struct manifest_options *opt, const char *out,
                        enum manifest_backend backend, unsigned level)
{
	manifest_options_init(opt);
	opt->lists = sfn_lists;
	opt->n_lists = 1;
	opt->outdir = out;
	opt->backend = backend;
	opt->isolation = level;
}

/** SFN partitions only: the SFN backend takes them. */
static void test_sfn_backend_accepts_sfn_partitions(void **state)
{
	struct fx *f = *state;
	char *out = fx_path(f, "out");
	struct manifest_options opt;
	struct result r;

	sfn_options(&opt, out, MANIFEST_BACKEND_SFN, 1);
	compile_ok(&r, &opt);
	assert_int_equal(manifest_diag_count(&r.diag), 0);
	assert_int_equal(r.model.n_parts, 2);
	assert_null(part(&r, "TFM_SP_SFN_IRQ")->entry_init);
	result_free(&r);
	free(out);
}

/** The IPC backend runs them too, and says SFN would do better. */
static void test_ipc_backend_recommends_sfn(void **state)
{
	struct fx *f = *state;
	char *out = fx_path(f, "out");
	struct manifest_options opt;
	struct result r;

	sfn_options(&opt, out, MANIFEST_BACKEND_IPC, 1);
	compile_ok(&r, &opt);
	assert_int_equal(manifest_diag_count(&r.diag), 1);
	assert_string_equal(manifest_diag_line(&r.diag, 0), sfn_note);
	result_free(&r);
	/* Level 2 needs IPC anyway: no advice. */
	sfn_options(&opt, out, MANIFEST_BACKEND_IPC, 2);
	compile_ok(&r, &opt);
	/* Only the MM-IOVEC warning: TF-M accepts the manifest there and
	 * runs the service without MM-IOVEC. */
	assert_int_equal(manifest_diag_count(&r.diag), 1);
	assert_non_null(
	        strstr(manifest_diag_line(&r.diag, 0),
	               ": warning: service 'SFN11_ECHO': MM-IOVEC is not "
	               "available at isolation level 2"));
	result_free(&r);
	free(out);
}

/** --print: one row per partition, then services, IRQs, MMIO, deps. */
static void test_print_table(void **state)
{
	struct generated g;
	struct manifest_options opt;
	char *t;

	generate(*state, &g);
	valid_options(&opt, g.out);
	t = manifest_print_table(&g.r.model, &opt);
	assert_contains(t, "4 secure partitions, SPM backend IPC, isolation "
	                   "level 1\n");
	assert_contains(t, "\nPID  NAME             TYPE             PRIORITY  "
	                   "MODEL  FF-M  STACK  HEAP   MANIFEST\n");
	assert_contains(t,
	                "\n257  TFM_SP_IPC11     APPLICATION-ROT  NORMAL    "
	                "IPC    1.1   0x800  0x0    " VALID "ffm11_ipc.yaml\n");
	assert_contains(t, "\n    IPC11_STATELESS_A  0x00000101  0x00000020  2 "
	                   "       RELAXED  no   0x40000201 (index 2)  "
	                   "disable\n");
	assert_contains(t, "\n    IPC11_TIMER_SIGNAL  0x80000000  40         "
	                   "      FLIH\n");
	assert_contains(t, "\n    0x50000000             0x1000  READ-ONLY\n");
	assert_contains(t, "  dependencies: IPC11_CONN\n");
	assert_contains(t, "TFM_SP_IRQ_ONLY (pid 256), entry irq_only_main "
	                   "(IPC)\n  services: none\n");
	free(t);
	generated_free(&g);
}

/* ---- command line, variables, conditionals ------------------------------ */

static int parse(struct manifest_cli *cli, struct manifest_diag *d,
                 const char **argv, int argc)
{
	manifest_diag_init(d);
	return manifest_cli_parse(cli, argc, (char **)argv, d);
}

static void test_cli_defaults(void **state)
{
	const char *argv[] = {"spm-manifest", "-o", "out", "l.yaml"};
	struct manifest_diag d;
	struct manifest_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, &d, argv, 4), MANIFEST_CLI_RUN);
	assert_int_equal(cli.opt.backend, MANIFEST_BACKEND_IPC);
	assert_int_equal(cli.opt.isolation, 1);
	assert_null(cli.opt.symbol);
	assert_null(cli.opt.depfile);
	assert_false(cli.print);
	assert_string_equal(cli.opt.outdir, "out");
	assert_int_equal(cli.opt.n_lists, 1);
	assert_string_equal(cli.opt.lists[0], "l.yaml");
	manifest_cli_free(&cli);
	manifest_diag_free(&d);
}

static void test_cli_every_option(void **state)
{
	const char *argv[] = {
	        "spm-manifest", "--backend", "sfn", "--isolation=1",
	        "-DFOO=1",      "-D",        "BAR", "--symbol",
	        "tab",          "--depfile", "d.d", "--print",
	        "-oout",        "a.yaml",    "--",  "-b.yaml"};
	struct manifest_diag d;
	struct manifest_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, &d, argv, ARRAY_SIZE(argv)),
	                 MANIFEST_CLI_RUN);
	assert_int_equal(cli.opt.backend, MANIFEST_BACKEND_SFN);
	assert_int_equal(cli.opt.n_defines, 2);
	assert_string_equal(manifest_define_value(&cli.opt, "FOO"), "1");
	/* "-D NAME" alone means ON. */
	assert_string_equal(manifest_define_value(&cli.opt, "BAR"), "ON");
	assert_null(manifest_define_value(&cli.opt, "BAZ"));
	assert_string_equal(cli.opt.symbol, "tab");
	assert_string_equal(cli.opt.depfile, "d.d");
	assert_true(cli.print);
	assert_string_equal(cli.opt.outdir, "out");
	assert_int_equal(cli.opt.n_lists, 2);
	assert_string_equal(cli.opt.lists[1], "-b.yaml");
	manifest_cli_free(&cli);
	manifest_diag_free(&d);
}

static void cli_error(const char **argv, int argc, const char *message)
{
	struct manifest_diag d;
	struct manifest_cli cli;

	assert_int_equal(parse(&cli, &d, argv, argc), MANIFEST_EXIT_ERROR);
	assert_int_equal(manifest_diag_count(&d), 1);
	assert_string_equal(manifest_diag_line(&d, 0), message);
	manifest_cli_free(&cli);
	manifest_diag_free(&d);
}

static void test_cli_errors(void **state)
{
	const char *bad_backend[] = {"x", "--backend", "TZ", "-o", "o", "l"};
	const char *bad_level[] = {"x", "--isolation", "4", "-o", "o", "l"};
	const char *no_value[] = {"x", "-o", "o", "l", "--backend"};
	const char *unknown[] = {"x", "--fast", "-o", "o", "l"};
	const char *no_out[] = {"x", "l"};
	const char *no_list[] = {"x", "-o", "o"};
	const char *bad_define[] = {"x", "-D=1", "-o", "o", "l"};

	(void)state;
	cli_error(bad_backend, 6,
	          "spm-manifest: error: invalid backend 'TZ' (use IPC or SFN)");
	cli_error(bad_level, 6,
	          "spm-manifest: error: invalid isolation level '4' (use 1, 2 "
	          "or 3)");
	cli_error(no_value, 5,
	          "spm-manifest: error: option '--backend' needs a value");
	cli_error(unknown, 5, "spm-manifest: error: unknown option '--fast'");
	cli_error(no_out, 2,
	          "spm-manifest: error: no output directory given (-o "
	          "OUTDIR)");
	cli_error(no_list, 3, "spm-manifest: error: no manifest list given");
	cli_error(bad_define, 5,
	          "spm-manifest: error: invalid -D '=1': expected "
	          "NAME[=VALUE]");
}

static void test_cli_help(void **state)
{
	const char *argv[] = {"spm-manifest", "--backend", "IPC", "--help"};
	struct manifest_diag d;
	struct manifest_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, &d, argv, 4), MANIFEST_CLI_HELP);
	assert_int_equal(manifest_diag_count(&d), 0);
	assert_contains(manifest_cli_usage(), "OUTDIR/psa_manifest/");
	assert_contains(manifest_cli_usage(), "--backend IPC|SFN");
	manifest_cli_free(&cli);
	manifest_diag_free(&d);
}

/** "-D X" alone is ON; empty, 0, OFF, FALSE, NO, N are off. */
static void test_conditional_values(void **state)
{
	static const char *const off[] = {"",      "0",  "OFF", "off",
	                                  "False", "NO", "n"};
	static const char *const on[] = {"ON", "1", "yes", "TRUE", "2"};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(off); i++)
		assert_false(manifest_list_value_on(off[i]));
	for (i = 0; i < ARRAY_SIZE(on); i++)
		assert_true(manifest_list_value_on(on[i]));
}

static const char minimal11[] = "psa_framework_version: 1.1\n"
                                "name: TFM_SP_M\n"
                                "type: PSA-ROT\n"
                                "entry_point: m_main\n"
                                "stack_size: 0x400\n"
                                "services:\n"
                                "  - name: M_SVC\n"
                                "    sid: 0x10\n";

/** ${NAME} comes from -D first, then from the environment. */
static void test_manifest_path_variables(void **state)
{
	struct fx *f = *state;
	char *list = fx_path(f, "list.yaml"), *out = fx_path(f, "out");
	const char *lists[] = {list};
	struct manifest_define defs[] = {{"SPM_TEST_NAME", "sub/m"}};
	struct manifest_options opt;
	struct result r;

	put(f, "sub/m.yaml", minimal11);
	put(f, "list.yaml",
	    "manifest_list:\n"
	    "  - manifest: ${SPM_TEST_DIR}/${SPM_TEST_NAME}.yaml\n");
	setenv("SPM_TEST_DIR", f->dir, 1);
	setenv("SPM_TEST_NAME", "missing", 1);
	manifest_options_init(&opt);
	opt.lists = lists;
	opt.n_lists = 1;
	opt.outdir = out;
	opt.defines = defs;
	opt.n_defines = 1;
	compile_ok(&r, &opt);
	/* An absolute path is kept as it is. */
	assert_string_equal(r.model.parts[0].header, "m");
	assert_int_equal(
	        strncmp(r.model.parts[0].manifest, f->dir, strlen(f->dir)), 0);
	result_free(&r);
	unsetenv("SPM_TEST_DIR");
	unsetenv("SPM_TEST_NAME");
	free(list);
	free(out);
}

/* ---- malformed inputs: exact place and message --------------------------- */

/*
 * Each case writes m.yaml (and o.yaml when set) and list.yaml (by default
 * one entry naming m.yaml) into the test directory, compiles, and expects
 * exactly the listed errors, exit status 2 and no output directory.
 */
struct bad_case {
	const char *name;
	const char *manifest;
	const char *other;
	/** Where to write @other; "o.yaml" when NULL. */
	const char *other_path;
	const char *list;
	enum manifest_backend backend;
	unsigned isolation;
	const char *expect[8];
};

static const char default_list[] = "manifest_list:\n"
                                   "  - manifest: m.yaml\n";
static const char two_list[] = "manifest_list:\n"
                               "  - manifest: m.yaml\n"
                               "  - manifest: o.yaml\n";

static const struct bad_case bad_cases[] = {
        {
                .name = "yaml_unclosed_flow_sequence",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: [TFM_SP_M\n",
                .expect = {"@/m.yaml:3:1: error: YAML syntax error: did not "
                           "find expected ',' or ']' (while parsing a flow "
                           "sequence at line 2, column 7)"},
        },
        {
                .name = "yaml_bad_indentation",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            " type: PSA-ROT\n",
                .expect = {"@/m.yaml:3:6: error: YAML syntax error: mapping "
                           "values are not allowed in this context"},
        },
        {
                .name = "yaml_tab_indentation",
                .manifest = "services:\n"
                            "\t- name: X\n",
                .expect = {"@/m.yaml:2:1: error: YAML syntax error: found "
                           "character that cannot start any token (while "
                           "scanning for the next token at line 2, column 1)"},
        },
        {
                .name = "empty_file",
                .manifest = "",
                .expect = {"@/m.yaml:1:1: error: empty file; expected a "
                           "mapping"},
        },
        {
                .name = "comments_only",
                .manifest = "# nothing here\n\n",
                .expect = {"@/m.yaml:1:1: error: empty file; expected a "
                           "mapping"},
        },
        {
                .name = "top_level_sequence",
                .manifest = "- psa_framework_version: 1.1\n",
                .expect = {"@/m.yaml:1:1: error: the top level must be a "
                           "mapping, not a sequence"},
        },
        {
                .name = "top_level_scalar",
                .manifest = "just text\n",
                .expect = {"@/m.yaml:1:1: error: the top level must be a "
                           "mapping, not 'just text'"},
        },
        {
                .name = "invalid_utf8",
                .manifest = "psa_framework_version: 1.1\n"
                            "description: caf\xc3\x28\n",
                .expect = {"@/m.yaml:2:18: error: invalid YAML input: invalid "
                           "trailing UTF-8 octet (0x28)"},
        },
        {
                .name = "two_documents",
                .manifest = "psa_framework_version: 1.1\n"
                            "---\n"
                            "name: TFM_SP_M\n",
                .expect = {"@/m.yaml:2:1: error: more than one YAML document "
                           "in the file"},
        },
        {
                .name = "alias",
                .manifest = "psa_framework_version: &v 1.1\n"
                            "name: *v\n",
                .expect = {"@/m.yaml:2:7: error: YAML aliases are not "
                           "supported"},
        },
        {
                .name = "nesting_too_deep",
                .manifest = "a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]"
                            "]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
                .expect = {"@/m.yaml:1:35: error: nesting deeper than 32 "
                           "levels"},
        },
        {
                .name = "duplicate_key",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services:\n"
                            "  - name: M_SVC\n"
                            "    sid: 0x10\n"
                            "    sid: 0x11\n",
                .expect = {"@/m.yaml:9:5: error: duplicate key 'sid' (first "
                           "at line 8)"},
        },
        {
                .name = "unknown_attribute",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "colour: red\n"
                            "services:\n"
                            "  - name: M_SVC\n"
                            "    sid: 0x10\n"
                            "    signal: M_SIG\n",
                .expect = {"@/m.yaml:6:1: error: unknown partition attribute "
                           "'colour'",
                           "@/m.yaml:10:5: error: unknown service attribute "
                           "'signal'"},
        },
        {
                .name = "non_ffm_attribute_not_declared",
                .manifest = "psa_framework_version: 1.0\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "irqs:\n"
                            "  - source: 5\n"
                            "    signal: M_IRQ\n"
                            "    irq_priority: 64\n",
                .expect = {"@/m.yaml:9:5: error: unknown IRQ attribute "
                           "'irq_priority'"},
        },
        {
                .name = "missing_required_attributes",
                .manifest = "psa_framework_version: 1.1\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "services:\n"
                            "  - name: M_SVC\n",
                .expect = {"@/m.yaml:5:5: error: missing required service "
                           "attribute 'sid'",
                           "@/m.yaml:1:1: error: missing required partition "
                           "attribute 'name'",
                           "@/m.yaml:1:1: error: missing required partition "
                           "attribute 'stack_size'"},
        },
        {
                .name = "missing_framework_version",
                .manifest = "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n",
                .expect = {"@/m.yaml:1:1: error: missing required partition "
                           "attribute 'psa_framework_version'"},
        },
        {
                .name = "bad_framework_version",
                .manifest = "psa_framework_version: 1.2\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n",
                .expect = {"@/m.yaml:1:24: error: attribute "
                           "'psa_framework_version' must be 1.0 or 1.1, got "
                           "'1.2'"},
        },
        {
                .name = "wrong_types",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: 9lives\n"
                            "type: PSA-ROT\n"
                            "entry_point: int\n"
                            "stack_size: big;\n"
                            "services:\n"
                            "  name: M_SVC\n"
                            "dependencies: M_SVC\n",
                .expect =
                        {"@/m.yaml:2:7: error: attribute 'name' must be a C "
                         "identifier, got '9lives'",
                         "@/m.yaml:4:14: error: attribute 'entry_point' must "
                         "be a C identifier, got 'int'",
                         "@/m.yaml:5:13: error: attribute 'stack_size' must "
                         "be an integer (decimal or 0x-hex) or a C constant "
                         "expression such as a macro name, got 'big;'",
                         "@/m.yaml:7:3: error: attribute 'services' must be a "
                         "sequence, got a mapping",
                         "@/m.yaml:8:15: error: attribute 'dependencies' must "
                         "be a sequence, got 'M_SVC'"},
        },
        {
                .name = "wrong_item_types",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services:\n"
                            "  - M_SVC\n"
                            "  - name: M_SVC\n"
                            "    sid: 0x10\n"
                            "    version: 1.5\n"
                            "dependencies: [[A]]\n",
                .expect = {"@/m.yaml:7:5: error: an item of 'services' must "
                           "be a mapping, got 'M_SVC'",
                           "@/m.yaml:10:14: error: attribute 'version' must be "
                           "an integer (decimal or 0x-hex), got '1.5'",
                           "@/m.yaml:11:16: error: an item of 'dependencies' "
                           "must be a C identifier, got a sequence"},
        },
        {
                .name = "quoted_boolean",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services:\n"
                            "  - name: M_SVC\n"
                            "    sid: 0x10\n"
                            "    non_secure_clients: \"true\"\n"
                            "    connection_based: yes\n",
                .expect =
                        {"@/m.yaml:9:25: error: attribute "
                         "'non_secure_clients' must be true or false "
                         "(unquoted), got \"true\"",
                         "@/m.yaml:10:23: error: attribute 'connection_based' "
                         "must be true or false (unquoted), got 'yes'"},
        },
        {
                .name = "stack_size_out_of_range",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0\n"
                            "heap_size: -1\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n",
                .expect = {"@/m.yaml:5:13: error: attribute 'stack_size' must "
                           "be between 0x8 and 0x100000, got 0",
                           "@/m.yaml:6:12: error: attribute 'heap_size' must "
                           "be an integer (decimal or 0x-hex) or a C constant "
                           "expression such as a macro name, got '-1'"},
        },
        {
                .name = "stack_size_not_multiple_of_8",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: \"0x404\"\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n",
                .expect = {"@/m.yaml:5:13: error: attribute 'stack_size' must "
                           "be a multiple of 8, got 0x404"},
        },
        {
                .name = "stack_size_too_big",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x100008\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n",
                .expect = {"@/m.yaml:5:13: error: attribute 'stack_size' must "
                           "be between 0x8 and 0x100000, got 0x100008"},
        },
        {
                .name = "sid_and_version_out_of_range",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services:\n"
                            "  - name: M_BIG\n"
                            "    sid: 0x100000000\n"
                            "  - name: M_ZERO\n"
                            "    sid: 0\n"
                            "    version: 0\n",
                .expect = {"@/m.yaml:8:10: error: attribute 'sid' must be "
                           "between 0x1 and 0xFFFFFFFF, got 0x100000000",
                           "@/m.yaml:10:10: error: attribute 'sid' must be "
                           "between 0x1 and 0xFFFFFFFF, got 0",
                           "@/m.yaml:11:14: error: attribute 'version' must be "
                           "between 1 and 4294967295, got 0"},
        },
        {
                .name = "bad_enum_values",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: SECURE\n"
                            "priority: URGENT\n"
                            "model: ipc\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services:\n"
                            "  - name: M_SVC\n"
                            "    sid: 0x10\n"
                            "    version_policy: LOOSE\n"
                            "    mm_iovec: true\n",
                .expect =
                        {"@/m.yaml:3:7: error: attribute 'type' must be "
                         "PSA-ROT or APPLICATION-ROT, got 'SECURE'",
                         "@/m.yaml:4:11: error: attribute 'priority' must be "
                         "HIGH, NORMAL or LOW, got 'URGENT'",
                         "@/m.yaml:5:8: error: attribute 'model' must be IPC, "
                         "SFN or dual, got 'ipc'",
                         "@/m.yaml:11:21: error: attribute 'version_policy' "
                         "must be STRICT or RELAXED, got 'LOOSE'",
                         "@/m.yaml:12:15: error: attribute 'mm_iovec' must be "
                         "enable or disable, got 'true'"},
        },
        {
                .name = "irq_attributes_of_the_other_version",
                .manifest = "psa_framework_version: 1.0\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "irqs:\n"
                            "  - source: 5\n"
                            "    name: M_IRQ\n"
                            "    handling: FLIH\n",
                .other = "psa_framework_version: 1.1\n"
                         "name: TFM_SP_O\n"
                         "type: PSA-ROT\n"
                         "entry_point: o_main\n"
                         "stack_size: 0x400\n"
                         "irqs:\n"
                         "  - source: 6\n"
                         "    signal: O_IRQ\n",
                .list = two_list,
                .expect =
                        {"@/m.yaml:7:5: error: missing required IRQ attribute "
                         "'signal'",
                         "@/o.yaml:7:5: error: missing required IRQ attribute "
                         "'name'"},
        },
        {
                .name = "ipc_without_entry_point",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "stack_size: 0x400\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n",
                .expect = {"@/m.yaml:1:1: error: missing required partition "
                           "attribute 'entry_point' (the IPC model needs it)"},
        },
        {
                .name = "sfn_with_entry_point",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "model: SFN\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n",
                .expect = {"@/m.yaml:5:1: error: attribute 'entry_point' is "
                           "not allowed with the SFN model (use 'entry_init')"},
        },
        {
                .name = "ipc_with_entry_init",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "entry_init: m_init\n"
                            "stack_size: 0x400\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n",
                .expect = {"@/m.yaml:5:1: error: attribute 'entry_init' is not "
                           "allowed with the IPC model (use 'entry_point')"},
        },
        {
                .name = "no_service_and_no_irq",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services: []\n",
                .expect = {"@/m.yaml:1:1: error: partition 'TFM_SP_M' has no "
                           "service and no IRQ"},
        },
        {
                .name = "stateless_rules",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services:\n"
                            "  - name: M_CONN\n"
                            "    sid: 0x10\n"
                            "    stateless_handle: 3\n"
                            "  - name: M_BIG\n"
                            "    sid: 0x11\n"
                            "    connection_based: false\n"
                            "    stateless_handle: 33\n"
                            "  - name: M_WIDE\n"
                            "    sid: 0x12\n"
                            "    connection_based: false\n"
                            "    version: 256\n",
                .expect =
                        {"@/m.yaml:9:5: error: attribute 'stateless_handle' "
                         "needs 'connection_based: false'",
                         "@/m.yaml:13:23: error: attribute 'stateless_handle' "
                         "must be auto or between 1 and 32, got 33",
                         "@/m.yaml:17:14: error: stateless service 'M_WIDE' "
                         "has version 256, which does not fit the 8 bits of "
                         "its handle (at most 255)"},
        },
        {
                .name = "duplicate_stateless_handle",
                .manifest =
                        "psa_framework_version: 1.1\n"
                        "name: TFM_SP_M\n"
                        "type: PSA-ROT\n"
                        "entry_point: m_main\n"
                        "stack_size: 0x400\n"
                        "services:\n"
                        "  - {name: M_A, sid: 0x10, connection_based: false,"
                        " stateless_handle: 7}\n"
                        "  - {name: M_B, sid: 0x11, connection_based: false,"
                        " stateless_handle: \"7\"}\n",
                .expect = {"@/m.yaml:8:71: error: stateless_handle 7 of "
                           "service 'M_B' is already used by service 'M_A' at "
                           "@/m.yaml:7"},
        },
        {
                .name = "mmio_region_forms",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n"
                            "mmio_regions:\n"
                            "  - name: SPMSIM_TIMER0\n"
                            "    base: 0x1000\n"
                            "    permission: READ-ONLY\n"
                            "  - base: 0x2000\n"
                            "    permission: READ-ONLY\n"
                            "  - permission: READ-WRITE\n"
                            "  - base: 0xFFFFF000\n"
                            "    size: 0x2000\n"
                            "    permission: WRITE-ONLY\n"
                            "  - name: SPMSIM_UART0\n",
                .expect = {"@/m.yaml:9:5: error: attribute 'base' cannot be "
                           "combined with 'name' in an MMIO region",
                           "@/m.yaml:11:5: error: missing required MMIO region "
                           "attribute 'size' (with 'base')",
                           "@/m.yaml:13:5: error: an MMIO region needs 'name', "
                           "or 'base' and 'size'",
                           "@/m.yaml:16:17: error: attribute 'permission' must "
                           "be READ-ONLY or READ-WRITE, got 'WRITE-ONLY'",
                           "@/m.yaml:15:11: error: MMIO region 0xFFFFF000 + "
                           "0x2000 goes past the end of the 32-bit address "
                           "space",
                           "@/m.yaml:17:5: error: missing required MMIO region "
                           "attribute 'permission'"},
        },
        {
                .name = "irq_sources_and_names",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "irqs:\n"
                            "  - {source: 5, name: M_A, handling: SLIH}\n"
                            "  - {source: \"5\", name: M_B, handling: SLIH}\n"
                            "  - {source: SPMSIM_UART0_RX_IRQ, name: M_A, "
                            "handling: FLIH}\n"
                            "  - {source: 2x, name: M_C, handling: SLIH}\n",
                .expect =
                        {"@/m.yaml:10:14: error: attribute 'source' must be "
                         "an integer (decimal or 0x-hex), got '2x'",
                         "@/m.yaml:9:41: error: duplicate IRQ name 'M_A' "
                         "(first at @/m.yaml:7)",
                         "@/m.yaml:8:14: error: duplicate IRQ source 5 (first "
                         "at @/m.yaml:7)"},
        },
        {
                .name = "generated_names_collide",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "model: SFN\n"
                            "stack_size: 0x400\n"
                            "services:\n"
                            "  - name: M_TIMER\n"
                            "    sid: 0x10\n"
                            "irqs:\n"
                            "  - source: 5\n"
                            "    name: M_TIMER\n"
                            "    handling: SLIH\n",
                .expect = {"@/m.yaml:11:11: error: name 'M_TIMER_SIGNAL' (the "
                           "signal of IRQ 'M_TIMER') collides with the signal "
                           "of service 'M_TIMER' at @/m.yaml:7"},
        },
        {
                .name = "duplicate_sid_and_names_across_partitions",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services:\n"
                            "  - name: M_SVC\n"
                            "    sid: 0x10\n",
                .other = "psa_framework_version: 1.1\n"
                         "name: TFM_SP_M\n"
                         "type: PSA-ROT\n"
                         "entry_point: o_main\n"
                         "stack_size: 0x400\n"
                         "services:\n"
                         "  - name: O_SVC\n"
                         "    sid: 0x10\n"
                         "  - name: M_SVC\n"
                         "    sid: 0x20\n",
                .list = two_list,
                .expect = {"@/o.yaml:2:7: error: duplicate partition name "
                           "'TFM_SP_M' (first at @/m.yaml:2)",
                           "@/o.yaml:9:11: error: duplicate service name "
                           "'M_SVC' (first at @/m.yaml:7)",
                           "@/o.yaml:8:10: error: duplicate SID 0x00000010 of "
                           "service 'O_SVC' (service 'M_SVC' has it, at "
                           "@/m.yaml:8)"},
        },
        {
                .name = "duplicate_pid",
                .manifest = minimal11,
                .other = "psa_framework_version: 1.0\n"
                         "name: TFM_SP_O\n"
                         "type: PSA-ROT\n"
                         "entry_point: o_main\n"
                         "stack_size: 0x400\n"
                         "services: [{name: O_SVC, sid: 0x20}]\n",
                .list = "manifest_list:\n"
                        "  - manifest: m.yaml\n"
                        "    pid: 300\n"
                        "  - manifest: o.yaml\n"
                        "    pid: \"300\"\n",
                .expect = {"@/list.yaml:5:10: error: duplicate PID 300 (first "
                           "at @/list.yaml:3)"},
        },
        {
                .name = "circular_dependency",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n"
                            "dependencies: [O_SVC]\n",
                .other = "psa_framework_version: 1.1\n"
                         "name: TFM_SP_O\n"
                         "type: PSA-ROT\n"
                         "entry_point: o_main\n"
                         "stack_size: 0x400\n"
                         "services: [{name: O_SVC, sid: 0x20}]\n"
                         "dependencies:\n"
                         "  - M_SVC\n",
                .list = two_list,
                .expect = {"@/o.yaml:8:5: error: circular dependency between "
                           "partitions: TFM_SP_M -> TFM_SP_O -> TFM_SP_M"},
        },
        {
                .name = "self_and_unknown_dependency",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n"
                            "dependencies: [NO_SUCH_SVC, M_SVC, M_SVC]\n",
                .expect = {"@/m.yaml:7:16: error: dependency 'NO_SUCH_SVC' is "
                           "not a service of any partition",
                           "@/m.yaml:7:36: error: duplicate dependency 'M_SVC' "
                           "(first at @/m.yaml:7)",
                           "@/m.yaml:7:29: error: circular dependency between "
                           "partitions: TFM_SP_M -> TFM_SP_M"},
        },
        {
                .name = "missing_manifest_file",
                .manifest = minimal11,
                .list = "manifest_list:\n"
                        "  - manifest: m.yaml\n"
                        "  - description: not there\n"
                        "    manifest: gone.yaml\n",
                .expect = {"@/list.yaml:4:15: error: cannot read manifest "
                           "'@/gone.yaml': No such file or directory"},
        },
        {
                .name = "bad_list_attributes",
                .manifest = minimal11,
                .list = "type: partition_list\n"
                        "version_major: -1\n"
                        "manifest_list:\n"
                        "  - manifest: m.yaml\n"
                        "    pid: 0\n"
                        "    conditional: \"@TFM_PARTITION_M@\"\n"
                        "    linker_pattern: {library_list: [a], bin_list: "
                        "[]}\n"
                        "    output: here\n"
                        "  - description: no manifest\n",
                .expect = {"@/list.yaml:1:7: error: attribute 'type' must be "
                           "manifest_list, got 'partition_list'",
                           "@/list.yaml:2:16: error: attribute 'version_major' "
                           "must be an integer (decimal or 0x-hex), got '-1'",
                           "@/list.yaml:5:10: error: attribute 'pid' must be "
                           "between 1 and 2147483647, got 0",
                           "@/list.yaml:9:5: error: missing required manifest "
                           "list entry attribute 'manifest'"},
        },
        {
                .name = "list_missing_manifest_list",
                .list = "description: nothing listed\n",
                .expect = {"@/list.yaml:1:1: error: missing required manifest "
                           "list attribute 'manifest_list'"},
        },
        {
                .name = "undefined_variable",
                .manifest = minimal11,
                .list = "manifest_list:\n"
                        "  - manifest: ${SPM_MANIFEST_TEST_UNSET}/m.yaml\n"
                        "  - manifest: ${SPM_MANIFEST_TEST_UNSET/m.yaml\n",
                .expect = {"@/list.yaml:2:15: error: undefined variable "
                           "'SPM_MANIFEST_TEST_UNSET' in attribute 'manifest' "
                           "(define it with -D NAME=VALUE, --var NAME=VALUE or "
                           "in the environment)",
                           "@/list.yaml:3:15: error: unterminated '${' in "
                           "attribute 'manifest'"},
        },
        {
                .name = "same_manifest_file_name",
                .manifest = minimal11,
                .other = "psa_framework_version: 1.1\n"
                         "name: TFM_SP_O\n"
                         "type: PSA-ROT\n"
                         "entry_point: o_main\n"
                         "stack_size: 0x400\n"
                         "services: [{name: O_SVC, sid: 0x20}]\n",
                .other_path = "sub/m.yaml",
                .list = "manifest_list:\n"
                        "  - manifest: m.yaml\n"
                        "  - manifest: sub/m.yaml\n"
                        "  - manifest: m.yaml\n"
                        "  - manifest: sid.yaml\n",
                .expect = {"@/list.yaml:4:15: error: manifest '@/m.yaml' is "
                           "listed twice (first at @/list.yaml:2)",
                           "@/list.yaml:5:15: error: manifest file name 'sid' "
                           "is reserved: psa_manifest/sid.h is generated for "
                           "all partitions",
                           "@/list.yaml:3:15: error: duplicate manifest file "
                           "name 'm': both would generate psa_manifest/m.h "
                           "(first at @/list.yaml:2)"},
        },
        {
                .name = "sfn_backend_ipc_partitions",
                .manifest = "psa_framework_version: 1.1\n"
                            "name: TFM_SP_M\n"
                            "type: PSA-ROT\n"
                            "model: IPC\n"
                            "entry_point: m_main\n"
                            "stack_size: 0x400\n"
                            "services: [{name: M_SVC, sid: 0x10}]\n",
                .other = "psa_framework_version: 1.0\n"
                         "name: TFM_SP_O\n"
                         "type: PSA-ROT\n"
                         "entry_point: o_main\n"
                         "stack_size: 0x400\n"
                         "services: [{name: O_SVC, sid: 0x20}]\n",
                .list = two_list,
                .backend = MANIFEST_BACKEND_SFN,
                .expect = {"@/m.yaml:4:1: error: partition 'TFM_SP_M' uses the "
                           "IPC model, which the SFN backend cannot run; "
                           "CONFIG_TFM_SPM_BACKEND=IPC is required",
                           "@/o.yaml:1:1: error: partition 'TFM_SP_O' uses the "
                           "IPC model, which the SFN backend cannot run; "
                           "CONFIG_TFM_SPM_BACKEND=IPC is required"},
        },
        {
                .name = "sfn_backend_isolation_level_2",
                .manifest = minimal11,
                .backend = MANIFEST_BACKEND_SFN,
                .isolation = 2,
                .expect =
                        {"spm-manifest: error: isolation level 2 requires the "
                         "IPC backend (CONFIG_TFM_SPM_BACKEND=IPC); the SFN "
                         "backend supports level 1 only"},
        },
        {
                .name = "sfn_backend_isolation_level_3",
                .manifest = minimal11,
                .backend = MANIFEST_BACKEND_SFN,
                .isolation = 3,
                .expect =
                        {"spm-manifest: error: isolation level 3 requires the "
                         "IPC backend (CONFIG_TFM_SPM_BACKEND=IPC); the SFN "
                         "backend supports level 1 only"},
        },
};

/** Replaces every "@/" of @s with the test directory. */
static char *at_dir(const struct fx *f, const char *s)
{
	struct manifest_buf b = {0};

	for (; *s; s++) {
		if (s[0] == '@' && s[1] == '/')
			manifest_buf_puts(&b, f->dir);
		else
			manifest_buf_putc(&b, *s);
	}
	return manifest_buf_take(&b);
}

/** Compiles the test directory's list.yaml with @opt's backend/level. */
static void compile_dir(struct fx *f, struct result *r,
                        struct manifest_options *opt)
{
	char *list = fx_path(f, "list.yaml"), *out = fx_path(f, "out");
	const char *lists[] = {list};

	opt->lists = lists;
	opt->n_lists = 1;
	opt->outdir = out;
	opt->use_environment = false;
	result_init(r);
	r->rc = manifest_compile(opt, &r->diag, &r->model);
	/* Nothing is written when anything is wrong. */
	if (r->rc != 0)
		assert_false(exists(out));
	free(list);
	free(out);
}

/** Exactly the errors of @expect (NULL-terminated), and exit status 2. */
static void expect_errors(const struct fx *f, const struct result *r,
                          const char *const *expect, size_t max)
{
	size_t n;
	char *line;

	for (n = 0; n < max && expect[n]; n++) {
		line = at_dir(f, expect[n]);
		if (!manifest_diag_has(&r->diag, line)) {
			dump_diag(r);
			fail_msg("expected: %s", line);
		}
		free(line);
	}
	if (manifest_diag_errors(&r->diag) != n) {
		dump_diag(r);
		fail_msg("%u errors, expected %zu",
		         manifest_diag_errors(&r->diag), n);
	}
	assert_int_equal(r->rc, MANIFEST_EXIT_ERROR);
}

static void test_bad_case(void **state)
{
	struct fx *f = *state;
	const struct bad_case *c = f->bad;
	struct manifest_options opt;
	struct result r;

	if (c->manifest)
		put(f, "m.yaml", c->manifest);
	if (c->other)
		put(f, c->other_path ? c->other_path : "o.yaml", c->other);
	put(f, "list.yaml", c->list ? c->list : default_list);
	manifest_options_init(&opt);
	opt.backend = c->backend;
	opt.isolation = c->isolation ? c->isolation : 1;
	compile_dir(f, &r, &opt);
	expect_errors(f, &r, c->expect, ARRAY_SIZE(c->expect));
	result_free(&r);
}

/* ---- malformed inputs built by code ------------------------------------- */

static void run_bad(struct fx *f, const char *manifest,
                    const char *const *expect, size_t n)
{
	struct manifest_options opt;
	struct result r;

	put(f, "m.yaml", manifest);
	put(f, "list.yaml", default_list);
	manifest_options_init(&opt);
	compile_dir(f, &r, &opt);
	expect_errors(f, &r, expect, n);
	result_free(&r);
}

/** Random-looking bytes with NULs: refused at the first bad byte. */
static void test_binary_garbage(void **state)
{
	static const unsigned char garbage[] = {
	        0x7F, 'E',  'L',  'F',  0x02, 0x01, 0x01, 0x00, 0xFF, 0xFE,
	        0x00, 0x00, 0x13, 0x37, 0xC0, 0xDE, 0x0A, 0x99, 0x88,
	};
	static const char *const expect[] = {
	        "@/m.yaml:1:1: error: invalid YAML input: control characters "
	        "are not allowed (0x7F)",
	        NULL};
	struct fx *f = *state;
	struct manifest_options opt;
	struct result r;

	put_bytes(f, "m.yaml", garbage, sizeof(garbage));
	put(f, "list.yaml", default_list);
	manifest_options_init(&opt);
	compile_dir(f, &r, &opt);
	expect_errors(f, &r, expect, 2);
	result_free(&r);
}

/** A NUL in the middle of a valid-looking file. */
static void test_nul_byte(void **state)
{
	static const char text[] = "psa_framework_version: 1.1\nname: A\0B\n";
	static const char *const expect[] = {
	        "@/m.yaml:2:8: error: invalid YAML input: control characters "
	        "are not allowed (0x00)",
	        NULL};
	struct fx *f = *state;
	struct manifest_options opt;
	struct result r;

	put_bytes(f, "m.yaml", text, sizeof(text) - 1);
	put(f, "list.yaml", default_list);
	manifest_options_init(&opt);
	compile_dir(f, &r, &opt);
	expect_errors(f, &r, expect, 2);
	result_free(&r);
}

/** A 1 MB manifest: a huge description and 10000 services. */
static void test_one_megabyte_file(void **state)
{
	static const char *const expect[] = {
	        "@/m.yaml:36:5: error: partition 'TFM_SP_BIG' has 10000 "
	        "services and IRQs; at most 28 are allowed",
	        NULL};
	struct manifest_buf b = {0};
	size_t i;

	manifest_buf_puts(&b, "psa_framework_version: 1.1\nname: TFM_SP_BIG\n"
	                      "type: PSA-ROT\nentry_point: big_main\n"
	                      "stack_size: 0x400\ndescription: \"");
	while (b.len < 800 * 1024)
		manifest_buf_puts(&b, "all work and no play ");
	manifest_buf_puts(&b, "\"\nservices:\n");
	for (i = 0; i < 10000; i++)
		manifest_buf_printf(&b, "  - {name: S%zu, sid: %zu}\n", i,
		                    i + 1);
	assert_true(b.len > 1024 * 1024);
	run_bad(*state, b.s, expect, 2);
	manifest_buf_free(&b);
}

/** 29 signals: the 29th (the 9th IRQ, after 20 services) is reported. */
static void test_too_many_services_and_irqs(void **state)
{
	static const char *const expect[] = {
	        "@/m.yaml:36:5: error: partition 'TFM_SP_M' has 29 services "
	        "and IRQs; at most 28 are allowed",
	        NULL};
	struct manifest_buf b = {0};
	size_t i;

	manifest_buf_puts(&b, "psa_framework_version: 1.1\nname: TFM_SP_M\n"
	                      "type: PSA-ROT\nentry_point: m_main\n"
	                      "stack_size: 0x400\nservices:\n");
	for (i = 0; i < 20; i++)
		manifest_buf_printf(&b, "  - {name: M_S%zu, sid: %zu}\n", i,
		                    i + 1);
	manifest_buf_puts(&b, "irqs:\n");
	for (i = 0; i < 9; i++)
		manifest_buf_printf(&b,
		                    "  - {source: %zu, name: M_I%zu, "
		                    "handling: SLIH}\n",
		                    i, i);
	run_bad(*state, b.s, expect, 2);
	manifest_buf_free(&b);
}

/** 28 signals are fine: bits 4..23 for services, 31..24 for IRQs. */
static void test_twenty_eight_signals(void **state)
{
	struct fx *f = *state;
	struct manifest_buf b = {0};
	struct manifest_options opt;
	struct result r;
	size_t i;

	manifest_buf_puts(&b, "psa_framework_version: 1.1\nname: TFM_SP_M\n"
	                      "type: PSA-ROT\nentry_point: m_main\n"
	                      "stack_size: 0x400\nservices:\n");
	for (i = 0; i < 20; i++)
		manifest_buf_printf(&b, "  - {name: M_S%zu, sid: %zu}\n", i,
		                    i + 1);
	manifest_buf_puts(&b, "irqs:\n");
	for (i = 0; i < 8; i++)
		manifest_buf_printf(&b,
		                    "  - {source: %zu, name: M_I%zu, "
		                    "handling: SLIH}\n",
		                    i, i);
	put(f, "m.yaml", b.s);
	put(f, "list.yaml", default_list);
	manifest_options_init(&opt);
	compile_dir(f, &r, &opt);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.model.parts[0].services[19].signal, 1u << 23);
	assert_int_equal(r.model.parts[0].irqs[7].signal, 1u << 24);
	result_free(&r);
	manifest_buf_free(&b);
}

/** 33 stateless services: the 33rd is reported. */
static void test_too_many_stateless_services(void **state)
{
	static const char *const expect[] = {
	        "@/m.yaml:39:5: error: more than 32 stateless services (the "
	        "handle has 5 bits of index): service 'M_S32' is number 33",
	        "@/m.yaml:35:5: error: partition 'TFM_SP_M' has 33 services "
	        "and IRQs; at most 28 are allowed",
	        NULL};
	struct manifest_buf b = {0};
	size_t i;

	manifest_buf_puts(&b, "psa_framework_version: 1.1\nname: TFM_SP_M\n"
	                      "type: PSA-ROT\nentry_point: m_main\n"
	                      "stack_size: 0x400\nservices:\n");
	for (i = 0; i < 33; i++)
		manifest_buf_printf(&b,
		                    "  - {name: M_S%zu, sid: %zu, "
		                    "connection_based: false}\n",
		                    i, i + 1);
	run_bad(*state, b.s, expect, 3);
	manifest_buf_free(&b);
}

/** Many errors: the first 20 are reported, then the compiler stops. */
static void test_error_limit(void **state)
{
	struct fx *f = *state;
	struct manifest_buf b = {0};
	struct manifest_options opt;
	struct result r;
	size_t i;

	manifest_buf_puts(&b, "psa_framework_version: 1.1\n");
	for (i = 0; i < 50; i++)
		manifest_buf_printf(&b, "unknown_%zu: 1\n", i);
	put(f, "m.yaml", b.s);
	put(f, "list.yaml", default_list);
	manifest_options_init(&opt);
	compile_dir(f, &r, &opt);
	assert_int_equal(r.rc, MANIFEST_EXIT_ERROR);
	assert_int_equal(manifest_diag_errors(&r.diag), 20);
	assert_int_equal(manifest_diag_count(&r.diag), 21);
	assert_string_equal(manifest_diag_line(&r.diag, 20),
	                    "spm-manifest: error: too many errors, stopping "
	                    "after 20");
	result_free(&r);
	manifest_buf_free(&b);
}

/** An unreadable list: no place in a file to point at. */
static void test_missing_list(void **state)
{
	struct fx *f = *state;
	struct manifest_options opt;
	struct result r;
	char *expect;

	manifest_options_init(&opt);
	compile_dir(f, &r, &opt);
	expect = at_dir(f, "spm-manifest: error: cannot read manifest list "
	                   "'@/list.yaml': No such file or directory");
	assert_int_equal(r.rc, MANIFEST_EXIT_ERROR);
	assert_int_equal(manifest_diag_count(&r.diag), 1);
	assert_string_equal(manifest_diag_line(&r.diag, 0), expect);
	free(expect);
	result_free(&r);
}

/** The malformed fixtures of tests/manifest/invalid/, paths as given. */
static void test_invalid_fixture_files(void **state)
{
	static const char *const lists[] = {"tests/manifest/invalid/list.yaml"};
	static const char *const expect[] = {
	        "tests/manifest/invalid/errors.json:8:17: error: attribute "
	        "'stack_size' must be a multiple of 8, got 0x3FF",
	        "tests/manifest/invalid/errors.json:12:14: error: attribute "
	        "'sid' must be between 0x1 and 0xFFFFFFFF, got 0xF0000000F",
	        "tests/manifest/invalid/errors.json:13:29: error: attribute "
	        "'non_secure_clients' must be true or false (unquoted), got "
	        "\"false\"",
	        "tests/manifest/invalid/errors.json:19:44: error: unknown IRQ "
	        "attribute 'irq_priority'",
	        "tests/manifest/invalid/ring_c.json:8:20: error: circular "
	        "dependency between partitions: TFM_SP_RING_A -> TFM_SP_RING_B "
	        "-> TFM_SP_RING_C -> TFM_SP_RING_A",
	        NULL};
	struct fx *f = *state;
	char *out = fx_path(f, "out");
	struct manifest_options opt;
	struct result r;

	manifest_options_init(&opt);
	opt.lists = lists;
	opt.n_lists = 1;
	opt.outdir = out;
	result_init(&r);
	r.rc = manifest_compile(&opt, &r.diag, &r.model);
	expect_errors(f, &r, expect, ARRAY_SIZE(expect));
	assert_false(exists(out));
	result_free(&r);
	free(out);
}

/* ---- TF-M's attribute set ------------------------------------------------ */

/** --var sets ${NAME}; --include and --dual-suffix reach the options. */
static void test_cli_tfm_options(void **state)
{
	const char *argv[] = {"spm-manifest",  "--var", "ROOT=/src",
	                      "--include",     "cfg.h", "--include=b.h",
	                      "--dual-suffix", "__sfn", "-o",
	                      "out",           "l.yaml"};
	const char *bad_var[] = {"spm-manifest", "--var", "ROOT",
	                         "-o",           "o",     "l.yaml"};
	const char *bad_sfx[] = {
	        "spm-manifest", "--dual-suffix", "a-b", "-o", "o", "l.yaml"};
	struct manifest_diag d;
	struct manifest_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, &d, argv, ARRAY_SIZE(argv)),
	                 MANIFEST_CLI_RUN);
	assert_string_equal(manifest_define_value(&cli.opt, "ROOT"), "/src");
	assert_int_equal(cli.opt.n_includes, 2);
	assert_string_equal(cli.opt.includes[1], "b.h");
	assert_string_equal(cli.opt.dual_suffix, "__sfn");
	manifest_cli_free(&cli);
	manifest_diag_free(&d);
	assert_int_equal(parse(&cli, &d, bad_var, ARRAY_SIZE(bad_var)),
	                 MANIFEST_EXIT_ERROR);
	assert_true(manifest_diag_has(&d, "spm-manifest: error: invalid --var "
	                                  "'ROOT': expected NAME=VALUE"));
	manifest_cli_free(&cli);
	manifest_diag_free(&d);
	assert_int_equal(parse(&cli, &d, bad_sfx, ARRAY_SIZE(bad_sfx)),
	                 MANIFEST_EXIT_ERROR);
	manifest_cli_free(&cli);
	manifest_diag_free(&d);
}

/** Client ids as TF-M reads them: 32-bit negative, with or without '-'. */
static void test_client_id_values(void **state)
{
	int64_t id = 0;

	(void)state;
	assert_true(manifest_parse_client_id("-0x0400ffff", &id));
	assert_int_equal(id, -0x0400ffff);
	assert_true(manifest_parse_client_id("0xFBFF0001", &id));
	assert_int_equal(id, -0x0400ffff);
	assert_true(manifest_parse_client_id("-1", &id));
	assert_int_equal(id, -1);
	assert_false(manifest_parse_client_id("0x100", &id));
	assert_false(manifest_parse_client_id("-0x80000000", &id));
	assert_false(manifest_parse_client_id("0x100000000", &id));
	assert_false(manifest_parse_client_id("MBOX_BASE", &id));
}

/** A dual partition under both backends, and its suffixed SFN names. */
static void test_dual_model(void **state)
{
	struct fx *f = *state;
	char *list = fx_path(f, "list.yaml"), *out = fx_path(f, "out");
	const char *lists[] = {list};
	struct manifest_options opt;
	struct result r;
	char *lt;

	put(f, "list.yaml", "manifest_list: [{manifest: d.yaml}]\n");
	put(f, "d.yaml",
	    "psa_framework_version: 1.1\nname: SP_D\n"
	    "type: PSA-ROT\nmodel: dual\nentry_point: d_main\n"
	    "entry_init: d_init\nstack_size: D_STACK\n"
	    "services: [{name: D_SVC, sid: 0xD0}]\n"
	    "irqs: [{source: 9, name: D_IRQ, handling: FLIH}]\n");
	manifest_options_init(&opt);
	opt.lists = lists;
	opt.n_lists = 1;
	opt.outdir = out;
	compile_ok(&r, &opt);
	assert_int_equal(r.model.parts[0].model, SPM_MODEL_IPC);
	assert_true(r.model.parts[0].dual);
	lt = output(out, "load_table.c");
	assert_contains(lt, "\nextern void d_main(void);\n");
	assert_contains(lt, ".stack_size = (D_STACK),");
	assert_contains(lt, ".flih = d_irq_flih,");
	free(lt);
	lt = output(out, "partitions.mk");
	assert_contains(lt, "\n$(SYS)_EXPORTS.SP_D := d_main d_irq_flih\n");
	free(lt);
	result_free(&r);
	opt.backend = MANIFEST_BACKEND_SFN;
	opt.dual_suffix = "__x";
	compile_ok(&r, &opt);
	assert_int_equal(r.model.parts[0].model, SPM_MODEL_SFN);
	lt = output(out, "load_table.c");
	assert_contains(lt, "\nextern psa_status_t d_init__x(void);\n");
	assert_contains(lt,
	                "\nextern psa_status_t d_svc_sfn__x(const psa_msg_t "
	                "*msg);\n");
	assert_contains(lt,
	                "\nextern psa_flih_result_t d_irq_flih__x(void);\n");
	assert_contains(lt, ".entry_init = d_init__x,");
	assert_contains(lt, ".sfn = d_svc_sfn__x,");
	free(lt);
	lt = output(out, "partitions.mk");
	assert_contains(lt, "\n$(SYS)_EXPORTS.SP_D := d_init__x d_svc_sfn__x "
	                    "d_irq_flih__x\n");
	free(lt);
	result_free(&r);
	free(list);
	free(out);
}

/** Attributes of the other FF-M version: warned about and ignored, as
 *  TF-M's generator ignores them. */
static void test_other_version_attributes_ignored(void **state)
{
	struct fx *f = *state;
	char *list = fx_path(f, "list.yaml"), *out = fx_path(f, "out");
	const char *lists[] = {list};
	struct manifest_options opt;
	struct result r;

	put(f, "list.yaml", "manifest_list: [{manifest: m.yaml}]\n");
	put(f, "m.yaml",
	    "psa_framework_version: 1.0\nname: SP_M\n"
	    "type: PSA-ROT\nmodel: SFN\nentry_point: m_main\n"
	    "stack_size: 0x400\nservices:\n  - name: M_SVC\n"
	    "    sid: 0x10\n    connection_based: false\n");
	manifest_options_init(&opt);
	opt.lists = lists;
	opt.n_lists = 1;
	opt.outdir = out;
	compile_ok(&r, &opt);
	assert_int_equal(r.model.parts[0].model, SPM_MODEL_IPC);
	assert_true(r.model.parts[0].services[0].connection_based);
	assert_int_equal(manifest_diag_count(&r.diag), 2);
	assert_non_null(strstr(manifest_diag_line(&r.diag, 0),
	                       "m.yaml:4:1: warning: attribute 'model' needs "
	                       "psa_framework_version 1.1; ignored"));
	result_free(&r);
	free(list);
	free(out);
}

/* ---- main --------------------------------------------------------------- */

/* ---- platform names (--platform) ---------------------------------------- */

/** A partition naming a user MMIO region and a user IRQ line. */
static const char platform_manifest[] =
        "psa_framework_version: 1.1\n"
        "name: TFM_SP_P\n"
        "type: APPLICATION-ROT\n"
        "entry_point: p_main\n"
        "stack_size: 0x400\n"
        "mmio_regions:\n"
        "  - {name: DEMO_DEV, permission: READ-WRITE}\n"
        "  - {name: SPMSIM_WATCHDOG, permission: READ-WRITE}\n"
        "irqs:\n"
        "  - {source: DEMO_IRQ, name: P_DEMO, handling: SLIH}\n";

static const char platform_file[] = "mmio_regions:\n"
                                    "  - name: DEMO_DEV\n"
                                    "    base: 0x40300000\n"
                                    "    size: 0x100\n"
                                    "irqs:\n"
                                    "  - {name: DEMO_IRQ, line: 40}\n";

/** Declared names resolve; both tables reach sim_memory_table.c. */
static void test_platform_file_names(void **state)
{
	struct fx *f = *state;
	char *plat = fx_path(f, "platform.yaml"), *out = fx_path(f, "out");
	struct manifest_options opt;
	struct result r;
	char *text;

	put(f, "m.yaml", platform_manifest);
	put(f, "platform.yaml", platform_file);
	put(f, "list.yaml", default_list);
	manifest_options_init(&opt);
	opt.platform = plat;
	compile_dir(f, &r, &opt);
	if (r.rc != 0)
		dump_diag(&r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.model.platform.n_regions, 1);
	assert_int_equal(r.model.platform.regions[0].base, 0x40300000u);
	assert_int_equal(r.model.platform.irqs[0].line, 40);
	text = output(out, "sim_memory_table.c");
	assert_contains(text, "spmsim_platform_regions[] = {\n"
	                      "\t{\"DEMO_DEV\", 0x40300000U, 0x100U},\n"
	                      "\t{0},\n};");
	assert_contains(text, "spmsim_platform_irqs[] = {\n"
	                      "\t{\"DEMO_IRQ\", 40U},\n\t{0},\n};");
	free(text);
	result_free(&r);
	free(plat);
	free(out);
}

/** Without a platform file, a name not built in fails at its place. */
static void test_platform_unknown_without_file(void **state)
{
	static const char *const expect[] = {
	        "@/m.yaml:7:12: error: unknown platform MMIO region "
	        "'DEMO_DEV': not built in (declare it in a platform file: "
	        "--platform FILE)",
	        "@/m.yaml:10:14: error: unknown platform interrupt 'DEMO_IRQ': "
	        "not built in (declare it in a platform file: --platform "
	        "FILE)",
	        NULL};

	run_bad(*state, platform_manifest, expect, ARRAY_SIZE(expect));
}

/** With one, the message names the file that lacks it. */
static void test_platform_unknown_with_file(void **state)
{
	static const char *const expect[] = {
	        "@/m.yaml:10:14: error: unknown platform interrupt 'DEMO_IRQ': "
	        "not built in nor in platform file '@/platform.yaml'",
	        NULL};
	struct fx *f = *state;
	char *plat = fx_path(f, "platform.yaml");
	struct manifest_options opt;
	struct result r;

	put(f, "m.yaml", platform_manifest);
	put(f, "platform.yaml",
	    "mmio_regions:\n"
	    "  - {name: DEMO_DEV, base: 0x40300000, "
	    "size: 0x100}\n");
	put(f, "list.yaml", default_list);
	manifest_options_init(&opt);
	opt.platform = plat;
	compile_dir(f, &r, &opt);
	expect_errors(f, &r, expect, ARRAY_SIZE(expect));
	result_free(&r);
	free(plat);
}

/** Every problem of the platform file itself, each at its place. */
static void test_platform_file_errors(void **state)
{
	static const char *const expect[] = {
	        "@/platform.yaml:3:12: error: duplicate platform MMIO region "
	        "'DEMO_DEV' (first at @/platform.yaml:2:12)",
	        "@/platform.yaml:4:24: error: platform MMIO region 'NEAR' "
	        "overlaps 'DEMO_DEV' (@/platform.yaml:2:12)",
	        "@/platform.yaml:5:28: error: platform MMIO region 'ON_TIMER' "
	        "overlaps the board's 'SPMSIM_TIMER0' (0x40100000 + 0x1000)",
	        "@/platform.yaml:6:12: error: platform MMIO region "
	        "'SPMSIM_UART0' is a built-in name of the simulated board",
	        "@/platform.yaml:7:23: error: platform MMIO region 'FAR' "
	        "0x5EFFFF00 + 0x1000 goes past the simulator's MMIO window "
	        "(0x40000000-0x5EFFFFFF)",
	        "@/platform.yaml:10:32: error: platform IRQ 'TWO': line 40 is "
	        "already 'ONE' (@/platform.yaml:9:12)",
	        "@/platform.yaml:11:32: error: attribute 'line' must be "
	        "between "
	        "0 and 255, got 256",
	        "@/platform.yaml:12:32: error: platform IRQ 'ON_TIMER_IRQ': "
	        "line 32 is the board's 'SPMSIM_TIMER0_IRQ'",
	        /* DEMO_IRQ was refused: the manifest's use of it too. */
	        "@/m.yaml:10:14: error: unknown platform interrupt 'DEMO_IRQ': "
	        "not built in nor in platform file '@/platform.yaml'",
	        NULL};
	struct fx *f = *state;
	char *plat = fx_path(f, "platform.yaml");
	struct manifest_options opt;
	struct result r;

	put(f, "m.yaml", platform_manifest);
	put(f, "platform.yaml",
	    "mmio_regions:\n"
	    "  - {name: DEMO_DEV, base: 0x40300000, size: 0x100}\n"
	    "  - {name: DEMO_DEV, base: 0x40400000, size: 0x100}\n"
	    "  - {name: NEAR, base: 0x403000F0, size: 0x20}\n"
	    "  - {name: ON_TIMER, base: 0x40100800, size: 4}\n"
	    "  - {name: SPMSIM_UART0, base: 0x40500000, size: 4}\n"
	    "  - {name: FAR, base: 0x5EFFFF00, size: 0x1000}\n"
	    "irqs:\n"
	    "  - {name: ONE, line: 40}\n"
	    "  - {name: TWO,          line: 40}\n"
	    "  - {name: DEMO_IRQ,     line: 256}\n"
	    "  - {name: ON_TIMER_IRQ, line: 32}\n");
	put(f, "list.yaml", default_list);
	manifest_options_init(&opt);
	opt.platform = plat;
	compile_dir(f, &r, &opt);
	expect_errors(f, &r, expect, ARRAY_SIZE(expect));
	result_free(&r);
	free(plat);
}

/** A named source and a numbered one on the same line are duplicates. */
static void test_platform_named_line_taken(void **state)
{
	static const char *const expect[] = {
	        "@/m.yaml:8:14: error: duplicate IRQ source "
	        "'SPMSIM_TIMER0_IRQ' "
	        "(line 32, first at @/m.yaml:7)",
	        "@/m.yaml:10:14: error: duplicate IRQ source 3 "
	        "('TFM_TIMER0_IRQ', first at @/m.yaml:9)",
	        NULL};

	run_bad(*state,
	        "psa_framework_version: 1.1\n"
	        "name: TFM_SP_M\n"
	        "type: PSA-ROT\n"
	        "entry_point: m_main\n"
	        "stack_size: 0x400\n"
	        "irqs:\n"
	        "  - {source: 32, name: M_A, handling: SLIH}\n"
	        "  - {source: SPMSIM_TIMER0_IRQ, name: M_B, handling: SLIH}\n"
	        "  - {source: TFM_TIMER0_IRQ, name: M_C, handling: SLIH}\n"
	        "  - {source: 3, name: M_D, handling: SLIH}\n",
	        expect, ARRAY_SIZE(expect));
}

/** A missing platform file is named as one; --platform parses. */
static void test_platform_cli_and_missing(void **state)
{
	struct fx *f = *state;
	char *argv[] = {"spm-manifest", "--platform", "/nonexistent/p.yaml",
	                "-o",           f->dir,       "l.yaml"};
	struct manifest_cli cli;
	struct result r;

	result_init(&r);
	assert_int_equal(
	        manifest_cli_parse(&cli, ARRAY_SIZE(argv), argv, &r.diag),
	        MANIFEST_CLI_RUN);
	assert_string_equal(cli.opt.platform, "/nonexistent/p.yaml");
	r.rc = manifest_load(&cli.opt, &r.diag, &r.model);
	assert_int_equal(r.rc, MANIFEST_EXIT_ERROR);
	assert_true(manifest_diag_has(
	        &r.diag, "spm-manifest: error: cannot read platform file "
	                 "'/nonexistent/p.yaml': No such file or directory"));
	manifest_cli_free(&cli);
	result_free(&r);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

static const struct CMUnitTest tests[] = {
        TEST(test_valid_partitions_and_pids),
        TEST(test_valid_list_entries),
        TEST(test_valid_ffm10_json),
        TEST(test_valid_ffm11_yaml),
        TEST(test_valid_ffm11_json_and_ffm10_yaml),
        TEST(test_valid_yaml_json_twins),
        TEST(test_gen_partition_header_signals),
        TEST(test_gen_prototypes),
        TEST(test_gen_sid_h),
        TEST(test_gen_pid_h),
        TEST(test_gen_load_table),
        TEST(test_gen_symbol_and_empty_list),
        TEST(test_gen_depfile),
        TEST(test_deterministic_output),
        TEST(test_unchanged_outputs_not_rewritten),
        TEST(test_generated_code_compiles),
        TEST(test_sfn_backend_accepts_sfn_partitions),
        TEST(test_ipc_backend_recommends_sfn),
        TEST(test_print_table),
        TEST(test_cli_defaults),
        TEST(test_cli_every_option),
        TEST(test_cli_errors),
        TEST(test_cli_help),
        TEST(test_conditional_values),
        TEST(test_manifest_path_variables),
        TEST(test_binary_garbage),
        TEST(test_platform_file_names),
        TEST(test_platform_unknown_without_file),
        TEST(test_platform_unknown_with_file),
        TEST(test_platform_file_errors),
        TEST(test_platform_named_line_taken),
        TEST(test_platform_cli_and_missing),
        TEST(test_nul_byte),
        TEST(test_one_megabyte_file),
        TEST(test_too_many_services_and_irqs),
        TEST(test_twenty_eight_signals),
        TEST(test_too_many_stateless_services),
        TEST(test_error_limit),
        TEST(test_missing_list),
        TEST(test_invalid_fixture_files),
        TEST(test_cli_tfm_options),
        TEST(test_client_id_values),
        TEST(test_dual_model),
        TEST(test_other_version_attributes_ignored),
};

int main(void)
{
	size_t n = ARRAY_SIZE(bad_cases), i;
	struct CMUnitTest *bad = calloc(n, sizeof(*bad));
	int failed;

	assert_non_null(bad);
	for (i = 0; i < n; i++) {
		bad[i].name = bad_cases[i].name;
		bad[i].test_func = test_bad_case;
		bad[i].setup_func = fx_setup;
		bad[i].teardown_func = fx_teardown;
		bad[i].initial_state = (void *)&bad_cases[i];
	}
	failed = cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
	failed += _cmocka_run_group_tests("manifest_malformed", bad, n, NULL,
	                                  NULL);
	free(bad);
	return failed ? 1 : 0;
}
