/*
 * Register-only context switch for i386 (System V ABI): saves what a callee
 * must preserve (ebx, esi, edi, ebp, MXCSR and the x87 control word) on the
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
	movl	4(%esp), %eax
	movl	8(%esp), %edx
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	subl	$8, %esp
	stmxcsr	(%esp)
	fnstcw	4(%esp)
	movl	%esp, (%eax)
	movl	%edx, %esp
	ldmxcsr	(%esp)
	fldcw	4(%esp)
	addl	$8, %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret
	.size	arch_sim_switch, .-arch_sim_switch

/*
 * Where a fresh context's first switch returns to: ebx holds the context;
 * align the stack and hand over to C, which never comes back.
 */
	.globl	arch_sim_start_stub
	.hidden	arch_sim_start_stub
	.type	arch_sim_start_stub, @function
arch_sim_start_stub:
	andl	$-16, %esp
	subl	$12, %esp
	pushl	%ebx
	call	arch_sim_start
	ud2
	.size	arch_sim_start_stub, .-arch_sim_start_stub

	.section .note.GNU-stack, "", @progbits
