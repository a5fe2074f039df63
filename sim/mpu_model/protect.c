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
 * Lazy areas. Each partition's stack, heap and MMIO mapping of its own is
 * a mapping apart (a stack has its guard gap below it), so no two of them
 * make one run: changed with every view, they would cost one call each, as
 * many as there are partitions (isolation.c marks them lazy). A change of
 * view therefore only narrows them at once (what the new view takes away
 * goes now: nothing stays reachable that the view refuses) and leaves
 * widening to the first access that needs it: the memory fault handler
 * asks sim_protect_lazy_fault(), which gives the area what the view in
 * force allows and has the access retried (sim_protect_open() does the
 * same ahead of an access the simulator knows of). An access the view
 * refuses still faults, as before (the retry faults again, with nothing
 * left to widen). So a crossing changes the areas the code on either side
 * touched, not every partition's. A fault of simulated code applies the
 * SPM's view in full, lazy areas included: the handler reads stacks with
 * the fault signal blocked.
 *
 * In the `check` mode nothing is registered and every function returns at
 * once: pointers are still checked by the SPM, raw accesses are not.
 */
#include "protect.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <valgrind/valgrind.h>

#include "arch.h"

#define MAX_AREAS 192u
#define NO_CLASS  0xFFu
#define NO_AREA   0xFFu
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
	/** The area holding this state (NO_AREA: none registered). */
	uint8_t state;
	uint64_t calls;
	uint64_t lazy_opens;
};

static struct protect_state pr = {
        .in_spm = true, .class_now = NO_CLASS, .state = NO_AREA};

bool sim_protect_enforcing;

/*
 * The simulator's own state, this module's included, lies in an area that
 * only the SPM's view and privileged boundaries make writable (the linker
 * fragment's spmsim_sim; other code may read it, as it may read code). So a
 * change of view writes nothing while that area is read-only: on the way
 * into the SPM's view the run holding it is opened first, on the way out it
 * is closed last, and the bookkeeping is written in between.
 *
 * The functions that may change protection serve only the SPM's and the
 * simulator's own code (spmsim_text_start..spmsim_text_end, the linker
 * fragment): called from partition or non-secure code they store to the
 * read-only state, which faults as an unprivileged store to the MPU's
 * registers would, and do nothing else.
 */
extern char spmsim_text_start[] __attribute__((weak));
extern char spmsim_text_end[] __attribute__((weak));

/** True when return address @ret lies in the SPM's or the simulator's code. */
static inline bool trusted(const void *ret)
{
	uintptr_t r = (uintptr_t)ret;

	return spmsim_text_start == NULL ||
	       (r >= (uintptr_t)spmsim_text_start &&
	        r < (uintptr_t)spmsim_text_end);
}

/** Refuses a call from simulated code: a store to the read-only state. */
static __attribute__((noinline)) void refuse(void)
{
	volatile bool *trap = &pr.trap;
	bool now = *trap;

	/* Outside the SPM's view the state is read-only: this store faults. */
	*trap = now;
}

/** Refuses the call (and returns) unless the caller is trusted(). */
#define GUARD(...)                                                             \
	do {                                                                   \
		if (!trusted(__builtin_return_address(0))) {                   \
			refuse();                                              \
			return __VA_ARGS__;                                    \
		}                                                              \
	} while (0)

bool sim_protect_trusted(const void *ret)
{
	return trusted(ret);
}

void sim_protect_refuse(void)
{
	refuse();
}

/** Changes the protection of [@a, @end) to @prot; a failure is fatal. */
static void change(char *a, char *end, int prot)
{
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
 * What applying @view (keeping @keep) sets @a to: what the view wants, but
 * a lazy area only loses what the view refuses (see above), unless the
 * view is its owner's: a partition's own heap is open while its code runs,
 * also for system calls (which would fail on it, not fault).
 */
static uint8_t target(const struct sim_area *a, uint32_t view,
                      const struct sim_area *keep, bool full)
{
	uint8_t w = wanted(a, view, keep);
	bool own = a->owner != 0 && a->owner == view;

	return a->lazy && !full && !own ? (uint8_t)(a->now & w) : w;
}

/** Adjacent areas order[i..j] that change to @want, host [start, end). */
struct run {
	uint32_t i, j;
	char *start, *end;
	uint8_t want;
};

/**
 * The first run at or after position @i of the address order that
 * applying @view (keeping @keep) changes; false when none. Reads only.
 */
static bool next_run(uint32_t i, uint32_t view, const struct sim_area *keep,
                     bool full, struct run *r)
{
	for (; i < pr.n; i++) {
		const struct sim_area *a = &pr.areas[pr.order[i]];

		if (a->now == target(a, view, keep, full)) {
			continue;
		}
		*r = (struct run){i, i, a->host, a->host + a->size,
		                  target(a, view, keep, full)};
		while (r->j + 1 < pr.n) {
			const struct sim_area *b =
			        &pr.areas[pr.order[r->j + 1]];

			if (b->host != r->end ||
			    target(b, view, keep, full) != r->want) {
				break;
			}
			r->end = b->host + b->size;
			r->j++;
		}
		return true;
	}
	return false;
}

/** True when run @r holds the simulator's state area. */
static bool holds_state(const struct run *r)
{
	for (uint32_t k = r->i; k <= r->j; k++) {
		if (pr.order[k] == pr.state) {
			return true;
		}
	}
	return false;
}

/**
 * Applies @view, but area @keep (NULL: none) stays accessible: each run of
 * adjacent areas that changes, in one call; the state's run first when it
 * opens, last when it closes (see above).
 */
static void apply_keeping(uint32_t view, const struct sim_area *keep, bool full)
{
	struct run r, own = {0};
	bool have_own = false;
	uint32_t calls = 0;

	if (keep == NULL && !full && pr.class_of[view] == pr.class_now) {
		return;
	}
	for (uint32_t i = 0; !have_own && next_run(i, view, keep, full, &r);
	     i = r.j + 1) {
		have_own = holds_state(&r);
		own = r;
	}
	if (have_own && (own.want & PROT_WRITE)) {
		change(own.start, own.end, own.want);
	}
	for (uint32_t i = 0; next_run(i, view, keep, full, &r); i = r.j + 1) {
		if (!have_own || r.i != own.i) {
			change(r.start, r.end, r.want);
			calls++;
		}
	}
	for (uint32_t i = 0; i < pr.n; i++) {
		struct sim_area *a = &pr.areas[pr.order[i]];

		a->now = target(a, view, keep, full);
	}
	pr.calls += calls + (have_own ? 1u : 0u);
	pr.class_now = keep == NULL && !full ? pr.class_of[view] : NO_CLASS;
	if (have_own && !(own.want & PROT_WRITE)) {
		change(own.start, own.end, own.want);
	}
}

/** Applies @view. */
static void apply(uint32_t view)
{
	apply_keeping(view, NULL, false);
}

/** Applies @view with lazy areas widened too. */
static void apply_full(uint32_t view)
{
	apply_keeping(view, NULL, true);
}

/** Makes every area accessible and forgets them all. */
static void release_all(void)
{
	uint32_t calls = 0;

	/* Nothing is written before the state's own area is writable. */
	for (uint32_t i = 0; i < pr.n; i++) {
		struct sim_area *a = &pr.areas[pr.order[i]];

		if (a->now != RW) {
			change(a->host, a->host + a->size, RW);
			calls++;
		}
	}
	pr.calls += calls;
	memset(pr.used, 0, sizeof(pr.used));
	pr.n = 0;
	pr.state = NO_AREA;
	pr.class_now = NO_CLASS;
}

void sim_protect_reset(bool trap)
{
	GUARD();
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
	if ((uintptr_t)&pr >= (uintptr_t)host &&
	    (uintptr_t)&pr < (uintptr_t)host + size) {
		pr.state = (uint8_t)idx;
	}
	insert_ordered((uint8_t)idx);
	pr.class_now = NO_CLASS;
	return a;
}

void sim_protect_forget_ctx(const void *ctx)
{
	GUARD();
	for (uint32_t i = 0; i < pr.n; i++) {
		uint8_t idx = pr.order[i];

		if (pr.areas[idx].ctx != ctx) {
			continue;
		}
		pr.used[idx] = false;
		if (pr.areas[idx].now != RW) {
			change(pr.areas[idx].host,
			       pr.areas[idx].host + pr.areas[idx].size, RW);
			pr.calls++;
		}
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

/**
 * True when views @v and @w give every area the same protection, and
 * neither owns a lazy area (applying it opens that area at once).
 */
static bool same_view(uint32_t v, uint32_t w)
{
	for (uint32_t i = 0; i < pr.n; i++) {
		const struct sim_area *a = &pr.areas[pr.order[i]];

		if (a->prot[v] != a->prot[w] ||
		    (a->lazy && a->owner != 0 &&
		     (a->owner == v || a->owner == w))) {
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
	GUARD();
	pr.active = view < SIM_PROTECT_VIEWS ? view : SIM_PROTECT_SPM;
	if (pr.trap && !pr.in_spm) {
		apply(pr.active);
	}
}

bool sim_protect_enter_spm(void)
{
	GUARD(false);
	if (!pr.trap || pr.in_spm) {
		return false;
	}
	apply(SIM_PROTECT_SPM);
	pr.in_spm = true;
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
	GUARD();
	if (!pr.trap) {
		return;
	}
	pr.in_spm = false;
	apply_keeping(pr.active, stack_to_keep(__builtin_frame_address(0)),
	              false);
}

void sim_protect_leave_spm_on(const void *sp)
{
	GUARD();
	if (!pr.trap) {
		return;
	}
	pr.in_spm = false;
	apply_keeping(pr.active, stack_to_keep(sp), false);
}

uint32_t sim_protect_fault(void)
{
	uint32_t was = pr.in_spm ? SIM_PROTECT_SPM : pr.active;

	GUARD(was);
	if (pr.trap) {
		apply_full(SIM_PROTECT_SPM);
		pr.in_spm = true;
	}
	return was;
}

void sim_protect_set_lazy(struct sim_area *a, uint32_t owner)
{
	/* Under Valgrind a lazy area's first access, retried after the
	 * handler opened it, reads as uninitialised or faults again: there
	 * every area is changed at once, as before. */
	if (a != NULL && !RUNNING_ON_VALGRIND) {
		a->lazy = true;
		a->owner = owner < SIM_PROTECT_VIEWS ? (uint8_t)owner : 0;
	}
}

/**
 * Sets @a's protection now to @prot (counted as a lazy open by a fault when
 * @fault), with the state writable meanwhile.
 */
static void record_now(struct sim_area *a, uint8_t prot, bool fault)
{
	struct sim_area *st = pr.state != NO_AREA ? &pr.areas[pr.state] : NULL;
	bool closed = st != NULL && !(st->now & PROT_WRITE);

	if (closed) {
		change(st->host, st->host + st->size, RW);
	}
	a->now = prot;
	pr.calls += closed ? 3u : 1u;
	pr.lazy_opens += fault ? 1u : 0u;
	if (closed) {
		change(st->host, st->host + st->size, st->now);
	}
}

/**
 * Widens the lazy area holding @addr as the view in force allows; @fault
 * as for record_now().
 */
static bool widen(const void *addr, bool fault)
{
	const struct sim_area *found = sim_protect_find(addr);
	struct sim_area *a;
	uint8_t w;

	if (found == NULL || !found->lazy) {
		return false;
	}
	a = &pr.areas[found - pr.areas];
	w = a->prot[pr.in_spm ? SIM_PROTECT_SPM : pr.active];
	if ((w & ~a->now) == 0) {
		return false;
	}
	change(a->host, a->host + a->size, (int)(a->now | w));
	record_now(a, (uint8_t)(a->now | w), fault);
	return true;
}

bool sim_protect_lazy_fault(const void *addr)
{
	GUARD(false);
	return pr.trap && widen(addr, true);
}

void sim_protect_open(const void *addr)
{
	GUARD();
	if (pr.trap) {
		(void)widen(addr, false);
	}
}

void sim_protect_open_lazy(void)
{
	GUARD();
	for (uint32_t i = 0; pr.trap && i < MAX_AREAS; i++) {
		if (pr.used[i] && pr.areas[i].lazy) {
			(void)widen(pr.areas[i].host, false);
		}
	}
}

extern char spmsim_async_start[] __attribute__((weak));
extern char spmsim_async_end[] __attribute__((weak));

/*
 * A word of the interrupt state's area (the linker fragment places this
 * section there) that the question below may overwrite.
 */
static struct timespec async_probe
        __attribute__((section("spmsim_async_probe"), used));

/**
 * True when the interrupt state's area is writable now. The kernel
 * answers: a system call that writes the probe word fails with EFAULT
 * where a store would fault. (A store probe would fault inside the fault
 * handler when a signal handler asks while that handler runs.)
 */
static bool async_writable(void)
{
	int saved = errno;
	long rc = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &async_probe);

	errno = saved;
	return rc == 0;
}

bool sim_protect_async_writable(void)
{
	return !pr.trap ||
	       (uintptr_t)spmsim_async_end <= (uintptr_t)spmsim_async_start ||
	       sim_protect_find(spmsim_async_start) == NULL || async_writable();
}

bool sim_protect_async_open(void)
{
	GUARD(false);
	if (!pr.trap ||
	    (uintptr_t)spmsim_async_end <= (uintptr_t)spmsim_async_start ||
	    sim_protect_find(spmsim_async_start) == NULL) {
		return false;
	}
	/* Right even in the middle of a change of view (a signal handler may
	 * interrupt one). Not counted: this module's own state may be
	 * read-only now. */
	if (async_writable()) {
		return false;
	}
	change(spmsim_async_start, spmsim_async_end, RW);
	return true;
}

void sim_protect_async_close(bool opened)
{
	const struct sim_area *a;

	GUARD();
	if (!opened) {
		return;
	}
	/* What open found: read-only in every view but a writing one. */
	a = sim_protect_find(spmsim_async_start);
	change(spmsim_async_start, spmsim_async_end,
	       a != NULL ? a->now : PROT_READ);
}

uint64_t sim_protect_lazy_opens(void)
{
	return pr.lazy_opens;
}

bool sim_protect_in_spm(void)
{
	return !pr.trap || pr.in_spm;
}

uint64_t sim_protect_calls(void)
{
	return pr.calls;
}
