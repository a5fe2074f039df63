/*
 * Partition manifests (FF-M 1.0 and 1.1, YAML or JSON): every attribute,
 * its type, its range and the FF-M version it belongs to, plus the rules
 * that involve one partition only (model and entry functions, MMIO forms,
 * stateless services, the 28 signals limit).
 */
#ifndef MANIFEST_PARTITION_H
#define MANIFEST_PARTITION_H

#include "diag.h"
#include "model.h"

/** The most services plus IRQs one partition may have: 28 signal bits. */
#define MANIFEST_MAX_SIGNALS 28u

/**
 * Reads the manifest of @p (whose list-entry fields are set) into @p.
 * Records the file in @model, and marks @model incomplete when the file
 * cannot be read or is not a YAML mapping.
 */
void manifest_partition_load(struct manifest_model *model,
                             struct manifest_partition *p,
                             struct manifest_diag *diag);

#endif /* MANIFEST_PARTITION_H */
