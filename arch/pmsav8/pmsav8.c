/*
 * Armv8-M region encodings and the region images of isolation boundaries,
 * shared by the host's MPU model and the target's MPU driver.
 */
#include "pmsav8.h"

#define RBAR_XN         0x1u
#define RBAR_AP_SHIFT   1
#define RBAR_AP_MASK    0x6u
#define RBAR_SH_SHIFT   3
#define RBAR_SH_MASK    0x18u
#define RLAR_EN         0x1u
#define RLAR_ATTR_SHIFT 1
#define RLAR_ATTR_MASK  0xEu
#define SAU_RLAR_EN     0x1u
#define SAU_RLAR_NSC    0x2u

uint32_t pmsav8_rbar(uint32_t base, unsigned sh, enum pmsav8_ap ap, bool xn)
{
	return (base & PMSAV8_ADDR_MASK) |
	       ((sh << RBAR_SH_SHIFT) & RBAR_SH_MASK) |
	       (((uint32_t)ap << RBAR_AP_SHIFT) & RBAR_AP_MASK) |
	       (xn ? RBAR_XN : 0u);
}

uint32_t pmsav8_rlar(uint32_t limit, unsigned attr_index, bool enable)
{
	return (limit & PMSAV8_ADDR_MASK) |
	       ((attr_index << RLAR_ATTR_SHIFT) & RLAR_ATTR_MASK) |
	       (enable ? RLAR_EN : 0u);
}

uint32_t pmsav8_sau_rbar(uint32_t base)
{
	return base & PMSAV8_ADDR_MASK;
}

uint32_t pmsav8_sau_rlar(uint32_t limit, bool nsc, bool enable)
{
	return (limit & PMSAV8_ADDR_MASK) | (nsc ? SAU_RLAR_NSC : 0u) |
	       (enable ? SAU_RLAR_EN : 0u);
}

/** Appends an enabled region over @r; false when the MPU is full. */
static bool add(struct pmsav8_image *out, unsigned max, struct pmsav8_range r,
                enum pmsav8_ap ap, bool xn, unsigned attr)
{
	if (out->n >= max) {
		return false;
	}
	out->rbar[out->n] = pmsav8_rbar(r.base, 0, ap, xn);
	out->rlar[out->n] = pmsav8_rlar(r.limit, attr, true);
	out->n++;
	return true;
}

int pmsav8_boundary_image(const struct pmsav8_layout *layout, unsigned level,
                          bool privileged, const struct pmsav8_mmio *mmio,
                          unsigned n_mmio, unsigned max_regions,
                          struct pmsav8_image *out)
{
	bool fits;

	if (max_regions > PMSAV8_MAX_REGIONS) {
		max_regions = PMSAV8_MAX_REGIONS;
	}
	out->n = 0;
	fits = add(out, max_regions, layout->code, PMSAV8_AP_RO_ANY, false,
	           PMSAV8_ATTR_NORMAL);
	if (privileged) {
		fits &= add(out, max_regions, layout->secure, PMSAV8_AP_RW_PRIV,
		            true, PMSAV8_ATTR_NORMAL);
	} else if (level == 2) {
		fits &= add(out, max_regions, layout->app, PMSAV8_AP_RW_ANY,
		            true, PMSAV8_ATTR_NORMAL);
	} else if (level == 3) {
		fits &= add(out, max_regions, layout->own, PMSAV8_AP_RW_ANY,
		            true, PMSAV8_ATTR_NORMAL);
	}
	for (unsigned i = 0; i < n_mmio; i++) {
		struct pmsav8_range r = {mmio[i].base,
		                         mmio[i].base + mmio[i].size - 1u};

		fits &= add(out, max_regions, r,
		            mmio[i].writable ? PMSAV8_AP_RW_ANY
		                             : PMSAV8_AP_RO_ANY,
		            true, PMSAV8_ATTR_DEVICE);
	}
	return fits ? 0 : -1;
}
