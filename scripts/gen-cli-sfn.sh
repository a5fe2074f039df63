#!/bin/sh
# Generates the SFN load table of the spmsim command from every manifest
# list the SFN backend can run. A list it cannot run (an IPC-model partition
# with no condition keeping it out of SFN builds) is left out, with the
# compiler's reason naming the partition, so that one user list never takes
# SFN away from the others; a list that needs a left-out one goes too. With
# no list left, the table is empty and spmsim runs scenarios under IPC only.
#
# usage: gen-cli-sfn.sh TOOL OUTDIR EMPTY_TABLE_TEXT ARG... -- LIST...
tool=$1 out=$2 empty=$3
shift 3
args=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	args="$args $1"
	shift
done
shift
mkdir -p "$out"

# gen LIST...: the table of these lists, with the depfile; quiet.
gen() { "$tool" --depfile "$out/manifest.d" $args -o "$out" "$@" 2>"$out/errors"; }

gen "$@" && exit 0
kept=
for l in "$@"; do
	if "$tool" $args -o "$out/try" $kept "$l" 2>"$out/try.err"; then
		kept="$kept $l"
	else
		echo "spmsim: scenarios on $l run under IPC only: $(grep -m1 'error:' "$out/try.err")"
	fi
done
rm -rf "$out/try" "$out/try.err"
[ -n "$kept" ] && gen $kept && exit 0
printf '%b\n' "$empty" >"$out/load_table.c"
: >"$out/partitions.mk"
