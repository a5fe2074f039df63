#include "scn_yaml.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#define TAG_STR    "tag:yaml.org,2002:str"
#define TAG_PREFIX "tag:yaml.org,2002:"
/* No scenario mapping has more keys; it also keeps the duplicate check cheap.
 */
#define MAX_KEYS   64u

/** One allocation of an arena, with the link to the previous one. */
struct scn_block {
	struct scn_block *next;
	max_align_t data[];
};

void *scn_alloc(struct scn_arena *a, size_t size)
{
	struct scn_block *b;

	if (size > SIZE_MAX - sizeof(*b))
		abort();
	b = calloc(1, sizeof(*b) + size);
	if (b == NULL) {
		fputs("spmsim: out of memory\n", stderr);
		abort();
	}
	b->next = a->head;
	a->head = b;
	return b->data;
}

char *scn_strndup(struct scn_arena *a, const char *s, size_t n)
{
	char *p = scn_alloc(a, n + 1);

	memcpy(p, s, n);
	return p;
}

char *scn_strdup(struct scn_arena *a, const char *s)
{
	return scn_strndup(a, s, strlen(s));
}

void scn_arena_free(struct scn_arena *a)
{
	while (a->head) {
		struct scn_block *b = a->head;

		a->head = b->next;
		free(b);
	}
}

void scn_vfail(struct scn_diag *d, unsigned line, unsigned col, const char *fmt,
               va_list ap)
{
	char msg[SCN_ERROR_SIZE / 2];

	if (d->failed)
		return;
	d->failed = true;
	d->line = line;
	d->col = col;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (line > 0)
		snprintf(d->text, sizeof(d->text), "%.200s:%u:%u: error: %s",
		         d->file, line, col, msg);
	else
		snprintf(d->text, sizeof(d->text), "%.200s: error: %s", d->file,
		         msg);
}

void scn_fail(struct scn_diag *d, unsigned line, unsigned col, const char *fmt,
              ...)
{
	va_list ap;

	va_start(ap, fmt);
	scn_vfail(d, line, col, fmt, ap);
	va_end(ap);
}

/** What the event loop needs while it builds the tree. */
struct loader {
	struct scn_arena *arena;
	struct scn_diag *diag;
	struct scn_node *root;
	struct scn_node *stack[SCN_YAML_MAX_DEPTH];
	size_t depth;
	unsigned documents;
};

static void fail_mark(struct loader *ld, const yaml_mark_t *m, const char *msg)
{
	scn_fail(ld->diag, (unsigned)m->line + 1, (unsigned)m->column + 1, "%s",
	         msg);
}

/** The line and column (in characters) of byte @offset of @data. */
static void offset_loc(const char *data, size_t len, size_t offset,
                       unsigned *line, unsigned *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < offset && i < len; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/** Reports why libyaml stopped: bad bytes, or bad YAML syntax. */
static void parser_error(struct loader *ld, const yaml_parser_t *p,
                         const char *data, size_t len)
{
	const char *problem = p->problem ? p->problem : "unknown problem";
	unsigned line, col;

	if (p->error == YAML_MEMORY_ERROR) {
		scn_fail(ld->diag, 0, 0, "out of memory while parsing");
	} else if (p->error == YAML_READER_ERROR) {
		offset_loc(data, len, p->problem_offset, &line, &col);
		scn_fail(ld->diag, line, col, "invalid YAML input: %s",
		         problem);
	} else if (p->context) {
		scn_fail(ld->diag, (unsigned)p->problem_mark.line + 1,
		         (unsigned)p->problem_mark.column + 1,
		         "YAML syntax error: %s (%s at line %zu, column %zu)",
		         problem, p->context, p->context_mark.line + 1,
		         p->context_mark.column + 1);
	} else {
		scn_fail(ld->diag, (unsigned)p->problem_mark.line + 1,
		         (unsigned)p->problem_mark.column + 1,
		         "YAML syntax error: %s", problem);
	}
}

static struct scn_node *node_new(struct loader *ld, enum scn_node_kind kind,
                                 const yaml_mark_t *mark)
{
	struct scn_node *n = scn_alloc(ld->arena, sizeof(*n));

	n->kind = kind;
	n->line = (unsigned)mark->line + 1;
	n->col = (unsigned)mark->column + 1;
	return n;
}

/** Checks a new key of @map against the keys it already has. */
static bool key_ok(struct loader *ld, const struct scn_node *map,
                   const struct scn_node *key)
{
	const struct scn_node *k;

	if (key->kind != SCN_NODE_SCALAR) {
		scn_fail(ld->diag, key->line, key->col,
		         "a mapping key must be a scalar");
		return false;
	}
	if (map->n_kids / 2 >= MAX_KEYS) {
		scn_fail(ld->diag, key->line, key->col,
		         "more than %u keys in one mapping", MAX_KEYS);
		return false;
	}
	for (k = map->first; k; k = k->next ? k->next->next : NULL) {
		if (strcmp(k->text, key->text) == 0) {
			scn_fail(ld->diag, key->line, key->col,
			         "duplicate key '%.60s' (first at line %u)",
			         key->text, k->line);
			return false;
		}
	}
	return true;
}

/** Hangs @n under the open container, or makes it the root. */
static bool attach(struct loader *ld, struct scn_node *n)
{
	struct scn_node *parent;

	if (ld->depth == 0) {
		ld->root = n;
		return true;
	}
	parent = ld->stack[ld->depth - 1];
	if (parent->kind == SCN_NODE_MAPPING && parent->n_kids % 2 == 0 &&
	    !key_ok(ld, parent, n))
		return false;
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	parent->n_kids++;
	return true;
}

/** Decides whether a scalar is surely a string from its style and tag. */
static bool scalar_quoted(struct loader *ld, const yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;

	if (tag == NULL)
		return ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	if (strcmp(tag, "!") == 0 || strcmp(tag, TAG_STR) == 0)
		return true;
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) != 0)
		scn_fail(ld->diag, (unsigned)ev->start_mark.line + 1,
		         (unsigned)ev->start_mark.column + 1,
		         "unsupported YAML tag '%.60s'", tag);
	return false;
}

static void on_scalar(struct loader *ld, const yaml_event_t *ev)
{
	const char *value = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct scn_node *n;

	if (memchr(value, '\0', len) != NULL) {
		fail_mark(ld, &ev->start_mark, "a NUL character in a string");
		return;
	}
	n = node_new(ld, SCN_NODE_SCALAR, &ev->start_mark);
	n->text = scn_strndup(ld->arena, value, len);
	n->quoted = scalar_quoted(ld, ev);
	if (!ld->diag->failed)
		attach(ld, n);
}

static void on_open(struct loader *ld, const yaml_event_t *ev,
                    enum scn_node_kind kind)
{
	struct scn_node *n;
	char msg[64];

	if (ld->depth == SCN_YAML_MAX_DEPTH) {
		snprintf(msg, sizeof(msg), "nesting deeper than %u levels",
		         SCN_YAML_MAX_DEPTH);
		fail_mark(ld, &ev->start_mark, msg);
		return;
	}
	n = node_new(ld, kind, &ev->start_mark);
	if (attach(ld, n))
		ld->stack[ld->depth++] = n;
}

static void on_event(struct loader *ld, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (ld->documents++ > 0)
			fail_mark(ld, &ev->start_mark,
			          "more than one YAML document in the file");
		break;
	case YAML_SCALAR_EVENT:
		on_scalar(ld, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		on_open(ld, ev, SCN_NODE_SEQUENCE);
		break;
	case YAML_MAPPING_START_EVENT:
		on_open(ld, ev, SCN_NODE_MAPPING);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		ld->depth--;
		break;
	case YAML_ALIAS_EVENT:
		fail_mark(ld, &ev->start_mark,
		          "YAML aliases are not supported");
		break;
	default:
		break;
	}
}

/** Runs libyaml over @data until the end of the stream or an error. */
static void parse(struct loader *ld, const char *data, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	bool end = false;

	if (!yaml_parser_initialize(&p)) {
		scn_fail(ld->diag, 0, 0, "out of memory while parsing");
		return;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	/* Scenarios are UTF-8; guessing UTF-16 from garbage helps nobody. */
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!end && !ld->diag->failed) {
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

struct scn_node *scn_yaml_parse(const char *data, size_t len,
                                struct scn_arena *a, struct scn_diag *d)
{
	struct loader ld = {a, d, NULL, {NULL}, 0, 0};
	char what[80];

	if (len > SCN_YAML_MAX_SIZE) {
		scn_fail(d, 0, 0, "larger than %u bytes", SCN_YAML_MAX_SIZE);
		return NULL;
	}
	parse(&ld, data, len);
	if (d->failed)
		return NULL;
	if (ld.root == NULL || scn_node_is_null(ld.root)) {
		scn_fail(d, 1, 1, "empty file; expected a mapping");
		return NULL;
	}
	if (ld.root->kind != SCN_NODE_MAPPING) {
		scn_node_describe(ld.root, what, sizeof(what));
		scn_fail(d, ld.root->line, ld.root->col,
		         "the top level must be a mapping, not %s", what);
		return NULL;
	}
	return ld.root;
}

const struct scn_node *scn_map_get(const struct scn_node *map, const char *key)
{
	const struct scn_node *k;

	if (map->kind != SCN_NODE_MAPPING)
		return NULL;
	for (k = map->first; k && k->next; k = k->next->next)
		if (strcmp(k->text, key) == 0)
			return k->next;
	return NULL;
}

bool scn_node_is_null(const struct scn_node *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	size_t i;

	if (n->kind != SCN_NODE_SCALAR || n->quoted)
		return false;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->text, nulls[i]) == 0)
			return true;
	return false;
}

void scn_node_describe(const struct scn_node *n, char *buf, size_t size)
{
	const unsigned char *s;
	size_t i, o = 0;
	char q;

	if (n->kind != SCN_NODE_SCALAR || scn_node_is_null(n)) {
		snprintf(buf, size, "%s",
		         n->kind == SCN_NODE_MAPPING    ? "a mapping"
		         : n->kind == SCN_NODE_SEQUENCE ? "a sequence"
		                                        : "null");
		return;
	}
	q = n->quoted ? '"' : '\'';
	s = (const unsigned char *)n->text;
	buf[o++] = q;
	for (i = 0; s[i] && o + 10 < size && i < 40; i++) {
		if (s[i] < 0x20 || s[i] == 0x7F)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02X",
			                      s[i]);
		else
			buf[o++] = (char)s[i];
	}
	if (s[i] && o + 5 < size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = q;
	buf[o] = '\0';
}
