/*
 * Small helpers shared by the manifest compiler: allocation that never
 * returns NULL, a growable string buffer and C identifier checks.
 *
 * The compiler is a host tool: running out of memory is not an input error
 * the user can fix, so the allocators stop the program instead of making
 * every caller handle NULL.
 */
#ifndef MANIFEST_UTIL_H
#define MANIFEST_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define MANIFEST_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

/** Stops the program when an internal invariant is broken. */
#define MANIFEST_CHECK(cond)                                                   \
	((cond) ? (void)0 : manifest_fatal(__FILE__, __LINE__, #cond))

/** Reports a broken invariant (or exhausted memory) and aborts. */
void manifest_fatal(const char *file, int line, const char *what)
        __attribute__((noreturn));

void *manifest_xmalloc(size_t size);
void *manifest_xcalloc(size_t n, size_t size);
void *manifest_xrealloc(void *p, size_t size);
char *manifest_xstrdup(const char *s);
char *manifest_xstrndup(const char *s, size_t n);
/** qsort() that accepts an empty array (qsort must not see a null base). */
void manifest_sort(void *base, size_t n, size_t size,
                   int (*cmp)(const void *, const void *));
/** Returns a newly allocated formatted string. */
char *manifest_xasprintf(const char *fmt, ...) MANIFEST_PRINTF(1, 2);

/**
 * Makes room for one more element in a growable array of @n elements of
 * @elem bytes whose capacity is *@cap; returns the (possibly moved) array.
 */
void *manifest_grow(void *arr, size_t *cap, size_t n, size_t elem);

/** A growable NUL-terminated string. Zero-initialise before use. */
struct manifest_buf {
	char *s;
	size_t len;
	size_t cap;
};

void manifest_buf_puts(struct manifest_buf *b, const char *s);
void manifest_buf_putc(struct manifest_buf *b, char c);
void manifest_buf_printf(struct manifest_buf *b, const char *fmt, ...)
        MANIFEST_PRINTF(2, 3);
void manifest_buf_vprintf(struct manifest_buf *b, const char *fmt, va_list ap)
        MANIFEST_PRINTF(2, 0);
/** Appends spaces until the current line is @col characters long. */
void manifest_buf_pad(struct manifest_buf *b, size_t col);
/** Hands the string over to the caller (never NULL) and empties @b. */
char *manifest_buf_take(struct manifest_buf *b);
void manifest_buf_free(struct manifest_buf *b);

/** True for a C identifier that is not a C keyword or a reserved name. */
bool manifest_is_ident(const char *s);
/** Returns a lower-case copy of @s (ASCII). */
char *manifest_lower(const char *s);
/** Returns an upper-case copy of @s with every non-alphanumeric as '_'. */
char *manifest_macro_case(const char *s);

#endif /* MANIFEST_UTIL_H */
