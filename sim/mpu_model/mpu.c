/*
 * How it works: the model keeps the MPU registers exactly as the hardware
 * holds them (CTRL, MAIR0/1, and per region the raw RBAR/RLAR) and decodes
 * them on every question, so what the architecture code wrote is what
 * decides; there is no cached or derived state to go stale. An access is
 * decided in the order of the Armv8-M pseudocode: the PPB bypasses the MPU;
 * a disabled MPU leaves the default system address map; an enabled one
 * looks the address up in every enabled region, and more than one hit is a
 * fault (unlike Armv7-M, no region number wins), one hit hands the decision
 * to that region's AP and XN, and no hit falls back to the default map only
 * for privileged accesses with PRIVDEFENA set. System space (0xE0000000 and
 * up) is never executable, whatever a region says. A range is decided one
 * run of bytes at a time, where a run ends at the next region edge or
 * default-map area edge, since nothing that decides can change inside one;
 * this keeps a check of a large buffer to a few dozen lookups. TT and the
 * cmse-style range check are built on the single-access decision, so the
 * three can never disagree about permissions.
 */
#include "mpu.h"

#include <string.h>

#include "pmsav8.h"

#define PPB_BASE       0xE0000000u
#define PPB_LIMIT      0xE00FFFFFu
#define SYSTEM_BASE    0xE0000000u
/* The default system address map comes in 512 MB areas. */
#define MAP_AREA_SHIFT 29
#define ADDR_SPACE_END 0x100000000ull
#define RLAR_RES0      0x10u
#define TT_MRVALID     (1u << 16)
#define TT_R           (1u << 18)
#define TT_RW          (1u << 19)

int mpu_init(struct mpu *mpu, unsigned n_regions)
{
	if (n_regions != 8 && n_regions != 16)
		return -1;
	memset(mpu, 0, sizeof(*mpu));
	mpu->n_regions = n_regions;
	return 0;
}

void mpu_set_ctrl(struct mpu *mpu, uint32_t ctrl)
{
	mpu->ctrl = ctrl &
	            (MPU_CTRL_ENABLE | MPU_CTRL_HFNMIENA | MPU_CTRL_PRIVDEFENA);
}

uint32_t mpu_ctrl(const struct mpu *mpu)
{
	return mpu->ctrl;
}

int mpu_set_mair(struct mpu *mpu, unsigned n, uint32_t value)
{
	if (n > 1)
		return -1;
	mpu->mair[n] = value;
	return 0;
}

uint8_t mpu_mair_attr(const struct mpu *mpu, unsigned attr_index)
{
	attr_index &= 7;
	return (uint8_t)(mpu->mair[attr_index / 4] >> (8 * (attr_index % 4)));
}

int mpu_region_set(struct mpu *mpu, unsigned n, uint32_t rbar, uint32_t rlar)
{
	if (n >= mpu->n_regions)
		return -1;
	mpu->rbar[n] = rbar;
	mpu->rlar[n] = rlar & ~RLAR_RES0;
	return 0;
}

int mpu_region_decode(const struct mpu *mpu, unsigned n, struct mpu_region *out)
{
	uint32_t rbar, rlar;

	if (n >= mpu->n_regions)
		return -1;
	rbar = mpu->rbar[n];
	rlar = mpu->rlar[n];
	out->rbar = rbar;
	out->rlar = rlar;
	out->base = rbar & MPU_ADDR_MASK;
	out->limit = rlar | ~MPU_ADDR_MASK;
	out->ap = (enum mpu_ap)((rbar & MPU_RBAR_AP_MASK) >> MPU_RBAR_AP_SHIFT);
	out->xn = rbar & MPU_RBAR_XN;
	out->sh = (rbar & MPU_RBAR_SH_MASK) >> MPU_RBAR_SH_SHIFT;
	out->attr_index = (rlar & MPU_RLAR_ATTR_MASK) >> MPU_RLAR_ATTR_SHIFT;
	out->attr = mpu_mair_attr(mpu, out->attr_index);
	out->enabled = rlar & MPU_RLAR_EN;
	return 0;
}

_Static_assert(MPU_AP_RW_PRIV == (int)PMSAV8_AP_RW_PRIV &&
                       MPU_AP_RO_ANY == (int)PMSAV8_AP_RO_ANY,
               "the model's AP values are the architecture's");

uint32_t mpu_rbar(uint32_t base, unsigned sh, enum mpu_ap ap, bool xn)
{
	return pmsav8_rbar(base, sh, (enum pmsav8_ap)ap, xn);
}

uint32_t mpu_rlar(uint32_t limit, unsigned attr_index, bool enable)
{
	return pmsav8_rlar(limit, attr_index, enable);
}

static bool in_ppb(uint32_t addr)
{
	return addr >= PPB_BASE && addr <= PPB_LIMIT;
}

/** The execute-never areas of the default system address map. */
static bool default_map_xn(uint32_t addr)
{
	switch (addr >> MAP_AREA_SHIFT) {
	case 2: /* 0x40000000 Peripheral */
	case 5: /* 0xA0000000 Device */
	case 6: /* 0xC0000000 Device */
	case 7: /* 0xE0000000 System */
		return true;
	default:
		return false;
	}
}

static struct mpu_result allow(uint32_t addr, int region)
{
	struct mpu_result r = {true, MPU_FAULT_NONE, region, -1, addr};

	return r;
}

static struct mpu_result refuse(uint32_t addr, enum mpu_fault fault, int region)
{
	struct mpu_result r = {false, fault, region, -1, addr};

	return r;
}

/** The default map's answer: everything but execution from XN areas. */
static struct mpu_result default_map(uint32_t addr, enum mpu_access_kind kind)
{
	if (kind == MPU_ACCESS_EXECUTE && default_map_xn(addr))
		return refuse(addr, MPU_FAULT_EXECUTE_NEVER, -1);
	return allow(addr, -1);
}

static bool region_holds(const struct mpu *mpu, unsigned n, uint32_t addr)
{
	return (mpu->rlar[n] & MPU_RLAR_EN) &&
	       addr >= (mpu->rbar[n] & MPU_ADDR_MASK) &&
	       addr <= (mpu->rlar[n] | ~MPU_ADDR_MASK);
}

/** One region's answer: AP for reads and writes, then XN for fetches. */
static struct mpu_result region_decides(const struct mpu *mpu, unsigned n,
                                        uint32_t addr,
                                        enum mpu_access_kind kind,
                                        bool privileged)
{
	uint32_t rbar = mpu->rbar[n];
	unsigned ap = (rbar & MPU_RBAR_AP_MASK) >> MPU_RBAR_AP_SHIFT;
	bool any = ap == MPU_AP_RW_ANY || ap == MPU_AP_RO_ANY;
	bool writable = ap == MPU_AP_RW_PRIV || ap == MPU_AP_RW_ANY;

	if ((!privileged && !any) || (kind == MPU_ACCESS_WRITE && !writable))
		return refuse(addr, MPU_FAULT_PERMISSION, (int)n);
	if (kind == MPU_ACCESS_EXECUTE &&
	    ((rbar & MPU_RBAR_XN) || addr >= SYSTEM_BASE))
		return refuse(addr, MPU_FAULT_EXECUTE_NEVER, (int)n);
	return allow(addr, (int)n);
}

/** An enabled MPU's answer: regions, then the background region. */
static struct mpu_result regions_decide(const struct mpu *mpu, uint32_t addr,
                                        enum mpu_access_kind kind,
                                        bool privileged)
{
	int hit = -1;
	struct mpu_result r;

	for (unsigned n = 0; n < mpu->n_regions; n++) {
		if (!region_holds(mpu, n, addr))
			continue;
		if (hit >= 0) {
			r = refuse(addr, MPU_FAULT_MULTIPLE_REGIONS, hit);
			r.other_region = (int)n;
			return r;
		}
		hit = (int)n;
	}
	if (hit >= 0)
		return region_decides(mpu, (unsigned)hit, addr, kind,
		                      privileged);
	if (privileged && (mpu->ctrl & MPU_CTRL_PRIVDEFENA))
		return default_map(addr, kind);
	return refuse(addr, MPU_FAULT_NO_REGION, -1);
}

struct mpu_result mpu_access(const struct mpu *mpu, uint32_t addr,
                             enum mpu_access_kind kind, bool privileged)
{
	if (in_ppb(addr)) {
		if (kind == MPU_ACCESS_EXECUTE)
			return refuse(addr, MPU_FAULT_EXECUTE_NEVER, -1);
		if (!privileged)
			return refuse(addr, MPU_FAULT_PPB_UNPRIVILEGED, -1);
		return allow(addr, -1);
	}
	if (!(mpu->ctrl & MPU_CTRL_ENABLE))
		return default_map(addr, kind);
	return regions_decide(mpu, addr, kind, privileged);
}

/**
 * The first address above @addr where the answer for an access might
 * differ from @addr's: a region's base or end, the end of the PPB, or the
 * next default-map area. ADDR_SPACE_END when none.
 */
static uint64_t next_edge(const struct mpu *mpu, uint32_t addr)
{
	uint64_t next = ((uint64_t)(addr >> MAP_AREA_SHIFT) + 1)
	                << MAP_AREA_SHIFT;

	if (in_ppb(addr))
		next = (uint64_t)PPB_LIMIT + 1;
	for (unsigned n = 0; n < mpu->n_regions; n++) {
		uint64_t base = mpu->rbar[n] & MPU_ADDR_MASK;
		uint64_t end = (uint64_t)(mpu->rlar[n] | ~MPU_ADDR_MASK) + 1;

		if (!(mpu->rlar[n] & MPU_RLAR_EN))
			continue;
		if (base > addr && base < next)
			next = base;
		if (end > addr && end < next)
			next = end;
	}
	return next;
}

/** True when @base .. @base + @size - 1 runs past the address space. */
static bool range_wraps(uint32_t base, size_t size)
{
	return (uint64_t)size > ADDR_SPACE_END - base;
}

struct mpu_result mpu_range_access(const struct mpu *mpu, uint32_t base,
                                   size_t size, enum mpu_access_kind kind,
                                   bool privileged)
{
	struct mpu_result first, r;
	uint64_t addr, end;

	if (size == 0)
		return allow(base, -1);
	if (range_wraps(base, size))
		return refuse(base, MPU_FAULT_RANGE_WRAP, -1);
	end = (uint64_t)base + size;
	first = mpu_access(mpu, base, kind, privileged);
	r = first;
	addr = base;
	while (r.allowed) {
		addr = next_edge(mpu, (uint32_t)addr);
		if (addr >= end)
			return first;
		r = mpu_access(mpu, (uint32_t)addr, kind, privileged);
	}
	return r;
}

struct mpu_tt mpu_tt(const struct mpu *mpu, uint32_t addr, bool privileged)
{
	struct mpu_tt tt = {0, false, true, true, TT_R | TT_RW};
	struct mpu_result rd, wr;

	/* The PPB bypasses the MPU: the MPU-level view is read/write. */
	if (in_ppb(addr))
		return tt;
	rd = mpu_access(mpu, addr, MPU_ACCESS_READ, privileged);
	wr = mpu_access(mpu, addr, MPU_ACCESS_WRITE, privileged);
	tt.read = rd.allowed;
	tt.readwrite = wr.allowed;
	tt.region_valid =
	        rd.region >= 0 && rd.fault != MPU_FAULT_MULTIPLE_REGIONS;
	tt.region = tt.region_valid ? (uint8_t)rd.region : 0;
	tt.resp = tt.region | (tt.region_valid ? TT_MRVALID : 0) |
	          (tt.read ? TT_R : 0) | (tt.readwrite ? TT_RW : 0);
	return tt;
}

struct mpu_result mpu_range_check(const struct mpu *mpu, uint32_t base,
                                  size_t size, enum mpu_access_kind kind,
                                  bool privileged)
{
	struct mpu_tt first, last;
	uint32_t last_addr;
	bool granted;

	if (size == 0)
		return allow(base, -1);
	if (range_wraps(base, size))
		return refuse(base, MPU_FAULT_RANGE_WRAP, -1);
	last_addr = (uint32_t)((uint64_t)base + size - 1);
	first = mpu_tt(mpu, base, privileged);
	last = mpu_tt(mpu, last_addr, privileged);
	if (first.resp != last.resp)
		return refuse(last_addr, MPU_FAULT_RANGE_CROSSES_REGIONS, -1);
	if (kind == MPU_ACCESS_EXECUTE)
		return mpu_range_access(mpu, base, size, kind, privileged);
	granted = kind == MPU_ACCESS_WRITE ? first.readwrite : first.read;
	if (!granted)
		return mpu_access(mpu, base, kind, privileged);
	return allow(base, first.region_valid ? first.region : -1);
}

const char *mpu_fault_name(enum mpu_fault fault)
{
	switch (fault) {
	case MPU_FAULT_NONE:
		return "allowed";
	case MPU_FAULT_NO_REGION:
		return "no region";
	case MPU_FAULT_MULTIPLE_REGIONS:
		return "multiple regions";
	case MPU_FAULT_PERMISSION:
		return "permission";
	case MPU_FAULT_EXECUTE_NEVER:
		return "execute-never";
	case MPU_FAULT_PPB_UNPRIVILEGED:
		return "unprivileged PPB access";
	case MPU_FAULT_RANGE_WRAP:
		return "range wraps";
	case MPU_FAULT_RANGE_CROSSES_REGIONS:
		return "range crosses regions";
	}
	return "unknown";
}
