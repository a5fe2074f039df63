/*
 * Outputs for the host simulator's build (see gen_sim.c).
 */
#ifndef MANIFEST_GEN_SIM_H
#define MANIFEST_GEN_SIM_H

#include "gen.h"

/**
 * partitions.mk: $(SYS)_PARTITIONS, $(SYS)_DUAL, $(SYS)_DIR.<NAME> and
 * $(SYS)_EXPORTS.<NAME> (the functions @opt's load table names) for make.
 */
char *manifest_gen_partitions_mk(const struct manifest_model *model,
                                 const struct manifest_options *opt);

/** sim_memory_table.c: every partition's data and bss bounds. */
char *manifest_gen_sim_memory_table(const struct manifest_model *model);

#endif /* MANIFEST_GEN_SIM_H */
