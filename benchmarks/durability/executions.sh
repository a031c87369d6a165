#!/usr/bin/env bash
# Step Functions on the data directory: N Standard executions of a two-state workflow started through
# the API (boto3, 8 threads) against an in-memory host and a --data-dir host of the same run, waiting
# until all have succeeded (executions/s, and the ratio); then the data-dir host is killed with SIGKILL
# and started again (time to its first answer, to ListExecutions listing all N, its memory); last, one
# self-looping Pass execution (a Pass and a Choice that always loops back) on the data-dir host (it ends at
# the 25,000-event history quota) with the
# host's resident memory sampled while it runs.
# Usage: benchmarks/durability/executions.sh [executions]   (default 10000)
# Needs: .NET SDK, python3 with boto3.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000}
BASE_PORT=${BASE_PORT:-4690}
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

dotnet build -c Release src/LocalCloud -nologo -v q >/dev/null
DLL=src/LocalCloud/bin/Release/net10.0/Sluice.LocalCloud.dll
start() { # port, extra args...; sets STARTED_MS and the host's pid in PIDS
  local port=$1; shift
  local t0; t0=$(date +%s%N)
  dotnet "$DLL" --port "$port" "$@" >>"$WORK/$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 6000); do
    if curl -sf "http://127.0.0.1:$port/_localcloud/health" >/dev/null; then STARTED_MS=$(( ($(date +%s%N) - t0) / 1000000 )); return; fi
    sleep 0.01
  done
  echo "local cloud on $port did not start: $(cat "$WORK/$port.log")" >&2; exit 1
}
rss_mib() { echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$1/status") / 1024 )); }

bench() { # endpoint mode
python3 - "$@" "$N" <<'PY'
import sys, time, json, boto3, concurrent.futures as cf
from botocore.config import Config
endpoint, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sfn = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
                   config=Config(max_pool_connections=16, retries={"max_attempts": 0}))
definition = json.dumps({"StartAt": "Mark", "States": {"Mark": {"Type": "Pass", "Result": {"ok": True}, "ResultPath": "$.mark", "Next": "Done"}, "Done": {"Type": "Succeed"}}})
if mode == "run":
    arn = sfn.create_state_machine(name="bench", definition=definition, roleArn="arn:aws:iam::000000000000:role/r")["stateMachineArn"]
    t0 = time.time()
    with cf.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: sfn.start_execution(stateMachineArn=arn, name=f"e-{i}", input=json.dumps({"order": i})), range(n)))
    while True:
        done = sum(len(p["executions"]) for p in sfn.get_paginator("list_executions").paginate(stateMachineArn=arn, statusFilter="SUCCEEDED"))
        if done >= n: break
        time.sleep(0.2)
    print(f"{n / (time.time() - t0):.1f}")
elif mode == "count":
    arn = sfn.list_state_machines()["stateMachines"][0]["stateMachineArn"]
    t0 = time.time()
    runs = [e for p in sfn.get_paginator("list_executions").paginate(stateMachineArn=arn) for e in p["executions"]]
    ok = sum(1 for e in runs if e["status"] == "SUCCEEDED")
    last = runs[0]["executionArn"]
    events = len(sfn.get_execution_history(executionArn=last, maxResults=1000)["events"])
    print(f"{len(runs)} {ok} {events} {(time.time() - t0) * 1000:.0f}")
elif mode == "loop":
    arn = sfn.create_state_machine(name="loop", definition=json.dumps({"StartAt": "Again", "States": {"Again": {"Type": "Pass", "Next": "Check"}, "Check": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "Done"}], "Default": "Again"}, "Done": {"Type": "Succeed"}}}), roleArn="arn:aws:iam::000000000000:role/r")["stateMachineArn"]
    run = sfn.start_execution(stateMachineArn=arn, name="loop")["executionArn"]
    t0 = time.time()
    while (d := sfn.describe_execution(executionArn=run))["status"] == "RUNNING": time.sleep(0.05)
    print(f"{d['status']} {d.get('cause', '')!r} {time.time() - t0:.1f}")
PY
}

start "$BASE_PORT"
memory_rate=$(bench "http://127.0.0.1:$BASE_PORT" run)
kill -9 "${PIDS[0]}"
start $((BASE_PORT + 1)) --data-dir "$WORK/data"
durable_rate=$(bench "http://127.0.0.1:$((BASE_PORT + 1))" run)
kill -9 "${PIDS[1]}"; wait "${PIDS[1]}" 2>/dev/null || true
size=$(du -sh "$WORK/data" | cut -f1)
start $((BASE_PORT + 1)) --data-dir "$WORK/data"
restart_ms=$STARTED_MS
read -r listed succeeded events list_ms < <(bench "http://127.0.0.1:$((BASE_PORT + 1))" count)
restarted_rss=$(rss_mib "${PIDS[2]}")
idle_rss=$(rss_mib "${PIDS[2]}")
peak=$idle_rss
bench "http://127.0.0.1:$((BASE_PORT + 1))" loop >"$WORK/loop.txt" &
LOOP=$!
while kill -0 "$LOOP" 2>/dev/null; do r=$(rss_mib "${PIDS[2]}"); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.05; done
after_rss=$(rss_mib "${PIDS[2]}")

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
python3 -c "print(f'executions started and succeeded, in memory: $memory_rate/s; --data-dir: $durable_rate/s ({$durable_rate/$memory_rate:.2f})')"
echo "data directory with $N executions: $size"
echo "restart after SIGKILL, to the first answer: $restart_ms ms; ListExecutions listed $listed ($succeeded SUCCEEDED) in $list_ms ms; a history read back: $events events; host RSS after the restart: $restarted_rss MiB"
echo "self-looping Pass on the data-dir host: $(cat "$WORK/loop.txt") s; host RSS before $idle_rss MiB, peak $peak MiB, after $after_rss MiB"
