#include "yaml_doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Reads the whole file; 0 or an errno value. */
static int read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n = 0, got;
	char *buf = NULL;
	int err = 0;

	if (f == NULL)
		return errno;
	do {
		if (cap - n < 4096) {
			cap = cap ? 2 * cap : 64 * 1024;
			buf = manifest_xrealloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0 && n <= MANIFEST_YAML_MAX_SIZE);
	if (ferror(f))
		err = errno ? errno : EIO;
	else if (n > MANIFEST_YAML_MAX_SIZE)
		err = EFBIG;
	fclose(f);
	*data = buf;
	*len = n;
	return err;
}

static void read_error(const char *path, const struct ytree_loc *ref,
                       struct manifest_diag *diag, int err)
{
	if (ref)
		manifest_diag_at(diag, ref, "cannot read manifest '%s': %s",
		                 path, strerror(err));
	else
		manifest_diag_error(diag, "cannot read manifest list '%s': %s",
		                    path, strerror(err));
}

/** The loader's problems, as the compiler's diagnostics. */
static void report(void *ctx, const struct ytree_loc *loc, const char *msg)
{
	struct manifest_diag *diag = ctx;

	if (loc != NULL)
		manifest_diag_at(diag, loc, "%s", msg);
	else
		manifest_diag_error(diag, "%s", msg);
}

struct ytree_node *manifest_yaml_load(const char *path,
                                      const struct ytree_loc *ref,
                                      struct manifest_diag *diag)
{
	static const struct ytree_limits limits = {
	        .max_size = MANIFEST_YAML_MAX_SIZE,
	        .max_depth = MANIFEST_YAML_MAX_DEPTH,
	};
	struct ytree_node *root;
	char *data = NULL;
	size_t len = 0;
	int err = read_file(path, &data, &len);

	if (err != 0) {
		read_error(path, ref, diag, err);
		free(data);
		return NULL;
	}
	root = ytree_parse(path, data, len, &limits, report, diag);
	free(data);
	return root;
}
