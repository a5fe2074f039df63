/*
 * The spm-manifest command line, turned into manifest_options. Kept apart
 * from main() so the tests can parse command lines too.
 */
#ifndef MANIFEST_CLI_H
#define MANIFEST_CLI_H

#include <stdbool.h>

#include "compile.h"
#include "diag.h"

/** manifest_cli_parse() results besides MANIFEST_EXIT_ERROR. */
#define MANIFEST_CLI_RUN  0
#define MANIFEST_CLI_HELP 1

struct manifest_cli {
	struct manifest_options opt;
	/** Print the partition table after a successful run. */
	bool print;
	struct manifest_define *defines;
	size_t n_defines;
	size_t cap_defines;
	const char **lists;
	size_t n_lists;
	size_t cap_lists;
	const char **includes;
	size_t n_includes;
	size_t cap_includes;
};

/**
 * Parses @argv into @cli (free it with manifest_cli_free() in every case).
 * Returns MANIFEST_CLI_RUN, MANIFEST_CLI_HELP, or MANIFEST_EXIT_ERROR with
 * the reason in @diag. Strings point into @argv.
 */
int manifest_cli_parse(struct manifest_cli *cli, int argc, char **argv,
                       struct manifest_diag *diag);
void manifest_cli_free(struct manifest_cli *cli);

/** The --help text. */
const char *manifest_cli_usage(void);

#endif /* MANIFEST_CLI_H */
