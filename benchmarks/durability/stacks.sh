#!/usr/bin/env bash
# What the data directory costs CloudFormation, and how long a restart takes with N stacks kept: N
# stacks (each a queue, a stream and a state machine) created one after another against an in-memory
# host and a --data-dir host started in the same run; then the data-dir host is killed with SIGKILL and
# started again on the same directory (time to its first answer, with the N stacks and their state
# machines read back from the store, and every stack and state machine listed back).
# Usage: benchmarks/durability/stacks.sh [stacks]   (default 100; at most 500, the account's Kinesis shard limit)
# Needs: .NET SDK, python3 with boto3.
set -euo pipefail
cd "$(dirname "$0")/../.."
STACKS=${1:-100}
BASE_PORT=${BASE_PORT:-4650}
WORK=$(mktemp -d)
PIDS=()
# The restarted host is started in a command substitution (a subshell), so PIDS does not hold it: found by its data directory.
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; pkill -f -- "--data-dir $WORK/data" || true; rm -rf "$WORK"' EXIT

dotnet build -c Release src/LocalCloud -nologo -v q >/dev/null
DLL=src/LocalCloud/bin/Release/net10.0/Sluice.LocalCloud.dll
start() { # port, extra args...; prints the milliseconds until the host answered
  local port=$1; shift
  local t0; t0=$(date +%s%N)
  dotnet "$DLL" --port "$port" "$@" >>"$WORK/$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 3000); do
    if curl -sf "http://127.0.0.1:$port/_localcloud/health" >/dev/null; then echo $(( ($(date +%s%N) - t0) / 1000000 )); return; fi
    sleep 0.02
  done
  echo "local cloud on $port did not start: $(cat "$WORK/$port.log")" >&2; exit 1
}
start "$BASE_PORT" >/dev/null
start $((BASE_PORT + 1)) --data-dir "$WORK/data" >/dev/null
DURABLE_PID=${PIDS[1]}

bench() { # endpoint, mode (create|count)
python3 - "$@" "$STACKS" <<'PY'
import sys, time, boto3, json
endpoint, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
args = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
cfn = boto3.client("cloudformation", **args)
template = """
Resources:
  Work: {Type: AWS::SQS::Queue}
  Orders: {Type: AWS::Kinesis::Stream, Properties: {ShardCount: 1}}
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::000000000000:role/flow
      Definition: {StartAt: Done, States: {Done: {Type: Pass, End: true}}}
"""
if mode == "create":
    waiter = cfn.get_waiter("stack_create_complete")
    t = time.perf_counter()
    for i in range(n):
        cfn.create_stack(StackName=f"bench-{i:04d}", TemplateBody=template)
        waiter.wait(StackName=f"bench-{i:04d}", WaiterConfig={"Delay": 0.05, "MaxAttempts": 2000})
    print(json.dumps({"stacks_per_s": n / (time.perf_counter() - t)}))
else:
    stacks = [s for p in cfn.get_paginator("list_stacks").paginate(StackStatusFilter=["CREATE_COMPLETE"]) for s in p["StackSummaries"]]
    sfn = boto3.client("stepfunctions", **args)
    machines = [m for p in sfn.get_paginator("list_state_machines").paginate() for m in p["stateMachines"]]
    print(json.dumps({"stacks": len(stacks), "machines": len(machines)}))
PY
}
memory=$(bench "http://127.0.0.1:$BASE_PORT" create)
durable=$(bench "http://127.0.0.1:$((BASE_PORT + 1))" create)
kill -9 "$DURABLE_PID"; wait "$DURABLE_PID" 2>/dev/null || true
restart_ms=$(start $((BASE_PORT + 1)) --data-dir "$WORK/data")
listed=$(bench "http://127.0.0.1:$((BASE_PORT + 1))" count)
size=$(du -sh "$WORK/data" | cut -f1)

python3 - "$memory" "$durable" "$restart_ms" "$listed" "$STACKS" "$size" <<'PY'
import json, sys
memory, durable, listed = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[4])
restart_ms, n, size = int(sys.argv[3]), int(sys.argv[5]), sys.argv[6]
print(f"| CreateStack + wait, one at a time, in memory (stacks/s) | {memory['stacks_per_s']:,.1f} |")
print(f"| CreateStack + wait, one at a time, --data-dir (stacks/s) | {durable['stacks_per_s']:,.1f} ({durable['stacks_per_s'] / memory['stacks_per_s']:.2f}) |")
print(f"| restart after SIGKILL with {n:,} stacks kept, to the first answer (ms) | {restart_ms:,} |")
print(f"| stacks and state machines listed back after the restart | {listed['stacks']:,} and {listed['machines']:,} of {n:,} |")
print(f"| data directory size | {size} |")
PY
