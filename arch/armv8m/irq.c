/*
 * Interrupts on the Cortex-M33: the NVIC's Secure lines. An interrupt is
 * taken by the hardware, not at an interrupt point: the handler calls
 * spm_irq_handler() at once, and when that made a partition runnable it
 * raises arch_attention, so that the next entry to the SPM (or the next
 * switch) is a preemption point where the partition may run. Every line
 * has the lowest priority (startup.c): an interrupt always comes from
 * Thread mode, and its exit may be a panic's way there (fault.c).
 */
#include "arch.h"

#include <stddef.h>

#include "an505.h"
#include "armv8m.h"
#include "irq.h"

unsigned arch_attention;
/** The EXC_RETURN of the interrupt being handled. */
static uint32_t irq_exc_return;

uint32_t armv8m_irq_dispatch(uint32_t exc_return);

uint32_t arch_irq_line(const char *name, uint32_t number)
{
	/* The board's interrupts have numbers only. */
	if (name != NULL || number >= NVIC_LINES) {
		return ARCH_IRQ_NONE;
	}
	return number;
}

void arch_irq_enable(uint32_t line)
{
	NVIC_ISER(line / 32u) = 1u << (line % 32u);
}

void arch_irq_disable(uint32_t line)
{
	NVIC_ICER(line / 32u) = 1u << (line % 32u);
	__asm volatile("dsb\n\tisb" ::: "memory");
}

uint32_t arch_irq_lock(void)
{
	uint32_t key;

	__asm volatile("mrs %0, primask\n\tcpsid i" : "=r"(key)::"memory");
	return key;
}

void arch_irq_unlock(uint32_t key)
{
	__asm volatile("msr primask, %0" : : "r"(key) : "memory");
}

unsigned arch_interrupt_point_slow(void)
{
	/* Taken already, by the hardware: report them once. */
	__atomic_store_n(&arch_attention, 0, __ATOMIC_RELAXED);
	return 1;
}

bool arch_idle(void)
{
	bool armed = false;

	for (uint32_t w = 0; w < NVIC_LINES / 32u; w++) {
		armed |= NVIC_ISER(w) != 0;
	}
	if (!armed) {
		return false;
	}
	__asm volatile("wfi" ::: "memory");
	return true;
}

/**
 * Called by armv8m_irq_handler with the interrupt's EXC_RETURN; returns
 * the EXC_RETURN to leave with.
 */
uint32_t armv8m_irq_dispatch(uint32_t exc_return)
{
	uint32_t ipsr;

	__asm volatile("mrs %0, ipsr" : "=r"(ipsr));
	irq_exc_return = exc_return;
	spm_irq_handler((ipsr & 0x1FFu) - 16u);
	__atomic_store_n(&arch_attention, 1, __ATOMIC_RELAXED);
	return armv8m_fault_irq_exit(exc_return);
}

void armv8m_irq_abandon(void)
{
	extern char __msp_top[];
	uint32_t ipsr;

	__asm volatile("mrs %0, ipsr" : "=r"(ipsr));
	if ((ipsr & 0x1FFu) < 16u) {
		arch_fatal(
		        __FILE__, __LINE__,
		        "a context switch asked for in an exception handler");
	}
	/* Nothing else is active (the lowest priority): the main stack is
	 * empty once this interrupt's frames are dropped. */
	__asm volatile("msr msp, %0\n\t"
	               "bx %1"
	               :
	               : "r"(__msp_top), "r"(irq_exc_return)
	               : "memory");
	__builtin_unreachable();
}

/** The interrupts' entry: EXC_RETURN in, EXC_RETURN out. */
__attribute__((naked)) void armv8m_irq_handler(void)
{
	__asm volatile("mov r0, lr\n\t"
	               "push {r4, lr}\n\t"
	               "bl armv8m_irq_dispatch\n\t"
	               "pop {r4, lr}\n\t"
	               "bx r0");
}
