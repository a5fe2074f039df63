/*
 * The isolation HAL on the Cortex-M33.
 *
 * How it works. A boundary is a Secure MPU image, computed by
 * pmsav8_boundary_image() (the images the host's MPU model decides with)
 * over this image's memory: the code (read-only, executable, for all), the
 * Secure RAM (privileged boundaries: read-write, never executable), the
 * application-RoT partitions' areas (level 2) or the partition's own area
 * (level 3), and its MMIO regions. Each partition's area (see
 * scripts/target-areas.sh) holds its data, its bss and its stack. When
 * a context is given to a partition (arch_isolation_add_stack()), before
 * it ever runs, the stack it got on the heap moves to that area if the
 * partition runs privileged; if not, the area's stack is the partition
 * code's and the context's own becomes a small stack of the SPM's.
 *
 * Privilege: the SPM runs privileged in Thread mode. A partition whose
 * boundary is privileged (level 1, PSA-RoT) runs on its own stack, in its
 * area, and the SPM runs on it for its calls. One whose boundary is not
 * keeps its stack in its area for its own code only: the SPM's code for
 * it runs on a stack of the SPM's, and the two meet at the SVC gate
 * (gate.c). Its first-level interrupt handlers run unprivileged too, on
 * its stack below what its code uses there.
 *
 * The memory check is cmse_check_address_range() (TT, TTT for an
 * unprivileged boundary, TTA for the non-secure side) when the boundary's
 * image is the one in the MPU, and the same decision taken on the image
 * otherwise.
 */
#include "arch.h"

#include <arm_cmse.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "an505.h"
#include "armv8m.h"
#include "pmsav8.h"
#include "spm.h"

extern char __code_start[], __code_end[], __ram_start[], __ram_end[];
extern char __app_start[], __app_end[];

/** The SPM's stack of a context whose partition runs unprivileged. */
#define SPM_STACK_SIZE 1024u
#define RBAR_AP(rbar)  (((rbar) >> 1) & 0x3u)

struct boundary {
	bool ns;
	bool privileged;
	const struct armv8m_area *area;
	/** The partition's context, when its code runs unprivileged. */
	const struct arch_context *ctx;
	struct pmsav8_image image;
};

static struct {
	unsigned level;
	unsigned n_regions;
	struct boundary b[SPM_MAX_PARTITIONS + 1u];
	uint32_t n_b;
	/** The boundary active now (0: none yet); is its code unprivileged? */
	uintptr_t active;
	bool unprivileged;
	/** The image in the MPU now, or NULL. */
	const struct pmsav8_image *programmed;
} iso;

static const struct boundary *get(uintptr_t boundary)
{
	return boundary >= 1 && boundary <= iso.n_b ? &iso.b[boundary - 1]
	                                            : NULL;
}

static uint32_t addr(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

const struct armv8m_area *armv8m_area_of(const char *name)
{
	for (const struct armv8m_area *a = armv8m_areas; a->partition != NULL;
	     a++) {
		if (strcmp(a->partition, name) == 0) {
			return a;
		}
	}
	return NULL;
}

void armv8m_areas_init(void)
{
	for (const struct armv8m_area *a = armv8m_areas; a->partition != NULL;
	     a++) {
		memcpy(a->start, a->load, (size_t)(a->bss - a->start));
		memset(a->bss, 0, (size_t)(a->stack - a->bss));
	}
}

int arch_isolation_init(unsigned level, unsigned mpu_regions,
                        const struct spm_load_table *table, char *why,
                        size_t why_size)
{
	unsigned have = (MPU_TYPE >> 8) & 0xFFu;

	(void)table;
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

/** The MMIO regions of @desc for the image; -1 with @why when not. */
static int mmio_of(const struct spm_partition_desc *desc,
                   struct pmsav8_mmio *mmio, char *why, size_t why_size)
{
	if (desc->n_mmio > PMSAV8_MAX_REGIONS) {
		snprintf(why, why_size, "partition '%s': too many MMIO regions",
		         desc->name);
		return -1;
	}
	for (uint32_t i = 0; i < desc->n_mmio; i++) {
		const struct spm_mmio_desc *m = &desc->mmio[i];

		if (m->name != NULL) {
			snprintf(why, why_size,
			         "partition '%s': MMIO region '%s' is not a "
			         "region of this board",
			         desc->name, m->name);
			return -1;
		}
		mmio[i] = (struct pmsav8_mmio){
		        m->base, m->size, m->permission == SPM_MMIO_READ_WRITE};
	}
	return 0;
}

/** The image of secure boundary @b of @desc; 0, or -1 with @why. */
static int secure_image(struct boundary *b,
                        const struct spm_partition_desc *desc, char *why,
                        size_t why_size)
{
	struct pmsav8_layout layout = {
	        .code = {addr(__code_start), addr(__code_end) - 1u},
	        .secure = {addr(__ram_start), addr(__ram_end) - 1u},
	        .app = {addr(__app_start), addr(__app_end) - 1u},
	        .own = {addr(b->area->start), addr(b->area->end) - 1u},
	};
	struct pmsav8_mmio mmio[PMSAV8_MAX_REGIONS];

	if (mmio_of(desc, mmio, why, why_size) != 0) {
		return -1;
	}
	if (pmsav8_boundary_image(&layout, iso.level, b->privileged, mmio,
	                          desc->n_mmio, iso.n_regions,
	                          &b->image) != 0) {
		snprintf(why, why_size,
		         "partition '%s' needs more MPU regions at isolation "
		         "level %u than the %u the MPU has",
		         desc->name, iso.level, iso.n_regions);
		return -1;
	}
	return 0;
}

int arch_isolation_bind(const struct spm_partition_desc *desc, uint32_t index,
                        uintptr_t *boundary, char *why, size_t why_size)
{
	struct boundary *b = &iso.b[iso.n_b];

	(void)index;
	*b = (struct boundary){.ns = desc == NULL};
	if (desc != NULL) {
		b->privileged =
		        iso.level == 1 || desc->type == SPM_PARTITION_PSA_ROT;
		b->area = armv8m_area_of(desc->name);
		if (b->area == NULL) {
			snprintf(why, why_size,
			         "partition '%s' has no RAM area in this image",
			         desc->name);
			return -1;
		}
		if (secure_image(b, desc, why, why_size) != 0) {
			return -1;
		}
	}
	iso.n_b++;
	*boundary = iso.n_b;
	return 0;
}

/** Moves the first frame of @c (not run yet) to @stack, @size bytes. */
static void move_stack(struct arch_context *c, char *stack, size_t size,
                       bool owned)
{
	size_t used = (size_t)((char *)c->stack + c->stack_size -
	                       (char *)(uintptr_t)c->sp);

	SPM_CHECK(used <= size);
	memcpy(stack + size - used, (void *)(uintptr_t)c->sp, used);
	arch_context_destroy(c);
	c->stack = owned ? stack : NULL;
	c->sp = addr(stack + size - used);
	c->limit = addr(stack);
	c->stack_size = size;
}

void arch_isolation_add_stack(uintptr_t boundary,
                              const struct arch_context *ctx)
{
	const struct boundary *b = get(boundary);
	struct arch_context *c = (struct arch_context *)ctx;
	char *spm_stack;

	if (b == NULL || b->ns || c->stack == NULL) {
		return; /* the non-secure side's calls run in the SPM's RAM */
	}
	if (b->privileged) {
		/* The partition's area holds the one stack. */
		move_stack(c, b->area->stack,
		           (size_t)(b->area->end - b->area->stack), false);
		return;
	}
	spm_stack = memalign(32, SPM_STACK_SIZE);
	SPM_CHECK(spm_stack != NULL);
	move_stack(c, spm_stack, SPM_STACK_SIZE, true);
	armv8m_gate_add_stack(c, addr(b->area->stack), addr(b->area->end));
	iso.b[boundary - 1u].ctx = c;
}

bool arch_isolation_switch_needed(uintptr_t from, uintptr_t to)
{
	const struct boundary *f = get(from), *t = get(to);

	if (t == NULL || t->ns) {
		return false; /* the non-secure side's calls run in the SPM's
		                 view */
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

	if (b == NULL || b->ns) {
		return;
	}
	iso.active = boundary;
	iso.unprivileged = !b->privileged;
	if (iso.programmed != &b->image &&
	    (iso.programmed == NULL ||
	     memcmp(iso.programmed, &b->image, sizeof(b->image)) != 0)) {
		program(&b->image);
	}
}

/** Does partition code run unprivileged when the SPM calls it now? */
static bool calls_down(void)
{
	uint32_t ipsr;

	if (!iso.unprivileged) {
		return false;
	}
	__asm volatile("mrs %0, ipsr" : "=r"(ipsr));
	return ipsr == 0;
}

void arch_run_entry(void (*entry)(void))
{
	if (!calls_down()) {
		entry();
		return;
	}
	(void)armv8m_call_partition((uintptr_t)entry, 0, NULL, 0);
}

psa_status_t arch_run_init(psa_status_t (*init)(void))
{
	if (!calls_down()) {
		return init();
	}
	return (psa_status_t)armv8m_call_partition((uintptr_t)init, 0, NULL, 0);
}

psa_status_t arch_run_sfn(psa_status_t (*sfn)(const psa_msg_t *msg),
                          const psa_msg_t *msg)
{
	if (!calls_down()) {
		return sfn(msg);
	}
	return (psa_status_t)armv8m_call_partition((uintptr_t)sfn, 0, msg,
	                                           sizeof(*msg));
}

psa_flih_result_t arch_run_flih(psa_flih_result_t (*flih)(void))
{
	/* The handler's partition is the current one: its boundary. */
	const struct boundary *b = get(spm_sys()->current->boundary);
	uint32_t r;

	if (b == NULL || b->privileged) {
		return flih();
	}
	r = armv8m_call_flih((uintptr_t)flih,
	                     armv8m_gate_flih_top(b->ctx, addr(b->area->end)),
	                     addr(b->area->stack));
	if (armv8m_gate_flih_faulted()) {
		return PSA_FLIH_NO_SIGNAL; /* its panic follows the interrupt */
	}
	return (psa_flih_result_t)r;
}

/** Does region image @image let unprivileged code make @access? */
static bool image_allows(const struct pmsav8_image *image, uint32_t base,
                         uint32_t last, uint32_t access)
{
	for (unsigned n = 0; n < image->n; n++) {
		uint32_t lo = image->rbar[n] & PMSAV8_ADDR_MASK;
		uint32_t hi = (image->rlar[n] & PMSAV8_ADDR_MASK) | 0x1Fu;
		uint32_t ap = RBAR_AP(image->rbar[n]);

		if (base >= lo && base <= hi) {
			if (last > hi) {
				return false;
			}
			return (access & ARCH_MEM_WRITE) != 0
			               ? ap == PMSAV8_AP_RW_ANY
			               : ap == PMSAV8_AP_RW_ANY ||
			                         ap == PMSAV8_AP_RO_ANY;
		}
	}
	return false;
}

bool arch_isolation_check(uintptr_t boundary, const void *base, size_t size,
                          uint32_t access)
{
	const struct boundary *b = get(boundary);
	uint32_t first = addr(base);
	int flags = (access & ARCH_MEM_WRITE) != 0 ? CMSE_MPU_READWRITE
	                                           : CMSE_MPU_READ;

	if (size == 0) {
		return true;
	}
	if (b == NULL || base == NULL || size - 1u > UINT32_MAX - first) {
		return false;
	}
	if (b->ns) {
		flags |= CMSE_NONSECURE;
	} else if (!b->privileged) {
		if (iso.programmed != &b->image) {
			return image_allows(&b->image, first,
			                    first + (uint32_t)(size - 1u),
			                    access);
		}
		flags |= CMSE_MPU_UNPRIV;
	}
	return cmse_check_address_range((void *)(uintptr_t)base, size, flags) !=
	       NULL;
}
