#include "ytree.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#define TAG_STR    "tag:yaml.org,2002:str"
#define TAG_PREFIX "tag:yaml.org,2002:"

/** What the event loop needs while it builds the tree of one file. */
struct loader {
	const char *file;
	ytree_report_fn *report;
	void *ctx;
	unsigned max_depth;
	struct ytree_node *root;
	struct ytree_node *stack[YTREE_MAX_DEPTH];
	size_t depth;
	unsigned documents;
	/** A problem that stops the load was reported. */
	bool failed;
};

/** Zeroed memory; out of memory ends the program (a host tool's choice). */
static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL) {
		fputs("out of memory\n", stderr);
		abort();
	}
	return p;
}

static struct ytree_loc mark_loc(const struct loader *ld,
                                 const yaml_mark_t *mark)
{
	struct ytree_loc loc = {ld->file, (unsigned)mark->line + 1,
	                        (unsigned)mark->column + 1};

	return loc;
}

/** Reports a problem at @loc (NULL: none) formatted from @fmt. */
static void say(struct loader *ld, const struct ytree_loc *loc, const char *fmt,
                ...) __attribute__((format(printf, 3, 4)));

static void say(struct loader *ld, const struct ytree_loc *loc, const char *fmt,
                ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ld->report(ld->ctx, loc, msg);
}

/** A problem that stops the load, at @mark. */
static void fail_at(struct loader *ld, const yaml_mark_t *mark, const char *msg)
{
	struct ytree_loc loc = mark_loc(ld, mark);

	say(ld, &loc, "%s", msg);
	ld->failed = true;
}

/** The line and column (in characters) of byte @offset of @data. */
static struct ytree_loc offset_loc(const char *file, const char *data,
                                   size_t len, size_t offset)
{
	struct ytree_loc loc = {file, 1, 1};
	size_t i;

	for (i = 0; i < offset && i < len; i++) {
		if (data[i] == '\n') {
			loc.line++;
			loc.col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			loc.col++;
		}
	}
	return loc;
}

/** Reports why libyaml stopped: bad bytes, or bad YAML syntax. */
static void parser_error(struct loader *ld, const yaml_parser_t *p,
                         const char *data, size_t len)
{
	const char *problem = p->problem ? p->problem : "unknown problem";
	struct ytree_loc loc;

	ld->failed = true;
	if (p->error == YAML_MEMORY_ERROR) {
		say(ld, NULL, "out of memory while parsing");
	} else if (p->error == YAML_READER_ERROR) {
		loc = offset_loc(ld->file, data, len, p->problem_offset);
		if (p->problem_value >= 0)
			say(ld, &loc, "invalid YAML input: %s (0x%02X)",
			    problem, (unsigned)p->problem_value);
		else
			say(ld, &loc, "invalid YAML input: %s", problem);
	} else {
		loc = mark_loc(ld, &p->problem_mark);
		if (p->context)
			say(ld, &loc,
			    "YAML syntax error: %s (%s at line %zu, column "
			    "%zu)",
			    problem, p->context, p->context_mark.line + 1,
			    p->context_mark.column + 1);
		else
			say(ld, &loc, "YAML syntax error: %s", problem);
	}
}

static struct ytree_node *
node_new(const struct loader *ld, enum ytree_kind kind, const yaml_mark_t *mark)
{
	struct ytree_node *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->loc = mark_loc(ld, mark);
	return n;
}

static void node_add(struct ytree_node *parent, struct ytree_node *kid)
{
	if (parent->n_kids == parent->cap) {
		size_t cap = parent->cap ? 2 * parent->cap : 8;
		struct ytree_node **kids;

		if (cap > SIZE_MAX / sizeof(*kids))
			abort();
		kids = realloc(parent->kids, cap * sizeof(*kids));
		if (kids == NULL) {
			fputs("out of memory\n", stderr);
			abort();
		}
		parent->kids = kids;
		parent->cap = cap;
	}
	parent->kids[parent->n_kids++] = kid;
}

void ytree_free(struct ytree_node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n_kids; i++)
		ytree_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

/** Hangs @n under the open container, or makes it the root. */
static bool attach(struct loader *ld, struct ytree_node *n)
{
	struct ytree_node *parent;

	if (ld->depth == 0) {
		ld->root = n;
		return true;
	}
	parent = ld->stack[ld->depth - 1];
	if (parent->kind == YTREE_MAPPING && parent->n_kids % 2 == 0 &&
	    n->kind != YTREE_SCALAR) {
		say(ld, &n->loc, "a mapping key must be a scalar");
		ld->failed = true;
		ytree_free(n);
		return false;
	}
	node_add(parent, n);
	return true;
}

/** Decides whether a scalar is a sure string from its style and tag. */
static bool scalar_quoted(struct loader *ld, const yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	char msg[160];

	if (tag == NULL)
		return ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	if (strcmp(tag, "!") == 0 || strcmp(tag, TAG_STR) == 0)
		return true;
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) == 0)
		return false;
	snprintf(msg, sizeof(msg), "unsupported YAML tag '%.100s'", tag);
	fail_at(ld, &ev->start_mark, msg);
	return false;
}

static void on_scalar(struct loader *ld, const yaml_event_t *ev)
{
	const char *value = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct ytree_node *n;

	if (memchr(value, '\0', len) != NULL) {
		fail_at(ld, &ev->start_mark, "a NUL character in a string");
		return;
	}
	n = node_new(ld, YTREE_SCALAR, &ev->start_mark);
	n->text = xcalloc(1, len + 1);
	memcpy(n->text, value, len);
	n->quoted = scalar_quoted(ld, ev);
	if (ld->failed)
		ytree_free(n);
	else
		attach(ld, n);
}

static void on_open(struct loader *ld, const yaml_event_t *ev,
                    enum ytree_kind kind)
{
	struct ytree_node *n;
	char msg[80];

	if (ld->depth == ld->max_depth) {
		snprintf(msg, sizeof(msg), "nesting deeper than %u levels",
		         ld->max_depth);
		fail_at(ld, &ev->start_mark, msg);
		return;
	}
	n = node_new(ld, kind, &ev->start_mark);
	if (attach(ld, n))
		ld->stack[ld->depth++] = n;
}

/** A key and where it is, for finding duplicates by sorting. */
struct key_ref {
	const char *text;
	size_t pair;
};

static int key_ref_cmp(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	int c = strcmp(x->text, y->text);

	if (c != 0)
		return c;
	return x->pair < y->pair ? -1 : x->pair > y->pair;
}

/**
 * Finds repeated keys: first[i] is the pair that first used the key of pair
 * i, or i itself. Sorting keeps a huge mapping fast.
 */
static size_t *first_uses(const struct ytree_node *map, size_t pairs)
{
	struct key_ref *refs = xcalloc(pairs, sizeof(*refs));
	size_t *first = xcalloc(pairs, sizeof(*first));
	size_t i, group = 0;

	for (i = 0; i < pairs; i++) {
		refs[i].text = map->kids[2 * i]->text;
		refs[i].pair = i;
	}
	if (pairs > 1) /* qsort must not see the null base of an empty map */
		qsort(refs, pairs, sizeof(*refs), key_ref_cmp);
	for (i = 0; i < pairs; i++) {
		if (i == 0 || strcmp(refs[i].text, refs[group].text) != 0)
			group = i;
		first[refs[i].pair] = refs[group].pair;
	}
	free(refs);
	return first;
}

/** Reports every repeated key of @map and drops its pair. */
static void drop_duplicate_keys(struct loader *ld, struct ytree_node *map)
{
	size_t pairs = map->n_kids / 2, i, kept = 0;
	const struct ytree_node *orig;
	size_t *first;

	if (pairs < 2)
		return;
	first = first_uses(map, pairs);
	for (i = 0; i < pairs; i++) {
		if (first[i] == i) {
			map->kids[2 * kept] = map->kids[2 * i];
			map->kids[2 * kept + 1] = map->kids[2 * i + 1];
			kept++;
			continue;
		}
		orig = map->kids[2 * first[i]];
		say(ld, &map->kids[2 * i]->loc,
		    "duplicate key '%.60s' (first at line %u)", orig->text,
		    orig->loc.line);
		ytree_free(map->kids[2 * i]);
		ytree_free(map->kids[2 * i + 1]);
	}
	map->n_kids = 2 * kept;
	free(first);
}

static void on_close(struct loader *ld)
{
	struct ytree_node *n = ld->stack[--ld->depth];

	if (n->kind == YTREE_MAPPING)
		drop_duplicate_keys(ld, n);
}

static void on_event(struct loader *ld, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (ld->documents++ > 0)
			fail_at(ld, &ev->start_mark,
			        "more than one YAML document in the file");
		break;
	case YAML_SCALAR_EVENT:
		on_scalar(ld, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		on_open(ld, ev, YTREE_SEQUENCE);
		break;
	case YAML_MAPPING_START_EVENT:
		on_open(ld, ev, YTREE_MAPPING);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_close(ld);
		break;
	case YAML_ALIAS_EVENT:
		fail_at(ld, &ev->start_mark, "YAML aliases are not supported");
		break;
	default:
		break;
	}
}

/** Runs the parser over @data until the end of the stream or an error. */
static void parse(struct loader *ld, const char *data, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	bool end = false;

	if (!yaml_parser_initialize(&p)) {
		say(ld, NULL, "out of memory while parsing");
		ld->failed = true;
		return;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	/* Inputs are UTF-8; guessing UTF-16 from garbage helps nobody. */
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!end && !ld->failed) {
		if (!yaml_parser_parse(&p, &ev)) {
			parser_error(ld, &p, data, len);
			break;
		}
		end = ev.type == YAML_STREAM_END_EVENT;
		on_event(ld, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
}

/** Checks that the document is a mapping; frees it and reports if not. */
static struct ytree_node *top_mapping(struct loader *ld)
{
	struct ytree_loc start = {ld->file, 1, 1};
	char what[YTREE_DESC_SIZE];

	if (ld->failed) {
		/* A failure inside leaves the open containers under the
		 * root, which frees them all. */
		ytree_free(ld->root);
		return NULL;
	}
	if (ld->root == NULL || ytree_is_null(ld->root)) {
		say(ld, &start, "empty file; expected a mapping");
	} else if (ld->root->kind != YTREE_MAPPING) {
		ytree_describe(ld->root, what, sizeof(what));
		say(ld, &ld->root->loc,
		    "the top level must be a mapping, not %s", what);
	} else {
		return ld->root;
	}
	ytree_free(ld->root);
	return NULL;
}

struct ytree_node *ytree_parse(const char *file, const char *data, size_t len,
                               const struct ytree_limits *limits,
                               ytree_report_fn *report, void *ctx)
{
	struct loader ld = {
	        .file = file,
	        .report = report,
	        .ctx = ctx,
	        .max_depth = limits->max_depth < YTREE_MAX_DEPTH
	                             ? limits->max_depth
	                             : YTREE_MAX_DEPTH,
	};

	if (len > limits->max_size) {
		say(&ld, NULL, "larger than %zu bytes", limits->max_size);
		return NULL;
	}
	parse(&ld, data, len);
	return top_mapping(&ld);
}

size_t ytree_map_size(const struct ytree_node *n)
{
	return n->kind == YTREE_MAPPING ? n->n_kids / 2 : 0;
}

const struct ytree_node *ytree_map_key(const struct ytree_node *n, size_t i)
{
	return n->kids[2 * i];
}

const struct ytree_node *ytree_map_value(const struct ytree_node *n, size_t i)
{
	return n->kids[2 * i + 1];
}

const struct ytree_node *ytree_map_get(const struct ytree_node *n,
                                       const char *key)
{
	size_t i;

	for (i = 0; i < ytree_map_size(n); i++)
		if (strcmp(ytree_map_key(n, i)->text, key) == 0)
			return ytree_map_value(n, i);
	return NULL;
}

bool ytree_is_null(const struct ytree_node *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	size_t i;

	if (n->kind != YTREE_SCALAR || n->quoted)
		return false;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->text, nulls[i]) == 0)
			return true;
	return false;
}

/**
 * Copies @text quoted by @q into @buf: at most 40 characters, control
 * bytes escaped, "..." when cut.
 */
static void describe_text(const char *text, char q, char *buf, size_t size)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, o = 0, chars = 0;

	/* Room for an escape, "...", the quote and the NUL at every step. */
	if (size < 16) {
		snprintf(buf, size, "%c%c", q, q);
		return;
	}
	buf[o++] = q;
	for (i = 0; s[i] && chars < 40 && o + 10 < size; i++) {
		if (s[i] < 0x20 || s[i] == 0x7F)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02X",
			                      s[i]);
		else
			buf[o++] = (char)s[i];
		if ((s[i + 1] & 0xC0) != 0x80)
			chars++;
	}
	if (s[i]) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = q;
	buf[o] = '\0';
}

void ytree_describe(const struct ytree_node *n, char *buf, size_t size)
{
	if (n->kind == YTREE_MAPPING)
		snprintf(buf, size, "a mapping");
	else if (n->kind == YTREE_SEQUENCE)
		snprintf(buf, size, "a sequence");
	else if (ytree_is_null(n))
		snprintf(buf, size, "null");
	else
		describe_text(n->text, n->quoted ? '"' : '\'', buf, size);
}
