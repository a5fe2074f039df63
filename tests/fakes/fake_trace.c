/*
 * A fake of the architecture's trace hook (arch_trace() in spm_core/arch.h)
 * for tests of the core's modules: it keeps the kind of the last events.
 */
#include "fake_trace.h"

struct fake_trace fake_trace;

void arch_trace(const struct spm_trace_event *ev)
{
	if (fake_trace.n < FAKE_TRACE_MAX) {
		fake_trace.kinds[fake_trace.n] = ev->kind;
		fake_trace.names[fake_trace.n] = ev->name;
	}
	fake_trace.n++;
}
