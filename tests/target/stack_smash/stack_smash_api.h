/*
 * SP_STACK_SMASH's requests (psa_call types) and its answers. Every attack
 * aims at the same address inside the SPM's code: conn_pool_clear(), which
 * run privileged would close every connection of the system.
 */
#ifndef STACK_SMASH_API_H
#define STACK_SMASH_API_H

/** Answers PSA_SUCCESS. */
#define STACK_SMASH_PING         0
/**
 * Between two PSA calls, overwrites all of its stack above its stack
 * pointer (its caller's frames: where the SPM's frames and return
 * addresses lay when the SPM ran on the partition's stack) and its
 * callee-saved registers with the address, then returns as it was called.
 */
#define STACK_SMASH_SMASH        1
/**
 * With its stack so overwritten and the address in lr and r0, enters the
 * path by which the SPM's function for a PSA call returns.
 */
#define STACK_SMASH_FORGE_RETURN 2
/** The same, entering the path by which the SPM calls partition code. */
#define STACK_SMASH_FORGE_CALL   3

/** Answers (positive statuses) when the attack is not made: */
/** its code runs privileged (level 1): there is no privilege to gain. */
#define STACK_SMASH_PRIVILEGED 1
/** on the host: the attacks are the Cortex-M33's. */
#define STACK_SMASH_HOST       2

#endif /* STACK_SMASH_API_H */
