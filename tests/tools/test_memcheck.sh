# Every test program of the simulated system, and the demo, under Valgrind
# memcheck: zero errors and zero leaks of any kind. Partition stacks are
# registered with Valgrind (sim/arch_context.c), so context switches are
# followed, not guessed.
. tests/tools/tap.sh

if ! command -v valgrind >/dev/null; then
	tap_skip "memcheck" "valgrind not installed"
	tap_done
	exit 0
fi
vg="valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99"
for t in build/host/tests/unit/test_* build/tests/unit/test_* build/tests/integration/test_* build/spmsim-demo; do
	case "$t" in *.d | *.o) continue ;; esac
	[ -x "$t" ] || continue
	# The test's own verdicts are counted in its normal run; here only
	# memcheck's: status 99 means Valgrind found an error or a leak.
	tap_ok "memcheck: $t" bash -c "$vg $t >/dev/null 2>/tmp/memcheck.$$; rc=\$?; [ \$rc -ne 99 ] || { cat /tmp/memcheck.$$; false; }"
done
rm -f /tmp/memcheck.$$
tap_done
