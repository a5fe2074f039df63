/*
 * Resets the harness injects (resets.c): one after a number of SPM entries,
 * and the watchdog's.
 */
#ifndef SIM_RESETS_H
#define SIM_RESETS_H

#include <stdbool.h>
#include <stdint.h>

/** What ended a run early, when it was one of these. */
enum sim_resets_taken {
	SIM_RESETS_NONE = 0,
	/** spmsim_reset_after() struck. */
	SIM_RESETS_INJECTED,
	/** The watchdog bit (a panic record names the running partition). */
	SIM_RESETS_WATCHDOG,
	/** The SPMSIM_WATCHDOG device reset the system (no panic). */
	SIM_RESETS_WATCHDOG_DEVICE,
};

/** Arms the reset at SPM entry count @entry (UINT64_MAX: disarmed). */
void sim_resets_arm(uint64_t entry);

/**
 * Sets the watchdog period (0: off); it runs during spmsim_run_ns() and
 * while the partitions initialise (boot and every reset).
 */
void sim_resets_watchdog_set(uint64_t ns);

/**
 * Around a run of the non-secure side: the watchdog's timer runs in
 * between, and only then may an injected reset strike. begin returns 0, or
 * -1 when the timer cannot be set up.
 */
int sim_resets_run_begin(void);
void sim_resets_run_end(void);

/**
 * Around the partitions' initialisation: only the watchdog watches it (a
 * spinning entry_init), as an injected reset counts the entries of runs.
 * A bite panics the partition, which halts the boot. begin returns 0, or
 * -1 when the timer cannot be set up.
 */
int sim_resets_init_begin(void);
void sim_resets_init_end(void);

/** Which injected reset ended the last run; clears the answer. */
enum sim_resets_taken sim_resets_take(void);

/**
 * An interrupt point (arch_interrupt_point()): feeds the watchdog, and
 * strikes an armed reset whose entry count has come. Does not return then.
 */
void sim_resets_point(void);

/**
 * A device asks for a system reset (the watchdog device's second expiry):
 * it strikes at the next interrupt point on a simulated context while
 * spmsim_run_ns() runs, as spmsim_reset_after(0) would, and the run ends
 * with @why. @why SIM_RESETS_NONE withdraws a request not yet taken (the
 * devices' reset does, at each boot and reset).
 */
void sim_resets_request(enum sim_resets_taken why);

/** Feeds the watchdog: the core is not stuck (an idle wait ended). */
void sim_resets_kick(void);

/** The watchdog's signal, which an idle wait keeps blocked. */
int sim_resets_watchdog_signal(void);

/** Stops everything and forgets the settings (at shutdown). */
void sim_resets_clear(void);

#endif /* SIM_RESETS_H */
