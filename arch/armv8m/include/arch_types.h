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

/**
 * A context: its saved stack pointer and the stack it owns. The context
 * of a partition that runs unprivileged (above level 1) has two stacks:
 * the SPM's (privileged memory, owned here), on which the SPM's code for
 * it runs and the switch saves it, and the partition's own (in its RAM
 * area), on which only its code runs. The SVC gate (gate.c) moves between
 * them.
 */
struct arch_context {
	/** PSP saved by the last switch away from this context. */
	uint32_t sp;
	/** The stack's lowest address: PSPLIM while the context runs. */
	uint32_t limit;
	/** The stack's memory (owned) and its usable size. */
	void *stack;
	size_t stack_size;
	/** The partition's own stack: its top (0: none) and its limit. */
	uint32_t part_top;
	uint32_t part_limit;
	/** The partition's exception frame while the SPM serves its call. */
	uint32_t part_sp;
	/** The SPM's frame (on the SPM's stack) while partition code runs. */
	uint32_t spm_sp;
	/** What runs now: enum armv8m_gate_state (gate.c). */
	uint32_t state;
};

#endif /* ARMV8M_ARCH_TYPES_H */
