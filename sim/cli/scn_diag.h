/*
 * What the scenario parser keeps its results in and says its errors with:
 * an arena that the scenario owns (so an error anywhere frees everything at
 * once), and the first error of a file as one line,
 * "FILE:LINE:COLUMN: error: MESSAGE". The YAML itself is read by the
 * loader the manifest compiler uses too (tools/yaml/ytree.h).
 */
#ifndef SCN_DIAG_H
#define SCN_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/** Scenario files larger than this are refused before parsing. */
#define SCN_YAML_MAX_SIZE  (4u * 1024u * 1024u)
/** Deeper nesting than any scenario needs is refused. */
#define SCN_YAML_MAX_DEPTH 48u
/** Room for one error line. */
#define SCN_ERROR_SIZE     640u

/** Every allocation of one scenario, freed together. */
struct scn_arena {
	struct scn_block *head;
};

/** Zeroed memory from @a; never NULL (out of memory stops the program). */
void *scn_alloc(struct scn_arena *a, size_t size);
/** A copy of @s (@n bytes) in @a, NUL-terminated. */
char *scn_strndup(struct scn_arena *a, const char *s, size_t n);
char *scn_strdup(struct scn_arena *a, const char *s);
void scn_arena_free(struct scn_arena *a);

/** The first error of a file, already formatted. */
struct scn_diag {
	const char *file;
	bool failed;
	unsigned line;
	unsigned col;
	char text[SCN_ERROR_SIZE];
};

/** Records an error at @line:@col of the diag's file, unless one is there. */
void scn_fail(struct scn_diag *d, unsigned line, unsigned col, const char *fmt,
              ...) __attribute__((format(printf, 4, 5)));
void scn_vfail(struct scn_diag *d, unsigned line, unsigned col, const char *fmt,
               va_list ap);

#endif /* SCN_DIAG_H */
