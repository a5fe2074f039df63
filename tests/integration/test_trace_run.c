/*
 * Traces of real partitions (test_partitions.h) in the three groups: the
 * events of a psa_connect / psa_call / psa_close in order on the right
 * tracks, a panic followed by a reset and a boot, and the Chrome JSON of a
 * run: byte-identical when the run is repeated, balanced per track, and
 * accepted by python3's json module (tests/tools/check_trace_json.py).
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

#include "spmsim/trace.h"
#include "test_partitions.h"

/* ------------------------------------------------------- a recording sink */

#define MAX_EVENTS 512

struct seen {
	enum spmsim_trace_kind kind;
	int32_t track_id;
	char name[32];
	char detail[64];
	int32_t status;
	int32_t type;
	uint32_t fields;
	uint32_t in_len, in_size, out_len, out_size;
};

static struct seen ev[MAX_EVENTS];
static unsigned n_ev;

static void record(const struct spmsim_trace_event *e, void *arg)
{
	struct seen *s = &ev[n_ev < MAX_EVENTS ? n_ev : MAX_EVENTS - 1];
	char text[256];

	(void)arg;
	/* Every event has a line of text; SPMSIM_TEST_TIMELINE=1 shows it. */
	assert_true(spmsim_trace_format(e, text, sizeof(text)) > 0);
	if (getenv("SPMSIM_TEST_TIMELINE") != NULL) {
		printf("%s\n", text);
	}
	assert_int_equal(e->seq, n_ev);
	*s = (struct seen){
	        .kind = e->kind,
	        .track_id = e->track_id,
	        .status = e->status,
	        .type = e->type,
	        .fields = e->fields,
	        .in_len = e->in_len,
	        .in_size = e->in_size,
	        .out_len = e->out_len,
	        .out_size = e->out_size,
	};
	snprintf(s->name, sizeof(s->name), "%s", e->name ? e->name : "");
	snprintf(s->detail, sizeof(s->detail), "%s",
	         e->detail ? e->detail : "");
	n_ev++;
}

/** True for the calls and messages the expectations follow: NS calls,
 * the target's messages and its psa_read / psa_write. */
static bool followed(const struct seen *s)
{
	if (s->kind > SPMSIM_TRACE_SERVICE_END) {
		return false;
	}
	if (s->track_id < 0) {
		return true;
	}
	return s->track_id == tp_g->t->pid &&
	       (s->kind >= SPMSIM_TRACE_SERVICE_BEGIN ||
	        strcmp(s->name, "psa_read") == 0 ||
	        strcmp(s->name, "psa_write") == 0);
}

/** The next followed event from *@i on. */
static const struct seen *next_call_event(unsigned *i)
{
	for (; *i < n_ev; (*i)++) {
		if (followed(&ev[*i])) {
			return &ev[(*i)++];
		}
	}
	fail_msg("[%s] the trace ended early", tp_g->name);
	return NULL;
}

/** Asserts the next NS/target event is @kind on @ns's side named @name. */
static const struct seen *expect(unsigned *i, enum spmsim_trace_kind kind,
                                 bool ns, const char *name)
{
	const struct seen *s = next_call_event(i);

	if (s->kind != kind || (s->track_id < 0) != ns ||
	    strcmp(s->name, name) != 0) {
		fail_msg("[%s] event %u: kind %d '%s' on %d, expected kind %d "
		         "'%s' on %s",
		         tp_g->name, *i - 1, (int)s->kind, s->name,
		         (int)s->track_id, (int)kind, name,
		         ns ? "NS" : "the target");
	}
	return s;
}

/* ------------------------------------------------ connect, call, close */

static void ns_connect_call_close(void *arg)
{
	char out[8] = {0};
	psa_invec in = {"hello", 5};
	psa_outvec o = {out, sizeof(out)};
	psa_handle_t h;

	(void)arg;
	h = psa_connect(TP_SID(TP_MAIN), 1);
	assert_true(h > 0);
	assert_int_equal(psa_call(h, CMD_ECHO, &in, 1, &o, 1), 5);
	psa_close(h);
}

/** The target's service name for TP_MAIN. */
static const char *main_service(void)
{
	return tp_g->t->ipc_model ? "IPC_MAIN" : "SFN_MAIN";
}

static void test_connect_call_close(void **state)
{
	const struct seen *s;
	unsigned i = 0;

	(void)state;
	n_ev = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	TP_RUN_OK(ns_connect_call_close, NULL);
	spmsim_trace_remove_sink(record, NULL);

	expect(&i, SPMSIM_TRACE_API_BEGIN, true, "psa_connect");
	s = expect(&i, SPMSIM_TRACE_SERVICE_BEGIN, false, main_service());
	assert_int_equal(s->type, PSA_IPC_CONNECT);
	s = expect(&i, SPMSIM_TRACE_SERVICE_END, false, main_service());
	assert_int_equal(s->status, PSA_SUCCESS);
	s = expect(&i, SPMSIM_TRACE_API_END, true, "psa_connect");
	assert_int_equal(s->fields, SPMSIM_TRACE_F_HANDLE);

	s = expect(&i, SPMSIM_TRACE_API_BEGIN, true, "psa_call");
	assert_int_equal(s->type, CMD_ECHO);
	assert_int_equal(s->in_len, 1);
	assert_int_equal(s->in_size, 5);
	assert_int_equal(s->out_len, 1);
	assert_int_equal(s->out_size, 8);
	s = expect(&i, SPMSIM_TRACE_SERVICE_BEGIN, false, main_service());
	assert_int_equal(s->type, CMD_ECHO);
	assert_int_equal(s->in_size, 5);
	expect(&i, SPMSIM_TRACE_API_BEGIN, false, "psa_read");
	expect(&i, SPMSIM_TRACE_API_END, false, "psa_read");
	s = next_call_event(&i);
	while (s->kind != SPMSIM_TRACE_SERVICE_END) {
		assert_true(strcmp(s->name, "psa_read") == 0 ||
		            strcmp(s->name, "psa_write") == 0);
		s = next_call_event(&i);
	}
	assert_int_equal(s->status, 5);
	s = expect(&i, SPMSIM_TRACE_API_END, true, "psa_call");
	assert_int_equal(s->status, 5);

	expect(&i, SPMSIM_TRACE_API_BEGIN, true, "psa_close");
	s = expect(&i, SPMSIM_TRACE_SERVICE_BEGIN, false, main_service());
	assert_int_equal(s->type, PSA_IPC_DISCONNECT);
	expect(&i, SPMSIM_TRACE_SERVICE_END, false, main_service());
	expect(&i, SPMSIM_TRACE_API_END, true, "psa_close");
}

/** An IPC-model service takes its message in psa_get(), on its track. */
static void test_ipc_model_gets_and_replies(void **state)
{
	unsigned gets = 0, replies = 0, switches = 0;

	(void)state;
	n_ev = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	TP_RUN_OK(ns_connect_call_close, NULL);
	spmsim_trace_remove_sink(record, NULL);
	for (unsigned i = 0; i < n_ev && i < MAX_EVENTS; i++) {
		switches += ev[i].kind == SPMSIM_TRACE_BOUNDARY_SWITCH;
		if (ev[i].track_id != tp_g->t->pid) {
			continue;
		}
		gets += ev[i].kind == SPMSIM_TRACE_API_END &&
		        strcmp(ev[i].name, "psa_get") == 0 &&
		        ev[i].status == PSA_SUCCESS;
		replies += ev[i].kind == SPMSIM_TRACE_API_BEGIN &&
		           strcmp(ev[i].name, "psa_reply") == 0;
	}
	/* Three messages: connect, call, disconnect. */
	assert_int_equal(gets, tp_g->t->ipc_model ? 3 : 0);
	assert_int_equal(replies, tp_g->t->ipc_model ? 3 : 0);
	/* The NS side enters the secure side and comes back, each time. */
	assert_true(switches >= 6);
}

/* ---------------------------------------------------- a panic, a reset */

static void ns_panic(void *arg)
{
	(void)arg;
	(void)tp_ns_call_int(TP_SID(TP_MAIN), CMD_PANIC, 0);
}

static void test_panic_then_reset(void **state)
{
	unsigned panic = 0, reset = 0, boot = 0;

	(void)state;
	n_ev = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	assert_int_equal(spmsim_run_ns(ns_panic, NULL), SPMSIM_EXIT_RESET);
	spmsim_trace_remove_sink(record, NULL);
	for (unsigned i = 0; i < n_ev && i < MAX_EVENTS; i++) {
		if (ev[i].kind == SPMSIM_TRACE_PANIC) {
			assert_int_equal(ev[i].track_id, tp_g->t->pid);
			assert_string_equal(ev[i].name, "psa_panic");
			panic = i;
		} else if (ev[i].kind == SPMSIM_TRACE_RESET) {
			assert_string_equal(ev[i].detail, "panic");
			assert_int_equal(ev[i].track_id, 0);
			reset = i;
		} else if (ev[i].kind == SPMSIM_TRACE_BOOT && boot == 0) {
			assert_string_equal(ev[i].name,
			                    spmsim_backend_name(tp_g->backend));
			boot = i;
		}
	}
	assert_true(panic > 0);
	assert_true(reset > panic);
	assert_true(boot > reset);
	assert_int_equal(ev[panic - 1].kind, SPMSIM_TRACE_API_BEGIN);
	assert_string_equal(ev[panic - 1].name, "psa_panic");
}

/** The harness's own reset says so. */
static void test_requested_reset(void **state)
{
	(void)state;
	n_ev = 0;
	assert_int_equal(spmsim_trace_add_sink(record, NULL), 0);
	assert_int_equal(spmsim_reset(), PSA_SUCCESS);
	spmsim_trace_remove_sink(record, NULL);
	assert_true(n_ev >= 2);
	assert_int_equal(ev[0].kind, SPMSIM_TRACE_RESET);
	assert_string_equal(ev[0].detail, "harness request");
	assert_int_equal(ev[1].kind, SPMSIM_TRACE_BOOT);
}

/* ------------------------------------------------------------- the JSON */

/** Boots afresh, runs a call, a close and a panic, into JSON at @path. */
static void traced_run(const char *path)
{
	struct spmsim_config cfg = {.table = tp_g->table,
	                            .backend = tp_g->backend};
	struct spmsim_trace_json *j = spmsim_trace_json_open(path);

	assert_non_null(j);
	spmsim_shutdown();
	assert_int_equal(spmsim_boot(&cfg), PSA_SUCCESS);
	spmsim_trace_mark("step", "connect, call, close");
	TP_RUN_OK(ns_connect_call_close, NULL);
	spmsim_trace_mark("step", "a panic");
	assert_int_equal(spmsim_run_ns(ns_panic, NULL), SPMSIM_EXIT_RESET);
	TP_RUN_OK(ns_connect_call_close, NULL);
	assert_int_equal(spmsim_trace_json_close(j), 0);
}

/** The file at @p, NUL-terminated; the caller frees it. */
static char *slurp(const char *p)
{
	FILE *f = fopen(p, "r");
	size_t cap = 1 << 20, n;
	char *buf = malloc(cap);

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, cap - 1, f);
	assert_true(n < cap - 1);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/** Per track, every B has its E, counting line by line. */
static void assert_balanced(const char *text)
{
	int depth[128] = {0};
	const char *l = text;

	while ((l = strstr(l, "{\"ph\":\"")) != NULL) {
		char ph = l[7];
		int tid = atoi(strstr(l, "\"tid\":") + 6);

		assert_true(tid >= 0 && tid < 128);
		if (ph == 'B') {
			depth[tid]++;
		} else if (ph == 'E') {
			assert_true(--depth[tid] >= 0);
		}
		l++;
	}
	for (int t = 0; t < 128; t++) {
		assert_int_equal(depth[t], 0);
	}
}

static void test_json_twice_same_bytes(void **state)
{
	char a[] = "/tmp/spmsim-trace-a-XXXXXX";
	char b[] = "/tmp/spmsim-trace-b-XXXXXX";
	char cmd[128];
	char *ta, *tb;

	(void)state;
	close(mkstemp(a));
	close(mkstemp(b));
	traced_run(a);
	traced_run(b);
	ta = slurp(a);
	tb = slurp(b);
	assert_string_equal(ta, tb);
	assert_non_null(strstr(ta, "\"name\":\"thread_name\""));
	assert_non_null(strstr(ta, "\"args\":{\"name\":\"NS\"}"));
	assert_non_null(strstr(ta, tp_g->t->name));
	assert_non_null(strstr(ta, "\"name\":\"panic psa_panic\""));
	assert_non_null(strstr(ta, "\"name\":\"reset\""));
	assert_balanced(ta);
	/* The virtual clock is declared; no unit claims nanoseconds. */
	assert_null(strstr(ta, "displayTimeUnit"));
	assert_non_null(strstr(ta, "\"clock\":\"virtual\""));
	/* Every partition has its track from the boot on, in a fixed order:
	 * NS, then SP_PEER (HIGH priority), which this run never calls. */
	assert_non_null(strstr(ta, "\"tid\":1,\"name\":\"thread_name\","
	                           "\"args\":{\"name\":\"NS\"}"));
	assert_non_null(strstr(ta, "\"tid\":2,\"name\":\"thread_name\","
	                           "\"args\":{\"name\":\"SP_PEER\"}"));
	/* Flows from the calls to the service slices and back. */
	assert_non_null(strstr(ta, "\"ph\":\"s\",\"pid\":1,\"tid\":1,"));
	assert_non_null(strstr(ta, "\"name\":\"call\",\"cat\":\"flow\""));
	assert_non_null(strstr(ta, "\"name\":\"reply\",\"cat\":\"flow\","
	                           "\"id\":2,\"bp\":\"e\""));
	/* Steps are named by their text. */
	assert_non_null(strstr(ta, "\"name\":\"connect, call, close\""));
	free(ta);
	free(tb);
	/* Run from the top of the tree, as tests/run does. */
	if (access("tests/tools/check_trace_json.py", R_OK) == 0 &&
	    system("command -v python3 >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof(cmd),
		         "python3 tests/tools/check_trace_json.py %s", a);
		assert_int_equal(system(cmd), 0);
	}
	unlink(a);
	unlink(b);
}

/* ------------------------------------------------------------------ main */

#define TRACE_TESTS(grp)                                                       \
	TP_TEST(test_connect_call_close, grp),                                 \
	        TP_TEST(test_ipc_model_gets_and_replies, grp),                 \
	        TP_TEST(test_panic_then_reset, grp),                           \
	        TP_TEST(test_requested_reset, grp),                            \
	        TP_TEST(test_json_twice_same_bytes, grp)

int main(void)
{
	const struct CMUnitTest ipc[] = {TRACE_TESTS(&tp_group_ipc)};
	const struct CMUnitTest ipc_sfn[] = {TRACE_TESTS(&tp_group_ipc_sfn)};
	const struct CMUnitTest sfn[] = {TRACE_TESTS(&tp_group_sfn)};
	int failed = 0;

	failed += cmocka_run_group_tests_name("trace/ipc", ipc, NULL, NULL);
	failed += cmocka_run_group_tests_name("trace/ipc-sfn-model", ipc_sfn,
	                                      NULL, NULL);
	failed += cmocka_run_group_tests_name("trace/sfn", sfn, NULL, NULL);
	return failed;
}
