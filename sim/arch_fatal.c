/*
 * The host's way to stop on a broken internal invariant: say where, then
 * abort() so that a debugger or a core dump shows the state.
 */
#include <stdio.h>
#include <stdlib.h>

#include "arch.h"

void arch_fatal(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: spmsim internal error: %s\n", file, line,
		what);
	fflush(stderr);
	abort();
}
