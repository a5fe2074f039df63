/*
 * A client library for the KV_STORE service: what a non-secure application
 * (or a secure partition that lists KV_STORE in its dependencies) links to
 * use the store without building vectors by hand.
 *
 * Each function is one psa_call() on the stateless KV_STORE_HANDLE and returns
 * the service's status unchanged (see kv_store_api.h for the statuses).
 */
#ifndef KV_CLIENT_H
#define KV_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <psa/error.h>

#include "../kv_store_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Stores the @len bytes at @value under @key, replacing any earlier value. */
psa_status_t kv_set(uint32_t key, const void *value, size_t len);

/**
 * Copies the value under @key into @buf, which holds @size bytes, and sets
 * @len to the value's length (to 0 on failure; @len may be NULL).
 */
psa_status_t kv_get(uint32_t key, void *buf, size_t size, size_t *len);

/** Removes the value under @key. */
psa_status_t kv_remove(uint32_t key);

/** Sets @count to the number of stored values. */
psa_status_t kv_count(uint32_t *count);

#ifdef __cplusplus
}
#endif

#endif /* KV_CLIENT_H */
