/*
 * The scenario parser (sim/cli/scenario.c, sim/cli/scn_diag.c,
 * tools/yaml/ytree.c) on its own:
 * what a valid scenario turns into, and every error it reports, each with
 * its exact line, column and message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "psa/error.h"
#include "scenario.h"

#define HEAD "manifest_list: list.yaml\n"

static struct scenario *parse(const char *text, struct scn_diag *d)
{
	memset(d, 0, sizeof(*d));
	return scenario_parse("scenarios/t.yaml", text, strlen(text), d);
}

/** Parses @text and expects exactly the error line @want. */
static void expect_error(const char *text, const char *want)
{
	struct scn_diag d;
	struct scenario *s = parse(text, &d);

	if (s != NULL || strcmp(d.text, want) != 0) {
		print_error("input:\n%s\nexpected: %s\ngot:      %s\n", text,
		            want, s ? "(a scenario)" : d.text);
		scenario_free(s);
		fail();
	}
}

static void test_valid_full(void **state)
{
	static const char text[] =
	        "name: full\n"
	        "description: every part\n" HEAD "backend: ipc\n"
	        "isolation: [2, 3]\n"
	        "seed: 0x10\n"
	        "config: {connections: 3, panic_policy: halt, mpu_regions: 16,"
	        " ns_client_id: -7, storage: kv.bin}\n"
	        "clients:\n"
	        "  - name: a\n"
	        "    steps:\n"
	        "      - connect: SVC\n"
	        "        version: 2\n"
	        "        as: h\n"
	        "      - call: h\n"
	        "        type: 3\n"
	        "        in: [{text: hi}, {hex: \"0a 0B\"}, {u32: 0x01020304},"
	        " {random: 5}]\n"
	        "        out: [8, 0]\n"
	        "        expect: PSA_ERROR_BAD_STATE\n"
	        "        expect_out: [{size: 2}, {any: true}]\n"
	        "      - repeat: 4\n"
	        "        steps:\n"
	        "          - call: KV\n"
	        "          - raise: TIMER0\n"
	        "            count: 3\n"
	        "      - close: h\n"
	        "        expect: any\n"
	        "      - reset: true\n"
	        "      - fault: bad_vector\n"
	        "        handle: h\n"
	        "        vector: null\n"
	        "interrupts:\n"
	        "  - raise: 33\n"
	        "    after_steps: 2\n"
	        "  - raise: 32\n"
	        "    after_entries: 9\n"
	        "expect:\n"
	        "  panic: {partition: SP_X, rule: psa_reply, api: psa_reply}\n"
	        "  resets: 1\n"
	        "  irqs_taken: 4\n";
	struct scn_diag d;
	struct scenario *s = parse(text, &d);
	const struct scn_step *st;
	uint32_t u = 0x01020304;

	(void)state;
	assert_non_null(s);
	assert_string_equal(s->name, "full");
	assert_string_equal(s->manifest_list.text, "list.yaml");
	assert_int_equal(s->backends, SCN_BACKEND_IPC);
	assert_true(s->backend_pinned);
	assert_int_equal(s->levels, SCN_LEVEL(2) | SCN_LEVEL(3));
	assert_int_equal(s->seed, 16);
	assert_int_equal(s->connections, 3);
	assert_true(s->halt_on_panic);
	assert_int_equal(s->mpu_regions, 16);
	assert_int_equal(s->ns_client_id, -7);
	assert_int_equal(s->n_clients, 1);
	assert_int_equal(s->clients[0].n_steps, 6);
	st = s->clients[0].steps;
	assert_int_equal(st[0].kind, SCN_STEP_CONNECT);
	assert_int_equal(st[0].version, 2);
	assert_string_equal(st[0].as.text, "h");
	assert_int_equal(st[1].kind, SCN_STEP_CALL);
	assert_true(st[1].target_is_handle);
	assert_int_equal(st[1].type, 3);
	assert_int_equal(st[1].n_in, 4);
	assert_memory_equal(st[1].in[0].bytes, "hi", 2);
	assert_memory_equal(st[1].in[1].bytes, "\x0a\x0b", 2);
	assert_memory_equal(st[1].in[2].bytes, &u, 4);
	assert_int_equal(st[1].in[3].kind, SCN_DATA_RANDOM);
	assert_int_equal(st[1].in[3].len, 5);
	assert_int_equal(st[1].n_out, 2);
	assert_int_equal(st[1].out[0], 8);
	assert_int_equal(st[1].expect.status, PSA_ERROR_BAD_STATE);
	assert_int_equal(st[1].expect_out[0].kind, SCN_DATA_SIZE);
	assert_int_equal(st[1].expect_out[1].kind, SCN_DATA_ANY);
	assert_int_equal(st[2].kind, SCN_STEP_REPEAT);
	assert_int_equal(st[2].count, 4);
	assert_int_equal(st[2].n_steps, 2);
	assert_false(st[2].steps[0].target_is_handle);
	assert_int_equal(st[2].steps[1].count, 3);
	assert_int_equal(st[3].expect.kind, SCN_EXPECT_ANY);
	assert_int_equal(st[4].kind, SCN_STEP_RESET);
	assert_int_equal(st[5].fault, SCN_FAULT_BAD_VECTOR);
	assert_int_equal(st[5].vector, SCN_VEC_NULL);
	assert_int_equal(s->n_irqs, 2);
	assert_int_equal(s->irqs[0].after_steps, 2);
	assert_int_equal(s->irqs[1].after_entries, 9);
	assert_string_equal(s->storage.text, "kv.bin");
	assert_true(s->end.panic);
	assert_string_equal(s->end.panic_partition.text, "SP_X");
	assert_int_equal(s->end.resets, 1);
	assert_int_equal(s->end.irqs_taken, 4);
	scenario_free(s);
}

static void test_defaults(void **state)
{
	struct scn_diag d;
	struct scenario *s = parse(HEAD "clients:\n  - steps:\n"
	                                "      - version: X\n",
	                           &d);

	(void)state;
	assert_non_null(s);
	assert_string_equal(s->name, "t");
	assert_string_equal(s->dir, "scenarios");
	assert_int_equal(s->backends, SCN_BACKEND_IPC | SCN_BACKEND_SFN);
	assert_false(s->backend_pinned);
	assert_int_equal(s->levels, SCN_LEVELS_ALL);
	assert_false(s->has_seed);
	assert_string_equal(s->clients[0].name.text, "client1");
	assert_null(s->clients[0].from.text);
	assert_int_equal(s->end.resets, -1);
	assert_int_equal(s->clients[0].steps[0].expect.kind,
	                 SCN_EXPECT_DEFAULT);
	scenario_free(s);
}

static void test_file_vector(void **state)
{
	struct scn_diag d;
	struct scenario *s =
	        parse(HEAD "clients:\n  - steps:\n"
	                   "      - call: X\n"
	                   "        in: [{file: data/value.bin}]\n",
	              &d);

	(void)state;
	assert_non_null(s);
	assert_int_equal(s->clients[0].steps[0].in[0].len, 18);
	assert_memory_equal(s->clients[0].steps[0].in[0].bytes,
	                    "value from a file\n", 18);
	scenario_free(s);
}

static void test_faults_parse(void **state)
{
	static const char *const kinds[] = {
	        "null_handle",       "invalid_handle",
	        "closed_handle",     "stale_handle",
	        "foreign_handle",    "bad_vector",
	        "pool_exhaustion",   "interrupt_storm",
	        "reply_twice",       "forbidden_status",
	        "write_past_outvec", "service_panic",
	        "never_reply",       "doorbell_misuse",
	        "stray_read",        "stray_write",
	        "stray_jump",        "stack_overflow",
	        "reset_mid_call",    "set_rhandle_stateless",
	        "bad_connect"};
	static const char *const params[] = {"",
	                                     "",
	                                     "service: S",
	                                     "service: S",
	                                     "service: S",
	                                     "service: S, vector: too_many",
	                                     "service: S",
	                                     "irq: L",
	                                     "service: S",
	                                     "service: S",
	                                     "service: S",
	                                     "service: S",
	                                     "service: S",
	                                     "service: S, misuse: notify",
	                                     "service: S, target: spm",
	                                     "service: S, target: partition, "
	                                     "partition: P, area: stack",
	                                     "service: S, target: code",
	                                     "service: S",
	                                     "service: S, after: 10",
	                                     "service: S",
	                                     "service: S, mode: busy"};
	char text[400];
	struct scn_diag d;
	struct scenario *s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		snprintf(text, sizeof(text),
		         HEAD "clients:\n  - steps:\n      - {fault: %s%s%s}\n",
		         kinds[i], params[i][0] ? ", " : "", params[i]);
		s = parse(text, &d);
		if (s == NULL)
			print_error("%s: %s\n", kinds[i], d.text);
		assert_non_null(s);
		assert_int_equal(s->clients[0].steps[0].fault, (int)i + 1);
		assert_string_equal(
		        scn_fault_info(s->clients[0].steps[0].fault)->name,
		        kinds[i]);
		scenario_free(s);
	}
}

/* Errors of the YAML layer. */
static void test_yaml_errors(void **state)
{
	(void)state;
	expect_error("", "scenarios/t.yaml:1:1: error: empty file; expected "
	                 "a mapping");
	expect_error("- a\n", "scenarios/t.yaml:1:1: error: the top level "
	                      "must be a mapping, not a sequence");
	expect_error("a: [1, 2\nb: 3\n",
	             "scenarios/t.yaml:2:2: error: YAML syntax error: did not "
	             "find expected ',' or ']' (while parsing a flow sequence "
	             "at line 1, column 4)");
	expect_error("a: 1\n---\nb: 2\n", "scenarios/t.yaml:2:1: error: more "
	                                  "than one YAML document in the file");
	expect_error("a: &x 1\nb: *x\n", "scenarios/t.yaml:2:4: error: YAML "
	                                 "aliases are not supported");
	expect_error("a: 1\na: 2\n", "scenarios/t.yaml:2:1: error: duplicate "
	                             "key 'a' (first at line 1)");
	expect_error("? [a]\n: 1\n", "scenarios/t.yaml:1:3: error: a mapping "
	                             "key must be a scalar");
	expect_error("a: !foo 1\n", "scenarios/t.yaml:1:4: error: unsupported "
	                            "YAML tag '!foo'");
	expect_error("a: \"\\0\"\n", "scenarios/t.yaml:1:4: error: a NUL "
	                             "character in a string");
	expect_error("a: \xff\n", "scenarios/t.yaml:1:4: error: invalid YAML "
	                          "input: invalid leading UTF-8 octet (0xFF)");
}

/* Errors of the scenario's top level. */
static void test_top_errors(void **state)
{
	(void)state;
	expect_error("clients: []\n", "scenarios/t.yaml:1:1: error: a "
	                              "scenario needs 'manifest_list'");
	expect_error(HEAD "backend: ipc\n", "scenarios/t.yaml:1:1: error: a "
	                                    "scenario needs 'clients' or "
	                                    "'threads'");
	expect_error(HEAD "clinets: []\n", "scenarios/t.yaml:2:1: error: "
	                                   "unknown key 'clinets' in a "
	                                   "scenario");
	expect_error("manifest_list: []\n", "scenarios/t.yaml:1:16: error: "
	                                    "'manifest_list' is empty");
	expect_error(HEAD "threads:\n  order: any\n",
	             "scenarios/t.yaml:3:10: error: unknown order 'any'");
	expect_error(HEAD "threads:\n  mailbox_slots: 33\n",
	             "scenarios/t.yaml:3:18: error: 'mailbox_slots' must be "
	             "an integer from 1 to 32, not '33'");
	expect_error(HEAD "threads:\n  order: seeded\n",
	             "scenarios/t.yaml:3:3: error: 'threads' needs 'clients'");
	expect_error(HEAD "threads:\n  clients:\n    - mailbox: 1\n"
	                  "      steps: [{version: X}]\n",
	             "scenarios/t.yaml:4:16: error: 'mailbox' must be true or "
	             "false, not '1'");
	expect_error(HEAD "backend: arm\n", "scenarios/t.yaml:2:10: error: "
	                                    "unknown backend 'arm'");
	expect_error(HEAD "isolation: 4\n", "scenarios/t.yaml:2:12: error: "
	                                    "'isolation' must be an integer "
	                                    "from 1 to 3, not '4'");
	expect_error(HEAD "isolation: []\n", "scenarios/t.yaml:2:12: error: "
	                                     "'isolation' is empty");
	expect_error(HEAD "backend: sfn\nisolation: [1, 2]\n",
	             "scenarios/t.yaml:3:12: error: the SFN backend runs only "
	             "at isolation level 1");
	expect_error(HEAD "seed: -1\n", "scenarios/t.yaml:2:7: error: 'seed' "
	                                "must be an integer from 0 to "
	                                "9223372036854775807, not '-1'");
	expect_error(HEAD "config: {connections: 0}\n",
	             "scenarios/t.yaml:2:23: error: 'connections' must be an "
	             "integer from 1 to 1024, not '0'");
	expect_error(HEAD "config: {panic_policy: stop}\n",
	             "scenarios/t.yaml:2:24: error: unknown panic_policy "
	             "'stop'");
	expect_error(HEAD "config: {mpu_regions: 12}\n",
	             "scenarios/t.yaml:2:23: error: 'mpu_regions' must be 8 "
	             "or 16");
	expect_error(HEAD "config: {ns_client_id: 3}\n",
	             "scenarios/t.yaml:2:24: error: 'ns_client_id' must be an "
	             "integer from -2147483648 to -1, not '3'");
	expect_error(HEAD "config: {heap: 1}\n", "scenarios/t.yaml:2:10: "
	                                         "error: unknown key 'heap' "
	                                         "in 'config'");
	expect_error(HEAD "clients: {}\n", "scenarios/t.yaml:2:10: error: "
	                                   "'clients' must be a sequence, not "
	                                   "a mapping");
	expect_error(HEAD "clients: []\n", "scenarios/t.yaml:2:10: error: "
	                                   "'clients' is empty");
	expect_error(HEAD "clients:\n  - name: a\n",
	             "scenarios/t.yaml:3:5: error: a client needs 'steps'");
	expect_error(HEAD "clients:\n  - {name: a, steps: [{version: X}]}\n"
	                  "  - {name: a, steps: [{version: X}]}\n",
	             "scenarios/t.yaml:4:5: error: a second client named 'a'");
	expect_error(HEAD "clients:\n  - steps: []\n",
	             "scenarios/t.yaml:3:12: error: 'steps' is empty");
	expect_error(HEAD "clients: [{steps: [{version: X}]}]\n"
	                  "interrupts:\n  - after_steps: 1\n",
	             "scenarios/t.yaml:4:5: error: an interrupt needs 'raise'");
	expect_error(HEAD "clients: [{steps: [{version: X}]}]\n"
	                  "interrupts:\n  - {raise: L, after_steps: 1, "
	                  "after_entries: 5}\n",
	             "scenarios/t.yaml:4:47: error: an interrupt is raised "
	             "either 'after_steps' or 'after_entries', not both");
	expect_error(HEAD "config: {storage: [a]}\n",
	             "scenarios/t.yaml:2:19: error: 'storage' must be a "
	             "scalar, not a sequence");
	expect_error(HEAD "clients: [{steps: [{version: X}]}]\n"
	                  "expect: {resets: many}\n",
	             "scenarios/t.yaml:3:18: error: 'resets' must be an "
	             "integer from 0 to 4294967295, not 'many'");
	expect_error(HEAD "clients: [{steps: [{version: X}]}]\n"
	                  "expect: {panic: {who: X}}\n",
	             "scenarios/t.yaml:3:18: error: unknown key 'who' in "
	             "'panic'");
}

#define STEP HEAD "clients:\n  - steps:\n      - "

/* An inject step: its defaults, its keys, and its errors. */
static void test_inject(void **state)
{
	static const char text[] =
	        STEP "inject: error_status\n        into: SP_X\n"
	             "        status: PSA_ERROR_STORAGE_FAILURE\n"
	             "      - inject: stray_jump\n        into: SP_X\n"
	             "        at: entry\n        nth: 3\n"
	             "        target: partition\n        partition: SP_Y\n"
	             "        area: stack\n"
	             "      - inject: spin\n        into: SP_X\n";
	struct scn_diag d;
	struct scenario *s = parse(text, &d);
	const struct scn_step *st;

	(void)state;
	assert_non_null(s);
	st = s->clients[0].steps;
	assert_int_equal(st[0].kind, SCN_STEP_INJECT);
	assert_int_equal(st[0].inject, SCN_INJECT_ERROR_STATUS);
	assert_string_equal(st[0].into.text, "SP_X");
	assert_int_equal(st[0].nth, 1);
	assert_int_equal(st[0].status, PSA_ERROR_STORAGE_FAILURE);
	assert_string_equal(scn_inject_api(&st[0]), "psa_call");
	assert_int_equal(st[1].inject, SCN_INJECT_STRAY_JUMP);
	assert_string_equal(scn_inject_api(&st[1]), "entry");
	assert_int_equal(st[1].nth, 3);
	assert_int_equal(st[1].stray, SCN_STRAY_PARTITION);
	assert_int_equal(st[1].area, SCN_AREA_STACK);
	assert_string_equal(st[1].partition.text, "SP_Y");
	assert_null(scn_inject_api(&st[2]));
	assert_ptr_equal(scn_needs_trap(s), &st[1]);
	scenario_free(s);
	expect_error(STEP "inject: spin\n        into: SP_X\n        nth: -1\n",
	             "scenarios/t.yaml:6:14: error: 'nth' must be an integer "
	             "from 1 to 10000000, not '-1'");
	expect_error(STEP "inject: corrupt_output\n        into: SP_X\n"
	                  "        at: psa_reply\n",
	             "scenarios/t.yaml:6:13: error: a reply's bytes are "
	             "changed in psa_write, not psa_reply");
	expect_error(STEP "inject: corrupt_status\n        into: SP_X\n"
	                  "        at: any\n        status: 1\n",
	             "scenarios/t.yaml:6:13: error: a corrupt_status injection "
	             "counts psa_reply calls, not any");
	expect_error(STEP "inject: error_status\n        into: SP_X\n",
	             "scenarios/t.yaml:4:9: error: an error_status injection "
	             "needs 'status'");
	expect_error(STEP "inject: error_status\n        into: SP_X\n"
	                  "        status: PSA_NOPE\n",
	             "scenarios/t.yaml:6:17: error: 'status' must be a PSA "
	             "status name (PSA_SUCCESS, PSA_ERROR_...) or a number, "
	             "not 'PSA_NOPE'");
	expect_error(STEP "inject: stray_read\n        into: SP_X\n"
	                  "        target: spm\n        area: data\n",
	             "scenarios/t.yaml:7:15: error: 'area' goes with "
	             "'target: partition' only");
}

/* Errors of steps. */
static void test_step_errors(void **state)
{
	(void)state;
	expect_error(STEP "{}\n", "scenarios/t.yaml:4:9: error: a step needs "
	                          "one of version, connect, call, close, "
	                          "repeat, raise, reset, fault or inject");
	expect_error(STEP "call: X\n        close: h\n",
	             "scenarios/t.yaml:5:9: error: a step has both 'call' and "
	             "'close'");
	expect_error(STEP "version: X\n        as: h\n",
	             "scenarios/t.yaml:5:9: error: unknown key 'as' in a "
	             "version step");
	expect_error(STEP "call: X\n        typ: 1\n",
	             "scenarios/t.yaml:5:9: error: unknown key 'typ' in a call "
	             "step");
	expect_error(STEP "call: X\n        type: one\n",
	             "scenarios/t.yaml:5:15: error: 'type' must be a number or "
	             "a name from 'types', not 'one'");
	expect_error(STEP "call: X\n        type: \"1\"\n",
	             "scenarios/t.yaml:5:15: error: 'type' must be an integer "
	             "from -2147483648 to 2147483647, not \"1\"");
	expect_error(STEP "call: ~\n", "scenarios/t.yaml:4:15: error: 'call' "
	                               "must be a scalar, not null");
	expect_error(STEP "call: X\n        handle: h\n",
	             "scenarios/t.yaml:5:17: error: a call names either a "
	             "target in 'call' or a 'handle', not both");
	expect_error(STEP "call:\n        handle: h\n",
	             "scenarios/t.yaml:5:17: error: unknown handle 'h': no "
	             "earlier step of this client binds it with 'as:'");
	expect_error(STEP "close: h\n", "scenarios/t.yaml:4:16: error: unknown "
	                                "handle 'h': no earlier step of this "
	                                "client binds it with 'as:'");
	expect_error(STEP "connect: X\n        version: 0\n",
	             "scenarios/t.yaml:5:18: error: 'version' must be an "
	             "integer from 1 to 255, not '0'");
	expect_error(STEP "call: X\n        expect: PSA_OK\n",
	             "scenarios/t.yaml:5:17: error: 'expect' must be a PSA "
	             "status name (PSA_SUCCESS, PSA_ERROR_...), a number, "
	             "'any' or 'reset', not 'PSA_OK'");
	expect_error(STEP "repeat: 0\n        steps: [{version: X}]\n",
	             "scenarios/t.yaml:4:17: error: 'repeat' must be an "
	             "integer from 1 to 10000000, not '0'");
	expect_error(STEP "repeat: 2\n", "scenarios/t.yaml:4:9: error: a "
	                                 "repeat step needs 'steps'");
	expect_error(STEP "raise: L\n        count: 0\n",
	             "scenarios/t.yaml:5:16: error: 'count' must be an integer "
	             "from 1 to 10000000, not '0'");
	expect_error(STEP "reset: 3\n", "scenarios/t.yaml:4:16: error: 'reset' "
	                                "is 'true' (a reset) or 'reboot' (shut "
	                                "down and boot again)");
	expect_error(STEP "- version: X\n", "scenarios/t.yaml:4:9: error: a "
	                                    "step must be a mapping, not a "
	                                    "sequence");
}

/* Errors of vectors. */
static void test_vector_errors(void **state)
{
	(void)state;
	expect_error(STEP "call: X\n        in: {text: a}\n",
	             "scenarios/t.yaml:5:13: error: 'in' must be a sequence, "
	             "not a mapping");
	expect_error(STEP "call: X\n        in: [a]\n",
	             "scenarios/t.yaml:5:14: error: an input vector must be a "
	             "mapping, not 'a'");
	expect_error(STEP "call: X\n        in: [{}]\n",
	             "scenarios/t.yaml:5:14: error: a vector has exactly one "
	             "of text, hex, u32, file or random");
	expect_error(STEP "call: X\n        in: [{text: a, hex: b}]\n",
	             "scenarios/t.yaml:5:14: error: a vector has exactly one "
	             "of text, hex, u32, file or random");
	expect_error(STEP "call: X\n        in: [{size: 4}]\n",
	             "scenarios/t.yaml:5:15: error: unknown key 'size' in an "
	             "input vector");
	expect_error(STEP "call: X\n        in: [{hex: abc}]\n",
	             "scenarios/t.yaml:5:20: error: 'hex' has an odd number of "
	             "hex digits");
	expect_error(STEP "call: X\n        in: [{hex: \"12 3g\"}]\n",
	             "scenarios/t.yaml:5:25: error: 'hex' has 'g', which is "
	             "not a hex digit");
	expect_error(STEP "call: X\n        in: [{u32: 0x100000000}]\n",
	             "scenarios/t.yaml:5:20: error: 'u32' must be an integer "
	             "from 0 to 4294967295, not '0x100000000'");
	expect_error(STEP "call: X\n        in: [{random: 1048577}]\n",
	             "scenarios/t.yaml:5:23: error: 'random' must be an "
	             "integer from 0 to 1048576, not '1048577'");
	expect_error(STEP "call: X\n        in: [{file: nope.bin}]\n",
	             "scenarios/t.yaml:5:21: error: cannot read 'nope.bin': No "
	             "such file or directory");
	expect_error(STEP "call: X\n        in: [{file: data}]\n",
	             "scenarios/t.yaml:5:21: error: 'data' is not a regular "
	             "file");
	expect_error(STEP "call: X\n        in: [{u32: 1}, {u32: 2}, {u32: 3}, "
	                  "{u32: 4}, {u32: 5}]\n",
	             "scenarios/t.yaml:5:13: error: 'in' has 5 vectors; at "
	             "most 4");
	expect_error(STEP "call: X\n        out: [1, 2, 3, 4, 5]\n",
	             "scenarios/t.yaml:5:14: error: 'out' has 5 vectors; at "
	             "most 4");
	expect_error(STEP "call: X\n        out: [-1]\n",
	             "scenarios/t.yaml:5:15: error: 'out' must be an integer "
	             "from 0 to 1048576, not '-1'");
	expect_error(STEP "call: X\n        out: [4]\n"
	                  "        expect_out: [{any: 1}, {any: 1}]\n",
	             "scenarios/t.yaml:6:21: error: 'expect_out' has 2 vectors "
	             "but 'out' only 1");
	expect_error(STEP "call: X\n        out: [4]\n"
	                  "        expect_out: [{random: 4}]\n",
	             "scenarios/t.yaml:6:23: error: unknown key 'random' in an "
	             "expected output vector");
}

/* Errors of fault steps. */
static void test_fault_errors(void **state)
{
	(void)state;
	expect_error(STEP "fault: cosmic_ray\n",
	             "scenarios/t.yaml:4:16: error: unknown fault 'cosmic_ray' "
	             "(see the fault catalog in scenarios/README.md)");
	expect_error(STEP "fault: pool_exhaustion\n",
	             "scenarios/t.yaml:4:9: error: a pool_exhaustion fault "
	             "needs 'service'");
	expect_error(STEP "fault: null_handle\n        service: X\n",
	             "scenarios/t.yaml:5:9: error: unknown key 'service' in a "
	             "null_handle fault");
	expect_error(STEP "fault: bad_vector\n        vector: huge\n"
	                  "        service: X\n",
	             "scenarios/t.yaml:5:17: error: unknown vector 'huge'");
	expect_error(STEP "fault: bad_vector\n        vector: null\n",
	             "scenarios/t.yaml:4:9: error: a bad_vector fault needs a "
	             "'service' or a 'handle'");
	expect_error(STEP "connect: X\n        as: h\n"
	                  "      - fault: bad_vector\n        vector: null\n"
	                  "        service: X\n        handle: h\n",
	             "scenarios/t.yaml:9:17: error: a fault names either a "
	             "'service' or a 'handle', not both");
	expect_error(STEP "fault: stray_write\n        target: moon\n"
	                  "        service: S\n",
	             "scenarios/t.yaml:5:17: error: unknown target 'moon'");
	expect_error(STEP "fault: stray_write\n        target: partition\n"
	                  "        service: S\n",
	             "scenarios/t.yaml:4:9: error: 'partition' goes with "
	             "'target: partition' only");
	expect_error(STEP "fault: stray_write\n        target: spm\n"
	                  "        service: S\n        area: stack\n",
	             "scenarios/t.yaml:7:15: error: 'area' goes with "
	             "'target: partition' only");
	expect_error(STEP "fault: stray_write\n        target: ns\n",
	             "scenarios/t.yaml:4:9: error: a stray_write fault needs "
	             "'service'");
	expect_error(STEP "fault: bad_connect\n        service: S\n"
	                  "        mode: sulk\n",
	             "scenarios/t.yaml:6:15: error: unknown mode 'sulk'");
	expect_error(STEP "fault: bad_connect\n        service: S\n",
	             "scenarios/t.yaml:4:9: error: a bad_connect fault needs "
	             "'mode'");
	expect_error(STEP "fault: stray_read\n        target: spm\n"
	                  "        service: S\n        partition: P\n",
	             "scenarios/t.yaml:7:20: error: 'partition' goes with "
	             "'target: partition' only");
	expect_error(STEP "fault: interrupt_storm\n        irq: L\n"
	                  "        count: 0\n",
	             "scenarios/t.yaml:6:16: error: 'count' must be an integer "
	             "from 1 to 10000000, not '0'");
	expect_error(
	        STEP "fault: reset_mid_call\n        service: S\n",
	        "scenarios/t.yaml:4:9: error: a reset_mid_call fault needs "
	        "'after'");
}

/* Nothing leaks and nothing breaks on cut-off input (a prefix of a file). */
static void test_prefixes(void **state)
{
	static const char text[] =
	        HEAD "clients:\n  - name: a\n    steps:\n      - connect: X\n"
	             "        as: h\n      - call: h\n        in: [{hex: "
	             "\"0102\"}]\n        out: [4]\n";
	struct scn_diag d;
	struct scenario *s;
	size_t n;

	(void)state;
	for (n = 0; n <= sizeof(text) - 1; n++) {
		memset(&d, 0, sizeof(d));
		s = scenario_parse("p.yaml", text, n, &d);
		assert_true((s == NULL) == d.failed);
		scenario_free(s);
	}
}

/* `protection` per scenario; the default is trap (left to the run). */
static void test_protection(void **state)
{
	struct scn_diag d;
	struct scenario *s;

	(void)state;
	s = parse(HEAD "protection: check\n"
	               "clients: [{steps: [{version: X}]}]\n",
	          &d);
	assert_non_null(s);
	assert_int_equal(s->protection, SCN_PROTECTION_CHECK);
	assert_int_equal(s->protection_loc.line, 2);
	assert_null(scn_needs_trap(s));
	scenario_free(s);
	s = parse(HEAD "protection: trap\n"
	               "clients: [{steps: [{repeat: 2, steps: [{fault: "
	               "stray_write, service: S, target: spm}]}]}]\n",
	          &d);
	assert_non_null(s);
	assert_int_equal(s->protection, SCN_PROTECTION_TRAP);
	assert_non_null(scn_needs_trap(s));
	assert_int_equal(scn_needs_trap(s)->fault, SCN_FAULT_STRAY_WRITE);
	scenario_free(s);
	s = parse(HEAD "clients: [{steps: [{version: X}]}]\n", &d);
	assert_non_null(s);
	assert_int_equal(s->protection, SCN_PROTECTION_DEFAULT);
	scenario_free(s);
	expect_error(HEAD "protection: fast\n"
	                  "clients: [{steps: [{version: X}]}]\n",
	             "scenarios/t.yaml:2:13: error: 'protection' is 'trap' "
	             "(page protection: stray accesses fault) or 'check' "
	             "(pointer checks only, faster)");
	expect_error(HEAD "protection: check\n"
	                  "clients: [{steps: [{fault: stray_read, service: S,"
	                  " target: ns}]}]\n",
	             "scenarios/t.yaml:3:28: error: a stray_read fault needs "
	             "page protection, which 'protection: check' (line 2) "
	             "turns off");
}

/* Message types by name: a mapping, a header's #defines, a list. */
static void test_types(void **state)
{
	struct scn_diag d;
	struct scenario *s;

	(void)state;
	s = parse(HEAD "types: {SET: 1, GET: 0x2}\n"
	               "clients: [{steps: [{call: X, type: GET, in: "
	               "[{u32: SET}]}, {call: X, type: 7}]}]\n",
	          &d);
	assert_non_null(s);
	assert_int_equal(s->clients[0].steps[0].type, 2);
	assert_string_equal(s->clients[0].steps[0].type_name, "GET");
	assert_memory_equal(s->clients[0].steps[0].in[0].bytes,
	                    "\x01\x00\x00\x00", 4);
	assert_int_equal(s->clients[0].steps[1].type, 7);
	assert_null(s->clients[0].steps[1].type_name);
	scenario_free(s);
	s = parse(HEAD "types: [../partitions/kv_store/kv_store_api.h,"
	               " {MINE: -5}]\n"
	               "clients: [{steps: [{call: X, type: KV_REMOVE}, "
	               "{call: X, type: MINE}]}]\n",
	          &d);
	assert_non_null(s);
	assert_int_equal(s->clients[0].steps[0].type, 3);
	assert_int_equal(s->clients[0].steps[1].type, -5);
	scenario_free(s);
	expect_error(HEAD "clients: [{steps: [{call: X, type: KV_SET}]}]\n",
	             "scenarios/t.yaml:2:36: error: 'type' must be a number "
	             "or a name from 'types', not 'KV_SET'");
	expect_error(HEAD "types: {A: 1, A: 2}\n"
	                  "clients: [{steps: [{version: X}]}]\n",
	             "scenarios/t.yaml:2:15: error: duplicate key 'A' (first "
	             "at line 2)");
	expect_error(HEAD "types: [{A: 1}, {A: 2}]\n"
	                  "clients: [{steps: [{version: X}]}]\n",
	             "scenarios/t.yaml:2:18: error: message type 'A' is 1 "
	             "already");
	expect_error(HEAD "types: {A: one}\n"
	                  "clients: [{steps: [{version: X}]}]\n",
	             "scenarios/t.yaml:2:12: error: 'A' must be an integer "
	             "from -2147483648 to 2147483647, not 'one'");
	expect_error(HEAD "types: no_such_api.h\n"
	                  "clients: [{steps: [{version: X}]}]\n",
	             "scenarios/t.yaml:2:8: error: cannot read "
	             "'no_such_api.h': No such file or directory");
}

/* Vectors as lists of fields with sizes and byte orders. */
static void test_fields(void **state)
{
	static const uint8_t want[] = {'k',  'e',  'y', 0x05, 0,   0, 0, 0, 7,
	                               0xfe, 0xff, 0,   0xff, 'a', 0, 0, 0, 0,
	                               0,    0,    0,   0,    1,   0, 0};
	struct scn_diag d;
	struct scenario *s;
	const struct scn_step *st;

	(void)state;
	s = parse(HEAD "clients: [{steps: [{call: X, in: [[{str: key}, "
	               "{u32: 5}, {u16be: 7}, {i16le: -2}, {bytes: \"00ff\"},"
	               " {strz: a}, {u64be: 1}, {zeros: 2}], {u16be: 0x0102},"
	               " [{i8: -1}, {u8: 255}]], out: [26],"
	               " expect_out: [[{str: key}, {zeros: 23}]]}]}]\n",
	          &d);
	assert_non_null(s);
	st = &s->clients[0].steps[0];
	assert_int_equal(st->n_in, 3);
	assert_int_equal(st->in[0].len, sizeof(want));
	assert_memory_equal(st->in[0].bytes, want, sizeof(want));
	assert_int_equal(st->in[1].len, 2);
	assert_memory_equal(st->in[1].bytes, "\x01\x02", 2);
	assert_memory_equal(st->in[2].bytes, "\xff\xff", 2);
	assert_int_equal(st->expect_out[0].len, 26);
	scenario_free(s);
	expect_error(STEP "call: X\n        in: [[{u24: 1}]]\n",
	             "scenarios/t.yaml:5:16: error: unknown field 'u24' (u8, "
	             "u16, u32, u64, i8 ... i64, with le or be; str, strz, "
	             "bytes, zeros)");
	expect_error(STEP "call: X\n        in: [[{u8: 256}]]\n",
	             "scenarios/t.yaml:5:20: error: 'u8' must be an integer "
	             "from 0 to 255");
	expect_error(STEP "call: X\n        in: [[{i8: -129}]]\n",
	             "scenarios/t.yaml:5:20: error: 'i8' does not fit in 8 "
	             "bits");
	expect_error(STEP "call: X\n        in: [[{u16be: x}]]\n",
	             "scenarios/t.yaml:5:23: error: 'u16be' must be an "
	             "integer or a name from 'types'");
	expect_error(STEP "call: X\n        in: [[]]\n",
	             "scenarios/t.yaml:5:14: error: a vector of fields is "
	             "empty; {size: 0} or {text: \"\"} is an empty vector");
	expect_error(STEP "call: X\n        in: [[{u8: 1, u16: 2}]]\n",
	             "scenarios/t.yaml:5:15: error: a field has exactly one "
	             "key");
	expect_error(STEP "call: X\n        in: [[{bytes: 0g}]]\n",
	             "scenarios/t.yaml:5:24: error: 'hex' has 'g', which is "
	             "not a hex digit");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_valid_full),
	        cmocka_unit_test(test_defaults),
	        cmocka_unit_test(test_file_vector),
	        cmocka_unit_test(test_faults_parse),
	        cmocka_unit_test(test_yaml_errors),
	        cmocka_unit_test(test_top_errors),
	        cmocka_unit_test(test_step_errors),
	        cmocka_unit_test(test_inject),
	        cmocka_unit_test(test_vector_errors),
	        cmocka_unit_test(test_fault_errors),
	        cmocka_unit_test(test_prefixes),
	        cmocka_unit_test(test_protection),
	        cmocka_unit_test(test_types),
	        cmocka_unit_test(test_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
