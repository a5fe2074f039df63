#!/bin/sh
# Generates the SFN load table of the spmsim command from every manifest
# list the SFN backend can run. A list it cannot run (an IPC-model partition
# with no condition keeping it out of SFN builds) is left out, with the
# compiler's reason naming the partition, so that one user list never takes
# SFN away from the others; a list that needs a left-out one goes too. With
# no list left, the table is empty and spmsim runs scenarios under IPC only.
#
# It depends on every manifest of every list, left out or not: OUTDIR/all.d
# gives it the IPC table's prerequisites (IPC_DEPFILE, when there is one),
# so a fixed manifest brings its list back, without waiting on the IPC
# table's generation (whose failure would then hide behind a make error).
#
# usage: gen-cli-sfn.sh TOOL OUTDIR EMPTY_TABLE_TEXT IPC_DEPFILE ARG... -- LIST...
tool=$1 out=$2 empty=$3 ipcdep=$4
shift 4
args=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	args="$args $1"
	shift
done
shift
mkdir -p "$out"

# gen LIST...: the table of these lists, with the depfile; quiet.
gen() { "$tool" --depfile "$out/manifest.d" $args -o "$out" "$@" 2>"$out/errors"; }

# all_deps: OUTDIR/all.d, the IPC table's prerequisites as this table's.
all_deps() {
	[ -f "$ipcdep" ] && sed "1s|^[^:]*:|$out/.stamp:|" "$ipcdep" >"$out/all.d"
	return 0
}

all_deps
gen "$@" && exit 0
kept=
for l in "$@"; do
	if "$tool" $args -o "$out/try" $kept "$l" 2>"$out/try.err"; then
		kept="$kept $l"
	elif grep -q 'error:.*SFN backend' "$out/try.err"; then
		echo "spmsim: scenarios on $l run under IPC only: $(grep -m1 'error:.*SFN backend' "$out/try.err")"
	fi # any other error is the IPC table's too, which reports it
done
rm -rf "$out/try" "$out/try.err"
[ -n "$kept" ] && gen $kept && exit 0
printf '%b\n' "$empty" >"$out/load_table.c"
: >"$out/partitions.mk"
