#!/bin/sh
# Installs the Debian packages the build and the tests need, and nothing else.
# Does nothing (and says nothing beyond one line) when all of them are present.
# Uses apt-get, through sudo when not run as root. Non-interactive, so it also
# runs in CI with no stdin.
set -eu

native="build-essential pkg-config libyaml-dev libcmocka-dev valgrind clang libxml2-utils"
# `make fuzz` (setup-deps.sh --fuzz) also needs clang's libFuzzer and
# sanitizer runtimes: compiler-rt, for the default clang.
if [ "${1:-}" = --fuzz ]; then
	native="$native libclang-rt-dev"
fi
# The target build (make target, run-target, bench-target and the target
# stage of make test): the Arm cross compiler, its C library, and QEMU's
# Arm machines (mps2-an505).
native="$native gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm"
# The 32-bit build (make HOST_BITS=32) and its tests link these.
multi="gcc-multilib libc6-dev-i386 libcmocka-dev:i386 libyaml-dev:i386"

missing=""
for p in $native $multi; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "setup-deps: all build and test packages are present"
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
