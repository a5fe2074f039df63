#!/bin/sh
# Prints the target benchmark's table: per configuration (BACKEND-LEVEL,
# images under DIR/BACKEND-LLEVEL/), the instructions of the benchmark's
# operations on QEMU's Cortex-M33 with -icount shift=0 (deterministic), and
# the Secure image's flash (text + data) and RAM (data + bss: every static
# table, the partitions' areas and stacks, the heap the contexts' stacks
# come from) as arm-none-eabi-size reports them.
# usage: bench-target.sh DIR CONFIG...
set -eu
dir=$1
shift
qemu=${QEMU_ARM:-qemu-system-arm}
size=${TARGET_SIZE:-arm-none-eabi-size}

printf '%-8s %7s %11s %16s %10s %10s\n' backend level "empty call" \
	"4 x 64 B call" "connect+close" "flash B"
for c in "$@"; do
	d=$dir/${c%-*}-L${c#*-}
	out=$(timeout 120 "$qemu" -M mps2-an505 -cpu cortex-m33 -m 16M \
		-nographic -monitor none -icount shift=0 \
		-chardev stdio,id=con,mux=on -serial chardev:con \
		-serial chardev:con -semihosting-config enable=on,target=native \
		-kernel "$d/secure.elf" -device loader,file="$d/nonsecure.elf" \
		</dev/null | tr -d '\r')
	empty=$(echo "$out" | awk '/no vectors/ { print $(NF-1) }')
	vec=$(echo "$out" | awk '/64-byte/ { print $(NF-1) }')
	conn=$(echo "$out" | awk '/connect/ { print $(NF-1) }')
	set -- $($size "$d/secure.elf" | awk 'NR == 2 { print $1, $2, $3 }')
	printf '%-8s %7s %11s %16s %10s %10s\n' "${c%-*}" "${c#*-}" \
		"${empty:-?}" "${vec:-?}" "${conn:-?}" $(($1 + $2))
	echo "         RAM $(($2 + $3)) B (data $2, bss $3)"
done
echo "(instructions per operation from the non-secure side, QEMU -icount shift=0;"
echo " the Secure image holds the one benchmark partition, SP_BENCH)"
