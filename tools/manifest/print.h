/*
 * The human-readable partition table of --print: one summary row per
 * partition, then each partition's services, IRQs, MMIO regions and
 * dependencies, in aligned columns.
 */
#ifndef MANIFEST_PRINT_H
#define MANIFEST_PRINT_H

#include "compile.h"
#include "model.h"

/** Returns the table of a checked @model as text. */
char *manifest_print_table(const struct manifest_model *model,
                           const struct manifest_options *opt);

#endif /* MANIFEST_PRINT_H */
