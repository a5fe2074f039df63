/*
 * The fake backend (see fake_backend.h): counts, records, replies at once.
 */
#include "fake_backend.h"

struct fake_backend fake_backend;

void fake_backend_reset(void)
{
	fake_backend =
	        (struct fake_backend){.run_ns_result = SPM_EXIT_NS_RETURNED};
}

static int fake_check(const struct spm_load_table *table, unsigned level,
                      char *why, size_t why_size)
{
	(void)table;
	(void)level;
	(void)why;
	(void)why_size;
	fake_backend.checks++;
	return fake_backend.check_result;
}

static int fake_start(void)
{
	fake_backend.starts++;
	return fake_backend.start_result;
}

static void fake_stop(void)
{
	fake_backend.stops++;
}

static enum spm_exit fake_run_ns(void (*fn)(void *arg), void *arg)
{
	fake_backend.run_ns_calls++;
	fn(arg);
	return fake_backend.run_ns_result;
}

static psa_status_t fake_messaging(struct spm_conn *c)
{
	fake_backend.messaging_calls++;
	fake_backend.last_conn = c;
	fake_backend.last_type = c->type;
	fake_backend.last_stateless = c->stateless;
	if (fake_backend.on_messaging != NULL) {
		return fake_backend.on_messaging(c);
	}
	c->status = fake_backend.status;
	c->replied = true;
	return c->status;
}

static void fake_replied(struct spm_conn *c)
{
	fake_backend.replied_calls++;
	fake_backend.last_replied = c;
}

static psa_signal_t fake_wait(struct spm_partition *p, psa_signal_t mask)
{
	fake_backend.wait_calls++;
	fake_backend.last_wait = p;
	fake_backend.last_wait_mask = mask;
	return fake_backend.wait_result;
}

static void fake_signals_asserted(struct spm_partition *p)
{
	fake_backend.signals_asserted_calls++;
	fake_backend.last_asserted = p;
	fake_backend.last_asserted_signals = p->signals_asserted;
}

static void fake_preempt_point(void)
{
	fake_backend.preempt_calls++;
}

const struct backend_ops fake_backend_ops = {
        .name = "FAKE",
        .check = fake_check,
        .start = fake_start,
        .stop = fake_stop,
        .run_ns = fake_run_ns,
        .messaging = fake_messaging,
        .replied = fake_replied,
        .wait = fake_wait,
        .signals_asserted = fake_signals_asserted,
        .preempt_point = fake_preempt_point,
};
