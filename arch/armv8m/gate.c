/*
 * The SVC gate: how partition code that runs unprivileged (above level 1)
 * and the SPM hand the core to each other, TF-M's thread-call model with
 * a stack of the SPM's.
 *
 * How it works. The context of such a partition has two stacks (see
 * struct arch_context): the SPM's, in privileged memory, on which it
 * starts and on which the SPM's code for it runs, and the partition's own,
 * on which only its code runs. Four SVCs move between them, each taken in
 * Handler mode, where nothing of the partition's runs:
 *  - the SPM calls partition code (armv8m_call_partition(), SVC_CALL):
 *    the SPM's registers and frame stay on the SPM's stack, a fresh frame
 *    on the partition's stack starts the code unprivileged, returning to
 *    armv8m_partition_return;
 *  - that code returns (SVC_PARTITION_RETURN): the SPM resumes at the
 *    instruction after its SVC_CALL, privileged, on its own stack, with
 *    the code's r0 as the result;
 *  - the partition calls the PSA API (SVC_PSA, r12 pointing at the SPM
 *    function's slot in flash, see psa_api.c): its frame stays on its
 *    stack, a fresh frame on the SPM's stack (below the SPM's frame of the
 *    call in progress) runs the SPM's function privileged, returning to
 *    armv8m_spm_return;
 *  - that function returns (SVC_PSA_RETURN): the partition resumes after
 *    its SVC, unprivileged, with the result in r0.
 * A blocking call switches contexts (PendSV) on the SPM's stack.
 *
 * A first-level interrupt handler of such a partition runs the same way,
 * from the interrupt (TF-M's deprivileged FLIH): the interrupt handler
 * makes SVC_FLIH (armv8m_call_flih()), whose exception returns to Thread
 * mode, unprivileged, on a fresh frame on the partition's stack below
 * what is in use there, while the interrupt stays active (its priority is
 * the handler's); the handler's return (SVC_FLIH_RETURN) restores the
 * interrupted thread's stack pointer, limit and CONTROL and returns to
 * the interrupt handler, in Handler mode, on the frame SVC_FLIH left on
 * the main stack, with the result in r0. While the handler runs the gate
 * takes no other SVC from it, and a fault or a refused SVC takes the same
 * way back (armv8m_gate_flih_abandon()), so that the interrupt completes
 * before its partition is panicked. Each
 * SVC is honoured only from the privilege and the state it belongs to and
 * the SPM's two only from their one instruction; every other SVC panics
 * the caller. Of the partition's stack only its exception frame is read
 * (r0 to r3 as values, r12 as a slot to look up), once the frame is known
 * to lie on that stack; the way back is always the one the SPM recorded
 * in its own memory.
 */
#include "arch.h"

#include <string.h>

#include "an505.h"
#include "armv8m.h"
#include "spm.h"

/** What the running context is doing. */
enum armv8m_gate_state {
	/** SPM code, privileged, on the SPM's stack (a context's start). */
	GATE_IN_SPM = 0,
	/** Partition code the SPM called, unprivileged, on its own stack. */
	GATE_IN_PARTITION,
	/** The SPM's function for a PSA call of that partition code. */
	GATE_IN_PSA_CALL,
};

#define SVC_PSA              0x00u
#define SVC_PSA_RETURN       0xF0u
#define SVC_CALL             0xF1u
#define SVC_PARTITION_RETURN 0xF2u
#define SVC_FLIH             0xF3u
#define SVC_FLIH_RETURN      0xF4u

#define CONTROL_NPRIV      0x1u
#define CONTROL_SPSEL      0x2u
#define XPSR_THUMB         0x01000000u
/** Secure, Thread mode, PSP: the only return the gate makes. */
#define EXC_RETURN_THREAD  0xFFFFFFFDu
#define EXC_RETURN_FROM    0x4Cu /* S, Mode and SPSEL: Secure Thread, PSP */
/** Secure, Handler mode, MSP: back to the interrupt that ran a FLIH. */
#define EXC_RETURN_HANDLER 0xFFFFFFF1u
#define EXC_RETURN_S_MODE  0x48u /* S and Mode */
#define EXC_RETURN_S       0x40u
#define FRAME_WORDS        8u

extern struct arch_context *volatile arch_switch_to;
extern const uintptr_t __psa_slots_start[], __psa_slots_end[];
extern char armv8m_call_svc[], armv8m_flih_svc[];

/**
 * The first-level handler running now, if any: the interrupt handler's
 * frame of SVC_FLIH on the main stack, the stack the handler runs on,
 * and what the interrupted thread had.
 */
static struct {
	uint32_t *irq_frame;
	uint32_t top, limit;
	uint32_t psp, psplim, control;
	bool faulted;
} flih;

void armv8m_spm_return(void);
void armv8m_partition_return(void);
void armv8m_flih_return(void);
uint32_t armv8m_gate(uint32_t *frame, uint32_t a4, uint32_t a5,
                     uint32_t exc_return);
uint32_t armv8m_svc_refused(uint32_t exc_return);

static uint32_t addr(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

/** Thread mode resumes on @frame, under @limit, with @control. */
static void resume_on(const uint32_t *frame, uint32_t limit, uint32_t control)
{
	__asm volatile("msr psplim, %3\n\t"
	               "msr psp, %0\n\t"
	               "msr psplim, %1\n\t"
	               "msr control, %2"
	               :
	               : "r"(frame), "r"(limit), "r"(control), "r"(0u)
	               : "memory");
}

/** A fresh exception frame that starts @fn(@arg) and returns to @ret. */
static void new_frame(uint32_t *f, uintptr_t fn, uint32_t arg,
                      void (*ret)(void))
{
	memset(f, 0, FRAME_WORDS * sizeof(*f));
	f[0] = arg;
	f[5] = addr((const void *)ret) | 1u;
	f[6] = (uint32_t)fn & ~1u;
	f[7] = XPSR_THUMB;
}

/** True when the partition's @frame lies on its own stack. */
static bool on_partition_stack(const struct arch_context *ctx,
                               const uint32_t *frame)
{
	uint32_t a = addr(frame);

	return a >= ctx->part_limit && a <= ctx->part_top - 4u * FRAME_WORDS;
}

/** SVC_CALL: the SPM's @frame holds fn, arg and what to copy for it. */
static void call_down(struct arch_context *ctx, uint32_t *frame)
{
	uint32_t top = ctx->part_top, arg = frame[1], size = frame[3];
	uint32_t *f;

	ctx->spm_sp = addr(frame);
	if (size != 0) {
		top = (top - size) & ~7u;
		memcpy((void *)(uintptr_t)top,
		       (const void *)(uintptr_t)frame[2], size);
		arg = top;
	}
	f = (uint32_t *)(uintptr_t)(top - 4u * FRAME_WORDS);
	new_frame(f, frame[0], arg, armv8m_partition_return);
	ctx->state = GATE_IN_PARTITION;
	resume_on(f, ctx->part_limit, CONTROL_SPSEL | CONTROL_NPRIV);
}

/** SVC_PARTITION_RETURN: the SPM resumes after its SVC_CALL. */
static void back_to_spm(struct arch_context *ctx, const uint32_t *frame)
{
	uint32_t *spm = (uint32_t *)(uintptr_t)ctx->spm_sp;

	spm[0] = frame[0];
	ctx->state = GATE_IN_SPM;
	resume_on(spm, ctx->limit, CONTROL_SPSEL);
}

/** The SPM's function whose slot the partition names in @frame's r12. */
static uintptr_t psa_function(const uint32_t *frame)
{
	uint32_t slot = frame[4];

	if (slot < addr(__psa_slots_start) || slot >= addr(__psa_slots_end) ||
	    (slot & 3u) != 0) {
		return 0;
	}
	return *(const uintptr_t *)(uintptr_t)slot;
}

/** A PSA call: the SPM's function @fn runs on the SPM's stack. */
static void enter_psa(struct arch_context *ctx, uint32_t *frame, uintptr_t fn,
                      uint32_t a4, uint32_t a5)
{
	/* The frame, then psa_call()'s stacked arguments above it. */
	uint32_t *f =
	        (uint32_t *)(uintptr_t)(ctx->spm_sp - 4u * FRAME_WORDS - 8u);

	ctx->part_sp = addr(frame);
	new_frame(f, fn, frame[0], armv8m_spm_return);
	f[1] = frame[1];
	f[2] = frame[2];
	f[3] = frame[3];
	f[FRAME_WORDS] = a4;
	f[FRAME_WORDS + 1u] = a5;
	ctx->state = GATE_IN_PSA_CALL;
	resume_on(f, ctx->limit, CONTROL_SPSEL);
}

/** SVC_PSA_RETURN: the partition resumes after its SVC with @result. */
static void back_to_partition(struct arch_context *ctx, uint32_t result)
{
	uint32_t *part = (uint32_t *)(uintptr_t)ctx->part_sp;

	part[0] = result;
	ctx->state = GATE_IN_PARTITION;
	resume_on(part, ctx->part_limit, CONTROL_SPSEL | CONTROL_NPRIV);
}

/** Does the SVC at @pc - 2 come from the one instruction @svc? */
static bool from(uint32_t pc, const void *svc)
{
	return pc - 2u == (addr(svc) & ~1u);
}

/** Takes SVC @n of the running context; false when it is refused. */
static bool take(struct arch_context *ctx, uint32_t *frame, uint32_t n,
                 uint32_t a4, uint32_t a5)
{
	uint32_t control;
	uintptr_t fn;
	bool unprivileged;

	__asm volatile("mrs %0, control" : "=r"(control));
	unprivileged = (control & CONTROL_NPRIV) != 0;
	if (unprivileged && (ctx->state != GATE_IN_PARTITION ||
	                     !on_partition_stack(ctx, frame))) {
		return false;
	}
	fn = n == SVC_PSA && unprivileged ? psa_function(frame) : 0;
	if (fn != 0) {
		enter_psa(ctx, frame, fn, a4, a5);
	} else if (n == SVC_PARTITION_RETURN && unprivileged) {
		back_to_spm(ctx, frame);
	} else if (n == SVC_PSA_RETURN && !unprivileged &&
	           ctx->state == GATE_IN_PSA_CALL &&
	           from(frame[6], armv8m_spm_return)) {
		back_to_partition(ctx, frame[0]);
	} else if (n == SVC_CALL && !unprivileged &&
	           ctx->state == GATE_IN_SPM &&
	           from(frame[6], armv8m_call_svc)) {
		call_down(ctx, frame);
	} else {
		return false;
	}
	return true;
}

/** SVC_FLIH from the interrupt handler: @frame holds fn, top and limit. */
static void flih_down(uint32_t *frame)
{
	uint32_t top = frame[1] & ~7u, limit = frame[2];
	uint32_t *f = (uint32_t *)(uintptr_t)(top - 4u * FRAME_WORDS);

	flih.irq_frame = frame;
	flih.top = top;
	flih.limit = limit;
	flih.faulted = false;
	__asm volatile("mrs %0, psp\n\t"
	               "mrs %1, psplim\n\t"
	               "mrs %2, control"
	               : "=r"(flih.psp), "=r"(flih.psplim), "=r"(flih.control));
	new_frame(f, frame[0], 0, armv8m_flih_return);
	resume_on(f, limit, CONTROL_SPSEL | CONTROL_NPRIV);
}

/** Back to the interrupt handler with @result; the EXC_RETURN. */
static uint32_t flih_up(uint32_t result)
{
	flih.irq_frame[0] = result;
	flih.irq_frame = NULL;
	resume_on((const uint32_t *)(uintptr_t)flih.psp, flih.psplim,
	          flih.control);
	return EXC_RETURN_HANDLER;
}

/** Is @frame the handler's, on its stack, from its one return? */
static bool flih_returns(const uint32_t *frame)
{
	uint32_t a = addr(frame);

	return a >= flih.limit && a <= flih.top - 4u * FRAME_WORDS &&
	       from(frame[6], armv8m_flih_return);
}

/** An SVC taken from Handler mode: only SVC_FLIH, from its place. */
static uint32_t gate_from_handler(uint32_t *frame, uint32_t exc_return)
{
	uint32_t n = *(const uint16_t *)(uintptr_t)(frame[6] - 2u) & 0xFFu;

	if (n != SVC_FLIH || flih.irq_frame != NULL ||
	    !from(frame[6], armv8m_flih_svc)) {
		return armv8m_svc_refused(exc_return);
	}
	flih_down(frame);
	return EXC_RETURN_THREAD;
}

/** An SVC of the first-level handler running: only its return. */
static uint32_t gate_from_flih(const uint32_t *frame, uint32_t exc_return)
{
	uint32_t n = *(const uint16_t *)(uintptr_t)(frame[6] - 2u) & 0xFFu;
	uint32_t control;

	__asm volatile("mrs %0, control" : "=r"(control));
	if (n != SVC_FLIH_RETURN || (control & CONTROL_NPRIV) == 0 ||
	    !flih_returns(frame)) {
		return armv8m_svc_refused(exc_return);
	}
	return flih_up(frame[0]);
}

/**
 * Called by armv8m_svc_handler with the caller's @frame, r4 and r5 and
 * EXC_RETURN; returns the EXC_RETURN to leave with.
 */
uint32_t armv8m_gate(uint32_t *frame, uint32_t a4, uint32_t a5,
                     uint32_t exc_return)
{
	struct arch_context *ctx = arch_switch_to;
	uint32_t n;

	if (flih.irq_frame != NULL) {
		return gate_from_flih(frame, exc_return);
	}
	if ((exc_return & EXC_RETURN_FROM) != EXC_RETURN_FROM) {
		return (exc_return & EXC_RETURN_S_MODE) == EXC_RETURN_S
		               ? gate_from_handler(frame, exc_return)
		               : armv8m_svc_refused(exc_return);
	}
	if (ctx == NULL || ctx->part_top == 0) {
		return armv8m_svc_refused(exc_return);
	}
	/* The SVC just executed: the hardware wrote its address + 2. */
	n = *(const uint16_t *)(uintptr_t)(frame[6] - 2u) & 0xFFu;
	if (!take(ctx, frame, n, a4, a5)) {
		return armv8m_svc_refused(exc_return);
	}
	return EXC_RETURN_THREAD;
}

void armv8m_gate_add_stack(struct arch_context *ctx, uint32_t limit,
                           uint32_t top)
{
	ctx->part_limit = limit;
	ctx->part_top = top;
	ctx->state = GATE_IN_SPM;
}

uint32_t armv8m_gate_panic_stack(uint32_t psp)
{
	struct arch_context *ctx = arch_switch_to;

	if (ctx == NULL || ctx->part_top == 0 ||
	    ctx->state != GATE_IN_PARTITION) {
		return psp;
	}
	/* Abandoned with the context: the SPM's frame of its call down. */
	ctx->state = GATE_IN_SPM;
	return ctx->spm_sp;
}

bool armv8m_gate_in_flih(void)
{
	return flih.irq_frame != NULL;
}

uint32_t armv8m_gate_flih_abandon(void)
{
	flih.faulted = true;
	return flih_up(0);
}

bool armv8m_gate_flih_faulted(void)
{
	bool faulted = flih.faulted;

	flih.faulted = false;
	return faulted;
}

uint32_t armv8m_gate_flih_top(const struct arch_context *ctx, uint32_t top)
{
	uint32_t psp;

	if (ctx == NULL || ctx->part_top == 0) {
		return top;
	}
	switch (ctx->state) {
	case GATE_IN_PSA_CALL:
		return ctx->part_sp;
	case GATE_IN_PARTITION:
		/* Interrupted in its code: in use from its stack pointer up. */
		__asm volatile("mrs %0, psp" : "=r"(psp));
		SPM_CHECK(ctx == arch_switch_to && psp >= ctx->part_limit &&
		          psp <= ctx->part_top);
		return psp;
	default:
		return ctx->part_top;
	}
}
