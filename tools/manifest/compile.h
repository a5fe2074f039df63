/*
 * The manifest compiler as a library: what spm-manifest runs, and what the
 * unit tests call in-process.
 *
 * manifest_compile() reads the manifest lists and the manifests they name,
 * validates everything, and only when nothing is wrong writes the outputs:
 * OUTDIR/psa_manifest/<manifest>.h, sid.h, pid.h, OUTDIR/load_table.c,
 * OUTDIR/.stamp and the optional depfile.
 */
#ifndef MANIFEST_COMPILE_H
#define MANIFEST_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"

/** Exit status of a run that found errors (and wrote nothing). */
#define MANIFEST_EXIT_ERROR 2

enum manifest_backend {
	MANIFEST_BACKEND_IPC,
	MANIFEST_BACKEND_SFN,
};

/** A -D NAME[=VALUE]; a NULL value means "defined, ON". */
struct manifest_define {
	const char *name;
	const char *value;
};

struct manifest_options {
	enum manifest_backend backend;
	/** Isolation level 1..3. */
	unsigned isolation;
	const struct manifest_define *defines;
	size_t n_defines;
	/** The load table's symbol; NULL means "spm_load_table". */
	const char *symbol;
	/** A make depfile to write, or NULL. */
	const char *depfile;
	/** Output directory (required). */
	const char *outdir;
	/** Manifest-list files, in order. */
	const char *const *lists;
	size_t n_lists;
	/** Whether ${NAME} in manifest paths may come from the environment. */
	bool use_environment;
	/** Headers load_table.c includes, for sizes given as C macros (TF-M's
	 *  load info includes config_tfm.h for them). */
	const char *const *includes;
	size_t n_includes;
	/**
	 * Appended to the names of the functions of `model: dual` partitions
	 * in load_table.c, or NULL: for a program holding both backends'
	 * tables, whose build compiles a dual partition once per backend and
	 * renames the global symbols of one copy with this suffix.
	 */
	const char *dual_suffix;
	/**
	 * The project's platform file (platform.h), or NULL: the MMIO
	 * regions and IRQ lines manifests may name besides the board's.
	 */
	const char *platform;
};

/** Fills @opt with the defaults: IPC backend, isolation 1, environment. */
void manifest_options_init(struct manifest_options *opt);

/**
 * Compiles: loads and checks into @model (which the caller initialised and
 * frees), then writes the outputs when no error was found. Returns 0, or
 * MANIFEST_EXIT_ERROR with the reasons in @diag.
 */
int manifest_compile(const struct manifest_options *opt,
                     struct manifest_diag *diag, struct manifest_model *model);

/** The loading and checking half of manifest_compile(): writes nothing. */
int manifest_load(const struct manifest_options *opt,
                  struct manifest_diag *diag, struct manifest_model *model);

/** The value of the last -D @name ("ON" when it has none), or NULL. */
const char *manifest_define_value(const struct manifest_options *opt,
                                  const char *name);

#endif /* MANIFEST_COMPILE_H */
