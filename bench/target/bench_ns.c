/*
 * make bench-target: the non-secure side. Counts the instructions of a PSA
 * call from the non-secure side on QEMU run with -icount shift=0, where
 * every instruction takes one nanosecond of the machine's clock: the
 * non-secure SysTick, on the processor clock, counts that time. One tick
 * is several instructions, so each figure is the ticks of RUNS operations,
 * less those of RUNS turns of the same loop calling an empty function,
 * converted with the instructions per tick measured on a loop of known
 * length, and divided by RUNS. Deterministic: the same build prints the
 * same numbers.
 */
#include <stdint.h>
#include <stdio.h>

#include <psa/client.h>

#include "psa_manifest/sid.h"

#define SYST_CSR  REG(0xE000E010u)
#define SYST_RVR  REG(0xE000E014u)
#define SYST_CVR  REG(0xE000E018u)
#define REG(a)    (*(volatile uint32_t *)(a))
/** ENABLE, processor clock. */
#define SYST_ON   0x5u
#define SYST_MASK 0x00FFFFFFu

/** Operations per figure. */
#define RUNS      200u
/** Turns of the calibration loop (2 instructions each). */
#define CAL_TURNS 100000u

static uint8_t in[2][64], out[2][64];

static uint32_t now(void)
{
	return SYST_CVR;
}

/** Ticks from @start to now (SysTick counts down, 24 bits). */
static uint32_t since(uint32_t start)
{
	return (start - now()) & SYST_MASK;
}

static __attribute__((noinline)) void op_none(void)
{
	__asm volatile("" ::: "memory");
}

static void op_empty(void)
{
	(void)psa_call(BENCH_CALL_HANDLE, 0, NULL, 0, NULL, 0);
}

static void op_vectors(void)
{
	psa_invec iv[2] = {{in[0], 64}, {in[1], 64}};
	psa_outvec ov[2] = {{out[0], 64}, {out[1], 64}};

	(void)psa_call(BENCH_CALL_HANDLE, 1, iv, 2, ov, 2);
}

static void op_connect_close(void)
{
	psa_close(psa_connect(BENCH_CONN_SID, 1));
}

/** Ticks of RUNS turns of @op. */
static uint32_t ticks_of(void (*volatile op)(void))
{
	uint32_t t = now();

	for (uint32_t i = 0; i < RUNS; i++) {
		op();
	}
	return since(t);
}

/** Calibration: ticks of the loop of known length. */
static uint32_t cal;

/** Instructions per operation of @op, rounded. */
static unsigned long instructions(void (*op)(void), uint32_t base)
{
	uint64_t ticks = ticks_of(op) - base;
	uint64_t den = (uint64_t)cal * RUNS;

	return (unsigned long)((ticks * 2u * CAL_TURNS + den / 2u) / den);
}

int main(void)
{
	uint32_t n = CAL_TURNS, t, base;

	SYST_RVR = SYST_MASK;
	SYST_CVR = 0;
	SYST_CSR = SYST_ON;
	t = now();
	__asm volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
	cal = since(t);
	base = ticks_of(op_none);
	printf("bench: %lu instructions per 100 SysTick ticks\n",
	       (unsigned long)(200u * CAL_TURNS / cal));
	printf("bench: psa_call, no vectors            %6lu instructions\n",
	       instructions(op_empty, base));
	printf("bench: psa_call, 4 x 64-byte vectors   %6lu instructions\n",
	       instructions(op_vectors, base));
	printf("bench: psa_connect + psa_close         %6lu instructions\n",
	       instructions(op_connect_close, base));
	return 0;
}
