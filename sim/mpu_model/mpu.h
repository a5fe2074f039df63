/*
 * A model of the Armv8-M PMSAv8 MPU (Armv8.0-M, as in a Cortex-M33): the
 * registers as the architecture code writes them, and the decision the
 * hardware takes for each access.
 *
 * One struct mpu per security state (the Secure and Non-secure MPUs are
 * separate banks); the caller owns it and passes it to every function, so a
 * test builds a fresh one. Addresses are those of the simulated 32-bit
 * address space, whatever the host's pointer width.
 *
 * Registers, as the hardware holds them:
 *   MPU_CTRL  bit 0 ENABLE, bit 1 HFNMIENA, bit 2 PRIVDEFENA
 *   MPU_RBAR  BASE[31:5] SH[4:3] AP[2:1] XN[0]
 *   MPU_RLAR  LIMIT[31:5] AttrIndx[3:1] EN[0]  (bit 4 is RES0 in Armv8.0-M)
 *   MPU_MAIR0/1  eight 8-bit memory attributes, selected by AttrIndx
 * A region covers BASE<<5 .. LIMIT<<5 | 0x1F, both ends included.
 */
#ifndef MPU_H
#define MPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MPU_MAX_REGIONS 16u

#define MPU_CTRL_ENABLE     0x1u
#define MPU_CTRL_HFNMIENA   0x2u
#define MPU_CTRL_PRIVDEFENA 0x4u

#define MPU_RBAR_XN         0x1u
#define MPU_RBAR_AP_SHIFT   1
#define MPU_RBAR_AP_MASK    0x6u
#define MPU_RBAR_SH_SHIFT   3
#define MPU_RBAR_SH_MASK    0x18u
#define MPU_RLAR_EN         0x1u
#define MPU_RLAR_ATTR_SHIFT 1
#define MPU_RLAR_ATTR_MASK  0xEu
/** BASE and LIMIT fields: addresses at 32-byte granularity. */
#define MPU_ADDR_MASK       0xFFFFFFE0u

/** RBAR.AP: who may read and write a region. */
enum mpu_ap {
	MPU_AP_RW_PRIV = 0, /* read/write, privileged only */
	MPU_AP_RW_ANY = 1,  /* read/write, any privilege */
	MPU_AP_RO_PRIV = 2, /* read-only, privileged only */
	MPU_AP_RO_ANY = 3,  /* read-only, any privilege */
};

/** RBAR.SH: shareability, recorded only (it changes no permission). */
enum mpu_sh {
	MPU_SH_NONE = 0,
	MPU_SH_OUTER = 2,
	MPU_SH_INNER = 3,
};

enum mpu_access_kind {
	MPU_ACCESS_READ,
	MPU_ACCESS_WRITE,
	MPU_ACCESS_EXECUTE,
};

/** Why an access was refused; MPU_FAULT_NONE when it was allowed. */
enum mpu_fault {
	MPU_FAULT_NONE = 0,
	/** MPU on, no enabled region holds the address, no background map. */
	MPU_FAULT_NO_REGION,
	/** Two or more enabled regions hold the address (always a fault). */
	MPU_FAULT_MULTIPLE_REGIONS,
	/** The region's AP refuses this privilege or a write. */
	MPU_FAULT_PERMISSION,
	/** Instruction fetch from an XN region or an XN area of the map. */
	MPU_FAULT_EXECUTE_NEVER,
	/** Unprivileged access to the PPB: a BusFault, not a MemManage. */
	MPU_FAULT_PPB_UNPRIVILEGED,
	/** A range running past 0xFFFFFFFF. */
	MPU_FAULT_RANGE_WRAP,
	/** mpu_range_check(): the two ends give different TT answers. */
	MPU_FAULT_RANGE_CROSSES_REGIONS,
};

/** One region's fields, decoded from its raw registers. */
struct mpu_region {
	uint32_t rbar;
	uint32_t rlar;
	uint32_t base;       /* RBAR[31:5] << 5 */
	uint32_t limit;      /* RLAR[31:5] << 5 | 0x1F, inclusive */
	enum mpu_ap ap;      /* RBAR[2:1] */
	bool xn;             /* RBAR[0] */
	unsigned sh;         /* RBAR[4:3] */
	unsigned attr_index; /* RLAR[3:1] */
	uint8_t attr;        /* the MAIR byte attr_index selects */
	bool enabled;        /* RLAR[0] */
};

/** The MPU of one security state. */
struct mpu {
	unsigned n_regions;
	uint32_t ctrl;
	uint32_t mair[2];
	uint32_t rbar[MPU_MAX_REGIONS];
	uint32_t rlar[MPU_MAX_REGIONS];
};

/** The outcome of an access, a range of accesses or a range check. */
struct mpu_result {
	bool allowed;
	enum mpu_fault fault;
	/**
	 * The region that decided, or -1 when the default memory map did (MPU
	 * off, background region, PPB) or no single region holds the address.
	 * For MPU_FAULT_MULTIPLE_REGIONS, the lowest-numbered region hit.
	 */
	int region;
	/** For MPU_FAULT_MULTIPLE_REGIONS, the next region hit; else -1. */
	int other_region;
	/** The address decided on: for a refused range, its first bad byte. */
	uint32_t addr;
};

/** The MPU part of a TT instruction's answer (TT_RESP). */
struct mpu_tt {
	uint8_t region;    /* MREGION, 0 unless region_valid */
	bool region_valid; /* MRVALID */
	bool read;         /* R */
	bool readwrite;    /* RW */
	/** The same as TT_RESP bits: MREGION[7:0] MRVALID[16] R[18] RW[19]. */
	uint32_t resp;
};

/**
 * Resets @mpu as the hardware comes out of reset (MPU off, every region
 * disabled, MAIRs zero) with @n_regions regions. Returns 0, or -1 when
 * @n_regions is neither 8 nor 16.
 */
int mpu_init(struct mpu *mpu, unsigned n_regions);

/** Writes MPU_CTRL; bits other than ENABLE, HFNMIENA and PRIVDEFENA read 0.
 * HFNMIENA is recorded only: the model has no negative execution priority. */
void mpu_set_ctrl(struct mpu *mpu, uint32_t ctrl);

/** Reads MPU_CTRL. */
uint32_t mpu_ctrl(const struct mpu *mpu);

/** Writes MPU_MAIR@n (0 or 1). Returns 0, or -1 for any other @n. */
int mpu_set_mair(struct mpu *mpu, unsigned n, uint32_t value);

/** The MAIR attribute byte @attr_index (0..7) selects. */
uint8_t mpu_mair_attr(const struct mpu *mpu, unsigned attr_index);

/**
 * Writes region @n's MPU_RBAR and MPU_RLAR with the raw values the
 * architecture code would write. Returns 0, or -1 when @n >= n_regions.
 */
int mpu_region_set(struct mpu *mpu, unsigned n, uint32_t rbar, uint32_t rlar);

/** Decodes region @n into @out. Returns 0, or -1 when @n >= n_regions. */
int mpu_region_decode(const struct mpu *mpu, unsigned n,
                      struct mpu_region *out);

/** An RBAR value: @base's bits [31:5], @sh, @ap and @xn. */
uint32_t mpu_rbar(uint32_t base, unsigned sh, enum mpu_ap ap, bool xn);

/**
 * An RLAR value: @limit's bits [31:5] (so @limit may be the region's last
 * byte), @attr_index (0..7) and the enable bit.
 */
uint32_t mpu_rlar(uint32_t limit, unsigned attr_index, bool enable);

/**
 * Decides one access of @kind to @addr at the given privilege, as PMSAv8
 * hardware does:
 *  - the PPB (0xE0000000-0xE00FFFFF) never consults the MPU: it is never
 *    executable and unprivileged accesses fault (BusFault);
 *  - MPU off: the default memory map, which only forbids execution from
 *    0x40000000-0x5FFFFFFF and 0xA0000000-0xFFFFFFFF;
 *  - MPU on, two or more enabled regions hold @addr: fault;
 *  - MPU on, one region: its AP decides reads and writes; execution also
 *    needs read permission, XN clear and @addr below 0xE0000000;
 *  - MPU on, no region: the default map if privileged and PRIVDEFENA is
 *    set, else fault.
 */
struct mpu_result mpu_access(const struct mpu *mpu, uint32_t addr,
                             enum mpu_access_kind kind, bool privileged);

/**
 * Decides an access of @kind to every byte of @base .. @base + @size - 1:
 * allowed when every byte is, whichever region each byte falls in. @size 0
 * is allowed; a range running past 0xFFFFFFFF is refused. When refused, the
 * result describes the first refused byte; when allowed, the first byte.
 */
struct mpu_result mpu_range_access(const struct mpu *mpu, uint32_t base,
                                   size_t size, enum mpu_access_kind kind,
                                   bool privileged);

/**
 * The MPU part of TT @addr as executed by privileged code: TT when
 * @privileged, TTT (the unprivileged view) when not. MRVALID is clear when
 * the MPU is off, for the PPB, and when no region or several regions hold
 * @addr; R and RW give what mpu_access() would allow the privilege to do
 * (with the MPU-level view of the PPB: readable and writable). TT executed
 * by unprivileged code returns no MPU information at all (all zeros); that
 * case needs no model.
 */
struct mpu_tt mpu_tt(const struct mpu *mpu, uint32_t addr, bool privileged);

/**
 * cmse_check_address_range() over the MPU, as the SPM's memory check uses
 * it: TT (or TTT when !@privileged) on the first and the last byte must
 * give the same answer, so both ends lie in the same region (or both in the
 * same background), and that answer must grant @kind (R for a read, RW for
 * a write). Like the hardware check, bytes between the ends are not looked
 * at. Two departures, both documented FF-M/SPM needs: @size 0 passes
 * (libgcc would test base - 1 .. base), and MPU_ACCESS_EXECUTE, which TT
 * cannot express, additionally requires mpu_range_access() to allow
 * execution of every byte.
 */
struct mpu_result mpu_range_check(const struct mpu *mpu, uint32_t base,
                                  size_t size, enum mpu_access_kind kind,
                                  bool privileged);

/** A short name for @fault, for traces ("no region", ...). */
const char *mpu_fault_name(enum mpu_fault fault);

#endif /* MPU_H */
