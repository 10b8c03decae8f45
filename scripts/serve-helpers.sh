# Shared by the serve scripts: start `govsearch serve` on a free loopback port and stop it.
# Needs BIN (the binary) and WORK (a scratch folder); sets SERVER_PID, PORT and BASE.
SERVER_PID=""

start_server() {  # $1: index path; further arguments go to `serve`
  local index=$1; shift
  "$BIN" serve --index "$index" --host 127.0.0.1 --port 0 "$@" >"$WORK/server.out" 2>"$WORK/server.err" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    grep -q "serving" "$WORK/server.out" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; exit 2; }
    sleep 0.1
  done
  PORT=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/server.out" | head -1)
  [ -n "$PORT" ] || { echo "govsearch serve did not start" >&2; cat "$WORK/server.err" >&2; exit 2; }
  BASE=http://127.0.0.1:$PORT
}

stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }

# Builds the debug binary (in $SCRATCH), indexes Fixtures/ (or the folders in
# SERVE_CORPUS) into a scratch folder and serves it; the server stops and the folder goes on exit.
serve_fixtures() {
  # SKIP_BUILD=1: use the binary already built (e.g. by `swift build --build-tests`)
  [ -n "${SKIP_BUILD:-}" ] || swift build --scratch-path "$SCRATCH" --product govsearch 2>&1 | tail -1
  BIN=$(swift build --scratch-path "$SCRATCH" --show-bin-path)/govsearch
  WORK=$(mktemp -d)
  trap 'stop_server; rm -rf "$WORK"' EXIT
  # shellcheck disable=SC2086
  "$BIN" index ${SERVE_CORPUS:-Fixtures} --index "$WORK/index" --quiet
  start_server "$WORK/index"
}
