/*
 * SP_STACK_SMASH (stack_smash_api.h): an application-RoT partition that
 * attacks the SPM's way back from its calls. The attacks are instructions
 * of the Cortex-M33, written in its assembly; the host build answers
 * STACK_SMASH_HOST: there the SPM's code for a partition runs on that
 * partition's stack, inside the simulator's process, so rewriting that
 * stack rewrites the simulator's own frames (not a board's behaviour to
 * compare with).
 */
#include <psa/service.h>

#include "psa_manifest/stack_smash.h"

#include "stack_smash_api.h"

#if defined(__ARM_ARCH_8M_MAIN__)

/* The assembly below writes the requests and answers as numbers. */
_Static_assert(STACK_SMASH_SMASH == 1 && STACK_SMASH_FORGE_RETURN == 2 &&
                       STACK_SMASH_FORGE_CALL == 3 &&
                       STACK_SMASH_PRIVILEGED == 1,
               "the assembly's numbers");

/*
 * The service function itself is the attack, so that its stack pointer at
 * entry is exactly where its caller's frames begin; @msg arrives in r0.
 * Unprivileged (CONTROL bit 0 set) it attacks; privileged it answers
 * STACK_SMASH_PRIVILEGED. Label 8 (fill): every word from sp to the
 * stack's end (the linker's symbol for this partition's area) := the
 * target.
 */
__attribute__((naked)) psa_status_t stack_smash_sfn(const psa_msg_t *msg
                                                    __attribute__((unused)))
{
	__asm volatile(
	        "mrs r1, control\n\t"
	        "tst r1, #1\n\t"
	        "beq 9f\n\t"
	        "ldr r1, [r0]\n\t" /* msg->type */
	        "cmp r1, #1\n\t"
	        "beq 1f\n\t"
	        "cmp r1, #2\n\t"
	        "beq 2f\n\t"
	        "cmp r1, #3\n\t"
	        "beq 3f\n\t"
	        "movs r0, #0\n\t"
	        "bx lr\n"
	        "9:\tmovs r0, #1\n\t"
	        "bx lr\n"
	        /* smash: a PSA call, the overwrite, a PSA call, again. */
	        "1:\tmov r11, lr\n\t"
	        "ldr r10, [r0, #4]\n\t" /* msg->handle */
	        "mov r0, r10\n\t"
	        "movs r1, #0\n\t"
	        "movs r2, #0\n\t"
	        "bl psa_skip\n\t"
	        "bl 8f\n\t"
	        "mov r0, r10\n\t"
	        "movs r1, #0\n\t"
	        "movs r2, #0\n\t"
	        "bl psa_skip\n\t"
	        "bl 8f\n\t"
	        "mov lr, r11\n\t"
	        "ldr r4, =conn_pool_clear\n\t"
	        "mov r5, r4\n\t"
	        "mov r6, r4\n\t"
	        "mov r7, r4\n\t"
	        "mov r8, r4\n\t"
	        "mov r9, r4\n\t"
	        "mov r10, r4\n\t"
	        "mov r11, r4\n\t"
	        "movs r0, #0\n\t"
	        "bx lr\n"
	        /* forge the return of the SPM's function for a PSA call */
	        "2:\tbl 8f\n\t"
	        "ldr r0, =conn_pool_clear\n\t"
	        "mov lr, r0\n\t"
	        "mov r1, r0\n\t"
	        "b armv8m_spm_return\n"
	        /* forge the SPM's call of partition code: "call the target" */
	        "3:\tbl 8f\n\t"
	        "ldr r0, =conn_pool_clear\n\t"
	        "mov lr, r0\n\t"
	        "movs r1, #0\n\t"
	        "movs r2, #0\n\t"
	        "movs r3, #0\n\t"
	        "b armv8m_call_partition\n"
	        /* fill */
	        "8:\tldr r1, =conn_pool_clear\n\t"
	        "ldr r2, =__part_SP_STACK_SMASH_end\n\t"
	        "mov r0, sp\n"
	        "7:\tcmp r0, r2\n\t"
	        "bhs 6f\n\t"
	        "str r1, [r0], #4\n\t"
	        "b 7b\n"
	        "6:\tbx lr\n\t"
	        ".ltorg");
}

#else

psa_status_t stack_smash_sfn(const psa_msg_t *msg)
{
	return msg->type == STACK_SMASH_PING ? PSA_SUCCESS : STACK_SMASH_HOST;
}

#endif
