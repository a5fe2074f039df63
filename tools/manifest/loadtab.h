/*
 * load_table.c: the constant table the SPM boots from (spm_core/load_table.h),
 * one descriptor per partition in manifest-list order. Numbers are written
 * as literals so the file needs no generated macro; the partition headers
 * are included for the prototypes of the functions the table points to.
 * The text is C99 that compiles warning-free with -pedantic, 32 or 64-bit.
 */
#ifndef MANIFEST_LOADTAB_H
#define MANIFEST_LOADTAB_H

#include "model.h"

/** Returns the text of load_table.c defining @symbol from @model. */
char *manifest_loadtab_gen(const struct manifest_model *model,
                           const char *symbol);

#endif /* MANIFEST_LOADTAB_H */
