/*
 * Diagnostics of the manifest compiler.
 *
 * Every problem an input file can cause becomes one line, in the form
 * compilers use ("FILE:LINE:COLUMN: error: MESSAGE"), or
 * "spm-manifest: error: MESSAGE" when it has no place in a file. The lines
 * are collected rather than printed so that the compiler reports as many
 * problems as it can find in one run and a test can read them back.
 */
#ifndef MANIFEST_DIAG_H
#define MANIFEST_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"
#include "ytree.h"

/** Errors collected before the compiler gives up on the rest. */
#define MANIFEST_DIAG_MAX_ERRORS 20u

struct manifest_diag {
	char **lines;
	size_t n_lines;
	size_t cap;
	unsigned n_errors;
	bool stopped;
};

void manifest_diag_init(struct manifest_diag *d);
void manifest_diag_free(struct manifest_diag *d);

/** Records an error at @loc. */
void manifest_diag_at(struct manifest_diag *d, const struct ytree_loc *loc,
                      const char *fmt, ...) MANIFEST_PRINTF(3, 4);
/** Records an error that belongs to no file (command line, output). */
void manifest_diag_error(struct manifest_diag *d, const char *fmt, ...)
        MANIFEST_PRINTF(2, 3);
/** Records a warning at @loc: something accepted but not honoured; the
 *  run still succeeds. */
void manifest_diag_warn_at(struct manifest_diag *d, const struct ytree_loc *loc,
                           const char *fmt, ...) MANIFEST_PRINTF(3, 4);
/** Records a note: advice that does not make the run fail. */
void manifest_diag_note(struct manifest_diag *d, const char *fmt, ...)
        MANIFEST_PRINTF(2, 3);

/** True once the error limit is reached: callers may stop looking. */
bool manifest_diag_full(const struct manifest_diag *d);
unsigned manifest_diag_errors(const struct manifest_diag *d);
size_t manifest_diag_count(const struct manifest_diag *d);
const char *manifest_diag_line(const struct manifest_diag *d, size_t i);
/** True when one recorded line equals @line exactly. */
bool manifest_diag_has(const struct manifest_diag *d, const char *line);
/** Writes every line, each followed by a newline. */
void manifest_diag_print(const struct manifest_diag *d, FILE *out);

#endif /* MANIFEST_DIAG_H */
