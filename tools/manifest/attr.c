#include "attr.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct manifest_attr *find_attr(const struct manifest_attr *tab,
                                             size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(tab[i].name, name) == 0)
			return &tab[i];
	return NULL;
}

static const char *version_name(unsigned mask)
{
	return mask == MANIFEST_V10 ? "1.0" : "1.1";
}

/*
 * Attributes that manifests of TF-M releases before 1.7 carry and their
 * generator accepted: the Library model's secure functions and the IRQ
 * priority it set. Such a manifest still builds, with a warning.
 */
static bool is_legacy(const char *name)
{
	static const char *const legacy[] = {"secure_functions",
	                                     "tfm_irq_priority"};
	size_t i;

	for (i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
		if (strcmp(legacy[i], name) == 0)
			return true;
	return false;
}

/** Handles one key/value pair; returns the table bit it used, or 0. */
static uint32_t walk_pair(const struct manifest_attr_ctx *ctx,
                          const struct ytree_node *key,
                          const struct ytree_node *val,
                          const struct manifest_attr *tab, size_t n)
{
	const struct manifest_attr *a = find_attr(tab, n, key->text);
	char subject[128];

	if (a == NULL && ctx->unknown_warns) {
		manifest_diag_warn_at(ctx->diag, &key->loc,
		                      "unknown %s attribute '%.80s' ignored",
		                      ctx->what, key->text);
		return 0;
	}
	if (a == NULL && is_legacy(key->text)) {
		manifest_diag_warn_at(ctx->diag, &key->loc,
		                      "'%s' is an attribute of TF-M releases "
		                      "before 1.7; ignored",
		                      key->text);
		return 0;
	}
	if (a == NULL) {
		if (!manifest_strlist_has(ctx->extra, key->text))
			manifest_diag_at(ctx->diag, &key->loc,
			                 "unknown %s attribute '%.80s'",
			                 ctx->what, key->text);
		else if (strcmp(key->text, "ns_agent") != 0)
			/* ns_agent is read by partition.c. */
			manifest_diag_warn_at(
			        ctx->diag, &key->loc,
			        "non-FF-M attribute '%.80s' is accepted "
			        "(non_ffm_attributes) but not used by spmsim",
			        key->text);
		return 0;
	}
	/* TF-M's generator takes attributes of the other FF-M version and
	 * ignores them (a 1.0 partition is IPC and connection-based). */
	if (ctx->version != 0 && !(a->allowed & ctx->version)) {
		manifest_diag_warn_at(
		        ctx->diag, &key->loc,
		        "attribute '%s' needs psa_framework_version %s; "
		        "ignored",
		        a->name, version_name(a->allowed));
	} else {
		snprintf(subject, sizeof(subject), "attribute '%s'", a->name);
		a->fn(ctx, subject, key, val);
	}
	return 1u << (a - tab);
}

/** Reports the attributes of @tab required here and absent from @map. */
static void check_required(const struct manifest_attr_ctx *ctx,
                           const struct ytree_node *map,
                           const struct manifest_attr *tab, size_t n,
                           uint32_t seen)
{
	bool needed;
	size_t i;

	for (i = 0; i < n; i++) {
		if (ctx->version != 0)
			needed = (tab[i].required & ctx->version) != 0;
		else
			needed = tab[i].required == MANIFEST_VALL;
		if (needed && !(seen & (1u << i)))
			manifest_diag_at(ctx->diag, &map->loc,
			                 "missing required %s attribute '%s'",
			                 ctx->what, tab[i].name);
	}
}

void manifest_attr_walk(const struct manifest_attr_ctx *ctx,
                        const struct ytree_node *map,
                        const struct manifest_attr *tab, size_t n)
{
	uint32_t seen = 0;
	size_t i;

	MANIFEST_CHECK(n <= 32);
	for (i = 0; i < ytree_map_size(map); i++) {
		if (manifest_diag_full(ctx->diag))
			return;
		seen |= walk_pair(ctx, ytree_map_key(map, i),
		                  ytree_map_value(map, i), tab, n);
	}
	check_required(ctx, map, tab, n, seen);
}

static int digit_value(char c, unsigned base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && isxdigit((unsigned char)c))
		return tolower((unsigned char)c) - 'a' + 10;
	return -1;
}

int manifest_parse_number(const char *s, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	bool big = false;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1] != '\0') {
		return -1; /* YAML 1.1 reads 010 as octal: too surprising */
	}
	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		d = digit_value(*s, base);
		if (d < 0)
			return -1;
		if (v > (UINT64_MAX - (unsigned)d) / base)
			big = true;
		else
			v = v * base + (unsigned)d;
	}
	*out = v;
	return big ? 1 : 0;
}

bool manifest_parse_client_id(const char *s, int64_t *out)
{
	bool minus = s[0] == '-';
	uint64_t v;

	if (manifest_parse_number(s + minus, &v) != 0)
		return false;
	if (minus ? v >= 0x80000000u : v < 0x80000000u || v > UINT32_MAX)
		return false;
	*out = minus ? -(int64_t)v : (int64_t)v - 0x100000000;
	return true;
}

static void type_error(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *val, const char *expected)
{
	char got[YTREE_DESC_SIZE];

	ytree_describe(val, got, sizeof(got));
	manifest_diag_at(ctx->diag, &val->loc, "%s must be %s, got %s", subject,
	                 expected, got);
}

static bool is_text(const struct ytree_node *val)
{
	return val->kind == YTREE_SCALAR && !ytree_is_null(val);
}

static void format_bound(char *buf, size_t size, uint64_t v, bool hex)
{
	if (hex)
		snprintf(buf, size, "0x%llX", (unsigned long long)v);
	else
		snprintf(buf, size, "%llu", (unsigned long long)v);
}

bool manifest_attr_u32(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *val,
                       const struct manifest_range *r, uint32_t *out)
{
	char lo[24], hi[24];
	uint64_t v = 0;
	int rc = is_text(val) ? manifest_parse_number(val->text, &v) : -1;

	if (rc < 0) {
		type_error(ctx, subject, val, "an integer (decimal or 0x-hex)");
		return false;
	}
	if (rc > 0 || v < r->min || v > r->max || v > UINT32_MAX) {
		format_bound(lo, sizeof(lo), r->min, r->hex);
		format_bound(hi, sizeof(hi), r->max, r->hex);
		manifest_diag_at(ctx->diag, &val->loc,
		                 "%s must be between %s and %s, got %.40s",
		                 subject, lo, hi, val->text);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

bool manifest_attr_bool(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *val,
                        bool *out)
{
	static const char *const yes[] = {"true", "True", "TRUE"};
	static const char *const no[] = {"false", "False", "FALSE"};
	size_t i;

	for (i = 0; is_text(val) && !val->quoted && i < 3; i++) {
		if (strcmp(val->text, yes[i]) == 0 ||
		    strcmp(val->text, no[i]) == 0) {
			*out = strcmp(val->text, yes[i]) == 0;
			return true;
		}
	}
	type_error(ctx, subject, val, "true or false (unquoted)");
	return false;
}

char *manifest_attr_str(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *val)
{
	if (is_text(val))
		return manifest_xstrdup(val->text);
	type_error(ctx, subject, val, "a string");
	return NULL;
}

char *manifest_attr_ident(const struct manifest_attr_ctx *ctx,
                          const char *subject, const struct ytree_node *val)
{
	if (is_text(val) && manifest_is_ident(val->text))
		return manifest_xstrdup(val->text);
	type_error(ctx, subject, val, "a C identifier");
	return NULL;
}

/** Lists @names as "A", "A or B", "A, B or C". */
static char *enum_choices(const char *const *names)
{
	struct manifest_buf b = {0};
	size_t i;

	for (i = 0; names[i]; i++)
		manifest_buf_printf(&b, "%s%s",
		                    i == 0         ? ""
		                    : names[i + 1] ? ", "
		                                   : " or ",
		                    names[i]);
	return manifest_buf_take(&b);
}

bool manifest_attr_enum(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *val,
                        const char *const *names, int *out)
{
	char *choices;
	int i;

	for (i = 0; is_text(val) && names[i]; i++) {
		if (strcmp(val->text, names[i]) == 0) {
			*out = i;
			return true;
		}
	}
	choices = enum_choices(names);
	type_error(ctx, subject, val, choices);
	free(choices);
	return false;
}

bool manifest_attr_seq(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *val)
{
	if (val->kind == YTREE_SEQUENCE)
		return true;
	type_error(ctx, subject, val, "a sequence");
	return false;
}

bool manifest_attr_map(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *val)
{
	if (val->kind == YTREE_MAPPING)
		return true;
	type_error(ctx, subject, val, "a mapping");
	return false;
}

void manifest_attr_item_subject(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "an item of '%s'", name);
}

void manifest_attr_strlist(const struct manifest_attr_ctx *ctx,
                           const char *name, const struct ytree_node *val,
                           bool ident, struct manifest_strlist *out)
{
	char subject[128], item[128], *s;
	size_t i;

	snprintf(subject, sizeof(subject), "attribute '%s'", name);
	if (!manifest_attr_seq(ctx, subject, val))
		return;
	manifest_attr_item_subject(item, sizeof(item), name);
	for (i = 0; i < val->n_kids; i++) {
		s = ident ? manifest_attr_ident(ctx, item, val->kids[i])
		          : manifest_attr_str(ctx, item, val->kids[i]);
		if (s)
			manifest_strlist_add(out, s);
		free(s);
	}
}
