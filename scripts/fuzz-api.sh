#!/usr/bin/env bash
# `make fuzz-api`: schemathesis against /openapi.json of a loopback server over
# an index of Fixtures/, with all its checks (scripts/schemathesis.toml: no 5xx, answers and status codes as
# documented, schema-valid input accepted, invalid input refused, undeclared
# methods 405 with Allow, …) and a fresh seed each run (printed; SEED=N repeats
# a run). Bounded: MAX_EXAMPLES (100) per operation. After the run the server
# must still answer /health and /metrics must show no 5xx.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_EXAMPLES=${MAX_EXAMPLES:-100}
SEED=${SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
SCRATCH=${SCRATCH:-.build}

command -v schemathesis >/dev/null || python3 -m pip install -q schemathesis 2>/dev/null \
  || python3 -m pip install -q --break-system-packages schemathesis
. "$(dirname "$0")/serve-helpers.sh"
serve_fixtures  # sets BIN, WORK, BASE, PORT; stops the server and removes WORK on exit

echo "fuzz-api: seed $SEED (SEED=$SEED make fuzz-api repeats this run)"
status=0
# The query language's own 400s: see scripts/fuzz_api_hooks.py.
export PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=fuzz_api_hooks
schemathesis --config-file scripts/schemathesis.toml run "$BASE/openapi.json" \
  --max-examples "$MAX_EXAMPLES" --seed "$SEED" --request-timeout 20 --workers 2 \
  --suppress-health-check all --warnings off || status=$?

# The server must still be up and answer after the fuzzing.
curl -sf "$BASE/health" >/dev/null || { echo "fuzz-api: server no longer answers /health" >&2; exit 1; }
if grep -qE 'status="5[0-9][0-9]"' <(curl -s "$BASE/metrics"); then
  echo "fuzz-api: the server answered 5xx:" >&2
  curl -s "$BASE/metrics" | grep -E 'status="5[0-9][0-9]"' >&2
  exit 1
fi
echo "fuzz-api: no 5xx (seed $SEED)"
exit $status
