#!/usr/bin/env bash
# `make fuzz-api`: schemathesis against /openapi.json of a loopback server over
# an index of Fixtures/. Fails on any 5xx (not_a_server_error) and on answers
# that break the documented schema or status codes. Bounded: MAX_EXAMPLES (50)
# per operation, positive and negative generation.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_EXAMPLES=${MAX_EXAMPLES:-50}
SCRATCH=${SCRATCH:-.build}

command -v schemathesis >/dev/null || python3 -m pip install -q schemathesis
. "$(dirname "$0")/serve-helpers.sh"
serve_fixtures  # sets BIN, WORK, BASE, PORT; stops the server and removes WORK on exit

schemathesis run "$BASE/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$MAX_EXAMPLES" --seed 1 --request-timeout 20 --workers 2 \
  --suppress-health-check all --warnings off
status=$?

# The server must still be up and answer after the fuzzing.
curl -sf "$BASE/health" >/dev/null || { echo "fuzz-api: server no longer answers /health" >&2; exit 1; }
if grep -qE 'status="5[0-9][0-9]"' <(curl -s "$BASE/metrics"); then
  echo "fuzz-api: the server answered 5xx:" >&2
  curl -s "$BASE/metrics" | grep -E 'status="5[0-9][0-9]"' >&2
  exit 1
fi
echo "fuzz-api: no 5xx"
exit $status
