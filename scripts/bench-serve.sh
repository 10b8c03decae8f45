#!/usr/bin/env bash
# `make bench-serve`: load-test `govsearch serve` with wrk on loopback.
# 64 connections for 30 s over a 10,000-report generated corpus, a mix of the
# peer benchmark's queries (bench/peers/queries.tsv) as the web page
# asks them (limit 10, facets year,agency,region,section, snippets).
# Prints requests/s, p50, p99 and errors. Env: DURATION (30s), CONNECTIONS (64),
# THREADS (2), BENCH_DIR (/tmp/govsearch-bench), FACETS
# (year,agency,region,section), MODES ("cached uncached export page"), SKIP_BUILD.
# The export mode streams /api/export of every report (CSV, and JSON Lines with
# sections) and compares time, bytes and the server's memory with `govsearch export`.
# The page mode loads the search page in headless Chromium (when installed) for
# the first 10 queries, cache off, and reads when the results and the trend chart
# were drawn (performance marks of app.js, from the start of navigation).
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-/tmp/govsearch-bench}
CORPUS=$BENCH_DIR/corpus10k
INDEX=$BENCH_DIR/serve-index
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
FACETS=${FACETS-year,agency,region,section}
MODES=${MODES:-cached uncached export page}
SCRATCH=${SCRATCH:-.build-serve}
QUERIES=bench/peers/queries.tsv

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -f "$QUERIES" ] || { echo "bench-serve: $QUERIES not found" >&2; exit 2; }

if [ -z "${SKIP_BUILD:-}" ]; then  # SKIP_BUILD=1: use the release binary already built
  echo "== release build ($SCRATCH)"
  swift build -c release --scratch-path "$SCRATCH" --product govsearch 2>&1 | tail -1
fi
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/govsearch

mkdir -p "$BENCH_DIR"
if [ ! -d "$CORPUS" ]; then
  echo "== generating 10,000 reports into $CORPUS"
  python3 scripts/corpus/gen_corpus.py 10000 "$CORPUS" --seed 1 >/dev/null
fi
if [ ! -d "$INDEX" ]; then
  echo "== indexing $CORPUS into $INDEX"
  "$BIN" index "$CORPUS" --index "$INDEX" --quiet
fi

WORK=$(mktemp -d)
SERVER_PID=""
. "$(dirname "$0")/serve-helpers.sh"
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT

# The request paths, one per query of queries.tsv, checked before each run.
python3 - "$QUERIES" "$WORK/paths.txt" "$FACETS" <<'EOF'
import sys, urllib.parse
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if l.strip() and not l.startswith("#")]
out = []
for r in rows:
    if r[0] == "id" or len(r) < 4: continue
    qid, kind, year, text = r[:4]
    q = f'"{text}"' if kind == "phrase" else text
    if year != "-": q += f" year:{year}"
    out.append("/api/search?" + urllib.parse.urlencode({"q": q, "limit": 10, "facets": sys.argv[3]}))
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print(f"{len(out)} queries, facets {sys.argv[3] or '(none)'}")
EOF

{
  echo "local paths = {"
  sed 's/.*/  "&",/' "$WORK/paths.txt"
  echo "}"
  cat <<'EOF'
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors, summary.errors.status, summary.errors.timeout))
end
EOF
} >"$WORK/mix.lua"

# Two runs: the server as shipped (answers cached per index revision), then
# with the cache off, so every request is a real Xapian search.
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$SERVER_PID/status"; }

# /api/export against `govsearch export`: the same bytes, at most 1.5x the time,
# and the server's peak memory must not grow with the output.
export_run() {
  start_server "$INDEX" --cache-entries 0
  curl -s -o /dev/null "$BASE/health"
  echo "== export: every report of $INDEX ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
  local fail=0
  for spec in "csv " "jsonl --sections"; do
    set -- $spec
    local format=$1 flag=${2:-} query="format=$1"
    [ -n "$flag" ] && query="$query&sections=1"
    local t0 t1 t2 cli api before after
    t0=$(date +%s.%N)
    "$BIN" export --index "$INDEX" --format "$format" $flag >"$WORK/cli.out" || true
    t1=$(date +%s.%N)
    before=$(hwm_kb)
    curl -s -o "$WORK/api.out" "$BASE/api/export?$query"
    t2=$(date +%s.%N)
    after=$(hwm_kb)
    cli=$(echo "$t1 - $t0" | bc); api=$(echo "$t2 - $t1" | bc)
    local same=yes; cmp -s "$WORK/cli.out" "$WORK/api.out" || { same=NO; fail=1; }
    local ratio; ratio=$(echo "scale=2; $api / $cli" | bc)
    printf 'EXPORT %-18s bytes=%d cli_s=%.2f api_s=%.2f ratio=%s same_bytes=%s server_peak_kb_before=%d after=%d\n' \
      "$format${flag:+ $flag}" "$(stat -c %s "$WORK/api.out")" "$cli" "$api" "$ratio" "$same" "$before" "$after"
    [ "$(echo "$ratio <= 1.5" | bc)" = 1 ] || { echo "bench-serve: /api/export took over 1.5x govsearch export" >&2; fail=1; }
  done
  stop_server
  return $fail
}

# The page's first render on this index: results and chart, per query, cache off.
page_run() {
  command -v chromium >/dev/null || { echo "== page: chromium not installed, skipped"; return 0; }
  start_server "$INDEX" --cache-entries 0
  echo "== page: first render of /?q=... in headless Chromium, cache off"
  python3 scripts/bench-page.py "$BASE" "$WORK" "$QUERIES"
  stop_server
}

for mode in $MODES; do
  if [ "$mode" = export ]; then export_run; continue; fi
  if [ "$mode" = page ]; then page_run; continue; fi
  case $mode in cached) entries=2048 ;; uncached) entries=0 ;; *) echo "bench-serve: unknown mode $mode" >&2; exit 2 ;; esac
  start_server "$INDEX" --cache-entries "$entries"
  while read -r p; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$p")
    [ "$code" = 200 ] || { echo "bench-serve: $p answered $code" >&2; exit 2; }
  done <"$WORK/paths.txt"
  echo "== $mode: wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $BASE ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(find "$CORPUS" -type f | wc -l) files)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$WORK/mix.lua" "$BASE" | tee "$WORK/wrk-$mode.out"
  curl -s "$BASE/metrics" | grep -E '^govsearch_(http_requests_total\{route="/api/search"|searches_rejected_total|cache_requests_total)' || true
  grep -q '^RESULT' "$WORK/wrk-$mode.out"
  stop_server
done
