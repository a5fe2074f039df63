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
meta='{"ph":"M","pid":1,"tid":1,"name":"thread_name","args":{"name":"NS"}},{"ph":"M","pid":1,"tid":1,"name":"thread_sort_index","args":{"sort_index":1}},{"ph":"M","pid":1,"tid":2,"name":"thread_name","args":{"name":"SP_X"}},{"ph":"M","pid":1,"tid":2,"name":"thread_sort_index","args":{"sort_index":2}}'
clock='"otherData":{"clock":"virtual","us_per_event":1}'
head="{$clock,\"traceEvents\":[$meta"

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
B2='{"ph":"B","pid":1,"tid":2,"ts":2,"name":"SVC"}'
E2='{"ph":"E","pid":1,"tid":2,"ts":3}'
S='{"ph":"s","pid":1,"tid":1,"ts":1.5,"name":"call","cat":"flow","id":1}'
F='{"ph":"f","pid":1,"tid":2,"ts":2.5,"name":"call","cat":"flow","id":1,"bp":"e"}'
trace good "$B" "$E" "$I"
trace flow "$B" "$S" "$B2" "$F" "$E2" '{"ph":"E","pid":1,"tid":1,"ts":4}'
trace flow_outside "$S" "$B" "$E"
trace flow_unstarted "$B" "$B2" "$F" "$E2" '{"ph":"E","pid":1,"tid":1,"ts":4}'
trace flow_twice "$B" "$S" "$S" '{"ph":"E","pid":1,"tid":1,"ts":4}'
trace flow_unbound "$B" "$S" "$B2" '{"ph":"f","pid":1,"tid":2,"ts":2.5,"name":"call","cat":"flow","id":1}' "$E2" '{"ph":"E","pid":1,"tid":1,"ts":4}'
printf '{"displayTimeUnit":"ns",%s,"traceEvents":[%s,%s,%s]}\n' "$clock" "$meta" "$B" "$E" >"$dir/ns_unit.json"
printf '{"traceEvents":[%s,%s,%s]}\n' "$meta" "$B" "$E" >"$dir/no_clock.json"
printf '{%s,"traceEvents":[%s,%s]}\n' "$clock" '{"ph":"M","pid":1,"tid":1,"name":"thread_name","args":{"name":"NS"}}' "$B,$E" >"$dir/no_sort_index.json"
printf '{%s,"traceEvents":[%s,%s,%s,%s,%s]}\n' "$clock" \
	'{"ph":"M","pid":1,"tid":1,"name":"thread_name","args":{"name":"NS"}},{"ph":"M","pid":1,"tid":1,"name":"thread_sort_index","args":{"sort_index":5}}' \
	'{"ph":"M","pid":1,"tid":2,"name":"thread_name","args":{"name":"SP_X"}},{"ph":"M","pid":1,"tid":2,"name":"thread_sort_index","args":{"sort_index":2}}' \
	"$B" "$E" '{"ph":"i","pid":1,"tid":2,"ts":3,"name":"x","s":"t"}' >"$dir/ns_not_first.json"
trace open "$B"
trace orphan "$E"
trace unnamed '{"ph":"B","pid":1,"tid":1,"ts":1}' "$E"
trace back "$B" '{"ph":"E","pid":1,"tid":1,"ts":0}'
trace anonymous '{"ph":"i","pid":1,"tid":3,"ts":1,"name":"x","s":"t"}'
trace scope '{"ph":"i","pid":1,"tid":1,"ts":1,"name":"x"}'
printf '%s,' "$head" >"$dir/truncated.json"

tap_ok "trace checker: accepts a balanced trace" $check "$dir/good.json"
tap_ok "trace checker: accepts a call's flow into a service slice" \
	$check "$dir/flow.json"
for bad in open orphan unnamed back anonymous scope truncated flow_outside \
	flow_unstarted flow_twice flow_unbound ns_unit no_clock no_sort_index \
	ns_not_first; do
	tap_ok "trace checker: refuses the '$bad' trace" \
		sh -c "! $check '$dir/$bad.json' 2>/dev/null"
done
tap_done
