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
ENDPOINT="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
HOST=""; PUT=""
cleanup() {
  [ -n "$PUT" ] && kill -9 "$PUT" 2>/dev/null || true
  [ -n "$HOST" ] && kill_host
  rm -rf "$WORK"
}
CONFIGURATION=${CONFIGURATION:-Release}
if [ "${SKIP_BUILD:-}" != 1 ]; then
  dotnet build -c "$CONFIGURATION" src/LocalCloud -nologo -v q >/dev/null
  dotnet build -c "$CONFIGURATION" src/Cli -nologo -v q >/dev/null
fi
DLL=src/LocalCloud/bin/$CONFIGURATION/net10.0/Sluice.LocalCloud.dll
sluice() { dotnet "src/Cli/bin/$CONFIGURATION/net10.0/sluice.dll" "$@" --endpoint "$ENDPOINT"; }
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 ENDPOINT

start() { # starts the host on the data directory (HOST) and waits until its stack answers; sets STARTED_MS
  local t0 log; t0=$(date +%s%N); log="$WORK/host-$(date +%s%N).log"
  dotnet "$DLL" --port "$PORT" --data-dir "$WORK/data" --template infra/template.yaml >"$log" 2>&1 &
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

trap cleanup EXIT
start
echo "host up with the stack in $STARTED_MS ms (first start)"
# Warm-up outside the measure: every function built (when not cached) and started once, 5 outcomes on the stream.
sluice put --count 5 --mix valid=1 --seed 1 >/dev/null
python3 - <<'PY'
import boto3, json, os, time
args = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
kinesis, cfn = boto3.client("kinesis", **args), boto3.client("cloudformation", **args)
stream = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName="sluice-dev")["Stacks"][0]["Outputs"]}["OrderStreamName"]
deadline = time.time() + 1800
while time.time() < deadline:
    outcomes = 0
    for shard in kinesis.list_shards(StreamName=stream)["Shards"]:
        it = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        r = kinesis.get_records(ShardIterator=it, Limit=10000)
        outcomes += sum(1 for rec in r["Records"] if json.loads(rec["Data"]).get("type") in ("order.confirmed", "order.rejected"))
    if outcomes >= 5:
        raise SystemExit(0)
    time.sleep(2)
raise SystemExit("warm-up: no 5 outcomes within 30 min")
PY
echo "warm-up: 5 orders through the pipeline"

sluice put --count "$ORDERS" --mix valid=1 --seed "$SEED" --rate "$RATE" --max-attempts 100 --json >"$WORK/put.json" 2>"$WORK/put.err" &
PUT=$!
restarts=()
for k in $(seq 1 "$KILLS"); do
  sleep "$(python3 -c 'import random; print(round(random.uniform(2, 7), 2))')"
  kill -0 "$PUT" 2>/dev/null || { echo "put finished before kill $k"; break; }
  kill_host
  start
  restarts+=("$STARTED_MS")
  echo "kill $k: host killed and back with its stack in ${restarts[-1]} ms"
done
wait "$PUT" || { echo "put failed: $(cat "$WORK/put.err")"; }
echo "put: $(python3 -c "import json; s=json.load(open('$WORK/put.json')); print(s.get('put'), 'of', s.get('requested'), 'acknowledged, failed', s.get('failed'))")"

python3 - "$ORDERS" "$SEED" "$WORK/put.json" <<'PY'
import boto3, json, os, sys, time
orders, seed, put_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
args = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
kinesis, sfn, cfn = (boto3.client(s, **args) for s in ("kinesis", "stepfunctions", "cloudformation"))
outputs = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName="sluice-dev")["Stacks"][0]["Outputs"]}
stream, machine = outputs["OrderStreamName"], outputs["OrderFulfilmentStateMachineArn"]

def read_stream():
    placed, outcomes = {}, []
    for shard in kinesis.list_shards(StreamName=stream)["Shards"]:
        it = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while it:
            r = kinesis.get_records(ShardIterator=it, Limit=10000)
            for rec in r["Records"]:
                try:
                    e = json.loads(rec["Data"])
                except ValueError:
                    continue
                if e.get("type") == "order.placed" and e.get("source") == "sluice/generator":
                    placed[e["id"]] = e["subject"]
                elif e.get("type") in ("order.confirmed", "order.rejected"):
                    outcomes.append((e.get("subject"), e.get("source"), e.get("id"), e.get("type")))
            it = r.get("NextShardIterator") if r["Records"] or r.get("MillisBehindLatest", 0) > 0 else None
    return placed, outcomes

def executions():
    found = []
    for page in sfn.get_paginator("list_executions").paginate(stateMachineArn=machine):
        found += page["executions"]
    return found

# Done: every order has an outcome and no execution runs; or nothing changed for 300 s (then the report says what is missing).
last, still, deadline = None, time.time(), time.time() + 1800
while True:
    placed, outcomes = read_stream()
    runs = executions()
    state = (len(placed), len(outcomes), sum(1 for e in runs if e["status"] == "RUNNING"), len(runs))
    if state != last:
        last, still = state, time.time()
    if state[2] == 0 and set(placed.values()) <= {o[0] for o in outcomes}:
        break
    if time.time() - still > 300:
        break
    if time.time() > deadline:
        raise SystemExit(f"not idle after 30 min: {state}")
    time.sleep(2)

by_prefix = {}
for e in runs:
    by_prefix.setdefault(e["name"][:27], []).append(e)
mine = {i: o for i, o in placed.items()}
no_run = [i for i in mine if len(by_prefix.get(i[:27], [])) == 0]
two_runs = [i for i in mine if len(by_prefix.get(i[:27], [])) > 1]
not_ok = [i for i in mine if any(r["status"] != "SUCCEEDED" for r in by_prefix.get(i[:27], []))]
per_order = {}
for subject, source, eid, typ in outcomes:
    per_order.setdefault(subject, []).append((source, eid))
orders_on_stream = set(mine.values())
no_outcome = [o for o in orders_on_stream if o not in per_order]
distinct = {o: set(v) for o, v in per_order.items()}
two_outcomes = [o for o, v in distinct.items() if len(v) > 1]
repeated_records = sum(len(v) - len(distinct[o]) for o, v in per_order.items())
put = json.load(open(put_path))
print(f"orders acknowledged by put: {put.get('put')} of {put.get('requested')}; order events on the stream: {len(mine)} (incl. 5 warm-up)")
print(f"executions: {len(runs)}; orders without an execution: {len(no_run)}; with two or more: {len(two_runs)}; not SUCCEEDED: {len(not_ok)}")
print(f"outcomes: {len(outcomes)} records; orders without an outcome: {len(no_outcome)}; with two different outcomes: {len(two_outcomes)}; outcome records repeated (same source and id): {repeated_records}")
statuses = {}
for e in runs:
    statuses[e["status"]] = statuses.get(e["status"], 0) + 1
print("executions by status:", ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
for e in [r for r in runs if r["status"] != "SUCCEEDED"][:3]:
    events = sfn.get_execution_history(executionArn=e["executionArn"], reverseOrder=True, maxResults=6)["events"]
    print(f"  {e['name']} {e['status']}: last events " + "; ".join(
        f"{x['id']} {x['type']}" + (f" ({x.get('taskFailedEventDetails', x.get('executionFailedEventDetails', {})).get('error', '')})" if "Failed" in x["type"] else "") for x in events))
lost = len(no_run) + len(no_outcome) + len(two_runs) + len(two_outcomes) + len(not_ok)
print("RESULT:", "ok" if lost == 0 else "FAILED", f"lost or duplicated: {lost}")
sys.exit(0 if lost == 0 else 1)
PY
