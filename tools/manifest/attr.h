/*
 * Attribute tables and typed values.
 *
 * Every mapping of a list or a manifest is read the same way: a table names
 * the attributes it may hold, the FF-M versions each one exists in and is
 * required in, and the function that stores its value. The walker reports
 * unknown, misplaced and missing attributes; the value readers report wrong
 * types and out-of-range values. All messages name the attribute and point
 * at the offending node.
 */
#ifndef MANIFEST_ATTR_H
#define MANIFEST_ATTR_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "model.h"
#include "yaml_doc.h"

/** FF-M versions, as bits of a table's masks. */
#define MANIFEST_V10  1u
#define MANIFEST_V11  2u
#define MANIFEST_VALL (MANIFEST_V10 | MANIFEST_V11)

struct manifest_attr_ctx {
	struct manifest_diag *diag;
	/** MANIFEST_V10 or MANIFEST_V11; 0 when unknown: no version checks. */
	unsigned version;
	/** Names the list entry allows besides FF-M's (non_ffm_attributes). */
	const struct manifest_strlist *extra;
	/** The kind of mapping, for messages: "partition", "service"... */
	const char *what;
	/** What the attribute functions fill in. */
	void *obj;
	/** Unknown attributes are warned about, not refused (manifest lists:
	 *  TF-M's generator ignores keys it does not read). */
	bool unknown_warns;
};

/**
 * Stores one attribute. @subject names it for messages ("attribute 'sid'"),
 * @key is its key node, @val its value.
 */
typedef void (*manifest_attr_fn)(const struct manifest_attr_ctx *ctx,
                                 const char *subject,
                                 const struct ytree_node *key,
                                 const struct ytree_node *val);

struct manifest_attr {
	const char *name;
	/** Versions in which the attribute exists. */
	unsigned allowed;
	/** Versions in which it must be present. */
	unsigned required;
	manifest_attr_fn fn;
};

/** Walks mapping @map through table @tab of @n attributes. */
void manifest_attr_walk(const struct manifest_attr_ctx *ctx,
                        const struct ytree_node *map,
                        const struct manifest_attr *tab, size_t n);

/** Accepted integers: min..max, shown in hex or in decimal in messages. */
struct manifest_range {
	uint64_t min;
	uint64_t max;
	bool hex;
};

/** Parses a decimal or 0x-hex integer; 0 ok, -1 not a number, 1 too big. */
int manifest_parse_number(const char *s, uint64_t *out);

/**
 * Parses a client id as TF-M's generator does: "-0x0400FFFF" (a minus
 * sign, then less than 0x80000000) or "0xFBFF0001" (no sign, the top bit
 * set). False when it is not a 32-bit negative integer.
 */
bool manifest_parse_client_id(const char *s, int64_t *out);

/** Reads an integer within @r: a YAML int or a quoted number. */
bool manifest_attr_u32(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *val,
                       const struct manifest_range *r, uint32_t *out);
/** Reads an unquoted true/True/TRUE/false/False/FALSE. */
bool manifest_attr_bool(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *val,
                        bool *out);
/** Reads any non-null scalar as text; NULL after an error. */
char *manifest_attr_str(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *val);
/** Reads a C identifier; NULL after an error. */
char *manifest_attr_ident(const struct manifest_attr_ctx *ctx,
                          const char *subject, const struct ytree_node *val);
/** Reads one of the NULL-terminated @names; stores its index. */
bool manifest_attr_enum(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *val,
                        const char *const *names, int *out);
/** Checks that @val is a sequence. */
bool manifest_attr_seq(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *val);
/** Checks that @val (an item of a sequence) is a mapping. */
bool manifest_attr_map(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *val);
/** Reads attribute @name, a sequence of strings (C identifiers when
 *  @ident), into @out. */
void manifest_attr_strlist(const struct manifest_attr_ctx *ctx,
                           const char *name, const struct ytree_node *val,
                           bool ident, struct manifest_strlist *out);
/** Formats "an item of 'NAME'" into @buf, the subject of a list item. */
void manifest_attr_item_subject(char *buf, size_t size, const char *name);

#endif /* MANIFEST_ATTR_H */
