# The target stage: the portable cases of tests/target/ run on QEMU's
# Cortex-M33 board (mps2-an505) under IPC at isolation levels 1, 2 and 3
# and under SFN at level 1, and each case's outcome line (status codes,
# panics: partition, cause, fault, region, level) must equal the line the
# host prints for the same case under the same configuration. A case that
# cannot apply (an IPC-model partition under SFN) is reported skipped, with
# its reason; when the host cannot run a case the board can, the board's
# line is compared with the one tests/target/board_only.txt gives for that
# configuration instead. `make test` builds the images first
# (target-test-images).
. tests/tools/tap.sh

qemu=${QEMU_ARM:-qemu-system-arm}
host=build/tests/target/target_cases
board_only=tests/target/board_only.txt
start=$(date +%s)

# board DIR: the case lines of the test image in DIR, run on QEMU; its exit
# status is QEMU's (the image's).
board()
{
	timeout 120 "$qemu" -M mps2-an505 -cpu cortex-m33 -m 16M -nographic \
		-monitor none -chardev stdio,id=con,mux=on -serial chardev:con \
		-serial chardev:con -semihosting-config enable=on,target=native \
		-kernel "$1/secure.elf" -device loader,file="$1/nonsecure.elf" \
		</dev/null >"$1/run.log" 2>&1
	rc=$?
	tr -d '\r' <"$1/run.log" | grep '^case ' >"$1/cases.txt"
	return $rc
}

# same HOST_LINE BOARD_FILE: the board printed HOST_LINE's case the same.
same()
{
	local name=${1%%:*} got
	got=$(grep -F "$name:" "$2" | head -1)
	if [ "$got" != "$1" ]; then
		echo "host:  $1"
		echo "board: ${got:-(nothing: the image stopped before this case)}"
		return 1
	fi
}

for cfg in IPC-1 IPC-2 IPC-3 SFN-1; do
	backend=${cfg%-*}
	level=${cfg#*-}
	dir=build/target/test/$backend-L$level
	what="$backend level $level"
	if [ ! -f "$dir/secure.elf" ] || [ ! -x "$host" ]; then
		tap_ok "$what: the images and $host are built (make test builds them)" false
		continue
	fi
	tap_ok "$what: the board's run ends with status 0 ($dir/run.log)" board "$dir"
	"$host" "$backend" "$level" >"$dir/host.txt" 2>&1
	while IFS= read -r line; do
		case $line in
		*": skip: "*)
			tap_skip "$what: ${line%%:*}" "${line#*: skip: }"
			expected=$(grep -F "$cfg ${line%%:*}:" "$board_only" |
				head -1 | cut -d' ' -f2-)
			if [ -n "$expected" ]; then
				tap_ok "$what (board only): $expected" \
					same "$expected" "$dir/cases.txt"
			fi
			;;
		*)
			tap_ok "$what: $line" same "$line" "$dir/cases.txt"
			;;
		esac
	done <"$dir/host.txt"
done
echo "# target stage: $(($(date +%s) - start)) s for 4 configurations on QEMU"
