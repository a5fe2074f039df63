/*
 * A non-secure client library for the STORAGE service (storage_api.h).
 */
#ifndef STORAGE_CLIENT_H
#define STORAGE_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <psa/client.h>

#include "../storage_api.h"

/** Stores @len bytes of @value under @key. */
psa_status_t storage_set(uint32_t key, const void *value, size_t len);

/** Reads the value of @key into @buf (@size bytes); its length in @len. */
psa_status_t storage_get(uint32_t key, void *buf, size_t size, size_t *len);

/** Removes the value of @key. */
psa_status_t storage_remove(uint32_t key);

#endif /* STORAGE_CLIENT_H */
