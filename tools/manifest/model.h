/*
 * The data model the compiler builds from manifest lists and partition
 * manifests: one entry per partition, in manifest-list order, with every
 * attribute in its final type and the place it came from, so the checks
 * that span partitions can point at the right node.
 *
 * The enums are the load table's (spm_core/load_table.h): the generated table
 * is a direct image of this model.
 */
#ifndef MANIFEST_MODEL_H
#define MANIFEST_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "load_table.h"

/** Lowest automatically assigned partition id, as in TF-M. */
#define MANIFEST_FIRST_AUTO_PID 256

struct manifest_strlist {
	char **v;
	size_t n;
	size_t cap;
};

struct manifest_service {
	char *name;
	uint32_t sid;
	uint32_t version;
	enum spm_version_policy version_policy;
	bool non_secure_clients;
	bool connection_based;
	bool mm_iovec;
	/** An explicit stateless_handle: 1..32; 0 for "auto" or none. */
	uint32_t stateless_handle;
	/** Final index 1..32 of a stateless service, 0 when connection-based.
	 */
	uint32_t stateless_index;
	/** 1 << (i + 4) for the i-th service of its partition. */
	uint32_t signal;
	/** Set once reported as a duplicate, to avoid repeating the report. */
	bool dup;
	struct ytree_loc loc;
	struct ytree_loc name_loc;
	struct ytree_loc sid_loc;
	struct ytree_loc handle_loc;
	struct ytree_loc iovec_loc;
};

/** An NS agent's client id range (client_id_base/limit), as read. */
struct manifest_client_ids {
	int64_t base;
	int64_t limit;
	bool has_base;
	bool has_limit;
	struct ytree_loc limit_loc;
};

struct manifest_irq {
	/** FF-M 1.1 name; NULL in FF-M 1.0. */
	char *name;
	/** The signal macro: <name>_SIGNAL (1.1) or the signal attribute. */
	char *signal_name;
	/** A platform interrupt name, or NULL when the source is a number. */
	char *source_name;
	uint32_t source;
	bool has_source;
	enum spm_irq_handling handling;
	struct manifest_client_ids client_ids;
	/** 1 << (31 - i) for the i-th IRQ of its partition. */
	uint32_t signal;
	bool dup;
	struct ytree_loc loc;
	struct ytree_loc name_loc;
	struct ytree_loc source_loc;
};

struct manifest_mmio {
	/** A platform region name, or NULL for base + size. */
	char *name;
	uint32_t base;
	uint32_t size;
	enum spm_mmio_permission permission;
	struct ytree_loc loc;
	/** Where 'name' is, for an unknown platform name. */
	struct ytree_loc name_loc;
};

struct manifest_dep {
	char *name;
	/** From TF-M's weak_dependencies: dropped when no partition has it. */
	bool weak;
	struct ytree_loc loc;
};

struct manifest_partition {
	/* From the manifest-list entry. */
	/** The manifest path: as given, or joined to the list's directory. */
	char *manifest;
	/** Its file name without extension: psa_manifest/<header>.h. */
	char *header;
	char *entry_description;
	char *output_path;
	int32_t pid;
	bool pid_explicit;
	uint32_t version_major;
	uint32_t version_minor;
	struct manifest_strlist libraries;
	struct manifest_strlist objects;
	struct manifest_strlist non_ffm;
	struct ytree_loc entry_loc;
	struct ytree_loc manifest_loc;
	struct ytree_loc pid_loc;

	/* From the partition manifest. */
	/** The manifest was read and parsed as YAML. */
	bool loaded;
	/** SPM_FFM_VERSION_1_0 or _1_1; 0 when missing or invalid. */
	uint16_t ffm_version;
	char *name;
	enum spm_partition_type type;
	enum spm_priority priority;
	enum spm_model model;
	/** `model: dual`: the model is the backend's (model_loc names it). */
	bool dual;
	char *entry_point;
	char *entry_init;
	uint32_t stack_size;
	uint32_t heap_size;
	/** A size given as C text (a macro name): emitted as written, and
	 *  then stack_size / heap_size are not used. NULL for numbers. */
	char *stack_size_expr;
	char *heap_size_expr;
	struct manifest_client_ids client_ids;
	/** `ns_agent: true` (a non-FF-M attribute its list entry declares). */
	bool ns_agent;
	char *description;
	struct manifest_service *services;
	size_t n_services;
	size_t cap_services;
	struct manifest_irq *irqs;
	size_t n_irqs;
	size_t cap_irqs;
	struct manifest_mmio *mmio;
	size_t n_mmio;
	size_t cap_mmio;
	struct manifest_dep *deps;
	size_t n_deps;
	size_t cap_deps;
	bool dup;
	/** 'services' or 'irqs' could not be read: their count is unknown. */
	bool items_unread;
	struct ytree_loc loc;
	struct ytree_loc name_loc;
	/** Where the model comes from: `model`, or psa_framework_version. */
	struct ytree_loc model_loc;
	struct ytree_loc entry_point_loc;
	struct ytree_loc entry_init_loc;
};

/** An interrupt line the project's platform file names. */
struct manifest_platform_irq {
	char *name;
	uint32_t line;
	struct ytree_loc loc;
	struct ytree_loc line_loc;
};

/** An MMIO region the project's platform file names. */
struct manifest_platform_region {
	char *name;
	uint32_t base;
	uint32_t size;
	struct ytree_loc loc;
	struct ytree_loc base_loc;
};

/** The project's platform file (--platform), as read. */
struct manifest_platform {
	/** The file, or NULL when none was given. */
	const char *file;
	/** It could not be read or parsed: names are not checked. */
	bool failed;
	struct manifest_platform_irq *irqs;
	size_t n_irqs;
	size_t cap_irqs;
	struct manifest_platform_region *regions;
	size_t n_regions;
	size_t cap_regions;
};

/** One manifest-list file and its own attributes. */
struct manifest_list {
	const char *file;
	char *description;
	uint32_t version_major;
	uint32_t version_minor;
};

struct manifest_model {
	struct manifest_partition *parts;
	size_t n_parts;
	size_t cap_parts;
	struct manifest_list *lists;
	size_t n_lists;
	size_t cap_lists;
	/** Every list and manifest file read, in order; owns the strings. */
	struct manifest_strlist files;
	/** A file could not be read or parsed: cross-file checks would only
	 *  report consequences of that, so they are skipped. */
	bool incomplete;
	/** The model `model: dual` partitions take: the backend's. */
	enum spm_model dual_model;
	/** The isolation level compiled for (1..3). */
	unsigned isolation;
	/** The names the project adds to the board's (--platform). */
	struct manifest_platform platform;
};

void manifest_model_init(struct manifest_model *m);
void manifest_model_free(struct manifest_model *m);

/** Records a file read; returns the model's copy of @path (stable). */
const char *manifest_model_add_file(struct manifest_model *m, const char *path);
/** Appends an empty list record. */
struct manifest_list *manifest_model_add_list(struct manifest_model *m);
/** Appends @p (moved in: the model owns its strings now). */
struct manifest_partition *
manifest_model_add_partition(struct manifest_model *m,
                             const struct manifest_partition *p);
/** Frees what @p owns (not @p itself). */
void manifest_partition_clear(struct manifest_partition *p);

struct manifest_service *manifest_add_service(struct manifest_partition *p);
struct manifest_irq *manifest_add_irq(struct manifest_partition *p);
struct manifest_mmio *manifest_add_mmio(struct manifest_partition *p);
struct manifest_dep *manifest_add_dep(struct manifest_partition *p);

void manifest_strlist_add(struct manifest_strlist *l, const char *s);
bool manifest_strlist_has(const struct manifest_strlist *l, const char *s);
void manifest_strlist_free(struct manifest_strlist *l);

/** The partition's name, or its manifest file name when it has none. */
const char *manifest_partition_label(const struct manifest_partition *p);

#endif /* MANIFEST_MODEL_H */
