/*
 * Unit tests of tracing on the host (sim/trace/): status names, the text
 * form of every kind of event, the sink list and its switch of the core's
 * trace points, and the Chrome JSON writer on a made-up event stream (fake
 * partitions fed through arch_trace(), as the SPM core feeds it).
 *
 * The seams trace.c reaches are faked here: the system's state (only the
 * non-secure side is read), spm_trace_enable() and the address translation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "isolation.h"
#include "spm.h"
#include "spmsim/trace.h"
#include "trace.h"
#include "trace/sim_trace.h"

/* ----------------------------------------------------------------- fakes */

struct spm spm_system;
bool spm_trace_active;

void spm_trace_enable(bool on)
{
	spm_trace_active = on;
}

static const struct spm_partition ns = {
        .name = "non-secure", .id = -1, .is_ns = true};
static const struct spm_partition sp_kv = {.name = "SP_KV", .id = 256};

/* ----------------------------------------------------------- the text form */

static char line[256];

/** The timeline line of @ev. */
static const char *fmt(const struct spmsim_trace_event *ev)
{
	size_t n = spmsim_trace_format(ev, line, sizeof(line));

	assert_int_equal(n, strlen(line));
	return line;
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(spmsim_status_name(0), "PSA_SUCCESS");
	assert_string_equal(spmsim_status_name(-129),
	                    "PSA_ERROR_PROGRAMMER_ERROR");
	assert_string_equal(spmsim_status_name(-136),
	                    "PSA_ERROR_INVALID_HANDLE");
	assert_string_equal(spmsim_status_name(-149),
	                    "PSA_ERROR_INVALID_SIGNATURE");
	assert_string_equal(spmsim_status_name(-153), "PSA_ERROR_DATA_INVALID");
	assert_null(spmsim_status_name(-128));
	assert_null(spmsim_status_name(-154));
	assert_null(spmsim_status_name(1));
}

static void test_format_call_and_reply(void **state)
{
	struct spmsim_trace_event call = {
	        .kind = SPMSIM_TRACE_API_BEGIN,
	        .seq = 12,
	        .track = "NS",
	        .name = "psa_call",
	        .fields = SPMSIM_TRACE_F_HANDLE | SPMSIM_TRACE_F_TYPE |
	                  SPMSIM_TRACE_F_VECTORS,
	        .handle = 0x40000100,
	        .type = 2,
	        .in_len = 1,
	        .in_size = 19,
	};
	struct spmsim_trace_event reply = {
	        .kind = SPMSIM_TRACE_SERVICE_END,
	        .seq = 13,
	        .track = "SP_KV",
	        .name = "KV",
	        .fields = SPMSIM_TRACE_F_STATUS,
	        .status = 0,
	};
	struct spmsim_trace_event ret = {
	        .kind = SPMSIM_TRACE_API_END,
	        .seq = 14,
	        .track = "NS",
	        .name = "psa_call",
	        .fields = SPMSIM_TRACE_F_STATUS,
	        .status = -129,
	};

	(void)state;
	assert_string_equal(fmt(&call), "  12 NS          -> psa_call("
	                                "handle=0x40000100, type=2, "
	                                "in=1/19B, out=0/0B)");
	assert_string_equal(fmt(&reply),
	                    "  13 SP_KV       <- reply PSA_SUCCESS");
	assert_string_equal(fmt(&ret), "  14 NS          <- psa_call "
	                               "PSA_ERROR_PROGRAMMER_ERROR");
	ret.status = -7;
	assert_string_equal(fmt(&ret), "  14 NS          <- psa_call -7");
}

static void test_format_other_kinds(void **state)
{
	struct spmsim_trace_event ev = {.seq = 3, .track = "SP_KV"};

	(void)state;
	ev.kind = SPMSIM_TRACE_SERVICE_BEGIN;
	ev.name = "KV";
	ev.fields =
	        SPMSIM_TRACE_F_PEER | SPMSIM_TRACE_F_TYPE | SPMSIM_TRACE_F_SID;
	ev.peer = "NS";
	ev.type = -1;
	ev.sid = 0x100;
	assert_string_equal(fmt(&ev), "   3 SP_KV       => KV(client=NS, "
	                              "type=CONNECT, sid=0x00000100)");
	ev = (struct spmsim_trace_event){.seq = 4, .track = "SP_KV"};
	ev.kind = SPMSIM_TRACE_IRQ;
	ev.name = "TIMER0_IRQ_SIGNAL";
	ev.line = 3;
	ev.detail = "SLIH";
	assert_string_equal(
	        fmt(&ev), "   4 SP_KV       !! IRQ 3 TIMER0_IRQ_SIGNAL (SLIH)");
	ev.kind = SPMSIM_TRACE_PANIC;
	ev.name = "psa_reply";
	ev.detail = "a rule";
	assert_string_equal(fmt(&ev),
	                    "   4 SP_KV       !! panic in psa_reply: a rule");
	ev.kind = SPMSIM_TRACE_FAULT;
	ev.name = "MemManage";
	ev.address = 0x30000010;
	ev.detail = "write, the null page";
	assert_string_equal(fmt(&ev), "   4 SP_KV       !! MemManage fault at "
	                              "0x30000010: write, the null page");
	ev.kind = SPMSIM_TRACE_BOUNDARY_SWITCH;
	ev.peer = "NS";
	assert_string_equal(fmt(&ev), "   4 SP_KV          boundary -> NS");
	ev.kind = SPMSIM_TRACE_RESET;
	ev.track = "SPM";
	ev.detail = "panic";
	assert_string_equal(fmt(&ev), "   4 SPM         == reset (panic)");
	ev.kind = SPMSIM_TRACE_MARK;
	ev.name = "step";
	ev.detail = NULL;
	assert_string_equal(fmt(&ev), "   4 SPM         -- step");
}

static void test_format_truncates(void **state)
{
	struct spmsim_trace_event ev = {
	        .kind = SPMSIM_TRACE_MARK,
	        .seq = 1,
	        .track = "NS",
	        .name = "a long mark name",
	};
	char small[10];

	(void)state;
	memset(small, 'x', sizeof(small));
	assert_int_equal(spmsim_trace_format(&ev, small, sizeof(small)), 9);
	assert_string_equal(small, "   1 NS  ");
	assert_int_equal(spmsim_trace_format(&ev, small, 0), 0);
}

/* --------------------------------------------------------- the sink list */

#define MAX_SEEN 64

static struct spmsim_trace_event seen[MAX_SEEN];
static unsigned n_seen;

static void record(const struct spmsim_trace_event *ev, void *arg)
{
	(void)arg;
	if (n_seen < MAX_SEEN) {
		seen[n_seen] = *ev;
		seen[n_seen].detail = NULL; /* may not outlive the call */
	}
	n_seen++;
}

/** A core event of @kind named @name on @track. */
static void core(enum spm_trace_kind kind, const struct spm_partition *track,
                 const char *name)
{
	struct spm_trace_event ev = {
	        .kind = kind, .track = track, .name = name};

	arch_trace(&ev);
}

static void test_sinks_switch_tracing(void **state)
{
	(void)state;
	n_seen = 0;
	assert_false(spm_trace_active);
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	assert_true(spm_trace_active);
	core(SPM_TRACE_API_BEGIN, &ns, "psa_version");
	core(SPM_TRACE_API_END, &ns, "psa_version");
	core(SPM_TRACE_PANIC, &sp_kv, "psa_panic");
	core(SPM_TRACE_BOOT, NULL, NULL);
	spmsim_trace_remove_sink(record, NULL);
	assert_false(spm_trace_active);
	assert_int_equal(n_seen, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(seen[i].seq, i);
		assert_int_equal(seen[i].ts, i * 1000u);
	}
	assert_string_equal(seen[0].track, "NS");
	assert_int_equal(seen[0].track_id, -1);
	assert_string_equal(seen[2].track, "SP_KV");
	assert_int_equal(seen[2].track_id, 256);
	assert_string_equal(seen[3].track, "SPM");
	assert_int_equal(seen[3].track_id, 0);

	/* A new first sink numbers from zero again. */
	n_seen = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	core(SPM_TRACE_IRQ, &sp_kv, "X");
	spmsim_trace_remove_sink(record, NULL);
	assert_int_equal(n_seen, 1);
	assert_int_equal(seen[0].seq, 0);
}

static void test_too_many_sinks(void **state)
{
	int args[9];

	(void)state;
	for (int i = 0; i < 8; i++) {
		assert_int_equal(spmsim_trace_add_sink(record, &args[i]), 0);
	}
	assert_int_equal(spmsim_trace_add_sink(record, &args[8]), -1);
	for (int i = 0; i < 8; i++) {
		spmsim_trace_remove_sink(record, &args[i]);
	}
	assert_false(spm_trace_active);
}

/** The fault's address reaches the trace as recorded (sim/fault.c has
 * already made it simulated). */
static void test_fault_address_as_recorded(void **state)
{
	struct spm_fault f = {.type = "MemManage",
	                      .access = "write",
	                      .address = (uintptr_t)0x30000234u};
	struct spm_trace_event ev = {
	        .kind = SPM_TRACE_FAULT,
	        .track = &sp_kv,
	        .name = f.type,
	        .access = f.access,
	        .detail = "the null page",
	        .fields = SPM_TRACE_F_ADDRESS,
	        .address = f.address,
	};

	(void)state;
	n_seen = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	arch_trace(&ev);
	spmsim_trace_remove_sink(record, NULL);
	assert_int_equal(n_seen, 1);
	assert_int_equal(seen[0].address, 0x30000234u);
}

/* ---------------------------------------------------------- the JSON sink */

static char path[64];

/** The whole file at @p, NUL-terminated; the caller frees it. */
static char *slurp(const char *p)
{
	FILE *f = fopen(p, "r");
	char *buf = calloc(1, 1 << 16);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/** Counts the lines of @text containing @needle. */
static unsigned count(const char *text, const char *needle)
{
	unsigned n = 0;

	for (const char *s = strstr(text, needle); s != NULL;
	     s = strstr(s + 1, needle)) {
		n++;
	}
	return n;
}

/** Index of the first occurrence of @needle in @text. */
static long at(const char *text, const char *needle)
{
	const char *s = strstr(text, needle);

	assert_non_null(s);
	return s - text;
}

/** An IPC message: NS calls, SP_KV gets it in psa_get, replies. */
static void ipc_message_stream(void)
{
	struct spm_trace_event ev = {.kind = SPM_TRACE_API_BEGIN,
	                             .track = &ns,
	                             .name = "psa_call",
	                             .fields = SPM_TRACE_F_HANDLE |
	                                       SPM_TRACE_F_VECTORS,
	                             .handle = 0x40000100,
	                             .in_len = 1,
	                             .in_size = 19};

	arch_trace(&ev);
	core(SPM_TRACE_BOUNDARY_SWITCH, &ns, NULL);
	core(SPM_TRACE_API_BEGIN, &sp_kv, "psa_get");
	ev = (struct spm_trace_event){.kind = SPM_TRACE_SERVICE_BEGIN,
	                              .track = &sp_kv,
	                              .name = "KV",
	                              .peer = &ns,
	                              .fields = SPM_TRACE_F_PEER};
	arch_trace(&ev);
	core(SPM_TRACE_API_END, &sp_kv, "psa_get");
	core(SPM_TRACE_API_BEGIN, &sp_kv, "psa_read");
	core(SPM_TRACE_API_END, &sp_kv, "psa_read");
	core(SPM_TRACE_API_BEGIN, &sp_kv, "psa_reply");
	ev.kind = SPM_TRACE_SERVICE_END;
	ev.fields |= SPM_TRACE_F_STATUS;
	arch_trace(&ev);
	core(SPM_TRACE_API_END, &sp_kv, "psa_reply");
	core(SPM_TRACE_API_END, &ns, "psa_call");
}

/** Checks the file with python3's json module, when python3 is here. */
static void python_check(const char *p)
{
	char cmd[256];

	/* Run from the top of the tree, as tests/run does. */
	if (access("tests/tools/check_trace_json.py", R_OK) != 0 ||
	    system("command -v python3 >/dev/null 2>&1") != 0) {
		return;
	}
	snprintf(cmd, sizeof(cmd), "python3 tests/tools/check_trace_json.py %s",
	         p);
	assert_int_equal(system(cmd), 0);
}

static void test_json_ipc_message(void **state)
{
	struct spmsim_trace_json *j;
	char *text;

	(void)state;
	j = spmsim_trace_json_open(path);
	assert_non_null(j);
	ipc_message_stream();
	assert_int_equal(spmsim_trace_json_close(j), 0);
	assert_false(spm_trace_active);
	text = slurp(path);
	assert_non_null(strstr(text, "\"traceEvents\":["));
	assert_int_equal(count(text, "\"thread_name\""), 2);
	assert_int_equal(count(text, "\"args\":{\"name\":\"NS\"}"), 1);
	assert_int_equal(count(text, "\"args\":{\"name\":\"SP_KV\"}"), 1);
	assert_int_equal(count(text, "\"ph\":\"B\""), 5);
	assert_int_equal(count(text, "\"ph\":\"E\""), 5);
	/* The service slice starts where psa_get ends (ts 4) and ends
	 * where psa_reply does (ts 9): nested, never crossing. */
	assert_true(at(text, "\"ts\":4.000,\"name\":\"KV\"") >
	            at(text, "\"ph\":\"E\",\"pid\":1,\"tid\":2,\"ts\":4.000"));
	assert_int_equal(
	        count(text, "\"ph\":\"E\",\"pid\":1,\"tid\":2,\"ts\":9.000"),
	        2);
	assert_true(count(text, "\"in_size\":19") == 1);
	assert_true(count(text, "\"status\":\"PSA_SUCCESS\"") == 1);
	assert_true(count(text, "\"handle\":\"0x40000100\"") == 1);
	assert_true(strstr(text, "\n]}\n") != NULL);
	free(text);
	python_check(path);
}

static void test_json_reset_mid_slice(void **state)
{
	struct spmsim_trace_json *j;
	struct spm_trace_event ev = {.kind = SPM_TRACE_PANIC,
	                             .track = &sp_kv,
	                             .name = "psa_reply",
	                             .detail = "a \"quoted\" rule\\"};
	char *text;

	(void)state;
	j = spmsim_trace_json_open(path);
	assert_non_null(j);
	core(SPM_TRACE_API_BEGIN, &ns, "psa_call");
	core(SPM_TRACE_API_BEGIN, &sp_kv, "psa_get");
	ev.kind = SPM_TRACE_SERVICE_BEGIN;
	arch_trace(&ev);
	core(SPM_TRACE_API_END, &sp_kv, "psa_get");
	core(SPM_TRACE_API_BEGIN, &sp_kv, "psa_reply");
	ev.kind = SPM_TRACE_PANIC;
	arch_trace(&ev);
	sim_trace_reset("panic");
	/* After the reset: a slice left open when the file closes. */
	core(SPM_TRACE_API_BEGIN, &ns, "psa_connect");
	assert_int_equal(spmsim_trace_json_close(j), 0);
	text = slurp(path);
	assert_int_equal(count(text, "\"ph\":\"B\""), 5);
	assert_int_equal(count(text, "\"ph\":\"E\""), 5);
	assert_int_equal(count(text, "\"s\":\"g\""), 1);
	assert_int_equal(count(text, "\"name\":\"reset\""), 1);
	assert_int_equal(count(text, "a \\\"quoted\\\" rule\\\\"), 2);
	free(text);
	python_check(path);
}

static void test_json_same_stream_same_bytes(void **state)
{
	char *a, *b;

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct spmsim_trace_json *j = spmsim_trace_json_open(path);

		assert_non_null(j);
		sim_trace_boot("IPC", 2);
		ipc_message_stream();
		assert_int_equal(spmsim_trace_json_close(j), 0);
		if (i == 0) {
			a = slurp(path);
		}
	}
	b = slurp(path);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "IPC backend, isolation level 2"));
	free(a);
	free(b);
}

/* The clock is declared for what it is: virtual, 1 us per event, in the
 * format's own unit (no displayTimeUnit claiming ns). */
static void test_json_clock_declared(void **state)
{
	struct spmsim_trace_json *j;
	char *text;

	(void)state;
	j = spmsim_trace_json_open(path);
	assert_non_null(j);
	ipc_message_stream();
	assert_int_equal(spmsim_trace_json_close(j), 0);
	text = slurp(path);
	assert_null(strstr(text, "displayTimeUnit"));
	assert_non_null(strstr(text, "\"otherData\":{\"clock\":\"virtual\","
	                             "\"us_per_event\":1}"));
	assert_non_null(strstr(
	        text, "\"name\":\"spmsim (virtual time: 1 us per event)\""));
	/* The fourth event (psa_get returns) is 3 us after the first. */
	assert_non_null(strstr(text, "\"ph\":\"E\",\"pid\":1,\"tid\":2,"
	                             "\"ts\":4.000"));
	free(text);
}

/* A flow goes from the client's call to the service slice, and one from
 * the end of that slice (inside psa_reply) back to the call. */
static void test_json_flows_call_and_reply(void **state)
{
	struct spmsim_trace_json *j;
	char *text;

	(void)state;
	j = spmsim_trace_json_open(path);
	assert_non_null(j);
	ipc_message_stream();
	assert_int_equal(spmsim_trace_json_close(j), 0);
	text = slurp(path);
	assert_int_equal(count(text, "\"cat\":\"flow\""), 4);
	/* Out of NS's psa_call, half a step before the service slice. */
	assert_non_null(strstr(text, "{\"ph\":\"s\",\"pid\":1,\"tid\":1,"
	                             "\"ts\":3.500,\"name\":\"call\","
	                             "\"cat\":\"flow\",\"id\":1}"));
	/* Into the service slice, which begins where psa_get ends (4). */
	assert_non_null(strstr(text,
	                       "{\"ph\":\"f\",\"pid\":1,\"tid\":2,"
	                       "\"ts\":4.500,\"name\":\"call\","
	                       "\"cat\":\"flow\",\"id\":1,\"bp\":\"e\"}"));
	/* Out of psa_reply (7..9), into NS's psa_call as it returns (10). */
	assert_non_null(strstr(text, "{\"ph\":\"s\",\"pid\":1,\"tid\":2,"
	                             "\"ts\":8.500,\"name\":\"reply\","
	                             "\"cat\":\"flow\",\"id\":2}"));
	assert_non_null(strstr(text,
	                       "{\"ph\":\"f\",\"pid\":1,\"tid\":1,"
	                       "\"ts\":9.500,\"name\":\"reply\","
	                       "\"cat\":\"flow\",\"id\":2,\"bp\":\"e\"}"));
	assert_true(at(text, "\"ts\":3.500") < at(text, "\"ts\":4.000"));
	free(text);
	python_check(path);
}

/* Partitions with priorities LOW, HIGH, NORMAL, in that load order. */
static void fake_boot(void)
{
	static const char *const names[] = {"SP_LOW", "SP_HIGH", "SP_NORMAL"};
	static const uint32_t prio[] = {2, 0, 1};

	for (unsigned i = 0; i < 3; i++) {
		spm_system.partitions[i] =
		        (struct spm_partition){.name = names[i],
		                               .id = 300 + (int32_t)i,
		                               .priority = prio[i]};
	}
	spm_system.n_partitions = 3;
}

/* Every partition gets a track at boot, even one that never calls into
 * the SPM, in a fixed order: NS, by priority, the SPM; tid = position. */
static void test_json_track_order(void **state)
{
	struct spmsim_trace_json *j;
	char *text;

	(void)state;
	fake_boot();
	j = spmsim_trace_json_open(path);
	assert_non_null(j);
	sim_trace_boot("IPC", 1);
	core(SPM_TRACE_API_BEGIN, &spm_system.partitions[2], "psa_wait");
	spm_system.n_partitions = 0;
	assert_int_equal(spmsim_trace_json_close(j), 0);
	text = slurp(path);
	assert_int_equal(count(text, "\"thread_name\""), 5);
	assert_true(at(text, "{\"name\":\"NS\"}") <
	            at(text, "{\"name\":\"SP_HIGH\"}"));
	assert_true(at(text, "{\"name\":\"SP_HIGH\"}") <
	            at(text, "{\"name\":\"SP_NORMAL\"}"));
	assert_true(at(text, "{\"name\":\"SP_NORMAL\"}") <
	            at(text, "{\"name\":\"SP_LOW\"}"));
	assert_true(at(text, "{\"name\":\"SP_LOW\"}") <
	            at(text, "{\"name\":\"SPM\"}"));
	assert_non_null(strstr(text, "\"tid\":3,\"name\":\"thread_name\","
	                             "\"args\":{\"name\":\"SP_NORMAL\"}"));
	assert_non_null(strstr(text, "\"tid\":3,\"name\":\"thread_sort_index\","
	                             "\"args\":{\"sort_index\":3}"));
	assert_non_null(strstr(text, "\"tid\":5,\"name\":\"thread_name\","
	                             "\"args\":{\"name\":\"SPM\"}"));
	/* SP_NORMAL's event is on its announced track, not a new one. */
	assert_non_null(strstr(text, "\"ph\":\"B\",\"pid\":1,\"tid\":3,"));
	free(text);
	python_check(path);
}

/* More partitions than the old fixed table of 64 tracks: each its own. */
static void test_json_many_tracks(void **state)
{
	static struct spm_partition parts[80];
	static char names[80][12];
	struct spmsim_trace_json *j;
	char *text;

	(void)state;
	j = spmsim_trace_json_open(path);
	assert_non_null(j);
	for (int i = 0; i < 80; i++) {
		snprintf(names[i], sizeof(names[i]), "SP_%d", i);
		parts[i] = (struct spm_partition){.name = names[i],
		                                  .id = 1000 + i};
		core(SPM_TRACE_IRQ, &parts[i], "X");
	}
	assert_int_equal(spmsim_trace_json_close(j), 0);
	text = slurp(path);
	/* Besides NS and the SPM when a boot announced them. */
	assert_int_equal(count(text, "\"thread_name\""),
	                 80 + count(text, "{\"name\":\"NS\"}") +
	                         count(text, "{\"name\":\"SPM\"}"));
	assert_non_null(strstr(text, "{\"name\":\"SP_79\"}"));
	assert_non_null(strstr(text, "\"ph\":\"i\",\"pid\":1,\"tid\":80,") ||
	                strstr(text, "\"ph\":\"i\",\"pid\":1,\"tid\":82,"));
	free(text);
}

/* A scenario's step is an instant named by its text, not "mark step". */
static void test_json_step_named(void **state)
{
	struct spmsim_trace_json *j;
	char *text;

	(void)state;
	j = spmsim_trace_json_open(path);
	assert_non_null(j);
	spmsim_trace_mark("step", "app: psa_call(KV, 1) -> PSA_SUCCESS");
	assert_int_equal(spmsim_trace_json_close(j), 0);
	text = slurp(path);
	assert_non_null(strstr(text, "\"name\":\"app: psa_call(KV, 1) -> "
	                             "PSA_SUCCESS\",\"cat\":\"mark\""));
	assert_null(strstr(text, "mark step"));
	free(text);
	python_check(path);
}

static void test_json_open_fails(void **state)
{
	(void)state;
	assert_null(spmsim_trace_json_open("/nonexistent/dir/trace.json"));
	assert_int_equal(spmsim_trace_json_close(NULL), -1);
	assert_false(spm_trace_active);
}

static int make_path(void **state)
{
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/spmsim-trace-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0) {
		return -1;
	}
	close(fd);
	spm_system.ns = (struct spm_partition *)&ns;
	return 0;
}

static int drop_path(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_status_names),
	        cmocka_unit_test(test_format_call_and_reply),
	        cmocka_unit_test(test_format_other_kinds),
	        cmocka_unit_test(test_format_truncates),
	        cmocka_unit_test(test_sinks_switch_tracing),
	        cmocka_unit_test(test_too_many_sinks),
	        cmocka_unit_test(test_fault_address_as_recorded),
	        cmocka_unit_test(test_json_ipc_message),
	        cmocka_unit_test(test_json_reset_mid_slice),
	        cmocka_unit_test(test_json_clock_declared),
	        cmocka_unit_test(test_json_flows_call_and_reply),
	        cmocka_unit_test(test_json_same_stream_same_bytes),
	        cmocka_unit_test(test_json_track_order),
	        cmocka_unit_test(test_json_many_tracks),
	        cmocka_unit_test(test_json_step_named),
	        cmocka_unit_test(test_json_open_fails),
	};

	return cmocka_run_group_tests_name("trace", tests, make_path,
	                                   drop_path);
}
