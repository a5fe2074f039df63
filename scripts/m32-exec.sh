#!/bin/sh
# Says whether this machine can execute the 32-bit build's programs
# (build/m32/): prints "yes" and exits 0 when it can; prints the reason, one
# line, and exits 1 when it cannot (a kernel without IA32 emulation refuses
# them with "Exec format error"); exits 2 on a bad SPMSIM_M32_EXEC.
#
#   SPMSIM_M32_EXEC=auto (or unset)  run a tiny 32-bit program to find out
#   SPMSIM_M32_EXEC=yes|no           do not probe: force the answer
#   SPMSIM_M32_REASON                the reason "no" prints; tests/run sets it
#                                    with its answer, so that the tool checks
#                                    it runs reuse the one probe
#   SPMSIM_M32_PROBE                 the program to probe with (the checks of
#                                    tests/tools/test_m32_exec.sh use it)
#
# Debian's qemu-user (7.2) is no way around it: the fault tests fail under it
# (an execute fault reads as a read: the signal context has no fault error
# code), the timer and signal tests die, and spmsim finds no scenario in a
# folder. So the programs are built and their cases reported skipped.
probe=${SPMSIM_M32_PROBE:-build/m32/tests/tools/m32_probe}
no_ia32="this kernel cannot execute 32-bit x86 programs (no IA32 emulation); built, not run"

case "${SPMSIM_M32_EXEC:-auto}" in
yes)
	echo yes
	exit 0
	;;
no)
	echo "${SPMSIM_M32_REASON:-SPMSIM_M32_EXEC=no: run as on a kernel that cannot execute 32-bit x86 programs; built, not run}"
	exit 1
	;;
auto) ;;
*)
	echo "m32-exec: SPMSIM_M32_EXEC must be auto, yes or no, not '$SPMSIM_M32_EXEC'" >&2
	exit 2
	;;
esac

# No probe built: nothing 32-bit to run, and any program that is run shows
# its own failure.
if [ ! -x "$probe" ]; then
	echo yes
	exit 0
fi
# The shell reports a program the kernel refuses (ENOEXEC) with status 126.
# Any other failure is the probe's own: say yes, so that the real programs
# run and fail where they can be seen.
"$probe" >/dev/null 2>&1 </dev/null
if [ $? -eq 126 ]; then
	echo "$no_ia32"
	exit 1
fi
echo yes
