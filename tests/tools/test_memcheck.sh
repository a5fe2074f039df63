# Every 64-bit test program of the simulated system, and the demo, under
# Valgrind memcheck: each must pass there too, with zero errors and zero
# leaks of any kind. Partition stacks are registered with Valgrind
# (sim/arch_context.c), so context switches are followed, not guessed.
# (The 32-bit builds are not run under memcheck: 32-bit Valgrind needs
# Debian's libc6-dbg:i386.)
. tests/tools/tap.sh

if ! command -v valgrind >/dev/null; then
	tap_skip "memcheck" "valgrind not installed"
	tap_done
	exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
vg="valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99"
for t in build/host/tests/unit/test_* build/tests/unit/test_* build/tests/integration/test_*; do
	case "$t" in *.d | *.o) continue ;; esac
	[ -x "$t" ] || continue
	# 99 is memcheck's verdict; any other failure (the test failing only
	# under Valgrind, or Valgrind itself dying) fails the case too.
	tap_ok "memcheck: $t" bash -c "$vg $t >/dev/null 2>$log; rc=\$?; [ \$rc -eq 0 ] || { echo \"exit status \$rc\"; tail -30 $log; false; }"
done
tap_done
