/*
 * The fake architecture (see fake_arch.h): records calls, and turns the two
 * ways out of running code into a longjmp back to the test.
 */
#include "fake_arch.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

struct fake_arch fake_arch;

void fake_arch_reset(void)
{
	fake_arch = (struct fake_arch){0};
}

int arch_context_create(struct arch_context *ctx, size_t stack_size,
                        void (*entry)(void *arg), void *arg)
{
	fake_arch.creates++;
	if (fake_arch.create_result != 0) {
		return fake_arch.create_result;
	}
	*ctx = (struct arch_context){
	        .stack_size = stack_size, .entry = entry, .arg = arg};
	return 0;
}

void arch_context_destroy(struct arch_context *ctx)
{
	fake_arch.destroys++;
	*ctx = (struct arch_context){0};
}

void arch_context_switch(struct arch_context *from, struct arch_context *to)
{
	fake_arch.switches++;
	fake_arch.last_from = from;
	fake_arch.last_to = to;
}

bool arch_on_context_stack(void)
{
	return fake_arch.on_context_stack;
}

const struct arch_context *arch_context_at(const void *addr)
{
	(void)addr;
	return NULL;
}

bool arch_context_in_guard(const struct arch_context *ctx, const void *addr)
{
	(void)ctx;
	(void)addr;
	return false;
}

void arch_report(const char *what)
{
	fake_arch.reports++;
	snprintf(fake_arch.report, sizeof(fake_arch.report), "%s", what);
}

void arch_context_exit_to(struct arch_context *to)
{
	fake_arch.exits++;
	fake_arch.last_exit_to = to;
	if (fake_arch.catcher == NULL) {
		fail_msg("arch_context_exit_to() outside FAKE_CATCH() "
		         "(an unexpected panic?)");
		abort();
	}
	longjmp(*fake_arch.catcher, FAKE_EXITED);
}

void arch_fatal(const char *file, int line, const char *what)
{
	fake_arch.fatals++;
	fake_arch.fatal_file = file;
	fake_arch.fatal_line = line;
	fake_arch.fatal_what = what;
	if (fake_arch.catcher == NULL) {
		fail_msg("%s:%d: arch_fatal() outside FAKE_CATCH(): %s", file,
		         line, what);
		abort();
	}
	longjmp(*fake_arch.catcher, FAKE_FATAL);
}
