/*
 * Checks across partitions, and the values only the whole set decides:
 * duplicate names, SIDs, PIDs, IRQ sources, stateless handles and generated
 * names; dependencies and their cycles; backend and isolation rules. Then
 * assigns automatic PIDs, stateless handle indices and signals.
 */
#ifndef MANIFEST_CHECK_H
#define MANIFEST_CHECK_H

#include "compile.h"
#include "diag.h"
#include "model.h"

/** The most stateless services a system may have (5 bits of handle). */
#define MANIFEST_MAX_STATELESS 32u

/** Checks @model as a whole and completes it; problems go to @diag. */
void manifest_check(struct manifest_model *model,
                    const struct manifest_options *opt,
                    struct manifest_diag *diag);

#endif /* MANIFEST_CHECK_H */
