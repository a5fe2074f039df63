/*
 * What the integration tests share: each case names the backend it runs on
 * in its CMocka prestate; its setup boots that backend with the load table
 * the backend can run (the SFN backend refuses IPC-model partitions), and
 * its teardown shuts the system down.
 */
#ifndef TESTS_INTEGRATION_FIXTURE_H
#define TESTS_INTEGRATION_FIXTURE_H

#include <stdint.h>

#include "load_table.h"
#include "spmsim/spmsim.h"

/** The backend the running case is for. */
static inline enum spmsim_backend fixture_backend(void **state)
{
	return (enum spmsim_backend)(uintptr_t)*state;
}

/** Boots the case's backend with @ipc, or @sfn for SFN; 0 or -1. */
static inline int fixture_boot(void **state, const struct spm_load_table *ipc,
                               const struct spm_load_table *sfn)
{
	enum spmsim_backend b = fixture_backend(state);
	struct spmsim_config cfg = {
	        .backend = b,
	        .table = b == SPMSIM_BACKEND_SFN ? sfn : ipc,
	};

	return spmsim_boot(&cfg) == PSA_SUCCESS ? 0 : -1;
}

static inline int fixture_shutdown(void **state)
{
	(void)state;
	spmsim_shutdown();
	return 0;
}

/** Case @fn on @backend, booted by @setup. */
#define FIXTURE_ON(setup, backend, fn)                                         \
	cmocka_unit_test_prestate_setup_teardown(fn, setup, fixture_shutdown,  \
	                                         (void *)(uintptr_t)(backend))

/** Case @fn on both backends. */
#define FIXTURE_BOTH(setup, fn)                                                \
	FIXTURE_ON(setup, SPMSIM_BACKEND_IPC, fn),                             \
	        FIXTURE_ON(setup, SPMSIM_BACKEND_SFN, fn)

#endif /* TESTS_INTEGRATION_FIXTURE_H */
