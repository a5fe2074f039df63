/*
 * Settings: an application-RoT partition in the SFN model that keeps its data
 * in another partition's service. A template: copy it to start a partition
 * that is a client of other secure services.
 *
 * How it works: the SPM calls settings_sfn() once for every psa_call() to the
 * stateless SETTINGS service and replies with the status it returns. The
 * partition keeps no state of its own, so its manifest has no entry_init.
 * Setting id N lives under key SETTINGS_KEY_BASE | N in the key-value store,
 * which the partition reaches with an ordinary psa_call() on KV_STORE_HANDLE,
 * exactly as a non-secure client would. The SPM lets it through only because
 * settings.yaml lists KV_STORE under `dependencies`: a secure partition may
 * call only the services it declares.
 *
 * Values pass through a buffer on this partition's stack: the store cannot
 * read the client's vectors directly, only the vectors of its own caller,
 * which for those calls is this partition.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <psa/client.h>
#include <psa/error.h>
#include <psa/service.h>

#include "psa_manifest/settings.h"
#include "psa_manifest/sid.h"

#include "settings_api.h"
/* The store's interface lives with the store, not on an include path. */
#include "../kv_store/kv_store_api.h"

#if SETTINGS_MAX_VALUE_SIZE > KV_MAX_VALUE_SIZE
#error "a setting must fit in one key-value store entry"
#endif

/** True when only the first @n_in inputs and @n_out outputs hold data. */
static bool settings_only_vectors(const psa_msg_t *msg, size_t n_in,
                                  size_t n_out)
{
	size_t i;

	for (i = n_in; i < PSA_MAX_IOVEC; i++) {
		if (msg->in_size[i] != 0) {
			return false;
		}
	}
	for (i = n_out; i < PSA_MAX_IOVEC; i++) {
		if (msg->out_size[i] != 0) {
			return false;
		}
	}
	return true;
}

/** Reads the setting id in in_vec[0] and turns it into its store key. */
static bool settings_read_key(const psa_msg_t *msg, uint32_t *key)
{
	uint32_t id;

	if (msg->in_size[0] != sizeof(id) ||
	    psa_read(msg->handle, 0, &id, sizeof(id)) != sizeof(id) ||
	    id > SETTINGS_ID_MAX) {
		return false;
	}
	*key = SETTINGS_KEY_BASE | id;
	return true;
}

/** Stores @len bytes of @value under @key in the key-value store. */
static psa_status_t settings_store(uint32_t key, const void *value, size_t len)
{
	const psa_invec in[] = {{&key, sizeof(key)}, {value, len}};

	return psa_call(KV_STORE_HANDLE, KV_SET, in, 2, NULL, 0);
}

/** Fetches the value under @key into @buf (@size bytes), its length to @len. */
static psa_status_t settings_fetch(uint32_t key, void *buf, size_t size,
                                   size_t *len)
{
	const psa_invec in[] = {{&key, sizeof(key)}};
	psa_outvec out[] = {{buf, size}};
	psa_status_t status;

	status = psa_call(KV_STORE_HANDLE, KV_GET, in, 1, out, 1);
	/* The SPM sets out[0].len to the number of bytes the store wrote. */
	*len = out[0].len;
	return status;
}

/** Removes @key from the key-value store. */
static psa_status_t settings_forget(uint32_t key)
{
	const psa_invec in[] = {{&key, sizeof(key)}};

	return psa_call(KV_STORE_HANDLE, KV_REMOVE, in, 1, NULL, 0);
}

/** SETTINGS_SET: in_vec[0] id, in_vec[1] value. */
static psa_status_t settings_set(const psa_msg_t *msg)
{
	uint8_t value[SETTINGS_MAX_VALUE_SIZE];
	size_t len = msg->in_size[1];
	uint32_t key;

	if (!settings_only_vectors(msg, 2, 0) || len > sizeof(value) ||
	    !settings_read_key(msg, &key)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	if (len > 0 && psa_read(msg->handle, 1, value, len) != len) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	return settings_store(key, value, len);
}

/** SETTINGS_GET: in_vec[0] id, out_vec[0] receives the value. */
static psa_status_t settings_get(const psa_msg_t *msg)
{
	uint8_t value[SETTINGS_MAX_VALUE_SIZE];
	psa_status_t status;
	uint32_t key;
	size_t len;

	if (!settings_only_vectors(msg, 1, 1) ||
	    !settings_read_key(msg, &key)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	status = settings_fetch(key, value, sizeof(value), &len);
	if (status != PSA_SUCCESS) {
		return status;
	}
	if (msg->out_size[0] < len) {
		return PSA_ERROR_BUFFER_TOO_SMALL;
	}
	/* An empty value has nothing to write, and maybe no outvec. */
	if (len > 0) {
		psa_write(msg->handle, 0, value, len);
	}
	return PSA_SUCCESS;
}

/** SETTINGS_REMOVE: in_vec[0] id. */
static psa_status_t settings_remove(const psa_msg_t *msg)
{
	uint32_t key;

	if (!settings_only_vectors(msg, 1, 0) ||
	    !settings_read_key(msg, &key)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	return settings_forget(key);
}

/** The SETTINGS service function: one call, one operation. */
psa_status_t settings_sfn(const psa_msg_t *msg)
{
	switch (msg->type) {
	case SETTINGS_SET:
		return settings_set(msg);
	case SETTINGS_GET:
		return settings_get(msg);
	case SETTINGS_REMOVE:
		return settings_remove(msg);
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}
