/*
 * libFuzzer target for the scenario parser: any bytes, parsed as a scenario
 * file, must end in a scenario or in one error line, with nothing leaked.
 * `make fuzz` builds it with clang's fuzzer, address and undefined-behaviour
 * sanitizers and runs it over fuzz/corpus/ for FUZZ_SECONDS.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scn_diag d;
	struct scenario *s;

	memset(&d, 0, sizeof(d));
	s = scenario_parse("fuzz/input.yaml", (const char *)data, size, &d);
	/* Exactly one of the two: a scenario, or an error. */
	if ((s == NULL) != d.failed || (d.failed && d.text[0] == '\0'))
		__builtin_trap();
	scenario_free(s);
	return 0;
}
