/*
 * Faults injected into any partition at its entry veneers.
 *
 * How it works. Every psa_* call from partition code passes through its
 * veneer (veneer.c). While an injection is armed the veneer calls
 * sim_inject_point() first; that takes the SPM's view (the running
 * partition is the SPM's state, out of the partition's reach above level
 * 1), counts the call when it is the armed partition's and of the function
 * counted, and gives the view back. On the n-th call the fault strikes
 * there, on the partition's stack and under its own view, as if the
 * partition's code had done it: a stray access or a stack overflow faults
 * (or not) as page protection decides, a spin runs until the watchdog
 * bites, a panic is psa_panic() itself. The faults that change the call
 * instead (a status returned without the call, a reply's status or bytes
 * changed) tell the veneer what to do; an injected reset is armed to
 * strike at the call's own interrupt point, inside the SPM.
 *
 * The state lives in the simulator's area, which partition code may read
 * but not write: sim_inject_armed is read by every veneer with the
 * caller's view in force, and written only with the SPM's.
 */
#include "inject.h"

#include <stdio.h>
#include <string.h>

#include "protect.h"
#include "psa/service.h"
#include "resets.h"
#include "spm.h"
#include "psa_functions.h"

bool sim_inject_armed;

static struct {
	struct spmsim_injection inj;
	/** The function counted (a copy of inj.api), "" for every one. */
	char api[32];
	/** The partition's position in the SPM's table. */
	uint32_t index;
	uint64_t nth;
	uint64_t counted;
} in;

/** The psa_* functions partition code calls through a veneer. */
static const char *const apis[] = {SIM_PSA_FUNCTIONS(SIM_PSA_FUNCTION_NAME)};

static bool known_api(const char *api)
{
	if (strcmp(api, "entry") == 0) {
		return true;
	}
	for (size_t i = 0; i < sizeof(apis) / sizeof(apis[0]); i++) {
		if (strcmp(api, apis[i]) == 0) {
			return true;
		}
	}
	return false;
}

/** The function a kind counts when none is named, or NULL: every one. */
static const char *default_api(enum spmsim_inject_kind kind)
{
	switch (kind) {
	case SPMSIM_INJECT_REPLY_STATUS:
		return "psa_reply";
	case SPMSIM_INJECT_REPLY_BYTES:
		return "psa_write";
	case SPMSIM_INJECT_ERROR_STATUS:
		return "psa_call";
	default:
		return NULL;
	}
}

/** Why @api cannot be counted for @inj in @p, or NULL when it can. */
static const char *api_refused(const struct spmsim_injection *inj,
                               const char *api, const struct spm_partition *p)
{
	bool sfn = p->desc->model == SPM_MODEL_SFN;

	if (api == NULL) {
		return NULL;
	}
	if (!known_api(api)) {
		return "is not a psa_* function partition code calls, nor "
		       "'entry'";
	}
	if (sfn &&
	    (strcmp(api, "psa_wait") == 0 || strcmp(api, "psa_get") == 0 ||
	     strcmp(api, "psa_reply") == 0)) {
		return "is never called by an SFN-model partition";
	}
	if (inj->kind == SPMSIM_INJECT_ERROR_STATUS &&
	    strcmp(api, "psa_call") != 0 && strcmp(api, "psa_connect") != 0 &&
	    strcmp(api, "psa_get") != 0) {
		return "returns no status (an error status goes to psa_call, "
		       "psa_connect or psa_get)";
	}
	if ((inj->kind == SPMSIM_INJECT_REPLY_STATUS &&
	     strcmp(api, "psa_reply") != 0) ||
	    (inj->kind == SPMSIM_INJECT_REPLY_BYTES &&
	     strcmp(api, "psa_write") != 0)) {
		return "does not reply (a reply's status is psa_reply's, its "
		       "bytes psa_write's)";
	}
	return NULL;
}

psa_status_t sim_inject_arm(const struct spmsim_injection *inj,
                            const struct spm_partition *p, char *why,
                            size_t why_size)
{
	const char *api = inj->api ? inj->api : default_api(inj->kind);
	const char *refused;

	if (inj->kind < SPMSIM_INJECT_STRAY_READ ||
	    inj->kind > SPMSIM_INJECT_RESET) {
		snprintf(why, why_size, "unknown injection kind %d",
		         (int)inj->kind);
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	if (inj->kind <= SPMSIM_INJECT_STRAY_JUMP && inj->address == NULL) {
		snprintf(why, why_size, "a stray access needs an address");
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	refused = api_refused(inj, api, p);
	if (refused != NULL) {
		snprintf(why, why_size, "'%s' %s", api, refused);
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	in.inj = *inj;
	snprintf(in.api, sizeof(in.api), "%s", api ? api : "");
	in.inj.api = NULL;
	in.inj.partition = NULL;
	in.index = p->index;
	in.nth = inj->nth != 0 ? inj->nth : 1;
	in.counted = 0;
	sim_inject_armed = true;
	return PSA_SUCCESS;
}

/* ---------------------------------------------------------- the faults */

/** Kept in memory so that the compiler cannot see it never stops. */
static volatile int depth_limit = 1 << 30;

/** Recurses with frames the compiler cannot drop, into the guard page. */
static int __attribute__((noinline)) overflow(int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	if (depth > depth_limit) {
		return 0;
	}
	return overflow(depth + 1) + frame[0];
}

/** Runs without entering the SPM, on the partition's own stack. */
static void __attribute__((noreturn)) spin(void)
{
	volatile uint32_t spins = 0;

	for (;;) {
		spins++;
	}
}

/** The stray access at @addr, as the partition's code. */
static void stray(enum spmsim_inject_kind kind, const void *addr)
{
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)addr;

	switch (kind) {
	case SPMSIM_INJECT_STRAY_READ:
		(void)*p;
		break;
	case SPMSIM_INJECT_STRAY_WRITE:
		*p = 0xA5u;
		break;
	default:
		((void (*)(void))(uintptr_t)addr)();
		break;
	}
}

/**
 * Strikes with the fault armed (the SPM's view in force): the faults that
 * change the call become the veneer's act; a reset is armed for the
 * call's own SPM entry. The rest are done by strike_as_partition().
 */
static enum sim_inject_act strike(void)
{
	sim_inject_armed = false;
	switch (in.inj.kind) {
	case SPMSIM_INJECT_ERROR_STATUS:
		return SIM_INJECT_RETURN;
	case SPMSIM_INJECT_REPLY_STATUS:
		return SIM_INJECT_REPLY_STATUS;
	case SPMSIM_INJECT_REPLY_BYTES:
		return SIM_INJECT_REPLY_BYTES;
	case SPMSIM_INJECT_RESET:
		sim_resets_arm(spm_sys()->counters.spm_entries + 1u);
		return SIM_INJECT_GO;
	default:
		return SIM_INJECT_GO;
	}
}

/** The faults the partition's own code does, under its own view. */
static void strike_as_partition(enum spmsim_inject_kind kind)
{
	switch (kind) {
	case SPMSIM_INJECT_STRAY_READ:
	case SPMSIM_INJECT_STRAY_WRITE:
	case SPMSIM_INJECT_STRAY_JUMP:
		stray(kind, in.inj.address);
		break;
	case SPMSIM_INJECT_STACK_OVERFLOW:
		(void)overflow(0);
		break;
	case SPMSIM_INJECT_SPIN:
		spin();
	case SPMSIM_INJECT_PANIC:
		psa_panic();
	default:
		break;
	}
}

/** True when @api of the running code is the n-th call counted. */
static bool counts(const char *api)
{
	const struct spm_partition *p = spm_sys()->current;

	if (!sim_inject_armed || p == NULL || p->is_ns ||
	    p->index != in.index ||
	    (in.api[0] != '\0' && strcmp(api, in.api) != 0)) {
		return false;
	}
	return ++in.counted == in.nth;
}

enum sim_inject_act sim_inject_point(const char *api, const void *sp)
{
	bool outer = sim_protect_enter_spm();
	enum sim_inject_act act = SIM_INJECT_GO;
	bool struck = counts(api);
	enum spmsim_inject_kind kind = in.inj.kind;

	if (struck) {
		act = strike();
	}
	if (outer && sp != NULL) {
		sim_protect_leave_spm_on(sp);
		SIM_PROTECT_NO_TAIL();
	} else if (outer) {
		sim_protect_leave_spm();
		SIM_PROTECT_NO_TAIL();
	}
	if (struck) {
		strike_as_partition(kind);
	}
	return act;
}

psa_status_t sim_inject_status(void)
{
	return in.inj.status;
}

bool sim_inject_pending(uint64_t *counted)
{
	if (counted != NULL) {
		*counted = in.counted;
	}
	return sim_inject_armed;
}

void sim_inject_cancel(void)
{
	sim_inject_armed = false;
	in.counted = 0;
}
