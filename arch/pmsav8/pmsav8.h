/*
 * Armv8-M memory protection, the pure part: how the registers of the MPU
 * (PMSAv8) and the SAU encode a region, and which regions make the isolation
 * boundary of a partition at each isolation level. No machine is touched
 * here: the host's MPU model (sim/mpu_model/) and the target's real MPU
 * (arch/armv8m/) both program the images this computes, so a boundary is
 * the same on both.
 *
 * Registers:
 *   MPU_RBAR  BASE[31:5] SH[4:3] AP[2:1] XN[0]
 *   MPU_RLAR  LIMIT[31:5] AttrIndx[3:1] EN[0]
 *   SAU_RBAR  BADDR[31:5]
 *   SAU_RLAR  LADDR[31:5] NSC[1] ENABLE[0]
 * A region covers BASE .. LIMIT | 0x1F, both ends included.
 */
#ifndef PMSAV8_H
#define PMSAV8_H

#include <stdbool.h>
#include <stdint.h>

#define PMSAV8_MAX_REGIONS 16u

/** Region addresses have a 32-byte granule. */
#define PMSAV8_ADDR_MASK 0xFFFFFFE0u

/** RBAR.AP: who may read and write a region. */
enum pmsav8_ap {
	PMSAV8_AP_RW_PRIV = 0, /* read/write, privileged only */
	PMSAV8_AP_RW_ANY = 1,  /* read/write, any privilege */
	PMSAV8_AP_RO_PRIV = 2, /* read-only, privileged only */
	PMSAV8_AP_RO_ANY = 3,  /* read-only, any privilege */
};

/** The MAIR attribute indexes every boundary uses. */
#define PMSAV8_ATTR_NORMAL 0u
#define PMSAV8_ATTR_DEVICE 1u
/** MAIR0 for them: normal memory write-back, device nGnRE. */
#define PMSAV8_MAIR0       0x04FFu

/** MPU_RBAR for a region at @base. */
uint32_t pmsav8_rbar(uint32_t base, unsigned sh, enum pmsav8_ap ap, bool xn);

/** MPU_RLAR for a region ending at @limit (inclusive). */
uint32_t pmsav8_rlar(uint32_t limit, unsigned attr_index, bool enable);

/** SAU_RBAR for a region at @base. */
uint32_t pmsav8_sau_rbar(uint32_t base);

/** SAU_RLAR for a region ending at @limit (inclusive), NSC or not. */
uint32_t pmsav8_sau_rlar(uint32_t limit, bool nsc, bool enable);

/** An address range, @limit its last byte. */
struct pmsav8_range {
	uint32_t base;
	uint32_t limit;
};

/** Where the memory a boundary is made of lies, on one machine. */
struct pmsav8_layout {
	/** Code and constants: readable and executable by every boundary. */
	struct pmsav8_range code;
	/** All secure data: a privileged boundary reads and writes it. */
	struct pmsav8_range secure;
	/** Every application-RoT partition's memory (level 2). */
	struct pmsav8_range app;
	/** The partition's own memory: data, bss, stack, heap (level 3). */
	struct pmsav8_range own;
};

/** One MMIO region a partition's manifest grants. */
struct pmsav8_mmio {
	uint32_t base;
	uint32_t size;
	bool writable;
};

/** A boundary's regions, in the order they are programmed. */
struct pmsav8_image {
	uint32_t rbar[PMSAV8_MAX_REGIONS];
	uint32_t rlar[PMSAV8_MAX_REGIONS];
	unsigned n;
};

/**
 * The MPU image of a secure partition's boundary (TF-M's static regions and
 * the partition's own) at isolation @level on an MPU of @max_regions
 * regions, into @out:
 *   privileged  (every partition at level 1, PSA-RoT at 2 and 3): code, all
 *               secure data read-write and never executable, own MMIO
 *   level 2     application-RoT, unprivileged: code, all application-RoT
 *               memory, own MMIO
 *   level 3     application-RoT, unprivileged: code, own memory, own MMIO
 * Returns 0, or -1 when the regions do not fit the MPU.
 */
int pmsav8_boundary_image(const struct pmsav8_layout *layout, unsigned level,
                          bool privileged, const struct pmsav8_mmio *mmio,
                          unsigned n_mmio, unsigned max_regions,
                          struct pmsav8_image *out);

#endif /* PMSAV8_H */
