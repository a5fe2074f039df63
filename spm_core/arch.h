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

#include "arch_types.h"

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

/** True when @addr lies in the guard area below the stack of @ctx. */
bool arch_context_in_guard(const struct arch_context *ctx, const void *addr);

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
