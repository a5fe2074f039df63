/*
 * Key-value store: a PSA-RoT partition in the SFN model. A template: copy it
 * to start a partition that offers a stateless service.
 *
 * How it works: an SFN-model partition has no thread and no message loop. The
 * SPM calls kv_store_init() once at boot (the manifest's entry_init), then
 * kv_store_sfn() once for every psa_call() to the KV_STORE service, and sends
 * the status it returns back to the client. The call type selects the
 * operation (kv_store_api.h). Each operation first validates the request and
 * only then changes the store, so a rejected request leaves it untouched.
 *
 * The client's vectors are reached only through psa_read() and psa_write():
 * they work under both SPM backends and at every isolation level, because the
 * SPM checks and copies each access against the client's memory.
 *
 * All state is in static storage, never on a heap: a reset brings static
 * storage back to its initial state, so the store is empty after every boot
 * and every reset. A real store would keep its values in flash instead.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <psa/error.h>
#include <psa/service.h>

#include "psa_manifest/kv_store.h"

#include "kv_store_api.h"

/* A value's length always fits in the byte that stores it. */
#if KV_MAX_VALUE_SIZE > 255u
#error "KV_MAX_VALUE_SIZE must fit in uint8_t"
#endif

/** One slot of the store. */
struct kv_entry {
	bool used;
	uint8_t len;
	uint32_t key;
	uint8_t value[KV_MAX_VALUE_SIZE];
};

static struct kv_entry kv_entries[KV_MAX_ENTRIES];

/** True when only the first @n_in inputs and @n_out outputs hold data. */
static bool kv_only_vectors(const psa_msg_t *msg, size_t n_in, size_t n_out)
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

/** Reads the key in in_vec[0]; false unless it is exactly a uint32_t. */
static bool kv_read_key(const psa_msg_t *msg, uint32_t *key)
{
	if (msg->in_size[0] != sizeof(*key)) {
		return false;
	}
	return psa_read(msg->handle, 0, key, sizeof(*key)) == sizeof(*key);
}

/** The slot holding @key, or NULL. */
static struct kv_entry *kv_find(uint32_t key)
{
	size_t i;

	for (i = 0; i < KV_MAX_ENTRIES; i++) {
		if (kv_entries[i].used && kv_entries[i].key == key) {
			return &kv_entries[i];
		}
	}
	return NULL;
}

/** The slot to store @key in: its current one, else a free one, else NULL. */
static struct kv_entry *kv_slot_for(uint32_t key)
{
	struct kv_entry *entry = kv_find(key);
	size_t i;

	for (i = 0; entry == NULL && i < KV_MAX_ENTRIES; i++) {
		if (!kv_entries[i].used) {
			entry = &kv_entries[i];
		}
	}
	return entry;
}

/** KV_SET: in_vec[0] key, in_vec[1] value. */
static psa_status_t kv_op_set(const psa_msg_t *msg)
{
	uint8_t value[KV_MAX_VALUE_SIZE];
	size_t len = msg->in_size[1];
	struct kv_entry *entry;
	uint32_t key;

	if (!kv_only_vectors(msg, 2, 0) || len > sizeof(value) ||
	    !kv_read_key(msg, &key)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	/* Read into a copy: a short read must not clobber the old value. */
	if (len > 0 && psa_read(msg->handle, 1, value, len) != len) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	entry = kv_slot_for(key);
	if (entry == NULL) {
		return PSA_ERROR_INSUFFICIENT_STORAGE;
	}
	entry->used = true;
	entry->key = key;
	entry->len = (uint8_t)len;
	memcpy(entry->value, value, len);
	return PSA_SUCCESS;
}

/** KV_GET: in_vec[0] key, out_vec[0] receives the value. */
static psa_status_t kv_op_get(const psa_msg_t *msg)
{
	const struct kv_entry *entry;
	uint32_t key;

	if (!kv_only_vectors(msg, 1, 1) || !kv_read_key(msg, &key)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	entry = kv_find(key);
	if (entry == NULL) {
		return PSA_ERROR_DOES_NOT_EXIST;
	}
	if (msg->out_size[0] < entry->len) {
		return PSA_ERROR_BUFFER_TOO_SMALL;
	}
	/* An empty value has nothing to write, and maybe no outvec. */
	if (entry->len > 0) {
		psa_write(msg->handle, 0, entry->value, entry->len);
	}
	return PSA_SUCCESS;
}

/** KV_REMOVE: in_vec[0] key. */
static psa_status_t kv_op_remove(const psa_msg_t *msg)
{
	struct kv_entry *entry;
	uint32_t key;

	if (!kv_only_vectors(msg, 1, 0) || !kv_read_key(msg, &key)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	entry = kv_find(key);
	if (entry == NULL) {
		return PSA_ERROR_DOES_NOT_EXIST;
	}
	/* Clear the old value too, so removed data does not linger in RAM. */
	memset(entry, 0, sizeof(*entry));
	return PSA_SUCCESS;
}

/** KV_COUNT: out_vec[0] receives the number of stored values. */
static psa_status_t kv_op_count(const psa_msg_t *msg)
{
	uint32_t count = 0;
	size_t i;

	if (!kv_only_vectors(msg, 0, 1) || msg->out_size[0] != sizeof(count)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	for (i = 0; i < KV_MAX_ENTRIES; i++) {
		count += kv_entries[i].used ? 1u : 0u;
	}
	psa_write(msg->handle, 0, &count, sizeof(count));
	return PSA_SUCCESS;
}

/**
 * The manifest's entry_init, run once before any client can call. Nothing is
 * loaded from persistent storage here, so it only makes the empty starting
 * state explicit; a non-success status would stop the partition from booting.
 */
psa_status_t kv_store_init(void)
{
	memset(kv_entries, 0, sizeof(kv_entries));
	return PSA_SUCCESS;
}

/** The KV_STORE service function: one call, one operation. */
psa_status_t kv_store_sfn(const psa_msg_t *msg)
{
	switch (msg->type) {
	case KV_SET:
		return kv_op_set(msg);
	case KV_GET:
		return kv_op_get(msg);
	case KV_REMOVE:
		return kv_op_remove(msg);
	case KV_COUNT:
		return kv_op_count(msg);
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}
