/*
 * Host (Linux, x86-64 and i386) types behind the architecture interface.
 * Freestanding on purpose: the SPM core includes this file, so the host's
 * ucontext lives inside the context's own mapping, not in this struct.
 */
#ifndef SIM_ARCH_TYPES_H
#define SIM_ARCH_TYPES_H

#include <stddef.h>

/** The smallest stack the host gives a context: glibc and printf need room. */
#define ARCH_STACK_MIN (64u * 1024u)

/**
 * The inaccessible gap below every context's stack. Armv8-M faults on the
 * stack pointer crossing its limit (PSPLIM/MSPLIM); the host can only fault
 * on the access, so the gap is larger than any sane frame (a big local
 * array, alloca()): whatever a frame skips past lands in the gap of the
 * stack that overflowed, never in the memory below it. Address space only:
 * the gap is never backed.
 */
#define ARCH_STACK_GAP (8u * 1024u * 1024u)

/** A context: its saved stack pointer and the stack it owns. */
struct arch_context {
	/** Stack pointer saved by the last switch away from this context. */
	void *sp;
	/** The whole mapping: guard gap, stack, start-up area. */
	void *map;
	size_t map_size;
	/** The usable stack, just above the guard gap. */
	void *stack;
	size_t stack_size;
	/** The code the context starts with, and its argument. */
	void (*entry)(void *arg);
	void *arg;
	/** The host ucontext used once, to start the context. */
	void *start_uc;
	/** Valgrind's id for the registered stack. */
	unsigned valgrind_id;
	/** AddressSanitizer's fake-stack handle while switched away. */
	void *asan_fake_stack;
	/** Links the live contexts (for stack lookups). */
	struct arch_context *live_next;
};

#endif /* SIM_ARCH_TYPES_H */
