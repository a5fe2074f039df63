/*
 * What the host's other models need from the context module
 * (arch_context.c) beyond the architecture interface in spm_core/arch.h.
 */
#ifndef SIM_ARCH_CONTEXT_H
#define SIM_ARCH_CONTEXT_H

/** Owned by arch_context.c; read it through sim_context_epoch(). */
extern unsigned long sim_context_epoch_now;

/**
 * A number that changes whenever a context is created or destroyed, so
 * anything that remembers what arch_context_at() answered knows when to
 * forget it. Inline: the memory check asks on every pointer.
 */
static inline unsigned long sim_context_epoch(void)
{
	return sim_context_epoch_now;
}

#endif /* SIM_ARCH_CONTEXT_H */
