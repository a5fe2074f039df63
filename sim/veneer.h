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

#endif /* SIM_VENEER_H */
