/*
 * Contexts on the Cortex-M33: every context (each IPC partition, the
 * non-secure side's calls, the boot code in main()) is a Secure thread on a
 * process stack of its own. A switch records who leaves and who comes and
 * pends PendSV, which the thread takes at once (switch.S); it returns when
 * a later switch resumes the context. A new context's stack starts with the
 * frame PendSV would have left: its exception frame "returns" to the entry
 * with the argument in r0.
 */
#include "arch.h"

#include <malloc.h>
#include <stdint.h>

#include "an505.h"
#include "armv8m.h"

/** Read by PendSV_Handler: the context to save (NULL: none) and the next. */
struct arch_context *volatile arch_switch_from;
struct arch_context *volatile arch_switch_to;

#define XPSR_THUMB        0x01000000u
/** Secure, Thread mode, PSP, no FP frame, callee registers not stacked. */
#define EXC_RETURN_THREAD 0xFFFFFFFDu
#define CONTROL_SPSEL     0x2u
/** The hardware frame (8 words) and the switch's own (10 words). */
#define HW_FRAME_WORDS    8u
#define SW_FRAME_WORDS    10u

/** Where a context whose entry returned lands: a broken promise. */
static void context_returned(void)
{
	arch_fatal(__FILE__, __LINE__, "a context's entry returned");
}

int arch_context_create(struct arch_context *ctx, size_t stack_size,
                        void (*entry)(void *arg), void *arg)
{
	size_t size = stack_size < ARCH_STACK_MIN ? ARCH_STACK_MIN : stack_size;
	uint32_t *top;
	uint32_t *sp;

	/* 32 bytes: the MPU's granule, so a stack can be a region. */
	size = (size + 31u) & ~(size_t)31u;
	ctx->stack = memalign(32, size);
	if (ctx->stack == NULL) {
		return -1;
	}
	ctx->stack_size = size;
	ctx->part_top = 0;
	ctx->state = 0;
	ctx->limit = (uint32_t)(uintptr_t)ctx->stack;
	top = (uint32_t *)((char *)ctx->stack + size);
	sp = top - HW_FRAME_WORDS;
	sp[0] = (uint32_t)(uintptr_t)arg;              /* r0 */
	sp[5] = (uint32_t)(uintptr_t)context_returned; /* lr */
	sp[6] = (uint32_t)(uintptr_t)entry & ~1u;      /* pc */
	sp[7] = XPSR_THUMB;                            /* xPSR */
	sp -= SW_FRAME_WORDS;
	for (unsigned i = 0; i < SW_FRAME_WORDS; i++) {
		sp[i] = 0;
	}
	sp[0] = CONTROL_SPSEL;     /* CONTROL */
	sp[9] = EXC_RETURN_THREAD; /* EXC_RETURN */
	ctx->sp = (uint32_t)(uintptr_t)sp;
	return 0;
}

void arch_context_destroy(struct arch_context *ctx)
{
	free(ctx->stack);
	ctx->stack = NULL;
}

/** Pends PendSV and lets it run: the switch happens inside. */
static void pend_switch(struct arch_context *from, struct arch_context *to)
{
	arch_switch_from = from;
	arch_switch_to = to;
	SCB_ICSR = ICSR_PENDSVSET;
	__asm volatile("dsb\n\tisb" ::: "memory");
}

void arch_context_switch(struct arch_context *from, struct arch_context *to)
{
	pend_switch(from, to);
}

void arch_context_exit_to(struct arch_context *to)
{
	uint32_t ipsr;

	pend_switch(NULL, to);
	__asm volatile("mrs %0, ipsr" : "=r"(ipsr));
	if (ipsr != 0) {
		/* A panic in an interrupt: PendSV waits for its end. */
		armv8m_irq_abandon();
	}
	for (;;) {
		/* PendSV never comes back here. */
	}
}

bool arch_on_context_stack(void)
{
	uint32_t psp;

	__asm volatile("mrs %0, psp" : "=r"(psp));
	return !armv8m_on_boot_stack(psp);
}

const struct arch_context *arch_context_at(const void *addr)
{
	/* Faults are decoded from the fault registers here, not by stack. */
	(void)addr;
	return NULL;
}

bool arch_context_in_guard(const struct arch_context *ctx, const void *addr)
{
	/* No guard area: PSPLIM stops an overflow at the stack's end. */
	(void)ctx;
	(void)addr;
	return false;
}
