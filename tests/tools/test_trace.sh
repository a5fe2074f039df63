# The trace checker (check_trace_json.py), which the trace tests run on
# every JSON trace they write: it must accept a well-formed trace and
# refuse each way a trace can be broken for Perfetto and chrome://tracing.
. tests/tools/tap.sh

if ! command -v python3 >/dev/null; then
	tap_skip "trace checker" "python3 not installed"
	tap_done
	exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
check="python3 tests/tools/check_trace_json.py"
head='{"traceEvents":[{"ph":"M","pid":1,"tid":1,"name":"thread_name","args":{"name":"NS"}}'

# trace NAME EVENTS...: writes $dir/NAME.json with the metadata and EVENTS.
trace()
{
	local name=$1
	shift
	{
		printf '%s' "$head"
		for e in "$@"; do printf ',%s' "$e"; done
		printf ']}\n'
	} >"$dir/$name.json"
}

B='{"ph":"B","pid":1,"tid":1,"ts":1,"name":"psa_call"}'
E='{"ph":"E","pid":1,"tid":1,"ts":2}'
I='{"ph":"i","pid":1,"tid":1,"ts":3,"name":"IRQ","s":"t"}'
trace good "$B" "$E" "$I"
trace open "$B"
trace orphan "$E"
trace unnamed '{"ph":"B","pid":1,"tid":1,"ts":1}' "$E"
trace back "$B" '{"ph":"E","pid":1,"tid":1,"ts":0}'
trace anonymous '{"ph":"i","pid":1,"tid":2,"ts":1,"name":"x","s":"t"}'
trace scope '{"ph":"i","pid":1,"tid":1,"ts":1,"name":"x"}'
printf '%s,' "$head" >"$dir/truncated.json"

tap_ok "trace checker: accepts a balanced trace" $check "$dir/good.json"
for bad in open orphan unnamed back anonymous scope truncated; do
	tap_ok "trace checker: refuses the '$bad' trace" \
		sh -c "! $check '$dir/$bad.json' 2>/dev/null"
done
tap_done
