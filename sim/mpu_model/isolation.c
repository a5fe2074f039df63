/*
 * The isolation HAL on the host, on top of the MPU and SAU models.
 *
 * How it works. The models decide on 32-bit addresses of a simulated memory
 * map, so every host address the SPM checks is first translated:
 *
 *   0x20000000  non-secure memory: the non-secure stack; at 0x21000000 the
 *               non-secure data area (64 KiB); from 0x24000000 the
 *               program's own data and bss outside the linker fragment,
 *               the non-secure heap blocks (ns_heap.c) and, during a run,
 *               the harness's frames and the non-secure threads' stacks
 *               (ns_threads.c). Nothing else is non-secure: host
 *               memory outside the map (the simulator's state, the C
 *               library's) fails every boundary's check.
 *   0x28000000  the program image's read-only part (code, constants). The
 *               host links the non-secure code, the SPM and the partitions
 *               into one image, so this is shared: readable by the
 *               non-secure side, and one code region (read, execute) of
 *               every secure boundary. (On the board the partitions' code
 *               and constants would be secure; a non-secure pointer to a
 *               partition's constant is therefore not refused here.)
 *   0x30000000  secure memory: slot 0 the SPM's own state, then one 4 MiB
 *               slot per partition: its data and
 *               bss (the spmsim_data_/spmsim_bss_ sections) at the start,
 *               its stack at +2 MiB, its heap (heap_size, at most 1 MiB; a
 *               mapping of its own, heap.c allocates from it) at +3 MiB.
 * PSA-RoT partitions take slots from the bottom, application-RoT ones from the
 * top, so that at level 2 all application-RoT memory is one MPU region.
 *   0x40000000  MMIO, at the addresses the manifests give; each numeric
 *               region is backed by a host mapping of its own, whole pages
 *               however small the region (boards have 0x100-byte windows,
 *               the MPU's granule is 32 bytes), so that its page
 *               protection follows that region alone; the bytes of those
 *               pages past the region's end (its slack) sit at
 *               0x5F000000, where no region grants an unprivileged or
 *               non-secure access
 *
 * The SAU makes 0x20000000-0x2FFFFFFF non-secure and the rest secure. Each
 * boundary is an MPU image (TF-M's static + per-partition regions):
 *   privileged (every partition at level 1, PSA-RoT at 2 and 3): code, all
 *             secure data (read-write, never executable), own MMIO, and
 *             the background map for the rest; nothing changes on a switch
 *             between privileged boundaries
 *   level 2   application-RoT unprivileged: code, all application-RoT
 *             slots, own MMIO
 *   level 3   application-RoT unprivileged: code, own slot, own MMIO
 * and the non-secure side is checked by the SAU (non-secure memory only;
 * only the code can be executed).
 * The memory check is cmse_check_address_range() over the boundary's image:
 * the whole range in the one area holding its first byte, mapped linearly,
 * and in one region that grants the access; and then the host must map
 * the range so (sim_fault_probe()): what the SPM accepts, its copy can read
 * or write without faulting.
 *
 * Raw accesses (the `trap` mode, protect.c): every area above that has host
 * memory of its own (the SPM's data and each partition's data and bss,
 * page-aligned by the linker fragment of scripts/gen-ldfrag.sh; each
 * stack; each MMIO region; the non-secure data area) is registered with
 * the page protection each boundary's MPU image or the SAU gives it, read
 * and write decided by the same models as the memory check. Activating a
 * boundary applies its protection while the partition's own code runs; the
 * SPM runs with everything accessible (see veneer.c). The simulator's own
 * state (the fragment's spmsim_sim: the data of sim/) is an area too,
 * written only in the SPM's view and by privileged boundaries, read-only to
 * the rest; the reset image is privileged-only. Host memory outside these
 * areas (the program's non-secure data, the C library, the heap, the
 * state signal handlers write) is not protected.
 */
#define _GNU_SOURCE
#include "isolation.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch.h"
#include "arch_context.h"
#include "mpu.h"
#include "pmsav8.h"
#include "ns_heap.h"
#include "inject.h"
#include "ns_threads.h"
#include "protect.h"
#include "sau.h"
#include "devices/devices.h"
#include "fault.h"
#include "heap.h"
#include "sim_memory.h"
#include "spmsim/platform.h"
#include "spmsim/spmsim.h"
#include "spm.h"
#include "veneer.h"

#define NS_BASE         0x20000000u
#define CODE_BASE       0x28000000u
#define NS_STACK_BASE   NS_BASE
#define NS_OTHER_BASE   0x24000000u
#define NS_OTHER_MASK   0x03FFFFFFu
#define CODE_MAX        0x07FFFFFFu
#define NS_LIMIT        0x2FFFFFFFu
#define SLOT_BASE       0x30000000u
#define SLOT_SIZE       0x00400000u
#define SLOT_STACK      0x00200000u
#define SLOT_HEAP       0x00300000u
#define HEAP_MAX        (SLOT_SIZE - SLOT_HEAP)
#define N_SLOTS         (SPM_MAX_PARTITIONS + 1u)
#define MAX_STACKS      (SPM_MAX_PARTITIONS + 4u)
#define NS_DATA_BASE    0x21000000u
#define NS_DATA_SIZE    0x10000u
/* Where an MMIO mapping's slack translates: secure, outside every region. */
#define MMIO_SLACK_BASE 0x5F000000u
/* Reports' addresses for host memory outside the map (no boundary's). */
#define UNMAPPED_BASE   0xF0000000u
#define UNMAPPED_MASK   0x0FFFFFFFu

extern char __executable_start[];
extern char __data_start[];
extern char _end[];
/* The linker fragment's areas (scripts/gen-ldfrag.sh); weak, so that a
 * program linked without it still runs (without protected areas). */
extern char spmsim_spm_start[] __attribute__((weak));
extern char spmsim_spm_end[] __attribute__((weak));
extern char spmsim_ns_stack_start[] __attribute__((weak));
extern char spmsim_ns_stack_end[] __attribute__((weak));
extern char spmsim_ns_data_start[] __attribute__((weak));
extern char spmsim_ns_data_end[] __attribute__((weak));
extern char spmsim_sim_start[] __attribute__((weak));
extern char spmsim_sim_end[] __attribute__((weak));
extern char spmsim_async_start[] __attribute__((weak));
extern char spmsim_async_end[] __attribute__((weak));
extern char spmsim_fence_lo_start[] __attribute__((weak));
extern char spmsim_fence_lo_end[] __attribute__((weak));
extern char spmsim_fence_hi_start[] __attribute__((weak));
extern char spmsim_fence_hi_end[] __attribute__((weak));

struct boundary {
	/** The owner's name, for the areas' names. */
	const char *name;
	bool ns;
	bool privileged;
	uint32_t slot;
	struct mpu mpu;
	/** The partition's heap (a mapping of map_size bytes), or NULL. */
	char *heap;
	size_t heap_size, heap_map_size;
};

static const struct boundary *get(uintptr_t boundary);

struct stack_owner {
	const struct arch_context *ctx;
	uintptr_t boundary;
};

/** An MMIO region and the host memory behind it. */
struct mmio_area {
	char *host;
	uint32_t base;
	/** The region's size. */
	uint32_t size;
	/** The whole pages protected for it (from @map), when page-protected.
	 */
	char *map;
	size_t map_size;
	/** Mapped here (no device model has the address), so unmapped here. */
	bool owned;
};

#define MAX_MMIO 64u

/** One remembered answer of the memory check, by host range. */
struct verdict {
	uintptr_t boundary; /* 0: empty */
	uintptr_t base;
	size_t size;
	enum mpu_access_kind kind;
	bool allowed;
};

/**
 * Remembered answers: VERDICT_SETS sets of VERDICT_WAYS, so that a few
 * ranges whose hashes meet (it depends on where the host put the stacks)
 * still share a set instead of evicting each other on every call.
 */
#define VERDICT_SETS 16u
#define VERDICT_WAYS 4u
#define VERDICTS     (VERDICT_SETS * VERDICT_WAYS)

struct iso_state {
	/** The system's partitions, for regions that share a page. */
	const struct spm_load_table *table;
	unsigned level;
	unsigned n_regions;
	struct sau sau;
	struct boundary b[N_SLOTS + 1];
	uint32_t n_b;
	/** Slot use: PSA-RoT upward from 1, application-RoT downward. */
	uint32_t next_low, next_high;
	/** The lowest application-RoT slot once all are bound. */
	uint32_t app_first;
	/** A partition's data and bss, by slot. */
	const struct sim_memory_region *mem[N_SLOTS];
	/** The slots in use, for the lookups. */
	uint32_t used[N_SLOTS];
	uint32_t n_used;
	struct verdict verdicts[VERDICTS];
	/** The way a new answer takes in its set, in turn. */
	uint32_t next_way;
	/** sim_context_epoch() when the verdicts were last forgotten. */
	unsigned long verdict_epoch;
	struct stack_owner stacks[MAX_STACKS];
	struct mmio_area mmio[MAX_MMIO];
	uint32_t n_mmio;
	uintptr_t active;
	/** The simulator's state and the pristine image: the SPM's view's. */
	struct sim_area *sim_state;
	/** The interrupt and device state: protected as sim_state is. */
	struct sim_area *sim_async;
	struct sim_area *image;
};

static struct iso_state iso;

static const struct boundary *get(uintptr_t boundary)
{
	return boundary >= 1 && boundary <= iso.n_b ? &iso.b[boundary - 1]
	                                            : NULL;
}

/** The protection mode of the next boot: true for `trap`. */
static bool trap_mode = true;

/** The harness's frames while a run lasts (see isolation.h): [lo, hi). */
static struct {
	uintptr_t lo, hi;
} harness;

/** The non-secure data area: a mapping of its own, for the whole process. */
static char *ns_data;

/**
 * The non-secure side's stack placement: asked for by the harness for the
 * next context, and the mapping placed there now.
 */
static struct {
	bool next;
	char *map;
} ns_place;

/** Drops every remembered memory-check answer. */
static __attribute__((noinline)) void forget_verdicts(void)
{
	memset(iso.verdicts, 0, sizeof(iso.verdicts));
	iso.verdict_epoch = sim_context_epoch();
}

static uint32_t slot_base(uint32_t slot)
{
	return SLOT_BASE + slot * SLOT_SIZE;
}

static uint32_t translate(uintptr_t a);
static void refresh_protection(void);

/** Registers host area [@host, +@size) of owner @name for protection. */
static struct sim_area *add_area(void *host, size_t size, bool secure,
                                 const char *name, const void *ctx)
{
	return sim_protect_add(host, size, translate((uintptr_t)host), secure,
	                       name, ctx);
}

/** Registers "@owner @what" (e.g. "SP_X data"). */
static struct sim_area *add_named_area(void *host, size_t size, bool secure,
                                       const char *owner, const char *what,
                                       const void *ctx)
{
	char name[48];

	snprintf(name, sizeof(name), "%s %s", owner, what);
	return add_area(host, size, secure, name, ctx);
}

/**
 * Registers a mapping of its own ("@owner @what": a stack, a heap, an MMIO
 * region's pages), which no neighbour joins in one run: lazy (protect.c),
 * opened at once in the view of boundary @view (0: none).
 */
static void add_lazy_area(void *host, size_t size, bool secure,
                          const char *owner, const char *what, const void *ctx,
                          uint32_t view)
{
	sim_protect_set_lazy(
	        add_named_area(host, size, secure, owner, what, ctx), view);
}

/** The size of the SPM's data area; 0 when the program has none. */
static size_t spm_area_size(void)
{
	uintptr_t start = (uintptr_t)spmsim_spm_start;
	uintptr_t end = (uintptr_t)spmsim_spm_end;

	return start != 0 && end > start ? (size_t)(end - start) : 0;
}

/** The size of the simulator's state area; 0 when the program has none. */
static size_t sim_area_size(void)
{
	uintptr_t start = (uintptr_t)spmsim_sim_start;
	uintptr_t end = (uintptr_t)spmsim_sim_end;

	return start != 0 && end > start ? (size_t)(end - start) : 0;
}

/** The size of the interrupt and device state; 0 when the program has none. */
static size_t async_area_size(void)
{
	uintptr_t start = (uintptr_t)spmsim_async_start;
	uintptr_t end = (uintptr_t)spmsim_async_end;

	return start != 0 && end > start ? (size_t)(end - start) : 0;
}

/**
 * Can this program enforce page protection? It needs the veneers and the
 * linker fragment (SPMSIM_LINK in the Makefile); without them it runs in
 * the `check` mode, and says so once.
 */
static bool trap_possible(void)
{
	static bool told;

	if (sim_veneers_linked() && spm_area_size() > 0) {
		return true;
	}
	if (!told) {
		told = true;
		arch_report(
		        "page protection needs the program linked with the "
		        "entry veneers and the linker fragment (SPMSIM_LINK "
		        "in the Makefile): running in the check mode");
	}
	return false;
}

/** Read-only fences around the secure sections keep them mappings apart. */
static void protect_fences(void)
{
	char *f[2][2] = {{spmsim_fence_lo_start, spmsim_fence_lo_end},
	                 {spmsim_fence_hi_start, spmsim_fence_hi_end}};
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);

	for (int i = 0; i < 2; i++) {
		if (f[i][0] != NULL && f[i][1] > f[i][0] &&
		    (uintptr_t)f[i][0] % page == 0) {
			(void)mprotect(f[i][0], (size_t)(f[i][1] - f[i][0]),
			               PROT_READ);
		}
	}
}

/**
 * The non-secure data area: the linker fragment's section (beside the
 * SPM's data, so that both change in one call), else a mapping of its own.
 */
static char *ns_data_area(void)
{
	uintptr_t start = (uintptr_t)spmsim_ns_data_start;
	void *m;

	if (start != 0 &&
	    (uintptr_t)spmsim_ns_data_end - start == NS_DATA_SIZE) {
		return spmsim_ns_data_start;
	}
	m = mmap(NULL, NS_DATA_SIZE, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return m != MAP_FAILED ? m : NULL;
}

/**
 * At exit, every area accessible again (also the placed stack's guard
 * gap): LeakSanitizer reads the program's data segment after main()
 * returns, a booted or halted system or not.
 */
static void release_at_exit(void)
{
	if (ns_place.map != NULL) {
		(void)mprotect(ns_place.map, ARCH_STACK_GAP,
		               PROT_READ | PROT_WRITE);
	}
	sim_protect_reset(false);
	SIM_PROTECT_NO_TAIL();
}

/** The areas every system has: the SPM's data, the non-secure data. */
static void add_static_areas(void)
{
	static bool exit_hook;
	size_t image_size = 0;
	void *image;

	if (!exit_hook) {
		exit_hook = atexit(release_at_exit) == 0;
	}
	if (ns_data == NULL) {
		ns_data = ns_data_area();
	}
	if (!sim_protect_trapping()) {
		return;
	}
	protect_fences();
	if (spm_area_size() > 0) {
		(void)add_area(spmsim_spm_start, spm_area_size(), true,
		               "SPM data", NULL);
	}
	if (sim_area_size() > 0) {
		iso.sim_state = add_area(
		        spmsim_sim_start, sim_area_size(), true,
		        "simulator state (MPU, SAU, protection)", NULL);
	}
	if (async_area_size() > 0) {
		iso.sim_async =
		        add_area(spmsim_async_start, async_area_size(), true,
		                 "simulator state (interrupts, devices)", NULL);
	}
	image = sim_memory_image(&image_size);
	iso.image = add_area(image, image_size, true,
	                     "partitions' initial data (reset image)", NULL);
	(void)add_area(ns_data, NS_DATA_SIZE, false, "non-secure data", NULL);
}

/** Unmaps the host memory behind MMIO regions. */
static void release_mmio(void)
{
	for (uint32_t i = 0; i < iso.n_mmio; i++) {
		if (iso.mmio[i].owned) {
			munmap(iso.mmio[i].map, iso.mmio[i].map_size);
		}
	}
	iso.n_mmio = 0;
}

/**
 * True when a partition other than @owner declares an MMIO region other
 * than [@base, +@size) that meets simulated range [@first, @end): the pages
 * there cannot follow one region's protection.
 */
static bool pages_shared(uint32_t base, uint32_t size, uint32_t first,
                         uint32_t end, const char *owner)
{
	for (uint32_t i = 0; iso.table != NULL && i < iso.table->n_partitions;
	     i++) {
		const struct spm_partition_desc *d = &iso.table->partitions[i];

		for (uint32_t k = 0;
		     strcmp(d->name, owner) != 0 && k < d->n_mmio; k++) {
			uint32_t rb = d->mmio[k].base, rs = d->mmio[k].size;

			if (d->mmio[k].name != NULL &&
			    !sim_platform_mmio(d->mmio[k].name, &rb, &rs)) {
				continue;
			}
			if ((rb != base || rs != size) && rb < end &&
			    first < rb + rs) {
				return true;
			}
		}
	}
	return false;
}

/**
 * Protects the device model's pages that hold region @m of @owner with the
 * region's protection, unless another partition's region shares them (then
 * they stay unprotected) or they already are (another region of @owner).
 */
static void protect_device_region(struct mmio_area *m, const char *owner)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t h = (uintptr_t)m->host;
	uintptr_t first = h / page * page;
	uintptr_t end = (h + m->size + page - 1) / page * page;
	uint32_t sim_first = m->base - (uint32_t)(h - first);
	char name[48];

	if (pages_shared(m->base, m->size, sim_first,
	                 sim_first + (uint32_t)(end - first), owner) ||
	    sim_protect_find((void *)first) != NULL) {
		return;
	}
	m->map = (char *)first;
	m->map_size = end - first;
	snprintf(name, sizeof(name), "%s MMIO", owner);
	(void)sim_protect_add(m->map, m->map_size, m->base, true, name, NULL);
}

/**
 * Host memory for MMIO region [@base, +@size), shared by its users: a
 * device model's registers, else plain memory of the region's own. Either
 * way whole pages are protected for the region, even one smaller than a
 * page, so that page protection follows it. The slack around it in those
 * pages goes with it: reachable by whoever may reach the region, which
 * the board's 32-byte granule would not allow.
 */
static void back_mmio(uint32_t base, uint32_t size, const char *owner)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	struct mmio_area *m;

	for (uint32_t i = 0; i < iso.n_mmio; i++) {
		if (iso.mmio[i].base == base) {
			return;
		}
	}
	if (iso.n_mmio == MAX_MMIO) {
		return;
	}
	m = &iso.mmio[iso.n_mmio];
	*m = (struct mmio_area){.base = base, .size = size};
	m->host = sim_devices_mmio(base);
	m->owned = m->host == NULL;
	if (!m->owned) {
		iso.n_mmio++;
		protect_device_region(m, owner);
		return;
	}
	m->map_size = (size + page - 1) / page * page;
	m->map = mmap(NULL, m->map_size, PROT_READ | PROT_WRITE,
	              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m->map != MAP_FAILED) {
		m->host = m->map;
		iso.n_mmio++;
		add_lazy_area(m->host, m->map_size, true, owner, "MMIO", NULL,
		              0);
	}
}

/** Unmaps the partitions' heaps. */
static void release_heaps(void)
{
	for (uint32_t i = 0; i < iso.n_b; i++) {
		if (iso.b[i].heap != NULL) {
			munmap(iso.b[i].heap, iso.b[i].heap_map_size);
			iso.b[i].heap = NULL;
		}
	}
}

/**
 * Maps @b's heap of @size bytes (whole pages, empty) in its slot and
 * registers it for protection; -1 when it cannot be had.
 */
static int make_heap(struct boundary *b, size_t size)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	size_t map_size = (size + page - 1) / page * page;
	void *m;

	if (size > HEAP_MAX) {
		return -1;
	}
	m = mmap(NULL, map_size, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		return -1;
	}
	b->heap = m;
	b->heap_size = size;
	b->heap_map_size = map_size;
	sim_heap_init(m, size);
	add_lazy_area(m, map_size, true, b->name, "heap", NULL,
	              (uint32_t)(b - iso.b) + 1u);
	return 0;
}

void *sim_isolation_heap(uintptr_t boundary, size_t *size)
{
	const struct boundary *b = get(boundary);

	*size = b != NULL && b->heap != NULL ? b->heap_size : 0;
	return *size > 0 ? b->heap : NULL;
}

void *sim_isolation_mmio(uint32_t base)
{
	for (uint32_t i = 0; i < iso.n_mmio; i++) {
		if (iso.mmio[i].base == base) {
			return iso.mmio[i].host;
		}
	}
	return NULL;
}

void *sim_isolation_mmio_at(uint32_t addr)
{
	for (uint32_t i = 0; i < iso.n_mmio; i++) {
		if (addr - iso.mmio[i].base < iso.mmio[i].size) {
			return iso.mmio[i].host + (addr - iso.mmio[i].base);
		}
	}
	return NULL;
}

int arch_isolation_init(unsigned level, unsigned mpu_regions,
                        const struct spm_load_table *table, char *why,
                        size_t why_size)
{
	uint32_t n_app = 0;

	if (!sim_protect_trusted(__builtin_return_address(0))) {
		sim_protect_refuse();
		return -1;
	}
	if (mpu_regions != 8 && mpu_regions != 16) {
		snprintf(why, why_size,
		         "an Armv8-M MPU has 8 or 16 regions, not %u",
		         mpu_regions);
		return -1;
	}
	for (uint32_t i = 0; i < table->n_partitions; i++) {
		n_app += table->partitions[i].type ==
		         SPM_PARTITION_APPLICATION_ROT;
	}
	sim_protect_reset(trap_mode && trap_possible());
	release_mmio();
	release_heaps();
	iso = (struct iso_state){
	        .table = table,
	        .level = level,
	        .n_regions = mpu_regions,
	        .next_low = 1,
	        .next_high = N_SLOTS - 1,
	        .app_first = N_SLOTS - n_app,
	};
	if (sau_init(&iso.sau, 8) != 0) {
		snprintf(why, why_size, "the SAU model refused its set-up");
		return -1;
	}
	sau_region_set(&iso.sau, 0, pmsav8_sau_rbar(NS_BASE),
	               pmsav8_sau_rlar(NS_LIMIT, false, true));
	sau_set_ctrl(&iso.sau, SAU_CTRL_ENABLE);
	add_static_areas();
	return 0;
}

/** The data/bss bounds the build recorded for partition @name, or NULL. */
static const struct sim_memory_region *memory_of(const char *name)
{
	for (const struct sim_memory_region *r = spmsim_memory_table;
	     r->partition != NULL; r++) {
		if (strcmp(r->partition, name) == 0) {
			return r;
		}
	}
	return NULL;
}

/** Registers a partition's data and bss (their sections, page-aligned). */
static void add_partition_areas(const struct sim_memory_region *m)
{
	if (m->data_end > m->data_start) {
		(void)add_named_area(m->data_start,
		                     (size_t)(m->data_end - m->data_start),
		                     true, m->partition, "data", NULL);
	}
	if (m->bss_end > m->bss_start) {
		(void)add_named_area(m->bss_start,
		                     (size_t)(m->bss_end - m->bss_start), true,
		                     m->partition, "data", NULL);
	}
}

/**
 * The regions of a secure boundary (pmsav8_boundary_image(), over the
 * simulated memory map) in @b's MPU model; -1 when they do not fit, -2 when
 * an MMIO region's name is not the platform's.
 */
static int secure_regions(struct boundary *b,
                          const struct spm_partition_desc *d)
{
	uint32_t code_end = (uint32_t)((uintptr_t)__data_start -
	                               (uintptr_t)__executable_start);
	struct pmsav8_layout layout = {
	        .code = {CODE_BASE, CODE_BASE + code_end - 1},
	        .secure = {SLOT_BASE, slot_base(N_SLOTS) - 1},
	        .app = {slot_base(iso.app_first), slot_base(N_SLOTS) - 1},
	        .own = {slot_base(b->slot), slot_base(b->slot + 1) - 1},
	};
	struct pmsav8_mmio mmio[PMSAV8_MAX_REGIONS];
	struct pmsav8_image image;
	unsigned n_mmio = 0;

	for (uint32_t i = 0; i < d->n_mmio; i++) {
		const struct spm_mmio_desc *m = &d->mmio[i];
		uint32_t base = m->base, size = m->size;

		if (m->name != NULL &&
		    !sim_platform_mmio(m->name, &base, &size)) {
			return -2;
		}
		back_mmio(base, size, d->name);
		if (n_mmio < PMSAV8_MAX_REGIONS) {
			mmio[n_mmio++] = (struct pmsav8_mmio){
			        base, size,
			        m->permission == SPM_MMIO_READ_WRITE};
		}
	}
	if (n_mmio < d->n_mmio ||
	    pmsav8_boundary_image(&layout, iso.level, b->privileged, mmio,
	                          n_mmio, iso.n_regions, &image) != 0) {
		return -1;
	}
	for (unsigned n = 0; n < image.n; n++) {
		mpu_region_set(&b->mpu, n, image.rbar[n], image.rlar[n]);
	}
	return 0;
}

int arch_isolation_bind(const struct spm_partition_desc *desc, uint32_t index,
                        uintptr_t *boundary, char *why, size_t why_size)
{
	struct boundary *b = &iso.b[iso.n_b];

	(void)index;
	forget_verdicts();
	*b = (struct boundary){.ns = desc == NULL,
	                       .name = desc != NULL ? desc->name
	                                            : "non-secure"};
	mpu_init(&b->mpu, iso.n_regions);
	mpu_set_mair(&b->mpu, 0, PMSAV8_MAIR0);
	if (desc != NULL) {
		b->privileged =
		        iso.level == 1 || desc->type == SPM_PARTITION_PSA_ROT;
		b->slot = desc->type == SPM_PARTITION_PSA_ROT ? iso.next_low++
		                                              : iso.next_high--;
		iso.mem[b->slot] = memory_of(desc->name);
		if (iso.mem[b->slot] != NULL) {
			iso.used[iso.n_used++] = b->slot;
			add_partition_areas(iso.mem[b->slot]);
		}
		int rc = secure_regions(b, desc);

		if (rc == -2) {
			snprintf(why, why_size,
			         "partition '%s': an MMIO region name is not a "
			         "region of this platform",
			         desc->name);
			return -1;
		}
		if (rc != 0) {
			snprintf(why, why_size,
			         "partition '%s' needs more MPU regions at "
			         "isolation level %u than the %u the MPU has "
			         "(code, its memory and %u MMIO regions)",
			         desc->name, iso.level, iso.n_regions,
			         (unsigned)desc->n_mmio);
			return -1;
		}
		mpu_set_ctrl(&b->mpu, 0x5u); /* ENABLE | PRIVDEFENA */
		if (desc->heap_size > 0 && make_heap(b, desc->heap_size) != 0) {
			snprintf(why, why_size,
			         "partition '%s': heap_size 0x%X cannot be had "
			         "(the simulator gives a heap at most 0x%X "
			         "bytes)",
			         desc->name, (unsigned)desc->heap_size,
			         (unsigned)HEAP_MAX);
			return -1;
		}
	}
	iso.n_b++;
	*boundary = iso.n_b;
	refresh_protection();
	return 0;
}

void arch_isolation_add_stack(uintptr_t boundary,
                              const struct arch_context *ctx)
{
	struct stack_owner *free_slot = NULL;

	forget_verdicts(); /* its pages may have belonged to another owner */

	for (uint32_t i = 0; i < MAX_STACKS; i++) {
		struct stack_owner *s = &iso.stacks[i];

		if (s->ctx == ctx ||
		    (s->ctx != NULL &&
		     arch_context_at(s->ctx->stack) != s->ctx)) {
			/* The same context again, or one since destroyed. */
			s->ctx = NULL;
		}
		if (s->ctx == NULL && free_slot == NULL) {
			free_slot = s;
		}
	}
	if (free_slot != NULL) {
		const struct boundary *b = get(boundary);

		*free_slot = (struct stack_owner){ctx, boundary};
		sim_protect_forget_ctx(ctx);
		if (b != NULL) {
			size_t size =
			        (size_t)((char *)ctx->map + ctx->map_size -
			                 (char *)ctx->stack);
			/* The non-secure stack lies beside the non-secure
			 * data (ns_place): one run with it, not lazy. */
			struct sim_area *a =
			        add_named_area(ctx->stack, size, !b->ns,
			                       b->name, "stack", ctx);

			if (!b->ns) {
				sim_protect_set_lazy(a, 0);
			}
			refresh_protection();
		}
	}
}

/**
 * Where @a lies in the simulated stack area of @ctx: a guard page, then the
 * stack. The host's guard gap is megabytes deep; all of it is the guard
 * page here, so the stack keeps its place in the partition's slot.
 */
static uint32_t stack_offset(const struct arch_context *ctx, uintptr_t a)
{
	uintptr_t guard =
	        (uintptr_t)ctx->stack - (uintptr_t)sysconf(_SC_PAGESIZE);

	return a < guard ? 0u : (uint32_t)(a - guard);
}

/** Where a host address lies in the simulated memory map. */
struct place {
	/** Its simulated address. */
	uint32_t sim;
	/** One past the last host byte of the area holding it. */
	uintptr_t end;
};

/** Sets @p to simulated address @sim in an area ending at host @end. */
static bool placed(struct place *p, uint32_t sim, uintptr_t end)
{
	*p = (struct place){sim, end};
	return true;
}

/** True when @a lies in [@start, @end). */
static bool within(uintptr_t a, const void *start, const void *end)
{
	return start != NULL && a >= (uintptr_t)start && a < (uintptr_t)end;
}

/** Places @a in a partition's data or bss. */
static bool locate_partition(uintptr_t a, struct place *p)
{
	for (uint32_t i = 0; i < iso.n_used; i++) {
		const struct sim_memory_region *m = iso.mem[iso.used[i]];
		uint32_t base = slot_base(iso.used[i]);

		if (within(a, m->data_start, m->data_end)) {
			return placed(
			        p,
			        base + (uint32_t)(a - (uintptr_t)m->data_start),
			        (uintptr_t)m->data_end);
		}
		if (within(a, m->bss_start, m->bss_end)) {
			return placed(
			        p,
			        base + SLOT_STACK / 2 +
			                (uint32_t)(a - (uintptr_t)m->bss_start),
			        (uintptr_t)m->bss_end);
		}
	}
	return false;
}

/** Places @a on the usable part of a bound context's stack. */
static bool locate_stack(uintptr_t a, struct place *p)
{
	const struct arch_context *ctx = arch_context_at((const void *)a);

	for (uint32_t i = 0; ctx != NULL && i < MAX_STACKS; i++) {
		const struct boundary *b = get(iso.stacks[i].boundary);
		uintptr_t end = (uintptr_t)ctx->map + ctx->map_size;
		uint32_t off;

		/* The guard page below the stack is no memory of anyone's. */
		if (iso.stacks[i].ctx != ctx || b == NULL ||
		    a < (uintptr_t)ctx->stack) {
			continue;
		}
		off = stack_offset(ctx, a);
		return placed(p,
		              b->ns ? NS_STACK_BASE + off
		                    : slot_base(b->slot) + SLOT_STACK + off,
		              end);
	}
	return false;
}

/**
 * For reports only: the simulated address of @a in the guard gap below a
 * bound context's stack (the whole gap is the slot's guard page), which no
 * boundary may name to the SPM.
 */
static bool guard_address(uintptr_t a, uint32_t *sim)
{
	const struct arch_context *ctx = arch_context_at((const void *)a);

	for (uint32_t i = 0; ctx != NULL && i < MAX_STACKS; i++) {
		const struct boundary *b = get(iso.stacks[i].boundary);
		uint32_t off;

		if (iso.stacks[i].ctx != ctx || b == NULL ||
		    a >= (uintptr_t)ctx->stack) {
			continue;
		}
		off = stack_offset(ctx, a);
		*sim = b->ns ? NS_STACK_BASE + off
		             : slot_base(b->slot) + SLOT_STACK + off;
		return true;
	}
	return false;
}

/** Places @a in the SPM's data, the non-secure data area or MMIO. */
static bool locate_system(uintptr_t a, struct place *p)
{
	uintptr_t spm = (uintptr_t)spmsim_spm_start;

	if (spm_area_size() > 0 &&
	    within(a, spmsim_spm_start, spmsim_spm_end)) {
		return placed(p, slot_base(0) + (uint32_t)(a - spm),
		              spm + spm_area_size());
	}
	if (within(a, &spm_system, &spm_system + 1)) {
		return placed(p,
		              slot_base(0) +
		                      (uint32_t)(a - (uintptr_t)&spm_system),
		              (uintptr_t)(&spm_system + 1));
	}
	if (within(a, ns_data, ns_data + NS_DATA_SIZE)) {
		return placed(p,
		              NS_DATA_BASE + (uint32_t)(a - (uintptr_t)ns_data),
		              (uintptr_t)ns_data + NS_DATA_SIZE);
	}
	for (uint32_t i = 0; i <= iso.n_b && i < N_SLOTS + 1; i++) {
		uintptr_t h = (uintptr_t)iso.b[i].heap;

		if (h != 0 && a >= h && a < h + iso.b[i].heap_map_size) {
			return placed(p,
			              slot_base(iso.b[i].slot) + SLOT_HEAP +
			                      (uint32_t)(a - h),
			              h + iso.b[i].heap_map_size);
		}
	}
	for (uint32_t i = 0; i < iso.n_mmio; i++) {
		uintptr_t h = (uintptr_t)iso.mmio[i].host;

		uintptr_t map = (uintptr_t)iso.mmio[i].map;

		if (a >= h && a < h + iso.mmio[i].size) {
			return placed(p, iso.mmio[i].base + (uint32_t)(a - h),
			              h + iso.mmio[i].size);
		}
		if (a >= map && a < map + iso.mmio[i].map_size) {
			return placed(p, MMIO_SLACK_BASE + (uint32_t)(a - map),
			              map + iso.mmio[i].map_size);
		}
	}
	return false;
}

/**
 * Places @a in the non-secure side's own host memory: the program's data
 * and bss outside the linker fragment's areas (the test program's and the
 * client libraries' globals), and the heap blocks non-secure code
 * allocated (ns_heap.c), the harness's frames while it runs
 * non-secure code, and the stacks of non-secure threads (ns_threads.c).
 * They share the window at NS_OTHER_BASE.
 */
static bool locate_ns_other(uintptr_t a, struct place *p)
{
	bool fragment = spmsim_fence_lo_start != NULL;
	uintptr_t start, end;

	if (fragment && within(a, __data_start, spmsim_fence_lo_start)) {
		end = (uintptr_t)spmsim_fence_lo_start;
	} else if (fragment && within(a, spmsim_fence_hi_end, _end)) {
		end = (uintptr_t)_end;
	} else if (!fragment && within(a, __data_start, _end)) {
		/* No linker fragment: the whole data segment is the program's.
		 */
		end = (uintptr_t)_end;
	} else if (a >= harness.lo && a < harness.hi) {
		end = harness.hi;
	} else if (!sim_ns_heap_find(a, &start, &end) &&
	           !sim_ns_threads_stack(a, &end)) {
		/* Not a heap block, nor a non-secure thread's stack. */
		return false;
	}
	return placed(p, NS_OTHER_BASE + (uint32_t)(a & NS_OTHER_MASK), end);
}

/**
 * Places host address @a in the simulated memory map. False for memory
 * outside it (the simulator's own state, the C library's, other threads'
 * stacks, heap blocks the non-secure side did not allocate): no boundary
 * may name that memory to the SPM.
 */
static bool locate(uintptr_t a, struct place *p)
{
	if (locate_partition(a, p) || locate_stack(a, p) ||
	    locate_system(a, p)) {
		return true;
	}
	if (a >= (uintptr_t)__executable_start && a < (uintptr_t)__data_start) {
		return placed(
		        p,
		        CODE_BASE +
		                (uint32_t)(a - (uintptr_t)__executable_start),
		        (uintptr_t)__data_start);
	}
	return locate_ns_other(a, p);
}

/**
 * The simulated address of host address @a; memory outside the map gets
 * one in UNMAPPED_BASE's window, which no boundary's models grant.
 */
static uint32_t translate(uintptr_t a)
{
	struct place p;
	uint32_t guard;

	if (locate(a, &p)) {
		return p.sim;
	}
	if (guard_address(a, &guard)) {
		return guard;
	}
	return UNMAPPED_BASE + (uint32_t)(a & UNMAPPED_MASK);
}

/** One past the top of the calling thread's stack; 0 when unknown. */
static uintptr_t stack_top(void)
{
	pthread_attr_t attr;
	void *addr = NULL;
	size_t size = 0;

	if (pthread_getattr_np(pthread_self(), &attr) != 0) {
		return 0;
	}
	(void)pthread_attr_getstack(&attr, &addr, &size);
	pthread_attr_destroy(&attr);
	return addr != NULL ? (uintptr_t)addr + size : 0;
}

void sim_isolation_harness_frames(const void *frame)
{
	static uintptr_t top;

	if (top == 0 && frame != NULL) {
		top = stack_top();
	}
	harness.lo =
	        frame != NULL && top > (uintptr_t)frame ? (uintptr_t)frame : 0;
	harness.hi = harness.lo != 0 ? top : 0;
	forget_verdicts();
}

const void *sim_isolation_sau_ctrl(void)
{
	return &iso.sau.ctrl;
}

const void *sim_isolation_verdicts(size_t *size)
{
	*size = sizeof(iso.verdicts);
	return iso.verdicts;
}

void sim_isolation_forget(void)
{
	forget_verdicts();
}

uint32_t sim_isolation_address(uintptr_t a)
{
	return translate(a);
}

/** The models' verdict on simulated range [@first, +@size) for @b. */
static bool decide(const struct boundary *b, uint32_t first, uint32_t last,
                   size_t size, enum mpu_access_kind kind)
{
	if (first >= CODE_BASE && last <= CODE_BASE + CODE_MAX) {
		/* The shared image: read and execute, never write. */
		return kind != MPU_ACCESS_WRITE &&
		       (b->ns || mpu_range_check(&b->mpu, first, size, kind,
		                                 b->privileged)
		                         .allowed);
	}
	if (kind == MPU_ACCESS_EXECUTE) {
		/* Data is never executable (and the Secure state does not
		 * fetch from non-secure memory). */
		return false;
	}
	if (b->ns) {
		return sau_range_attribute(&iso.sau, first, size) ==
		       SAU_NON_SECURE;
	}
	return mpu_range_check(&b->mpu, first, size, kind, b->privileged)
	        .allowed;
}

/** The models' verdict on host range [@a, +@size) for boundary @b. */
static bool check_range(const struct boundary *b, uintptr_t a, size_t size,
                        enum mpu_access_kind kind)
{
	struct place p;
	uint32_t first, last;

	if (b == NULL || a == 0 || a + size - 1 < a || !locate(a, &p)) {
		return false;
	}
	/* Every byte, not only the two ends: the whole range lies in the
	 * area holding its first byte (as cmse_check_address_range() wants
	 * it in one region), and that area maps linearly. */
	if (size > p.end - a) {
		return false;
	}
	first = p.sim;
	last = first + (uint32_t)(size - 1);
	if (last < first) {
		return false;
	}
	return decide(b, first, last, size, kind);
}

/**
 * The set of @boundary, [@a, +@size) and @kind among the remembered
 * answers. Answers are remembered by host range, as a TLB remembers
 * translations: an answer stays true until a boundary is bound, a stack
 * changes hands or a context is made or destroyed (which may change the
 * translation), and the boundaries' MPU images do not change while bound.
 * The same few buffers (a service's message, its stack buffer, a client's
 * vectors) are checked on every call.
 */
static struct verdict *verdict_set(uintptr_t boundary, uintptr_t a, size_t size,
                                   enum mpu_access_kind kind)
{
	uintptr_t h = (a >> 3) ^ (a >> 12) ^ size ^ (boundary << 2) ^ kind;

	if (iso.verdict_epoch != sim_context_epoch()) {
		forget_verdicts();
	}
	return &iso.verdicts[(h & (VERDICT_SETS - 1u)) * VERDICT_WAYS];
}

/**
 * Decides through the models and remembers the answer in a way of @set.
 * Out of line, so that a remembered answer costs no register saves.
 */
static __attribute__((noinline)) bool remember(struct verdict *set,
                                               uintptr_t boundary, uintptr_t a,
                                               size_t size,
                                               enum mpu_access_kind kind)
{
	struct verdict *v = &set[iso.next_way];

	iso.next_way = (iso.next_way + 1u) % VERDICT_WAYS;
	*v = (struct verdict){boundary, a, size, kind,
	                      check_range(get(boundary), a, size, kind)};
	return v->allowed;
}

/** The models' answer for arch_isolation_check(), remembered. */
static bool models_allow(uintptr_t boundary, const void *base, size_t size,
                         uint32_t access)
{
	uintptr_t a = (uintptr_t)base;
	enum mpu_access_kind kind =
	        (access & ARCH_MEM_EXECUTE) ? MPU_ACCESS_EXECUTE
	        : (access & ARCH_MEM_WRITE) ? MPU_ACCESS_WRITE
	                                    : MPU_ACCESS_READ;
	struct verdict *set;

	if (size == 0) {
		return true;
	}
	set = verdict_set(boundary, a, size, kind);
	for (uint32_t w = 0; w < VERDICT_WAYS; w++) {
		const struct verdict *v = &set[w];

		if (v->base == a && v->boundary == boundary &&
		    v->size == size && v->kind == kind) {
			return v->allowed;
		}
	}
	return remember(set, boundary, a, size, kind);
}

bool arch_isolation_check(uintptr_t boundary, const void *base, size_t size,
                          uint32_t access)
{
	if (!models_allow(boundary, base, size, access)) {
		return false;
	}
	/* The range lies in one area: its ends open it if it is lazy. */
	if (size > 0 && sim_protect_enforcing) {
		sim_protect_open(base);
		sim_protect_open((const char *)base + size - 1);
	}
	/* And the host must map it so (never remembered: it may be unmapped
	 * since): the SPM's copy of a buffer it accepted must not fault. */
	return sim_fault_probe(base, size, (access & ARCH_MEM_WRITE) != 0);
}

bool arch_isolation_switch_needed(uintptr_t from, uintptr_t to)
{
	const struct boundary *f = get(from), *t = get(to);

	if (f == NULL || t == NULL || f == t) {
		return f != t;
	}
	/* PSA-RoT partitions share one privileged domain, at every level. */
	return !(f->privileged && t->privileged);
}

void arch_isolation_activate(uintptr_t boundary)
{
	iso.active = boundary;
	/* The mode holds for a whole boot: the check mode has no views. */
	if (sim_protect_enforcing) {
		sim_protect_activate((uint32_t)boundary);
	}
}

void sim_isolation_leave_spm(void)
{
	/*
	 * Partition code called by the SPM runs on the stack it is on. That
	 * is its own, except for a first-level handler, which runs on the
	 * stack of whatever it interrupted (on the board: its partition's
	 * own), so that stack stays reachable to it.
	 */
	if (sim_protect_enforcing) {
		sim_protect_leave_spm_on(__builtin_frame_address(0));
	}
	/* The partition is handed the core: an `entry` for an injection. */
	if (__builtin_expect(sim_inject_armed, 0)) {
		(void)sim_inject_point("entry", __builtin_frame_address(0));
	}
}

void sim_isolation_enter_spm(void)
{
	if (!sim_protect_trusted(__builtin_return_address(0))) {
		sim_protect_refuse();
		return;
	}
	if (!sim_protect_enforcing) {
		return;
	}
	(void)sim_protect_enter_spm();
}

/*
 * Partition code called by the SPM runs on the stack it is on, between a
 * leave and an enter: the host keeps the SPM's frames on that stack.
 */

void arch_run_entry(void (*entry)(void))
{
	sim_isolation_leave_spm();
	entry();
	sim_isolation_enter_spm();
}

psa_status_t arch_run_init(psa_status_t (*init)(void))
{
	psa_status_t status;

	sim_isolation_leave_spm();
	status = init();
	sim_isolation_enter_spm();
	return status;
}

psa_status_t arch_run_sfn(psa_status_t (*sfn)(const psa_msg_t *msg),
                          const psa_msg_t *msg)
{
	psa_status_t status;

	sim_isolation_leave_spm();
	status = sfn(msg);
	sim_isolation_enter_spm();
	return status;
}

psa_flih_result_t arch_run_flih(psa_flih_result_t (*flih)(void))
{
	psa_flih_result_t r;

	sim_isolation_leave_spm();
	r = flih();
	sim_isolation_enter_spm();
	return r;
}

/** PROT_* bits boundary @b's models give simulated address @sim. */
static int protection_for(const struct boundary *b, uint32_t sim)
{
	int prot = PROT_NONE;

	if (decide(b, sim, sim, 1, MPU_ACCESS_READ)) {
		prot |= PROT_READ;
	}
	if (decide(b, sim, sim, 1, MPU_ACCESS_WRITE)) {
		prot |= PROT_READ | PROT_WRITE;
	}
	return prot;
}

/**
 * PROT_* bits area @a has in boundary @k's view. The simulator's state is
 * the MPU's and SAU's registers and the like: privileged code may write
 * it, as secure privileged code may program the MPU and SAU on a board
 * (and such code reaches the SPM's data anyway); everyone else may only
 * read it. The reset image (the partitions' initial data) is secure memory
 * of the SPM's: privileged code only.
 */
static int protection_of(const struct sim_area *a, uint32_t k)
{
	const struct boundary *b = get(k);

	if (a == iso.sim_state || a == iso.sim_async) {
		return b->privileged ? PROT_READ | PROT_WRITE : PROT_READ;
	}
	if (a == iso.image) {
		return b->privileged ? PROT_READ | PROT_WRITE : PROT_NONE;
	}
	return protection_for(b, a->sim_base);
}

/** Each area's protection in each bound boundary's view. */
static void refresh_protection(void)
{
	if (!sim_protect_trapping()) {
		return;
	}
	for (uint32_t i = 0; i < sim_protect_count(); i++) {
		struct sim_area *a = sim_protect_area(i);

		for (uint32_t k = 1; k < SIM_PROTECT_VIEWS && get(k) != NULL;
		     k++) {
			sim_protect_set(a, k, protection_of(a, k));
		}
	}
	sim_protect_views_done();
}

void sim_context_released(const struct arch_context *ctx)
{
	for (uint32_t i = 0; i < MAX_STACKS; i++) {
		if (iso.stacks[i].ctx == ctx) {
			iso.stacks[i].ctx = NULL;
		}
	}
	forget_verdicts();
	sim_protect_forget_ctx(ctx);
}

void sim_isolation_place_ns_stack(bool on)
{
	ns_place.next = on;
}

/**
 * The non-secure stack's mapping, when asked for: at the top of the
 * linker fragment's room, so that the stack lies right below the
 * non-secure data and the SPM's data and an application-RoT partition's
 * entry into the SPM and exit change all three in one mprotect() call.
 */
void *sim_context_place(size_t map_size)
{
	uintptr_t start = (uintptr_t)spmsim_ns_stack_start;
	uintptr_t end = (uintptr_t)spmsim_ns_stack_end;
	char *at;
	void *m;

	if (!ns_place.next || !sim_protect_trapping() || ns_place.map != NULL ||
	    start == 0 || end - start < map_size) {
		return NULL;
	}
	ns_place.next = false;
	at = spmsim_ns_stack_end - map_size;
	/* A fresh mapping of its own over the reserved room. */
	m = mmap(at, map_size, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (m == MAP_FAILED) {
		return NULL;
	}
	ns_place.map = m;
	return m;
}

bool sim_context_unplace(void *map, size_t map_size)
{
	if (map == NULL || map != ns_place.map) {
		return false;
	}
	/* The room stays reserved: clean memory again, never unmapped. */
	(void)mmap(map, map_size, PROT_READ | PROT_WRITE,
	           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ns_place.map = NULL;
	return true;
}

void sim_isolation_set_mode(bool trap)
{
	trap_mode = trap;
}

void sim_isolation_release(void)
{
	if (!sim_protect_trusted(__builtin_return_address(0))) {
		sim_protect_refuse();
		return;
	}
	sim_protect_reset(sim_protect_trapping());
}

bool sim_isolation_describe(const void *addr, uint32_t *sim,
                            const char **region, bool *secure)
{
	const struct sim_area *a = sim_protect_find(addr);
	uintptr_t h = (uintptr_t)addr;

	if (a != NULL) {
		*sim = translate(h);
		*region = a->name;
		*secure = a->secure;
		return true;
	}
	if (h >= (uintptr_t)__executable_start && h < (uintptr_t)__data_start) {
		*sim = translate(h);
		*region = "code and constants (read-only, shared image)";
		*secure = false;
		return true;
	}
	return false;
}

/** Does nothing: a code address a stray jump can be aimed at. */
static void code_target(void)
{
}

/** The stack area of the owner of @boundary, or NULL. */
static void *stack_of(uintptr_t boundary)
{
	for (uint32_t i = 0; i < MAX_STACKS; i++) {
		const struct arch_context *c = iso.stacks[i].ctx;

		if (c != NULL && iso.stacks[i].boundary == boundary &&
		    arch_context_at(c->stack) == c) {
			return c->stack;
		}
	}
	return NULL;
}

/** The partition named @name, or NULL. */
static const struct spm_partition *partition_named(const char *name)
{
	const struct spm *s = spm_sys();

	for (uint32_t i = 0; name != NULL && i < s->n_partitions; i++) {
		if (strcmp(s->partitions[i].name, name) == 0) {
			return &s->partitions[i];
		}
	}
	return NULL;
}

/** A host address in @area of partition @p. */
static void *partition_area(enum spmsim_area area,
                            const struct spm_partition *p)
{
	const struct sim_memory_region *m = memory_of(p->name);
	const struct spm_mmio_desc *d = p->desc->mmio;
	uint32_t base, size;

	switch (area) {
	case SPMSIM_AREA_DATA:
		if (m == NULL) {
			return NULL;
		}
		return m->data_end > m->data_start ? m->data_start
		       : m->bss_end > m->bss_start ? m->bss_start
		                                   : NULL;
	case SPMSIM_AREA_STACK:
		return stack_of(p->boundary);
	case SPMSIM_AREA_HEAP:
		return sim_isolation_heap(p->boundary, &(size_t){0});
	default:
		if (p->desc->n_mmio == 0) {
			return NULL;
		}
		base = d->base;
		if (d->name != NULL &&
		    !sim_platform_mmio(d->name, &base, &size)) {
			return NULL;
		}
		return sim_isolation_mmio(base);
	}
}

void *spmsim_area_address(enum spmsim_area area, const char *partition)
{
	const struct spm_partition *p = partition_named(partition);

	if (!spmsim_booted()) {
		return NULL;
	}
	switch (area) {
	case SPMSIM_AREA_SPM:
		return spm_area_size() > 0 ? (void *)spmsim_spm_start
		                           : (void *)&spm_system;
	case SPMSIM_AREA_NS:
		return ns_data;
	case SPMSIM_AREA_CODE:
		return (void *)(uintptr_t)code_target;
	case SPMSIM_AREA_DATA:
	case SPMSIM_AREA_STACK:
	case SPMSIM_AREA_MMIO:
	case SPMSIM_AREA_HEAP:
		if (partition != NULL && strcmp(partition, "non-secure") == 0 &&
		    area == SPMSIM_AREA_STACK) {
			return stack_of(spm_sys()->ns->boundary);
		}
		return p != NULL ? partition_area(area, p) : NULL;
	default:
		return NULL;
	}
}
