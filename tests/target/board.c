/*
 * The target stage's cases on the Cortex-M33, as the non-secure image's
 * main(). A case that panics a partition resets the system, and with it
 * this image, which starts again from its reset handler: its progress is
 * kept in RAM its start-up does not clear (.noinit), so that it prints the
 * panic record of the case the reset cut short (read through a veneer) and
 * goes on with the next case.
 */
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "veneers.h"

/** Marks the progress record as this run's, not the RAM's power-on state. */
#define PROGRESS_MAGIC 0x7E57CA5Eu

static struct {
	uint32_t magic;
	/** The case to run next, and the one running (-1: none). */
	uint32_t next;
	int32_t running;
} progress __attribute__((section(".noinit")));

void *tc_partition_data(const char *name, int32_t pid)
{
	(void)name;
	return armv8m_veneer_partition_data(pid);
}

void tc_irq_raise(uint32_t line)
{
	armv8m_veneer_irq_raise(line);
}

/** The case a reset cut short: its outcome is the panic that did it. */
static void finish_cut_short(void)
{
	struct armv8m_panic r = {0};
	struct tc_panic p = {0};

	if (progress.running < 0) {
		return;
	}
	if (armv8m_veneer_last_panic(&r) != 0) {
		printf("case %s: the run ended without a panic\n",
		       tc_cases[progress.running].name);
	} else {
		p.partition_id = r.partition_id;
		p.cause = r.cause;
		memcpy(p.partition, r.partition, sizeof(p.partition));
		memcpy(p.kind, r.kind, sizeof(p.kind));
		memcpy(p.region, r.region, sizeof(p.region));
		p.isolation_level = r.isolation_level;
		tc_print_panic(tc_cases[progress.running].name, &p);
	}
	progress.running = -1;
}

int main(void)
{
	if (progress.magic != PROGRESS_MAGIC) {
		progress.magic = PROGRESS_MAGIC;
		progress.next = 0;
		progress.running = -1;
	}
	finish_cut_short();
	while (progress.next < tc_n_cases) {
		progress.running = (int32_t)progress.next++;
		tc_cases[progress.running].run();
		progress.running = -1;
	}
	printf("cases: %u run\n", tc_n_cases);
	progress.magic = 0;
	return 0;
}
