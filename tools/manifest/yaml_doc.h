/*
 * Manifest lists and manifests as YAML trees (tools/yaml/ytree.h): reads a
 * file and reports the loader's problems as the compiler's diagnostics.
 */
#ifndef MANIFEST_YAML_DOC_H
#define MANIFEST_YAML_DOC_H

#include "diag.h"
#include "ytree.h"

/** Files larger than this are refused before parsing. */
#define MANIFEST_YAML_MAX_SIZE  (16u * 1024u * 1024u)
/** Deeper nesting than any manifest needs is refused. */
#define MANIFEST_YAML_MAX_DEPTH 32u

/**
 * Loads @path into a tree whose top is a mapping; NULL after reporting why
 * not. A file that cannot be read is reported at @ref (the place that named
 * it), or without a place when @ref is NULL. @path must outlive the tree:
 * every node's location points to it. Repeated keys are reported and
 * dropped, and the tree is returned.
 */
struct ytree_node *manifest_yaml_load(const char *path,
                                      const struct ytree_loc *ref,
                                      struct manifest_diag *diag);

#endif /* MANIFEST_YAML_DOC_H */
