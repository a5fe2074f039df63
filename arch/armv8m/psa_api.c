/*
 * The PSA API as secure partitions call it on the Cortex-M33: the build
 * renames every partition's call of psa_<name>() to armv8m_psa_<name>()
 * (objcopy --redefine-sym on the partition's merged object). Privileged
 * code (a partition at level 1 or of the PSA-RoT, a first-level handler in
 * Handler mode) goes straight on to the SPM's function, on its own stack;
 * unprivileged code makes the SVC whose number is the function's index in
 * armv8m_psa_table, and the gate (gate.c) runs the function on the SPM's
 * stack (TF-M's thread-call model: a blocking call is a context switch by
 * PendSV there). psa_call()'s fifth and sixth arguments travel in r4 and
 * r5. The host's counterpart is sim/veneer.c.
 */
#include <psa/client.h>
#include <psa/lifecycle.h>
#include <psa/service.h>

/* Every function: its SVC number, its name, its kind of entry. */
#define ARMV8M_PSA_API(X)                                                      \
	X(0, psa_framework_version, STUB)                                      \
	X(1, psa_version, STUB)                                                \
	X(2, psa_connect, STUB)                                                \
	X(3, psa_call, STUB6)                                                  \
	X(4, psa_close, STUB)                                                  \
	X(5, psa_wait, STUB)                                                   \
	X(6, psa_get, STUB)                                                    \
	X(7, psa_set_rhandle, STUB)                                            \
	X(8, psa_read, STUB)                                                   \
	X(9, psa_skip, STUB)                                                   \
	X(10, psa_write, STUB)                                                 \
	X(11, psa_reply, STUB)                                                 \
	X(12, psa_notify, STUB)                                                \
	X(13, psa_clear, STUB)                                                 \
	X(14, psa_eoi, STUB)                                                   \
	X(15, psa_irq_enable, STUB)                                            \
	X(16, psa_irq_disable, STUB)                                           \
	X(17, psa_reset_signal, STUB)                                          \
	X(18, psa_map_invec, STUB)                                             \
	X(19, psa_unmap_invec, STUB)                                           \
	X(20, psa_map_outvec, STUB)                                            \
	X(21, psa_unmap_outvec, STUB)                                          \
	X(22, psa_rot_lifecycle_state, STUB)                                   \
	X(23, psa_panic, STUB)

/* Privileged code (Handler mode, or CONTROL.nPRIV clear) branches to 1. */
#define PRIVILEGED_TO_1                                                        \
	"mrs r12, ipsr\n\t"                                                    \
	"cmp r12, #0\n\t"                                                      \
	"bne 1f\n\t"                                                           \
	"mrs r12, control\n\t"                                                 \
	"tst r12, #1\n\t"                                                      \
	"beq 1f\n\t"

/* The entry of a function of at most four arguments. */
#define STUB(n, name)                                                          \
	__attribute__((naked)) void armv8m_##name(void)                        \
	{                                                                      \
		__asm volatile(PRIVILEGED_TO_1 "svc #" #n "\n\t"               \
		                               "bx lr\n"                       \
		                               "1:\tb " #name);                \
	}

/* psa_call(): six arguments, the last two on the caller's stack. */
#define STUB6(n, name)                                                         \
	__attribute__((naked)) void armv8m_##name(void)                        \
	{                                                                      \
		__asm volatile(PRIVILEGED_TO_1 "push {r4, r5}\n\t"             \
		                               "ldrd r4, r5, [sp, #8]\n\t"     \
		                               "svc #" #n "\n\t"               \
		                               "pop {r4, r5}\n\t"              \
		                               "bx lr\n"                       \
		                               "1:\tb " #name);                \
	}

#define DECLARE(n, name, kind) void armv8m_##name(void);
#define DEFINE(n, name, kind)  kind(n, name)
#define TABLE(n, name, kind)   [n] = (uintptr_t)name,

ARMV8M_PSA_API(DECLARE)
ARMV8M_PSA_API(DEFINE)

/** The SPM's functions by SVC number (gate.c). */
const uintptr_t armv8m_psa_table[] = {ARMV8M_PSA_API(TABLE)};
const uint32_t armv8m_psa_table_size =
        sizeof(armv8m_psa_table) / sizeof(armv8m_psa_table[0]);
