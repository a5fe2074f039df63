# The non-secure threads' test program under Valgrind's Helgrind: every
# thread's calls, the agent that serialises them, the resets and panics
# that end runs under the threads, and the stress run, with zero reported
# races or lock-order problems. Helgrind rather than ThreadSanitizer: the
# simulated core switches contexts on stacks of its own (registered with
# Valgrind, sim/arch_context.c), which Helgrind follows and ThreadSanitizer
# does not without fiber annotations, and ThreadSanitizer cannot be
# combined with the AddressSanitizer build the tests already run.
. tests/tools/tap.sh

prog=build/tests/unit/test_ns_threads
if ! command -v valgrind >/dev/null; then
	tap_skip "helgrind" "valgrind not installed"
	tap_done
	exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
tap_ok "helgrind: $prog" bash -c "valgrind -q --tool=helgrind --error-exitcode=99 $prog >/dev/null 2>$log; rc=\$?; [ \$rc -eq 0 ] || { echo \"exit status \$rc\"; tail -40 $log; false; }"
tap_done
