/*
 * load_table.c: the constant table the SPM boots from (spm_core/load_table.h),
 * one descriptor per partition in manifest-list order. Numbers are written
 * as literals so the file needs no generated macro, except the sizes a
 * manifest gives as C macros, written as given (the included configuration
 * headers define them). The partition headers declare the service and FLIH
 * functions; the entry functions are declared here, as TF-M's load info
 * does, so the partition's own definition never meets a conflicting
 * prototype.
 * The text is C99 that compiles warning-free with -pedantic, 32 or 64-bit.
 */
#ifndef MANIFEST_LOADTAB_H
#define MANIFEST_LOADTAB_H

#include "compile.h"
#include "model.h"

/** Returns the text of load_table.c from @model, as @opt asks. */
char *manifest_loadtab_gen(const struct manifest_model *model,
                           const struct manifest_options *opt);

/**
 * The names of @p's functions the load table refers to (its entry, SFN and
 * FLIH functions, as @opt names them), each after a space: what the
 * partition's image must export. The caller frees the text.
 */
char *manifest_loadtab_exports(const struct manifest_partition *p,
                               const struct manifest_options *opt);

#endif /* MANIFEST_LOADTAB_H */
