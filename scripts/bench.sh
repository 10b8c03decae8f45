#!/bin/bash
# `make bench`: govsearch side by side with the reference programs of
# bench/peers (copied from the reference set) on a generated corpus.  See docs/bench.md.
#
#   scripts/bench.sh                 # 10 000 reports (corpus cached in $BENCH_WORK)
#   BENCH_N=100000 scripts/bench.sh  # the large run (`make bench-100k`, without the n-gram peer)
#
# Env: BENCH_N (10000), BENCH_REPS (20 passes over the queries),
#      BENCH_INDEX_RUNS (1; the fastest run counts), BENCH_NGRAM (1; 0 skips the
#      Python n-gram peer), BENCH_WORK (/tmp/govsearch-bench),
#      GOVSEARCH (binary; default .build/release/govsearch, built if missing),
set -euo pipefail
ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
PEERS=$ROOT/bench/peers
N=${BENCH_N:-10000}
REPS=${BENCH_REPS:-20}
WORK=${BENCH_WORK:-/tmp/govsearch-bench}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

if [ $((N % 1000)) -eq 0 ]; then LABEL=$((N / 1000))k; else LABEL=$N; fi
CORPUS=$WORK/corpus$LABEL

[ -f "$PEERS/cjk_bigram_xapian.cc" ] || { echo "bench: reference programs not found in $PEERS" >&2; exit 2; }

# System packages: GNU time (peak RSS), Xapian for Python (n-gram peer) and C++ (reference),
# xapian-tcpsrv (remote shards).
missing=""
[ -x /usr/bin/time ] || missing="$missing time"
[ -x /usr/bin/xapian-tcpsrv ] || missing="$missing xapian-tools"
/usr/bin/python3 -c 'import xapian' 2>/dev/null || missing="$missing python3-xapian"
dpkg -s libxapian-dev >/dev/null 2>&1 || missing="$missing libxapian-dev"
command -v g++ >/dev/null || missing="$missing g++"
if [ -n "$missing" ]; then
  echo "bench: installing$missing"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

mkdir -p "$WORK"

# The corpus: generated once per size and seed, then reused.
if [ ! -f "$CORPUS/.complete" ]; then
  echo "bench: generating $N reports into $CORPUS (once; later runs reuse it)"
  rm -rf "$CORPUS" "$CORPUS.tmp"
  python3 "$ROOT/scripts/corpus/gen_corpus.py" "$N" "$CORPUS.tmp" --seed 1 >/dev/null
  mv "$CORPUS.tmp" "$CORPUS"
  touch "$CORPUS/.complete"
fi

# govsearch, release build.
GOVSEARCH=${GOVSEARCH:-$ROOT/.build/release/govsearch}
if [ ! -x "$GOVSEARCH" ]; then
  echo "bench: building $GOVSEARCH"
  (cd "$ROOT" && swift build -c release --product govsearch)
fi

# The C++ reference, rebuilt when its source changes.
REF=$WORK/cjk_bigram_xapian
if [ ! -x "$REF" ] || [ "$PEERS/cjk_bigram_xapian.cc" -nt "$REF" ]; then
  g++ -O2 -std=c++17 -o "$REF" "$PEERS/cjk_bigram_xapian.cc" -lxapian
fi

ARGS=()
[ "${BENCH_NGRAM:-1}" = 0 ] && ARGS+=(--no-ngram)
exec /usr/bin/python3 "$ROOT/scripts/bench/run.py" --govsearch "$GOVSEARCH" --ref "$REF" --peers "$PEERS" \
  --corpus "$CORPUS" --work "$WORK" --label "$LABEL" --reps "$REPS" \
  --index-runs "${BENCH_INDEX_RUNS:-1}" --out "$ROOT/bench/results.json" "${ARGS[@]}"
