#!/usr/bin/env bash
# Function processes killed while orders flow, end to end: the standalone local cloud (in memory) runs
# the project's stack (infra/template.yaml, the real AOT functions) while `sluice put` sends ORDERS valid
# orders at RATE a second; every EVERY seconds, from the put's start until the pipeline is settled, one
# function process (Ingest, Processor or Orchestrator, picked at random among those running) is killed
# with SIGKILL. A killed Ingest or Processor invocation is retried by its event source (the same records
# again: duplicates the pipeline must absorb); a killed Orchestrator step is Runtime.ExitError, which the
# workflow retries with backoff and, when its retries run out, fails the execution. Then `sluice redrive`
# restarts the failed executions from the failed step. Reported before and after the redrive: orders
# lost (no execution or no outcome), duplicated (two executions or two different outcomes), failed.
# Usage: benchmarks/chaos.sh [orders] [rate] [every]   (default 2000 50 1)
# Needs: .NET SDK, python3 with boto3. PORT (default 4671), SEED (default 7), TARGETS (an extended
# regular expression a victim's command line must match; default Ingest|Processor|Orchestrator),
# CONFIGURATION (default Release), SKIP_BUILD=1 to use the builds there are.
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS=${1:-2000}; RATE=${2:-50}; EVERY=${3:-1}
PORT=${PORT:-4671}; SEED=${SEED:-7}; TARGETS=${TARGETS:-Ingest|Processor|Orchestrator}
source benchmarks/lib/pipeline.sh

start_host
echo "host up with the stack in $STARTED_MS ms"
sluice put --count 5 --mix valid=1 --seed 1 >/dev/null 2>&1
check warm 5
echo "warm-up: 5 orders through the pipeline"

killer() { # one random function process of the host every EVERY seconds, until $WORK/stop exists
  local victims victim name
  while [ ! -e "$WORK/stop" ]; do
    sleep "$EVERY"
    victims=$(pgrep -P "$HOST" -f "$TARGETS" || true)
    [ -z "$victims" ] && continue
    victim=$(shuf -n 1 -e $victims)
    name=$(tr '\0' ' ' <"/proc/$victim/cmdline" 2>/dev/null || true)
    if kill -9 "$victim" 2>/dev/null; then
      echo "$victim $name" >>"$WORK/kills"
    fi
  done
}
: >"$WORK/kills"
killer &
KILLER=$!
started=$(date +%s)
sluice put --count "$ORDERS" --mix valid=1 --seed "$SEED" --rate "$RATE" --max-attempts 100 --json >"$WORK/put.json" 2>"$WORK/put.err" || echo "put failed: $(cat "$WORK/put.err")"
echo "put done in $(( $(date +%s) - started )) s; killing goes on until the pipeline is settled"
echo "before redrive:"
check report "$WORK/put.json" --idle 120 --json "$WORK/before.json" || true
touch "$WORK/stop"; wait "$KILLER" || true; KILLER=""
echo "function processes killed: $(wc -l <"$WORK/kills") in $(( $(date +%s) - started )) s (one asked for every $EVERY s):" \
  "$(awk 'match($0, /Ingest|Processor|Orchestrator/) { n[substr($0, RSTART, RLENGTH)]++ } END { for (f in n) printf "%s %d; ", f, n[f] }' "$WORK/kills")"

sluice redrive --json >"$WORK/redrive.json" 2>"$WORK/redrive.err" || true
python3 -c "import json; r=json.load(open('$WORK/redrive.json')); print('redrive: redriven', r.get('redriven'), 'not redriven', r.get('notRedriven'))" \
  || echo "redrive failed: $(cat "$WORK/redrive.err")"
echo "after redrive:"
check report "$WORK/put.json" --json "$WORK/after.json"
