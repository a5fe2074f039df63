/*
 * Several non-secure threads and the mailbox agent: four threads of this
 * core call the echo sample through the TrustZone agent while four
 * clients of the other core call it through the mailbox.
 *
 * Built by `make EXTRA_MANIFEST_LIST_FILES=<list> EXTRA_PARTITION_PATHS=<dir>`
 * with this folder's manifest list and this folder (README).
 */
#include <stdio.h>
#include <string.h>

#include <psa/client.h>
#include "psa_manifest/sid.h"
#include "spmsim/spmsim.h"

#define THREADS 8

/** One client: 100 echoes of its own name through one connection. */
static void client(void *arg)
{
	const char *name = arg;
	psa_handle_t h = psa_connect(ECHO_SID, ECHO_VERSION);

	for (int i = 0; h > 0 && i < 100; i++) {
		char got[16] = {0};
		uint32_t model;
		psa_invec in = {name, strlen(name) + 1};
		psa_outvec out[2] = {{got, sizeof(got)},
		                     {&model, sizeof(model)}};

		if (psa_call(h, PSA_IPC_CALL, &in, 1, out, 2) != PSA_SUCCESS) {
			return; /* the run ended under it (a reset) */
		}
		if (strcmp(got, name) != 0) {
			printf("%s: a wrong echo\n", name);
		}
	}
	psa_close(h);
}

int main(void)
{
	static const char *const names[THREADS] = {"tz-a",   "tz-b",   "tz-c",
	                                           "tz-d",   "mbox-a", "mbox-b",
	                                           "mbox-c", "mbox-d"};
	struct spmsim_ns_thread t[THREADS];
	struct spmsim_ns_run run = {
	        .threads = t,
	        .count = THREADS,
	        .order = SPMSIM_NS_ORDER_FREE,
	        .mailbox_slots = 2,
	};
	enum spmsim_exit e;

	for (int i = 0; i < THREADS; i++) {
		/* The last four are clients of the other core. */
		t[i] = (struct spmsim_ns_thread){.fn = client,
		                                 .arg = (void *)names[i],
		                                 .mailbox = i >= 4};
	}
	if (spmsim_boot(NULL) != PSA_SUCCESS) {
		fprintf(stderr, "boot: %s\n", spmsim_error());
		return 2;
	}
	e = spmsim_run_ns_threads(&run);
	printf("run: %s\n", spmsim_exit_name(e));
	for (int i = 0; i < THREADS; i++) {
		printf("%-6s client id %3d: %3llu calls%s\n", names[i],
		       (int)(t[i].client_id != 0 ? t[i].client_id : -1 - i),
		       (unsigned long long)t[i].calls,
		       t[i].cut_short ? " (cut short)" : "");
	}
	printf("mailbox: %llu posted, %llu replied, %llu waited for a slot, "
	       "%llu replies overtook an earlier post\n",
	       (unsigned long long)run.mailbox.posted,
	       (unsigned long long)run.mailbox.replied,
	       (unsigned long long)run.mailbox.full_waits,
	       (unsigned long long)run.mailbox.out_of_order);
	spmsim_shutdown();
	return e == SPMSIM_EXIT_RETURNED ? 0 : 1;
}
