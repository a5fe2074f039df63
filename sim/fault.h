/*
 * Memory faults of simulated code become panics (fault.c).
 */
#ifndef SIM_FAULT_H
#define SIM_FAULT_H

#include <stdint.h>

/**
 * Installs the fault handler and its signal stack, for the time simulated
 * code runs (a test framework may install its own handler between runs).
 * Returns 0 or -1.
 */
int sim_fault_start(void);

/** Gives the signals and the stack back to what they were. */
void sim_fault_stop(void);

/** sim_fault_stop(), and frees the signal stack (at shutdown). */
void sim_fault_release(void);

/** The host address of the last memory fault taken (0 before any). */
uintptr_t sim_fault_host_address(void);

#endif /* SIM_FAULT_H */
