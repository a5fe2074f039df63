/*
 * The Secure image's start: the vector table (at VTOR_S's reset value,
 * 0x10000000), the reset handler that initialises .data and .bss and moves
 * Thread mode to the process stack of the boot context, and the handlers of
 * every exception.
 */
#include <stdint.h>
#include <stdio.h>

#include "an505.h"
#include "arch.h"
#include "armv8m.h"

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern char __msp_top[], __boot_stack_bottom[], __boot_stack_top[];

int main(void);
void Reset_Handler(void) __attribute__((noreturn));
void PendSV_Handler(void);
void armv8m_fault_handler(void);
void armv8m_irq_handler(void);
void armv8m_svc_handler(void);

/** The run's exit status after an exception nothing handles. */
#define EXIT_UNEXPECTED 70

/**
 * Lowest priority for PendSV, so a switch runs only from Thread mode, and
 * for the interrupts: the SVC and the faults (priority 0) preempt them,
 * as a first-level handler run from one needs (gate.c), and none preempts
 * PendSV, so an interrupt always comes from Thread mode.
 */
#define PRIORITY_LOWEST 0xFFu

bool armv8m_on_boot_stack(uint32_t sp)
{
	return sp > (uint32_t)(uintptr_t)__boot_stack_bottom &&
	       sp <= (uint32_t)(uintptr_t)__boot_stack_top;
}

/** An exception nothing here expects: stop, naming it. */
static void unexpected_handler(void)
{
	uint32_t ipsr;

	__asm volatile("mrs %0, ipsr" : "=r"(ipsr));
	printf("spmsim: unexpected exception %lu\n", (unsigned long)ipsr);
	armv8m_exit(EXIT_UNEXPECTED);
}

void Reset_Handler(void)
{
	uint32_t *src = __data_load;

	for (uint32_t *dst = __data_start; dst < __data_end;) {
		*dst++ = *src++;
	}
	for (uint32_t *dst = __bss_start; dst < __bss_end;) {
		*dst++ = 0;
	}
	armv8m_areas_init();
	SCB_SHPR3 |= PRIORITY_LOWEST << 16; /* PendSV */
	for (uint32_t w = 0; w < NVIC_LINES / 4u; w++) {
		NVIC_IPR(w) = PRIORITY_LOWEST * 0x01010101u;
	}
	/* Thread mode on PSP from here: every context, boot included. */
	__asm volatile("msr psp, %0\n\t"
	               "msr control, %1\n\t"
	               "isb"
	               :
	               : "r"(__boot_stack_top), "r"(0x2u)
	               : "memory");
	armv8m_exit(main());
}

#define N_EXTERNAL 96u

/** The table the core reads: MSP, reset, then one entry per exception. */
__attribute__((section(".vectors"),
               used)) static void (*const vectors[16u + N_EXTERNAL])(void) = {
        [0] = (void (*)(void))__msp_top,
        [1] = Reset_Handler,
        [2] = unexpected_handler,   /* NMI */
        [3] = armv8m_fault_handler, /* HardFault */
        [4] = armv8m_fault_handler, /* MemManage */
        [5] = armv8m_fault_handler, /* BusFault */
        [6] = armv8m_fault_handler, /* UsageFault */
        [7] = armv8m_fault_handler, /* SecureFault */
        [11] = armv8m_svc_handler,  /* SVCall */
        [12] = unexpected_handler,  /* DebugMonitor */
        [14] = PendSV_Handler,
        [15] = unexpected_handler, /* SysTick */
        [16 ... 16u + N_EXTERNAL - 1u] = armv8m_irq_handler,
};
