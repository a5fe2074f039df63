#include "compile.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen.h"
#include "list.h"
#include "output.h"
#include "partition.h"
#include "platform.h"
#include "util.h"

void manifest_options_init(struct manifest_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->backend = MANIFEST_BACKEND_IPC;
	opt->isolation = 1;
	opt->use_environment = true;
}

const char *manifest_define_value(const struct manifest_options *opt,
                                  const char *name)
{
	size_t i = opt->n_defines;

	/* The last definition wins, as with a compiler's -D. */
	while (i-- > 0)
		if (strcmp(opt->defines[i].name, name) == 0)
			return opt->defines[i].value ? opt->defines[i].value
			                             : "ON";
	return NULL;
}

/** Checks what the options say on their own; the backend rule first. */
static bool options_ok(const struct manifest_options *opt,
                       struct manifest_diag *diag)
{
	if (opt->isolation < 1 || opt->isolation > 3) {
		manifest_diag_error(diag,
		                    "invalid isolation level %u (use 1, "
		                    "2 or 3)",
		                    opt->isolation);
		return false;
	}
	if (opt->backend == MANIFEST_BACKEND_SFN && opt->isolation > 1) {
		manifest_diag_error(
		        diag,
		        "isolation level %u requires the IPC "
		        "backend (CONFIG_TFM_SPM_BACKEND=IPC); the SFN "
		        "backend supports level 1 only",
		        opt->isolation);
		return false;
	}
	if (opt->symbol && !manifest_is_ident(opt->symbol)) {
		manifest_diag_error(diag,
		                    "invalid symbol '%s': not a C "
		                    "identifier",
		                    opt->symbol);
		return false;
	}
	if (opt->n_lists == 0)
		manifest_diag_error(diag, "no manifest list given");
	return opt->n_lists != 0;
}

int manifest_load(const struct manifest_options *opt,
                  struct manifest_diag *diag, struct manifest_model *model)
{
	size_t i;

	if (!options_ok(opt, diag))
		return MANIFEST_EXIT_ERROR;
	model->dual_model = opt->backend == MANIFEST_BACKEND_SFN
	                            ? SPM_MODEL_SFN
	                            : SPM_MODEL_IPC;
	model->isolation = opt->isolation;
	if (opt->platform != NULL)
		manifest_platform_load(model, opt->platform, diag);
	for (i = 0; i < opt->n_lists && !manifest_diag_full(diag); i++)
		manifest_list_load(model, opt->lists[i], opt, diag);
	for (i = 0; i < model->n_parts && !manifest_diag_full(diag); i++)
		manifest_partition_load(model, &model->parts[i], diag);
	if (manifest_diag_full(diag))
		model->incomplete = true;
	manifest_check(model, opt, diag);
	if (!model->incomplete)
		manifest_platform_check_names(model, diag);
	return manifest_diag_errors(diag) ? MANIFEST_EXIT_ERROR : 0;
}

/** @dir without trailing slashes, so "out/" and "out" name one stamp. */
static char *trim_dir(const char *dir)
{
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return manifest_xstrndup(dir, len);
}

int manifest_compile(const struct manifest_options *opt,
                     struct manifest_diag *diag, struct manifest_model *model)
{
	struct manifest_outputs out;
	char *dep, *outdir;
	bool ok;

	if (opt->outdir == NULL || opt->outdir[0] == '\0') {
		manifest_diag_error(diag,
		                    "no output directory given (-o OUTDIR)");
		return MANIFEST_EXIT_ERROR;
	}
	if (manifest_load(opt, diag, model) != 0)
		return MANIFEST_EXIT_ERROR;
	outdir = trim_dir(opt->outdir);
	manifest_gen_outputs(model, opt, &out);
	dep = opt->depfile ? manifest_gen_depfile(model, outdir) : NULL;
	ok = manifest_output_write(outdir, &out, opt->depfile, dep, diag);
	free(dep);
	free(outdir);
	manifest_outputs_free(&out);
	return ok ? 0 : MANIFEST_EXIT_ERROR;
}
