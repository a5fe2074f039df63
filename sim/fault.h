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

/** The probe's step: the smallest page the host may have. */
#define SIM_PROBE_STEP 4096u

/** True while the handlers are installed; read it through sim_fault_probe(). */
extern bool sim_fault_armed;

/**
 * One touch of the byte at @p: a load, or (sim_probe_write) an atomic OR
 * of zero, which needs write access and changes nothing. False when it
 * faulted: the handler resumes it with that answer (fault.c).
 */
bool sim_probe_read(const volatile void *p)
        __attribute__((visibility("hidden")));
bool sim_probe_write(volatile void *p) __attribute__((visibility("hidden")));

/** sim_fault_probe() of a range over more than one page. */
bool sim_fault_probe_pages(const void *base, size_t size, bool write);

/**
 * True when the host lets the SPM read (or, when @write, write) every
 * byte of [@base, +@size): each page is touched once, a fault there is a
 * false answer, not a fault. True when the handlers are not installed
 * (outside runs nothing could catch the fault). Size 0 passes. Inline:
 * the memory check asks on every pointer, nearly always of one page.
 */
static inline bool sim_fault_probe(const void *base, size_t size, bool write)
{
	uintptr_t a = (uintptr_t)base;

	if (size == 0 || !sim_fault_armed) {
		return true;
	}
	if ((a ^ (a + size - 1u)) >= SIM_PROBE_STEP) {
		return sim_fault_probe_pages(base, size, write);
	}
	return write ? sim_probe_write((void *)a) : sim_probe_read(base);
}

#endif /* SIM_FAULT_H */
