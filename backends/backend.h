/*
 * The backend interface: how messages reach services and who runs when.
 *
 * The frontend (client and service API in spm_core/) validates every call and
 * keeps connections, messages and signals; a backend decides execution:
 *   IPC: a context per partition, a priority scheduler, callers block.
 *   SFN: one context; service functions are called directly.
 * Backend state stays inside the backend; nothing here changes shape per
 * backend, and no code outside backends/ asks which backend runs.
 */
#ifndef BACKEND_H
#define BACKEND_H

#include <stddef.h>

#include "load_table.h"
#include "spm.h"

struct spm_conn;

struct backend_ops {
	/** "IPC" or "SFN", as CONFIG_TFM_SPM_BACKEND spells it. */
	const char *name;

	/**
	 * Refuses a table or isolation @level this backend cannot run,
	 * naming the partition or the level in @why. Returns 0 or -1.
	 */
	int (*check)(const struct spm_load_table *table, unsigned level,
	             char *why, size_t why_size);

	/**
	 * Starts the booted system: creates what the partitions run on and
	 * runs their initialisation in priority order until every partition
	 * waits. Returns 0, or -1 when memory is exhausted. A panic during
	 * initialisation ends it early with spm_sys()->exit == SPM_EXIT_PANIC.
	 */
	int (*start)(void);

	/** Releases everything start() and run_ns() created. */
	void (*stop)(void);

	/**
	 * Runs @fn(@arg) as the non-secure side until it returns, or nothing
	 * can run, or a panic. Returns why it stopped.
	 */
	enum spm_exit (*run_ns)(void (*fn)(void *arg), void *arg);

	/**
	 * Delivers the message prepared on @c to its service and returns once
	 * it has been replied to, with the reply status (also in @c).
	 */
	psa_status_t (*messaging)(struct spm_conn *c);

	/** The message on @c has its reply: its client may go on. */
	void (*replied)(struct spm_conn *c);

	/**
	 * Blocks the running partition @p until a signal of @mask is
	 * asserted; returns the asserted signals in @mask.
	 */
	psa_signal_t (*wait)(struct spm_partition *p, psa_signal_t mask);

	/** Signals were asserted in @p: wake it if it waits for them. */
	void (*signals_asserted)(struct spm_partition *p);

	/**
	 * A scheduling point after the running code made another context
	 * runnable: a higher-priority one runs now.
	 */
	void (*preempt_point)(void);
};

extern const struct backend_ops backend_ipc;
extern const struct backend_ops backend_sfn;

#endif /* BACKEND_H */
