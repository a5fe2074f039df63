/*
 * Manifest-list files (TF-M's tfm_manifest_list.yaml format): which
 * partitions exist, where their manifests are, and the per-partition
 * settings TF-M keeps in the list (pid, conditional, linker patterns,
 * non-FF-M attributes).
 */
#ifndef MANIFEST_LIST_H
#define MANIFEST_LIST_H

#include "compile.h"
#include "diag.h"
#include "model.h"

/**
 * Reads list file @path and appends one partition to @model per entry that
 * is included (its conditional holds); the manifests themselves are read
 * later. Problems go to @diag.
 */
void manifest_list_load(struct manifest_model *model, const char *path,
                        const struct manifest_options *opt,
                        struct manifest_diag *diag);

/** True when a -D value means "on": not empty, 0, OFF, FALSE, NO or N. */
bool manifest_list_value_on(const char *value);

#endif /* MANIFEST_LIST_H */
