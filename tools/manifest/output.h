/*
 * Writing the outputs. Each file is written to a temporary name and renamed
 * over the old one, so a reader never sees half a file, and only when its
 * text changed, so make does not rebuild what depends on it for nothing.
 */
#ifndef MANIFEST_OUTPUT_H
#define MANIFEST_OUTPUT_H

#include "diag.h"
#include "gen.h"

/**
 * Writes @out under @outdir (created if missing), touches @outdir/.stamp,
 * and writes @dep_text to @depfile when it is not NULL. Returns false after
 * reporting a failure.
 */
bool manifest_output_write(const char *outdir,
                           const struct manifest_outputs *out,
                           const char *depfile, const char *dep_text,
                           struct manifest_diag *diag);

#endif /* MANIFEST_OUTPUT_H */
