/*
 * Outputs for the host simulator's build (see gen_sim.c).
 */
#ifndef MANIFEST_GEN_SIM_H
#define MANIFEST_GEN_SIM_H

#include "gen.h"

/** partitions.mk: $(SYS)_PARTITIONS and $(SYS)_DIR.<NAME> for make. */
char *manifest_gen_partitions_mk(const struct manifest_model *model);

/** sim_memory_table.c: every partition's data and bss bounds. */
char *manifest_gen_sim_memory_table(const struct manifest_model *model);

#endif /* MANIFEST_GEN_SIM_H */
