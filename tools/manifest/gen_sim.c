/*
 * The two outputs only the host simulator's build reads:
 *
 *   partitions.mk        each partition's name and source folder, the
 *                        `model: dual` ones, and the functions the load
 *                        table calls in each (all its image exports), for make
 *   sim_memory_table.c   where each partition's data and bss sections lie,
 *                        so a reset can put its globals back; and the
 *                        project's platform names (--platform), which
 *                        sim/platform.c resolves besides the board's
 *
 * The build merges each partition's objects and renames their .data and .bss
 * to spmsim_data_<NAME> and spmsim_bss_<NAME>; the linker then defines
 * __start_/__stop_ symbols for them, referenced here weakly so that a
 * partition without globals still links.
 */
#include "gen_sim.h"

#include "platform.h"

#include <stdlib.h>
#include <string.h>

#include "loadtab.h"

/** The folder of @path, as written ("." when it has none). */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		return manifest_xstrdup(".");
	}
	if (slash == path) {
		return manifest_xstrdup("/");
	}
	return manifest_xstrndup(path, (size_t)(slash - path));
}

char *manifest_gen_partitions_mk(const struct manifest_model *m,
                                 const struct manifest_options *opt)
{
	struct manifest_buf b = {0};

	manifest_buf_puts(&b,
	                  "# spm-manifest: generated, do not edit.\n"
	                  "# Each partition and the folder of its sources,\n"
	                  "# read by make with SYS set to the system.\n"
	                  "$(SYS)_PARTITIONS :=");
	for (size_t i = 0; i < m->n_parts; i++) {
		manifest_buf_printf(&b, " %s", m->parts[i].name);
	}
	manifest_buf_puts(&b, "\n$(SYS)_DUAL :=");
	for (size_t i = 0; i < m->n_parts; i++) {
		if (m->parts[i].dual) {
			manifest_buf_printf(&b, " %s", m->parts[i].name);
		}
	}
	manifest_buf_puts(&b, "\n");
	for (size_t i = 0; i < m->n_parts; i++) {
		char *dir = folder_of(m->parts[i].manifest);

		char *exports = manifest_loadtab_exports(&m->parts[i], opt);

		manifest_buf_printf(&b, "$(SYS)_DIR.%s := %s\n",
		                    m->parts[i].name, dir);
		manifest_buf_printf(&b, "$(SYS)_EXPORTS.%s :=%s\n",
		                    m->parts[i].name, exports);
		free(dir);
		free(exports);
	}
	return manifest_buf_take(&b);
}

/** Declares the four weak bound symbols of partition @name. */
static void bounds_decl(struct manifest_buf *b, const char *name)
{
	static const char *const kinds[] = {"start", "stop"};
	static const char *const secs[] = {"data", "bss"};

	for (size_t s = 0; s < 2; s++) {
		for (size_t k = 0; k < 2; k++) {
			manifest_buf_printf(b,
			                    "extern char __%s_spmsim_%s_%s[] "
			                    "__attribute__((weak));\n",
			                    kinds[k], secs[s], name);
		}
	}
}

char *manifest_gen_sim_memory_table(const struct manifest_model *m)
{
	struct manifest_buf b = {0};

	manifest_gen_list_banner(&b, m,
	                         "Where each partition's globals lie, for the "
	                         "host simulator's resets.");
	manifest_buf_puts(&b, "#include \"platform_names.h\"\n"
	                      "#include \"sim_memory.h\"\n\n");
	for (size_t i = 0; i < m->n_parts; i++) {
		bounds_decl(&b, m->parts[i].name);
	}
	manifest_buf_puts(&b, "\nconst struct sim_memory_region "
	                      "spmsim_memory_table[] = {\n");
	for (size_t i = 0; i < m->n_parts; i++) {
		const char *n = m->parts[i].name;

		manifest_buf_printf(&b,
		                    "\t{\"%s\", __start_spmsim_data_%s, "
		                    "__stop_spmsim_data_%s,\n"
		                    "\t __start_spmsim_bss_%s, "
		                    "__stop_spmsim_bss_%s},\n",
		                    n, n, n, n, n);
	}
	manifest_buf_puts(&b, "\t{0},\n};\n");
	manifest_platform_gen(&b, m);
	return manifest_buf_take(&b);
}
