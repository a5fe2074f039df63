/*
 * Log levels and the level markers TF-M's logging puts at the head of a
 * format string, with TF-M's names and values, for partition code that logs
 * through tfm_log_unpriv.h or tfm_sp_log.h.
 */
#ifndef TFM_VPRINTF_H
#define TFM_VPRINTF_H

#include <stdint.h>

#define LOG_LEVEL_NONE    UINT8_C(0)
#define LOG_LEVEL_ERROR   UINT8_C(10)
#define LOG_LEVEL_NOTICE  UINT8_C(20)
#define LOG_LEVEL_WARNING UINT8_C(30)
#define LOG_LEVEL_INFO    UINT8_C(40)
#define LOG_LEVEL_VERBOSE UINT8_C(50)

/* One byte, the level's value, before the format; RAW prints no tag. */
#define LOG_MARKER_ERROR   "\x0a"
#define LOG_MARKER_NOTICE  "\x14"
#define LOG_MARKER_WARNING "\x1e"
#define LOG_MARKER_INFO    "\x28"
#define LOG_MARKER_VERBOSE "\x32"
#define LOG_MARKER_RAW     "\x3c"

#endif /* TFM_VPRINTF_H */
