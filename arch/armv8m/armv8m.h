/*
 * What the parts of the Cortex-M33 target layer tell each other: the
 * board's set-up, the console, the exit to the host, the non-secure image.
 */
#ifndef ARMV8M_H
#define ARMV8M_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Makes the board's memories and UART0 those the non-secure image needs. */
void armv8m_board_security(void);

/**
 * Starts the non-secure image (its vector table at NS_CODE_BASE) and
 * returns what its reset handler returns, when it does.
 */
int armv8m_run_ns_image(void);

/** Sends output to UART @base (a CMSDK APB UART) from now on. */
void armv8m_console_init(uint32_t base);

/** Ends the QEMU run with @code (semihosting SYS_EXIT_EXTENDED). */
void armv8m_exit(int code) __attribute__((noreturn));

/** True when @sp lies on the stack main() runs on. */
bool armv8m_on_boot_stack(uint32_t sp);

/** Sets up the fault exceptions (enabled, taken Secure). */
void armv8m_faults_init(void);

/**
 * A partition's RAM, as the linker placed it: its data from @start (the
 * initial contents at @load), its bss from @bss, its stack from @stack to
 * @end.
 */
struct armv8m_area {
	const char *partition;
	char *start;
	char *bss;
	char *stack;
	char *end;
	const char *load;
};

/** Every partition's area, ended by one with a NULL name (generated). */
extern const struct armv8m_area armv8m_areas[];

/** The area of partition @name, or NULL. */
const struct armv8m_area *armv8m_area_of(const char *name);

/** Gives every partition's data and bss their initial contents. */
void armv8m_areas_init(void);

/**
 * Runs partition code @fn unprivileged on the stack of the running
 * context's partition and returns its r0: its argument is @arg, or, when
 * @size is not 0, a copy of the @size bytes at @copy put on that stack
 * (svc.S, gate.c).
 */
uint32_t armv8m_call_partition(uintptr_t fn, uint32_t arg, const void *copy,
                               size_t size);

struct arch_context;

/**
 * @ctx runs unprivileged partition code on the stack [@limit, @top) from
 * now on, its SPM's code on the stack it has (gate.c).
 */
void armv8m_gate_add_stack(struct arch_context *ctx, uint32_t limit,
                           uint32_t top);

/**
 * Where the panic of the running context may run, privileged: its SPM's
 * stack when partition code faulted on its own, else @psp.
 */
uint32_t armv8m_gate_panic_stack(uint32_t psp);

/**
 * Runs first-level interrupt handler @fn unprivileged in Thread mode on
 * its partition's stack [@limit, @top), from the interrupt handler, and
 * returns its r0 (svc.S, gate.c).
 */
uint32_t armv8m_call_flih(uintptr_t fn, uint32_t top, uint32_t limit);

/**
 * Where a first-level handler of the partition of @ctx may start its
 * stack: below what that partition's code uses on it, or @top when
 * @ctx is NULL or runs no code of its own.
 */
uint32_t armv8m_gate_flih_top(const struct arch_context *ctx, uint32_t top);

/** True while a first-level handler runs unprivileged. */
bool armv8m_gate_in_flih(void);

/**
 * Abandons the first-level handler running (it faulted): back to its
 * interrupt as if it had returned; the EXC_RETURN that does it.
 */
uint32_t armv8m_gate_flih_abandon(void);

/** True once after a first-level handler was abandoned. */
bool armv8m_gate_flih_faulted(void);

/**
 * The EXC_RETURN an interrupt leaves with, given its own @exc_return: a
 * panic's way to Thread mode when a first-level handler it ran faulted.
 */
uint32_t armv8m_fault_irq_exit(uint32_t exc_return);

/**
 * Leaves the interrupt being handled for Thread mode where it was taken,
 * dropping the handler's frames: a switch pended meanwhile runs at once
 * (a panic in a first-level handler, context.c).
 */
void armv8m_irq_abandon(void) __attribute__((noreturn));

#endif /* ARMV8M_H */
