#!/bin/sh
# Installs the Debian packages a goal needs, and nothing else. Does nothing
# when all of them are present (and, with --quiet, says nothing either).
# Uses apt-get, through sudo when not run as root. Non-interactive, so it
# also runs in CI with no stdin.
#
# usage: setup-deps.sh [--quiet] [--m32] [run|build|target|test|fuzz]
#   run    building the simulator and running scenarios (make run, make bench)
#   build  everything `make` builds: the test programs too (CMocka)
#   target the target build (make target, run-target, bench-target): the
#          Arm cross compiler, newlib and qemu-system-arm
#   test   everything `make test` runs (the default): the 32-bit libraries,
#          Valgrind, clang, gdb, xmllint, and the target build's packages
#   fuzz   `make fuzz`: clang's libFuzzer and sanitizer runtimes besides
#   --m32  the 32-bit libraries whatever the level (a HOST_BITS=32 build)
set -eu

quiet=no
m32=no
while [ $# -gt 0 ]; do
	case "$1" in
	--quiet) quiet=yes ;;
	--m32) m32=yes ;;
	*) break ;;
	esac
	shift
done
level=${1:-test}
[ "$level" = --fuzz ] && level=fuzz

run="build-essential libyaml-dev"
build="$run libcmocka-dev"
# The 32-bit build (make HOST_BITS=32) and its tests link the i386 ones.
multi="gcc-multilib libc6-dev-i386 libcmocka-dev:i386 libyaml-dev:i386"
# The target build (make target, run-target, bench-target and the target
# stage of make test): the Arm cross compiler, its C library, and QEMU's
# Arm machines (mps2-an505).
target="$run gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm"
test="$build pkg-config valgrind clang libxml2-utils gdb $multi $target"
case "$level" in
run) want=$run ;;
build) want=$build ;;
target) want=$target ;;
test) want=$test ;;
fuzz) want="$test libclang-rt-dev" ;;
*)
	echo "setup-deps: unknown level '$level' (run, build, target, test or fuzz)" >&2
	exit 2
	;;
esac
[ "$m32" = yes ] && want="$want $multi"

# One query for every package: those dpkg does not list as installed are
# missing (a package it does not know at all is missing too).
installed=$(dpkg-query -W -f='${Package}:${Architecture} ${db:Status-Status}\n' $want 2>/dev/null |
	awk '$2 == "installed" { print $1 }') || true
missing=""
for p in $want; do
	case "$p" in
	*:*) full=$p ;;
	*) full="$p:$(dpkg --print-architecture 2>/dev/null || echo none)" ;;
	esac
	if ! printf '%s\n' "$installed" | grep -qx -e "$full" -e "$p:all"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	[ "$quiet" = yes ] || echo "setup-deps: all packages for '$level' are present"
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "setup-deps: missing packages:$missing, and apt-get is not available" >&2
	exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "setup-deps: missing packages:$missing; run as root or install sudo" >&2
		exit 1
	fi
	sudo="sudo"
fi

echo "setup-deps: installing:$missing"
case "$missing" in
*:i386*)
	if ! dpkg --print-foreign-architectures | grep -qx i386; then
		echo "setup-deps: enabling the i386 architecture for the 32-bit libraries"
		$sudo dpkg --add-architecture i386
	fi
	;;
esac
export DEBIAN_FRONTEND=noninteractive
# A mirror in the middle of a sync can fail one index; an old index is
# usually still good enough, so retry a little and let the install decide.
for try in 1 2 3; do
	$sudo apt-get update -q && break
	echo "setup-deps: apt-get update failed (try $try of 3)" >&2
	sleep 3
done
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
echo "setup-deps: done"
