/* The fake arch_trace(): what the core reported, in order. */
#ifndef FAKE_TRACE_H
#define FAKE_TRACE_H

#include "arch.h"
#include "trace.h"

#define FAKE_TRACE_MAX 64

struct fake_trace {
	enum spm_trace_kind kinds[FAKE_TRACE_MAX];
	const char *names[FAKE_TRACE_MAX];
	unsigned n;
};

extern struct fake_trace fake_trace;

#endif /* FAKE_TRACE_H */
