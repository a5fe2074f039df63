#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void manifest_diag_init(struct manifest_diag *d)
{
	memset(d, 0, sizeof(*d));
}

void manifest_diag_free(struct manifest_diag *d)
{
	size_t i;

	for (i = 0; i < d->n_lines; i++)
		free(d->lines[i]);
	free(d->lines);
	manifest_diag_init(d);
}

static void add_line(struct manifest_diag *d, char *line)
{
	d->lines =
	        manifest_grow(d->lines, &d->cap, d->n_lines, sizeof(*d->lines));
	d->lines[d->n_lines++] = line;
}

/**
 * Counts one more error; false when it must be dropped because the limit
 * was reached (the first dropped one leaves a line saying so).
 */
static bool take_error(struct manifest_diag *d)
{
	if (d->n_errors < MANIFEST_DIAG_MAX_ERRORS) {
		d->n_errors++;
		return true;
	}
	if (!d->stopped)
		add_line(d, manifest_xasprintf("spm-manifest: error: too many "
		                               "errors, stopping after %u",
		                               MANIFEST_DIAG_MAX_ERRORS));
	d->stopped = true;
	return false;
}

/** Formats @prefix followed by the message. */
static char *vformat(const char *prefix, const char *fmt, va_list ap)
{
	struct manifest_buf b = {0};

	manifest_buf_puts(&b, prefix);
	manifest_buf_vprintf(&b, fmt, ap);
	return manifest_buf_take(&b);
}

void manifest_diag_at(struct manifest_diag *d, const struct ytree_loc *loc,
                      const char *fmt, ...)
{
	char *prefix;
	va_list ap;

	if (!take_error(d))
		return;
	prefix = manifest_xasprintf("%s:%u:%u: error: ", loc->file, loc->line,
	                            loc->col);
	va_start(ap, fmt);
	add_line(d, vformat(prefix, fmt, ap));
	va_end(ap);
	free(prefix);
}

void manifest_diag_warn_at(struct manifest_diag *d, const struct ytree_loc *loc,
                           const char *fmt, ...)
{
	char *prefix;
	va_list ap;

	prefix = manifest_xasprintf("%s:%u:%u: warning: ", loc->file, loc->line,
	                            loc->col);
	va_start(ap, fmt);
	add_line(d, vformat(prefix, fmt, ap));
	va_end(ap);
	free(prefix);
}

void manifest_diag_error(struct manifest_diag *d, const char *fmt, ...)
{
	va_list ap;

	if (!take_error(d))
		return;
	va_start(ap, fmt);
	add_line(d, vformat("spm-manifest: error: ", fmt, ap));
	va_end(ap);
}

void manifest_diag_note(struct manifest_diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(d, vformat("spm-manifest: note: ", fmt, ap));
	va_end(ap);
}

bool manifest_diag_full(const struct manifest_diag *d)
{
	return d->n_errors >= MANIFEST_DIAG_MAX_ERRORS;
}

unsigned manifest_diag_errors(const struct manifest_diag *d)
{
	return d->n_errors;
}

size_t manifest_diag_count(const struct manifest_diag *d)
{
	return d->n_lines;
}

const char *manifest_diag_line(const struct manifest_diag *d, size_t i)
{
	return i < d->n_lines ? d->lines[i] : NULL;
}

bool manifest_diag_has(const struct manifest_diag *d, const char *line)
{
	size_t i;

	for (i = 0; i < d->n_lines; i++)
		if (strcmp(d->lines[i], line) == 0)
			return true;
	return false;
}

void manifest_diag_print(const struct manifest_diag *d, FILE *out)
{
	size_t i;

	for (i = 0; i < d->n_lines; i++)
		fprintf(out, "%s\n", d->lines[i]);
}
