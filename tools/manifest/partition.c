#include "partition.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "util.h"
#include "yaml_doc.h"

#define N_ATTRS(tab) (sizeof(tab) / sizeof((tab)[0]))

/** A service while it is read: what only its checks need. */
struct service_ctx {
	struct manifest_service *s;
	bool has_handle;
	struct ytree_loc handle_key;
	struct ytree_loc version_loc;
};

/** An MMIO region while it is read. */
struct mmio_ctx {
	struct manifest_mmio *r;
	const struct ytree_node *base;
	const struct ytree_node *size;
	const struct ytree_node *base_key;
	const struct ytree_node *size_key;
};

static const struct manifest_range sid_range = {1, UINT32_MAX, true};
static const struct manifest_range version_range = {1, UINT32_MAX, false};
static const struct manifest_range stack_range = {8, 0x100000, true};
static const struct manifest_range heap_range = {0, UINT32_MAX, true};
static const struct manifest_range addr_range = {0, UINT32_MAX, true};
static const struct manifest_range size_range = {1, UINT32_MAX, true};
static const struct manifest_range irq_range = {0, UINT32_MAX, false};

static const char *const version_names[] = {"1.0", "1.1", NULL};
static const char *const type_names[] = {"PSA-ROT", "APPLICATION-ROT", NULL};
static const char *const priority_names[] = {"HIGH", "NORMAL", "LOW", NULL};
/* "dual": the partition takes the model of the backend being built. */
static const char *const model_names[] = {"IPC", "SFN", "dual", NULL};
static const char *const policy_names[] = {"STRICT", "RELAXED", NULL};
static const char *const iovec_names[] = {"enable", "disable", NULL};
static const char *const handling_names[] = {"FLIH", "SLIH", NULL};
static const char *const permission_names[] = {"READ-ONLY", "READ-WRITE", NULL};

/* ---- services ---------------------------------------------------------- */

static void on_svc_name(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *key,
                        const struct ytree_node *val)
{
	struct service_ctx *sc = ctx->obj;

	(void)key;
	sc->s->name = manifest_attr_ident(ctx, subject, val);
	sc->s->name_loc = val->loc;
}

static void on_svc_sid(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *key,
                       const struct ytree_node *val)
{
	struct service_ctx *sc = ctx->obj;

	(void)key;
	manifest_attr_u32(ctx, subject, val, &sid_range, &sc->s->sid);
	sc->s->sid_loc = val->loc;
}

static void on_svc_ns(const struct manifest_attr_ctx *ctx, const char *subject,
                      const struct ytree_node *key,
                      const struct ytree_node *val)
{
	struct service_ctx *sc = ctx->obj;

	(void)key;
	manifest_attr_bool(ctx, subject, val, &sc->s->non_secure_clients);
}

static void on_svc_conn(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *key,
                        const struct ytree_node *val)
{
	struct service_ctx *sc = ctx->obj;

	(void)key;
	manifest_attr_bool(ctx, subject, val, &sc->s->connection_based);
}

static void on_svc_version(const struct manifest_attr_ctx *ctx,
                           const char *subject, const struct ytree_node *key,
                           const struct ytree_node *val)
{
	struct service_ctx *sc = ctx->obj;

	(void)key;
	manifest_attr_u32(ctx, subject, val, &version_range, &sc->s->version);
	sc->version_loc = val->loc;
}

static void on_svc_policy(const struct manifest_attr_ctx *ctx,
                          const char *subject, const struct ytree_node *key,
                          const struct ytree_node *val)
{
	struct service_ctx *sc = ctx->obj;
	int i;

	(void)key;
	if (manifest_attr_enum(ctx, subject, val, policy_names, &i))
		sc->s->version_policy = (enum spm_version_policy)i;
}

static void on_svc_handle(const struct manifest_attr_ctx *ctx,
                          const char *subject, const struct ytree_node *key,
                          const struct ytree_node *val)
{
	struct service_ctx *sc = ctx->obj;
	char got[YTREE_DESC_SIZE];
	uint64_t v = 0;
	int rc = -1;

	sc->has_handle = true;
	sc->handle_key = key->loc;
	sc->s->handle_loc = val->loc;
	if (val->kind == YTREE_SCALAR && strcmp(val->text, "auto") == 0)
		return;
	if (val->kind == YTREE_SCALAR && !ytree_is_null(val))
		rc = manifest_parse_number(val->text, &v);
	if (rc == 0 && v >= 1 && v <= 32) {
		sc->s->stateless_handle = (uint32_t)v;
		return;
	}
	if (rc >= 0)
		snprintf(got, sizeof(got), "%.40s", val->text);
	else
		ytree_describe(val, got, sizeof(got));
	manifest_diag_at(ctx->diag, &val->loc,
	                 "%s must be auto or between 1 and 32, got %s", subject,
	                 got);
}

static void on_svc_iovec(const struct manifest_attr_ctx *ctx,
                         const char *subject, const struct ytree_node *key,
                         const struct ytree_node *val)
{
	struct service_ctx *sc = ctx->obj;
	int i;

	sc->s->iovec_loc = key->loc;
	if (manifest_attr_enum(ctx, subject, val, iovec_names, &i))
		sc->s->mm_iovec = i == 0;
}

/** A description (services, IRQs): any text, kept nowhere. */
static void on_any_description(const struct manifest_attr_ctx *ctx,
                               const char *subject,
                               const struct ytree_node *key,
                               const struct ytree_node *val)
{
	(void)key;
	free(manifest_attr_str(ctx, subject, val));
}

static const struct manifest_attr service_attrs[] = {
        {"name", MANIFEST_VALL, MANIFEST_VALL, on_svc_name},
        {"sid", MANIFEST_VALL, MANIFEST_VALL, on_svc_sid},
        {"non_secure_clients", MANIFEST_VALL, 0, on_svc_ns},
        {"connection_based", MANIFEST_V11, 0, on_svc_conn},
        {"version", MANIFEST_VALL, 0, on_svc_version},
        {"version_policy", MANIFEST_VALL, 0, on_svc_policy},
        {"stateless_handle", MANIFEST_V11, 0, on_svc_handle},
        {"mm_iovec", MANIFEST_V11, 0, on_svc_iovec},
        {"description", MANIFEST_VALL, 0, on_any_description},
};

/** Rules between a service's attributes, once all of them are read. */
static void check_service(const struct manifest_attr_ctx *ctx,
                          const struct service_ctx *sc)
{
	const struct manifest_service *s = sc->s;

	if (sc->has_handle && s->connection_based)
		manifest_diag_at(ctx->diag, &sc->handle_key,
		                 "attribute 'stateless_handle' needs "
		                 "'connection_based: false'");
	/* The handle carries the version in 8 bits (FF-M 1.1). */
	if (!s->connection_based && s->version > 0xFF)
		manifest_diag_at(
		        ctx->diag, &sc->version_loc,
		        "stateless service '%s' has version %u, which "
		        "does not fit the 8 bits of its handle (at most "
		        "255)",
		        s->name ? s->name : "?", s->version);
}

static void read_service(const struct manifest_attr_ctx *ctx,
                         struct manifest_partition *p,
                         const struct ytree_node *map)
{
	struct service_ctx sc = {manifest_add_service(p), false, {0}, {0}};
	struct manifest_attr_ctx sub = *ctx;

	sc.s->loc = map->loc;
	sc.s->name_loc = map->loc;
	sc.s->version = 1;
	sc.s->version_policy = SPM_VERSION_POLICY_STRICT;
	sc.s->connection_based = true;
	sc.version_loc = map->loc;
	sub.what = "service";
	sub.obj = &sc;
	manifest_attr_walk(&sub, map, service_attrs, N_ATTRS(service_attrs));
	check_service(ctx, &sc);
}

/* ---- IRQs --------------------------------------------------------------- */

static void on_irq_source(const struct manifest_attr_ctx *ctx,
                          const char *subject, const struct ytree_node *key,
                          const struct ytree_node *val)
{
	struct manifest_irq *irq = ctx->obj;
	char got[YTREE_DESC_SIZE];

	(void)key;
	irq->source_loc = val->loc;
	if (val->kind == YTREE_SCALAR && val->text[0] >= '0' &&
	    val->text[0] <= '9') {
		irq->has_source = manifest_attr_u32(ctx, subject, val,
		                                    &irq_range, &irq->source);
		return;
	}
	if (val->kind == YTREE_SCALAR && manifest_is_ident(val->text)) {
		irq->source_name = manifest_xstrdup(val->text);
		irq->has_source = true;
		return;
	}
	ytree_describe(val, got, sizeof(got));
	manifest_diag_at(ctx->diag, &val->loc,
	                 "%s must be an interrupt number or a C identifier, "
	                 "got %s",
	                 subject, got);
}

static void on_irq_signal(const struct manifest_attr_ctx *ctx,
                          const char *subject, const struct ytree_node *key,
                          const struct ytree_node *val)
{
	struct manifest_irq *irq = ctx->obj;

	(void)key;
	irq->signal_name = manifest_attr_ident(ctx, subject, val);
	irq->name_loc = val->loc;
}

static void on_irq_name(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *key,
                        const struct ytree_node *val)
{
	struct manifest_irq *irq = ctx->obj;

	(void)key;
	irq->name = manifest_attr_ident(ctx, subject, val);
	irq->name_loc = val->loc;
	if (irq->name)
		irq->signal_name = manifest_xasprintf("%s_SIGNAL", irq->name);
}

static void on_irq_handling(const struct manifest_attr_ctx *ctx,
                            const char *subject, const struct ytree_node *key,
                            const struct ytree_node *val)
{
	struct manifest_irq *irq = ctx->obj;
	int i;

	(void)key;
	if (manifest_attr_enum(ctx, subject, val, handling_names, &i))
		irq->handling = i == 0 ? SPM_IRQ_FLIH : SPM_IRQ_SLIH;
}

/*
 * TF-M's NS agents carry the range of non-secure client ids they hand out
 * (client_id_base..client_id_limit, at top level and per mailbox IRQ). The
 * values must be 32-bit negative numbers, as TF-M's generator checks. The
 * partition's range goes into the load table (a mailbox agent maps its
 * clients into it); a per-IRQ range (a mailbox per interrupt) is checked
 * and then reported as unused (@used false).
 */
static void read_client_id(const struct manifest_attr_ctx *ctx,
                           const char *subject, const struct ytree_node *key,
                           const struct ytree_node *val,
                           struct manifest_client_ids *ids, bool used)
{
	bool limit = strcmp(key->text, "client_id_limit") == 0;
	char *text = manifest_attr_str(ctx, subject, val);
	int64_t id;

	if (text == NULL)
		return;
	if (!manifest_parse_client_id(text, &id)) {
		manifest_diag_at(ctx->diag, &val->loc,
		                 "%s must be a 32-bit negative integer such as "
		                 "-0x04000000, got %.40s",
		                 subject, text);
	} else {
		*(limit ? &ids->limit : &ids->base) = id;
		*(limit ? &ids->has_limit : &ids->has_base) = true;
		if (limit)
			ids->limit_loc = val->loc;
		if (!used)
			manifest_diag_warn_at(
			        ctx->diag, &key->loc,
			        "%s is accepted but not used: spmsim's "
			        "mailbox agent maps its clients into the "
			        "partition's range",
			        subject);
	}
	free(text);
}

static void on_irq_client_id(const struct manifest_attr_ctx *ctx,
                             const char *subject, const struct ytree_node *key,
                             const struct ytree_node *val)
{
	struct manifest_irq *irq = ctx->obj;

	read_client_id(ctx, subject, key, val, &irq->client_ids, false);
}

static void on_client_id(const struct manifest_attr_ctx *ctx,
                         const char *subject, const struct ytree_node *key,
                         const struct ytree_node *val)
{
	struct manifest_partition *p = ctx->obj;

	read_client_id(ctx, subject, key, val, &p->client_ids, true);
}

/** TF-M's rules: base <= limit, and an IRQ's range inside its agent's. */
static void check_client_ids(const struct manifest_partition *p,
                             struct manifest_diag *diag)
{
	const struct manifest_client_ids *own = &p->client_ids, *ids;
	bool whole = own->has_base && own->has_limit;
	size_t i;

	if (whole && own->base > own->limit)
		manifest_diag_at(diag, &own->limit_loc,
		                 "client_id_limit %lld is below client_id_base "
		                 "%lld",
		                 (long long)own->limit, (long long)own->base);
	for (i = 0; i < p->n_irqs; i++) {
		ids = &p->irqs[i].client_ids;
		if (!ids->has_base || !ids->has_limit)
			continue;
		if (ids->base > ids->limit)
			manifest_diag_at(diag, &ids->limit_loc,
			                 "client_id_limit %lld is below "
			                 "client_id_base %lld",
			                 (long long)ids->limit,
			                 (long long)ids->base);
		else if (whole &&
		         (ids->base < own->base || ids->limit > own->limit))
			manifest_diag_at(
			        diag, &ids->limit_loc,
			        "the IRQ's client ids %lld..%lld exceed "
			        "its partition's %lld..%lld",
			        (long long)ids->base, (long long)ids->limit,
			        (long long)own->base, (long long)own->limit);
	}
}

static const struct manifest_attr irq_attrs[] = {
        {"source", MANIFEST_VALL, MANIFEST_VALL, on_irq_source},
        {"signal", MANIFEST_V10, MANIFEST_V10, on_irq_signal},
        {"name", MANIFEST_V11, MANIFEST_V11, on_irq_name},
        /* Required by FF-M 1.1; TF-M takes SLIH when it is absent. */
        {"handling", MANIFEST_V11, 0, on_irq_handling},
        {"description", MANIFEST_VALL, 0, on_any_description},
        {"client_id_base", MANIFEST_VALL, 0, on_irq_client_id},
        {"client_id_limit", MANIFEST_VALL, 0, on_irq_client_id},
};

static void read_irq(const struct manifest_attr_ctx *ctx,
                     struct manifest_partition *p, const struct ytree_node *map)
{
	struct manifest_irq *irq = manifest_add_irq(p);
	struct manifest_attr_ctx sub = *ctx;

	irq->loc = map->loc;
	irq->name_loc = map->loc;
	irq->source_loc = map->loc;
	/* FF-M 1.0 has second-level handling only. */
	irq->handling = SPM_IRQ_SLIH;
	sub.what = "IRQ";
	sub.obj = irq;
	manifest_attr_walk(&sub, map, irq_attrs, N_ATTRS(irq_attrs));
}

/* ---- MMIO regions ----------------------------------------------------------
 */

static void on_mmio_name(const struct manifest_attr_ctx *ctx,
                         const char *subject, const struct ytree_node *key,
                         const struct ytree_node *val)
{
	struct mmio_ctx *mc = ctx->obj;

	(void)key;
	mc->r->name_loc = val->loc;
	mc->r->name = manifest_attr_ident(ctx, subject, val);
}

static void on_mmio_base(const struct manifest_attr_ctx *ctx,
                         const char *subject, const struct ytree_node *key,
                         const struct ytree_node *val)
{
	struct mmio_ctx *mc = ctx->obj;

	mc->base_key = key;
	if (manifest_attr_u32(ctx, subject, val, &addr_range, &mc->r->base))
		mc->base = val;
}

static void on_mmio_size(const struct manifest_attr_ctx *ctx,
                         const char *subject, const struct ytree_node *key,
                         const struct ytree_node *val)
{
	struct mmio_ctx *mc = ctx->obj;

	mc->size_key = key;
	if (manifest_attr_u32(ctx, subject, val, &size_range, &mc->r->size))
		mc->size = val;
}

static void on_mmio_permission(const struct manifest_attr_ctx *ctx,
                               const char *subject,
                               const struct ytree_node *key,
                               const struct ytree_node *val)
{
	struct mmio_ctx *mc = ctx->obj;
	int i;

	(void)key;
	if (manifest_attr_enum(ctx, subject, val, permission_names, &i))
		mc->r->permission = (enum spm_mmio_permission)i;
}

static const struct manifest_attr mmio_attrs[] = {
        {"name", MANIFEST_VALL, 0, on_mmio_name},
        {"base", MANIFEST_VALL, 0, on_mmio_base},
        {"size", MANIFEST_VALL, 0, on_mmio_size},
        {"permission", MANIFEST_VALL, MANIFEST_VALL, on_mmio_permission},
};

/** A region is either named or numeric: 'name', or 'base' and 'size'. */
static void check_mmio(const struct manifest_attr_ctx *ctx,
                       const struct mmio_ctx *mc, const struct ytree_node *map)
{
	const struct ytree_node *extra =
	        mc->base_key ? mc->base_key : mc->size_key;
	const struct manifest_mmio *r = mc->r;

	if (ytree_map_get(map, "name") && extra)
		manifest_diag_at(
		        ctx->diag, &extra->loc,
		        "attribute '%s' cannot be combined with 'name' "
		        "in an MMIO region",
		        extra->text);
	else if (!ytree_map_get(map, "name") && !extra)
		manifest_diag_at(ctx->diag, &map->loc,
		                 "an MMIO region needs 'name', or 'base' and "
		                 "'size'");
	else if (!ytree_map_get(map, "name") && !mc->size_key)
		manifest_diag_at(
		        ctx->diag, &map->loc,
		        "missing required MMIO region attribute 'size' "
		        "(with 'base')");
	else if (!ytree_map_get(map, "name") && !mc->base_key)
		manifest_diag_at(
		        ctx->diag, &map->loc,
		        "missing required MMIO region attribute 'base' "
		        "(with 'size')");
	else if (mc->base && mc->size && r->size - 1 > UINT32_MAX - r->base)
		manifest_diag_at(
		        ctx->diag, &mc->size->loc,
		        "MMIO region 0x%08X + 0x%X goes past the end of "
		        "the 32-bit address space",
		        (unsigned)r->base, (unsigned)r->size);
}

static void read_mmio(const struct manifest_attr_ctx *ctx,
                      struct manifest_partition *p,
                      const struct ytree_node *map)
{
	struct mmio_ctx mc = {manifest_add_mmio(p), NULL, NULL, NULL, NULL};
	struct manifest_attr_ctx sub = *ctx;

	mc.r->loc = map->loc;
	sub.what = "MMIO region";
	sub.obj = &mc;
	manifest_attr_walk(&sub, map, mmio_attrs, N_ATTRS(mmio_attrs));
	check_mmio(ctx, &mc, map);
}

/* ---- partition attributes ---------------------------------------------- */

/** Reads each mapping of sequence @val with @read. */
static void read_items(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *key,
                       const struct ytree_node *val,
                       void (*read)(const struct manifest_attr_ctx *ctx,
                                    struct manifest_partition *p,
                                    const struct ytree_node *map))
{
	struct manifest_partition *p = ctx->obj;
	char item[64];
	size_t i;

	if (!manifest_attr_seq(ctx, subject, val)) {
		p->items_unread = true;
		return;
	}
	manifest_attr_item_subject(item, sizeof(item), key->text);
	for (i = 0; i < val->n_kids && !manifest_diag_full(ctx->diag); i++) {
		if (manifest_attr_map(ctx, item, val->kids[i]))
			read(ctx, p, val->kids[i]);
		else
			p->items_unread = true;
	}
}

static void on_services(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *key,
                        const struct ytree_node *val)
{
	read_items(ctx, subject, key, val, read_service);
}

static void on_irqs(const struct manifest_attr_ctx *ctx, const char *subject,
                    const struct ytree_node *key, const struct ytree_node *val)
{
	read_items(ctx, subject, key, val, read_irq);
}

static void on_mmio_regions(const struct manifest_attr_ctx *ctx,
                            const char *subject, const struct ytree_node *key,
                            const struct ytree_node *val)
{
	read_items(ctx, subject, key, val, read_mmio);
}

/** Reads a sequence of service names into the partition's dependencies. */
static void read_deps(const struct manifest_attr_ctx *ctx, const char *subject,
                      const struct ytree_node *key,
                      const struct ytree_node *val, bool weak)
{
	struct manifest_partition *p = ctx->obj;
	struct manifest_dep *dep;
	char item[64], *name;
	size_t i;

	if (!manifest_attr_seq(ctx, subject, val))
		return;
	manifest_attr_item_subject(item, sizeof(item), key->text);
	for (i = 0; i < val->n_kids && !manifest_diag_full(ctx->diag); i++) {
		name = manifest_attr_ident(ctx, item, val->kids[i]);
		if (name == NULL)
			continue;
		dep = manifest_add_dep(p);
		dep->name = name;
		dep->weak = weak;
		dep->loc = val->kids[i]->loc;
	}
}

static void on_dependencies(const struct manifest_attr_ctx *ctx,
                            const char *subject, const struct ytree_node *key,
                            const struct ytree_node *val)
{
	read_deps(ctx, subject, key, val, false);
}

/*
 * TF-M's weak_dependencies (a non-FF-M attribute, so it must be registered
 * in the list entry's non_ffm_attributes): services used when present.
 */
static void on_weak_dependencies(const struct manifest_attr_ctx *ctx,
                                 const char *subject,
                                 const struct ytree_node *key,
                                 const struct ytree_node *val)
{
	if (!manifest_strlist_has(ctx->extra, key->text)) {
		manifest_diag_at(
		        ctx->diag, &key->loc,
		        "non-FF-M attribute '%s' must be registered in "
		        "the manifest list entry's non_ffm_attributes",
		        key->text);
		return;
	}
	read_deps(ctx, subject, key, val, true);
}

static void on_version(const struct manifest_attr_ctx *ctx, const char *subject,
                       const struct ytree_node *key,
                       const struct ytree_node *val)
{
	/* Read first, by read_version(): everything else depends on it. */
	(void)ctx;
	(void)subject;
	(void)key;
	(void)val;
}

static void on_name(const struct manifest_attr_ctx *ctx, const char *subject,
                    const struct ytree_node *key, const struct ytree_node *val)
{
	struct manifest_partition *p = ctx->obj;

	(void)key;
	p->name = manifest_attr_ident(ctx, subject, val);
	p->name_loc = val->loc;
}

static void on_type(const struct manifest_attr_ctx *ctx, const char *subject,
                    const struct ytree_node *key, const struct ytree_node *val)
{
	struct manifest_partition *p = ctx->obj;
	int i;

	(void)key;
	if (manifest_attr_enum(ctx, subject, val, type_names, &i))
		p->type = (enum spm_partition_type)i;
}

static void on_priority(const struct manifest_attr_ctx *ctx,
                        const char *subject, const struct ytree_node *key,
                        const struct ytree_node *val)
{
	struct manifest_partition *p = ctx->obj;
	int i;

	(void)key;
	if (manifest_attr_enum(ctx, subject, val, priority_names, &i))
		p->priority = (enum spm_priority)i;
}

static void on_model(const struct manifest_attr_ctx *ctx, const char *subject,
                     const struct ytree_node *key, const struct ytree_node *val)
{
	struct manifest_partition *p = ctx->obj;
	int i;

	p->model_loc = key->loc;
	if (!manifest_attr_enum(ctx, subject, val, model_names, &i))
		return;
	p->dual = i == 2;
	if (!p->dual)
		p->model = (enum spm_model)i;
}

static void on_entry_point(const struct manifest_attr_ctx *ctx,
                           const char *subject, const struct ytree_node *key,
                           const struct ytree_node *val)
{
	struct manifest_partition *p = ctx->obj;

	p->entry_point = manifest_attr_ident(ctx, subject, val);
	p->entry_point_loc = key->loc;
}

static void on_entry_init(const struct manifest_attr_ctx *ctx,
                          const char *subject, const struct ytree_node *key,
                          const struct ytree_node *val)
{
	struct manifest_partition *p = ctx->obj;

	p->entry_init = manifest_attr_ident(ctx, subject, val);
	p->entry_init_loc = key->loc;
}

/** True for text the generated C can hold as a constant expression:
 *  a macro name, or names and numbers joined by operators. */
static bool is_c_expr(const char *s)
{
	static const char ok[] = "_ ()+-*/%<>|&~^";
	int depth = 0;

	if (!(isalpha((unsigned char)s[0]) || s[0] == '_' || s[0] == '('))
		return false;
	for (; *s; s++) {
		if (!isalnum((unsigned char)*s) && strchr(ok, *s) == NULL)
			return false;
		depth += (*s == '(') - (*s == ')');
		if (depth < 0)
			return false;
	}
	return depth == 0;
}

/**
 * Reads a size TF-M passes through to C: a number within @r, or C text
 * such as CRYPTO_STACK_SIZE, kept in *expr for the generated load table.
 * True when a number was stored in *out.
 */
static bool read_size(const struct manifest_attr_ctx *ctx, const char *subject,
                      const struct ytree_node *val,
                      const struct manifest_range *r, uint32_t *out,
                      char **expr)
{
	char got[YTREE_DESC_SIZE];

	if (val->kind != YTREE_SCALAR || ytree_is_null(val) ||
	    isdigit((unsigned char)val->text[0]))
		return manifest_attr_u32(ctx, subject, val, r, out);
	if (is_c_expr(val->text)) {
		free(*expr);
		*expr = manifest_xstrdup(val->text);
		return false;
	}
	ytree_describe(val, got, sizeof(got));
	manifest_diag_at(ctx->diag, &val->loc,
	                 "%s must be an integer (decimal or 0x-hex) or a C "
	                 "constant expression such as a macro name, got %s",
	                 subject, got);
	return false;
}

static void on_stack_size(const struct manifest_attr_ctx *ctx,
                          const char *subject, const struct ytree_node *key,
                          const struct ytree_node *val)
{
	struct manifest_partition *p = ctx->obj;

	(void)key;
	if (!read_size(ctx, subject, val, &stack_range, &p->stack_size,
	               &p->stack_size_expr))
		return;
	/* The stack pointer must stay 8-byte aligned (AAPCS). */
	if (p->stack_size % 8 != 0)
		manifest_diag_at(ctx->diag, &val->loc,
		                 "%s must be a multiple of 8, got %s", subject,
		                 val->text);
}

static void on_heap_size(const struct manifest_attr_ctx *ctx,
                         const char *subject, const struct ytree_node *key,
                         const struct ytree_node *val)
{
	struct manifest_partition *p = ctx->obj;

	(void)key;
	read_size(ctx, subject, val, &heap_range, &p->heap_size,
	          &p->heap_size_expr);
}

static void on_description(const struct manifest_attr_ctx *ctx,
                           const char *subject, const struct ytree_node *key,
                           const struct ytree_node *val)
{
	struct manifest_partition *p = ctx->obj;

	(void)key;
	p->description = manifest_attr_str(ctx, subject, val);
}

static const struct manifest_attr partition_attrs[] = {
        {"psa_framework_version", MANIFEST_VALL, MANIFEST_VALL, on_version},
        {"name", MANIFEST_VALL, MANIFEST_VALL, on_name},
        {"type", MANIFEST_VALL, MANIFEST_VALL, on_type},
        {"priority", MANIFEST_VALL, 0, on_priority},
        {"model", MANIFEST_V11, 0, on_model},
        {"entry_point", MANIFEST_VALL, 0, on_entry_point},
        {"entry_init", MANIFEST_V11, 0, on_entry_init},
        {"stack_size", MANIFEST_VALL, MANIFEST_VALL, on_stack_size},
        {"heap_size", MANIFEST_VALL, 0, on_heap_size},
        {"description", MANIFEST_VALL, 0, on_description},
        {"services", MANIFEST_VALL, 0, on_services},
        {"mmio_regions", MANIFEST_VALL, 0, on_mmio_regions},
        {"irqs", MANIFEST_VALL, 0, on_irqs},
        {"dependencies", MANIFEST_VALL, 0, on_dependencies},
        {"client_id_base", MANIFEST_VALL, 0, on_client_id},
        {"client_id_limit", MANIFEST_VALL, 0, on_client_id},
        {"weak_dependencies", MANIFEST_VALL, 0, on_weak_dependencies},
};

/** Reads psa_framework_version first; returns the MANIFEST_Vxx bit or 0. */
static unsigned read_version(struct manifest_partition *p,
                             const struct ytree_node *root,
                             struct manifest_diag *diag)
{
	struct manifest_attr_ctx ctx = {diag, 0, NULL, "partition", p, false};
	const struct ytree_node *key;
	size_t i;
	int v;

	for (i = 0; i < ytree_map_size(root); i++) {
		key = ytree_map_key(root, i);
		if (strcmp(key->text, "psa_framework_version") != 0)
			continue;
		/* FF-M 1.0 implies the IPC model: blame the version for it. */
		p->model_loc = key->loc;
		if (!manifest_attr_enum(
		            &ctx, "attribute 'psa_framework_version'",
		            ytree_map_value(root, i), version_names, &v))
			return 0;
		p->ffm_version =
		        v == 0 ? SPM_FFM_VERSION_1_0 : SPM_FFM_VERSION_1_1;
		return v == 0 ? MANIFEST_V10 : MANIFEST_V11;
	}
	return 0;
}

/**
 * Reads `ns_agent`, a non-FF-M attribute of TF-M's agents, when the
 * manifest list entry declares it (undeclared, the walk refused it).
 */
static void read_ns_agent(struct manifest_partition *p,
                          const struct ytree_node *root,
                          struct manifest_diag *diag)
{
	struct manifest_attr_ctx ctx = {diag, 0, NULL, "partition", p, false};
	size_t i;

	if (!manifest_strlist_has(&p->non_ffm, "ns_agent"))
		return;
	for (i = 0; i < ytree_map_size(root); i++) {
		if (strcmp(ytree_map_key(root, i)->text, "ns_agent") == 0)
			manifest_attr_bool(&ctx, "attribute 'ns_agent'",
			                   ytree_map_value(root, i),
			                   &p->ns_agent);
	}
}

/** The model decides which entry function a partition has. */
static void check_entry(const struct manifest_partition *p,
                        struct manifest_diag *diag)
{
	/* A dual-model partition carries both; the backend picks one. */
	if (p->dual && p->model == SPM_MODEL_IPC && !p->entry_point &&
	    p->entry_point_loc.file == NULL)
		manifest_diag_at(diag, &p->model_loc,
		                 "partition '%s' has 'model: dual' and no "
		                 "'entry_point', which the IPC backend needs",
		                 manifest_partition_label(p));
	if (p->dual)
		return;
	if (p->model == SPM_MODEL_IPC && p->entry_init)
		manifest_diag_at(
		        diag, &p->entry_init_loc,
		        "attribute 'entry_init' is not allowed with the "
		        "IPC model (use 'entry_point')");
	if (p->model == SPM_MODEL_SFN && p->entry_point)
		manifest_diag_at(
		        diag, &p->entry_point_loc,
		        "attribute 'entry_point' is not allowed with the "
		        "SFN model (use 'entry_init')");
	if (p->model == SPM_MODEL_IPC && !p->entry_point &&
	    p->entry_point_loc.file == NULL)
		manifest_diag_at(diag, &p->loc,
		                 "missing required partition attribute "
		                 "'entry_point' (the IPC model needs it)");
}

/** Services and IRQs share the partition's 28 usable signal bits. */
static void check_signal_count(const struct manifest_partition *p,
                               struct manifest_diag *diag)
{
	size_t n = p->n_services + p->n_irqs;
	const struct ytree_loc *over;

	/* TF-M lets its own partitions (explicit PIDs below 256: the NS
	 * agents, the idle partition) have neither. */
	if (n == 0 && p->pid_explicit && p->pid < MANIFEST_FIRST_AUTO_PID)
		return;
	if (n == 0 && !p->items_unread) {
		manifest_diag_at(diag, &p->loc,
		                 "partition '%s' has no service and no IRQ",
		                 manifest_partition_label(p));
		return;
	}
	if (n <= MANIFEST_MAX_SIGNALS)
		return;
	over = p->n_services > MANIFEST_MAX_SIGNALS
	               ? &p->services[MANIFEST_MAX_SIGNALS].loc
	               : &p->irqs[MANIFEST_MAX_SIGNALS - p->n_services].loc;
	manifest_diag_at(diag, over,
	                 "partition '%s' has %zu services and IRQs; at most %u "
	                 "are allowed",
	                 manifest_partition_label(p), n, MANIFEST_MAX_SIGNALS);
}

void manifest_partition_load(struct manifest_model *model,
                             struct manifest_partition *p,
                             struct manifest_diag *diag)
{
	struct manifest_attr_ctx ctx = {diag,        0, &p->non_ffm,
	                                "partition", p, false};
	const char *file = manifest_model_add_file(model, p->manifest);
	struct ytree_node *root =
	        manifest_yaml_load(file, &p->manifest_loc, diag);

	if (root == NULL) {
		model->incomplete = true;
		return;
	}
	p->loaded = true;
	p->loc = root->loc;
	p->name_loc = root->loc;
	p->priority = SPM_PRIORITY_NORMAL;
	p->model = SPM_MODEL_IPC;
	p->model_loc = root->loc;
	ctx.version = read_version(p, root, diag);
	manifest_attr_walk(&ctx, root, partition_attrs,
	                   N_ATTRS(partition_attrs));
	read_ns_agent(p, root, diag);
	if (p->dual)
		p->model = model->dual_model;
	check_entry(p, diag);
	check_client_ids(p, diag);
	check_signal_count(p, diag);
	ytree_free(root);
}
