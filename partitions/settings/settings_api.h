/*
 * The SETTINGS service's interface, shared by the partition and its clients.
 *
 * SETTINGS is stateless (version 2, RELAXED): a client calls
 * psa_call(SETTINGS_HANDLE, <operation>, ...) with no psa_connect() first.
 * A setting is named by a small number, its id, passed as a uint32_t in
 * in_vec[0]; ids above SETTINGS_ID_MAX are refused. Every operation returns
 * PSA_ERROR_INVALID_ARGUMENT when a vector has the wrong size or a vector it
 * does not use carries data, PSA_ERROR_NOT_SUPPORTED for an unknown operation,
 * and passes on the key-value store's status otherwise.
 */
#ifndef SETTINGS_API_H
#define SETTINGS_API_H

/** Stores a setting. in_vec[0]: uint32_t id. in_vec[1]: the value. */
#define SETTINGS_SET (1)

/**
 * Reads a setting. in_vec[0]: uint32_t id. out_vec[0]: receives the value.
 * PSA_ERROR_DOES_NOT_EXIST when the setting was never set;
 * PSA_ERROR_BUFFER_TOO_SMALL when out_vec[0] is shorter than the value.
 */
#define SETTINGS_GET (2)

/** Forgets a setting. in_vec[0]: uint32_t id. */
#define SETTINGS_REMOVE (3)

/** The largest setting id. */
#define SETTINGS_ID_MAX (0xFFFFu)

/** The longest value, in bytes: the key-value store's limit. */
#define SETTINGS_MAX_VALUE_SIZE (64u)

/** Setting @id lives under key SETTINGS_KEY_BASE | id in the KV_STORE. */
#define SETTINGS_KEY_BASE (0x5E770000u)

#endif /* SETTINGS_API_H */
