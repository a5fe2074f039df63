/*
 * The architecture interface: everything the SPM core and the backends need
 * from the machine, and nothing more.
 *
 * Implemented twice: by sim/ on a Linux host (contexts on their own mmap'd
 * stacks with a guard page, switched by a few instructions of assembly) and by
 * arch/armv8m/ for a Cortex-M target. Per-architecture types come from
 * "arch_types.h", found on the include path the Makefile chooses for the
 * build (sim/include/ for the host); there is no #ifdef on the architecture.
 *
 * Exactly one context runs on the simulated core at a time; every function
 * here is called from the running context.
 */
#ifndef SPM_ARCH_H
#define SPM_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch_types.h"
#include "load_table.h"

struct spm_trace_event;

/**
 * Prepares @ctx to run @entry(@arg) on a stack of its own with at least
 * @stack_size usable bytes (raised to ARCH_STACK_MIN where the architecture
 * needs more). The context starts running at its first arch_context_switch().
 * @entry must never return. Returns 0, or -1 when memory is exhausted.
 */
int arch_context_create(struct arch_context *ctx, size_t stack_size,
                        void (*entry)(void *arg), void *arg);

/** Releases the stack of @ctx, which must not be running. */
void arch_context_destroy(struct arch_context *ctx);

/**
 * Saves the running context into @from and resumes @to. Returns when some
 * later switch resumes @from. @from need not have been created: switching
 * from the boot context records it in @from the first time.
 */
void arch_context_switch(struct arch_context *from, struct arch_context *to);

/**
 * Leaves the running context for good and resumes @to; the context left
 * behind is never resumed, only destroyed (a panicked partition, a reset).
 */
void arch_context_exit_to(struct arch_context *to);

/**
 * True when the code calling it runs on the stack of a context made by
 * arch_context_create() (a partition or the non-secure side), false on the
 * boot context.
 */
bool arch_on_context_stack(void);

/** The live context whose mapping (stack or guard) holds @addr, or NULL. */
const struct arch_context *arch_context_at(const void *addr);

/** True when @addr lies in the guard area below the stack of @ctx. */
bool arch_context_in_guard(const struct arch_context *ctx, const void *addr);

/* ------------------------------------------------------------- isolation
 *
 * TF-M's isolation HAL shape: static set-up for a level, a boundary bound
 * to each partition at load, activated on a switch, and the memory check
 * against a boundary that the SPM runs on every pointer a caller passes.
 */

/** Memory check access bits. */
#define ARCH_MEM_READ    0x1u
#define ARCH_MEM_WRITE   0x2u
#define ARCH_MEM_EXECUTE 0x4u

/**
 * Sets up the isolation hardware for isolation @level (1, 2 or 3), an MPU of
 * @mpu_regions regions (8 or 16) and the partitions of @table: the static
 * regions, what is secure. Returns 0, or -1 with the reason in @why.
 */
int arch_isolation_init(unsigned level, unsigned mpu_regions,
                        const struct spm_load_table *table, char *why,
                        size_t why_size);

/**
 * Binds the boundary of secure partition @desc (position @index in the load
 * table), or of the non-secure side when @desc is NULL, into @boundary.
 * Returns 0, or -1 with the reason in @why (its regions do not fit the MPU).
 */
int arch_isolation_bind(const struct spm_partition_desc *desc, uint32_t index,
                        uintptr_t *boundary, char *why, size_t why_size);

/** The stack of @ctx belongs to the owner of @boundary from now on. */
void arch_isolation_add_stack(uintptr_t boundary,
                              const struct arch_context *ctx);

/** True when going from @from to @to changes what the hardware allows. */
bool arch_isolation_switch_needed(uintptr_t from, uintptr_t to);

/** Makes @boundary the active one (programs the MPU). */
void arch_isolation_activate(uintptr_t boundary);

/*
 * The SPM hands the core to partition code under the active boundary and
 * takes it back when that code returns: the boundary is enforced on the
 * code's own accesses from its first instruction to its return, and the
 * SPM's view comes back only on that return. On Armv8-M above level 1 the
 * code runs unprivileged on its partition's own stack while the SPM's
 * frames stay on a privileged stack of the SPM's, and the return comes
 * back through one fixed path (an SVC), never through anything on the
 * partition's stack. One function per kind of partition code:
 */

/** Runs @entry, an IPC-model partition's entry point; returns if it does. */
void arch_run_entry(void (*entry)(void));

/** Runs @init, an SFN-model partition's entry_init; its status. */
psa_status_t arch_run_init(psa_status_t (*init)(void));

/**
 * Runs service function @sfn on @msg; its status. The partition gets a
 * copy of *@msg in memory it can read.
 */
psa_status_t arch_run_sfn(psa_status_t (*sfn)(const psa_msg_t *msg),
                          const psa_msg_t *msg);

/** Runs @flih, a first-level interrupt handler; its result. */
psa_flih_result_t arch_run_flih(psa_flih_result_t (*flih)(void));

/**
 * May the owner of @boundary access @size bytes at @base for @access
 * (ARCH_MEM_* bits)? Size 0 passes; a null base fails.
 */
bool arch_isolation_check(uintptr_t boundary, const void *base, size_t size,
                          uint32_t access);

/* ------------------------------------------------------------ interrupts */

/** An interrupt line that arch_irq_line() could not resolve. */
#define ARCH_IRQ_NONE 0xFFFFFFFFu

/**
 * The interrupt line of a manifest IRQ source: @name when the manifest names
 * a platform interrupt, else the number @number. ARCH_IRQ_NONE when the
 * platform has no such interrupt.
 */
uint32_t arch_irq_line(const char *name, uint32_t number);

/** Enables interrupt @line at the interrupt controller. */
void arch_irq_enable(uint32_t line);

/** Disables interrupt @line; a pending request stays pending. */
void arch_irq_disable(uint32_t line);

/** Masks every interrupt (a critical section); returns the state to restore. */
uint32_t arch_irq_lock(void);

/** Ends a critical section begun by arch_irq_lock() with its @key. */
void arch_irq_unlock(uint32_t key);

/**
 * Nonzero while an interrupt point may have work: an interrupt raised,
 * enabled or unmasked since the last point, a device to poll, a reset
 * armed. The architecture keeps it (atomically: a raise may come from a
 * signal handler); the core only reads it.
 */
extern unsigned arch_attention;

/** arch_interrupt_point() once arch_attention says there may be work. */
unsigned arch_interrupt_point_slow(void);

/**
 * A point where the core takes pending interrupts: entry to the SPM, each
 * context switch. Each interrupt taken calls spm_irq_handler(). Returns the
 * number taken. (On hardware interrupts need no such point: arch_attention
 * stays 0.) Inline: every PSA call passes two, and almost always one load
 * says there is nothing.
 */
static inline unsigned arch_interrupt_point(void)
{
	if (__atomic_load_n(&arch_attention, __ATOMIC_RELAXED) == 0) {
		return 0;
	}
	return arch_interrupt_point_slow();
}

/**
 * Waits until an interrupt may have become pending and takes it; returns
 * false at once when none can ever come (no source is armed), so the
 * caller knows the system is stuck.
 */
bool arch_idle(void);

/* ----------------------------------------------------------------- trace */

/**
 * Records trace event @ev (see trace.h), called only while tracing is on
 * (spm_trace_enable()). The architecture stamps it with its own clock and
 * passes it on; @ev and its strings live until this returns. An address in
 * @ev is the core's own; the architecture may translate it (the host maps
 * it into the simulated memory map). Must not call back into the SPM.
 */
void arch_trace(const struct spm_trace_event *ev);

/**
 * Reports a misuse of the simulator by the code driving it (not by a
 * partition or a client, whose errors follow FF-M), naming @what.
 */
void arch_report(const char *what);

/**
 * Stops everything: an internal invariant of the SPM is broken (never
 * because of input, a partition or a client). Names @file:@line and @what.
 */
void arch_fatal(const char *file, int line, const char *what)
        __attribute__((noreturn));

#endif /* SPM_ARCH_H */
