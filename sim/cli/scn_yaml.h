/*
 * Scenario files as a small tree of YAML nodes that remember where they
 * came from.
 *
 * libyaml's event parser feeds a loader that builds scalars, sequences and
 * mappings, each with the line and column of its first character, in an
 * arena that the scenario owns (so an error anywhere frees everything at
 * once). The loader does the checks every scenario needs: UTF-8 text, one
 * document, a mapping at the top, scalar keys, no duplicate keys, no
 * aliases, bounded size and nesting. It stops at the first problem and
 * describes it in one line, "FILE:LINE:COLUMN: error: MESSAGE".
 */
#ifndef SCN_YAML_H
#define SCN_YAML_H

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

enum scn_node_kind {
	SCN_NODE_SCALAR,
	SCN_NODE_SEQUENCE,
	SCN_NODE_MAPPING,
};

struct scn_node {
	enum scn_node_kind kind;
	unsigned line;
	unsigned col;
	/** A scalar's text, NUL-terminated; NULL otherwise. */
	char *text;
	/** Written quoted, as a block scalar or tagged !!str: surely a string.
	 */
	bool quoted;
	/** Sequence items, or mapping keys and values alternating. */
	struct scn_node *first;
	struct scn_node *last;
	struct scn_node *next;
	size_t n_kids;
};

/**
 * Parses @len bytes of @data into a tree whose top is a mapping, in @a.
 * NULL after recording why not in @d.
 */
struct scn_node *scn_yaml_parse(const char *data, size_t len,
                                struct scn_arena *a, struct scn_diag *d);

/** The value of @key in mapping @map, or NULL. */
const struct scn_node *scn_map_get(const struct scn_node *map, const char *key);

/** True for an unquoted empty, "~" or "null" scalar. */
bool scn_node_is_null(const struct scn_node *n);

/** Describes @n for a message: 'text', "text", null, a sequence, a mapping. */
void scn_node_describe(const struct scn_node *n, char *buf, size_t size);

#endif /* SCN_YAML_H */
