/*
 * The KV_STORE service's interface, shared by the partition and its clients.
 *
 * KV_STORE is stateless: a client calls psa_call(KV_STORE_HANDLE, <operation>,
 * ...) with no psa_connect() first. Keys are 32-bit numbers, passed in native
 * byte order (client and service run on the same core). Values are opaque
 * bytes. Every operation returns PSA_ERROR_INVALID_ARGUMENT when a vector has
 * the wrong size or a vector the operation does not use carries data, and an
 * unknown operation returns PSA_ERROR_NOT_SUPPORTED.
 */
#ifndef KV_STORE_API_H
#define KV_STORE_API_H

/*
 * Operations, passed as the psa_call() type. They start at 1 so that a plain
 * PSA_IPC_CALL (0) is never mistaken for one of them.
 */

/**
 * Stores a value, replacing any value already under the key.
 * in_vec[0]: uint32_t key. in_vec[1]: the value, 0..KV_MAX_VALUE_SIZE bytes.
 * PSA_ERROR_INSUFFICIENT_STORAGE when the key is new and the store is full.
 */
#define KV_SET (1)

/**
 * Reads a value. in_vec[0]: uint32_t key. out_vec[0]: receives the value; its
 * length after the call is the value's length.
 * PSA_ERROR_DOES_NOT_EXIST when no value is stored under the key;
 * PSA_ERROR_BUFFER_TOO_SMALL when out_vec[0] is shorter than the value.
 */
#define KV_GET (2)

/**
 * Removes a value. in_vec[0]: uint32_t key.
 * PSA_ERROR_DOES_NOT_EXIST when no value is stored under the key.
 */
#define KV_REMOVE (3)

/** Counts the stored values. out_vec[0]: uint32_t count. */
#define KV_COUNT (4)

/** How many values the store holds at most. */
#define KV_MAX_ENTRIES (16u)

/** The longest value, in bytes. */
#define KV_MAX_VALUE_SIZE (64u)

#endif /* KV_STORE_API_H */
