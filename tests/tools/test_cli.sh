# The spmsim command: every verb, its --help and exit statuses, every
# scenario of scenarios/ under every backend and level it allows (also in
# the 32-bit and sanitizer builds when they are there, and some under
# Valgrind memcheck), JUnit output that XML tools accept, the exact error
# line of every malformed scenario of scenarios/bad/, and repeatable runs.
. tests/tools/tap.sh

spmsim=build/spmsim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$spmsim" ]; then
	tap_skip "spmsim" "$spmsim not built"
	tap_done
	exit 0
fi

# expect_rc STATUS COMMAND...: COMMAND exits with STATUS.
expect_rc()
{
	local want=$1 rc
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "exit status $rc, expected $want"
		cat "$tmp/out" "$tmp/err" | tail -20
		return 1
	fi
}

# ---------------------------------------------------------------- the verbs
tap_ok "spmsim --help" expect_rc 0 "$spmsim" --help
tap_ok "spmsim --version names the build" bash -c "
	'$spmsim' --version > '$tmp/version' &&
	grep -Eq '^spmsim [^ ]+$' '$tmp/version' &&
	grep -Eq '^FF-M 1.1; backends IPC and SFN, (IPC|SFN) by default; (32|64)-bit$' '$tmp/version'"
tap_ok "spmsim without a verb: usage, exit 2" expect_rc 2 "$spmsim"
tap_ok "an unknown verb: exit 2" expect_rc 2 "$spmsim" frobnicate
for v in run test check list; do
	tap_ok "spmsim $v --help" bash -c "'$spmsim' $v --help | grep -q '^usage: spmsim $v'"
done
tap_ok "run: an unknown option is exit 2" expect_rc 2 "$spmsim" run --fast scenarios/kv_roundtrip.yaml
tap_ok "run: --backend takes ipc or sfn" expect_rc 2 "$spmsim" run --backend arm scenarios/kv_roundtrip.yaml
tap_ok "run: --isolation takes 1, 2 or 3" expect_rc 2 "$spmsim" run --isolation 4 scenarios/kv_roundtrip.yaml
tap_ok "run: --seed takes a number" expect_rc 2 "$spmsim" run --seed x scenarios/kv_roundtrip.yaml
tap_ok "run: a missing file is exit 2" expect_rc 2 "$spmsim" run scenarios/no_such.yaml
tap_ok "run: --watchdog takes a number" expect_rc 2 "$spmsim" run --watchdog soon scenarios/kv_roundtrip.yaml
tap_ok "test: --watchdog takes a number" expect_rc 2 "$spmsim" test --watchdog scenarios/kv_roundtrip.yaml
tap_ok "list: partitions, services, IRQs" bash -c "'$spmsim' list > '$tmp/list' &&
	grep -q 'SP_KV_STORE' '$tmp/list' && grep -q 'SID 0x0000f000' '$tmp/list' &&
	grep -q 'UART0_RX_SIGNAL  line 33' '$tmp/list' && grep -q 'IPC only' '$tmp/list' &&
	grep -q 'SP_FAULT_LAB_SFN' '$tmp/list' && grep -q 'SP_AGENT' '$tmp/list' &&
	grep -q 'scenarios/partitions/manifest_list.yaml' '$tmp/list'"

# ---------------------------------------------------------------- run
tap_ok "run: a passing scenario is exit 0 with a PASS verdict" bash -c "
	'$spmsim' run scenarios/kv_roundtrip.yaml > '$tmp/run' &&
	grep -q '^PASS kv_roundtrip \[IPC, level 1\]' '$tmp/run' &&
	grep -q 'psa_call(KV_STORE, 2, in \[4\], out \[64\]) -> PSA_SUCCESS' '$tmp/run'"
tap_ok "run --backend SFN (as CONFIG_TFM_SPM_BACKEND spells it) runs the SFN backend" bash -c "
	'$spmsim' run --backend SFN scenarios/kv_roundtrip.yaml | grep -q '^PASS kv_roundtrip \[SFN, level 1\]'"
tap_ok "run: an option where --trace wants its file is exit 2, named, no file made" bash -c "
	cd '$tmp' && out=\$('$OLDPWD/$spmsim' run '$OLDPWD/scenarios/kv_roundtrip.yaml' --trace --quiet 2>&1 >/dev/null)
	test \$? -eq 2 && ! test -e ./--quiet &&
	echo \"\$out\" | grep -qx \"spmsim run: error: '--trace' needs a value, not the option '--quiet'\""
tap_ok "test: an option where --junit wants its file is exit 2" expect_rc 2 "$spmsim" test scenarios/kv_roundtrip.yaml --junit --watchdog
tap_ok "run --backend sfn runs the SFN backend" bash -c "
	'$spmsim' run --backend sfn scenarios/kv_roundtrip.yaml | grep -q '^PASS kv_roundtrip \[SFN, level 1\]'"
tap_ok "run --isolation 3" bash -c "
	'$spmsim' run --isolation 3 scenarios/kv_roundtrip.yaml | grep -q '^PASS kv_roundtrip \[IPC, level 3\]'"
# A call that spins (the fault lab's op 16) with no watchdog step in the
# scenario: the run's own watchdog ends it, so the run cannot hang.
mkdir -p "$tmp/spin"
cat > "$tmp/spin/spin_call.yaml" <<YAML
manifest_list: $PWD/scenarios/partitions/manifest_list.yaml
clients:
  - name: app
    steps:
      - call: FAULT_LAB_SFN
        type: 16
        expect: reset
expect:
  panic: {partition: SP_FAULT_LAB_SFN, api: watchdog, rule: "without entering the SPM"}
  resets: 1
YAML
tap_ok "run --watchdog ends a call that spins" bash -c "
	'$spmsim' run --watchdog 100 '$tmp/spin/spin_call.yaml' > '$tmp/spin.out' &&
	grep -q '^PASS spin_call' '$tmp/spin.out' && grep -q 'watchdog' '$tmp/spin.out'"
tap_ok "test --watchdog ends it under every backend" bash -c "
	'$spmsim' test --watchdog 100 '$tmp/spin' > '$tmp/spin.out' &&
	grep -q '1 scenario, 4 runs: 4 passed, 0 failed, 0 refused' '$tmp/spin.out'"
tap_ok "run --quiet prints only the verdict" bash -c "
	[ \"\$('$spmsim' run --quiet scenarios/kv_roundtrip.yaml | wc -l)\" -eq 1 ]"
tap_ok "run: --backend against the scenario's pin is exit 2, with the place" bash -c "
	'$spmsim' run --backend sfn scenarios/counter_connection.yaml 2>&1 >/dev/null |
	grep -qx 'scenarios/counter_connection.yaml:4:10: error: the scenario pins the IPC backend; --backend sfn contradicts it'"
sed -e "s|\.\./partitions|$PWD/partitions|" -e 's/u32: 5}]/u32: 6}]/' \
	scenarios/counter_connection.yaml > "$tmp/wrong.yaml"
tap_ok "run: a failing expectation is exit 1, naming the line" bash -c "
	'$spmsim' run '$tmp/wrong.yaml' > '$tmp/fail'; [ \$? -eq 1 ] &&
	grep -q 'FAIL (expected 4 bytes 06000000, line 24)' '$tmp/fail' &&
	grep -q '^FAIL wrong \[IPC, level 1\]: 1 of 12 steps failed' '$tmp/fail'"
# Expectations that cannot hold: each run fails (exit 1), saying why.
neg()
{
	printf 'manifest_list: %s/partitions/manifest_list.yaml\nbackend: ipc\n%s\n' "$PWD" "$2" > "$tmp/$1.yaml"
	tap_ok "run: $1 fails" bash -c "
		'$spmsim' run '$tmp/$1.yaml' > '$tmp/$1.out'; rc=\$?
		[ \$rc -eq 1 ] || { echo \"exit status \$rc\"; cat '$tmp/$1.out'; exit 1; }
		grep -qF -e \"\$1\" '$tmp/$1.out' || { cat '$tmp/$1.out'; exit 1; }" _ "$3"
}
steps='clients:
  - steps:
      - version: KV_STORE'
neg no_panic "$steps
expect:
  panic: {partition: SP_KV_STORE}" "FAIL: expected a panic (line 7); none happened"
neg no_fault "$steps
expect:
  fault: {region: guard}" "FAIL: expected a memory fault (line 7); none happened"
neg resets "$steps
expect:
  resets: 1" "FAIL: 0 resets since the last boot, expected 1"
neg resets_after_reboot "clients:
  - steps:
      - reset: true
      - reset: reboot
      - reset: true
expect:
  resets: 2" "FAIL: 1 reset since the last boot, expected 2"
neg irqs_taken "$steps
expect:
  irqs_taken: 1" "FAIL: 0 interrupts taken, expected at least 1"
neg inject_never_struck "clients:
  - steps:
      - inject: panic
        into: SP_SETTINGS
        at: psa_call
        nth: 2
      - call: SETTINGS
        type: 1
        in: [{u32: 1}, {hex: \"01\"}]" "FAIL: the injection of line 5 never struck: it waits for 2 calls of psa_call() by SP_SETTINGS, which made 1"
neg inject_reboot "clients:
  - steps:
      - inject: spin
        into: SP_SETTINGS
      - reset: reboot" "FAIL: the injection of line 5 was disarmed by a reboot before it struck"
neg inject_twice "clients:
  - steps:
      - inject: spin
        into: SP_SETTINGS
      - inject: panic
        into: SP_SETTINGS" "the injection of line 5 has not struck yet  FAIL (expected armed, line 7)"
neg plan_unreached "$steps
interrupts:
  - raise: TIMER0
    after_steps: 5" "FAIL: TIMER0, planned at line 7 after 5 steps, was never raised: only 1 step was played"
neg step_reset "clients:
  - steps:
      - version: KV_STORE
        expect: reset" "psa_version(KV_STORE) -> 1  FAIL (expected a reset, line 5)"
neg wrong_status "clients:
  - steps:
      - call: KV_STORE
        type: 2
        in: [{u32: 1}]
        out: [8]" "-> PSA_ERROR_DOES_NOT_EXIST  FAIL (expected PSA_SUCCESS, line 5)"
tap_ok "run: the same seed gives the same timeline" bash -c "
	'$spmsim' run --seed 99 scenarios/fault_interrupt_storm.yaml > '$tmp/s1' &&
	'$spmsim' run --seed 99 scenarios/fault_interrupt_storm.yaml > '$tmp/s2' &&
	cmp '$tmp/s1' '$tmp/s2'"
tap_ok "run: another seed moves the storm's SPM entries (other counts)" bash -c "
	'$spmsim' run --seed 98 scenarios/fault_interrupt_storm.yaml > '$tmp/s3'
	! cmp -s '$tmp/s1' '$tmp/s3' && grep -q 'interrupt_storm TIMER0: 5000 raises, [0-9]* merged, [0-9]* taken' '$tmp/s3'"

# --trace: Chrome JSON that the checker accepts; the same scenario and seed
# give the same bytes; the text timeline shows every event (its numbers run
# on, but for the step marks, one per printed step). The demo's timer counts
# on the host's clock, so on a loaded machine two of its expiries may merge
# into one interrupt: its trace is checked, not compared.
tap_ok "run --trace demo: JSON that check_trace_json.py accepts" bash -c "
	'$spmsim' run --quiet --seed 7 --trace '$tmp/demo-1.json' scenarios/demo.yaml >/dev/null &&
	python3 tests/tools/check_trace_json.py '$tmp/demo-1.json'"
for sc in two_clients kv_roundtrip fault_interrupt_storm; do
	tap_ok "run --trace $sc: JSON that check_trace_json.py accepts" bash -c "
		'$spmsim' run --quiet --seed 7 --trace '$tmp/$sc-1.json' scenarios/$sc.yaml >/dev/null &&
		python3 tests/tools/check_trace_json.py '$tmp/$sc-1.json'"
	tap_ok "run --trace $sc: the same seed gives the same bytes" bash -c "
		'$spmsim' run --quiet --seed 7 --trace '$tmp/$sc-2.json' scenarios/$sc.yaml >/dev/null &&
		cmp '$tmp/$sc-1.json' '$tmp/$sc-2.json'"
done
# Several non-secure threads in the seeded order, a reset among them: two
# runs give the same trace bytes and the same timeline; the services' view
# of a thread's calls is checked (a message it never sent fails the run).
tap_ok "run --trace threads_reset: the seeded order gives the same bytes" bash -c "
	'$spmsim' run --seed 7 --trace '$tmp/thr-1.json' scenarios/threads_reset.yaml > '$tmp/thr-1.txt' &&
	'$spmsim' run --seed 7 --trace '$tmp/thr-2.json' scenarios/threads_reset.yaml > '$tmp/thr-2.txt' &&
	cmp '$tmp/thr-1.json' '$tmp/thr-2.json' && cmp '$tmp/thr-1.txt' '$tmp/thr-2.txt' &&
	grep -q 'NS -9  *-> psa_call' '$tmp/thr-1.txt' && grep -q '\"NS -9\"' '$tmp/thr-1.json' &&
	python3 tests/tools/check_trace_json.py '$tmp/thr-1.json'"
tap_ok "run threads: the mailbox is a track, its clients' messages are counted" bash -c "
	'$spmsim' run scenarios/threads_echo.yaml > '$tmp/thr-mb.txt' &&
	grep -q 'TFM_NS_MAILBOX_AGENT -> psa_call' '$tmp/thr-mb.txt' &&
	grep -q 'mbox-a     22 calls; the services received 22 messages' '$tmp/thr-mb.txt'"
# A TrustZone thread given the id the agent maps a mailbox client to: the
# services see two clients' messages under one id, which the check of
# what each thread sent reports; turned off, the run passes.
clash="manifest_list: [$PWD/partitions/manifest_list.yaml, $PWD/partitions/ns_agent_mailbox/manifest_list.yaml]
threads:
  clients:
    - {name: mb, mailbox: true, steps: [{call: FAULT_LAB_SFN, type: 0, in: [{text: a}], out: [1]}]}
    - {name: tz, client_id: -67108864, steps: [{call: FAULT_LAB_SFN, type: 0, in: [{text: b}], out: [1]}]}"
printf '%s\n' "$clash" > "$tmp/clash.yaml"
printf '%s\nexpect: {no_lost_or_duplicate: false}\n' "$clash" > "$tmp/clash-off.yaml"
tap_ok "run threads: messages of another client under a thread's id fail the run" bash -c "
	'$spmsim' run '$tmp/clash.yaml' > '$tmp/clash.out'; [ \$? -eq 1 ] &&
	grep -q 'FAIL: tz: a service received a message of it twice, or one it never sent (2 messages for 1 calls)' '$tmp/clash.out' &&
	'$spmsim' run '$tmp/clash-off.yaml' | grep -q '^PASS clash-off'"
neg threads_wrong_echo "threads:
  clients:
    - steps:
        - call: FAULT_LAB_SFN
          type: 0
          in: [{text: \"ab\"}]
          out: [2]
          expect_out: [{text: \"ba\"}]" "psa_call(FAULT_LAB_SFN, 0) -> output 0: 2 other bytes  FAIL"
tap_ok "run --trace: a trace it cannot write is exit 2 with the reason" bash -c "
	'$spmsim' run --trace /nonexistent/dir/t.json scenarios/kv_roundtrip.yaml 2>&1 >/dev/null |
	grep -q 'error: cannot write the trace'; [ \${PIPESTATUS[0]} -eq 2 ]"
tap_ok "run: the text timeline shows every event of the trace" bash -c "
	'$spmsim' run scenarios/demo.yaml > '$tmp/demo.txt' &&
	steps=\$(grep -c '^  [a-z]' '$tmp/demo.txt') &&
	gaps=\$(sed -n 's/^             | *\\([0-9][0-9]*\\) .*/\\1/p' '$tmp/demo.txt' |
		awk 'NR > 1 && \$1 != p + 1 { g += \$1 - p - 1 } { p = \$1 } END { print g + 0 }') &&
	[ \$gaps -eq \$((steps - 1)) ] || { echo \"\$gaps gaps, \$steps steps\"; exit 1; }"
tap_ok "run --brief: a storm's run of identical interrupts is one line" bash -c "
	'$spmsim' run --brief scenarios/fault_interrupt_storm.yaml > '$tmp/storm' &&
	grep -Eq '^             \| +[0-9]+ SP_DEVICES  !! IRQ 32 TIMER0_SIGNAL \(SLIH\) x[0-9]+ \(to #[0-9]+\)$' '$tmp/storm' &&
	grep -Eq '!! IRQ 33 UART0_RX_SIGNAL \(FLIH\) x[0-9]+ \(to #[0-9]+\)$' '$tmp/storm' &&
	[ \$(wc -l < '$tmp/storm') -lt 20 ] && grep -q '^PASS fault_interrupt_storm' '$tmp/storm'"
tap_ok "run --brief: the storm's counts add up (taken = IRQ events shown)" bash -c "
	taken=\$(sed -n 's/.*interrupt_storm TIMER0: 5000 raises, [0-9]* merged, \([0-9]*\) taken.*/\1/p' '$tmp/storm')
	grep -q \"IRQ 32 TIMER0_SIGNAL (SLIH) x\$taken \" '$tmp/storm'"
tap_ok "run: raises that merge into a pending interrupt are reported" bash -c "
	'$spmsim' run --isolation 2 scenarios/irq_plan.yaml > '$tmp/plan' &&
	grep -q '(plan)     raise TIMER0 (line 32) x10 after 2 steps, 9 merged into a pending one' '$tmp/plan' &&
	'$spmsim' run scenarios/irq_after_entries.yaml > '$tmp/entries' &&
	grep -q 'raise TIMER0 (line 32) x3 after 5 SPM entries, 2 merged into a pending one' '$tmp/entries'"
cat > "$tmp/raise.yaml" <<YAML
manifest_list: $PWD/partitions/manifest_list.yaml
backend: ipc
clients:
  - steps:
      - raise: TIMER0
        count: 5
YAML
tap_ok "run: a raise step says how many of its raises merged" bash -c "
	'$spmsim' run '$tmp/raise.yaml' | grep -q 'raise TIMER0 (line 32) x5 -> raised, 4 merged into a pending one'"
tap_ok "run --brief: steps, interrupts, the fault and the verdict" bash -c "
	'$spmsim' run --brief scenarios/demo.yaml > '$tmp/brief' &&
	grep -q 'IRQ 32 TIMER0_SIGNAL' '$tmp/brief' &&
	grep -q 'MemManage fault at 0x[0-9a-f]*: write, SP_KV_STORE data' '$tmp/brief' &&
	grep -q '^PASS demo \[IPC, level 2\]' '$tmp/brief' && ! grep -q 'psa_read' '$tmp/brief'"

# --protection and `protection:`: the mode reaches the harness (check makes
# no mprotect() per step), a pinned mode or a stray access refuses the other.
tap_ok "run: protection: check in the scenario shows in the header" bash -c "
	'$spmsim' run scenarios/kv_fields.yaml > '$tmp/prot' &&
	grep -qx 'scenario kv_fields \[IPC, level 1, seed 1, protection check\]' '$tmp/prot' &&
	grep -q 'psa_call(KV_STORE, KV_GET, in \[4\], out \[64\]) -> PSA_SUCCESS' '$tmp/prot'"
tap_ok "run --protection check" bash -c "
	'$spmsim' run --protection CHECK scenarios/kv_roundtrip.yaml |
	grep -qx 'scenario kv_roundtrip \[IPC, level 1, seed 1, protection check\]'"
tap_ok "run --protection: a value other than trap or check is exit 2" \
	expect_rc 2 "$spmsim" run --protection fast scenarios/kv_roundtrip.yaml
tap_ok "run --protection trap against the scenario's pin is exit 2, with the place" bash -c "
	'$spmsim' run --protection trap scenarios/kv_fields.yaml 2>&1 >/dev/null |
	grep -qx 'scenarios/kv_fields.yaml:6:13: error: the scenario pins its protection; --protection trap contradicts it'"
tap_ok "run --protection check of a stray access is exit 2, naming the step" bash -c "
	'$spmsim' run --protection check scenarios/stray_spm_ns.yaml 2>&1 >/dev/null |
	grep -q '^scenarios/stray_spm_ns.yaml:[0-9]*:[0-9]*: error: this stray access needs page protection (trap); --protection check contradicts it'"
tap_ok "test --protection check: stray accesses still run in trap mode and fault" \
	"$spmsim" test --protection check scenarios/stray_spm_ns.yaml scenarios/kv_roundtrip.yaml
if command -v strace >/dev/null; then
	# mprotect() calls of 1000 calls at level 3: ~44 per step in trap mode.
	mprot()
	{
		strace -f -c -e trace=mprotect "$spmsim" run --quiet --isolation 3 "$@" \
			scenarios/soak_calls.yaml 2>&1 >/dev/null | awk '/mprotect/ { print $4 }'
	}
	tap_ok "protection check makes no mprotect() per step, trap does" bash -c "
		$(declare -f mprot); spmsim='$spmsim'
		t=\$(mprot --protection trap); c=\$(mprot --protection check)
		echo \"trap \$t, check \$c\"; [ \"\$t\" -gt 10000 ] && [ \"\$c\" -lt 100 ]"
else
	tap_skip "protection check makes no mprotect() per step" "strace not installed"
fi

# ---------------------------------------------------------------- check
tap_ok "check: every scenario of scenarios/ is valid" expect_rc 0 "$spmsim" check scenarios/*.yaml
tap_ok "check: a folder is searched as test searches it" bash -c "
	'$spmsim' check scenarios > '$tmp/cdir' && test \$(grep -c ': valid;' '$tmp/cdir') -eq \$(ls scenarios/*.yaml | wc -l)"
tap_ok "check: says where each scenario runs" bash -c "
	'$spmsim' check scenarios/kv_roundtrip.yaml | grep -qx 'scenarios/kv_roundtrip.yaml: valid; runs under IPC at level 1 2 3; SFN at level 1;'"
while IFS= read -r want; do
	case "$want" in '#'* | '') continue ;; esac
	want=${want//@ROOT@/$PWD}
	f=${want%%:*}
	tap_ok "check $f: exit 2 and exactly its error" bash -c "
		out=\$('$spmsim' check '$f' 2>&1 >/dev/null); rc=\$?
		[ \$rc -eq 2 ] || { echo \"exit status \$rc\"; exit 1; }
		[ \"\$out\" = \"\$1\" ] || { echo \"got:      \$out\"; echo \"expected: \$1\"; exit 1; }" _ "$want"
	tap_ok "run $f: exit 2, nothing run" bash -c "
		'$spmsim' run '$f' > '$tmp/bad' 2>/dev/null; [ \$? -eq 2 ] && [ ! -s '$tmp/bad' ]"
done < scenarios/bad/EXPECTED
tap_ok "every file of scenarios/bad/ has its expected error" bash -c "
	[ \$(ls scenarios/bad/*.yaml | wc -l) -eq \$(grep -c '^scenarios/bad/' scenarios/bad/EXPECTED) ]"

# ---------------------------------------------------------------- test
for f in scenarios/*.yaml; do
	tap_ok "test $f" "$spmsim" test "$f"
done
tap_ok "test scenarios/ with JUnit: exit 0" expect_rc 0 "$spmsim" test scenarios --junit "$tmp/junit.xml"
tap_ok "test: the summary counts scenarios and runs" grep -qE '^[0-9]+ scenarios?, [0-9]+ runs?: [0-9]+ passed, 0 failed, 0 refused$' "$tmp/out"
if command -v xmllint >/dev/null; then
	tap_ok "JUnit XML is well-formed" xmllint --noout "$tmp/junit.xml"
else
	tap_ok "JUnit XML is well-formed" python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$tmp/junit.xml"
fi
tap_ok "JUnit has a testcase per run" bash -c "
	runs=\$(sed -nE 's/^[0-9]+ scenarios?, ([0-9]+) runs?.*/\1/p' '$tmp/out')
	[ \"\$(grep -c '<testcase ' '$tmp/junit.xml')\" -eq \"\$runs\" ]"
tap_ok "test: a failing scenario is exit 1 and a JUnit failure" bash -c "
	'$spmsim' test '$tmp/wrong.yaml' --junit '$tmp/j2.xml' >/dev/null; [ \$? -eq 1 ] &&
	grep -q '<failure message=' '$tmp/j2.xml' && xmllint --noout '$tmp/j2.xml'"
tap_ok "test: a refused scenario is exit 2 and a JUnit error" bash -c "
	'$spmsim' test scenarios/bad/unknown_service.yaml --junit '$tmp/j3.xml' >/dev/null 2>&1; [ \$? -eq 2 ] &&
	grep -q '<error message=' '$tmp/j3.xml'"
if command -v script >/dev/null; then
	tap_ok "test: a progress line on a terminal" bash -c "
		script -qc \"'$spmsim' test scenarios/kv_roundtrip.yaml\" /dev/null | grep -q '\[4\] scenarios/kv_roundtrip.yaml \[SFN, level 1\]'"
fi
tap_ok "test: no progress line into a pipe" bash -c "
	[ \"\$('$spmsim' test scenarios/kv_roundtrip.yaml)\" = '1 scenario, 4 runs: 4 passed, 0 failed, 0 refused' ]"
tap_ok "check: a refused file among valid ones is exit 2, the others still checked" bash -c "
	'$spmsim' check scenarios/kv_roundtrip.yaml scenarios/bad/two_verbs.yaml scenarios/sfn_only.yaml > '$tmp/c' 2>/dev/null
	[ \$? -eq 2 ] && [ \$(wc -l < '$tmp/c') -eq 2 ]"
tap_ok "test: folders skip bad/" bash -c "'$spmsim' test scenarios/ | grep -q ' 0 refused'"

# ------------------------------------------------- other builds, memcheck
for b in build/m32/spmsim build/san-address-undefined/spmsim; do
	if [ ! -x "$b" ]; then
		tap_skip "$b test scenarios/" "not built"
	elif [ "$b" = build/m32/spmsim ]; then
		tap_m32 "$b test scenarios/" "$b" test scenarios
	else
		tap_ok "$b test scenarios/" "$b" test scenarios
	fi
done
if command -v valgrind >/dev/null; then
	vg="valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99"
	# Not the memory faults (strays, stack overflow): memcheck reports the
	# deliberate bad accesses, as test_fault_lab says.
	for s in kv_roundtrip two_clients stale_after_reset fault_bad_vector_null \
		fault_pool_exhaustion fault_reply_twice fault_foreign_handle agent_steps \
		storage_reset_mid_call irq_after_entries inject_corrupt_output \
		inject_corrupt_status inject_error_status inject_panic inject_reset; do
		tap_ok "memcheck: spmsim test scenarios/$s.yaml" $vg "$spmsim" test "scenarios/$s.yaml"
	done
	tap_ok "memcheck: spmsim check of every bad scenario" bash -c "
		$vg '$spmsim' check scenarios/bad/*.yaml >/dev/null 2>'$tmp/vg'; rc=\$?
		[ \$rc -eq 2 ] || { echo \"exit status \$rc\"; tail -30 '$tmp/vg'; false; }"
	tap_ok "memcheck: spmsim list" $vg "$spmsim" list
else
	tap_skip "memcheck of spmsim" "valgrind not installed"
fi
tap_done
