/*
 * The target stage's cases on the host: `target_cases BACKEND LEVEL` boots
 * spmsim on the stage's partitions (tests/target/manifest_list.yaml) and
 * runs every case as non-secure code, printing the lines the Cortex-M33
 * build prints for the same case (tests/tools/test_target.sh compares
 * them). A panic resets the system, as on the board.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spmsim/spmsim.h"

#include "cases.h"

extern const struct spm_load_table spm_load_table;
extern const struct spm_load_table spm_load_table_sfn;

/** The isolation level the cases run at. */
static unsigned level;

void *tc_partition_data(const char *name, int32_t pid)
{
	(void)pid;
	return spmsim_area_address(SPMSIM_AREA_DATA, name);
}

void tc_irq_raise(uint32_t line)
{
	(void)spmsim_irq_raise(line);
}

static void run_case(void *arg)
{
	((const struct tc_case *)arg)->run();
}

/** The panic record in the stage's terms. */
static void print_panic(const char *name)
{
	struct spmsim_panic p;
	struct tc_panic t = {0};

	if (!spmsim_last_panic(&p)) {
		printf("case %s: the run ended without a panic\n", name);
		return;
	}
	t.partition_id = p.partition_id;
	t.cause = (uint32_t)p.cause;
	snprintf(t.partition, sizeof(t.partition), "%s", p.partition);
	snprintf(t.kind, sizeof(t.kind), "%s",
	         p.cause == SPMSIM_PANIC_FAULT ? p.fault.type : p.api);
	if (p.cause == SPMSIM_PANIC_FAULT && p.fault.region != NULL) {
		snprintf(t.region, sizeof(t.region), "%s", p.fault.region);
	}
	t.isolation_level = level;
	tc_print_panic(name, &t);
}

int main(int argc, char **argv)
{
	struct spmsim_config config = {0};

	if (argc != 3 ||
	    (strcmp(argv[1], "IPC") != 0 && strcmp(argv[1], "SFN") != 0)) {
		fprintf(stderr, "usage: %s IPC|SFN LEVEL\n", argv[0]);
		return 2;
	}
	config.backend = strcmp(argv[1], "SFN") == 0 ? SPMSIM_BACKEND_SFN
	                                             : SPMSIM_BACKEND_IPC;
	config.table = config.backend == SPMSIM_BACKEND_SFN
	                       ? &spm_load_table_sfn
	                       : &spm_load_table;
	level = (unsigned)atoi(argv[2]);
	config.isolation_level = level;
	if (spmsim_boot(&config) != PSA_SUCCESS) {
		fprintf(stderr, "%s: %s\n", argv[0], spmsim_error());
		return 1;
	}
	for (unsigned i = 0; i < tc_n_cases; i++) {
		enum spmsim_exit exit =
		        spmsim_run_ns(run_case, (void *)&tc_cases[i]);

		if (exit == SPMSIM_EXIT_RESET) {
			print_panic(tc_cases[i].name);
		} else if (exit != SPMSIM_EXIT_RETURNED) {
			printf("case %s: %s\n", tc_cases[i].name,
			       spmsim_exit_name(exit));
		}
	}
	spmsim_shutdown();
	return 0;
}
