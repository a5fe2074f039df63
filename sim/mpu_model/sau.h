/*
 * A model of the Armv8-M Security Attribution Unit: which addresses are
 * Secure, Non-secure, or Non-secure callable (where Non-secure code may
 * enter the Secure state through an SG instruction).
 *
 * Registers, as the hardware holds them:
 *   SAU_CTRL  bit 0 ENABLE, bit 1 ALLNS
 *   SAU_RBAR  BADDR[31:5]
 *   SAU_RLAR  LADDR[31:5] NSC[1] ENABLE[0]
 * A region covers BADDR<<5 .. LADDR<<5 | 0x1F, both ends included.
 *
 * Attribution: SAU off, ALLNS clear: everything Secure; SAU off, ALLNS set:
 * everything Non-secure; SAU on: an address in one enabled region is
 * Non-secure (or Non-secure callable when the region's NSC is set), in no
 * region Secure. An optional IDAU answers too, and the more secure of the
 * two answers wins.
 *
 * Overlapping regions: the architecture leaves an address in two enabled
 * SAU regions UNPREDICTABLE. The model answers Secure with no region, as
 * the Armv8-M pseudocode (and QEMU) do, instead of refusing the second
 * region at configuration time: software legitimately passes through
 * overlapping states while it rewrites regions one register at a time, and
 * Secure is the answer that grants nothing. sau_find_overlap() lets a
 * caller flag such a layout once the configuration is complete.
 */
#ifndef SAU_H
#define SAU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SAU_MAX_REGIONS 8u

#define SAU_CTRL_ENABLE 0x1u
#define SAU_CTRL_ALLNS  0x2u
#define SAU_RLAR_ENABLE 0x1u
#define SAU_RLAR_NSC    0x2u
/** BADDR and LADDR fields: addresses at 32-byte granularity. */
#define SAU_ADDR_MASK   0xFFFFFFE0u

/**
 * A security attribute, most secure first, so that the more secure of two
 * is the smaller. SAU_MIXED only answers sau_range_attribute().
 */
enum sau_attr {
	SAU_SECURE = 0,
	SAU_NON_SECURE_CALLABLE = 1,
	SAU_NON_SECURE = 2,
	SAU_MIXED = 3,
};

/**
 * An IDAU: returns the attribute of @addr (never SAU_MIXED) and sets
 * *@region to its IDAU region number, or -1 for none. *@limit comes preset
 * to the last byte of @addr's 32-byte block (the IDAU's finest granule);
 * the IDAU may raise it to the last byte over which its answer stays the
 * same, so that range questions skip ahead.
 */
typedef enum sau_attr (*sau_idau_fn)(void *ctx, uint32_t addr, int *region,
                                     uint32_t *limit);

/** One region's fields, decoded from its raw registers. */
struct sau_region {
	uint32_t rbar;
	uint32_t rlar;
	uint32_t base;  /* RBAR[31:5] << 5 */
	uint32_t limit; /* RLAR[31:5] << 5 | 0x1F, inclusive */
	bool nsc;       /* RLAR[1] */
	bool enabled;   /* RLAR[0] */
};

struct sau {
	unsigned n_regions;
	uint32_t ctrl;
	uint32_t rbar[SAU_MAX_REGIONS];
	uint32_t rlar[SAU_MAX_REGIONS];
	sau_idau_fn idau;
	void *idau_ctx;
};

/** What the SAU and IDAU say about one address (TT's security part). */
struct sau_info {
	enum sau_attr attr;
	int region;      /* SREGION, or -1 when SRVALID would be clear */
	int idau_region; /* IREGION, or -1 when IRVALID would be clear */
};

/**
 * Resets @sau as out of reset (SAU off, ALLNS clear: all Secure; every
 * region disabled; no IDAU) with @n_regions regions. Returns 0, or -1 when
 * @n_regions exceeds SAU_MAX_REGIONS.
 */
int sau_init(struct sau *sau, unsigned n_regions);

/** Writes SAU_CTRL; bits other than ENABLE and ALLNS read 0. */
void sau_set_ctrl(struct sau *sau, uint32_t ctrl);

/** Reads SAU_CTRL. */
uint32_t sau_ctrl(const struct sau *sau);

/**
 * Writes region @n's SAU_RBAR and SAU_RLAR with the raw values the
 * architecture code would write (RES0 bits are dropped). Returns 0, or -1
 * when @n >= n_regions.
 */
int sau_region_set(struct sau *sau, unsigned n, uint32_t rbar, uint32_t rlar);

/** Decodes region @n into @out. Returns 0, or -1 when @n >= n_regions. */
int sau_region_decode(const struct sau *sau, unsigned n,
                      struct sau_region *out);

/** An SAU_RBAR value for a region starting at @base. */
uint32_t sau_rbar(uint32_t base);

/** An SAU_RLAR value for a region whose last 32-byte block holds @limit. */
uint32_t sau_rlar(uint32_t limit, bool nsc, bool enable);

/** Installs an IDAU (NULL: none) whose answers combine with the SAU's. */
void sau_set_idau(struct sau *sau, sau_idau_fn idau, void *ctx);

/** The attribute of @addr with the SAU and IDAU regions that gave it. */
struct sau_info sau_lookup(const struct sau *sau, uint32_t addr);

/** The attribute of @addr. */
enum sau_attr sau_attribute(const struct sau *sau, uint32_t addr);

/**
 * The attribute every byte of @base .. @base + @size - 1 shares, or
 * SAU_MIXED when they differ or the range runs past 0xFFFFFFFF. An empty
 * range (@size 0) has the attribute of @base.
 */
enum sau_attr sau_range_attribute(const struct sau *sau, uint32_t base,
                                  size_t size);

/**
 * True for the addresses the architecture exempts from security
 * attribution (parts of the PPB: ITM/DWT/FPB, the SCS and its Non-secure
 * alias, TPIU/ETM, the ROM table):
 * an access there takes the security state of the code making it, whatever
 * sau_attribute() says.
 */
bool sau_is_exempt(uint32_t addr);

/**
 * True when two enabled regions overlap; *@a < *@b are the first such pair
 * (@a and @b may be NULL).
 */
bool sau_find_overlap(const struct sau *sau, unsigned *a, unsigned *b);

/** A short name for @attr, for traces ("secure", ...). */
const char *sau_attr_name(enum sau_attr attr);

#endif /* SAU_H */
