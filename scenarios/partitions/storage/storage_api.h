/*
 * The STORAGE service's interface, shared by the partition and its clients.
 *
 * STORAGE is stateless: psa_call(STORAGE_HANDLE, <operation>, ...). Keys are
 * 32-bit numbers in native byte order; values are 1 to STORAGE_MAX_VALUE
 * opaque bytes. What is stored survives every reset: an operation cut short
 * by a reset leaves the old value or the new one, never a mix. Wrong vector
 * sizes give PSA_ERROR_INVALID_ARGUMENT, an unknown operation
 * PSA_ERROR_NOT_SUPPORTED.
 */
#ifndef STORAGE_API_H
#define STORAGE_API_H

/** The longest value. */
#define STORAGE_MAX_VALUE 64u

/**
 * Bytes of live values the store holds: each value takes 16 bytes plus its
 * length rounded up to 16.
 */
#define STORAGE_BANK_CAPACITY (0x8000u - 16u)

/**
 * Stores a value. in_vec[0]: uint32_t key; in_vec[1]: the value.
 * PSA_ERROR_INSUFFICIENT_STORAGE when the live values (the latest of each
 * key) and the new one do not fit half the flash (STORAGE_BANK_CAPACITY).
 */
#define STORAGE_SET 1

/**
 * Reads a value. in_vec[0]: uint32_t key; out_vec[0]: the value, its length
 * after the call the value's. PSA_ERROR_DOES_NOT_EXIST,
 * PSA_ERROR_BUFFER_TOO_SMALL.
 */
#define STORAGE_GET 2

/** Removes a value. in_vec[0]: uint32_t key. PSA_ERROR_DOES_NOT_EXIST. */
#define STORAGE_REMOVE 3

/** Erases every value (not atomic: a reset may leave some). */
#define STORAGE_FORMAT 4

#endif /* STORAGE_API_H */
