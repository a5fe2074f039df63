/*
 * How it works: like the MPU model, the SAU model keeps its registers raw
 * and decodes them on every question. An address is looked up in every
 * enabled region; one hit gives Non-secure or Non-secure callable, no hit
 * Secure, and two or more hits Secure with no region (see sau.h for why).
 * The IDAU, when one is installed, is asked too and the more secure answer
 * wins, so a board's fixed Secure areas cannot be opened by the SAU. A
 * range is walked one run at a time, a run ending at the next SAU region
 * edge or where the IDAU says its answer may change, so that checking a
 * large buffer costs a handful of lookups rather than one per byte.
 */
#include "sau.h"

#include <string.h>

#include "pmsav8.h"

#define ADDR_SPACE_END 0x100000000ull
#define SAU_RLAR_BITS  (SAU_ADDR_MASK | SAU_RLAR_NSC | SAU_RLAR_ENABLE)

int sau_init(struct sau *sau, unsigned n_regions)
{
	if (n_regions > SAU_MAX_REGIONS)
		return -1;
	memset(sau, 0, sizeof(*sau));
	sau->n_regions = n_regions;
	return 0;
}

void sau_set_ctrl(struct sau *sau, uint32_t ctrl)
{
	sau->ctrl = ctrl & (SAU_CTRL_ENABLE | SAU_CTRL_ALLNS);
}

uint32_t sau_ctrl(const struct sau *sau)
{
	return sau->ctrl;
}

int sau_region_set(struct sau *sau, unsigned n, uint32_t rbar, uint32_t rlar)
{
	if (n >= sau->n_regions)
		return -1;
	sau->rbar[n] = rbar & SAU_ADDR_MASK;
	sau->rlar[n] = rlar & SAU_RLAR_BITS;
	return 0;
}

int sau_region_decode(const struct sau *sau, unsigned n, struct sau_region *out)
{
	if (n >= sau->n_regions)
		return -1;
	out->rbar = sau->rbar[n];
	out->rlar = sau->rlar[n];
	out->base = sau->rbar[n];
	out->limit = sau->rlar[n] | ~SAU_ADDR_MASK;
	out->nsc = sau->rlar[n] & SAU_RLAR_NSC;
	out->enabled = sau->rlar[n] & SAU_RLAR_ENABLE;
	return 0;
}

uint32_t sau_rbar(uint32_t base)
{
	return pmsav8_sau_rbar(base);
}

uint32_t sau_rlar(uint32_t limit, bool nsc, bool enable)
{
	return pmsav8_sau_rlar(limit, nsc, enable);
}

void sau_set_idau(struct sau *sau, sau_idau_fn idau, void *ctx)
{
	sau->idau = idau;
	sau->idau_ctx = ctx;
}

static bool region_enabled(const struct sau *sau, unsigned n)
{
	return sau->rlar[n] & SAU_RLAR_ENABLE;
}

static uint32_t region_limit(const struct sau *sau, unsigned n)
{
	return sau->rlar[n] | ~SAU_ADDR_MASK;
}

static bool region_holds(const struct sau *sau, unsigned n, uint32_t addr)
{
	return region_enabled(sau, n) && addr >= sau->rbar[n] &&
	       addr <= region_limit(sau, n);
}

/** The SAU's own answer for @addr; *@region gets the region behind it. */
static enum sau_attr sau_decides(const struct sau *sau, uint32_t addr,
                                 int *region)
{
	int hit = -1;

	*region = -1;
	if (!(sau->ctrl & SAU_CTRL_ENABLE))
		return (sau->ctrl & SAU_CTRL_ALLNS) ? SAU_NON_SECURE
		                                    : SAU_SECURE;
	for (unsigned n = 0; n < sau->n_regions; n++) {
		if (!region_holds(sau, n, addr))
			continue;
		if (hit >= 0)
			return SAU_SECURE;
		hit = (int)n;
	}
	if (hit < 0)
		return SAU_SECURE;
	*region = hit;
	return (sau->rlar[hit] & SAU_RLAR_NSC) ? SAU_NON_SECURE_CALLABLE
	                                       : SAU_NON_SECURE;
}

/** The first address above @addr where an SAU region starts or ends. */
static uint64_t sau_next_edge(const struct sau *sau, uint32_t addr)
{
	uint64_t next = ADDR_SPACE_END;

	if (!(sau->ctrl & SAU_CTRL_ENABLE))
		return next;
	for (unsigned n = 0; n < sau->n_regions; n++) {
		uint64_t base = sau->rbar[n];
		uint64_t end = (uint64_t)region_limit(sau, n) + 1;

		if (!region_enabled(sau, n))
			continue;
		if (base > addr && base < next)
			next = base;
		if (end > addr && end < next)
			next = end;
	}
	return next;
}

/**
 * sau_lookup(), also giving in *@next the first address above @addr where
 * the answer may differ.
 */
static struct sau_info lookup_run(const struct sau *sau, uint32_t addr,
                                  uint64_t *next)
{
	struct sau_info info;
	uint32_t granule_end = addr | ~SAU_ADDR_MASK;
	uint32_t limit = granule_end;
	enum sau_attr idau;

	info.attr = sau_decides(sau, addr, &info.region);
	info.idau_region = -1;
	*next = sau_next_edge(sau, addr);
	if (!sau->idau)
		return info;
	idau = sau->idau(sau->idau_ctx, addr, &info.idau_region, &limit);
	if (idau < info.attr)
		info.attr = idau;
	/* An IDAU lowering the limit below its granule would stall a walk. */
	if (limit < granule_end)
		limit = granule_end;
	if ((uint64_t)limit + 1 < *next)
		*next = (uint64_t)limit + 1;
	return info;
}

struct sau_info sau_lookup(const struct sau *sau, uint32_t addr)
{
	uint64_t next;

	return lookup_run(sau, addr, &next);
}

enum sau_attr sau_attribute(const struct sau *sau, uint32_t addr)
{
	return sau_lookup(sau, addr).attr;
}

enum sau_attr sau_range_attribute(const struct sau *sau, uint32_t base,
                                  size_t size)
{
	uint64_t next, end;
	enum sau_attr attr;

	if (size == 0)
		return sau_attribute(sau, base);
	if ((uint64_t)size > ADDR_SPACE_END - base)
		return SAU_MIXED;
	end = (uint64_t)base + size;
	attr = lookup_run(sau, base, &next).attr;
	while (next < end) {
		if (lookup_run(sau, (uint32_t)next, &next).attr != attr)
			return SAU_MIXED;
	}
	return attr;
}

bool sau_is_exempt(uint32_t addr)
{
	return (addr >= 0xE0000000u && addr <= 0xE0002FFFu) || /* ITM..FPB */
	       (addr >= 0xE000E000u && addr <= 0xE000EFFFu) || /* SCS */
	       (addr >= 0xE002E000u && addr <= 0xE002EFFFu) || /* SCS NS */
	       (addr >= 0xE0040000u && addr <= 0xE0041FFFu) || /* TPIU, ETM */
	       (addr >= 0xE00FF000u && addr <= 0xE00FFFFFu);   /* ROM table */
}

/** True when enabled regions @a and @b share an address. */
static bool regions_overlap(const struct sau *sau, unsigned a, unsigned b)
{
	return region_enabled(sau, a) && region_enabled(sau, b) &&
	       sau->rbar[a] <= region_limit(sau, b) &&
	       sau->rbar[b] <= region_limit(sau, a) &&
	       sau->rbar[a] <= region_limit(sau, a) &&
	       sau->rbar[b] <= region_limit(sau, b);
}

bool sau_find_overlap(const struct sau *sau, unsigned *a, unsigned *b)
{
	for (unsigned i = 0; i < sau->n_regions; i++) {
		for (unsigned j = i + 1; j < sau->n_regions; j++) {
			if (!regions_overlap(sau, i, j))
				continue;
			if (a)
				*a = i;
			if (b)
				*b = j;
			return true;
		}
	}
	return false;
}

const char *sau_attr_name(enum sau_attr attr)
{
	switch (attr) {
	case SAU_SECURE:
		return "secure";
	case SAU_NON_SECURE_CALLABLE:
		return "non-secure callable";
	case SAU_NON_SECURE:
		return "non-secure";
	case SAU_MIXED:
		return "mixed";
	}
	return "unknown";
}
