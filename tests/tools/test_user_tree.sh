# A user's project, exactly as the README's "Writing a partition" shows it:
# every block whose first line names a file under myproject/ is written
# there, in a folder outside this tree; then the README's commands. Two
# partitions (IPC and SFN model) whose SIDs are those of spmsim's own
# samples, a test program that checks statuses, two scenarios: built once
# with PROJECT=, then a plain make, make run, spmsim run and spmsim test see
# them with no other variable.
. tests/tools/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/tree
mkdir -p "$src"
tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$src"
m="make -C $src --no-print-directory"
u=$tmp/user

awk -v dir="$u" '
/^```/ { if (in_block) { in_block = 0; if (file != "") close(file); file = "" } else { in_block = 1; first = 1 } next }
in_block && first {
	first = 0
	if (match($0, /^(# |\/\* )myproject\/[^ *]+/)) {
		file = substr($0, RSTART, RLENGTH)
		sub(/^(# |\/\* )/, "", file)
		file = dir "/" file
		d = file; sub(/\/[^\/]*$/, "", d)
		system("mkdir -p \"" d "\"")
	}
}
in_block && file != "" { print > file }
' README.md
p=$u/myproject
tap_ok "the README shows the project's nine files" \
	bash -c "[ \$(find $p -type f | wc -l) = 9 ] && test -f $p/project.mk && test -f $p/tally/test/test_tally.c"
tap_ok "make PROJECT=FILE builds the project once" \
	bash -c "$m -j2 PROJECT=$p/project.mk > $tmp/first.log 2>&1 || { tail -20 $tmp/first.log; false; }"
tap_ok "a plain make remembers it: nothing to rebuild, spmsim holds both partitions and none of spmsim's own" \
	bash -c "$m > $tmp/again.log 2>&1 && ! grep -q '^  [A-Z]' $tmp/again.log && $src/build/spmsim list > $tmp/list &&
		grep -q '^  SP_TALLY ' $tmp/list && grep -q '^  SP_GREETER ' $tmp/list && ! grep -q 'SP_KV_STORE\|SP_FAULT_LAB' $tmp/list"
tap_ok "the test program checks every status and passes" \
	bash -c "env -u CMOCKA_MESSAGE_OUTPUT $src/build/ns/tally > $tmp/test.log 2>&1 && grep -q 'PASSED.*1 test' $tmp/test.log"
tap_ok "make run plays the project's scenario" \
	bash -c "$m run > $tmp/run.log 2>&1 && grep -q '^PASS tally \[IPC, level 1\]' $tmp/run.log"
tap_ok "spmsim run plays the SFN-model partition under the SFN backend" \
	bash -c "$src/build/spmsim run $p/scenarios/greeter.yaml --backend sfn | grep -q '^PASS greeter \[SFN, level 1\]'"
tap_ok "spmsim test plays both scenarios under every backend and level each allows" \
	bash -c "$src/build/spmsim test $p/scenarios > $tmp/test.out 2>&1 && grep -q '2 scenarios, 7 runs: 7 passed, 0 failed' $tmp/test.out"
tap_ok "without a scenario of its own, make run says what to do" \
	bash -c "sed -i /PROJECT_RUN_SCENARIO/d $p/project.mk && out=\$($m run 2>&1); [ \$? -ne 0 ] &&
		echo \"\$out\" | grep -q 'make run: no scenario to play: .*PROJECT_RUN_SCENARIO'"
tap_done
