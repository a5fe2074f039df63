#include "scn_diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** One allocation of an arena, with the link to the previous one. */
struct scn_block {
	struct scn_block *next;
	max_align_t data[];
};

void *scn_alloc(struct scn_arena *a, size_t size)
{
	struct scn_block *b;

	if (size > SIZE_MAX - sizeof(*b))
		abort();
	b = calloc(1, sizeof(*b) + size);
	if (b == NULL) {
		fputs("spmsim: out of memory\n", stderr);
		abort();
	}
	b->next = a->head;
	a->head = b;
	return b->data;
}

char *scn_strndup(struct scn_arena *a, const char *s, size_t n)
{
	char *p = scn_alloc(a, n + 1);

	memcpy(p, s, n);
	return p;
}

char *scn_strdup(struct scn_arena *a, const char *s)
{
	return scn_strndup(a, s, strlen(s));
}

void scn_arena_free(struct scn_arena *a)
{
	while (a->head) {
		struct scn_block *b = a->head;

		a->head = b->next;
		free(b);
	}
}

void scn_vfail(struct scn_diag *d, unsigned line, unsigned col, const char *fmt,
               va_list ap)
{
	char msg[SCN_ERROR_SIZE / 2];

	if (d->failed)
		return;
	d->failed = true;
	d->line = line;
	d->col = col;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (line > 0)
		snprintf(d->text, sizeof(d->text), "%.200s:%u:%u: error: %s",
		         d->file, line, col, msg);
	else
		snprintf(d->text, sizeof(d->text), "%.200s: error: %s", d->file,
		         msg);
}

void scn_fail(struct scn_diag *d, unsigned line, unsigned col, const char *fmt,
              ...)
{
	va_list ap;

	va_start(ap, fmt);
	scn_vfail(d, line, col, fmt, ap);
	va_end(ap);
}
