/*
 * The non-secure image's start. The Secure image calls the reset handler
 * (vector 1) through a non-secure function pointer, with MSP_NS set from
 * vector 0: it initialises .data and .bss, starts the console on UART0 and
 * runs main(); what main() returns goes back to the Secure image and ends
 * the run. A non-secure fault ends it too.
 */
#include <stdint.h>
#include <stdio.h>

#include "an505.h"
#include "armv8m.h"

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern char __stack_top[];

int main(void);
int Reset_Handler(void);

/** Exit status of a run ended by a fault of the non-secure image's own. */
#define EXIT_NS_FAULT 71

static void fault_handler(void)
{
	printf("non-secure: fault (CFSR 0x%08lx)\n",
	       (unsigned long)REG32(0xE000ED28u));
	armv8m_exit(EXIT_NS_FAULT);
}

int Reset_Handler(void)
{
	uint32_t *src = __data_load;

	for (uint32_t *dst = __data_start; dst < __data_end;) {
		*dst++ = *src++;
	}
	for (uint32_t *dst = __bss_start; dst < __bss_end;) {
		*dst++ = 0;
	}
	armv8m_console_init(UART0_NS);
	return main();
}

__attribute__((section(".vectors"),
               used)) static void (*const vectors[16])(void) = {
        [0] = (void (*)(void))__stack_top,
        [1] = (void (*)(void))Reset_Handler,
        [2 ... 15] = fault_handler,
};
