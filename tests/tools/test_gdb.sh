# A partition developer stops in their partition under gdb and sees where it
# is: the partition's frames down to the context it runs on; with
# scripts/gdbinit, a scenario with interrupts and a caught fault runs to a
# breakpoint in partition code without a stop on the simulator's signals,
# backtraces end at the partition's entry, and spmsim-partitions says what
# each partition is doing.
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

# The demo scenario takes four timer interrupts (SP_DEVICES) and a stray
# write (SP_FAULT_LAB_SFN, a MemManage fault), then calls the key-value
# store a third time: the breakpoint's third hit comes after all of them.
spmsim=build/spmsim
demo="run --brief scenarios/demo.yaml"
third_kv="-ex 'break kv_store_sfn' -ex 'ignore 1 2' -ex run"
# (Page protection's SIGSEGV, which may come first, passed here: the case
# is about the interrupts.)
out=$(eval timeout 300 gdb -nx -batch -ex "'handle SIGSEGV nostop noprint pass'" "$third_kv" -ex kill --args $spmsim $demo 2>&1)
tap_ok "without the gdbinit, gdb stops on the interrupt signal" \
	grep -q 'Program received signal SIG38' <<<"$out"
out=$(eval timeout 300 gdb -batch -x scripts/gdbinit "$third_kv" -ex bt -ex spmsim-partitions -ex kill --args $spmsim $demo 2>&1)
tap_ok "with scripts/gdbinit, the run reaches the breakpoint after the interrupts and the fault, with no stop on a signal" \
	bash -c 'grep -q "^Breakpoint 1, kv_store_sfn" <<<"$1" && ! grep -q "received signal" <<<"$1"' _ "$out"
tap_ok "spmsim-partitions: the running partition, one waiting, the last panic" \
	bash -c 'grep -q "^SP_KV_STORE .* running .*<- current" <<<"$1" &&
		grep -q "^SP_DEVICES .* HIGH .* waiting for signals" <<<"$1" &&
		grep -q "^last panic: fault of SP_FAULT_LAB_SFN (MemManage)" <<<"$1"' _ "$out"
tap_ok "the backtrace ends in the SPM's loop of the partition, not in the context start-up or libc" \
	bash -c 'bt=$(grep "^#" <<<"$1"); grep -q "sfn_loop" <<<"$bt" && ! grep -q "trampoline\|partition_entry\|??" <<<"$bt"' _ "$out"
out=$(timeout 300 gdb -batch -x scripts/gdbinit -ex 'break counter_main' -ex run -ex bt -ex kill --args $spmsim $demo 2>&1)
tap_ok "an IPC partition's backtrace is its entry point alone" \
	bash -c '[ "$(grep -c "^#" <<<"$1")" = 1 ] && grep -q "^#0  counter_main () at partitions/counter/counter.c" <<<"$1"' _ "$out"
out=$(timeout 300 gdb -batch -x scripts/gdbinit -ex spmsim-faults -ex run -ex bt -ex kill --args $spmsim $demo 2>&1)
tap_ok "spmsim-faults stops at the stray write, in the faulting partition's frames" \
	bash -c 'grep -q "^Breakpoint 1, spm_fault" <<<"$1" && grep -q "<signal handler called>" <<<"$1" &&
		grep -q "fault_lab_sfn" <<<"$1"' _ "$out"
tap_done
