#!/usr/bin/env bash
# Acknowledged writes lost to SIGKILL, end to end: the standalone local cloud runs the project's stack
# (infra/template.yaml, the real AOT functions) on a data directory while `sluice put` sends ORDERS valid
# orders at RATE a second; KILLS times, at a random moment 2-7 s apart, the host is killed with SIGKILL
# (its function processes with it) and started again on the same directory and port. Once the put has
# finished and the pipeline is idle, every order on the stream must have exactly one execution, that
# execution SUCCEEDED, and exactly one outcome event (an outcome put twice with the same source and id
# counts as a duplicate record, not a second outcome, and is reported apart).
# Usage: benchmarks/durability/kill.sh [orders] [kills] [rate]   (default 2000 5 50)
# Needs: .NET SDK, python3 with boto3. PORT (default 4670), SEED (default 7), CONFIGURATION (default
# Release), SKIP_BUILD=1 to use the builds there are (the test that runs this script at a small size).
set -euo pipefail
cd "$(dirname "$0")/../.."
ORDERS=${1:-2000}; KILLS=${2:-5}; RATE=${3:-50}
PORT=${PORT:-4670}; SEED=${SEED:-7}
source benchmarks/lib/pipeline.sh

start_host --data-dir "$WORK/data"
echo "host up with the stack in $STARTED_MS ms (first start)"
# Warm-up outside the measure: every function built (when not cached) and started once, 5 outcomes on the stream.
sluice put --count 5 --mix valid=1 --seed 1 >/dev/null 2>&1
check warm 5
echo "warm-up: 5 orders through the pipeline"

sluice put --count "$ORDERS" --mix valid=1 --seed "$SEED" --rate "$RATE" --max-attempts 100 --json >"$WORK/put.json" 2>"$WORK/put.err" &
PUT=$!
restarts=()
for k in $(seq 1 "$KILLS"); do
  sleep "$(python3 -c 'import random; print(round(random.uniform(2, 7), 2))')"
  kill -0 "$PUT" 2>/dev/null || { echo "put finished before kill $k"; break; }
  kill_host
  start_host --data-dir "$WORK/data"
  restarts+=("$STARTED_MS")
  echo "kill $k: host killed and back with its stack in ${restarts[-1]} ms"
done
wait "$PUT" || { echo "put failed: $(cat "$WORK/put.err")"; }
PUT=""
check report "$WORK/put.json"
