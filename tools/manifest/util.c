#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void manifest_fatal(const char *file, int line, const char *what)
{
	fprintf(stderr, "spm-manifest: internal error at %s:%d: %s\n", file,
	        line, what);
	abort();
}

void *manifest_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	MANIFEST_CHECK(p != NULL);
	return p;
}

void *manifest_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	MANIFEST_CHECK(p != NULL);
	return p;
}

void *manifest_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	MANIFEST_CHECK(q != NULL);
	return q;
}

char *manifest_xstrdup(const char *s)
{
	return manifest_xstrndup(s, strlen(s));
}

char *manifest_xstrndup(const char *s, size_t n)
{
	char *p = manifest_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *manifest_xasprintf(const char *fmt, ...)
{
	struct manifest_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	manifest_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return manifest_buf_take(&b);
}

void *manifest_grow(void *arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 8;
	MANIFEST_CHECK(*cap <= (size_t)-1 / elem);
	return manifest_xrealloc(arr, *cap * elem);
}

/** Makes room for @extra more characters plus the terminator. */
static void buf_reserve(struct manifest_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	while (b->cap < need)
		b->cap = b->cap ? b->cap * 2 : 256;
	b->s = manifest_xrealloc(b->s, b->cap);
}

void manifest_buf_puts(struct manifest_buf *b, const char *s)
{
	size_t n = strlen(s);

	buf_reserve(b, n);
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

void manifest_buf_putc(struct manifest_buf *b, char c)
{
	buf_reserve(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void manifest_buf_vprintf(struct manifest_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	MANIFEST_CHECK(n >= 0);
	buf_reserve(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void manifest_buf_printf(struct manifest_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	manifest_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void manifest_buf_pad(struct manifest_buf *b, size_t col)
{
	size_t start = b->len;

	while (start > 0 && b->s[start - 1] != '\n')
		start--;
	do
		manifest_buf_putc(b, ' ');
	while (b->len - start < col);
}

char *manifest_buf_take(struct manifest_buf *b)
{
	char *s = b->s ? b->s : manifest_xstrdup("");

	b->s = NULL;
	b->len = 0;
	b->cap = 0;
	return s;
}

void manifest_buf_free(struct manifest_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = 0;
	b->cap = 0;
}

/*
 * Names a manifest may not use for something the compiler turns into a
 * macro or a function: C keywords, and the few macros the generated code
 * itself relies on.
 */
static const char *const reserved_names[] = {
        "_Alignas",       "_Alignof",      "_Atomic",    "_Bool",
        "_Complex",       "_Generic",      "_Imaginary", "_Noreturn",
        "_Static_assert", "_Thread_local", "auto",       "bool",
        "break",          "case",          "char",       "const",
        "continue",       "default",       "do",         "double",
        "else",           "enum",          "extern",     "false",
        "float",          "for",           "goto",       "if",
        "inline",         "int",           "long",       "NULL",
        "register",       "restrict",      "return",     "short",
        "signed",         "sizeof",        "static",     "struct",
        "switch",         "true",          "typedef",    "union",
        "unsigned",       "void",          "volatile",   "while",
};

bool manifest_is_ident(const char *s)
{
	size_t i;

	if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (i = 1; s[i]; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return false;
	for (i = 0; i < sizeof(reserved_names) / sizeof(reserved_names[0]); i++)
		if (strcmp(s, reserved_names[i]) == 0)
			return false;
	return true;
}

char *manifest_lower(const char *s)
{
	char *p = manifest_xstrdup(s);
	size_t i;

	for (i = 0; p[i]; i++)
		p[i] = (char)tolower((unsigned char)p[i]);
	return p;
}

char *manifest_macro_case(const char *s)
{
	char *p = manifest_xstrdup(s);
	size_t i;

	for (i = 0; p[i]; i++)
		p[i] = isalnum((unsigned char)p[i])
		               ? (char)toupper((unsigned char)p[i])
		               : '_';
	return p;
}

void manifest_sort(void *base, size_t n, size_t size,
                   int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}
