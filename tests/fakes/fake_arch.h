/*
 * A fake of the architecture interface (spm_core/arch.h) for unit tests:
 * contexts, reports and fatal errors (interrupts: fake_irq.h).
 *
 * How it works. Nothing really switches: arch_context_create/switch/destroy
 * only count and record their arguments. The two ways out of the running
 * code, arch_context_exit_to() (a panic or any spm_exit_to_boot()) and
 * arch_fatal() (a broken SPM_CHECK()), longjmp back to the test that wrapped
 * the call in FAKE_CATCH(), so a panic or a broken invariant is something a
 * test can observe and assert on. Outside FAKE_CATCH() either of them fails
 * the running CMocka test. arch_report() only records its text;
 * arch_context_at() knows no context.
 */
#ifndef FAKE_ARCH_H
#define FAKE_ARCH_H

#include <setjmp.h>
#include <stdbool.h>

#include "arch.h"

/** How the code run under FAKE_CATCH() ended. */
enum fake_escape {
	FAKE_RETURNED = 0,
	/** arch_context_exit_to(): a panic or another exit to boot. */
	FAKE_EXITED = 1,
	/** arch_fatal(): an internal invariant broke. */
	FAKE_FATAL = 2,
};

struct fake_arch {
	/** Where exit_to and fatal jump; set by FAKE_CATCH(). */
	jmp_buf *catcher;
	unsigned creates, destroys, switches, exits, fatals;
	/** What arch_context_create() returns next (0 or -1). */
	int create_result;
	/** What arch_on_context_stack() answers. */
	bool on_context_stack;
	struct arch_context *last_from, *last_to, *last_exit_to;
	const char *fatal_file;
	int fatal_line;
	const char *fatal_what;
	/** arch_report(): how often, and a copy of the last text. */
	unsigned reports;
	char report[256];
};

extern struct fake_arch fake_arch;

/** Forgets every record and restores the defaults. */
void fake_arch_reset(void);

/**
 * Runs @stmt and stores in @escape how it ended (enum fake_escape). Locals
 * that @stmt assigns and the test reads after an escape must be volatile.
 */
#define FAKE_CATCH(escape, stmt)                                               \
	do {                                                                   \
		jmp_buf fake_jb_;                                              \
		fake_arch.catcher = &fake_jb_;                                 \
		switch (setjmp(fake_jb_)) {                                    \
		case 0:                                                        \
			stmt;                                                  \
			(escape) = FAKE_RETURNED;                              \
			break;                                                 \
		case FAKE_EXITED:                                              \
			(escape) = FAKE_EXITED;                                \
			break;                                                 \
		default:                                                       \
			(escape) = FAKE_FATAL;                                 \
			break;                                                 \
		}                                                              \
		fake_arch.catcher = NULL;                                      \
	} while (0)

#endif /* FAKE_ARCH_H */
