/*
 * A fake backend (backends/backend.h) for unit tests of the SPM core.
 *
 * How it works. Every operation is counted and its arguments recorded. Nothing
 * is scheduled: messaging() "replies" at once by setting the connection's
 * status to fake_backend.status and returning it, unless the test installs
 * on_messaging, which then does whatever the test wants (typically: queue the
 * message, take it as the service would and reply through spm_reply_impl()).
 * wait() returns fake_backend.wait_result.
 */
#ifndef FAKE_BACKEND_H
#define FAKE_BACKEND_H

#include "backend.h"
#include "conn.h"

struct fake_backend {
	unsigned checks, starts, stops, run_ns_calls;
	unsigned messaging_calls, replied_calls, wait_calls;
	unsigned signals_asserted_calls, preempt_calls;

	/** messaging(): the connection and its message type when called. */
	struct spm_conn *last_conn;
	int32_t last_type;
	bool last_stateless;
	/** The status messaging() replies with when on_messaging is NULL. */
	psa_status_t status;
	/** Replaces the default messaging() when set. */
	psa_status_t (*on_messaging)(struct spm_conn *c);

	struct spm_conn *last_replied;

	struct spm_partition *last_wait;
	psa_signal_t last_wait_mask;
	psa_signal_t wait_result;

	/** signals_asserted(): the partition and its signals at the call. */
	struct spm_partition *last_asserted;
	psa_signal_t last_asserted_signals;

	/** What check(), start() and run_ns() return. */
	int check_result;
	int start_result;
	enum spm_exit run_ns_result;
};

extern struct fake_backend fake_backend;
extern const struct backend_ops fake_backend_ops;

/** Forgets every record and restores the defaults. */
void fake_backend_reset(void);

#endif /* FAKE_BACKEND_H */
