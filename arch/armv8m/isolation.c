/*
 * The isolation HAL on the Cortex-M33: boundaries are Secure MPU images
 * (pmsav8_boundary_image(), the same images the host's MPU model decides
 * with), the memory check is cmse_check_address_range() (the TT
 * instructions), and the non-secure side's boundary is what the SAU and
 * the IDAU make non-secure (TTA).
 *
 * Isolation level 1 only, for now: every secure partition is privileged and
 * shares one image (code read-only and executable, all Secure RAM
 * read-write and never executable, the background map for the rest), so the
 * MPU is programmed once, at the first secure boundary's activation.
 */
#include "arch.h"

#include <arm_cmse.h>
#include <stdio.h>
#include <string.h>

#include "an505.h"
#include "pmsav8.h"
#include "spm.h"

extern char __code_start[], __code_end[], __ram_start[], __ram_end[];

struct boundary {
	bool ns;
	struct pmsav8_image image;
};

static struct {
	unsigned level;
	unsigned n_regions;
	struct boundary b[SPM_MAX_PARTITIONS + 1u];
	uint32_t n_b;
	/** The image in the MPU now, or NULL. */
	const struct pmsav8_image *programmed;
} iso;

static const struct boundary *get(uintptr_t boundary)
{
	return boundary >= 1 && boundary <= iso.n_b ? &iso.b[boundary - 1]
	                                            : NULL;
}

int arch_isolation_init(unsigned level, unsigned mpu_regions,
                        const struct spm_load_table *table, char *why,
                        size_t why_size)
{
	unsigned have = (MPU_TYPE >> 8) & 0xFFu;

	(void)table;
	if (level != 1) {
		snprintf(why, why_size,
		         "isolation level %u: this target build runs level 1 "
		         "(unprivileged partitions on the MPU are not built "
		         "for it yet)",
		         level);
		return -1;
	}
	if (mpu_regions > have) {
		snprintf(why, why_size, "the Secure MPU has %u regions, not %u",
		         have, mpu_regions);
		return -1;
	}
	memset(&iso, 0, sizeof(iso));
	iso.level = level;
	iso.n_regions = mpu_regions;
	MPU_CTRL = 0;
	MPU_MAIR0 = PMSAV8_MAIR0;
	return 0;
}

int arch_isolation_bind(const struct spm_partition_desc *desc, uint32_t index,
                        uintptr_t *boundary, char *why, size_t why_size)
{
	struct boundary *b = &iso.b[iso.n_b];
	struct pmsav8_layout layout = {
	        .code = {(uint32_t)(uintptr_t)__code_start,
	                 (uint32_t)(uintptr_t)__code_end - 1u},
	        .secure = {(uint32_t)(uintptr_t)__ram_start,
	                   (uint32_t)(uintptr_t)__ram_end - 1u},
	};
	struct pmsav8_mmio mmio[PMSAV8_MAX_REGIONS];

	(void)index;
	*b = (struct boundary){.ns = desc == NULL};
	if (desc != NULL) {
		if (desc->n_mmio > PMSAV8_MAX_REGIONS) {
			snprintf(why, why_size,
			         "partition '%s': too many MMIO regions",
			         desc->name);
			return -1;
		}
		for (uint32_t i = 0; i < desc->n_mmio; i++) {
			if (desc->mmio[i].name != NULL) {
				snprintf(why, why_size,
				         "partition '%s': MMIO region '%s' is "
				         "not a region of this board",
				         desc->name, desc->mmio[i].name);
				return -1;
			}
			mmio[i] = (struct pmsav8_mmio){
			        desc->mmio[i].base, desc->mmio[i].size,
			        desc->mmio[i].permission ==
			                SPM_MMIO_READ_WRITE};
		}
		if (pmsav8_boundary_image(&layout, iso.level, true, mmio,
		                          desc->n_mmio, iso.n_regions,
		                          &b->image) != 0) {
			snprintf(why, why_size,
			         "partition '%s' needs more MPU regions than "
			         "the %u the MPU has",
			         desc->name, iso.n_regions);
			return -1;
		}
	}
	iso.n_b++;
	*boundary = iso.n_b;
	return 0;
}

void arch_isolation_add_stack(uintptr_t boundary,
                              const struct arch_context *ctx)
{
	/* At level 1 every stack is in the Secure RAM all partitions share. */
	(void)boundary;
	(void)ctx;
}

bool arch_isolation_switch_needed(uintptr_t from, uintptr_t to)
{
	const struct boundary *f = get(from), *t = get(to);

	if (t == NULL || t->ns) {
		return false; /* the NS side's calls run in the SPM's view */
	}
	return f == NULL || f->ns ||
	       memcmp(&f->image, &t->image, sizeof(t->image)) != 0;
}

/** Programs @image into the Secure MPU. */
static void program(const struct pmsav8_image *image)
{
	MPU_CTRL = 0;
	__asm volatile("dsb\n\tisb" ::: "memory");
	for (unsigned n = 0; n < iso.n_regions; n++) {
		MPU_RNR = n;
		MPU_RBAR = n < image->n ? image->rbar[n] : 0u;
		MPU_RLAR = n < image->n ? image->rlar[n] : 0u;
	}
	MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
	__asm volatile("dsb\n\tisb" ::: "memory");
	iso.programmed = image;
}

void arch_isolation_activate(uintptr_t boundary)
{
	const struct boundary *b = get(boundary);

	if (b == NULL || b->ns || iso.programmed == &b->image) {
		return;
	}
	if (iso.programmed == NULL ||
	    memcmp(iso.programmed, &b->image, sizeof(b->image)) != 0) {
		program(&b->image);
	}
}

void arch_isolation_leave_spm(void)
{
	/* Level 1: partition code runs privileged, as the SPM does. */
}

void arch_isolation_enter_spm(void)
{
}

bool arch_isolation_check(uintptr_t boundary, const void *base, size_t size,
                          uint32_t access)
{
	const struct boundary *b = get(boundary);
	int flags = (access & ARCH_MEM_WRITE) != 0 ? CMSE_MPU_READWRITE
	                                           : CMSE_MPU_READ;

	if (size == 0) {
		return true;
	}
	if (b == NULL || base == NULL) {
		return false;
	}
	if (b->ns) {
		flags |= CMSE_NONSECURE;
	}
	return cmse_check_address_range((void *)(uintptr_t)base, size, flags) !=
	       NULL;
}
