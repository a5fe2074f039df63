/*
 * The demo `make run` shows until scenarios arrive: boot the build's system,
 * run a short non-secure program against the sample partitions and tell
 * what happened, then provoke a programmer error and show how the SPM
 * catches it.
 */
#include <stdio.h>
#include <string.h>

#include "psa/client.h"
#include "psa_manifest/sid.h"
#include "spmsim/spmsim.h"

#include "../partitions/kv_store/ns/kv_client.h"

static void say_status(const char *what, psa_status_t status)
{
	printf("  ns: %-44s -> %d%s\n", what, (int)status,
	       status == PSA_SUCCESS ? " (PSA_SUCCESS)" : "");
}

/** Stores a value through the key-value partition and reads it back. */
static void ns_store_and_read(void *arg)
{
	char buf[64] = {0};
	size_t len = 0;

	(void)arg;
	printf("  ns: psa_framework_version() = 0x%04x\n",
	       (unsigned)psa_framework_version());
	say_status("kv_set(1, \"hello, secure world\")",
	           kv_set(1, "hello, secure world", 19));
	say_status("kv_get(1)", kv_get(1, buf, sizeof(buf) - 1, &len));
	printf("  ns: read back %zu bytes: \"%s\"\n", len, buf);
}

/** Passes an output vector that overlaps its input vector. */
static void ns_overlapping_vectors(void *arg)
{
	uint32_t key = 1;
	char buf[8];
	psa_invec in[] = {{buf, sizeof(buf)}};
	psa_outvec out[] = {{buf + 4, sizeof(buf)}};

	(void)arg;
	(void)key;
	say_status("psa_call with an outvec overlapping its invec",
	           psa_call(KV_STORE_HANDLE, 2, in, 1, out, 1));
}

int main(void)
{
	struct spmsim_counters c;

	if (spmsim_boot(NULL) != PSA_SUCCESS) {
		fprintf(stderr, "spmsim-demo: %s\n", spmsim_error());
		return 2;
	}
	printf("booted: %s backend\n", spmsim_backend_name(spmsim_backend()));
	printf("run 1: store and read back a value\n");
	printf("  exit: %s\n",
	       spmsim_exit_name(spmsim_run_ns(ns_store_and_read, NULL)));
	printf("run 2: a faulty request\n");
	printf("  exit: %s\n",
	       spmsim_exit_name(spmsim_run_ns(ns_overlapping_vectors, NULL)));
	spmsim_get_counters(&c);
	printf("counters: %llu SPM entries, %llu messages, %llu context "
	       "switches, %llu panics, %llu resets\n",
	       (unsigned long long)c.spm_entries,
	       (unsigned long long)c.messages,
	       (unsigned long long)c.context_switches,
	       (unsigned long long)c.panics, (unsigned long long)c.resets);
	spmsim_shutdown();
	return 0;
}
