# A partition developer stops in their partition under gdb and sees where it
# is: the partition's frames down to the context it runs on.
. tests/tools/tap.sh

bin=build/tests/integration/test_samples
if ! command -v gdb >/dev/null; then
	tap_skip "gdb backtrace in a partition" "gdb not installed"
	tap_done
	exit 0
fi
bt=$(gdb -nx -batch -ex 'break counter_main' -ex run -ex bt "$bin" 2>&1)
tap_ok "gdb stops in an IPC partition's entry point" \
	grep -q 'counter_main () at partitions/counter/counter.c' <<<"$bt"
tap_ok "the backtrace goes down to the partition's context" \
	grep -q 'partition_entry .* at backends/ipc/ipc.c' <<<"$bt"
bt=$(gdb -nx -batch -ex 'break kv_store_sfn' -ex run -ex bt "$bin" 2>&1)
tap_ok "gdb stops in an SFN service function, called from the client's psa_call" \
	bash -c 'grep -q "kv_store_sfn" <<<"$1" && grep -q "psa_call" <<<"$1"' _ "$bt"
tap_done
