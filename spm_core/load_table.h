/*
 * The load table: what the SPM boots from.
 *
 * The manifest compiler (tools/manifest) turns the manifest lists and the
 * partition manifests into one constant table of these descriptors, in C, so
 * that the same table links into the host simulator and into a target image.
 * Every value here has already been validated by the compiler; the SPM core
 * trusts the shape and checks only what depends on the chosen configuration
 * (backend, isolation level).
 *
 * Freestanding: only <stdint.h>, <stddef.h>, <stdbool.h> and the PSA headers.
 */
#ifndef SPM_LOAD_TABLE_H
#define SPM_LOAD_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psa/service.h"

/** Bumped whenever a descriptor changes shape; the generated table records it.
 */
#define SPM_LOAD_TABLE_VERSION 1u

/** FF-M versions a manifest may declare, as in psa_framework_version(). */
#define SPM_FFM_VERSION_1_0 0x0100u
#define SPM_FFM_VERSION_1_1 0x0101u

enum spm_partition_type {
	SPM_PARTITION_PSA_ROT = 0,
	SPM_PARTITION_APPLICATION_ROT = 1,
};

/** Lower value runs first: HIGH before NORMAL before LOW. */
enum spm_priority {
	SPM_PRIORITY_HIGH = 0,
	SPM_PRIORITY_NORMAL = 1,
	SPM_PRIORITY_LOW = 2,
};

enum spm_model {
	SPM_MODEL_IPC = 0,
	SPM_MODEL_SFN = 1,
};

enum spm_version_policy {
	SPM_VERSION_POLICY_STRICT = 0,
	SPM_VERSION_POLICY_RELAXED = 1,
};

enum spm_irq_handling {
	SPM_IRQ_SLIH = 0,
	SPM_IRQ_FLIH = 1,
};

enum spm_mmio_permission {
	SPM_MMIO_READ_ONLY = 0,
	SPM_MMIO_READ_WRITE = 1,
};

/** One RoT Service of a partition. */
struct spm_service_desc {
	const char *name;
	uint32_t sid;
	/** 1 << (i + 4) for the partition's i-th service. */
	psa_signal_t signal;
	uint32_t version;
	enum spm_version_policy version_policy;
	bool non_secure_clients;
	bool connection_based;
	bool mm_iovec;
	/** 1..32 for a stateless service (manifest index), 0 otherwise. */
	uint32_t stateless_index;
	/** The service function of an SFN-model partition, NULL for IPC. */
	psa_status_t (*sfn)(const psa_msg_t *msg);
};

/** One interrupt source owned by a partition. */
struct spm_irq_desc {
	/** The signal's macro name as generated (ends in _SIGNAL in FF-M 1.1).
	 */
	const char *signal_name;
	/** A platform interrupt name, or NULL when the source is a number. */
	const char *source_name;
	/** The interrupt line when source_name is NULL. */
	uint32_t source;
	/** 1 << (31 - i) for the partition's i-th IRQ. */
	psa_signal_t signal;
	enum spm_irq_handling handling;
	/** <name>_flih() for a first-level handler, NULL for SLIH. */
	psa_flih_result_t (*flih)(void);
};

/** One MMIO region: named (platform-defined) or numeric. */
struct spm_mmio_desc {
	/** A platform region name, or NULL when base and size are given. */
	const char *name;
	uint32_t base;
	uint32_t size;
	enum spm_mmio_permission permission;
};

/** One secure partition, as its manifest and its manifest-list entry say. */
struct spm_partition_desc {
	const char *name;
	int32_t pid;
	uint16_t ffm_version;
	enum spm_partition_type type;
	enum spm_priority priority;
	enum spm_model model;
	/** The thread entry of an IPC-model partition, NULL for SFN. */
	void (*entry_point)(void);
	/** The optional initialisation function of an SFN-model partition. */
	psa_status_t (*entry_init)(void);
	uint32_t stack_size;
	uint32_t heap_size;
	const struct spm_service_desc *services;
	uint32_t n_services;
	const struct spm_irq_desc *irqs;
	uint32_t n_irqs;
	const struct spm_mmio_desc *mmio;
	uint32_t n_mmio;
	/** SIDs this partition may connect to or call. */
	const uint32_t *dependencies;
	uint32_t n_dependencies;
	/** The manifest file it came from, for messages. */
	const char *manifest;
	/**
	 * A non-secure agent (TF-M's `ns_agent: true`): it calls services
	 * on behalf of non-secure clients of another core, whose client ids
	 * it maps into [client_id_base, client_id_limit] (both negative).
	 */
	bool ns_agent;
	int32_t client_id_base;
	int32_t client_id_limit;
};

/** The whole system, partitions in manifest-list order. */
struct spm_load_table {
	uint32_t version;
	uint32_t n_partitions;
	const struct spm_partition_desc *partitions;
};

#endif /* SPM_LOAD_TABLE_H */
