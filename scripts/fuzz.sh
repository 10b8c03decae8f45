#!/usr/bin/env bash
# Runs the libFuzzer targets built by `make fuzz-build`, one at a time.
# Usage: scripts/fuzz.sh SECONDS WORKDIR "FLAGS" TARGET...
# Prints the executions of each target; copies crash inputs to WORKDIR/crashes
# and exits 1 when any target crashed.
set -u
# The Swift runtime's own crash backtracer reads memory ASan flags; libFuzzer prints the stack.
export SWIFT_BACKTRACE=enable=no
seconds=$1 work=$2 flags=$3; shift 3
bin=Fuzz/.build/release
mkdir -p "$work/crashes"
failed=()
printf '%-14s %12s %8s %s\n' target executions exec/s result
for t in "$@"; do
    # query -> FuzzQuery, text-decoder -> FuzzTextDecoder
    exe=Fuzz$(echo "$t" | sed -E 's/(^|-)([a-z])/\U\2/g; s/^Html$/HTML/; s/^Xml$/XML/; s/^Ole$/OLE/')
    [ -x "$bin/$exe" ] || { echo "no fuzz target $bin/$exe (make fuzz-build)"; exit 2; }
    mkdir -p "$work/corpus/$t" "$work/artifacts/$t"
    log=$work/$t.log
    extra= leaks=1
    case $t in
        # Foundation's Process leaks a weak-reference side table per run: not ours to fix.
        ole) leaks=0 ;;
        # Queries are typed by people; the target ignores longer inputs.
        query) extra=-max_len=512 ;;
    esac
    # The grown corpus comes first: libFuzzer writes new inputs to the first folder only.
    # shellcheck disable=SC2086
    ASAN_OPTIONS=detect_leaks=$leaks "$bin/$exe" "$work/corpus/$t" "Fuzz/Corpus/$t" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$t/" $flags $extra >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    result=ok
    if [ $rc -ne 0 ]; then
        result="CRASH (rc $rc, log $log)"
        failed+=("$t")
        for f in "$work/artifacts/$t"/*; do [ -e "$f" ] && cp "$f" "$work/crashes/$t-$(basename "$f")"; done
    fi
    printf '%-14s %12s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "crashed: ${failed[*]} (inputs in $work/crashes)"
    exit 1
fi
