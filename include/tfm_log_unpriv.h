/*
 * Logging from partition code at any privilege, with TF-M's macro names:
 * ERROR_UNPRIV(), NOTICE_UNPRIV(), WARN_UNPRIV(), INFO_UNPRIV(),
 * VERBOSE_UNPRIV() and their _RAW forms (no level tag). A message below
 * LOG_LEVEL_UNPRIV is compiled (so its format is checked) but never printed.
 * On the host the text goes to the simulator's standard output, one write
 * per message, tagged with its level ("[INF] ...").
 */
#ifndef TFM_LOG_UNPRIV_H
#define TFM_LOG_UNPRIV_H

#include <stdbool.h>

#include "tfm_vprintf.h"

/* TF-M's build sets it per partition; without one, errors to info print. */
#ifndef LOG_LEVEL_UNPRIV
#define LOG_LEVEL_UNPRIV LOG_LEVEL_INFO
#endif

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 1, 2)))
#endif
/** Prints @fmt (a level marker, then a printf format) and its arguments. */
void tfm_log_unpriv(const char *fmt, ...);

#ifdef __cplusplus
}
#endif

/* Below the level: evaluated for type checking, then optimised away. */
#define SPMSIM_LOG_UNPRIV_OFF(...)                                             \
	do {                                                                   \
		if (false) {                                                   \
			tfm_log_unpriv(__VA_ARGS__);                           \
		}                                                              \
	} while (false)

#if LOG_LEVEL_UNPRIV >= LOG_LEVEL_ERROR
#define ERROR_UNPRIV(...)     tfm_log_unpriv(LOG_MARKER_ERROR __VA_ARGS__)
#define ERROR_UNPRIV_RAW(...) tfm_log_unpriv(LOG_MARKER_RAW __VA_ARGS__)
#else
#define ERROR_UNPRIV(...)     SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_ERROR __VA_ARGS__)
#define ERROR_UNPRIV_RAW(...) SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_RAW __VA_ARGS__)
#endif

#if LOG_LEVEL_UNPRIV >= LOG_LEVEL_NOTICE
#define NOTICE_UNPRIV(...)     tfm_log_unpriv(LOG_MARKER_NOTICE __VA_ARGS__)
#define NOTICE_UNPRIV_RAW(...) tfm_log_unpriv(LOG_MARKER_RAW __VA_ARGS__)
#else
#define NOTICE_UNPRIV(...)     SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_NOTICE __VA_ARGS__)
#define NOTICE_UNPRIV_RAW(...) SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_RAW __VA_ARGS__)
#endif

#if LOG_LEVEL_UNPRIV >= LOG_LEVEL_WARNING
#define WARN_UNPRIV(...)     tfm_log_unpriv(LOG_MARKER_WARNING __VA_ARGS__)
#define WARN_UNPRIV_RAW(...) tfm_log_unpriv(LOG_MARKER_RAW __VA_ARGS__)
#else
#define WARN_UNPRIV(...)     SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_WARNING __VA_ARGS__)
#define WARN_UNPRIV_RAW(...) SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_RAW __VA_ARGS__)
#endif

#if LOG_LEVEL_UNPRIV >= LOG_LEVEL_INFO
#define INFO_UNPRIV(...)     tfm_log_unpriv(LOG_MARKER_INFO __VA_ARGS__)
#define INFO_UNPRIV_RAW(...) tfm_log_unpriv(LOG_MARKER_RAW __VA_ARGS__)
#else
#define INFO_UNPRIV(...)     SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_INFO __VA_ARGS__)
#define INFO_UNPRIV_RAW(...) SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_RAW __VA_ARGS__)
#endif

#if LOG_LEVEL_UNPRIV >= LOG_LEVEL_VERBOSE
#define VERBOSE_UNPRIV(...)     tfm_log_unpriv(LOG_MARKER_VERBOSE __VA_ARGS__)
#define VERBOSE_UNPRIV_RAW(...) tfm_log_unpriv(LOG_MARKER_RAW __VA_ARGS__)
#else
#define VERBOSE_UNPRIV(...)                                                    \
	SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_VERBOSE __VA_ARGS__)
#define VERBOSE_UNPRIV_RAW(...)                                                \
	SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_RAW __VA_ARGS__)
#endif

#endif /* TFM_LOG_UNPRIV_H */
