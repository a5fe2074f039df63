/*
 * Persistent storage: a key-value store in the board's flash (SPMSIM_FLASH0)
 * that a reset at any point leaves consistent.
 *
 * How it works. The flash is two banks. The active bank is the one whose
 * header (magic, sequence number, checksum, commit word) is committed, the
 * higher sequence number winning; after it comes a log of records, each
 * 16-byte aligned: a header (length, key, checksum, commit word) and the
 * value. A set appends a record in this order: the length (from now on the
 * record's space is taken), the key, the value in chunks as it arrives from
 * the caller (psa_read() by psa_read()), the checksum, and last the commit
 * word. Only a committed record with a matching checksum counts, and the
 * latest one for a key wins, so a reset anywhere before the commit word
 * leaves the old value and one after it the new one: aligned word stores
 * are atomic on the board. A removal appends a committed record of length 0.
 *
 * When the active bank is full, the other one is erased, receives the
 * latest record of every key, and only then gets its header committed with
 * the next sequence number: a reset during that copy leaves the old bank
 * active and whole. Nothing is rewritten in place, as flash wants
 * (programming only clears bits; erasing sets a whole bank).
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
#define BANK_MAGIC  0x53544F52u
#define BANK_SIZE   (SPMSIM_FLASH0_SIZE / 2u)
#define HEADER      16u
/** How many value bytes are programmed per psa_read(). */
#define CHUNK       8u
/** What next_record() gives at the end of a bank's log. */
#define LOG_END     UINT32_MAX

/** A record's header (and a bank's: magic, sequence, check, commit). */
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

/** The checksum of the header at @off's first two words and @len bytes. */
static uint32_t checksum(uint32_t off, uint32_t len)
{
	uint32_t h = fnv(2166136261u, flash() + off, 8);

	return fnv(h, flash() + off + HEADER, len);
}

/* -------------------------------------------------------------- banks */

static uint32_t bank_base(int bank)
{
	return (uint32_t)bank * BANK_SIZE;
}

/** True when @bank's header is committed; its sequence in @seq. */
static bool bank_valid(int bank, uint32_t *seq)
{
	volatile struct record *h = record_at(bank_base(bank));

	*seq = h->key;
	return h->len == BANK_MAGIC && h->commit == COMMITTED &&
	       h->check == checksum(bank_base(bank), 0);
}

/** The active bank, or -1 when the flash holds none (never used). */
static int active_bank(void)
{
	uint32_t seq0, seq1;
	bool ok0 = bank_valid(0, &seq0), ok1 = bank_valid(1, &seq1);

	if (ok0 && ok1) {
		return seq1 > seq0 ? 1 : 0;
	}
	return ok0 ? 0 : ok1 ? 1 : -1;
}

/** Erases @bank: every byte back to SPMSIM_FLASH_ERASED. */
static void erase_bank(int bank)
{
	for (uint32_t i = 0; i < BANK_SIZE; i++) {
		flash()[bank_base(bank) + i] = SPMSIM_FLASH_ERASED;
	}
}

/** Commits @bank's header with sequence @seq: the bank becomes active. */
static void commit_bank(int bank, uint32_t seq)
{
	volatile struct record *h = record_at(bank_base(bank));

	h->len = BANK_MAGIC;
	h->key = seq;
	h->check = checksum(bank_base(bank), 0);
	h->commit = COMMITTED;
}

/* ------------------------------------------------------------ records */

/**
 * The offset after the record at @off in @bank, or LOG_END at the end of
 * the log (an erased header, or no room for one). A header whose length
 * never got written is a record cut short at its first word: only the
 * header is taken.
 */
static uint32_t next_record(int bank, uint32_t off)
{
	uint32_t limit = bank_base(bank) + BANK_SIZE;
	volatile struct record *r;
	uint32_t next;

	if (off + HEADER > limit) {
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
	return next <= limit ? next : LOG_END;
}

/** The first record's offset in @bank. */
static uint32_t first_record(int bank)
{
	return bank_base(bank) + HEADER;
}

/** The offset of @bank's log end, where the next record goes. */
static uint32_t log_end(int bank)
{
	uint32_t off = first_record(bank), next;

	while ((next = next_record(bank, off)) != LOG_END) {
		off = next;
	}
	return off;
}

/** True when the record at @off is a committed, intact one. */
static bool record_valid(uint32_t off)
{
	volatile struct record *r = record_at(off);

	return r->len <= STORAGE_MAX_VALUE && r->commit == COMMITTED &&
	       r->check == checksum(off, r->len);
}

/** The latest committed record of @key in @bank, or LOG_END. */
static uint32_t find(int bank, uint32_t key)
{
	uint32_t found = LOG_END, off = first_record(bank), next;

	if (bank < 0) {
		return LOG_END;
	}
	while ((next = next_record(bank, off)) != LOG_END) {
		if (record_at(off)->key == key && record_valid(off)) {
			found = off;
		}
		off = next;
	}
	return found;
}

/** Copies the record at @from to @to (both with room), committed last. */
static void copy_record(uint32_t from, uint32_t to)
{
	volatile struct record *r = record_at(from), *w = record_at(to);

	w->len = r->len;
	w->key = r->key;
	for (uint32_t i = 0; i < r->len; i++) {
		flash()[to + HEADER + i] = flash()[from + HEADER + i];
	}
	w->check = r->check;
	w->commit = COMMITTED;
}

/**
 * Moves the latest record of every key (removed keys dropped) from @bank
 * to the other bank, which then becomes active. Returns the new bank.
 */
static int compact(int bank)
{
	int to = 1 - bank;
	uint32_t seq, at = first_record(to), off = first_record(bank), next;

	(void)bank_valid(bank, &seq);
	erase_bank(to);
	while ((next = next_record(bank, off)) != LOG_END) {
		volatile struct record *r = record_at(off);

		if (record_valid(off) && r->len > 0 &&
		    find(bank, r->key) == off) {
			copy_record(off, at);
			at += HEADER + round_up(r->len);
		}
		off = next;
	}
	commit_bank(to, seq + 1u);
	return to;
}

/** The bank to append @len value bytes to, compacting when full; -1. */
static int bank_with_room(uint32_t len)
{
	int bank = active_bank();
	uint32_t need = HEADER + round_up(len);

	if (bank < 0) {
		bank = 0; /* first use, or a first use cut short */
		erase_bank(bank);
		commit_bank(bank, 1);
	}
	if (log_end(bank) + need > bank_base(bank) + BANK_SIZE) {
		bank = compact(bank);
	}
	return log_end(bank) + need > bank_base(bank) + BANK_SIZE ? -1 : bank;
}

/** Appends a record of @key; its value is streamed from in_vec[1]. */
static psa_status_t append(const psa_msg_t *msg, uint32_t key, uint32_t len)
{
	int bank = bank_with_room(len);
	uint32_t off, at = 0;
	volatile struct record *r;
	uint8_t chunk[CHUNK];
	size_t n;

	if (bank < 0) {
		return PSA_ERROR_INSUFFICIENT_STORAGE;
	}
	off = log_end(bank);
	r = record_at(off);
	r->len = len;
	r->key = key;
	while (at < len && (n = psa_read(msg->handle, 1, chunk, CHUNK)) > 0) {
		for (size_t i = 0; i < n; i++) {
			flash()[off + HEADER + at + i] = chunk[i];
		}
		at += (uint32_t)n;
	}
	r->check = checksum(off, len);
	r->commit = COMMITTED;
	return PSA_SUCCESS;
}

/* --------------------------------------------------------- operations */

/** in_vec[0] as a key; false when it is not one. */
static bool read_key(const psa_msg_t *msg, uint32_t *key)
{
	return msg->in_size[0] == sizeof(*key) &&
	       psa_read(msg->handle, 0, key, sizeof(*key)) == sizeof(*key);
}

/** The record of @key's value, or LOG_END when it has none. */
static uint32_t value_of(uint32_t key)
{
	uint32_t off = find(active_bank(), key);

	return off != LOG_END && record_at(off)->len > 0 ? off : LOG_END;
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
	uint32_t key, off, len;

	if (!read_key(msg, &key)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	off = value_of(key);
	if (off == LOG_END) {
		return PSA_ERROR_DOES_NOT_EXIST;
	}
	len = record_at(off)->len;
	if (len > msg->out_size[0]) {
		return PSA_ERROR_BUFFER_TOO_SMALL;
	}
	for (uint32_t i = 0; i < len; i++) {
		value[i] = flash()[off + HEADER + i];
	}
	psa_write(msg->handle, 0, value, len);
	return PSA_SUCCESS;
}

static psa_status_t storage_remove(const psa_msg_t *msg)
{
	uint32_t key;

	if (!read_key(msg, &key)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	if (value_of(key) == LOG_END) {
		return PSA_ERROR_DOES_NOT_EXIST;
	}
	return append(msg, key, 0);
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
		erase_bank(0);
		erase_bank(1);
		return PSA_SUCCESS;
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}
