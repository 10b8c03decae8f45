#!/bin/bash
# Runs one govsearch binary over a fixed set of commands (the bench queries and
# every output format, over Fixtures/ and a generated corpus) and writes each
# command's stdout, stderr and exit status to OUT/. Two runs, one per binary,
# are then compared with `diff -r`: a refactoring must leave them identical.
#
#   scripts/compare-outputs.sh BIN OUT [CORPUS]
#   diff -r OUT_OLD OUT_NEW && echo identical
#
# CORPUS: a folder made by gen_corpus.py (default /tmp/corpus2k, generated once).
set -euo pipefail
BIN=$(realpath "$1"); OUT=$2
ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
CORPUS=${3:-/tmp/corpus2k}
[ -d "$CORPUS" ] || python3 "$ROOT/scripts/corpus/gen_corpus.py" 2000 "$CORPUS" --seed 1 >/dev/null
rm -rf "$OUT"; mkdir -p "$OUT"
# One fixed work folder, so that index paths in the outputs are the same for both runs.
WORK=/tmp/govsearch-compare-work
rm -rf "$WORK"; mkdir -p "$WORK"

# A command's outputs, with run times (the only thing allowed to differ) masked.
n=0
run() {
  n=$((n + 1)); local f; f=$(printf '%s/%03d' "$OUT" "$n")
  printf '%s\n' "${*//$BIN/govsearch}" > "$f.cmd"
  set +e; "$@" > "$f.out" 2> "$f.err" < /dev/null; echo $? > "$f.rc"; set -e
  sed -i -E 's/[0-9]+(\.[0-9]+)? ?(s|ms|MB\/s|reports\/s)\b/T\2/g; s/"(seconds|elapsed|took|last_run|lastRun|time)": ?[0-9.e+-]+/"\1": T/g; s/"last_update":"[^"]*"/"last_update":T/g' "$f.out" "$f.err"
}

queries=$(awk -F'\t' '!/^#/ && $1 != "id" { q = $4; if ($2 == "phrase") q = "\"" q "\""; if ($3 != "-") q = q " year:" $3; print q }' "$ROOT/bench/peers/queries.tsv")
extra='section:requests 复议
section:appeals 诉讼 year:2019..2021
"政务公开 工作要点"
复议 OR 诉讼
复议 -诉讼
(复议 OR 诉讼) 保密审查
level:county 依申请公开
format:pre2019
agency:区 year:>=2020
12345热线
第3季度
行'

for label in fixtures corpus; do
  src=$ROOT/Fixtures; [ $label = corpus ] && src=$CORPUS
  idx=$WORK/$label
  run "$BIN" index "$src" --index "$idx" --quiet
  { echo "$queries"; echo "$extra"; } > "$WORK/q.txt"
  while IFS= read -r q; do
    run "$BIN" "$q" --index "$idx" --json --facets year,agency,region,section,level,format
    run "$BIN" "$q" --index "$idx"
  done < "$WORK/q.txt"
  run sh -c "\"$BIN\" --batch --index \"$idx\" < \"$WORK/q.txt\""
  run "$BIN" "依申请公开" --index "$idx" --count
  run "$BIN" "复议" --index "$idx" --all --format csv --fields id,path,year,agency,region,level,format,sections,new_applications,granted
  run "$BIN" "复议" --index "$idx" --all --format jsonl
  run "$BIN" "复议" --index "$idx" --format table --limit 30 --sort=-new_applications
  run "$BIN" "复议" --index "$idx" --sort=-year --limit 5 --json
  for by in year agency region section level; do
    run "$BIN" trend "复议" --index "$idx" --by $by
    run "$BIN" trend "复议" --index "$idx" --by $by --format json
    run "$BIN" trend "复议" --index "$idx" --by $by --format csv
  done
  run "$BIN" trend "复议" --index "$idx" --by year --svg "$WORK/trend-$label.svg"
  run cat "$WORK/trend-$label.svg"
  for agg in sum mean median count; do
    run "$BIN" stats --index "$idx" --by year --fields new_applications,granted,withheld --agg $agg
    run "$BIN" stats "复议" --index "$idx" --by level --fields new_applications,handled_total --agg $agg --format json
  done
  run "$BIN" stats --index "$idx" --by agency --fields new_applications --format csv --show-failed
  run "$BIN" export "复议" --index "$idx" --format jsonl
  run "$BIN" export "复议" --index "$idx" --format csv --sections
  run "$BIN" status --index "$idx" --json
  # errors: each a one-line message and exit status 2
  run "$BIN" '"复议' --index "$idx"
  run "$BIN" 'year:20x' --index "$idx" --json
  run "$BIN" 'section:nowhere 复议' --index "$idx"
  run "$BIN" stats --index "$idx" --by section --fields granted
  run "$BIN" trend 复议 --index "$idx" --by nothing
  run "$BIN" 复议 --index "$WORK/none"
done
run "$BIN" inspect --json "$ROOT"/Fixtures/* "$ROOT"/RealReports/*.txt
run "$BIN" inspect "$ROOT"/Fixtures/000_06b7d66bc02cc0a1.txt "$ROOT"/RealReports/021_b5cd7ac1f130.txt
echo "compare-outputs: $n commands, outputs in $OUT"
