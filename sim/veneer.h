/*
 * Entry veneers into the SPM (veneer.c): programs are linked with
 * `-Wl,--wrap=` for each psa_* function (SPMSIM_LINK in the Makefile).
 */
#ifndef SIM_VENEER_H
#define SIM_VENEER_H

#include <stdbool.h>

/**
 * True when the program was linked with the veneers in place (the --wrap
 * options), so page protection can be enforced.
 */
bool sim_veneers_linked(void);

/**
 * True when a veneer must take its slow path: page protection is enforced,
 * or non-secure threads run (their calls go through the non-secure agent).
 * The fast path of every veneer reads only this.
 */
extern bool sim_veneer_route;

/** Recomputes sim_veneer_route; @threads: non-secure threads run. */
void sim_veneer_route_update(bool threads);

#endif /* SIM_VENEER_H */
