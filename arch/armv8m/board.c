/*
 * The AN505's security set-up, and the start of the non-secure image.
 *
 * How it works. The IDAU makes an address Secure when bit 28 is set, and
 * the code region 0x1xxxxxxx non-secure-callable too once NSCCFG.CODENSC is
 * set; the SAU (Secure everywhere it has no region) then narrows that down:
 *   non-secure        the NS image's code (top half of SSRAM1), its RAM
 *                     (SSRAM3) and the peripherals' NS aliases
 *   non-secure-callable  the Secure image's veneers (.gnu.sgstubs) only
 * The memory protection controllers gate each memory by blocks of 1 KiB
 * (BLK_CFG says): the blocks of those NS areas are given to the NS side, all
 * others stay Secure, as is SSRAM2 (the Secure image's RAM). UART0 is the
 * NS side's (APB PPC EXP1 port 5); the Secure image writes to UART1.
 */
#include <arm_cmse.h>
#include <stdint.h>

#include "an505.h"
#include "armv8m.h"
#include "pmsav8.h"

/** The veneers' area, from the Secure linker script (32-byte aligned). */
extern char __sg_start[], __sg_end[];

/** Gives the MPC's blocks covering [@offset, @offset + @size) to NS. */
static void mpc_give_ns(uint32_t mpc, uint32_t offset, uint32_t size)
{
	uint32_t block = 1u << (MPC_BLK_CFG(mpc) + 5u);
	uint32_t first = offset / block;
	uint32_t end = (offset + size) / block;

	MPC_CTRL(mpc) &= ~MPC_CTRL_AUTOINC;
	for (uint32_t b = first; b < end; b++) {
		MPC_BLK_IDX(mpc) = b / 32u;
		MPC_BLK_LUT(mpc) = MPC_BLK_LUT(mpc) | (1u << (b % 32u));
	}
}

static void sau_region(uint32_t n, uint32_t base, uint32_t limit, bool nsc)
{
	SAU_RNR = n;
	SAU_RBAR = pmsav8_sau_rbar(base);
	SAU_RLAR = pmsav8_sau_rlar(limit, nsc, true);
}

void armv8m_board_security(void)
{
	sau_region(0, NS_CODE_BASE, NS_CODE_LIMIT, false);
	sau_region(1, (uint32_t)(uintptr_t)__sg_start,
	           (uint32_t)(uintptr_t)__sg_end - 1u, true);
	sau_region(2, NS_RAM_BASE, NS_RAM_LIMIT, false);
	sau_region(3, NS_PERIPH_BASE, NS_PERIPH_LIMIT, false);
	SAU_CTRL = SAU_CTRL_ENABLE;
	SPCTRL_NSCCFG |= NSCCFG_CODENSC;
	/* A refused NS access is a bus error, not read-as-zero. */
	SPCTRL_SECRESPCFG |= SECRESPCFG_BUSERR;
	mpc_give_ns(MPC_SSRAM1, NS_CODE_BASE,
	            NS_CODE_LIMIT - NS_CODE_BASE + 1u);
	mpc_give_ns(MPC_SSRAM3, 0, NS_RAM_LIMIT - NS_RAM_BASE + 1u);
	SPCTRL_APBNSPPCEXP1 |= PPCEXP1_UART0;
	__asm volatile("dsb\n\tisb" ::: "memory");
}

typedef int __attribute__((cmse_nonsecure_call)) ns_reset_fn(void);

int armv8m_run_ns_image(void)
{
	const uint32_t *vectors = (const uint32_t *)NS_CODE_BASE;
	ns_reset_fn *reset;

	SCB_NS_VTOR = NS_CODE_BASE;
	__asm volatile("msr msp_ns, %0" : : "r"(vectors[0]));
	reset = (ns_reset_fn *)cmse_nsfptr_create(vectors[1]);
	return reset();
}
