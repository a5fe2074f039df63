#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static const char usage[] =
        "usage: spm-manifest [options] -o OUTDIR LIST.yaml...\n"
        "\n"
        "Compiles TF-M manifest lists and the FF-M 1.0/1.1 partition "
        "manifests\n"
        "they name (YAML or JSON) into the SPM load table and the partition\n"
        "headers. Outputs, written only when every input is valid:\n"
        "  OUTDIR/psa_manifest/<manifest>.h  signals, model macros, "
        "prototypes\n"
        "  OUTDIR/psa_manifest/sid.h         SIDs, versions, stateless "
        "handles\n"
        "  OUTDIR/psa_manifest/pid.h         partition IDs\n"
        "  OUTDIR/load_table.c               the SPM load table\n"
        "  OUTDIR/.stamp                     touched by every successful run\n"
        "\n"
        "Options:\n"
        "  --backend IPC|SFN   SPM backend (CONFIG_TFM_SPM_BACKEND); default "
        "IPC\n"
        "  --isolation 1|2|3   isolation level (TFM_ISOLATION_LEVEL); default "
        "1\n"
        "  -D NAME[=VALUE]     define NAME for 'conditional' and ${NAME} in\n"
        "                      manifest paths; without a value it is ON\n"
        "  --var NAME=VALUE    set ${NAME} in manifest paths (as -D does)\n"
        "  --include HEADER    #include HEADER in load_table.c, for sizes "
        "given\n"
        "                      as C macros (config_tfm.h is included when "
        "found)\n"
        "  --dual-suffix SFX   name the functions of 'model: dual' "
        "partitions\n"
        "                      with SFX appended in load_table.c\n"
        "  --platform FILE     the project's platform file: MMIO regions and\n"
        "                      IRQ lines manifests may name besides the\n"
        "                      board's\n"
        "  --symbol NAME       the load table's name; default spm_load_table\n"
        "  --depfile FILE      write a make depfile for OUTDIR/.stamp\n"
        "  --print             print the partition table on stdout\n"
        "  -o OUTDIR           output directory, created if missing\n"
        "  -h, --help          show this help\n"
        "\n"
        "Exit status: 0 on success, 2 on any error (then nothing is "
        "written).\n";

const char *manifest_cli_usage(void)
{
	return usage;
}

void manifest_cli_free(struct manifest_cli *cli)
{
	size_t i;

	for (i = 0; i < cli->n_defines; i++)
		free((char *)cli->defines[i].name);
	free(cli->defines);
	free(cli->lists);
	free(cli->includes);
	memset(cli, 0, sizeof(*cli));
}

/**
 * The value of option @name at argv[*i]: "NAME VALUE", "NAME=VALUE" (long
 * options) or "NAMEVALUE" (short ones). NULL when argv[*i] is another
 * option; *missing is set when the value is absent.
 */
static const char *option_value(int argc, char **argv, int *i, const char *name,
                                bool *missing)
{
	size_t len = strlen(name);
	const char *arg = argv[*i];

	if (strncmp(arg, name, len) != 0)
		return NULL;
	if (arg[len] == '\0') {
		if (*i + 1 < argc)
			return argv[++*i];
		*missing = true;
		return NULL;
	}
	if (name[1] == '-' && arg[len] == '=')
		return arg + len + 1;
	if (name[1] != '-')
		return arg + len;
	return NULL;
}

static bool add_define(struct manifest_cli *cli, const char *arg,
                       struct manifest_diag *diag)
{
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	struct manifest_define *d;

	if (len == 0) {
		manifest_diag_error(diag,
		                    "invalid -D '%s': expected "
		                    "NAME[=VALUE]",
		                    arg);
		return false;
	}
	cli->defines = manifest_grow(cli->defines, &cli->cap_defines,
	                             cli->n_defines, sizeof(*cli->defines));
	d = &cli->defines[cli->n_defines++];
	d->name = manifest_xstrndup(arg, len);
	d->value = eq ? eq + 1 : NULL;
	return true;
}

static bool set_backend(struct manifest_cli *cli, const char *v,
                        struct manifest_diag *diag)
{
	if (strcasecmp(v, "IPC") == 0)
		cli->opt.backend = MANIFEST_BACKEND_IPC;
	else if (strcasecmp(v, "SFN") == 0)
		cli->opt.backend = MANIFEST_BACKEND_SFN;
	else
		manifest_diag_error(diag,
		                    "invalid backend '%s' (use IPC or "
		                    "SFN)",
		                    v);
	return strcasecmp(v, "IPC") == 0 || strcasecmp(v, "SFN") == 0;
}

static bool set_isolation(struct manifest_cli *cli, const char *v,
                          struct manifest_diag *diag)
{
	if ((v[0] == '1' || v[0] == '2' || v[0] == '3') && v[1] == '\0') {
		cli->opt.isolation = (unsigned)(v[0] - '0');
		return true;
	}
	manifest_diag_error(diag,
	                    "invalid isolation level '%s' (use 1, 2 or "
	                    "3)",
	                    v);
	return false;
}

static bool set_symbol(struct manifest_cli *cli, const char *v,
                       struct manifest_diag *diag)
{
	(void)diag;
	cli->opt.symbol = v;
	return true;
}

/** --var NAME=VALUE: a -D that must carry a value. */
static bool add_var(struct manifest_cli *cli, const char *arg,
                    struct manifest_diag *diag)
{
	if (strchr(arg, '=') == NULL) {
		manifest_diag_error(
		        diag, "invalid --var '%s': expected NAME=VALUE", arg);
		return false;
	}
	return add_define(cli, arg, diag);
}

static bool add_include(struct manifest_cli *cli, const char *v,
                        struct manifest_diag *diag)
{
	if (v[0] == '\0' || strpbrk(v, "\"<>\n") != NULL) {
		manifest_diag_error(diag, "invalid --include '%s'", v);
		return false;
	}
	cli->includes = manifest_grow(cli->includes, &cli->cap_includes,
	                              cli->n_includes, sizeof(*cli->includes));
	cli->includes[cli->n_includes++] = v;
	return true;
}

static bool set_dual_suffix(struct manifest_cli *cli, const char *v,
                            struct manifest_diag *diag)
{
	char *probe = manifest_xasprintf("f%s", v);
	bool ok = manifest_is_ident(probe);

	free(probe);
	if (!ok)
		manifest_diag_error(diag,
		                    "invalid --dual-suffix '%s': not the end "
		                    "of a C identifier",
		                    v);
	else
		cli->opt.dual_suffix = v;
	return ok;
}

static bool set_platform(struct manifest_cli *cli, const char *v,
                         struct manifest_diag *diag)
{
	(void)diag;
	cli->opt.platform = v;
	return true;
}

static bool set_depfile(struct manifest_cli *cli, const char *v,
                        struct manifest_diag *diag)
{
	(void)diag;
	cli->opt.depfile = v;
	return true;
}

static bool set_outdir(struct manifest_cli *cli, const char *v,
                       struct manifest_diag *diag)
{
	(void)diag;
	cli->opt.outdir = v;
	return true;
}

/** The options that take a value, and what stores the value. */
static const struct {
	const char *name;
	bool (*store)(struct manifest_cli *cli, const char *v,
	              struct manifest_diag *diag);
} value_options[] = {
        {"--backend", set_backend},
        {"--isolation", set_isolation},
        {"-D", add_define},
        {"--symbol", set_symbol},
        {"--depfile", set_depfile},
        {"-o", set_outdir},
        {"--var", add_var},
        {"--include", add_include},
        {"--dual-suffix", set_dual_suffix},
        {"--platform", set_platform},
};

/** Handles the option at argv[*i]; false after reporting a problem. */
static bool parse_option(struct manifest_cli *cli, int argc, char **argv,
                         int *i, struct manifest_diag *diag)
{
	bool missing = false;
	const char *v;
	size_t k;

	if (strcmp(argv[*i], "--print") == 0) {
		cli->print = true;
		return true;
	}
	for (k = 0;
	     k < sizeof(value_options) / sizeof(value_options[0]) && !missing;
	     k++) {
		v = option_value(argc, argv, i, value_options[k].name,
		                 &missing);
		if (v)
			return value_options[k].store(cli, v, diag);
	}
	if (missing)
		manifest_diag_error(diag, "option '%s' needs a value",
		                    argv[*i]);
	else
		manifest_diag_error(diag, "unknown option '%s'", argv[*i]);
	return false;
}

static void add_list(struct manifest_cli *cli, const char *path)
{
	cli->lists = manifest_grow(cli->lists, &cli->cap_lists, cli->n_lists,
	                           sizeof(*cli->lists));
	cli->lists[cli->n_lists++] = path;
}

/** Points the options at the arrays the parser filled. */
static int finish(struct manifest_cli *cli, struct manifest_diag *diag)
{
	cli->opt.defines = cli->defines;
	cli->opt.n_defines = cli->n_defines;
	cli->opt.lists = cli->lists;
	cli->opt.n_lists = cli->n_lists;
	cli->opt.includes = cli->includes;
	cli->opt.n_includes = cli->n_includes;
	if (cli->opt.outdir == NULL)
		manifest_diag_error(diag, "no output directory given (-o "
		                          "OUTDIR)");
	else if (cli->n_lists == 0)
		manifest_diag_error(diag, "no manifest list given");
	else
		return MANIFEST_CLI_RUN;
	return MANIFEST_EXIT_ERROR;
}

int manifest_cli_parse(struct manifest_cli *cli, int argc, char **argv,
                       struct manifest_diag *diag)
{
	bool options = true;
	int i;

	memset(cli, 0, sizeof(*cli));
	manifest_options_init(&cli->opt);
	for (i = 1; i < argc; i++) {
		if (options && (strcmp(argv[i], "--help") == 0 ||
		                strcmp(argv[i], "-h") == 0))
			return MANIFEST_CLI_HELP;
		if (options && strcmp(argv[i], "--") == 0)
			options = false;
		else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
			if (!parse_option(cli, argc, argv, &i, diag))
				return MANIFEST_EXIT_ERROR;
		} else {
			add_list(cli, argv[i]);
		}
	}
	return finish(cli, diag);
}
