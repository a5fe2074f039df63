/*
 * What the host's other models need from the context module
 * (arch_context.c) beyond the architecture interface in spm_core/arch.h.
 */
#ifndef SIM_ARCH_CONTEXT_H
#define SIM_ARCH_CONTEXT_H

/**
 * A number that changes whenever a context is created or destroyed, so
 * anything that remembers what arch_context_at() answered knows when to
 * forget it.
 */
unsigned long sim_context_epoch(void);

#endif /* SIM_ARCH_CONTEXT_H */
