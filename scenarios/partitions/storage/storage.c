/*
 * Persistent storage: a key-value store in the board's flash (SPMSIM_FLASH0)
 * that a reset at any point leaves consistent.
 *
 * How it works. The flash holds a log of records, each 16-byte aligned: a
 * header (length, key, checksum, commit word) and the value. A set appends
 * a record in this order: the length (from now on the record's space is
 * taken), the key, the value in chunks as it arrives from the caller
 * (psa_read() by psa_read()), the checksum, and last the commit word. Only a
 * committed record with a matching checksum counts, and the latest one for a
 * key wins, so a reset anywhere before the commit word leaves the old value
 * and one after it the new one: aligned word stores are atomic on the
 * board. A removal appends a committed record of length 0. Nothing is ever
 * rewritten in place, as flash wants (programming only clears bits); the log
 * is not compacted, so a full flash refuses new values until
 * STORAGE_FORMAT erases it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <psa/service.h>

#include "psa_manifest/storage.h"
#include "spmsim/platform.h"

#include "storage_api.h"

#define ERASED_WORD 0xFFFFFFFFu
#define COMMITTED   0xC0331700u
#define HEADER      16u
/** How many value bytes are programmed per psa_read(). */
#define CHUNK       8u

/** A record's header, at a 16-byte boundary of the flash. */
struct record {
	uint32_t len;
	uint32_t key;
	uint32_t check;
	uint32_t commit;
};

static volatile uint8_t *flash(void)
{
	return (volatile uint8_t *)SPMSIM_FLASH0_BASE;
}

static volatile struct record *record_at(uint32_t off)
{
	return (volatile struct record *)(flash() + off);
}

static uint32_t round_up(uint32_t n)
{
	return (n + HEADER - 1u) / HEADER * HEADER;
}

/** FNV-1a over @n bytes at @p, continuing from @h. */
static uint32_t fnv(uint32_t h, const volatile uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		h = (h ^ p[i]) * 16777619u;
	}
	return h;
}

/** The checksum of a record as it stands in flash. */
static uint32_t checksum(uint32_t off)
{
	volatile struct record *r = record_at(off);
	uint32_t h = fnv(2166136261u, (const volatile uint8_t *)r, 8);

	return fnv(h, flash() + off + HEADER, r->len);
}

/** What next_record() gives at the end of the log. */
#define LOG_END UINT32_MAX

/**
 * The offset after the record at @off, or LOG_END at the end of the log (an
 * erased header, or no room for one). A header whose length never got
 * written is a record cut short at its first word: only the header is
 * taken.
 */
static uint32_t next_record(uint32_t off)
{
	volatile struct record *r;
	uint32_t next;

	if (off + HEADER > SPMSIM_FLASH0_SIZE) {
		return LOG_END;
	}
	r = record_at(off);
	if (r->len == ERASED_WORD) {
		bool erased = r->key == ERASED_WORD &&
		              r->check == ERASED_WORD &&
		              r->commit == ERASED_WORD;

		return erased ? LOG_END : off + HEADER;
	}
	if (r->len > STORAGE_MAX_VALUE) {
		return off + HEADER; /* not a record of ours: step over it */
	}
	next = off + HEADER + round_up(r->len);
	return next <= SPMSIM_FLASH0_SIZE ? next : LOG_END;
}

/** The offset of the log's end, where the next record goes. */
static uint32_t log_end(void)
{
	uint32_t off = 0, next;

	while ((next = next_record(off)) != LOG_END) {
		off = next;
	}
	return off;
}

/** True when the record at @off is a committed, intact one of @key. */
static bool is_record_of(uint32_t off, uint32_t key)
{
	volatile struct record *r = record_at(off);

	return r->len <= STORAGE_MAX_VALUE && r->key == key &&
	       r->commit == COMMITTED && r->check == checksum(off);
}

/** The latest committed record of @key, or LOG_END. */
static uint32_t find(uint32_t key)
{
	uint32_t found = LOG_END, off = 0, next;

	while ((next = next_record(off)) != LOG_END) {
		if (is_record_of(off, key)) {
			found = off;
		}
		off = next;
	}
	return found;
}

/** Appends a record of @key; its value is streamed from in_vec[1]. */
static psa_status_t append(const psa_msg_t *msg, uint32_t key, uint32_t len)
{
	uint32_t off = log_end();
	volatile struct record *r = record_at(off);
	uint8_t chunk[CHUNK];
	uint32_t at = 0;
	size_t n;

	if (off + HEADER + round_up(len) > SPMSIM_FLASH0_SIZE) {
		return PSA_ERROR_INSUFFICIENT_STORAGE;
	}
	r->len = len;
	r->key = key;
	while (len > 0 && (n = psa_read(msg->handle, 1, chunk, CHUNK)) > 0) {
		for (size_t i = 0; i < n; i++) {
			flash()[off + HEADER + at + i] = chunk[i];
		}
		at += (uint32_t)n;
	}
	r->check = checksum(off);
	r->commit = COMMITTED;
	return PSA_SUCCESS;
}

/** in_vec[0] as a key; false when it is not one. */
static bool read_key(const psa_msg_t *msg, uint32_t *key)
{
	return msg->in_size[0] == sizeof(*key) &&
	       psa_read(msg->handle, 0, key, sizeof(*key)) == sizeof(*key);
}

static psa_status_t storage_set(const psa_msg_t *msg)
{
	uint32_t key;

	if (!read_key(msg, &key) || msg->in_size[1] == 0 ||
	    msg->in_size[1] > STORAGE_MAX_VALUE) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	return append(msg, key, (uint32_t)msg->in_size[1]);
}

static psa_status_t storage_get(const psa_msg_t *msg)
{
	uint8_t value[STORAGE_MAX_VALUE];
	uint32_t key, off;
	volatile struct record *r;

	if (!read_key(msg, &key)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	off = find(key);
	if (off == LOG_END || record_at(off)->len == 0) {
		return PSA_ERROR_DOES_NOT_EXIST;
	}
	r = record_at(off);
	if (r->len > msg->out_size[0]) {
		return PSA_ERROR_BUFFER_TOO_SMALL;
	}
	for (uint32_t i = 0; i < r->len; i++) {
		value[i] = flash()[off + HEADER + i];
	}
	psa_write(msg->handle, 0, value, r->len);
	return PSA_SUCCESS;
}

static psa_status_t storage_remove(const psa_msg_t *msg)
{
	uint32_t key, off;

	if (!read_key(msg, &key)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	off = find(key);
	if (off == LOG_END || record_at(off)->len == 0) {
		return PSA_ERROR_DOES_NOT_EXIST;
	}
	return append(msg, key, 0);
}

/** STORAGE_FORMAT: the whole flash back to its erased state. */
static psa_status_t storage_format(void)
{
	for (uint32_t i = 0; i < SPMSIM_FLASH0_SIZE; i++) {
		flash()[i] = SPMSIM_FLASH_ERASED;
	}
	return PSA_SUCCESS;
}

psa_status_t storage_sfn(const psa_msg_t *msg)
{
	if (SPMSIM_FLASH0_BASE == 0) {
		return PSA_ERROR_STORAGE_FAILURE;
	}
	switch (msg->type) {
	case STORAGE_SET:
		return storage_set(msg);
	case STORAGE_GET:
		return storage_get(msg);
	case STORAGE_REMOVE:
		return storage_remove(msg);
	case STORAGE_FORMAT:
		return storage_format();
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}
