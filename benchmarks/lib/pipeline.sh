# Shared by the pipeline harnesses (benchmarks/durability/kill.sh, benchmarks/chaos.sh): builds the
# standalone local cloud and the CLI, starts the host with the project's stack and waits until it
# answers, kills it with its function processes, and runs `sluice` against it.
# Source it from the repository root after setting PORT; it sets ENDPOINT, WORK (removed on exit) and
# exports the AWS variables boto3 and the CLI read. CONFIGURATION (default Release); SKIP_BUILD=1 uses
# the builds there are.
ENDPOINT="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
HOST=""; PUT=""; KILLER=""
CONFIGURATION=${CONFIGURATION:-Release}
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 ENDPOINT
if [ "${SKIP_BUILD:-}" != 1 ]; then
  dotnet build -c "$CONFIGURATION" src/LocalCloud -nologo -v q >/dev/null
  dotnet build -c "$CONFIGURATION" src/Cli -nologo -v q >/dev/null
fi
HOST_DLL=src/LocalCloud/bin/$CONFIGURATION/net10.0/Sluice.LocalCloud.dll
sluice() { dotnet "src/Cli/bin/$CONFIGURATION/net10.0/sluice.dll" "$@" --endpoint "$ENDPOINT"; }
check() { python3 benchmarks/lib/pipeline_check.py "$@"; }

start_host() { # starts the host (its arguments added: --data-dir ...) and waits until its stack answers; sets HOST and STARTED_MS
  local t0 log; t0=$(date +%s%N); log="$WORK/host-$(date +%s%N).log"
  dotnet "$HOST_DLL" --port "$PORT" --template infra/template.yaml "$@" >"$log" 2>&1 &
  HOST=$!
  for _ in $(seq 1 6000); do
    if grep -q '^Outputs:' "$log" 2>/dev/null; then STARTED_MS=$(( ($(date +%s%N) - t0) / 1000000 )); return; fi
    kill -0 "$HOST" 2>/dev/null || { echo "host exited: $(cat "$log")" >&2; exit 1; }
    sleep 0.05
  done
  echo "host did not deploy its stack: $(cat "$log")" >&2; exit 1
}

kill_host() { # SIGKILL the host and every function process it started (they are its children)
  local children; children=$(pgrep -P "$HOST" || true)
  kill -9 "$HOST" $children 2>/dev/null || true
  wait "$HOST" 2>/dev/null || true
}

cleanup() {
  [ -n "$KILLER" ] && kill -9 "$KILLER" 2>/dev/null || true
  [ -n "$PUT" ] && kill -9 "$PUT" 2>/dev/null || true
  [ -n "$HOST" ] && kill_host
  rm -rf "$WORK"
}
trap cleanup EXIT
