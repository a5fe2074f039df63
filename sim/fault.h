/*
 * Faults of simulated code become panics (fault.c).
 */
#ifndef SIM_FAULT_H
#define SIM_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Installs the fault handlers and their signal stack, for the time
 * simulated code runs (a test framework may install its own handlers
 * between runs). Returns 0 or -1.
 */
int sim_fault_start(void);

/** Gives the signals and the stack back to what they were. */
void sim_fault_stop(void);

/** sim_fault_stop(), and frees the signal stack (at shutdown). */
void sim_fault_release(void);

/** The host address of the last fault taken (0 before any). */
uintptr_t sim_fault_host_address(void);

/**
 * True when the host lets the SPM read (or, when @write, write) every
 * byte of [@base, +@size): each page is touched once, a fault there is a
 * false answer, not a fault. True when the handlers are not installed
 * (outside runs nothing could catch the fault). Size 0 passes.
 */
bool sim_fault_probe(const void *base, size_t size, bool write);

#endif /* SIM_FAULT_H */
