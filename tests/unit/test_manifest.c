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

#include "../../tools/manifest/cli.h"
#include "../../tools/manifest/compile.h"
#include "../../tools/manifest/gen.h"
#include "../../tools/manifest/list.h"
#include "../../tools/manifest/print.h"

#define VALID "tests/manifest/valid/"
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

static void assert_define(const char *text, const char *name,
                          const char *value)
{
	if (!has_define(text, name, value))
		fail_msg("no '#define %s %s' in:\n%s", name, value, text);
}

static void assert_contains(const char *text, const char *needle)
{
	if (strstr(text, needle) == NULL)
		fail_msg("'%s' not found in:\n%s", needle, text);
}

/* ---- valid inputs: the model ---------------------------------------------- */

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
	assert_int_equal(r.model.files.n, 6);
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
	static const char *const files[] = {"psa_manifest/twin10.h",
	                                    "psa_manifest/twin11.h",
	                                    "psa_manifest/sid.h",
	                                    "psa_manifest/pid.h"};
	struct manifest_options opt;
	struct result r1, r2;
	char *a, *b, *na, *nb;
	size_t i;

	manifest_options_init(&opt);
	opt.lists = yaml_list;
	opt.n_lists = 1;
	opt.outdir = out1;
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
