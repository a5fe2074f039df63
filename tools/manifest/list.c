#include "list.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "attr.h"
#include "util.h"
#include "yaml_doc.h"

/** The list file being read. */
struct list_ctx {
	struct manifest_model *model;
	const struct manifest_options *opt;
	struct manifest_diag *diag;
	struct manifest_list *list;
	/** The model's copy of the list's path. */
	const char *file;
};

/** One entry of manifest_list while it is read. */
struct entry_ctx {
	const struct list_ctx *lc;
	struct manifest_partition part;
	const struct ytree_node *manifest;
	char *conditional;
};

static const struct manifest_range any_u32 = {0, UINT32_MAX, false};
static const struct manifest_range pid_range = {1, INT32_MAX, false};

static void on_entry_description(const struct manifest_attr_ctx *ctx,
                                 const char *subject,
                                 const struct ytree_node *key,
                                 const struct ytree_node *val)
{
	struct entry_ctx *e = ctx->obj;

	(void)key;
	e->part.entry_description = manifest_attr_str(ctx, subject, val);
}

static void on_manifest(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *key,
                        const struct ytree_node *val)
{
	struct entry_ctx *e = ctx->obj;
	char *s = manifest_attr_str(ctx, subject, val);

	(void)key;
	if (s)
		e->manifest = val;
	free(s);
}

static void on_output_path(const struct manifest_attr_ctx *ctx,
                           const char *subject, const struct ytree_node *key,
                           const struct ytree_node *val)
{
	struct entry_ctx *e = ctx->obj;

	(void)key;
	e->part.output_path = manifest_attr_str(ctx, subject, val);
}

static void on_conditional(const struct manifest_attr_ctx *ctx,
                           const char *subject, const struct ytree_node *key,
                           const struct ytree_node *val)
{
	struct entry_ctx *e = ctx->obj;

	(void)key;
	e->conditional = manifest_attr_str(ctx, subject, val);
}

static void on_entry_version_major(const struct manifest_attr_ctx *ctx,
                                   const char *subject,
                                   const struct ytree_node *key,
                                   const struct ytree_node *val)
{
	struct entry_ctx *e = ctx->obj;

	(void)key;
	manifest_attr_u32(ctx, subject, val, &any_u32, &e->part.version_major);
}

static void on_entry_version_minor(const struct manifest_attr_ctx *ctx,
                                   const char *subject,
                                   const struct ytree_node *key,
                                   const struct ytree_node *val)
{
	struct entry_ctx *e = ctx->obj;

	(void)key;
	manifest_attr_u32(ctx, subject, val, &any_u32, &e->part.version_minor);
}

static void on_pid(const struct manifest_attr_ctx *ctx, const char *subject,
                   const struct ytree_node *key, const struct ytree_node *val)
{
	struct entry_ctx *e = ctx->obj;
	uint32_t pid;

	(void)key;
	if (!manifest_attr_u32(ctx, subject, val, &pid_range, &pid))
		return;
	e->part.pid = (int32_t)pid;
	e->part.pid_explicit = true;
	e->part.pid_loc = val->loc;
}

static void on_library_list(const struct manifest_attr_ctx *ctx,
                            const char *subject, const struct ytree_node *key,
                            const struct ytree_node *val)
{
	struct entry_ctx *e = ctx->obj;

	(void)subject;
	manifest_attr_strlist(ctx, key->text, val, false, &e->part.libraries);
}

static void on_object_list(const struct manifest_attr_ctx *ctx,
                           const char *subject, const struct ytree_node *key,
                           const struct ytree_node *val)
{
	struct entry_ctx *e = ctx->obj;

	(void)subject;
	manifest_attr_strlist(ctx, key->text, val, false, &e->part.objects);
}

static const struct manifest_attr linker_attrs[] = {
        {"library_list", MANIFEST_VALL, 0, on_library_list},
        {"object_list", MANIFEST_VALL, 0, on_object_list},
};

static void on_linker_pattern(const struct manifest_attr_ctx *ctx,
                              const char *subject, const struct ytree_node *key,
                              const struct ytree_node *val)
{
	struct manifest_attr_ctx sub = *ctx;

	(void)key;
	if (!manifest_attr_map(ctx, subject, val))
		return;
	sub.what = "linker_pattern";
	manifest_attr_walk(&sub, val, linker_attrs,
	                   sizeof(linker_attrs) / sizeof(linker_attrs[0]));
}

static void on_non_ffm(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *key,
                       const struct ytree_node *val)
{
	struct entry_ctx *e = ctx->obj;

	(void)subject;
	manifest_attr_strlist(ctx, key->text, val, false, &e->part.non_ffm);
}

static const struct manifest_attr entry_attrs[] = {
        {"description", MANIFEST_VALL, 0, on_entry_description},
        {"manifest", MANIFEST_VALL, MANIFEST_VALL, on_manifest},
        {"output_path", MANIFEST_VALL, 0, on_output_path},
        {"conditional", MANIFEST_VALL, 0, on_conditional},
        {"version_major", MANIFEST_VALL, 0, on_entry_version_major},
        {"version_minor", MANIFEST_VALL, 0, on_entry_version_minor},
        {"pid", MANIFEST_VALL, 0, on_pid},
        {"linker_pattern", MANIFEST_VALL, 0, on_linker_pattern},
        {"non_ffm_attributes", MANIFEST_VALL, 0, on_non_ffm},
};

bool manifest_list_value_on(const char *value)
{
	static const char *const off[] = {"",   "0", "OFF",     "FALSE",
	                                  "NO", "N", "DISABLED"};
	size_t i;

	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		if (strcasecmp(value, off[i]) == 0)
			return false;
	return true;
}

/** Looks a ${NAME} up: -D first, then the environment. */
static const char *variable(const struct manifest_options *opt,
                            const char *name)
{
	const char *v = manifest_define_value(opt, name);

	if (v == NULL && opt->use_environment)
		v = getenv(name);
	return v;
}

/** Appends ${NAME} at @s to @b; returns what follows it, NULL on error. */
static const char *expand_one(const struct list_ctx *lc,
                              const struct ytree_node *val, const char *s,
                              struct manifest_buf *b)
{
	const char *end = strchr(s + 2, '}');
	const char *value;
	char *name;

	if (end == NULL) {
		manifest_diag_at(lc->diag, &val->loc,
		                 "unterminated '${' in attribute 'manifest'");
		return NULL;
	}
	name = manifest_xstrndup(s + 2, (size_t)(end - s - 2));
	value = variable(lc->opt, name);
	if (value)
		manifest_buf_puts(b, value);
	else
		manifest_diag_at(
		        lc->diag, &val->loc,
		        "undefined variable '%.80s' in attribute "
		        "'manifest' (define it with -D NAME=VALUE, --var "
		        "NAME=VALUE or in the environment)",
		        name);
	free(name);
	return value ? end + 1 : NULL;
}

/** Expands every ${NAME} of the manifest path; NULL after an error. */
static char *expand(const struct list_ctx *lc, const struct ytree_node *val)
{
	struct manifest_buf b = {0};
	const char *s = val->text;

	manifest_buf_puts(&b, "");
	while (s && *s) {
		if (s[0] == '$' && s[1] == '{')
			s = expand_one(lc, val, s, &b);
		else
			manifest_buf_putc(&b, *s++);
	}
	if (s == NULL) {
		manifest_buf_free(&b);
		return NULL;
	}
	return manifest_buf_take(&b);
}

/**
 * Resolves a relative manifest path as TF-M's generator does: relative to
 * the list file's directory when the file is there, otherwise relative to
 * the current directory (TF-M runs from its source root).
 */
static char *resolve(const char *list_file, char *path)
{
	const char *slash = strrchr(list_file, '/');
	char *joined;

	if (path[0] == '/' || slash == NULL)
		return path;
	joined = manifest_xasprintf("%.*s/%s", (int)(slash - list_file),
	                            list_file, path);
	if (access(joined, F_OK) != 0 && access(path, F_OK) == 0) {
		free(joined);
		return path;
	}
	free(path);
	return joined;
}

/** The file name of @path without its extension. */
static char *header_name(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		return manifest_xstrdup(base);
	return manifest_xstrndup(base, (size_t)(dot - base));
}

/** True when @name can be used in #include "psa_manifest/<name>.h". */
static bool header_name_ok(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (!(isalnum((unsigned char)name[i]) || name[i] == '_' ||
		      name[i] == '-' || name[i] == '.'))
			return false;
	return i > 0;
}

/** True for a value CMake's configure_file() may have put in place of
 *  the name (older TF-M lists: "conditional": "@TFM_PARTITION_X@"). */
static bool is_truth_value(const char *s)
{
	static const char *const words[] = {"",    "0",       "1",       "ON",
	                                    "OFF", "TRUE",    "FALSE",   "YES",
	                                    "NO",  "ENABLED", "DISABLED"};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	return false;
}

/**
 * True when entry @e is included: no conditional, a name defined ON (-D),
 * or a configured value that is ON. An undefined name is OFF.
 */
static bool entry_included(const struct entry_ctx *e)
{
	const char *v;

	if (e->conditional == NULL)
		return true;
	v = manifest_define_value(e->lc->opt, e->conditional);
	if (v == NULL && is_truth_value(e->conditional))
		v = e->conditional;
	return v != NULL && manifest_list_value_on(v);
}

/** Reports a manifest listed twice; true when @path is new. */
static bool first_listing(const struct list_ctx *lc, const char *path,
                          const struct ytree_loc *loc)
{
	const struct manifest_partition *p;
	size_t i;

	for (i = 0; i < lc->model->n_parts; i++) {
		p = &lc->model->parts[i];
		if (strcmp(p->manifest, path) != 0)
			continue;
		manifest_diag_at(lc->diag, loc,
		                 "manifest '%s' is listed twice (first at "
		                 "%s:%u)",
		                 path, p->manifest_loc.file,
		                 p->manifest_loc.line);
		return false;
	}
	return true;
}

/** Resolves the manifest path of entry @e into e->part; false if bad. */
static bool locate_manifest(struct entry_ctx *e)
{
	const struct list_ctx *lc = e->lc;
	char *path = expand(lc, e->manifest);

	if (path == NULL)
		return false;
	e->part.manifest = resolve(lc->file, path);
	e->part.manifest_loc = e->manifest->loc;
	e->part.header = header_name(e->part.manifest);
	if (!header_name_ok(e->part.header)) {
		manifest_diag_at(lc->diag, &e->manifest->loc,
		                 "manifest file name '%.80s' cannot name a C "
		                 "header (use letters, digits, '_', '-' and "
		                 "'.')",
		                 e->part.header);
		return false;
	}
	if (strcmp(e->part.header, "sid") == 0 ||
	    strcmp(e->part.header, "pid") == 0) {
		manifest_diag_at(lc->diag, &e->manifest->loc,
		                 "manifest file name '%s' is reserved: "
		                 "psa_manifest/%s.h is generated for all "
		                 "partitions",
		                 e->part.header, e->part.header);
		return false;
	}
	return first_listing(lc, e->part.manifest, &e->manifest->loc);
}

/** Reads one item of manifest_list into a partition of the model. */
static void read_entry(const struct list_ctx *lc, const struct ytree_node *item)
{
	struct entry_ctx e = {lc, {0}, NULL, NULL};
	struct manifest_attr_ctx ctx = {
	        lc->diag, 0, NULL, "manifest list entry", &e, true};

	e.part.entry_loc = item->loc;
	manifest_attr_walk(&ctx, item, entry_attrs,
	                   sizeof(entry_attrs) / sizeof(entry_attrs[0]));
	if (e.manifest && entry_included(&e) && locate_manifest(&e))
		manifest_model_add_partition(lc->model, &e.part);
	else
		manifest_partition_clear(&e.part);
	free(e.conditional);
}

static void on_list_description(const struct manifest_attr_ctx *ctx,
                                const char *subject,
                                const struct ytree_node *key,
                                const struct ytree_node *val)
{
	struct list_ctx *lc = ctx->obj;

	(void)key;
	lc->list->description = manifest_attr_str(ctx, subject, val);
}

static void on_list_type(const struct manifest_attr_ctx *ctx,
                         const char *subject, const struct ytree_node *key,
                         const struct ytree_node *val)
{
	static const char *const types[] = {"manifest_list", NULL};
	int type;

	(void)key;
	manifest_attr_enum(ctx, subject, val, types, &type);
}

static void on_list_version_major(const struct manifest_attr_ctx *ctx,
                                  const char *subject,
                                  const struct ytree_node *key,
                                  const struct ytree_node *val)
{
	struct list_ctx *lc = ctx->obj;

	(void)key;
	manifest_attr_u32(ctx, subject, val, &any_u32,
	                  &lc->list->version_major);
}

static void on_list_version_minor(const struct manifest_attr_ctx *ctx,
                                  const char *subject,
                                  const struct ytree_node *key,
                                  const struct ytree_node *val)
{
	struct list_ctx *lc = ctx->obj;

	(void)key;
	manifest_attr_u32(ctx, subject, val, &any_u32,
	                  &lc->list->version_minor);
}

static void on_manifest_list(const struct manifest_attr_ctx *ctx,
                             const char *subject, const struct ytree_node *key,
                             const struct ytree_node *val)
{
	const struct list_ctx *lc = ctx->obj;
	char item[64];
	size_t i;

	(void)key;
	if (!manifest_attr_seq(ctx, subject, val))
		return;
	manifest_attr_item_subject(item, sizeof(item), "manifest_list");
	for (i = 0; i < val->n_kids && !manifest_diag_full(lc->diag); i++)
		if (manifest_attr_map(ctx, item, val->kids[i]))
			read_entry(lc, val->kids[i]);
}

static const struct manifest_attr list_attrs[] = {
        {"description", MANIFEST_VALL, 0, on_list_description},
        {"type", MANIFEST_VALL, 0, on_list_type},
        {"version_major", MANIFEST_VALL, 0, on_list_version_major},
        {"version_minor", MANIFEST_VALL, 0, on_list_version_minor},
        {"manifest_list", MANIFEST_VALL, MANIFEST_VALL, on_manifest_list},
};

void manifest_list_load(struct manifest_model *model, const char *path,
                        const struct manifest_options *opt,
                        struct manifest_diag *diag)
{
	struct list_ctx lc = {model, opt, diag, NULL, NULL};
	struct manifest_attr_ctx ctx = {diag, 0,   NULL, "manifest list",
	                                &lc,  true};
	struct ytree_node *root;

	lc.file = manifest_model_add_file(model, path);
	root = manifest_yaml_load(lc.file, NULL, diag);
	if (root == NULL) {
		model->incomplete = true;
		return;
	}
	lc.list = manifest_model_add_list(model);
	lc.list->file = lc.file;
	manifest_attr_walk(&ctx, root, list_attrs,
	                   sizeof(list_attrs) / sizeof(list_attrs[0]));
	ytree_free(root);
}
