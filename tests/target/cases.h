/*
 * The target stage's cases: non-secure client code that runs unchanged on
 * the host (under spmsim) and on the Cortex-M33 (in the non-secure image),
 * so that both print the same outcome lines. Each case prints one line,
 * "case NAME: OUTCOME"; a case that panics a partition is finished by its
 * glue, which prints the panic record the same way on both machines. The
 * glue (host.c, board.c) provides what differs: where a partition's data
 * lies, and how the last panic is read.
 */
#ifndef TARGET_CASES_H
#define TARGET_CASES_H

#include <stdbool.h>
#include <stdint.h>

/** A panic, as both machines report it. */
struct tc_panic {
	int32_t partition_id;
	/** enum spmsim_panic_cause's value. */
	uint32_t cause;
	/** The partition's name. */
	char partition[32];
	/** The fault's type, or the API whose rule was broken. */
	char kind[24];
	/** What the faulting address belongs to, e.g. "SP_KV_STORE data". */
	char region[32];
	uint32_t isolation_level;
};

struct tc_case {
	const char *name;
	void (*run)(void);
};

/** Every case, in the order they run. */
extern const struct tc_case tc_cases[];
extern const unsigned tc_n_cases;

/** Prints the outcome line of case @name ended by panic @p. */
void tc_print_panic(const char *name, const struct tc_panic *p);

/* The glue's part. */

/** The start of partition @name's (id @pid) data, as the NS side sees it. */
void *tc_partition_data(const char *name, int32_t pid);

/** Raises secure interrupt @line, as a device would. */
void tc_irq_raise(uint32_t line);

#endif /* TARGET_CASES_H */
