/*
 * The host's way to report: misuse of the simulator goes to stderr; a broken
 * internal invariant says where, then abort()s so that a debugger or a core
 * dump shows the state.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "arch.h"

void arch_report(const char *what)
{
	fprintf(stderr, "spmsim: %s\n", what);
}

void arch_fatal(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: spmsim internal error: %s\n", file, line, what);
	fflush(stderr);
	/* The simulator's own bug: not a partition's abort() (fault.c). */
	signal(SIGABRT, SIG_DFL);
	abort();
}
