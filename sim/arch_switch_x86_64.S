/*
 * Register-only context switch for x86-64 (System V ABI): saves what a callee
 * must preserve (rbx, rbp, r12-r15, MXCSR and the x87 control word) on the
 * running stack, stores the stack pointer, loads the other one and restores.
 * No system call: the signal mask is not touched.
 *
 * void arch_sim_switch(void **save_sp, void *load_sp);
 */
	.text
	.globl	arch_sim_switch
	.hidden	arch_sim_switch
	.type	arch_sim_switch, @function
arch_sim_switch:
	.cfi_startproc
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.cfi_endproc
	.size	arch_sim_switch, .-arch_sim_switch

/*
 * Where a fresh context's first switch returns to: rbx holds the context;
 * align the stack and hand over to C, which never comes back.
 */
	.globl	arch_sim_start_stub
	.hidden	arch_sim_start_stub
	.type	arch_sim_start_stub, @function
arch_sim_start_stub:
	movq	%rbx, %rdi
	andq	$-16, %rsp
	call	arch_sim_start
	ud2
	.size	arch_sim_start_stub, .-arch_sim_start_stub

	.section .note.GNU-stack, "", @progbits
