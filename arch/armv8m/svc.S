/*
 * The fixed paths between partition code and the SPM above level 1 (see
 * gate.c): the SVC exception's entry, the SPM's call of partition code,
 * and the two places either side returns to. Nothing here reads a return
 * address from a partition's stack.
 */
	.syntax unified
	.thumb
	.text

/*
 * SVC: the caller's frame (on PSP from Thread mode, on MSP from the
 * interrupt handler that runs a first-level handler), r4 and r5
 * (psa_call()'s fifth and sixth arguments) and EXC_RETURN go to
 * armv8m_gate(), which returns the EXC_RETURN to leave with.
 */
	.global armv8m_svc_handler
	.type armv8m_svc_handler, %function
	.thumb_func
armv8m_svc_handler:
	tst	lr, #4			@ EXC_RETURN.SPSEL: which stack
	ite	eq
	mrseq	r0, msp
	mrsne	r0, psp
	mov	r1, r4
	mov	r2, r5
	mov	r3, lr
	push	{r4, lr}
	bl	armv8m_gate
	pop	{r4, lr}
	bx	r0
	.size armv8m_svc_handler, . - armv8m_svc_handler

/*
 * uint32_t armv8m_call_partition(fn, arg, copy, size): runs partition
 * code fn unprivileged on its partition's stack and returns its r0. The
 * SPM's registers stay on the SPM's stack (the code starts with r1-r12
 * clear); the partition's return comes back to the instruction after the
 * SVC, whatever it did to its stack or its registers.
 */
	.global armv8m_call_partition
	.type armv8m_call_partition, %function
	.thumb_func
armv8m_call_partition:
	push	{r4-r11, lr}
	movs	r4, #0			@ the SPM's values stay its own
	mov	r5, r4
	mov	r6, r4
	mov	r7, r4
	mov	r8, r4
	mov	r9, r4
	mov	r10, r4
	mov	r11, r4
	.global armv8m_call_svc
armv8m_call_svc:
	svc	#0xF1
	pop	{r4-r11, pc}
	.size armv8m_call_partition, . - armv8m_call_partition

/* Where the SPM's function for a partition's PSA call returns. */
	.global armv8m_spm_return
	.type armv8m_spm_return, %function
	.thumb_func
armv8m_spm_return:
	svc	#0xF0
	.size armv8m_spm_return, . - armv8m_spm_return

/* Where partition code called by the SPM returns. */
	.global armv8m_partition_return
	.type armv8m_partition_return, %function
	.thumb_func
armv8m_partition_return:
	svc	#0xF2
	.size armv8m_partition_return, . - armv8m_partition_return

/*
 * uint32_t armv8m_call_flih(fn, top, limit): from an interrupt handler,
 * runs first-level handler fn unprivileged in Thread mode on its
 * partition's stack below top, above limit, and returns its r0 (see
 * gate.c). The interrupt stays active meanwhile: the handler runs at its
 * priority. The handler's return comes back to the instruction after the
 * SVC, in Handler mode, whatever it did to its stack or its registers.
 */
	.global armv8m_call_flih
	.type armv8m_call_flih, %function
	.thumb_func
armv8m_call_flih:
	push	{r4-r11, lr}
	movs	r4, #0			@ the SPM's values stay its own
	mov	r5, r4
	mov	r6, r4
	mov	r7, r4
	mov	r8, r4
	mov	r9, r4
	mov	r10, r4
	mov	r11, r4
	.global armv8m_flih_svc
armv8m_flih_svc:
	svc	#0xF3
	pop	{r4-r11, pc}
	.size armv8m_call_flih, . - armv8m_call_flih

/* Where a first-level handler run by armv8m_call_flih returns. */
	.global armv8m_flih_return
	.type armv8m_flih_return, %function
	.thumb_func
armv8m_flih_return:
	svc	#0xF4
	.size armv8m_flih_return, . - armv8m_flih_return
