#include "yaml_doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#define TAG_STR    "tag:yaml.org,2002:str"
#define TAG_PREFIX "tag:yaml.org,2002:"

/** What the event loop needs while it builds the tree of one file. */
struct loader {
	const char *file;
	struct manifest_diag *diag;
	struct manifest_node *root;
	struct manifest_node *stack[MANIFEST_YAML_MAX_DEPTH];
	size_t depth;
	unsigned documents;
	bool failed;
};

/** Reads the whole file; 0 or an errno value. */
static int read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n = 0, got;
	char *buf = NULL;
	int err = 0;

	if (f == NULL)
		return errno;
	do {
		if (cap - n < 4096) {
			cap = cap ? 2 * cap : 64 * 1024;
			buf = manifest_xrealloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0 && n <= MANIFEST_YAML_MAX_SIZE);
	if (ferror(f))
		err = errno ? errno : EIO;
	else if (n > MANIFEST_YAML_MAX_SIZE)
		err = EFBIG;
	fclose(f);
	*data = buf;
	*len = n;
	return err;
}

static struct manifest_loc mark_loc(const struct loader *ld,
                                    const yaml_mark_t *mark)
{
	struct manifest_loc loc = {ld->file, (unsigned)mark->line + 1,
	                           (unsigned)mark->column + 1};

	return loc;
}

static void fail_at(struct loader *ld, const yaml_mark_t *mark, const char *msg)
{
	struct manifest_loc loc = mark_loc(ld, mark);

	manifest_diag_at(ld->diag, &loc, "%s", msg);
	ld->failed = true;
}

/** The line and column (in characters) of byte @offset of @data. */
static struct manifest_loc offset_loc(const char *file, const char *data,
                                      size_t len, size_t offset)
{
	struct manifest_loc loc = {file, 1, 1};
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
	struct manifest_loc loc;

	MANIFEST_CHECK(p->error != YAML_MEMORY_ERROR);
	ld->failed = true;
	if (p->error == YAML_READER_ERROR) {
		loc = offset_loc(ld->file, data, len, p->problem_offset);
		if (p->problem_value >= 0)
			manifest_diag_at(ld->diag, &loc,
			                 "invalid YAML input: %s (0x%02X)",
			                 problem, (unsigned)p->problem_value);
		else
			manifest_diag_at(ld->diag, &loc,
			                 "invalid YAML input: %s", problem);
		return;
	}
	loc = mark_loc(ld, &p->problem_mark);
	if (p->context)
		manifest_diag_at(ld->diag, &loc,
		                 "YAML syntax error: %s (%s at line %zu, "
		                 "column %zu)",
		                 problem, p->context, p->context_mark.line + 1,
		                 p->context_mark.column + 1);
	else
		manifest_diag_at(ld->diag, &loc, "YAML syntax error: %s",
		                 problem);
}

static struct manifest_node *node_new(const struct loader *ld,
                                      enum manifest_node_kind kind,
                                      const yaml_mark_t *mark)
{
	struct manifest_node *n = manifest_xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->loc = mark_loc(ld, mark);
	return n;
}

static void node_add(struct manifest_node *parent, struct manifest_node *kid)
{
	parent->kids = manifest_grow(parent->kids, &parent->cap, parent->n_kids,
	                             sizeof(*parent->kids));
	parent->kids[parent->n_kids++] = kid;
}

void manifest_node_free(struct manifest_node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n_kids; i++)
		manifest_node_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

/** Hangs @n under the open container, or makes it the root. */
static bool attach(struct loader *ld, struct manifest_node *n)
{
	struct manifest_node *parent;

	if (ld->depth == 0) {
		ld->root = n;
		return true;
	}
	parent = ld->stack[ld->depth - 1];
	if (parent->kind == MANIFEST_NODE_MAPPING && parent->n_kids % 2 == 0 &&
	    n->kind != MANIFEST_NODE_SCALAR) {
		manifest_diag_at(ld->diag, &n->loc,
		                 "a mapping key must be a scalar");
		ld->failed = true;
		manifest_node_free(n);
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
	struct manifest_node *n;

	if (memchr(value, '\0', len) != NULL) {
		fail_at(ld, &ev->start_mark, "a NUL character in a string");
		return;
	}
	n = node_new(ld, MANIFEST_NODE_SCALAR, &ev->start_mark);
	n->text = manifest_xstrndup(value, len);
	n->quoted = scalar_quoted(ld, ev);
	if (ld->failed)
		manifest_node_free(n);
	else
		attach(ld, n);
}

static void on_open(struct loader *ld, const yaml_event_t *ev,
                    enum manifest_node_kind kind)
{
	struct manifest_node *n;
	char msg[80];

	if (ld->depth == MANIFEST_YAML_MAX_DEPTH) {
		snprintf(msg, sizeof(msg), "nesting deeper than %u levels",
		         MANIFEST_YAML_MAX_DEPTH);
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
static size_t *first_uses(const struct manifest_node *map, size_t pairs)
{
	struct key_ref *refs = manifest_xmalloc(pairs * sizeof(*refs));
	size_t *first = manifest_xmalloc(pairs * sizeof(*first));
	size_t i, group = 0;

	for (i = 0; i < pairs; i++) {
		refs[i].text = map->kids[2 * i]->text;
		refs[i].pair = i;
	}
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
static void drop_duplicate_keys(struct loader *ld, struct manifest_node *map)
{
	size_t pairs = map->n_kids / 2, i, kept = 0;
	const struct manifest_node *orig;
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
		manifest_diag_at(ld->diag, &map->kids[2 * i]->loc,
		                 "duplicate key '%s' (first at line %u)",
		                 orig->text, orig->loc.line);
		manifest_node_free(map->kids[2 * i]);
		manifest_node_free(map->kids[2 * i + 1]);
	}
	map->n_kids = 2 * kept;
	free(first);
}

static void on_close(struct loader *ld)
{
	struct manifest_node *n = ld->stack[--ld->depth];

	if (n->kind == MANIFEST_NODE_MAPPING)
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
		on_open(ld, ev, MANIFEST_NODE_SEQUENCE);
		break;
	case YAML_MAPPING_START_EVENT:
		on_open(ld, ev, MANIFEST_NODE_MAPPING);
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

	MANIFEST_CHECK(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	/* Manifests are UTF-8; guessing UTF-16 from garbage helps nobody. */
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
static struct manifest_node *top_mapping(struct loader *ld)
{
	struct manifest_loc start = {ld->file, 1, 1};
	char what[MANIFEST_DESC_SIZE];

	if (ld->failed) {
		manifest_node_free(ld->root);
		return NULL;
	}
	if (ld->root == NULL || manifest_node_is_null(ld->root)) {
		manifest_diag_at(ld->diag, &start,
		                 "empty file; expected a mapping");
	} else if (ld->root->kind != MANIFEST_NODE_MAPPING) {
		manifest_node_describe(ld->root, what, sizeof(what));
		manifest_diag_at(ld->diag, &ld->root->loc,
		                 "the top level must be a mapping, got %s",
		                 what);
	} else {
		return ld->root;
	}
	manifest_node_free(ld->root);
	return NULL;
}

static void read_error(const char *path, const struct manifest_loc *ref,
                       struct manifest_diag *diag, int err)
{
	if (ref)
		manifest_diag_at(diag, ref, "cannot read manifest '%s': %s",
		                 path, strerror(err));
	else
		manifest_diag_error(diag, "cannot read manifest list '%s': %s",
		                    path, strerror(err));
}

struct manifest_node *manifest_yaml_load(const char *path,
                                         const struct manifest_loc *ref,
                                         struct manifest_diag *diag)
{
	struct loader ld = {path, diag, NULL, {NULL}, 0, 0, false};
	char *data = NULL;
	size_t len = 0;
	int err = read_file(path, &data, &len);

	if (err != 0) {
		read_error(path, ref, diag, err);
		free(data);
		return NULL;
	}
	parse(&ld, data, len);
	free(data);
	return top_mapping(&ld);
}

size_t manifest_map_size(const struct manifest_node *n)
{
	return n->kind == MANIFEST_NODE_MAPPING ? n->n_kids / 2 : 0;
}

const struct manifest_node *manifest_map_key(const struct manifest_node *n,
                                             size_t i)
{
	return n->kids[2 * i];
}

const struct manifest_node *manifest_map_value(const struct manifest_node *n,
                                               size_t i)
{
	return n->kids[2 * i + 1];
}

const struct manifest_node *manifest_map_get(const struct manifest_node *n,
                                             const char *key)
{
	size_t i;

	for (i = 0; i < manifest_map_size(n); i++)
		if (strcmp(manifest_map_key(n, i)->text, key) == 0)
			return manifest_map_value(n, i);
	return NULL;
}

bool manifest_node_is_null(const struct manifest_node *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	size_t i;

	if (n->kind != MANIFEST_NODE_SCALAR || n->quoted)
		return false;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->text, nulls[i]) == 0)
			return true;
	return false;
}

/** Copies @text quoted by @q, shortened and with control bytes escaped. */
static void describe_text(const char *text, char q, char *buf, size_t size)
{
	struct manifest_buf b = {0};
	const unsigned char *s = (const unsigned char *)text;
	size_t i, chars = 0;

	manifest_buf_putc(&b, q);
	for (i = 0; s[i] && chars < 40; i++) {
		if (s[i] < 0x20 || s[i] == 0x7F)
			manifest_buf_printf(&b, "\\x%02X", s[i]);
		else
			manifest_buf_putc(&b, (char)s[i]);
		if ((s[i + 1] & 0xC0) != 0x80)
			chars++;
	}
	if (s[i])
		manifest_buf_puts(&b, "...");
	manifest_buf_putc(&b, q);
	snprintf(buf, size, "%s", b.s);
	manifest_buf_free(&b);
}

void manifest_node_describe(const struct manifest_node *n, char *buf,
                            size_t size)
{
	if (n->kind == MANIFEST_NODE_MAPPING)
		snprintf(buf, size, "a mapping");
	else if (n->kind == MANIFEST_NODE_SEQUENCE)
		snprintf(buf, size, "a sequence");
	else if (manifest_node_is_null(n))
		snprintf(buf, size, "null");
	else
		describe_text(n->text, n->quoted ? '"' : '\'', buf, size);
}
