/*
 * Tracing (include/spmsim/trace.h): the sink list and the virtual clock.
 *
 * PROVISIONAL: sinks and marks only; the SPM's own events, the text form
 * and the JSON writer arrive with the tracing work.
 */
#include "spmsim/trace.h"

#include <stdlib.h>
#include <string.h>

#define TRACE_MAX_SINKS 8
#define TRACE_STEP_NS   1000u

static struct {
	struct {
		spmsim_trace_sink_fn fn;
		void *arg;
	} sinks[TRACE_MAX_SINKS];
	unsigned n_sinks;
	uint64_t seq;
} t;

int spmsim_trace_add_sink(spmsim_trace_sink_fn fn, void *arg)
{
	if (t.n_sinks == TRACE_MAX_SINKS) {
		return -1;
	}
	t.sinks[t.n_sinks].fn = fn;
	t.sinks[t.n_sinks].arg = arg;
	t.n_sinks++;
	return 0;
}

void spmsim_trace_remove_sink(spmsim_trace_sink_fn fn, void *arg)
{
	for (unsigned i = 0; i < t.n_sinks; i++) {
		if (t.sinks[i].fn == fn && t.sinks[i].arg == arg) {
			memmove(&t.sinks[i], &t.sinks[i + 1],
			        (t.n_sinks - i - 1) * sizeof(t.sinks[0]));
			t.n_sinks--;
			return;
		}
	}
}

void spmsim_trace_restart(void)
{
	t.seq = 0;
}

void spmsim_trace_mark(const char *name, const char *detail)
{
	struct spmsim_trace_event ev = {
	        .kind = SPMSIM_TRACE_MARK,
	        .seq = t.seq,
	        .ts = t.seq * TRACE_STEP_NS,
	        .track_id = -1,
	        .track = "NS",
	        .name = name,
	        .detail = detail,
	};

	t.seq++;
	for (unsigned i = 0; i < t.n_sinks; i++) {
		t.sinks[i].fn(&ev, t.sinks[i].arg);
	}
}

size_t spmsim_trace_format(const struct spmsim_trace_event *ev, char *buf,
                           size_t size)
{
	(void)ev;
	if (size > 0) {
		buf[0] = '\0';
	}
	return 0;
}

struct spmsim_trace_json *spmsim_trace_json_open(const char *path)
{
	(void)path;
	return NULL;
}

int spmsim_trace_json_close(struct spmsim_trace_json *json)
{
	(void)json;
	return -1;
}
