# The PSA headers compile cleanly as strict C99 (and as C++), under gcc and
# clang, 64-bit and -m32: a partition that includes them must build unchanged
# for TF-M, whatever its toolchain flags.
. tests/tools/tap.sh

tu=$(mktemp -d)
trap 'rm -rf "$tu"' EXIT
for h in client service error lifecycle; do
	# Each header alone first: it must bring in what it needs.
	printf '#include "psa/%s.h"\nint spmsim_header_check;\n' "$h" >"$tu/$h.c"
done
# TF-M's partition logging headers, also alone.
for h in tfm_vprintf tfm_log_unpriv tfm_sp_log; do
	printf '#include "%s.h"\nint spmsim_header_check;\n' "$h" >"$tu/$h.c"
done
cat >"$tu/all.c" <<'SRC'
#include "psa/lifecycle.h"
#include "psa/service.h"
#include "psa/client.h"
#include "psa/error.h"
#include "psa/service.h"
#include "tfm_sp_log.h"
#include "tfm_log_unpriv.h"
psa_msg_t spmsim_msg;
psa_invec spmsim_in = {0, 0};
SRC

for cc in gcc clang; do
	for bits in 64 32; do
		if ! command -v $cc >/dev/null; then
			tap_skip "$cc -m$bits" "$cc not installed"
			continue
		fi
		for f in "$tu"/*.c; do
			tap_ok "$(basename "$f") with $cc -m$bits -std=c99 -pedantic" \
				$cc -m$bits -std=c99 -Wall -Wextra -Werror -pedantic \
				-Iinclude -c "$f" -o "$tu/out.o"
		done
	done
done
cp "$tu/all.c" "$tu/all.cc"
tap_ok "all headers as C++ with g++ -pedantic" \
	g++ -std=c++11 -Wall -Wextra -Werror -pedantic -Iinclude -c "$tu/all.cc" -o "$tu/out.o"
tap_done
