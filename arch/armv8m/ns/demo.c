/*
 * The non-secure side of `make run-target`: the client story of the host's
 * demo (scenarios/demo.yaml), told on the board. It stores a value through
 * the key-value store (a PSA-RoT partition) and reads it back, keeps a
 * setting through the settings partition (application-RoT, a client of the
 * store itself), counts on a connection to the IPC counter service (when
 * the build has it), and has the echo partition answer in the model its
 * backend gives it. Then the faulty request: the fault lab (an
 * application-RoT partition) writes into the key-value store's data. From
 * isolation level 2 the PSA-RoT is out of its reach: a MemManage fault, a
 * panic of the lab and a reset, after which this image starts again (its
 * progress kept in RAM its start-up leaves alone) and finds the store
 * serving, and empty (its values lived in RAM). At level 1 the write goes
 * through. Returns 0 when every answer is the expected one.
 */
#include <stdio.h>
#include <string.h>

#include <psa/client.h>

#include "psa_manifest/pid.h"
#include "psa_manifest/sid.h"

#include "../../../partitions/counter/counter_api.h"
#include "../../../partitions/echo/echo_api.h"
#include "../../../partitions/kv_store/ns/kv_client.h"
#include "../../../partitions/settings/settings_api.h"
#include "../../../scenarios/partitions/fault_lab/fault_lab_api.h"
#include "veneers.h"

/** Marks the story's progress as this run's, not RAM's power-on state. */
#define STORY_MAGIC 0xDE770001u

/** Kept across the reset the faulty request causes. */
static struct {
	uint32_t magic;
	uint32_t failures;
} story __attribute__((section(".noinit")));

static int failures;

/** Prints one step's outcome and counts it when it is not @want. */
static void step(const char *what, psa_status_t got, psa_status_t want)
{
	printf("app: %-44s %ld%s\n", what, (long)got,
	       got == want ? "" : "   <- unexpected");
	failures += got != want;
}

static void store(void)
{
	static const char value[] = "hello, secure world";
	char buf[64] = {0};
	size_t len = 0;

	step("kv_set(1, \"hello, secure world\")",
	     kv_set(1, value, sizeof(value)), PSA_SUCCESS);
	step("kv_get(1)", kv_get(1, buf, sizeof(buf), &len), PSA_SUCCESS);
	printf("app:   value \"%s\" (%u bytes)\n", buf, (unsigned)len);
	failures += strcmp(buf, value) != 0;
}

static void settings(void)
{
	uint32_t id = 7, value = 0x1234, back = 0;
	psa_invec in[2] = {{&id, sizeof(id)}, {&value, sizeof(value)}};
	psa_outvec out[1] = {{&back, sizeof(back)}};

	step("settings: set 7 = 0x1234",
	     psa_call(SETTINGS_HANDLE, SETTINGS_SET, in, 2, NULL, 0),
	     PSA_SUCCESS);
	step("settings: get 7",
	     psa_call(SETTINGS_HANDLE, SETTINGS_GET, in, 1, out, 1),
	     PSA_SUCCESS);
	printf("app:   value 0x%lx\n", (unsigned long)back);
	failures += back != value;
}

/* The counter is an IPC-model partition: an SFN build leaves it out. */
#ifdef COUNTER_SID
static void count(void)
{
	uint32_t step5 = 5, result = 0;
	psa_invec in[1] = {{&step5, sizeof(step5)}};
	psa_outvec out[1] = {{&result, sizeof(result)}};
	psa_handle_t h = psa_connect(COUNTER_SID, 1);

	step("counter: psa_connect", h > 0 ? PSA_SUCCESS : h, PSA_SUCCESS);
	step("counter: add 5", psa_call(h, COUNTER_INCREMENT, in, 1, out, 1),
	     PSA_SUCCESS);
	printf("app:   counter %lu\n", (unsigned long)result);
	failures += result != 5;
	psa_close(h);
}
#else
static void count(void)
{
	printf("app: counter: not in this build (an IPC-model partition)\n");
}
#endif

static void echo(void)
{
	static const char ping[] = "ping";
	char back[8] = {0};
	uint32_t model = 0;
	psa_invec in[1] = {{ping, sizeof(ping)}};
	psa_outvec out[2] = {{back, sizeof(back)}, {&model, sizeof(model)}};
	psa_handle_t h = psa_connect(ECHO_SID, 1);

	step("echo: psa_connect", h > 0 ? PSA_SUCCESS : h, PSA_SUCCESS);
	step("echo: \"ping\"", psa_call(h, PSA_IPC_CALL, in, 1, out, 2),
	     PSA_SUCCESS);
	printf("app:   \"%s\" from the %s model\n", back,
	       model == ECHO_MODEL_IPC ? "IPC" : "SFN");
	failures += strcmp(back, ping) != 0;
	psa_close(h);
}

/** The faulty request: the fault lab writes into the store's data. */
static void stray_write(void)
{
	uint64_t where =
	        (uint64_t)(uintptr_t)armv8m_veneer_partition_data(SP_KV_STORE);
	psa_invec in[1] = {{&where, sizeof(where)}};
	psa_status_t st;

	printf("app: the fault lab writes into SP_KV_STORE's data at 0x%08lx\n",
	       (unsigned long)where);
	story.magic = STORY_MAGIC;
	story.failures = (uint32_t)failures;
	st = psa_call(FAULT_LAB_SFN_HANDLE, FAULT_LAB_STRAY_WRITE, in, 1, NULL,
	              0);
	/* Only at level 1 does the call come back. */
	story.magic = 0;
	printf("app: the write went through (status %ld): at isolation level "
	       "1 nothing separates the partitions\n",
	       (long)st);
}

/** After the reset the faulty request caused: the store serves, empty. */
static int after_reset(void)
{
	char buf[64];
	size_t len = 0;

	failures = (int)story.failures;
	story.magic = 0;
	printf("app: restarted after the reset\n");
	step("kv_get(1)", kv_get(1, buf, sizeof(buf), &len),
	     PSA_ERROR_DOES_NOT_EXIST);
	printf("app: %s\n", failures == 0 ? "done" : "FAILED");
	return failures == 0 ? 0 : 1;
}

int main(void)
{
	if (story.magic == STORY_MAGIC) {
		return after_reset();
	}
	printf("app: non-secure, FF-M framework version 0x%lx\n",
	       (unsigned long)psa_framework_version());
	store();
	settings();
	count();
	echo();
	stray_write();
	printf("app: %s\n", failures == 0 ? "done" : "FAILED");
	return failures == 0 ? 0 : 1;
}
