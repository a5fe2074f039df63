/*
 * The generated files, as text in memory: nothing touches the disk until
 * every file is ready, so an error never leaves half an output behind.
 *
 *   psa_manifest/<manifest>.h  signals, model macros, handler prototypes
 *   psa_manifest/sid.h         SIDs, versions, stateless handles
 *   psa_manifest/pid.h         partition ids
 *   load_table.c               the SPM's load table (loadtab.c)
 *
 * The text depends on the inputs only (paths as given, no time stamps), so
 * the same inputs give byte-identical files.
 */
#ifndef MANIFEST_GEN_H
#define MANIFEST_GEN_H

#include "compile.h"
#include "model.h"
#include "util.h"

/** One generated file, @path relative to the output directory. */
struct manifest_output {
	char *path;
	char *text;
};

struct manifest_outputs {
	struct manifest_output *v;
	size_t n;
	size_t cap;
};

/** Generates every output file of a checked @model. */
void manifest_gen_outputs(const struct manifest_model *model,
                          const struct manifest_options *opt,
                          struct manifest_outputs *out);
void manifest_outputs_free(struct manifest_outputs *out);
/** The text of output @path, or NULL. */
const char *manifest_outputs_find(const struct manifest_outputs *out,
                                  const char *path);

/** The make depfile: OUTDIR/.stamp depends on every file read. */
char *manifest_gen_depfile(const struct manifest_model *model,
                           const char *outdir);

/** Appends the comment that opens every file: generated from @sources. */
void manifest_gen_banner(struct manifest_buf *b, const char *const *sources,
                         size_t n, const char *what);
/** The same, generated from every manifest list of @model. */
void manifest_gen_list_banner(struct manifest_buf *b,
                              const struct manifest_model *model,
                              const char *what);
/** Appends @s as a C string literal. */
void manifest_gen_c_string(struct manifest_buf *b, const char *s);

#endif /* MANIFEST_GEN_H */
