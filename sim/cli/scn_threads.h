/*
 * Playing a scenario's `threads` (several non-secure threads and mailbox
 * clients at once) on a booted system, for scn_run.
 */
#ifndef SCN_THREADS_H
#define SCN_THREADS_H

#include "scn_run.h"

/**
 * Plays every thread's steps through spmsim_run_ns_threads(), run after
 * run until all are played (a reset ends a run), writing their timeline
 * lines to o->timeline, and checks what the services saw of each thread's
 * calls (the `expect` keys replies_once, order_kept,
 * no_lost_or_duplicate). Adds to res->steps, failed_steps and failed_end.
 * Returns 0, or 2 when the harness refused the run (res->first_failure).
 */
int scn_threads_play(const struct scenario *s, const struct scn_run_opts *o,
                     struct scn_result *res);

#endif /* SCN_THREADS_H */
