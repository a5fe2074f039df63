/*
 * Platform names: the interrupt lines and MMIO regions a manifest may name
 * (an IRQ's `source`, an MMIO region's `name`). The board's own are built
 * in (sim/platform_names.c); a project adds its own in a platform file
 * (spm-manifest --platform FILE):
 *
 *   mmio_regions:
 *     - name: MY_DEVICE        # a C identifier
 *       base: 0x40300000       # inside 0x40000000-0x5EFFFFFF
 *       size: 0x100
 *   irqs:
 *     - name: MY_DEVICE_IRQ
 *       line: 40               # 0-255
 *
 * A name a manifest uses that is neither built in nor declared there is an
 * error at the manifest's place, as an undefined macro is for TF-M's build.
 */
#ifndef MANIFEST_PLATFORM_H
#define MANIFEST_PLATFORM_H

#include "diag.h"
#include "model.h"

/**
 * Reads platform file @path into @m->platform and checks it on its own:
 * names, ranges, duplicates, overlaps and clashes with the built-in names,
 * each reported at its FILE:LINE:COLUMN.
 */
void manifest_platform_load(struct manifest_model *m, const char *path,
                            struct manifest_diag *diag);

/** Reports each platform name a manifest of @m uses and nobody declares. */
void manifest_platform_check_names(const struct manifest_model *m,
                                   struct manifest_diag *diag);

/** The C definitions of the project's tables, for sim_memory_table.c. */
void manifest_platform_gen(struct manifest_buf *b,
                           const struct manifest_model *m);

#endif /* MANIFEST_PLATFORM_H */
