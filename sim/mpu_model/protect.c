/*
 * Page protection: the `trap` mode of the isolation HAL.
 *
 * How it works. isolation.c registers every host area of the simulated
 * memory map that an isolation boundary may exclude: the SPM's data, each
 * partition's data and bss, each context's stack, each MMIO region, the
 * non-secure data area. All are page-aligned and each is a mapping of its
 * own (the linker fragment puts fences around the SPM and partition
 * sections; stacks and MMIO are mappings of their own), so mprotect() never
 * splits or merges a neighbour. For every view (the SPM's, and each
 * boundary's) isolation.c records the protection the MPU and SAU models
 * give each area; views that come out the same share a class.
 *
 * Exactly one view is in force. The SPM's view (everything readable and
 * writable) holds while the SPM runs: from entry into any psa_* function
 * (the veneers in veneer.c), in a fault handler, and on the boot context;
 * the view of the running partition (or of the non-secure side) holds while
 * its own code runs. Applying a view of the class already in force costs
 * nothing; otherwise only the areas whose protection changes are touched,
 * runs of adjacent areas in one mprotect() call each.
 *
 * In the `check` mode nothing is registered and every function returns at
 * once: pointers are still checked by the SPM, raw accesses are not.
 */
#include "protect.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch.h"

#define MAX_AREAS 192u
#define NO_CLASS  0xFFu
#define RW        (PROT_READ | PROT_WRITE)

struct protect_state {
	bool trap;
	/** The SPM (or the boot context) runs: the SPM's view is in force. */
	bool in_spm;
	/** The view of the code the SPM returns to. */
	uint32_t active;
	/** The class of the view in force (NO_CLASS: unknown). */
	uint8_t class_now;
	uint8_t class_of[SIM_PROTECT_VIEWS];
	struct sim_area areas[MAX_AREAS];
	bool used[MAX_AREAS];
	/** Indexes of the used areas by ascending host address. */
	uint8_t order[MAX_AREAS];
	uint32_t n;
	uint64_t calls;
};

static struct protect_state pr = {.in_spm = true, .class_now = NO_CLASS};

bool sim_protect_enforcing;

/** Changes the protection of [@a, @end) to @prot; a failure is fatal. */
static void change(char *a, char *end, int prot)
{
	pr.calls++;
	if (mprotect(a, (size_t)(end - a), prot) != 0) {
		arch_fatal(__FILE__, __LINE__,
		           "mprotect() failed on a simulated memory area");
	}
}

/** What @view gives @a, with area @keep accessible whatever it says. */
static uint8_t wanted(const struct sim_area *a, uint32_t view,
                      const struct sim_area *keep)
{
	return a == keep ? RW : a->prot[view];
}

/**
 * Applies @view, but area @keep (NULL: none) stays accessible: each run of
 * adjacent areas that changes, in one call.
 */
static void apply_keeping(uint32_t view, const struct sim_area *keep)
{
	if (keep == NULL && pr.class_of[view] == pr.class_now) {
		return;
	}
	for (uint32_t i = 0; i < pr.n; i++) {
		struct sim_area *a = &pr.areas[pr.order[i]];
		uint8_t want = wanted(a, view, keep);
		char *end = a->host + a->size;
		uint32_t j = i;

		if (a->now == want) {
			continue;
		}
		while (j + 1 < pr.n) {
			struct sim_area *b = &pr.areas[pr.order[j + 1]];

			if (b->host != end || wanted(b, view, keep) != want) {
				break;
			}
			end = b->host + b->size;
			j++;
		}
		change(a->host, end, want);
		for (uint32_t k = i; k <= j; k++) {
			pr.areas[pr.order[k]].now = want;
		}
		i = j;
	}
	pr.class_now = keep == NULL ? pr.class_of[view] : NO_CLASS;
}

/** Applies @view. */
static void apply(uint32_t view)
{
	apply_keeping(view, NULL);
}

/** Makes every area accessible and forgets them all. */
static void release_all(void)
{
	for (uint32_t i = 0; i < pr.n; i++) {
		struct sim_area *a = &pr.areas[pr.order[i]];

		if (a->now != RW) {
			change(a->host, a->host + a->size, RW);
		}
	}
	memset(pr.used, 0, sizeof(pr.used));
	pr.n = 0;
	pr.class_now = NO_CLASS;
}

void sim_protect_reset(bool trap)
{
	release_all();
	pr.trap = trap;
	sim_protect_enforcing = trap;
	pr.in_spm = true;
	pr.active = SIM_PROTECT_SPM;
	memset(pr.class_of, 0, sizeof(pr.class_of));
}

bool sim_protect_trapping(void)
{
	return pr.trap;
}

/** Puts area @idx into the address order. */
static void insert_ordered(uint8_t idx)
{
	uint32_t pos = pr.n;
	char *host = pr.areas[idx].host;

	while (pos > 0 && pr.areas[pr.order[pos - 1]].host > host) {
		pr.order[pos] = pr.order[pos - 1];
		pos--;
	}
	pr.order[pos] = idx;
	pr.n++;
}

struct sim_area *sim_protect_add(void *host, size_t size, uint32_t sim_base,
                                 bool secure, const char *name, const void *ctx)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uint32_t idx = 0;
	struct sim_area *a;

	if (!pr.trap || host == NULL || size == 0 ||
	    ((uintptr_t)host | size) % page != 0) {
		return NULL;
	}
	while (idx < MAX_AREAS && pr.used[idx]) {
		idx++;
	}
	if (idx == MAX_AREAS) {
		return NULL;
	}
	a = &pr.areas[idx];
	*a = (struct sim_area){.host = host,
	                       .size = size,
	                       .sim_base = sim_base,
	                       .secure = secure,
	                       .ctx = ctx,
	                       .now = RW};
	snprintf(a->name, sizeof(a->name), "%s", name);
	memset(a->prot, RW, sizeof(a->prot));
	pr.used[idx] = true;
	insert_ordered((uint8_t)idx);
	pr.class_now = NO_CLASS;
	return a;
}

void sim_protect_forget_ctx(const void *ctx)
{
	for (uint32_t i = 0; i < pr.n; i++) {
		uint8_t idx = pr.order[i];

		if (pr.areas[idx].ctx != ctx) {
			continue;
		}
		if (pr.areas[idx].now != RW) {
			change(pr.areas[idx].host,
			       pr.areas[idx].host + pr.areas[idx].size, RW);
		}
		pr.used[idx] = false;
		memmove(&pr.order[i], &pr.order[i + 1], pr.n - i - 1);
		pr.n--;
		i--;
	}
	pr.class_now = NO_CLASS;
}

void sim_protect_set(struct sim_area *a, uint32_t view, int prot)
{
	if (a != NULL && view < SIM_PROTECT_VIEWS) {
		a->prot[view] = (uint8_t)prot;
	}
}

/** True when views @v and @w give every area the same protection. */
static bool same_view(uint32_t v, uint32_t w)
{
	for (uint32_t i = 0; i < pr.n; i++) {
		const struct sim_area *a = &pr.areas[pr.order[i]];

		if (a->prot[v] != a->prot[w]) {
			return false;
		}
	}
	return true;
}

void sim_protect_views_done(void)
{
	for (uint32_t v = 0; v < SIM_PROTECT_VIEWS; v++) {
		uint32_t w = 0;

		while (w < v && !same_view(v, w)) {
			w++;
		}
		pr.class_of[v] = (uint8_t)(w < v ? pr.class_of[w] : v);
	}
	pr.class_now = NO_CLASS;
}

const struct sim_area *sim_protect_find(const void *addr)
{
	const char *p = addr;

	for (uint32_t i = 0; i < pr.n; i++) {
		const struct sim_area *a = &pr.areas[pr.order[i]];

		if (p >= a->host && p < a->host + a->size) {
			return a;
		}
	}
	return NULL;
}

uint32_t sim_protect_count(void)
{
	return pr.n;
}

struct sim_area *sim_protect_area(uint32_t i)
{
	return i < pr.n ? &pr.areas[pr.order[i]] : NULL;
}

void sim_protect_activate(uint32_t view)
{
	pr.active = view < SIM_PROTECT_VIEWS ? view : SIM_PROTECT_SPM;
	if (pr.trap && !pr.in_spm) {
		apply(pr.active);
	}
}

bool sim_protect_enter_spm(void)
{
	if (!pr.trap || pr.in_spm) {
		return false;
	}
	pr.in_spm = true;
	apply(SIM_PROTECT_SPM);
	return true;
}

/**
 * The area of stack pointer @sp when the active view excludes it, else
 * NULL. Code keeps the stack it runs on: a first-level handler runs on the
 * stack of whatever it interrupted (on the board: its partition's own), and
 * so do the SPM calls it makes.
 */
static const struct sim_area *stack_to_keep(const void *sp)
{
	const struct sim_area *a = sim_protect_find(sp);

	return a != NULL && a->prot[pr.active] != RW ? a : NULL;
}

void sim_protect_leave_spm(void)
{
	if (!pr.trap) {
		return;
	}
	pr.in_spm = false;
	apply_keeping(pr.active, stack_to_keep(__builtin_frame_address(0)));
}

void sim_protect_leave_spm_on(const void *sp)
{
	if (!pr.trap) {
		return;
	}
	pr.in_spm = false;
	apply_keeping(pr.active, stack_to_keep(sp));
}

uint32_t sim_protect_fault(void)
{
	uint32_t was = pr.in_spm ? SIM_PROTECT_SPM : pr.active;

	if (pr.trap) {
		pr.in_spm = true;
		apply(SIM_PROTECT_SPM);
	}
	return was;
}

bool sim_protect_in_spm(void)
{
	return !pr.trap || pr.in_spm;
}

uint64_t sim_protect_calls(void)
{
	return pr.calls;
}
