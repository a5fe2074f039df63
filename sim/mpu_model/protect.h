/*
 * Page protection behind the isolation HAL (protect.c): the host memory
 * areas of the simulated system, the page protection each view gives them,
 * and the switch between the SPM's privileged view and the view of the code
 * that runs.
 *
 * A view is a number: 0 is the SPM's (every area readable and writable),
 * 1..SIM_PROTECT_VIEWS-1 are the isolation boundaries isolation.c binds.
 */
#ifndef SIM_PROTECT_H
#define SIM_PROTECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Views: the SPM's (0) and one per boundary handle. */
#define SIM_PROTECT_VIEWS 40u
#define SIM_PROTECT_SPM   0u

/** A protected area: a page-aligned host range of one owner. */
struct sim_area {
	char *host;
	size_t size;
	/**
	 * The simulated address whose protection the area takes: its first
	 * byte's, or for a device page holding a smaller MMIO region, the
	 * region's.
	 */
	uint32_t sim_base;
	/** Secure memory (a non-secure access is a SecureFault). */
	bool secure;
	/** Its owner and kind, e.g. "SP_X data", "SPM data". */
	char name[48];
	/** The context whose stack it is, or NULL. */
	const void *ctx;
	/**
	 * Opened on first touch (sim_protect_lazy_fault()): a change of view
	 * narrows it at once but widens it only when an access needs it, or
	 * at once for the view of its owner (@owner, 0: none).
	 */
	bool lazy;
	uint8_t owner;
	/** PROT_* bits now, and per view. */
	uint8_t now;
	uint8_t prot[SIM_PROTECT_VIEWS];
};

/**
 * Chooses the mode for the next boot: @trap true enforces the views with
 * page protection, false (the `check` mode) leaves every area accessible.
 * Every area is made accessible again and forgotten.
 */
void sim_protect_reset(bool trap);

/** True when page protection is enforced. */
bool sim_protect_trapping(void);

/**
 * sim_protect_trapping() as a variable, for the veneers' fast path (a
 * psa_* call in the `check` mode pays one load). Written only by
 * sim_protect_reset().
 */
extern bool sim_protect_enforcing;

/**
 * Adds area [@host, +@size), which must be page-aligned, accessible in
 * every view until sim_protect_set() says otherwise. Returns the area, or
 * NULL when it is not page-aligned or the table is full.
 */
struct sim_area *sim_protect_add(void *host, size_t size, uint32_t sim_base,
                                 bool secure, const char *name,
                                 const void *ctx);

/** Forgets the stack area of context @ctx (its mapping is going away). */
void sim_protect_forget_ctx(const void *ctx);

/**
 * Makes @a lazy, owned by view @owner (0: none; see struct sim_area); NULL
 * is ignored.
 */
void sim_protect_set_lazy(struct sim_area *a, uint32_t owner);

/**
 * A memory fault at @addr: when it lies in a lazy area that the view in
 * force gives more than it has now, widens the area to that and returns
 * true (the access is to be retried). Async-signal-safe.
 */
bool sim_protect_lazy_fault(const void *addr);

/**
 * sim_protect_lazy_fault() before the access: the SPM's memory check and
 * the context switch open what they are about to touch, so that a fault
 * (and a debugger's stop on it) stays the exception.
 */
void sim_protect_open(const void *addr);

/**
 * Opens every lazy area as the view in force allows: outside a run the
 * program's own fault handlers (a test framework's) are in place, so no
 * area the harness's code may read can be left for a fault to open.
 */
void sim_protect_open_lazy(void);

/** Sets the protection of @a in @view to @prot (PROT_* bits). */
void sim_protect_set(struct sim_area *a, uint32_t view, int prot);

/** Recomputes which views are the same, after sim_protect_set() calls. */
void sim_protect_views_done(void);

/** The area holding host address @addr, or NULL. */
const struct sim_area *sim_protect_find(const void *addr);

/** The number of areas (for iteration with sim_protect_area()). */
uint32_t sim_protect_count(void);
struct sim_area *sim_protect_area(uint32_t i);

/**
 * The code of @view's owner runs from now on, or after the SPM returns to
 * it: its view is applied at once when the SPM is not running.
 */
void sim_protect_activate(uint32_t view);

/**
 * Entry into the SPM (a psa_* call, a fault): the SPM's view. Returns true
 * when this entered (the caller must sim_protect_leave_spm() on its way
 * out), false when the SPM was already running or nothing is enforced.
 */
bool sim_protect_enter_spm(void);

/** The SPM hands the core to the code of the active view. */
void sim_protect_leave_spm(void);

/**
 * sim_protect_leave_spm() for code that runs on the stack holding @sp,
 * which stays accessible whatever the view says (a first-level handler
 * runs on the stack of the code it interrupted).
 */
void sim_protect_leave_spm_on(const void *sp);

/**
 * A memory fault: the SPM's view, for the handler. Async-signal-safe.
 * Returns the view that was in force.
 */
uint32_t sim_protect_fault(void);

/** True while the SPM's view is in force (the SPM or the boot context runs). */
bool sim_protect_in_spm(void);

/**
 * True when return address @ret lies in the SPM's or the simulator's own
 * code (the linker fragment's spmsim_text; always true in a program linked
 * without it). The functions that change protection serve only such
 * callers.
 */
bool sim_protect_trusted(const void *ret);

/**
 * Refuses a call from partition or non-secure code: a store to the
 * simulator's state, which faults wherever that state is read-only (every
 * view but the SPM's); elsewhere it changes nothing.
 */
void sim_protect_refuse(void);

/**
 * Placed after a call to one of the functions above that would otherwise
 * be the caller's last: it stops the compiler from making it a tail call,
 * which would hand the callee the caller's own return address (possibly
 * simulated code's, or the C library's) to judge.
 */
#define SIM_PROTECT_NO_TAIL() __asm__ volatile("" ::: "memory")

/*
 * The interrupt and device state (the linker fragment's spmsim_async: the
 * data of sim/irq_model/, sim/devices/ and sim/resets.c) is protected as
 * the simulator's other state is, but signal handlers on the core's thread
 * and harness functions that simulated code may call write it whatever
 * view is in force. They bracket each write:
 *
 *	bool opened = sim_protect_async_open();
 *	... write the state ...
 *	sim_protect_async_close(opened);
 *	SIM_PROTECT_NO_TAIL();   (when the close is the function's last call)
 *
 * Open makes the area writable when it is not (it asks the host with a
 * write probe, so it is right even in the middle of a change of view),
 * close gives it back exactly the protection open found. Core's thread
 * only; they serve only the simulator's own code, as the functions above.
 */
bool sim_protect_async_open(void);
/** True when the interrupt and device state is writable now (asks the host). */
bool sim_protect_async_writable(void);
void sim_protect_async_close(bool opened);

/**
 * Puts a variable in the memory that stays writable whatever runs (the
 * linker fragment's spmsim_shared, outside every area): for state that
 * threads other than the core's write, which page protection cannot follow.
 * Such state must hold no pointer and no index the simulator trusts.
 */
#define SIM_SHARED __attribute__((section("spmsim_shared")))

/** mprotect() calls made since the process started (for the benchmark). */
uint64_t sim_protect_calls(void);

/** Lazy areas opened by a fault since the process started (likewise). */
uint64_t sim_protect_lazy_opens(void);

#endif /* SIM_PROTECT_H */
