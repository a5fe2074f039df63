/*
 * The context switch: PendSV, at the lowest exception priority, so that it
 * runs only when the thread that asked for it (arch_context_switch()) is
 * the code interrupted. Every context runs in Secure Thread mode on PSP.
 *
 * Saved below the hardware frame on the context's own stack: CONTROL (its
 * privilege), r4-r11 and EXC_RETURN, ten words. PSPLIM is cleared before
 * PSP moves and set to the resumed context's limit after, so the limit
 * check never sees a stack pointer against another stack's limit.
 */
	.syntax unified
	.thumb
	.text

	.global PendSV_Handler
	.type PendSV_Handler, %function
	.thumb_func
PendSV_Handler:
	ldr	r2, =arch_switch_from
	ldr	r0, [r2]
	ldr	r2, =arch_switch_to
	ldr	r1, [r2]
	cbz	r0, 1f			@ leaving for good: nothing to save
	mrs	r12, psp
	mrs	r3, control
	stmdb	r12!, {r3-r11, lr}
	str	r12, [r0]		@ from->sp
1:
	movs	r3, #0
	msr	psplim, r3
	ldr	r12, [r1]		@ to->sp
	ldmia	r12!, {r3-r11, lr}
	msr	control, r3
	isb
	msr	psp, r12
	ldr	r3, [r1, #4]		@ to->limit
	msr	psplim, r3
	bx	lr
	.size PendSV_Handler, . - PendSV_Handler
