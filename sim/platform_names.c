/*
 * The board's built-in platform names (see platform_names.h). The TF-M
 * names are those of the Arm MPS2 AN521 platform, so TF-M's own test
 * partitions find their timer.
 */
#include "platform_names.h"

#include <stddef.h>

#include "spmsim/platform.h"

const struct sim_platform_irq sim_platform_builtin_irqs[] = {
        {"TFM_TIMER0_IRQ", 3},       {"TFM_TIMER1_IRQ", 4},
        {"TFM_DUALTIMER_IRQ", 5},    {"SPMSIM_TIMER0_IRQ", 32},
        {"SPMSIM_UART0_RX_IRQ", 33}, {"SPMSIM_TIMER1_IRQ", 34},
        {"SPMSIM_UART1_RX_IRQ", 35}, {"SPMSIM_WATCHDOG_IRQ", 36},
        {"SPMSIM_MAILBOX_IRQ", 37},  {NULL, 0},
};

const struct sim_platform_region sim_platform_builtin_regions[] = {
        {"SPMSIM_TIMER0", SPMSIM_TIMER0_ADDR, SPMSIM_DEVICE_SIZE},
        {"SPMSIM_UART0", SPMSIM_UART0_ADDR, SPMSIM_DEVICE_SIZE},
        {"SPMSIM_TIMER1", SPMSIM_TIMER1_ADDR, SPMSIM_DEVICE_SIZE},
        {"SPMSIM_UART1", SPMSIM_UART1_ADDR, SPMSIM_DEVICE_SIZE},
        {"SPMSIM_WATCHDOG", SPMSIM_WATCHDOG_ADDR, SPMSIM_DEVICE_SIZE},
        {"SPMSIM_FLASH0", SPMSIM_FLASH0_ADDR, SPMSIM_FLASH0_SIZE},
        {NULL, 0, 0},
};
