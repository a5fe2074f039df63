/*
 * The scenario parser.
 *
 * How it works: the YAML loader (tools/yaml/ytree.h) builds a tree of
 * nodes with their places; the functions here walk it top-down, one per
 * mapping of the format, each checking its keys against the ones it knows
 * before reading any value, so that a misspelt key is reported where it is
 * rather than as a missing one. The first error stops the walk (the
 * scenario owns the tree and an arena for the rest, so nothing needs
 * undoing). Handle names are checked in file order within a
 * client: `as: h1` binds h1 for every later step of that client.
 */
#include "scenario.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "psa/client.h"
#include "psa/error.h"
#include "../psa_functions.h"

/** A handle name bound by `as:` in the client being read. */
struct bound {
	const char *name;
	struct bound *next;
};

/** A message type named by `types`. */
struct type_name {
	const char *name;
	int32_t value;
};

struct parser {
	struct scenario *s;
	struct scn_diag *d;
	struct bound *handles;
	/** The named message types, from `types` (a map or headers). */
	struct type_name *types;
	size_t n_types, cap_types;
};

typedef const struct ytree_node node_t;

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

static bool fail(struct parser *p, node_t *n, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/** Records an error at @n; always false, so callers can return it. */
static bool fail(struct parser *p, node_t *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	scn_vfail(p->d, n->loc.line, n->loc.col, fmt, ap);
	va_end(ap);
	return false;
}

/** Records an error at @l; always false. */
static bool fail_loc(struct parser *p, struct scn_loc l, const char *msg)
{
	scn_fail(p->d, l.line, l.col, "%s", msg);
	return false;
}

static bool fail_loc2(struct parser *p, struct scn_loc l, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/** Records an error at @l, formatted; always false. */
static bool fail_loc2(struct parser *p, struct scn_loc l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	scn_vfail(p->d, l.line, l.col, fmt, ap);
	va_end(ap);
	return false;
}

static struct scn_loc loc_of(node_t *n)
{
	struct scn_loc l = {n->loc.line, n->loc.col};

	return l;
}

/* ---------------------------------------------------------------- statuses */

static const struct {
	const char *name;
	int32_t value;
} statuses[] = {
        {"PSA_SUCCESS", PSA_SUCCESS},
        {"PSA_ERROR_PROGRAMMER_ERROR", PSA_ERROR_PROGRAMMER_ERROR},
        {"PSA_ERROR_CONNECTION_REFUSED", PSA_ERROR_CONNECTION_REFUSED},
        {"PSA_ERROR_CONNECTION_BUSY", PSA_ERROR_CONNECTION_BUSY},
        {"PSA_ERROR_GENERIC_ERROR", PSA_ERROR_GENERIC_ERROR},
        {"PSA_ERROR_NOT_PERMITTED", PSA_ERROR_NOT_PERMITTED},
        {"PSA_ERROR_NOT_SUPPORTED", PSA_ERROR_NOT_SUPPORTED},
        {"PSA_ERROR_INVALID_ARGUMENT", PSA_ERROR_INVALID_ARGUMENT},
        {"PSA_ERROR_INVALID_HANDLE", PSA_ERROR_INVALID_HANDLE},
        {"PSA_ERROR_BAD_STATE", PSA_ERROR_BAD_STATE},
        {"PSA_ERROR_BUFFER_TOO_SMALL", PSA_ERROR_BUFFER_TOO_SMALL},
        {"PSA_ERROR_ALREADY_EXISTS", PSA_ERROR_ALREADY_EXISTS},
        {"PSA_ERROR_DOES_NOT_EXIST", PSA_ERROR_DOES_NOT_EXIST},
        {"PSA_ERROR_INSUFFICIENT_MEMORY", PSA_ERROR_INSUFFICIENT_MEMORY},
        {"PSA_ERROR_INSUFFICIENT_STORAGE", PSA_ERROR_INSUFFICIENT_STORAGE},
        {"PSA_ERROR_INSUFFICIENT_DATA", PSA_ERROR_INSUFFICIENT_DATA},
        {"PSA_ERROR_SERVICE_FAILURE", PSA_ERROR_SERVICE_FAILURE},
        {"PSA_ERROR_COMMUNICATION_FAILURE", PSA_ERROR_COMMUNICATION_FAILURE},
        {"PSA_ERROR_STORAGE_FAILURE", PSA_ERROR_STORAGE_FAILURE},
        {"PSA_ERROR_HARDWARE_FAILURE", PSA_ERROR_HARDWARE_FAILURE},
        {"PSA_ERROR_INSUFFICIENT_ENTROPY", PSA_ERROR_INSUFFICIENT_ENTROPY},
        {"PSA_ERROR_INVALID_SIGNATURE", PSA_ERROR_INVALID_SIGNATURE},
        {"PSA_ERROR_INVALID_PADDING", PSA_ERROR_INVALID_PADDING},
        {"PSA_ERROR_CORRUPTION_DETECTED", PSA_ERROR_CORRUPTION_DETECTED},
        {"PSA_ERROR_DATA_CORRUPT", PSA_ERROR_DATA_CORRUPT},
        {"PSA_ERROR_DATA_INVALID", PSA_ERROR_DATA_INVALID},
};

const char *scn_status_name(int32_t status)
{
	size_t i;

	for (i = 0; i < NKEYS(statuses); i++)
		if (statuses[i].value == status)
			return statuses[i].name;
	return NULL;
}

/* ------------------------------------------------------------ fault catalog */

/*
 * Parameters each fault takes: the keys a fault step may have besides
 * `fault`, `expect` and `type`, and the ones it must have.
 */
struct fault_keys {
	const char *allowed;
	const char *required;
};

static const struct scn_fault_info faults[SCN_FAULT_COUNT_] = {
        [SCN_FAULT_NULL_HANDLE] = {"null_handle", PSA_ERROR_PROGRAMMER_ERROR,
                                   false, 0},
        [SCN_FAULT_INVALID_HANDLE] = {"invalid_handle",
                                      PSA_ERROR_PROGRAMMER_ERROR, false, 0},
        [SCN_FAULT_CLOSED_HANDLE] = {"closed_handle",
                                     PSA_ERROR_PROGRAMMER_ERROR, false, 0},
        [SCN_FAULT_STALE_HANDLE] = {"stale_handle", PSA_ERROR_PROGRAMMER_ERROR,
                                    false, 0},
        [SCN_FAULT_FOREIGN_HANDLE] = {"foreign_handle",
                                      PSA_ERROR_PROGRAMMER_ERROR, false,
                                      SCN_NEEDS_AGENT},
        [SCN_FAULT_BAD_VECTOR] = {"bad_vector", PSA_ERROR_PROGRAMMER_ERROR,
                                  false, 0},
        [SCN_FAULT_POOL_EXHAUSTION] = {"pool_exhaustion",
                                       PSA_ERROR_CONNECTION_BUSY, false, 0},
        [SCN_FAULT_INTERRUPT_STORM] = {"interrupt_storm", PSA_SUCCESS, false,
                                       0},
        [SCN_FAULT_REPLY_TWICE] = {"reply_twice", 0, true, SCN_NEEDS_FAULTLAB},
        [SCN_FAULT_FORBIDDEN_STATUS] = {"forbidden_status",
                                        PSA_ERROR_PROGRAMMER_ERROR, false,
                                        SCN_NEEDS_FAULTLAB},
        [SCN_FAULT_WRITE_PAST_OUTVEC] = {"write_past_outvec", 0, true,
                                         SCN_NEEDS_FAULTLAB},
        [SCN_FAULT_SERVICE_PANIC] = {"service_panic", 0, true,
                                     SCN_NEEDS_FAULTLAB},
        [SCN_FAULT_NEVER_REPLY] = {"never_reply", 0, true,
                                   SCN_NEEDS_FAULTLAB | SCN_NEEDS_HOOKS},
        [SCN_FAULT_DOORBELL_MISUSE] = {"doorbell_misuse", 0, true,
                                       SCN_NEEDS_FAULTLAB},
        [SCN_FAULT_STRAY_READ] = {"stray_read", 0, true, SCN_NEEDS_PAGEPROT},
        [SCN_FAULT_STRAY_WRITE] = {"stray_write", 0, true, SCN_NEEDS_PAGEPROT},
        [SCN_FAULT_STRAY_JUMP] = {"stray_jump", 0, true, SCN_NEEDS_PAGEPROT},
        [SCN_FAULT_STACK_OVERFLOW] = {"stack_overflow", 0, true,
                                      SCN_NEEDS_FAULTLAB},
        [SCN_FAULT_RESET_MID_CALL] = {"reset_mid_call", 0, true,
                                      SCN_NEEDS_HOOKS | SCN_NEEDS_STORAGE},
        [SCN_FAULT_SET_RHANDLE_STATELESS] = {"set_rhandle_stateless", 0, true,
                                             SCN_NEEDS_FAULTLAB},
        [SCN_FAULT_BAD_CONNECT] = {"bad_connect", 0, false,
                                   SCN_NEEDS_FAULTLAB | SCN_NEEDS_HOOKS},
};

static const struct fault_keys fault_keys[SCN_FAULT_COUNT_] = {
        [SCN_FAULT_NULL_HANDLE] = {"", ""},
        [SCN_FAULT_INVALID_HANDLE] = {"", ""},
        [SCN_FAULT_CLOSED_HANDLE] = {"service", "service"},
        [SCN_FAULT_STALE_HANDLE] = {"service", "service"},
        [SCN_FAULT_FOREIGN_HANDLE] = {"service", "service"},
        [SCN_FAULT_BAD_VECTOR] = {"service handle vector", "vector"},
        [SCN_FAULT_POOL_EXHAUSTION] = {"service", "service"},
        [SCN_FAULT_INTERRUPT_STORM] = {"irq count", "irq"},
        [SCN_FAULT_REPLY_TWICE] = {"service", "service"},
        [SCN_FAULT_FORBIDDEN_STATUS] = {"service", "service"},
        [SCN_FAULT_WRITE_PAST_OUTVEC] = {"service", "service"},
        [SCN_FAULT_SERVICE_PANIC] = {"service", "service"},
        [SCN_FAULT_NEVER_REPLY] = {"service", "service"},
        [SCN_FAULT_DOORBELL_MISUSE] = {"service misuse", "service"},
        [SCN_FAULT_STRAY_READ] = {"service target partition area",
                                  "service target"},
        [SCN_FAULT_STRAY_WRITE] = {"service target partition area",
                                   "service target"},
        [SCN_FAULT_STRAY_JUMP] = {"service target partition area",
                                  "service target"},
        [SCN_FAULT_STACK_OVERFLOW] = {"service", "service"},
        [SCN_FAULT_RESET_MID_CALL] = {"service after", "service after"},
        [SCN_FAULT_SET_RHANDLE_STATELESS] = {"service", "service"},
        [SCN_FAULT_BAD_CONNECT] = {"service mode", "service mode"},
};

bool scn_fault_default_reset(const struct scn_step *st)
{
	if (st->fault == SCN_FAULT_BAD_CONNECT)
		return st->connect_mode == SCN_CONNECT_FORBIDDEN_STATUS ||
		       st->connect_mode == SCN_CONNECT_NEVER_REPLY;
	return faults[st->fault].default_reset;
}

int32_t scn_fault_default_status(const struct scn_step *st)
{
	if (st->fault == SCN_FAULT_BAD_CONNECT)
		return st->connect_mode == SCN_CONNECT_BUSY
		               ? PSA_ERROR_CONNECTION_BUSY
		               : PSA_ERROR_CONNECTION_REFUSED;
	return faults[st->fault].status;
}

const struct scn_fault_info *scn_fault_info(enum scn_fault f)
{
	if (f <= SCN_FAULT_NONE || f >= SCN_FAULT_COUNT_)
		return NULL;
	return &faults[f];
}

/** The first step of @st (@n steps, repeats entered) needing trap mode. */
static const struct scn_step *trap_step(const struct scn_step *st, size_t n)
{
	const struct scn_step *t;
	size_t i;

	for (i = 0; i < n; i++) {
		if (st[i].kind == SCN_STEP_FAULT &&
		    (faults[st[i].fault].needs & SCN_NEEDS_PAGEPROT))
			return &st[i];
		if (st[i].kind == SCN_STEP_INJECT &&
		    st[i].inject >= SCN_INJECT_STRAY_READ &&
		    st[i].inject <= SCN_INJECT_STRAY_JUMP)
			return &st[i];
		if (st[i].kind == SCN_STEP_REPEAT &&
		    (t = trap_step(st[i].steps, st[i].n_steps)) != NULL)
			return t;
	}
	return NULL;
}

const struct scn_step *scn_needs_trap(const struct scenario *s)
{
	const struct scn_step *t;
	size_t i;

	for (i = 0; i < s->n_clients; i++)
		if ((t = trap_step(s->clients[i].steps,
		                   s->clients[i].n_steps)) != NULL)
			return t;
	return NULL;
}

/** True when @word is one of the space-separated words of @list. */
static bool word_in(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *w = list;

	if (n == 0)
		return false;
	while ((w = strstr(w, word)) != NULL) {
		if ((w == list || w[-1] == ' ') && (w[n] == ' ' || !w[n]))
			return true;
		w += n;
	}
	return false;
}

/* ------------------------------------------------------------ basic values */

/** Checks that @n is a mapping (or a sequence) called @what. */
static bool want(struct parser *p, node_t *n, enum ytree_kind kind,
                 const char *what)
{
	static const char *const kinds[] = {"a scalar", "a sequence",
	                                    "a mapping"};
	char got[80];

	if (n->kind == kind && !(kind == YTREE_SCALAR && ytree_is_null(n)))
		return true;
	ytree_describe(n, got, sizeof(got));
	return fail(p, n, "%s must be %s, not %s", what, kinds[kind], got);
}

/** Checks every key of @map against @keys (@n of them). */
static bool known_keys(struct parser *p, node_t *map, const char *const *keys,
                       size_t n, const char *what)
{
	size_t i, j;

	for (j = 0; j < ytree_map_size(map); j++) {
		node_t *k = ytree_map_key(map, j);

		for (i = 0; i < n && strcmp(k->text, keys[i]) != 0; i++)
			;
		if (i == n)
			return fail(p, k, "unknown key '%.60s' in %s", k->text,
			            what);
	}
	return true;
}

/** A string value: any non-null scalar. */
static bool get_str(struct parser *p, node_t *n, const char *key,
                    const char **out)
{
	char what[80];

	snprintf(what, sizeof(what), "'%s'", key);
	if (!want(p, n, YTREE_SCALAR, what))
		return false;
	*out = n->text;
	return true;
}

/** A name and where it was written. */
static bool get_name(struct parser *p, node_t *n, const char *key,
                     struct scn_name *out)
{
	out->loc = loc_of(n);
	return get_str(p, n, key, &out->text);
}

/** Parses an unquoted decimal or 0x-hex integer; false when it is not one. */
static bool parse_int(node_t *n, long long *v)
{
	char *end;

	if (n->kind != YTREE_SCALAR || n->quoted || !n->text[0])
		return false;
	errno = 0;
	*v = strtoll(n->text, &end, 0);
	return errno == 0 && *end == '\0' && !strchr(n->text, ' ');
}

/** An integer from @min to @max. */
static bool get_int(struct parser *p, node_t *n, const char *key, long long min,
                    long long max, long long *out)
{
	char got[80];

	if (parse_int(n, out) && *out >= min && *out <= max)
		return true;
	ytree_describe(n, got, sizeof(got));
	return fail(p, n, "'%s' must be an integer from %lld to %lld, not %s",
	            key, min, max, got);
}

/** An integer from @min to @max, as a uint32_t. */
static bool get_u32(struct parser *p, node_t *n, const char *key, uint32_t min,
                    uint32_t max, uint32_t *out)
{
	long long v;

	if (!get_int(p, n, key, min, max, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

/** A PSA status: its name or a number. */
static bool get_status(struct parser *p, node_t *n, int32_t *out)
{
	long long v;
	size_t i;

	if (n->kind == YTREE_SCALAR)
		for (i = 0; i < NKEYS(statuses); i++)
			if (strcmp(n->text, statuses[i].name) == 0) {
				*out = statuses[i].value;
				return true;
			}
	if (parse_int(n, &v) && v >= INT32_MIN && v <= INT32_MAX) {
		*out = (int32_t)v;
		return true;
	}
	return fail(p, n,
	            "'expect' must be a PSA status name (PSA_SUCCESS, "
	            "PSA_ERROR_...), a number, 'any' or 'reset', not '%.60s'",
	            n->kind == YTREE_SCALAR ? n->text : "a collection");
}

/** A step's `expect`: a status, a version number, any or reset. */
static bool get_expect(struct parser *p, node_t *n, struct scn_expect *e)
{
	e->loc = loc_of(n);
	if (n->kind == YTREE_SCALAR && strcmp(n->text, "any") == 0) {
		e->kind = SCN_EXPECT_ANY;
		return true;
	}
	if (n->kind == YTREE_SCALAR && strcmp(n->text, "reset") == 0) {
		e->kind = SCN_EXPECT_RESET;
		return true;
	}
	e->kind = SCN_EXPECT_STATUS;
	return get_status(p, n, &e->status);
}

/* ---------------------------------------------------------------- vectors */

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/** Hex digits in pairs; spaces, ':' and a leading 0x are ignored. */
static bool data_hex(struct parser *p, node_t *n, struct scn_data *d)
{
	const char *t = n->text;
	size_t i, o = 0, len = strlen(t);
	uint8_t *b = scn_alloc(&p->s->arena, len / 2 + 1);
	int hi = -1, v;

	if (t[0] == '0' && (t[1] == 'x' || t[1] == 'X'))
		t += 2;
	for (i = 0; t[i]; i++) {
		if (t[i] == ' ' || t[i] == ':')
			continue;
		v = hex_val(t[i]);
		/* The column is exact for a one-line scalar without escapes. */
		if (v < 0) {
			scn_fail(p->d, n->loc.line,
			         n->loc.col + (n->quoted ? 1u : 0u) +
			                 (unsigned)(t - n->text + (long)i),
			         "'hex' has '%c', which is not a hex digit",
			         t[i] > ' ' && t[i] < 0x7F ? t[i] : '?');
			return false;
		}
		if (hi < 0) {
			hi = v;
		} else {
			b[o++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		return fail(p, n, "'hex' has an odd number of hex digits");
	d->bytes = b;
	d->len = o;
	return true;
}

/**
 * Opens the plain file @n names, relative to the scenario's folder, into
 * *@out; false after saying why not.
 */
static bool open_named_file(struct parser *p, node_t *n, FILE **out)
{
	char path[4096];
	struct stat st;
	FILE *f;

	if (n->text[0] == '/')
		snprintf(path, sizeof(path), "%s", n->text);
	else
		snprintf(path, sizeof(path), "%s/%s", p->s->dir, n->text);
	f = fopen(path, "rb");
	if (f == NULL)
		return fail(p, n, "cannot read '%.200s': %s", n->text,
		            strerror(errno));
	/* A FIFO or a device could block or never end: plain files only. */
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return fail(p, n, "'%.200s' is not a regular file", n->text);
	}
	*out = f;
	return true;
}

/** The bytes of a file named relative to the scenario's folder. */
static bool data_file(struct parser *p, node_t *n, struct scn_data *d)
{
	uint8_t *b;
	FILE *f;
	size_t got;

	if (!open_named_file(p, n, &f))
		return false;
	b = scn_alloc(&p->s->arena, SCN_MAX_DATA + 1);
	got = fread(b, 1, SCN_MAX_DATA + 1, f);
	fclose(f);
	if (got > SCN_MAX_DATA)
		return fail(p, n, "'%.200s' is larger than %u bytes", n->text,
		            SCN_MAX_DATA);
	d->bytes = b;
	d->len = got;
	return true;
}

/* ------------------------------------------------------- structured data */

/** The value of the type named @name, if `types` names it. */
static bool type_value(const struct parser *p, const char *name, int32_t *v)
{
	size_t i;

	for (i = 0; i < p->n_types; i++)
		if (strcmp(p->types[i].name, name) == 0) {
			*v = p->types[i].value;
			return true;
		}
	return false;
}

/** An integer field's shape, from its key: u8..u64, i8..i64, le or be. */
struct int_field {
	unsigned bytes;
	bool sign;
	bool big; /* big-endian; else the host's order (little) */
};

static bool int_field(const char *key, struct int_field *f)
{
	char *end;
	unsigned long bits;

	if (key[0] != 'u' && key[0] != 'i')
		return false;
	bits = strtoul(key + 1, &end, 10);
	if ((bits != 8 && bits != 16 && bits != 32 && bits != 64) ||
	    end == key + 1)
		return false;
	/* The host's order is the partitions' (x86: little-endian). */
	if (*end != '\0' && strcmp(end, "le") != 0 && strcmp(end, "be") != 0)
		return false;
	if (bits == 8 && *end != '\0')
		return false;
	f->bytes = (unsigned)bits / 8;
	f->sign = key[0] == 'i';
	f->big = strcmp(end, "be") == 0;
	return true;
}

/** The number of integer field @key at @n, a type name allowed. */
static bool int_value(struct parser *p, node_t *n, const char *key,
                      const struct int_field *f, uint64_t *out)
{
	unsigned bits = f->bytes * 8;
	long long v;
	int32_t t;
	char *end;

	if (n->kind == YTREE_SCALAR && !n->quoted &&
	    type_value(p, n->text, &t)) {
		v = t;
	} else if (!f->sign && n->kind == YTREE_SCALAR && !n->quoted &&
	           n->text[0] >= '0' && n->text[0] <= '9') {
		errno = 0;
		*out = strtoull(n->text, &end, 0);
		if (errno == 0 && *end == '\0' &&
		    (bits == 64 || *out < (1ull << bits)))
			return true;
		return fail(p, n, "'%s' must be an integer from 0 to %llu", key,
		            bits == 64 ? ~0ull : (1ull << bits) - 1);
	} else if (!parse_int(n, &v)) {
		return fail(p, n,
		            "'%s' must be an integer or a name from "
		            "'types'",
		            key);
	}
	if (f->sign ? (bits < 64 &&
	               (v < -(1ll << (bits - 1)) || v >= (1ll << (bits - 1))))
	            : (v < 0 ||
	               (bits < 64 && (unsigned long long)v >= (1ull << bits))))
		return fail(p, n, "'%s' does not fit in %u bits", key, bits);
	*out = (uint64_t)v;
	return true;
}

/** Integer field @key at @n as bytes in @b (f->bytes of them). */
static bool field_int(struct parser *p, node_t *n, const char *key,
                      const struct int_field *f, uint8_t *b)
{
	uint64_t v = 0;
	unsigned i;

	if (!int_value(p, n, key, f, &v))
		return false;
	for (i = 0; i < f->bytes; i++) {
		unsigned shift = 8 * (f->big ? f->bytes - 1 - i : i);

		b[i] = (uint8_t)(v >> shift);
	}
	return true;
}

static bool data_hex(struct parser *p, node_t *n, struct scn_data *d);

/**
 * One field of a structured vector, @key: @v, into @d: an integer (u8 ..
 * u64, i8 .. i64, each with le or be), str (text), strz (text and a NUL),
 * bytes (hex) or zeros (a count). False, reported, when @key is none.
 */
static bool field(struct parser *p, node_t *k, node_t *v, struct scn_data *d)
{
	struct int_field f;
	uint32_t n;

	if (int_field(k->text, &f)) {
		uint8_t *b = scn_alloc(&p->s->arena, 8);

		d->bytes = b;
		d->len = f.bytes;
		return field_int(p, v, k->text, &f, b);
	}
	if (strcmp(k->text, "str") == 0 || strcmp(k->text, "strz") == 0) {
		if (!want(p, v, YTREE_SCALAR, k->text[3] ? "'strz'" : "'str'"))
			return false;
		d->bytes = (const uint8_t *)v->text;
		d->len = strlen(v->text) + (k->text[3] ? 1 : 0);
		return true;
	}
	if (strcmp(k->text, "bytes") == 0)
		return want(p, v, YTREE_SCALAR, "'bytes'") && data_hex(p, v, d);
	if (strcmp(k->text, "zeros") == 0) {
		if (!get_u32(p, v, "zeros", 0, SCN_MAX_DATA, &n))
			return false;
		d->bytes = scn_alloc(&p->s->arena, n + 1);
		memset((uint8_t *)d->bytes, 0, n + 1);
		d->len = n;
		return true;
	}
	return fail(p, k,
	            "unknown field '%.60s' (u8, u16, u32, u64, i8 ... i64, "
	            "with le or be; str, strz, bytes, zeros)",
	            k->text);
}

/** A vector written as a list of fields, their bytes end to end. */
static bool data_fields(struct parser *p, node_t *n, struct scn_data *d)
{
	struct scn_data *parts;
	size_t i, len = 0;
	uint8_t *b;

	if (n->n_kids == 0)
		return fail(p, n,
		            "a vector of fields is empty; {size: 0} or "
		            "{text: \"\"} is an empty vector");
	parts = scn_alloc(&p->s->arena, n->n_kids * sizeof(*parts));
	for (i = 0; i < n->n_kids; i++) {
		node_t *e = n->kids[i];

		if (!want(p, e, YTREE_MAPPING, "a field"))
			return false;
		if (ytree_map_size(e) != 1)
			return fail(p, e, "a field has exactly one key");
		if (!field(p, ytree_map_key(e, 0), ytree_map_value(e, 0),
		           &parts[i]))
			return false;
		len += parts[i].len;
		if (len > SCN_MAX_DATA)
			return fail(p, e, "the vector is larger than %u bytes",
			            SCN_MAX_DATA);
	}
	b = scn_alloc(&p->s->arena, len + 1);
	for (i = 0, len = 0; i < n->n_kids; i++) {
		memcpy(b + len, parts[i].bytes, parts[i].len);
		len += parts[i].len;
	}
	d->bytes = b;
	d->len = len;
	return true;
}

/** True when @key names a field of a structured vector. */
static bool is_field(const char *key)
{
	struct int_field f;

	return int_field(key, &f) || strcmp(key, "str") == 0 ||
	       strcmp(key, "strz") == 0 || strcmp(key, "bytes") == 0 ||
	       strcmp(key, "zeros") == 0;
}

/** One vector: {text: ...}, {hex: ...}, {u32: N}, {file: ...}, {random: N}. */
static bool get_data(struct parser *p, node_t *n, bool output,
                     struct scn_data *d)
{
	static const char *const in_keys[] = {"text", "hex", "u32", "file",
	                                      "random"};
	static const char *const out_keys[] = {"text", "hex",  "u32",
	                                       "file", "size", "any"};
	node_t *k, *v;
	uint32_t u;

	d->loc = loc_of(n);
	d->kind = SCN_DATA_BYTES;
	if (n->kind == YTREE_SEQUENCE)
		return data_fields(p, n, d);
	if (!want(p, n, YTREE_MAPPING,
	          output ? "an expected output vector" : "an input vector"))
		return false;
	/* One field alone ({u16be: 7}, {str: k}...) is a vector too. */
	if (ytree_map_size(n) == 1 && is_field(ytree_map_key(n, 0)->text) &&
	    strcmp(ytree_map_key(n, 0)->text, "u32") != 0)
		return field(p, ytree_map_key(n, 0), ytree_map_value(n, 0), d);
	if (!known_keys(p, n, output ? out_keys : in_keys,
	                output ? NKEYS(out_keys) : NKEYS(in_keys),
	                output ? "an expected output vector"
	                       : "an input vector"))
		return false;
	if (ytree_map_size(n) != 1)
		return fail(p, n, "a vector has exactly one of %s",
		            output ? "text, hex, u32, file, size or any"
		                   : "text, hex, u32, file or random");
	k = ytree_map_key(n, 0);
	v = ytree_map_value(n, 0);
	if (strcmp(k->text, "text") == 0) {
		if (!want(p, v, YTREE_SCALAR, "'text'"))
			return false;
		d->bytes = (const uint8_t *)v->text;
		d->len = strlen(v->text);
		return true;
	}
	if (strcmp(k->text, "hex") == 0)
		return want(p, v, YTREE_SCALAR, "'hex'") && data_hex(p, v, d);
	if (strcmp(k->text, "file") == 0)
		return want(p, v, YTREE_SCALAR, "'file'") && data_file(p, v, d);
	if (strcmp(k->text, "any") == 0) {
		d->kind = SCN_DATA_ANY;
		return true;
	}
	if (strcmp(k->text, "u32") == 0) {
		uint8_t *b = scn_alloc(&p->s->arena, sizeof(u));
		int32_t t;

		if (v->kind == YTREE_SCALAR && !v->quoted &&
		    type_value(p, v->text, &t))
			u = (uint32_t)t;
		else if (!get_u32(p, v, "u32", 0, UINT32_MAX, &u))
			return false;
		memcpy(b, &u, sizeof(u));
		d->bytes = b;
		d->len = sizeof(u);
		return true;
	}
	d->kind =
	        strcmp(k->text, "size") == 0 ? SCN_DATA_SIZE : SCN_DATA_RANDOM;
	if (!get_u32(p, v, k->text, 0, SCN_MAX_DATA, &u))
		return false;
	d->len = u;
	return true;
}

/** A sequence of at most 4 vectors. */
static bool get_vectors(struct parser *p, node_t *n, const char *key,
                        bool output, struct scn_data *out, size_t *count)
{
	char what[40];
	size_t i;

	snprintf(what, sizeof(what), "'%s'", key);
	if (!want(p, n, YTREE_SEQUENCE, what))
		return false;
	if (n->n_kids > SCN_MAX_IOVEC)
		return fail(p, n, "'%s' has %zu vectors; at most %u", key,
		            n->n_kids, SCN_MAX_IOVEC);
	for (i = 0, *count = 0; i < n->n_kids; i++)
		if (!get_data(p, n->kids[i], output, &out[(*count)++]))
			return false;
	return true;
}

/** `out:` a sequence of at most 4 sizes. */
static bool get_out_sizes(struct parser *p, node_t *n, struct scn_step *st)
{
	size_t i;

	if (!want(p, n, YTREE_SEQUENCE, "'out'"))
		return false;
	if (n->n_kids > SCN_MAX_IOVEC)
		return fail(p, n, "'out' has %zu vectors; at most %u",
		            n->n_kids, SCN_MAX_IOVEC);
	for (i = 0; i < n->n_kids; i++)
		if (!get_u32(p, n->kids[i], "out", 0, SCN_MAX_DATA,
		             &st->out[st->n_out++]))
			return false;
	return true;
}

/* ------------------------------------------------------------------ steps */

/** A non-empty sequence of steps. */
static bool parse_steps(struct parser *p, node_t *n,
                        const struct scn_step **out, size_t *count);

static const char *const verbs[] = {"version", "connect", "call",
                                    "close",   "repeat",  "raise",
                                    "reset",   "fault",   "inject"};

/** Finds the one verb key of step @n; NULL after reporting. */
static node_t *step_verb(struct parser *p, node_t *n, enum scn_step_kind *kind)
{
	bool connect = ytree_map_get(n, "connect") != NULL;
	node_t *verb = NULL;
	size_t i, j;

	for (j = 0; j < ytree_map_size(n); j++) {
		node_t *k = ytree_map_key(n, j);

		for (i = 0; i < NKEYS(verbs) && strcmp(k->text, verbs[i]); i++)
			;
		if (i == NKEYS(verbs) || (connect && i == 0))
			continue;
		if (verb) {
			fail(p, k, "a step has both '%s' and '%s'", verb->text,
			     k->text);
			return NULL;
		}
		verb = k;
		*kind = (enum scn_step_kind)(i + 1);
	}
	if (verb == NULL)
		fail(p, n,
		     "a step needs one of version, connect, call, close, "
		     "repeat, raise, reset, fault or inject");
	return verb;
}

/** Checks the keys of a step other than a fault against its verb. */
static bool step_keys(struct parser *p, node_t *n, enum scn_step_kind kind)
{
	static const char *const k_version[] = {"version", "expect"};
	static const char *const k_connect[] = {"connect", "version", "as",
	                                        "expect"};
	static const char *const k_call[] = {
	        "call", "handle", "type", "in", "out", "expect", "expect_out"};
	static const char *const k_close[] = {"close", "expect"};
	static const char *const k_repeat[] = {"repeat", "steps"};
	static const char *const k_raise[] = {"raise", "count"};
	static const char *const k_reset[] = {"reset"};
	static const struct {
		const char *const *keys;
		size_t n;
		const char *what;
	} t[] = {
	        [SCN_STEP_VERSION] = {k_version, NKEYS(k_version),
	                              "a version step"},
	        [SCN_STEP_CONNECT] = {k_connect, NKEYS(k_connect),
	                              "a connect step"},
	        [SCN_STEP_CALL] = {k_call, NKEYS(k_call), "a call step"},
	        [SCN_STEP_CLOSE] = {k_close, NKEYS(k_close), "a close step"},
	        [SCN_STEP_REPEAT] = {k_repeat, NKEYS(k_repeat),
	                             "a repeat step"},
	        [SCN_STEP_RAISE] = {k_raise, NKEYS(k_raise), "a raise step"},
	        [SCN_STEP_RESET] = {k_reset, NKEYS(k_reset), "a reset step"},
	};

	return known_keys(p, n, t[kind].keys, t[kind].n, t[kind].what);
}

/** True when an earlier `as:` of the client bound @name. */
static bool handle_bound(const struct parser *p, const char *name)
{
	const struct bound *b;

	for (b = p->handles; b; b = b->next)
		if (strcmp(b->name, name) == 0)
			return true;
	return false;
}

/** `handle: h1`: a name an earlier `as:` of the client bound. */
static bool get_handle(struct parser *p, node_t *n, struct scn_step *st)
{
	if (!get_name(p, n, "handle", &st->target))
		return false;
	if (!handle_bound(p, n->text))
		return fail(p, n,
		            "unknown handle '%.60s': no earlier step of this "
		            "client binds it with 'as:'",
		            n->text);
	st->target_is_handle = true;
	return true;
}

/** A call's or close's target: a bound handle name, else a service. */
static bool get_target(struct parser *p, node_t *n, struct scn_step *st,
                       const char *key)
{
	if (!get_name(p, n, key, &st->target))
		return false;
	st->target_is_handle = handle_bound(p, n->text);
	return true;
}

/** `version: SERVICE` and its expected version. */
static bool step_version(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *e = ytree_map_get(n, "expect");

	if (!get_name(p, ytree_map_get(n, "version"), "version", &st->target))
		return false;
	if (e && e->kind == YTREE_SCALAR &&
	    strcmp(e->text, "PSA_VERSION_NONE") == 0) {
		st->expect.kind = SCN_EXPECT_STATUS;
		st->expect.loc = loc_of(e);
		return true;
	}
	return e == NULL || get_expect(p, e, &st->expect);
}

/** `connect: SERVICE`; `as:` binds a handle name from here on. */
static bool step_connect(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *v = ytree_map_get(n, "version"), *as = ytree_map_get(n, "as");
	node_t *e = ytree_map_get(n, "expect");
	struct bound *b;

	if (!get_name(p, ytree_map_get(n, "connect"), "connect", &st->target))
		return false;
	if (v && !get_u32(p, v, "version", 1, 255, &st->version))
		return false;
	if (e && !get_expect(p, e, &st->expect))
		return false;
	if (as == NULL)
		return true;
	if (!get_name(p, as, "as", &st->as))
		return false;
	b = scn_alloc(&p->s->arena, sizeof(*b));
	b->name = as->text;
	b->next = p->handles;
	p->handles = b;
	return true;
}

/** The parts call and fault steps share: type, in, out, expect_out. */
static bool call_args(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *t = ytree_map_get(n, "type"), *in = ytree_map_get(n, "in");
	node_t *out = ytree_map_get(n, "out"),
	       *eo = ytree_map_get(n, "expect_out");
	node_t *e = ytree_map_get(n, "expect");
	long long type = 0;

	if (t && t->kind == YTREE_SCALAR && !t->quoted &&
	    type_value(p, t->text, &st->type)) {
		st->type_name = t->text;
	} else if (t && t->kind == YTREE_SCALAR && !t->quoted &&
	           (t->text[0] == '_' || (t->text[0] | 0x20) >= 'a') &&
	           (t->text[0] | 0x20) <= 'z') {
		return fail(p, t,
		            "'type' must be a number or a name from 'types', "
		            "not '%.60s'",
		            t->kind == YTREE_SCALAR ? t->text : "a collection");
	} else {
		if (t && !get_int(p, t, "type", INT32_MIN, INT32_MAX, &type))
			return false;
		st->type = (int32_t)type;
	}
	if (in && !get_vectors(p, in, "in", false, st->in, &st->n_in))
		return false;
	if (out && !get_out_sizes(p, out, st))
		return false;
	if (eo && !get_vectors(p, eo, "expect_out", true, st->expect_out,
	                       &st->n_expect_out))
		return false;
	if (eo && st->n_expect_out > st->n_out)
		return fail(p, eo,
		            "'expect_out' has %zu vectors but 'out' only %zu",
		            st->n_expect_out, st->n_out);
	return e == NULL || get_expect(p, e, &st->expect);
}

/** `call: TARGET` or `handle: NAME`, with the call's arguments. */
static bool step_call(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *c = ytree_map_get(n, "call"), *h = ytree_map_get(n, "handle");

	if (h && !ytree_is_null(c))
		return fail(p, h,
		            "a call names either a target in 'call' or "
		            "a 'handle', not both");
	if (h)
		return get_handle(p, h, st) && call_args(p, n, st);
	return get_target(p, c, st, "call") && call_args(p, n, st);
}

/** `close: NAME` of a bound handle. */
static bool step_close(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *e = ytree_map_get(n, "expect");

	if (!get_handle(p, ytree_map_get(n, "close"), st))
		return false;
	return e == NULL || get_expect(p, e, &st->expect);
}

/** `repeat: N` with its nested steps. */
static bool step_repeat(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *s = ytree_map_get(n, "steps");

	if (!get_u32(p, ytree_map_get(n, "repeat"), "repeat", 1, SCN_MAX_COUNT,
	             &st->count))
		return false;
	if (s == NULL)
		return fail(p, n, "a repeat step needs 'steps'");
	return parse_steps(p, s, &st->steps, &st->n_steps);
}

/** `raise: IRQ`, `count` times. */
static bool step_raise(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *c = ytree_map_get(n, "count");

	st->count = 1;
	if (!get_name(p, ytree_map_get(n, "raise"), "raise", &st->target))
		return false;
	return c == NULL ||
	       get_u32(p, c, "count", 1, SCN_MAX_COUNT, &st->count);
}

/** `reset: true` (or no value). */
static bool step_reset(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *v = ytree_map_get(n, "reset");

	if (ytree_is_null(v) ||
	    (v->kind == YTREE_SCALAR && strcmp(v->text, "true") == 0))
		return true;
	if (v->kind == YTREE_SCALAR && strcmp(v->text, "reboot") == 0) {
		st->reboot = true;
		return true;
	}
	return fail(p, v,
	            "'reset' is 'true' (a reset) or 'reboot' (shut down and "
	            "boot again)");
}

/* ----------------------------------------------------------------- faults */

static bool fault_kind(struct parser *p, node_t *v, struct scn_step *st)
{
	int f;

	if (!get_name(p, v, "fault", &st->fault_loc))
		return false;
	for (f = SCN_FAULT_NONE + 1; f < SCN_FAULT_COUNT_; f++)
		if (strcmp(v->text, faults[f].name) == 0) {
			st->fault = (enum scn_fault)f;
			return true;
		}
	return fail(p, v,
	            "unknown fault '%.60s' (see the fault catalog in "
	            "scenarios/README.md)",
	            v->text);
}

/** Checks a fault step's keys against what its fault takes. */
static bool fault_keys_ok(struct parser *p, node_t *n,
                          const struct scn_step *st)
{
	static const char *const common = "fault expect type in out";
	const struct fault_keys *fk = &fault_keys[st->fault];
	const char *r = fk->required;
	char word[32];
	size_t len, i;

	for (i = 0; i < ytree_map_size(n); i++) {
		node_t *k = ytree_map_key(n, i);

		if (!word_in(common, k->text) && !word_in(fk->allowed, k->text))
			return fail(p, k, "unknown key '%.60s' in a %s fault",
			            k->text, faults[st->fault].name);
	}
	while (*r) {
		len = strcspn(r, " ");
		snprintf(word, sizeof(word), "%.*s", (int)len, r);
		if (ytree_map_get(n, word) == NULL)
			return fail(p, n, "a %s fault needs '%s'",
			            faults[st->fault].name, word);
		r += len + (r[len] == ' ');
	}
	return true;
}

/** One of @names (NULL entries skipped), as its index. */
static bool get_enum(struct parser *p, node_t *n, const char *key,
                     const char *const *names, size_t count, int *out)
{
	char what[40];
	size_t i;

	/* Compared by text: `vector: null` is a name here, not YAML's null. */
	snprintf(what, sizeof(what), "'%s'", key);
	if (n->kind != YTREE_SCALAR)
		return want(p, n, YTREE_SCALAR, what);
	for (i = 0; i < count; i++)
		if (names[i] && strcmp(n->text, names[i]) == 0) {
			*out = (int)i;
			return true;
		}
	return fail(p, n, "unknown %s '%.60s'", key, n->text);
}

/**
 * A stray access's target: `target`, with `partition` and `area` for
 * `target: partition` (and only then).
 */
static bool get_stray(struct parser *p, node_t *n, struct scn_step *st)
{
	static const char *const strays[] = {NULL,  "partition", "psa-rot",
	                                     "spm", "ns",        "code"};
	static const char *const areas[] = {"data", "stack"};
	node_t *v, *pt = ytree_map_get(n, "partition");
	int e;

	if ((v = ytree_map_get(n, "target"))) {
		if (!get_enum(p, v, "target", strays, NKEYS(strays), &e))
			return false;
		st->stray = (enum scn_stray_target)e;
	}
	if ((v = ytree_map_get(n, "area"))) {
		if (!get_enum(p, v, "area", areas, NKEYS(areas), &e))
			return false;
		st->area = (enum scn_stray_area)e;
	}
	if (pt && !get_name(p, pt, "partition", &st->partition))
		return false;
	return true;
}

/** The parameters a fault may take. */
static bool fault_params(struct parser *p, node_t *n, struct scn_step *st)
{
	static const char *const vectors[] = {NULL, "null", "out_of_range",
	                                      "readonly_outvec", "too_many"};
	static const char *const modes[] = {NULL, "refuse", "busy",
	                                    "forbidden_status", "never_reply"};
	node_t *v;
	int e;

	if ((v = ytree_map_get(n, "service")) &&
	    !get_name(p, v, "service", &st->target))
		return false;
	if ((v = ytree_map_get(n, "handle"))) {
		if (st->target.text)
			return fail(p, v,
			            "a fault names either a 'service' or "
			            "a 'handle', not both");
		if (!get_handle(p, v, st))
			return false;
	}
	if ((v = ytree_map_get(n, "vector"))) {
		if (v->text && strcmp(v->text, "overlapping") == 0)
			return fail(p, v,
			            "overlapping vectors are not a fault: FF-M "
			            "lets a call's vectors share bytes");
		if (!get_enum(p, v, "vector", vectors, NKEYS(vectors), &e))
			return false;
		st->vector = (enum scn_vector_fault)e;
	}
	if (!get_stray(p, n, st))
		return false;
	if ((v = ytree_map_get(n, "mode"))) {
		if (!get_enum(p, v, "mode", modes, NKEYS(modes), &e))
			return false;
		st->connect_mode = (enum scn_connect_mode)e;
	}
	if ((v = ytree_map_get(n, "misuse"))) {
		static const char *const misuses[] = {"clear", "notify"};

		if (!get_enum(p, v, "misuse", misuses, NKEYS(misuses), &e))
			return false;
		st->notify = e == 1;
	}
	if ((v = ytree_map_get(n, "irq")) && !get_name(p, v, "irq", &st->irq))
		return false;
	if ((v = ytree_map_get(n, "after")) &&
	    !get_u32(p, v, "after", 1, SCN_MAX_COUNT, &st->after))
		return false;
	st->count = st->fault == SCN_FAULT_INTERRUPT_STORM ? 1000 : 1;
	if ((v = ytree_map_get(n, "count")) &&
	    !get_u32(p, v, "count", 1, SCN_MAX_COUNT, &st->count))
		return false;
	return true;
}

/** `fault: KIND`: its keys, its parameters and the call's arguments. */
static bool step_fault(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *pt = ytree_map_get(n, "partition");

	if (!fault_kind(p, ytree_map_get(n, "fault"), st) ||
	    !fault_keys_ok(p, n, st) || !fault_params(p, n, st))
		return false;
	if (st->fault >= SCN_FAULT_STRAY_READ &&
	    st->fault <= SCN_FAULT_STRAY_JUMP &&
	    (st->stray == SCN_STRAY_PARTITION) != (pt != NULL))
		return fail(p, pt ? pt : n,
		            "'partition' goes with 'target: partition' only");
	if (ytree_map_get(n, "area") && st->stray != SCN_STRAY_PARTITION)
		return fail(p, ytree_map_get(n, "area"),
		            "'area' goes with 'target: partition' only");
	if (st->fault == SCN_FAULT_BAD_VECTOR && st->target.text == NULL)
		return fail(p, n,
		            "a bad_vector fault needs a 'service' or a "
		            "'handle'");
	if ((faults[st->fault].needs & SCN_NEEDS_PAGEPROT) &&
	    p->s->protection == SCN_PROTECTION_CHECK)
		return fail_loc2(p, st->fault_loc.loc,
		                 "a %s fault needs page protection, which "
		                 "'protection: check' (line %u) turns off",
		                 faults[st->fault].name,
		                 p->s->protection_loc.line);
	return call_args(p, n, st);
}

/* -------------------------------------------------------------- injections */

static const char *const injects[SCN_INJECT_COUNT_] = {
        [SCN_INJECT_STRAY_READ] = "stray_read",
        [SCN_INJECT_STRAY_WRITE] = "stray_write",
        [SCN_INJECT_STRAY_JUMP] = "stray_jump",
        [SCN_INJECT_STACK_OVERFLOW] = "stack_overflow",
        [SCN_INJECT_SPIN] = "spin",
        [SCN_INJECT_PANIC] = "panic",
        [SCN_INJECT_CORRUPT_STATUS] = "corrupt_status",
        [SCN_INJECT_CORRUPT_OUTPUT] = "corrupt_output",
        [SCN_INJECT_ERROR_STATUS] = "error_status",
        [SCN_INJECT_RESET] = "reset",
};

/** The psa_* functions partition code calls, which `at` may name. */
static const char *const psa_functions[] = {
        SIM_PSA_FUNCTIONS(SIM_PSA_FUNCTION_NAME)};

const char *scn_inject_name(enum scn_inject i)
{
	return i > SCN_INJECT_NONE && i < SCN_INJECT_COUNT_ ? injects[i] : NULL;
}

const char *scn_inject_api(const struct scn_step *st)
{
	if (st->at.text)
		return st->at.text;
	switch (st->inject) {
	case SCN_INJECT_CORRUPT_STATUS:
		return "psa_reply";
	case SCN_INJECT_CORRUPT_OUTPUT:
		return "psa_write";
	case SCN_INJECT_ERROR_STATUS:
		return "psa_call";
	default:
		return NULL;
	}
}

/** "a" or "an", for "a spin injection", "an error_status injection". */
static const char *article(enum scn_inject i)
{
	return injects[i][0] == 'e' ? "an" : "a";
}

static bool is_stray(enum scn_inject i)
{
	return i >= SCN_INJECT_STRAY_READ && i <= SCN_INJECT_STRAY_JUMP;
}

/** The keys an injection of @st takes besides inject, into, at and nth. */
static const char *inject_keys(const struct scn_step *st)
{
	if (is_stray(st->inject))
		return "target partition area";
	if (st->inject == SCN_INJECT_CORRUPT_STATUS ||
	    st->inject == SCN_INJECT_ERROR_STATUS)
		return "status";
	return "";
}

/** The kind named in `inject:`, and its keys. */
static bool inject_kind(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *v = ytree_map_get(n, "inject");
	int i;

	if (!get_name(p, v, "inject", &st->fault_loc))
		return false;
	for (i = SCN_INJECT_NONE + 1; i < SCN_INJECT_COUNT_; i++)
		if (strcmp(v->text, injects[i]) == 0)
			st->inject = (enum scn_inject)i;
	if (st->inject == SCN_INJECT_NONE)
		return fail(p, v,
		            "unknown injection '%.60s' (stray_read, "
		            "stray_write, stray_jump, stack_overflow, spin, "
		            "panic, corrupt_status, corrupt_output, "
		            "error_status or reset)",
		            v->text);
	for (i = 0; i < (int)ytree_map_size(n); i++) {
		node_t *k = ytree_map_key(n, (size_t)i);

		if (!word_in("inject into at nth", k->text) &&
		    !word_in(inject_keys(st), k->text))
			return fail(p, k,
			            "unknown key '%.60s' in %s %s injection",
			            k->text, article(st->inject),
			            injects[st->inject]);
	}
	if (ytree_map_get(n, "into") == NULL)
		return fail(p, n,
		            "an injection needs 'into', the partition it "
		            "strikes");
	if (is_stray(st->inject) && ytree_map_get(n, "target") == NULL)
		return fail(p, n, "a %s injection needs 'target'",
		            injects[st->inject]);
	if (*inject_keys(st) == 's' && ytree_map_get(n, "status") == NULL)
		return fail(p, n, "%s %s injection needs 'status'",
		            article(st->inject), injects[st->inject]);
	return true;
}

/** Why `at` cannot be counted for the injection of @st, or NULL. */
static const char *at_refused(const struct scn_step *st, const char *at)
{
	if (st->inject == SCN_INJECT_CORRUPT_STATUS &&
	    strcmp(at, "psa_reply") != 0)
		return "a reply's status is changed in psa_reply";
	if (st->inject == SCN_INJECT_CORRUPT_OUTPUT &&
	    strcmp(at, "psa_write") != 0)
		return "a reply's bytes are changed in psa_write";
	if (st->inject == SCN_INJECT_ERROR_STATUS &&
	    strcmp(at, "psa_call") != 0 && strcmp(at, "psa_connect") != 0 &&
	    strcmp(at, "psa_get") != 0)
		return "an error status is returned by psa_call, psa_connect "
		       "or psa_get";
	return NULL;
}

/** `at: psa_FUNCTION` (or `any`) and `nth: N`. */
static bool inject_when(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *at = ytree_map_get(n, "at"), *nth = ytree_map_get(n, "nth");
	const char *why;
	size_t i;

	st->nth = 1;
	if (nth && !get_u32(p, nth, "nth", 1, SCN_MAX_COUNT, &st->nth))
		return false;
	if (at == NULL)
		return true;
	if (!get_str(p, at, "at", &st->at.text))
		return false;
	st->at.loc = loc_of(at);
	if (strcmp(at->text, "any") == 0) {
		st->at.text = NULL;
		return scn_inject_api(st) == NULL ||
		       fail(p, at, "%s %s injection counts %s calls, not any",
		            article(st->inject), injects[st->inject],
		            scn_inject_api(st));
	}
	for (i = 0; i < NKEYS(psa_functions); i++)
		if (strcmp(at->text, psa_functions[i]) == 0)
			break;
	if (i == NKEYS(psa_functions) && strcmp(at->text, "entry") != 0)
		return fail(p, at,
		            "'at' must name a psa_* function partition code "
		            "calls (psa_call, psa_read, psa_wait...), 'entry' "
		            "or 'any', not '%.60s'",
		            at->text);
	why = at_refused(st, at->text);
	return why == NULL || fail(p, at, "%s, not %s", why, at->text);
}

/** `status:` of corrupt_status and error_status: a PSA status. */
static bool inject_status(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *v = ytree_map_get(n, "status");
	long long num;
	size_t i;

	if (v == NULL)
		return true;
	if (v->kind == YTREE_SCALAR)
		for (i = 0; i < NKEYS(statuses); i++)
			if (strcmp(v->text, statuses[i].name) == 0) {
				st->status = statuses[i].value;
				return true;
			}
	if (parse_int(v, &num) && num >= INT32_MIN && num <= INT32_MAX) {
		st->status = (int32_t)num;
		return true;
	}
	return fail(p, v,
	            "'status' must be a PSA status name (PSA_SUCCESS, "
	            "PSA_ERROR_...) or a number, not '%.60s'",
	            v->kind == YTREE_SCALAR ? v->text : "a collection");
}

/** `inject: KIND` into a partition, at the n-th of its calls. */
static bool step_inject(struct parser *p, node_t *n, struct scn_step *st)
{
	node_t *pt = ytree_map_get(n, "partition");

	if (!inject_kind(p, n, st) ||
	    !get_name(p, ytree_map_get(n, "into"), "into", &st->into) ||
	    !inject_when(p, n, st) || !inject_status(p, n, st) ||
	    !get_stray(p, n, st))
		return false;
	if (is_stray(st->inject) &&
	    (st->stray == SCN_STRAY_PARTITION) != (pt != NULL))
		return fail(p, pt ? pt : n,
		            "'partition' goes with 'target: partition' only");
	if (ytree_map_get(n, "area") && st->stray != SCN_STRAY_PARTITION)
		return fail(p, ytree_map_get(n, "area"),
		            "'area' goes with 'target: partition' only");
	if (is_stray(st->inject) && p->s->protection == SCN_PROTECTION_CHECK)
		return fail_loc2(p, st->fault_loc.loc,
		                 "a %s injection needs page protection, which "
		                 "'protection: check' (line %u) turns off",
		                 injects[st->inject],
		                 p->s->protection_loc.line);
	return true;
}

/** One step: a mapping with one verb key. */
static bool parse_step(struct parser *p, node_t *n, struct scn_step *st)
{
	static bool (*const fn[])(struct parser *, node_t *,
	                          struct scn_step *) = {
	        [SCN_STEP_VERSION] = step_version,
	        [SCN_STEP_CONNECT] = step_connect,
	        [SCN_STEP_CALL] = step_call,
	        [SCN_STEP_CLOSE] = step_close,
	        [SCN_STEP_REPEAT] = step_repeat,
	        [SCN_STEP_RAISE] = step_raise,
	        [SCN_STEP_RESET] = step_reset,
	        [SCN_STEP_FAULT] = step_fault,
	        [SCN_STEP_INJECT] = step_inject,
	};

	if (!want(p, n, YTREE_MAPPING, "a step"))
		return false;
	st->loc = loc_of(n);
	if (step_verb(p, n, &st->kind) == NULL)
		return false;
	if (st->kind != SCN_STEP_FAULT && st->kind != SCN_STEP_INJECT &&
	    !step_keys(p, n, st->kind))
		return false;
	return fn[st->kind](p, n, st);
}

static bool parse_steps(struct parser *p, node_t *n,
                        const struct scn_step **out, size_t *count)
{
	struct scn_step *steps;
	size_t i;

	if (!want(p, n, YTREE_SEQUENCE, "'steps'"))
		return false;
	if (n->n_kids == 0)
		return fail(p, n, "'steps' is empty");
	steps = scn_alloc(&p->s->arena, n->n_kids * sizeof(*steps));
	for (i = 0; i < n->n_kids; i++)
		if (!parse_step(p, n->kids[i], &steps[i]))
			return false;
	*out = steps;
	*count = n->n_kids;
	return true;
}

/* ---------------------------------------------------------------- clients */

static bool parse_client(struct parser *p, node_t *n, struct scn_client *c,
                         size_t index)
{
	static const char *const keys[] = {"name", "from", "steps"};
	node_t *v;
	char name[32];

	if (!want(p, n, YTREE_MAPPING, "a client") ||
	    !known_keys(p, n, keys, NKEYS(keys), "a client"))
		return false;
	p->handles = NULL;
	c->name.loc = loc_of(n);
	snprintf(name, sizeof(name), "client%zu", index + 1);
	c->name.text = scn_strdup(&p->s->arena, name);
	if ((v = ytree_map_get(n, "name")) && !get_name(p, v, "name", &c->name))
		return false;
	if ((v = ytree_map_get(n, "from")) && !get_name(p, v, "from", &c->from))
		return false;
	if (c->from.text && strcmp(c->from.text, "NS") == 0)
		c->from.text = NULL;
	if ((v = ytree_map_get(n, "steps")) == NULL)
		return fail(p, n, "a client needs 'steps'");
	return parse_steps(p, v, &c->steps, &c->n_steps);
}

/** The non-empty list of clients, with distinct names. */
static bool parse_clients(struct parser *p, node_t *n)
{
	struct scn_client *c;
	node_t *v;
	size_t i = 0, j;

	if (!want(p, n, YTREE_SEQUENCE, "'clients'"))
		return false;
	if (n->n_kids == 0)
		return fail(p, n, "'clients' is empty");
	c = scn_alloc(&p->s->arena, n->n_kids * sizeof(*c));
	for (i = 0; i < n->n_kids; i++) {
		v = n->kids[i];
		if (!parse_client(p, v, &c[i], i))
			return false;
		for (j = 0; j < i; j++)
			if (strcmp(c[j].name.text, c[i].name.text) == 0)
				return fail(p, v,
				            "a second client named '%.60s'",
				            c[i].name.text);
	}
	p->s->clients = c;
	p->s->n_clients = i;
	return true;
}

/* ---------------------------------------------------------------- threads */

/** A boolean: true or false. */
static bool get_bool(struct parser *p, node_t *n, const char *key, bool *out)
{
	char got[80];

	if (n->kind == YTREE_SCALAR && !n->quoted &&
	    (strcmp(n->text, "true") == 0 || strcmp(n->text, "false") == 0)) {
		*out = strcmp(n->text, "true") == 0;
		return true;
	}
	ytree_describe(n, got, sizeof(got));
	return fail(p, n, "'%s' must be true or false, not %s", key, got);
}

/**
 * The steps a thread can make: the client API's, repeats and raises. The
 * others act on the whole system (a reset, a fault's set-up, an injection)
 * or need the harness's thread, so they belong to `clients`.
 */
static bool thread_steps_ok(struct parser *p, const struct scn_step *st,
                            size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (st[i].kind == SCN_STEP_REPEAT &&
		    !thread_steps_ok(p, st[i].steps, st[i].n_steps))
			return false;
		if (st[i].kind == SCN_STEP_RESET ||
		    st[i].kind == SCN_STEP_FAULT ||
		    st[i].kind == SCN_STEP_INJECT)
			return fail_loc(
			        p, st[i].loc,
			        "a thread makes version, connect, call, "
			        "close, repeat and raise steps only");
	}
	return true;
}

/** One client of `threads`: name, client_id, mailbox, steps. */
static bool parse_thread(struct parser *p, node_t *n, struct scn_client *c,
                         size_t index)
{
	static const char *const keys[] = {"name", "client_id", "mailbox",
	                                   "steps"};
	node_t *v;
	long long id;
	char name[32];

	if (!want(p, n, YTREE_MAPPING, "a thread") ||
	    !known_keys(p, n, keys, NKEYS(keys), "a thread"))
		return false;
	p->handles = NULL;
	c->name.loc = loc_of(n);
	snprintf(name, sizeof(name), "thread%zu", index + 1);
	c->name.text = scn_strdup(&p->s->arena, name);
	if ((v = ytree_map_get(n, "name")) && !get_name(p, v, "name", &c->name))
		return false;
	c->client_id = -1 - (int32_t)index;
	if ((v = ytree_map_get(n, "client_id"))) {
		if (!get_int(p, v, "client_id", INT32_MIN, -1, &id))
			return false;
		c->client_id = (int32_t)id;
	}
	if ((v = ytree_map_get(n, "mailbox"))) {
		c->mailbox_loc = loc_of(v);
		if (!get_bool(p, v, "mailbox", &c->mailbox))
			return false;
	}
	if ((v = ytree_map_get(n, "steps")) == NULL)
		return fail(p, n, "a thread needs 'steps'");
	return parse_steps(p, v, &c->steps, &c->n_steps) &&
	       thread_steps_ok(p, c->steps, c->n_steps);
}

/** The threads' list: 1 to SCN_MAX_THREADS, distinct names and ids. */
static bool parse_thread_list(struct parser *p, node_t *n)
{
	struct scn_client *c;
	size_t i, j;

	if (!want(p, n, YTREE_SEQUENCE, "'clients'"))
		return false;
	if (n->n_kids == 0)
		return fail(p, n, "'clients' is empty");
	if (n->n_kids > SCN_MAX_THREADS)
		return fail(p, n->kids[SCN_MAX_THREADS],
		            "too many threads: at most %u", SCN_MAX_THREADS);
	c = scn_alloc(&p->s->arena, n->n_kids * sizeof(*c));
	for (i = 0; i < n->n_kids; i++) {
		if (!parse_thread(p, n->kids[i], &c[i], i))
			return false;
		for (j = 0; j < i; j++) {
			if (strcmp(c[j].name.text, c[i].name.text) == 0)
				return fail(p, n->kids[i],
				            "a second thread named '%.60s'",
				            c[i].name.text);
			if (c[j].client_id == c[i].client_id)
				return fail(p, n->kids[i],
				            "thread '%.60s' has client id %d, "
				            "as '%.60s' has",
				            c[i].name.text, (int)c[i].client_id,
				            c[j].name.text);
		}
	}
	p->s->clients = c;
	p->s->n_clients = i;
	return true;
}

/** `threads`: order, seed, mailbox_slots and the clients. */
static bool parse_threads(struct parser *p, node_t *n)
{
	static const char *const keys[] = {"order", "seed", "mailbox_slots",
	                                   "clients"};
	static const char *const orders[] = {"seeded", "free"};
	struct scn_threads *t = &p->s->threads;
	long long seed;
	node_t *v;
	int e;

	if (!want(p, n, YTREE_MAPPING, "'threads'") ||
	    !known_keys(p, n, keys, NKEYS(keys), "'threads'"))
		return false;
	t->on = true;
	t->loc = loc_of(n);
	if ((v = ytree_map_get(n, "order"))) {
		if (!get_enum(p, v, "order", orders, NKEYS(orders), &e))
			return false;
		t->order = (enum scn_order)e;
	}
	if ((v = ytree_map_get(n, "seed"))) {
		if (t->order != SCN_ORDER_SEEDED)
			return fail(p, v,
			            "'seed' picks the order of 'order: "
			            "seeded'; 'order: free' takes none");
		if (!get_int(p, v, "seed", 0, LLONG_MAX, &seed))
			return false;
		t->has_seed = true;
		t->seed = (uint64_t)seed;
	}
	if ((v = ytree_map_get(n, "mailbox_slots")) &&
	    !get_u32(p, v, "mailbox_slots", 1, SCN_MAX_SLOTS,
	             &t->mailbox_slots))
		return false;
	if ((v = ytree_map_get(n, "clients")) == NULL)
		return fail(p, n, "'threads' needs 'clients'");
	return parse_thread_list(p, v);
}

/** One planned interrupt: `raise`, `after_steps`, `count`. */
static bool parse_irq_plan(struct parser *p, node_t *n, struct scn_irq_plan *q)
{
	static const char *const keys[] = {"raise", "after_steps",
	                                   "after_entries", "count"};
	node_t *v;

	if (!want(p, n, YTREE_MAPPING, "an interrupt") ||
	    !known_keys(p, n, keys, NKEYS(keys), "an interrupt"))
		return false;
	q->loc = loc_of(n);
	q->count = 1;
	if ((v = ytree_map_get(n, "raise")) == NULL)
		return fail(p, n, "an interrupt needs 'raise'");
	if (!get_name(p, v, "raise", &q->irq))
		return false;
	if ((v = ytree_map_get(n, "after_steps")) &&
	    !get_u32(p, v, "after_steps", 0, UINT32_MAX, &q->after_steps))
		return false;
	if ((v = ytree_map_get(n, "after_entries"))) {
		if (ytree_map_get(n, "after_steps"))
			return fail(p, v,
			            "an interrupt is raised either "
			            "'after_steps' or 'after_entries', not "
			            "both");
		if (!get_u32(p, v, "after_entries", 1, UINT32_MAX,
		             &q->after_entries))
			return false;
	}
	v = ytree_map_get(n, "count");
	return v == NULL || get_u32(p, v, "count", 1, SCN_MAX_COUNT, &q->count);
}

/** The `interrupts` plan. */
static bool parse_irqs(struct parser *p, node_t *n)
{
	struct scn_irq_plan *q;
	size_t i;

	if (!want(p, n, YTREE_SEQUENCE, "'interrupts'"))
		return false;
	q = scn_alloc(&p->s->arena, (n->n_kids + 1) * sizeof(*q));
	for (i = 0; i < n->n_kids; i++)
		if (!parse_irq_plan(p, n->kids[i], &q[i]))
			return false;
	p->s->irqs = q;
	p->s->n_irqs = i;
	return true;
}

/* ---------------------------------------------------------- configuration */

static bool parse_backend(struct parser *p, node_t *n)
{
	static const char *const names[] = {"all", "ipc", "sfn"};
	int e;

	p->s->backend_loc = loc_of(n);
	if (!get_enum(p, n, "backend", names, NKEYS(names), &e))
		return false;
	p->s->backend_pinned = e != 0;
	p->s->backends = e == 0 ? SCN_BACKEND_IPC | SCN_BACKEND_SFN
	                        : (e == 1 ? SCN_BACKEND_IPC : SCN_BACKEND_SFN);
	return true;
}

/** `isolation`: a level, a list of levels, or all. */
static bool parse_isolation(struct parser *p, node_t *n)
{
	uint32_t level;

	p->s->level_loc = loc_of(n);
	if (n->kind == YTREE_SCALAR && strcmp(n->text, "all") == 0)
		return true;
	p->s->level_pinned = true;
	if (n->kind != YTREE_SEQUENCE) {
		if (!get_u32(p, n, "isolation", 1, 3, &level))
			return false;
		p->s->levels = SCN_LEVEL(level);
		return true;
	}
	if (n->n_kids == 0)
		return fail(p, n, "'isolation' is empty");
	p->s->levels = 0;
	for (size_t i = 0; i < n->n_kids; i++) {
		if (!get_u32(p, n->kids[i], "isolation", 1, 3, &level))
			return false;
		p->s->levels |= SCN_LEVEL(level);
	}
	return true;
}

/** `config`: the booted system's settings. */
static bool parse_config(struct parser *p, node_t *n)
{
	static const char *const keys[] = {"connections", "panic_policy",
	                                   "mpu_regions", "ns_client_id",
	                                   "storage"};
	static const char *const policies[] = {"reset", "halt"};
	struct scenario *s = p->s;
	long long id;
	node_t *v;
	int e;

	if (!want(p, n, YTREE_MAPPING, "'config'") ||
	    !known_keys(p, n, keys, NKEYS(keys), "'config'"))
		return false;
	if ((v = ytree_map_get(n, "connections")) &&
	    !get_u32(p, v, "connections", 1, SCN_MAX_CONNECTION,
	             &s->connections))
		return false;
	if ((v = ytree_map_get(n, "panic_policy"))) {
		if (!get_enum(p, v, "panic_policy", policies, 2, &e))
			return false;
		s->halt_on_panic = e == 1;
	}
	if ((v = ytree_map_get(n, "mpu_regions"))) {
		if (!get_u32(p, v, "mpu_regions", 8, 16, &s->mpu_regions))
			return false;
		if (s->mpu_regions != 8 && s->mpu_regions != 16)
			return fail(p, v, "'mpu_regions' must be 8 or 16");
	}
	if ((v = ytree_map_get(n, "storage")) &&
	    !get_name(p, v, "storage", &s->storage))
		return false;
	if ((v = ytree_map_get(n, "ns_client_id"))) {
		if (!get_int(p, v, "ns_client_id", INT32_MIN, -1, &id))
			return false;
		s->ns_client_id = (int32_t)id;
	}
	return true;
}

/** `expect: panic`: partition, rule text, API. */
static bool parse_end_panic(struct parser *p, node_t *n)
{
	static const char *const keys[] = {"partition", "rule", "api"};
	struct scn_end *e = &p->s->end;
	node_t *v;

	e->panic = true;
	e->panic_loc = loc_of(n);
	if (!want(p, n, YTREE_MAPPING, "'panic'") ||
	    !known_keys(p, n, keys, NKEYS(keys), "'panic'"))
		return false;
	if ((v = ytree_map_get(n, "partition")) &&
	    !get_name(p, v, "partition", &e->panic_partition))
		return false;
	if ((v = ytree_map_get(n, "rule")) &&
	    !get_str(p, v, "rule", &e->panic_rule))
		return false;
	v = ytree_map_get(n, "api");
	return v == NULL || get_str(p, v, "api", &e->panic_api);
}

/** `expect: fault`: its type, region text and access. */
static bool parse_end_fault(struct parser *p, node_t *n)
{
	static const char *const keys[] = {"type", "region", "access",
	                                   "partition"};
	struct scn_end *e = &p->s->end;
	node_t *v;

	e->fault = true;
	e->fault_loc = loc_of(n);
	if (!want(p, n, YTREE_MAPPING, "'fault'") ||
	    !known_keys(p, n, keys, NKEYS(keys), "'fault'"))
		return false;
	if ((v = ytree_map_get(n, "region")) &&
	    !get_str(p, v, "region", &e->fault_region))
		return false;
	if ((v = ytree_map_get(n, "type")) &&
	    !get_str(p, v, "type", &e->fault_type))
		return false;
	if ((v = ytree_map_get(n, "partition")) &&
	    !get_name(p, v, "partition", &e->fault_partition))
		return false;
	v = ytree_map_get(n, "access");
	return v == NULL || get_str(p, v, "access", &e->fault_access);
}

/** `expect`'s checks of the threads' messages; only with `threads`. */
static bool parse_end_threads(struct parser *p, node_t *n)
{
	static const char *const keys[] = {"replies_once", "order_kept",
	                                   "no_lost_or_duplicate"};
	struct scn_end *e = &p->s->end;
	bool *flags[] = {&e->replies_once, &e->order_kept,
	                 &e->no_lost_or_duplicate};
	node_t *v;
	size_t i;

	for (i = 0; i < NKEYS(keys); i++) {
		if ((v = ytree_map_get(n, keys[i])) == NULL)
			continue;
		if (!p->s->threads.on)
			return fail(p, v,
			            "'%s' checks the messages of 'threads', "
			            "which this scenario has none of",
			            keys[i]);
		if (!get_bool(p, v, keys[i], flags[i]))
			return false;
	}
	return true;
}

/** The top-level `expect`: how the run must end. */
static bool parse_end(struct parser *p, node_t *n)
{
	static const char *const keys[] = {"panic",
	                                   "fault",
	                                   "resets",
	                                   "irqs_taken",
	                                   "replies_once",
	                                   "order_kept",
	                                   "no_lost_or_duplicate"};
	struct scn_end *e = &p->s->end;
	long long v64;
	node_t *v;

	if (!want(p, n, YTREE_MAPPING, "'expect'") ||
	    !known_keys(p, n, keys, NKEYS(keys), "'expect'") ||
	    !parse_end_threads(p, n))
		return false;
	if ((v = ytree_map_get(n, "panic")) && !parse_end_panic(p, v))
		return false;
	if ((v = ytree_map_get(n, "fault")) && !parse_end_fault(p, v))
		return false;
	if ((v = ytree_map_get(n, "resets"))) {
		if (!get_int(p, v, "resets", 0, UINT32_MAX, &v64))
			return false;
		e->resets = v64;
	}
	if ((v = ytree_map_get(n, "irqs_taken"))) {
		if (!get_int(p, v, "irqs_taken", 0, UINT32_MAX, &v64))
			return false;
		e->irqs_taken = v64;
	}
	return true;
}

/** Adds type @name = @value; false (reported at @n) when named twice. */
static bool type_add(struct parser *p, node_t *n, const char *name,
                     int32_t value)
{
	int32_t old;

	if (type_value(p, name, &old))
		return old == value ||
		       fail(p, n, "message type '%.60s' is %d already", name,
		            (int)old);
	if (p->n_types == p->cap_types) {
		struct type_name *m;

		p->cap_types = p->cap_types ? 2 * p->cap_types : 32;
		m = scn_alloc(&p->s->arena, p->cap_types * sizeof(*m));
		if (p->n_types)
			memcpy(m, p->types, p->n_types * sizeof(*m));
		p->types = m;
	}
	p->types[p->n_types++] = (struct type_name){name, value};
	return true;
}

/**
 * The integer a C header's `#define NAME VALUE` line gives, or false: a
 * decimal or hex number, maybe in parentheses, maybe with a u/U suffix, as
 * the partitions' *_api.h files write message types.
 */
static bool define_value(const char *text, long long *v)
{
	char num[32];
	size_t i = 0;
	char *end;

	while (*text == ' ' || *text == '\t' || *text == '(')
		text++;
	if (*text == '-' || (*text >= '0' && *text <= '9'))
		while (i + 1 < sizeof(num) &&
		       (text[i] == '-' || text[i] == 'x' || text[i] == 'X' ||
		        (text[i] >= '0' && text[i] <= '9') ||
		        (text[i] >= 'a' && text[i] <= 'f') ||
		        (text[i] >= 'A' && text[i] <= 'F'))) {
			num[i] = text[i];
			i++;
		}
	num[i] = '\0';
	if (i == 0)
		return false;
	errno = 0;
	*v = strtoll(num, &end, 0);
	text += i;
	while (*text == 'u' || *text == 'U' || *text == ')' || *text == ' ' ||
	       *text == '\t')
		text++;
	return errno == 0 && *end == '\0' && (*text == '\0' || *text == '/');
}

/** Every integer `#define` of header @n (relative to the scenario). */
static bool types_header(struct parser *p, node_t *n)
{
	char line[512], name[128];
	long long v;
	FILE *f;
	int off;
	bool ok = true;

	if (!open_named_file(p, n, &f))
		return false;
	while (ok && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (sscanf(line, " # define %127[A-Za-z0-9_]%n", name, &off) !=
		            1 ||
		    (line[off] != ' ' && line[off] != '\t'))
			continue;
		if (define_value(line + off, &v) && v >= INT32_MIN &&
		    v <= INT32_MAX)
			ok = type_add(p, n, scn_strdup(&p->s->arena, name),
			              (int32_t)v);
	}
	fclose(f);
	return ok;
}

/**
 * `types`: names for message types, as a mapping (KV_SET: 1), a header
 * whose integer #defines name them, or a list of those.
 */
static bool parse_types(struct parser *p, node_t *n)
{
	long long v;
	size_t i;

	if (n->kind == YTREE_SEQUENCE) {
		for (i = 0; i < n->n_kids; i++)
			if (!parse_types(p, n->kids[i]))
				return false;
		return true;
	}
	if (n->kind == YTREE_SCALAR && !ytree_is_null(n))
		return types_header(p, n);
	if (n->kind != YTREE_MAPPING)
		return fail(p, n,
		            "'types' is a mapping of names to numbers, a "
		            "header file, or a list of those");
	for (i = 0; i < ytree_map_size(n); i++) {
		node_t *k = ytree_map_key(n, i), *val = ytree_map_value(n, i);

		if (!get_int(p, val, k->text, INT32_MIN, INT32_MAX, &v) ||
		    !type_add(p, k, k->text, (int32_t)v))
			return false;
	}
	return true;
}

/** Refuses what no build can run: the SFN backend above level 1. */
static bool check_combination(struct parser *p)
{
	struct scenario *s = p->s;

	if (s->backend_pinned && s->backends == SCN_BACKEND_SFN &&
	    s->level_pinned && (s->levels & ~SCN_LEVEL(1)))
		return fail_loc(
		        p, s->level_loc,
		        "the SFN backend runs only at isolation level 1");
	return true;
}

/** `manifest_list`: one list, or a sequence of them. */
static bool parse_lists(struct parser *p, node_t *n)
{
	struct scenario *s = p->s;
	size_t i;

	if (n->kind != YTREE_SEQUENCE) {
		s->n_lists = 1;
		return get_name(p, n, "manifest_list", &s->lists[0]) &&
		       (s->manifest_list = s->lists[0], true);
	}
	if (n->n_kids == 0)
		return fail(p, n, "'manifest_list' is empty");
	if (n->n_kids > SCN_MAX_LISTS)
		return fail(p, n->kids[SCN_MAX_LISTS],
		            "too many manifest lists: at most %u",
		            SCN_MAX_LISTS);
	for (i = 0; i < n->n_kids; i++)
		if (!get_name(p, n->kids[i], "manifest_list", &s->lists[i]))
			return false;
	s->n_lists = n->n_kids;
	s->manifest_list = s->lists[0];
	return true;
}

/**
 * With threads, steps are not played in one order, so an interrupt is
 * planned at the start (`after_steps: 0`) or after SPM entries.
 */
static bool threads_plans_ok(struct parser *p)
{
	size_t k;

	for (k = 0; p->s->threads.on && k < p->s->n_irqs; k++)
		if (p->s->irqs[k].after_steps > 0)
			return fail_loc(
			        p, p->s->irqs[k].loc,
			        "threads play their steps at once: plan "
			        "an interrupt 'after_entries' (or "
			        "'after_steps: 0', at the start)");
	return true;
}

/* --------------------------------------------------------------- the file */

static bool parse_top(struct parser *p, node_t *root)
{
	static const char *const keys[] = {
	        "name",       "description", "manifest_list", "backend",
	        "isolation",  "seed",        "config",        "clients",
	        "interrupts", "expect",      "protection",    "types",
	        "threads"};
	static const char *const modes[] = {NULL, "trap", "check"};
	int e;
	struct scenario *s = p->s;
	long long seed;
	node_t *v;

	if (!known_keys(p, root, keys, NKEYS(keys), "a scenario"))
		return false;
	if ((v = ytree_map_get(root, "name")) &&
	    !get_str(p, v, "name", &s->name))
		return false;
	if ((v = ytree_map_get(root, "description")) &&
	    !get_str(p, v, "description", &s->description))
		return false;
	if ((v = ytree_map_get(root, "manifest_list")) == NULL)
		return fail(p, root, "a scenario needs 'manifest_list'");
	if (!parse_lists(p, v))
		return false;
	if ((v = ytree_map_get(root, "backend")) && !parse_backend(p, v))
		return false;
	if ((v = ytree_map_get(root, "isolation")) && !parse_isolation(p, v))
		return false;
	if (!check_combination(p))
		return false;
	if ((v = ytree_map_get(root, "seed"))) {
		/* strtoll's range: a seed needs no more than 63 bits. */
		if (!get_int(p, v, "seed", 0, LLONG_MAX, &seed))
			return false;
		s->has_seed = true;
		s->seed = (uint64_t)seed;
	}
	if ((v = ytree_map_get(root, "config")) && !parse_config(p, v))
		return false;
	if ((v = ytree_map_get(root, "protection"))) {
		s->protection_loc = loc_of(v);
		if (v->kind != YTREE_SCALAR ||
		    (strcmp(v->text, "trap") && strcmp(v->text, "check")))
			return fail(p, v,
			            "'protection' is 'trap' (page protection: "
			            "stray accesses fault) or 'check' (pointer "
			            "checks only, faster)");
		if (!get_enum(p, v, "protection", modes, NKEYS(modes), &e))
			return false;
		s->protection = (enum scn_protection)e;
	}
	if ((v = ytree_map_get(root, "types")) && !parse_types(p, v))
		return false;
	if ((v = ytree_map_get(root, "threads")) &&
	    ytree_map_get(root, "clients"))
		return fail(p, ytree_map_get(root, "clients"),
		            "a scenario has 'clients' (one non-secure side) "
		            "or 'threads' (several at once), not both");
	if (v && !parse_threads(p, v))
		return false;
	if (v == NULL && (v = ytree_map_get(root, "clients")) == NULL)
		return fail(p, root, "a scenario needs 'clients' or 'threads'");
	if (!s->threads.on && !parse_clients(p, v))
		return false;
	if ((v = ytree_map_get(root, "interrupts")) && !parse_irqs(p, v))
		return false;
	if (!threads_plans_ok(p))
		return false;
	v = ytree_map_get(root, "expect");
	return v == NULL || parse_end(p, v);
}

/** The folder of @path, "." when it has none. */
static const char *dir_of(struct scn_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return ".";
	if (slash == path)
		return "/";
	return scn_strndup(a, path, (size_t)(slash - path));
}

/** The file name of @path without folders and its .yaml/.yml ending. */
static const char *base_name(struct scn_arena *a, const char *path)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 5 && strcmp(b + n - 5, ".yaml") == 0)
		n -= 5;
	else if (n > 4 && strcmp(b + n - 4, ".yml") == 0)
		n -= 4;
	return scn_strndup(a, b, n);
}

/** The YAML loader's problems: the first one is the file's error. */
static void report(void *ctx, const struct ytree_loc *loc, const char *msg)
{
	scn_fail(ctx, loc ? loc->line : 0, loc ? loc->col : 0, "%s", msg);
}

struct scenario *scenario_parse(const char *path, const char *data, size_t len,
                                struct scn_diag *d)
{
	static const struct ytree_limits limits = {
	        .max_size = SCN_YAML_MAX_SIZE,
	        .max_depth = SCN_YAML_MAX_DEPTH,
	};
	struct scenario *s = calloc(1, sizeof(*s));
	struct parser p = {.s = s, .d = d};
	struct ytree_node *root;

	if (s == NULL)
		abort();
	s->path = scn_strdup(&s->arena, path);
	d->file = s->path;
	s->dir = dir_of(&s->arena, s->path);
	s->name = base_name(&s->arena, s->path);
	s->backends = SCN_BACKEND_IPC | SCN_BACKEND_SFN;
	s->levels = SCN_LEVELS_ALL;
	s->end.resets = -1;
	s->end.irqs_taken = -1;
	s->end.replies_once = true;
	s->end.order_kept = true;
	s->end.no_lost_or_duplicate = true;
	root = ytree_parse(s->path, data, len, &limits, report, d);
	s->tree = root;
	if (root == NULL || d->failed || !parse_top(&p, root)) {
		d->file = path;
		scenario_free(s);
		return NULL;
	}
	return s;
}

struct scenario *scenario_load(const char *path, struct scn_diag *d)
{
	struct scenario *s;
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	d->file = path;
	if (f == NULL) {
		scn_fail(d, 0, 0, "cannot read it: %s", strerror(errno));
		return NULL;
	}
	buf = malloc(SCN_YAML_MAX_SIZE + 1);
	if (buf == NULL)
		abort();
	n = fread(buf, 1, SCN_YAML_MAX_SIZE + 1, f);
	if (ferror(f))
		scn_fail(d, 0, 0, "cannot read it: %s", strerror(errno));
	fclose(f);
	s = d->failed ? NULL : scenario_parse(path, buf, n, d);
	free(buf);
	return s;
}

void scenario_free(struct scenario *s)
{
	if (s == NULL)
		return;
	ytree_free(s->tree);
	scn_arena_free(&s->arena);
	free(s);
}
