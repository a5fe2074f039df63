/*
 * YAML (and JSON, which is YAML flow style) text as a small tree of nodes
 * that remember where they came from: the one loader of the manifest
 * compiler and of the spmsim command's scenarios.
 *
 * libyaml's event parser feeds a loader that builds scalars, sequences and
 * mappings, each with the line and column of its first character. The loader
 * does the checks every file needs, so its readers do not repeat them: UTF-8
 * text, one document, a mapping at the top, scalar keys, no duplicate keys
 * (each repeat is reported and its pair dropped), no aliases, no tags but
 * the core schema's, no NUL characters, bounded size and nesting. Any other
 * problem stops the load at once.
 */
#ifndef YTREE_H
#define YTREE_H

#include <stdbool.h>
#include <stddef.h>

/** A place in an input file; line and column count from 1. */
struct ytree_loc {
	const char *file;
	unsigned line;
	unsigned col;
};

enum ytree_kind {
	YTREE_SCALAR,
	YTREE_SEQUENCE,
	YTREE_MAPPING,
};

struct ytree_node {
	enum ytree_kind kind;
	struct ytree_loc loc;
	/** The text of a scalar (NUL-terminated), NULL otherwise. */
	char *text;
	/**
	 * True for a scalar written quoted, as a block scalar or tagged !!str:
	 * a string for sure, never a number, a boolean or null.
	 */
	bool quoted;
	/** Sequence items, or mapping keys and values interleaved. */
	struct ytree_node **kids;
	size_t n_kids;
	size_t cap;
};

/**
 * Where the loader's problems go: one call each, @loc NULL for a problem
 * with no place in the file (too large, out of memory).
 */
typedef void ytree_report_fn(void *ctx, const struct ytree_loc *loc,
                             const char *msg);

/** What one kind of file may hold. */
struct ytree_limits {
	/** Larger input is refused before parsing. */
	size_t max_size;
	/** Deeper nesting is refused; at most YTREE_MAX_DEPTH. */
	unsigned max_depth;
};

#define YTREE_MAX_DEPTH 64u

/**
 * Parses @len bytes of @data, the contents of @file (which must outlive
 * the tree: every node's location points to it), into a tree whose top is
 * a mapping. NULL when a problem was reported (duplicate keys alone leave a
 * tree, with every problem reported: check your report function's count).
 */
struct ytree_node *ytree_parse(const char *file, const char *data, size_t len,
                               const struct ytree_limits *limits,
                               ytree_report_fn *report, void *ctx);

void ytree_free(struct ytree_node *n);

/** Number of key/value pairs of mapping @n (0 for any other node). */
size_t ytree_map_size(const struct ytree_node *n);
const struct ytree_node *ytree_map_key(const struct ytree_node *n, size_t i);
const struct ytree_node *ytree_map_value(const struct ytree_node *n, size_t i);
/** The value of @key in mapping @n, or NULL. */
const struct ytree_node *ytree_map_get(const struct ytree_node *n,
                                       const char *key);

/** True for an unquoted empty, "~" or "null" scalar. */
bool ytree_is_null(const struct ytree_node *n);

/** Room ytree_describe() needs. */
#define YTREE_DESC_SIZE 200u

/**
 * Describes @n for a message: 'text' for a plain scalar, "text" for a quoted
 * one (shortened, non-printable bytes escaped), null, a sequence, a mapping.
 */
void ytree_describe(const struct ytree_node *n, char *buf, size_t size);

#endif /* YTREE_H */
