/*
 * Partition logging (tfm_log_unpriv.h, tfm_sp_log.h).
 *
 * How it works. The message is formatted on the caller's own stack and
 * written with one write() to standard output, so it needs nothing of the
 * SPM's and nothing another partition owns: code at any isolation level can
 * log, as an unprivileged partition logs through the SPM on the board.
 * The level marker at the head of the format becomes a short tag.
 */
#include "tfm_log_unpriv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/** The tag printed for the level marker @m, or NULL if @m is no marker. */
static const char *level_tag(unsigned char m)
{
	switch (m) {
	case LOG_LEVEL_ERROR:
		return "[ERR] ";
	case LOG_LEVEL_NOTICE:
		return "[NOT] ";
	case LOG_LEVEL_WARNING:
		return "[WRN] ";
	case LOG_LEVEL_INFO:
		return "[INF] ";
	case LOG_LEVEL_VERBOSE:
		return "[VER] ";
	case 0x3c: /* LOG_MARKER_RAW */
		return "";
	default:
		return NULL;
	}
}

void tfm_log_unpriv(const char *fmt, ...)
{
	const char *tag = level_tag((unsigned char)fmt[0]);
	const char *body = fmt;
	char buf[512];
	size_t n = 0;
	va_list ap;
	int len;

	if (tag != NULL) {
		n = strlen(tag);
		memcpy(buf, tag, n);
		body++;
	}
	va_start(ap, fmt);
	len = vsnprintf(buf + n, sizeof(buf) - n, body, ap);
	va_end(ap);
	if (len < 0)
		return;
	n += (size_t)len < sizeof(buf) - n ? (size_t)len : sizeof(buf) - n - 1;
	if (write(STDOUT_FILENO, buf, n) < 0)
		return; /* nowhere to report a failed log */
}
