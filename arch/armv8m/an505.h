/*
 * The registers of the Cortex-M33 core and of the MPS2 AN505 board (Arm's
 * IoT Kit subsystem on an FPGA; QEMU's mps2-an505) that the Secure image
 * programs. Addresses from the Armv8-M architecture and the AN505
 * application note; Debian has no CMSIS, so only what is used is here.
 */
#ifndef ARMV8M_AN505_H
#define ARMV8M_AN505_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* System control block (Secure view; +0x20000 the Non-secure alias). */
#define SCB_ICSR          REG32(0xE000ED04u)
#define SCB_VTOR          REG32(0xE000ED08u)
#define SCB_AIRCR         REG32(0xE000ED0Cu)
#define SCB_SHPR3         REG32(0xE000ED20u)
#define SCB_SHCSR         REG32(0xE000ED24u)
#define SCB_CFSR          REG32(0xE000ED28u)
#define SCB_HFSR          REG32(0xE000ED2Cu)
#define SCB_MMFAR         REG32(0xE000ED34u)
#define SCB_BFAR          REG32(0xE000ED38u)
#define SCB_SFSR          REG32(0xE000EDE4u)
#define SCB_SFAR          REG32(0xE000EDE8u)
#define SCB_NS_VTOR       REG32(0xE002ED08u)
#define ICSR_PENDSVSET    (1u << 28)
#define AIRCR_VECTKEY     (0x05FAu << 16)
#define AIRCR_SYSRESETREQ (1u << 2)
#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)
#define SHCSR_SECFAULTENA (1u << 19)

/* Secure MPU. */
#define MPU_TYPE            REG32(0xE000ED90u)
#define MPU_CTRL            REG32(0xE000ED94u)
#define MPU_RNR             REG32(0xE000ED98u)
#define MPU_RBAR            REG32(0xE000ED9Cu)
#define MPU_RLAR            REG32(0xE000EDA0u)
#define MPU_MAIR0           REG32(0xE000EDC0u)
#define MPU_CTRL_ENABLE     0x1u
#define MPU_CTRL_PRIVDEFENA 0x4u

/* Security attribution unit. */
#define SAU_CTRL        REG32(0xE000EDD0u)
#define SAU_RNR         REG32(0xE000EDD8u)
#define SAU_RBAR        REG32(0xE000EDDCu)
#define SAU_RLAR        REG32(0xE000EDE0u)
#define SAU_CTRL_ENABLE 0x1u

/* NVIC: line n is bit n%32 of word n/32. */
#define NVIC_ISER(n) REG32(0xE000E100u + 4u * (n))
#define NVIC_ICER(n) REG32(0xE000E180u + 4u * (n))
#define NVIC_ISPR(n) REG32(0xE000E200u + 4u * (n))
#define NVIC_ICPR(n) REG32(0xE000E280u + 4u * (n))
#define NVIC_ITNS(n) REG32(0xE000E380u + 4u * (n))
/* Four 8-bit priorities per word, line n in byte n%4 of word n/4. */
#define NVIC_IPR(n)  REG32(0xE000E400u + 4u * (n))
/** The lines of the AN505's NVIC the Secure image routes. */
#define NVIC_LINES   96u

/* The IoT Kit's Secure privilege control block. */
#define SPCTRL_SECRESPCFG   REG32(0x50080010u)
#define SPCTRL_NSCCFG       REG32(0x50080014u)
#define SPCTRL_APBNSPPCEXP1 REG32(0x50080084u)
#define NSCCFG_CODENSC      0x1u
#define SECRESPCFG_BUSERR   0x1u
/** UART0 is port 5 of the expansion APB PPC 1. */
#define PPCEXP1_UART0       (1u << 5)

/* Memory protection controllers (one per memory). */
#define MPC_SSRAM1       0x58007000u
#define MPC_SSRAM3       0x58009000u
#define MPC_CTRL(m)      REG32((m) + 0x00u)
#define MPC_BLK_MAX(m)   REG32((m) + 0x10u)
#define MPC_BLK_CFG(m)   REG32((m) + 0x14u)
#define MPC_BLK_IDX(m)   REG32((m) + 0x18u)
#define MPC_BLK_LUT(m)   REG32((m) + 0x1Cu)
#define MPC_CTRL_AUTOINC (1u << 8)

/* CMSDK APB UARTs. */
#define UART0_NS          0x40200000u
#define UART1_S           0x50201000u
#define UART_DATA(u)      REG32((u) + 0x00u)
#define UART_STATE(u)     REG32((u) + 0x04u)
#define UART_CTRL(u)      REG32((u) + 0x08u)
#define UART_BAUD(u)      REG32((u) + 0x10u)
#define UART_STATE_TXFULL 0x1u
#define UART_CTRL_TXEN    0x1u

/* The images' places (see the linker scripts). */
#define NS_CODE_BASE    0x00200000u
#define NS_CODE_LIMIT   0x003FFFFFu
#define NS_RAM_BASE     0x28200000u
#define NS_RAM_LIMIT    0x283FFFFFu
#define NS_PERIPH_BASE  0x40000000u
#define NS_PERIPH_LIMIT 0x4FFFFFFFu

#endif /* ARMV8M_AN505_H */
