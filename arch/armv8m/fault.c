/*
 * Faults on the Cortex-M33 become the same panic record as on the host.
 *
 * How it works. Every fault exception (HardFault, MemManage, BusFault,
 * UsageFault, SecureFault) enters armv8m_fault_handler(), which reads the
 * fault status registers into a struct spm_fault and names the code that
 * faulted: the non-secure side when the exception came from Non-secure
 * state (EXC_RETURN.S clear), else the partition running. It cannot panic
 * from Handler mode (the panic switches contexts, which PendSV does only
 * from Thread mode), so it returns to Secure Thread mode, privileged, at
 * fault_panic(), on the faulting context's Secure stack (the SPM's, never
 * a partition's own): that context is abandoned by the panic and never
 * resumed. A fault with no owner (in a
 * handler, during start-up) stops the run. A fault of a first-level
 * interrupt handler run unprivileged (gate.c) returns to the interrupt
 * first, which completes; its exit is then the panic's way to Thread mode
 * (armv8m_fault_irq_exit()).
 */
#include <stdio.h>

#include "an505.h"
#include "armv8m.h"
#include "spm.h"

#define EXC_RETURN_S      (1u << 6)
#define EXC_RETURN_MODE   (1u << 3)
#define EXC_RETURN_THREAD 0xFFFFFFFDu
#define XPSR_THUMB        0x01000000u
#define CFSR_MMARVALID    (1u << 7)
#define CFSR_BFARVALID    (1u << 15)
#define SFSR_SFARVALID    (1u << 6)
#define CFSR_STKOF        (1u << 20)
#define CONTROL_SPSEL     0x2u

static struct spm_fault fault;
static struct spm_partition *fault_owner;
/** A first-level handler faulted: the interrupt's exit panics. */
static bool panic_at_irq_exit;

/** A fault no partition made: the run ends with this status. */
#define EXIT_FATAL 70

uint32_t armv8m_fault_decode(uint32_t exc_return);
uint32_t armv8m_svc_refused(uint32_t exc_return);

void armv8m_faults_init(void)
{
	SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA |
	             SHCSR_SECFAULTENA;
}

/** Thread mode again, on the faulting context's stack: the panic. */
static void fault_panic(void)
{
	spm_fault(fault_owner, &fault);
}

/**
 * What the address belongs to, named as on the host ("SP_X data", "SP_X
 * stack", "SPM data"), or the status registers when it is none of them.
 */
static void name_region(uint32_t a, uint32_t cfsr, uint32_t sfsr)
{
	extern char __ram_start[], __ram_end[];
	char *p = (char *)(uintptr_t)a;

	for (const struct armv8m_area *r = armv8m_areas; r->partition != NULL;
	     r++) {
		if (p >= r->start && p < r->end) {
			snprintf(fault.region, sizeof(fault.region), "%s %s",
			         r->partition, p < r->stack ? "data" : "stack");
			return;
		}
	}
	if (a != 0 && p >= __ram_start && p < __ram_end) {
		snprintf(fault.region, sizeof(fault.region), "SPM data");
		return;
	}
	snprintf(fault.region, sizeof(fault.region),
	         "CFSR 0x%08lx SFSR 0x%08lx", (unsigned long)cfsr,
	         (unsigned long)sfsr);
}

/** The exception's kind and the address the status registers give. */
static void describe(uint32_t exception)
{
	static const char *const kinds[] = {"HardFault", "MemManage",
	                                    "BusFault", "UsageFault",
	                                    "SecureFault"};
	uint32_t cfsr = SCB_CFSR, sfsr = SCB_SFSR;

	fault = (struct spm_fault){
	        .type = exception >= 3 && exception <= 7 ? kinds[exception - 3]
	                                                 : "HardFault",
	        .access = "access",
	};
	if (exception == 4 && (cfsr & CFSR_MMARVALID) != 0) {
		fault.address = SCB_MMFAR;
	} else if (exception == 5 && (cfsr & CFSR_BFARVALID) != 0) {
		fault.address = SCB_BFAR;
	} else if (exception == 7 && (sfsr & SFSR_SFARVALID) != 0) {
		fault.address = SCB_SFAR;
	}
	name_region(fault.address, cfsr, sfsr);
	if (exception == 6 && (cfsr & CFSR_STKOF) != 0) {
		fault.rule = "stack overflow: the stack pointer crossed its "
		             "limit (PSPLIM)";
	}
	SCB_CFSR = cfsr; /* write-one-to-clear */
	SCB_SFSR = sfsr;
}

/**
 * Leaves the exception for fault_panic() in Secure Thread mode, privileged,
 * on a fresh frame below the Secure PSP, or below the SPM's frame on the
 * SPM's stack when partition code faulted on its own stack (whatever was
 * there is abandoned);
 * returns the EXC_RETURN that does it. A fault with no partition to blame
 * ends the run.
 */
static uint32_t panic_in_thread(uint32_t exc_return)
{
	uint32_t psp;
	uint32_t *frame;

	if ((exc_return & EXC_RETURN_MODE) == 0 || fault_owner == NULL) {
		printf("spmsim: %s at 0x%08lx outside any partition (%s)\n",
		       fault.type, (unsigned long)fault.address, fault.region);
		armv8m_exit(EXIT_FATAL);
	}
	__asm volatile("mrs %0, psp" : "=r"(psp));
	psp = armv8m_gate_panic_stack(psp);
	frame = (uint32_t *)((psp - 32u) & ~7u);
	for (unsigned i = 0; i < 8; i++) {
		frame[i] = 0;
	}
	frame[6] = (uint32_t)(uintptr_t)fault_panic & ~1u;
	frame[7] = XPSR_THUMB;
	__asm volatile("msr psplim, %2\n\t"
	               "msr psp, %0\n\t"
	               "msr control, %1\n\t"
	               "isb"
	               :
	               : "r"(frame), "r"(CONTROL_SPSEL), "r"(0u)
	               : "memory");
	return EXC_RETURN_THREAD;
}

/**
 * The panic of the code that made the exception: in Thread mode at once,
 * or, for a first-level handler, when its interrupt completes.
 */
static uint32_t to_panic(uint32_t exc_return)
{
	struct spm *s = spm_sys();

	/* While a first-level handler runs its partition is the current. */
	fault_owner = (exc_return & EXC_RETURN_S) == 0 ? s->ns : s->current;
	if (armv8m_gate_in_flih()) {
		panic_at_irq_exit = true;
		return armv8m_gate_flih_abandon();
	}
	return panic_in_thread(exc_return);
}

uint32_t armv8m_fault_irq_exit(uint32_t exc_return)
{
	if (!panic_at_irq_exit) {
		return exc_return;
	}
	panic_at_irq_exit = false;
	return panic_in_thread(exc_return);
}

/**
 * Called by armv8m_fault_handler with the exception's EXC_RETURN; returns
 * the EXC_RETURN to leave with.
 */
uint32_t armv8m_fault_decode(uint32_t exc_return)
{
	uint32_t ipsr;

	__asm volatile("mrs %0, ipsr" : "=r"(ipsr));
	describe(ipsr & 0x1FFu);
	return to_panic(exc_return);
}

/** An SVC the gate refuses (see gate.c): the caller's fault. */
uint32_t armv8m_svc_refused(uint32_t exc_return)
{
	fault = (struct spm_fault){
	        .type = "UsageFault",
	        .rule = "an SVC the SPM's gate does not take from here",
	        .access = "execute",
	};
	return to_panic(exc_return);
}

/** The fault exceptions' entry: EXC_RETURN in, EXC_RETURN out. */
__attribute__((naked)) void armv8m_fault_handler(void)
{
	__asm volatile("mov r0, lr\n\t"
	               "bl armv8m_fault_decode\n\t"
	               "bx r0");
}
