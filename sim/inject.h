/*
 * Faults injected into a partition at its entry veneers (inject.c): the
 * mechanism behind spmsim_inject() (include/spmsim/spmsim.h).
 */
#ifndef SIM_INJECT_H
#define SIM_INJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"
#include "spmsim/spmsim.h"

struct spm_partition;

/**
 * True while an injection is armed: the veneers' fast path reads it (one
 * load), and calls sim_inject_point() only then. Written by inject.c alone.
 */
extern bool sim_inject_armed;

/** What a veneer does after sim_inject_point(). */
enum sim_inject_act {
	/** Nothing struck (or it struck and the call goes on: a reset). */
	SIM_INJECT_GO = 0,
	/** Return sim_inject_status() without making the call. */
	SIM_INJECT_RETURN,
	/** psa_reply() with sim_inject_status() instead of its status. */
	SIM_INJECT_REPLY_STATUS,
	/** psa_write() of the bytes inverted. */
	SIM_INJECT_REPLY_BYTES,
};

/**
 * Arms @inj into partition @p of the booted system; the SPM's view must be
 * in force. Returns PSA_SUCCESS, or an error with the reason in @why.
 */
psa_status_t sim_inject_arm(const struct spmsim_injection *inj,
                            const struct spm_partition *p, char *why,
                            size_t why_size);

/**
 * The running code calls psa_* function @api (through its veneer, with its
 * own view in force), or is handed the core (@api "entry"): counts it when
 * it is the armed partition's and strikes on the n-th. A stray access, a
 * stack overflow, a spin or a panic never return; the rest say what the
 * veneer does. @sp: the stack the code runs on, which its view must keep
 * reachable (a first-level handler runs on the stack it interrupted), or
 * NULL for its own.
 */
enum sim_inject_act sim_inject_point(const char *api, const void *sp);

/** The status of a RETURN or REPLY_STATUS act. */
psa_status_t sim_inject_status(void);

/** True while armed and not struck; the calls counted in @counted. */
bool sim_inject_pending(uint64_t *counted);

/** Disarms (spmsim_inject_cancel(), and at shutdown). */
void sim_inject_cancel(void);

#endif /* SIM_INJECT_H */
