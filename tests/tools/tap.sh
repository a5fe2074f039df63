# A few TAP helpers for the shell checks in tests/tools/. Source it; each
# check prints one "ok"/"not ok" line that tests/run counts.

tap_n=0

# tap_ok DESCRIPTION COMMAND...: one case that passes when COMMAND succeeds.
tap_ok()
{
	local desc=$1 out
	shift
	tap_n=$((tap_n + 1))
	if out=$("$@" 2>&1); then
		echo "ok $tap_n - $desc"
	else
		echo "not ok $tap_n - $desc"
		printf '%s\n' "$out" | tail -20 | sed 's/^/# /'
	fi
}

# tap_skip DESCRIPTION REASON: a case that cannot run here.
tap_skip()
{
	tap_n=$((tap_n + 1))
	echo "not ok $tap_n # SKIP $1: $2"
}

# tap_m32 DESCRIPTION COMMAND...: tap_ok for a command that executes a
# 32-bit program (build/m32/); a skip, with the reason, where this machine
# cannot execute those (scripts/m32-exec.sh).
tap_m32()
{
	local why rc
	why=$(scripts/m32-exec.sh 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		tap_ok "$@"
	elif [ "$rc" -eq 1 ]; then
		tap_skip "$1" "$why"
	else
		tap_ok "$1" tap_m32_refused "$why"
	fi
}

# tap_m32_refused MESSAGE: a failing command that prints MESSAGE.
tap_m32_refused()
{
	echo "$1"
	return 1
}

# tap_done: the plan line, after the cases.
tap_done()
{
	echo "1..$tap_n"
}
