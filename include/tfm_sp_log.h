/*
 * The older partition logging of TF-M, with its names and values:
 * LOG_ERRFMT(), LOG_INFFMT() and LOG_DBGFMT(), printed when
 * TFM_PARTITION_LOG_LEVEL reaches their level. Same output as
 * tfm_log_unpriv.h, without a level tag.
 */
#ifndef TFM_SP_LOG_H
#define TFM_SP_LOG_H

#include "tfm_log_unpriv.h"

#define TFM_PARTITION_LOG_LEVEL_DEBUG   3
#define TFM_PARTITION_LOG_LEVEL_INFO    2
#define TFM_PARTITION_LOG_LEVEL_ERROR   1
#define TFM_PARTITION_LOG_LEVEL_SILENCE 0

/* TF-M's build sets it per partition; without one, errors and info print. */
#ifndef TFM_PARTITION_LOG_LEVEL
#define TFM_PARTITION_LOG_LEVEL TFM_PARTITION_LOG_LEVEL_INFO
#endif

#if TFM_PARTITION_LOG_LEVEL > TFM_PARTITION_LOG_LEVEL_DEBUG ||                 \
        TFM_PARTITION_LOG_LEVEL < TFM_PARTITION_LOG_LEVEL_SILENCE
#error "TFM_PARTITION_LOG_LEVEL must be 0 (silence) to 3 (debug)"
#endif

#if TFM_PARTITION_LOG_LEVEL >= TFM_PARTITION_LOG_LEVEL_DEBUG
#define LOG_DBGFMT(...) tfm_log_unpriv(LOG_MARKER_RAW __VA_ARGS__)
#else
#define LOG_DBGFMT(...) SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_RAW __VA_ARGS__)
#endif

#if TFM_PARTITION_LOG_LEVEL >= TFM_PARTITION_LOG_LEVEL_INFO
#define LOG_INFFMT(...) tfm_log_unpriv(LOG_MARKER_RAW __VA_ARGS__)
#else
#define LOG_INFFMT(...) SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_RAW __VA_ARGS__)
#endif

#if TFM_PARTITION_LOG_LEVEL >= TFM_PARTITION_LOG_LEVEL_ERROR
#define LOG_ERRFMT(...) tfm_log_unpriv(LOG_MARKER_RAW __VA_ARGS__)
#else
#define LOG_ERRFMT(...) SPMSIM_LOG_UNPRIV_OFF(LOG_MARKER_RAW __VA_ARGS__)
#endif

#endif /* TFM_SP_LOG_H */
