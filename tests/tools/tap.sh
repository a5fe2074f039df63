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

# tap_done: the plan line, after the cases.
tap_done()
{
	echo "1..$tap_n"
}
