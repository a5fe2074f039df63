/*
 * YAML (and JSON, which is YAML flow style) files as a small tree of nodes
 * that remember where they came from.
 *
 * libyaml's event parser feeds a loader that builds scalars, sequences and
 * mappings, each with the line and column of its first character. The loader
 * does the checks every file needs, so the readers of lists and manifests do
 * not repeat them: UTF-8 text, one document, a mapping at the top, no
 * duplicate keys (the second one is reported and dropped), scalar keys, no
 * aliases, bounded size and nesting.
 */
#ifndef MANIFEST_YAML_DOC_H
#define MANIFEST_YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/** Files larger than this are refused before parsing. */
#define MANIFEST_YAML_MAX_SIZE  (16u * 1024u * 1024u)
/** Deeper nesting than any manifest needs is refused. */
#define MANIFEST_YAML_MAX_DEPTH 32u

enum manifest_node_kind {
	MANIFEST_NODE_SCALAR,
	MANIFEST_NODE_SEQUENCE,
	MANIFEST_NODE_MAPPING,
};

struct manifest_node {
	enum manifest_node_kind kind;
	struct manifest_loc loc;
	/** The text of a scalar (NUL-terminated), NULL otherwise. */
	char *text;
	/**
	 * True for a scalar written quoted, as a block scalar or tagged !!str:
	 * a string for sure, never a number, a boolean or null.
	 */
	bool quoted;
	/** Sequence items, or mapping keys and values interleaved. */
	struct manifest_node **kids;
	size_t n_kids;
	size_t cap;
};

/**
 * Loads @path into a tree whose top is a mapping; NULL after reporting why
 * not. A file that cannot be read is reported at @ref (the place that named
 * it), or without a place when @ref is NULL. @path must outlive the tree:
 * every node's location points to it.
 */
struct manifest_node *manifest_yaml_load(const char *path,
                                         const struct manifest_loc *ref,
                                         struct manifest_diag *diag);

void manifest_node_free(struct manifest_node *n);

/** Number of key/value pairs of mapping @n. */
size_t manifest_map_size(const struct manifest_node *n);
const struct manifest_node *manifest_map_key(const struct manifest_node *n,
                                             size_t i);
const struct manifest_node *manifest_map_value(const struct manifest_node *n,
                                               size_t i);
/** The value of @key in mapping @n, or NULL. */
const struct manifest_node *manifest_map_get(const struct manifest_node *n,
                                             const char *key);

/** True for an unquoted empty, "~" or "null" scalar. */
bool manifest_node_is_null(const struct manifest_node *n);

/** Room manifest_node_describe() needs. */
#define MANIFEST_DESC_SIZE 200u

/**
 * Describes @n for a message: 'text' for a plain scalar, "text" for a quoted
 * one (shortened, non-printable bytes escaped), null, a sequence, a mapping.
 */
void manifest_node_describe(const struct manifest_node *n, char *buf,
                            size_t size);

#endif /* MANIFEST_YAML_DOC_H */
