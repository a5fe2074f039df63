/*
 * Playing a checked scenario on the simulator, under one backend and one
 * isolation level, and judging the outcome.
 */
#ifndef SCN_RUN_H
#define SCN_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "load_table.h"
#include "scenario.h"

struct scn_run_opts {
	const struct spm_load_table *table;
	/** SCN_BACKEND_IPC or SCN_BACKEND_SFN, and 1, 2 or 3. */
	unsigned backend;
	unsigned level;
	uint64_t seed;
	/** The timeline and the verdict go here, unless NULL. */
	FILE *timeline;
	/** Only failures and the verdict, no timeline. */
	bool quiet;
	/** Of the trace events, only interrupts, faults, panics, resets. */
	bool brief;
	/** SCN_PROTECTION_TRAP or _CHECK; DEFAULT: the scenario's, else trap.
	 */
	enum scn_protection protection;
	/** A Chrome trace-event JSON file to write, or NULL. */
	const char *trace_path;
	/**
	 * The watchdog over the whole run, initialisation included (0:
	 * none): code that spins without entering the SPM is panicked and
	 * the system resets, so a run never hangs.
	 */
	uint64_t watchdog_ns;
};

struct scn_result {
	/** Steps played (every repetition counts) and how many failed. */
	uint64_t steps;
	uint64_t failed_steps;
	/** Expectations of the end that failed. */
	unsigned failed_end;
	/** True when the system could not boot or the trace not be written. */
	bool error;
	uint64_t resets;
	uint64_t panics;
	/** The first thing that went wrong, for a summary or JUnit. */
	char first_failure[512];
};

/** The protection mode a run of @s with @o boots in: TRAP or CHECK. */
enum scn_protection scn_run_protection(const struct scenario *s,
                                       const struct scn_run_opts *o);

/** "IPC" or "SFN". */
const char *scn_backend_name(unsigned backend);

/**
 * Boots, plays every client's steps, checks every expectation and writes
 * the timeline and the verdict. Returns 0 when everything held, 1 when
 * something failed, 2 when the run could not happen (see r->first_failure).
 */
int scn_run(const struct scenario *s, const struct scn_run_opts *o,
            struct scn_result *r);

#endif /* SCN_RUN_H */
