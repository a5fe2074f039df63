/*
 * Cortex-M33 (Armv8-M Mainline with the Security Extension) types behind the
 * architecture interface. Every context is a Secure thread on a process
 * stack (PSP) of its own, switched by PendSV.
 */
#ifndef ARMV8M_ARCH_TYPES_H
#define ARMV8M_ARCH_TYPES_H

#include <stddef.h>
#include <stdint.h>

/**
 * The smallest stack a context gets: the exception frame, the switch's
 * saved registers and a few calls of the SPM.
 */
#define ARCH_STACK_MIN 512u

/** A context: its saved stack pointer and the stack it owns. */
struct arch_context {
	/** PSP saved by the last switch away from this context. */
	uint32_t sp;
	/** The stack's lowest address: PSPLIM while the context runs. */
	uint32_t limit;
	/** The stack's memory (owned) and its usable size. */
	void *stack;
	size_t stack_size;
};

#endif /* ARMV8M_ARCH_TYPES_H */
