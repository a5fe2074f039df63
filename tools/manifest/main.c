/*
 * spm-manifest: the command-line front of the manifest compiler. Everything
 * else lives in the library modules, which the unit tests link directly.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "compile.h"
#include "diag.h"
#include "model.h"
#include "print.h"

/** Compiles as @cli says; prints the table when asked and successful. */
static int run(const struct manifest_cli *cli, struct manifest_diag *diag)
{
	struct manifest_model model;
	char *table;
	int rc;

	manifest_model_init(&model);
	rc = manifest_compile(&cli->opt, diag, &model);
	if (rc == 0 && cli->print) {
		table = manifest_print_table(&model, &cli->opt);
		fputs(table, stdout);
		free(table);
	}
	manifest_model_free(&model);
	return rc;
}

int main(int argc, char **argv)
{
	struct manifest_diag diag;
	struct manifest_cli cli;
	int rc;

	manifest_diag_init(&diag);
	rc = manifest_cli_parse(&cli, argc, argv, &diag);
	if (rc == MANIFEST_CLI_HELP) {
		fputs(manifest_cli_usage(), stdout);
		rc = 0;
	} else if (rc == MANIFEST_CLI_RUN) {
		rc = run(&cli, &diag);
	}
	manifest_diag_print(&diag, stderr);
	if (rc == MANIFEST_EXIT_ERROR && manifest_diag_errors(&diag) == 0)
		fputs("spm-manifest: error: failed\n", stderr);
	manifest_cli_free(&cli);
	manifest_diag_free(&diag);
	return rc;
}
