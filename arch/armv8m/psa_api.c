/*
 * The PSA API as secure partitions call it on the Cortex-M33: the build
 * renames every partition's call of psa_<name>() to armv8m_psa_<name>()
 * (objcopy --redefine-sym on the partition's merged object). Privileged
 * code (a partition at level 1 or of the PSA-RoT, and its first-level
 * handlers, which run in Handler mode) goes straight on to the SPM's
 * function, on its own stack. Unprivileged code makes SVC 0 with r12
 * pointing at the function's slot, a word in flash that holds the SPM
 * function's address, and the gate (gate.c) runs that function on the
 * SPM's stack (TF-M's thread-call model: a blocking call is a context
 * switch by PendSV there); the gate takes only an address inside the
 * slots' section (secure.ld), so the partition chooses among the PSA
 * functions and nothing else. A function no partition calls has no slot,
 * and the link leaves it out. psa_call()'s fifth and sixth arguments
 * travel in r4 and r5. The host's counterpart is sim/veneer.c.
 */
#include <stdint.h>

#include <psa/client.h>
#include <psa/lifecycle.h>
#include <psa/service.h>

/* Every function, with its kind of entry. */
#define ARMV8M_PSA_API(X)                                                      \
	X(psa_framework_version, STUB)                                         \
	X(psa_version, STUB)                                                   \
	X(psa_connect, STUB)                                                   \
	X(psa_call, STUB6)                                                     \
	X(psa_close, STUB)                                                     \
	X(psa_wait, STUB)                                                      \
	X(psa_get, STUB)                                                       \
	X(psa_set_rhandle, STUB)                                               \
	X(psa_read, STUB)                                                      \
	X(psa_skip, STUB)                                                      \
	X(psa_write, STUB)                                                     \
	X(psa_reply, STUB)                                                     \
	X(psa_notify, STUB)                                                    \
	X(psa_clear, STUB)                                                     \
	X(psa_eoi, STUB)                                                       \
	X(psa_irq_enable, STUB)                                                \
	X(psa_irq_disable, STUB)                                               \
	X(psa_reset_signal, STUB)                                              \
	X(psa_map_invec, STUB)                                                 \
	X(psa_unmap_invec, STUB)                                               \
	X(psa_map_outvec, STUB)                                                \
	X(psa_unmap_outvec, STUB)                                              \
	X(psa_rot_lifecycle_state, STUB)                                       \
	X(psa_panic, STUB)

/* Privileged code (Handler mode, or CONTROL.nPRIV clear) branches to 1. */
#define PRIVILEGED_TO_1                                                        \
	"mrs r12, ipsr\n\t"                                                    \
	"cmp r12, #0\n\t"                                                      \
	"bne 1f\n\t"                                                           \
	"mrs r12, control\n\t"                                                 \
	"tst r12, #1\n\t"                                                      \
	"beq 1f\n\t"

/* The entry of a function of at most four arguments. */
#define STUB(name)                                                             \
	__attribute__((naked)) void armv8m_##name(void)                        \
	{                                                                      \
		__asm volatile(PRIVILEGED_TO_1 "ldr r12, =armv8m_slot_" #name  \
		                               "\n\t"                          \
		                               "svc #0\n\t"                    \
		                               "bx lr\n"                       \
		                               "1:\tb " #name);                \
	}

/* psa_call(): six arguments, the last two on the caller's stack. */
#define STUB6(name)                                                            \
	__attribute__((naked)) void armv8m_##name(void)                        \
	{                                                                      \
		__asm volatile(PRIVILEGED_TO_1 "ldr r12, =armv8m_slot_" #name  \
		                               "\n\t"                          \
		                               "push {r4, r5}\n\t"             \
		                               "ldrd r4, r5, [sp, #8]\n\t"     \
		                               "svc #0\n\t"                    \
		                               "pop {r4, r5}\n\t"              \
		                               "bx lr\n"                       \
		                               "1:\tb " #name);                \
	}

/* The slot: kept by the link only when the entry that loads it is. */
#define SLOT(name, kind)                                                       \
	extern const uintptr_t armv8m_slot_##name;                             \
	__attribute__((section(".rodata.armv8m_slot." #name)))                 \
	const uintptr_t armv8m_slot_##name = (uintptr_t)name;
#define DECLARE(name, kind) void armv8m_##name(void);
#define DEFINE(name, kind)  kind(name)

ARMV8M_PSA_API(SLOT)
ARMV8M_PSA_API(DECLARE)
ARMV8M_PSA_API(DEFINE)
