"""What the pipeline did with the generator's orders, read through the endpoint with boto3 as a user
would (the pipeline harnesses' shared check).

  pipeline_check.py warm N          wait until N outcome events are on the stream (at most 30 min)
  pipeline_check.py report PUT_JSON [--idle SECONDS] [--json OUT]
      wait until the pipeline is settled (no execution running, every order on the stream has an
      execution, and each order has an outcome or a failed execution), or nothing changed for
      SECONDS (default 300); then print, per order.placed event from the generator, executions and
      outcomes (an outcome put twice with the same source and id is a repeated record, not a second
      outcome), and exit 0 when every order has exactly one execution, SUCCEEDED, and one outcome.
Reads ENDPOINT; the stack is sluice-dev.
"""
import json
import os
import sys
import time

import boto3

ARGS = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
kinesis, sfn, cfn = (boto3.client(s, **ARGS) for s in ("kinesis", "stepfunctions", "cloudformation"))
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


def warm(count):
    deadline = time.time() + 1800
    while time.time() < deadline:
        if len(read_stream()[1]) >= count:
            return 0
        time.sleep(2)
    raise SystemExit(f"warm-up: no {count} outcomes within 30 min")


def runs_of(runs, event_id):
    # An execution is named after its event's (source, id): the id's first 27 characters, then a hash.
    return [r for r in runs if r["name"][:27] == event_id[:27]]


def report(put_path, idle, json_out):
    last, still, deadline = None, time.time(), time.time() + 1800
    while True:
        placed, outcomes = read_stream()
        runs = executions()
        decided = {o[0] for o in outcomes}
        running = sum(1 for e in runs if e["status"] in ("RUNNING", "PENDING_REDRIVE"))
        state = (len(placed), len(outcomes), running, len(runs), tuple(sorted(e["status"] for e in runs)))
        if state != last:
            last, still = state, time.time()
        settled = running == 0 and all(
            runs_of(runs, i) and (o in decided or all(r["status"] != "SUCCEEDED" for r in runs_of(runs, i))) for i, o in placed.items())
        if settled or time.time() - still > idle:
            break
        if time.time() > deadline:
            raise SystemExit(f"not idle after 30 min: {state[:4]}")
        time.sleep(2)

    no_run = [i for i in placed if not runs_of(runs, i)]
    two_runs = [i for i in placed if len(runs_of(runs, i)) > 1]
    not_ok = [i for i in placed if any(r["status"] != "SUCCEEDED" for r in runs_of(runs, i))]
    per_order = {}
    for subject, source, eid, typ in outcomes:
        per_order.setdefault(subject, []).append((source, eid))
    no_outcome = [o for o in set(placed.values()) if o not in per_order]
    distinct = {o: set(v) for o, v in per_order.items()}
    two_outcomes = [o for o, v in distinct.items() if len(v) > 1]
    repeated = sum(len(v) - len(distinct[o]) for o, v in per_order.items())
    put = json.load(open(put_path))
    statuses = {}
    for e in runs:
        statuses[e["status"]] = statuses.get(e["status"], 0) + 1
    print(f"orders acknowledged by put: {put.get('put')} of {put.get('requested')}; order events on the stream: {len(placed)} (incl. 5 warm-up)")
    print(f"executions: {len(runs)}; orders without an execution: {len(no_run)}; with two or more: {len(two_runs)}; not SUCCEEDED: {len(not_ok)}")
    print(f"outcomes: {len(outcomes)} records; orders without an outcome: {len(no_outcome)}; with two different outcomes: {len(two_outcomes)}; outcome records repeated (same source and id): {repeated}")
    print("executions by status:", ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    for e in [r for r in runs if r["status"] != "SUCCEEDED"][:3]:
        events = sfn.get_execution_history(executionArn=e["executionArn"], reverseOrder=True, maxResults=6)["events"]
        print(f"  {e['name']} {e['status']}: last events " + "; ".join(
            f"{x['id']} {x['type']}" + (f" ({x.get('taskFailedEventDetails', x.get('executionFailedEventDetails', {})).get('error', '')})" if "Failed" in x["type"] else "")
            for x in events))
    lost = len(no_run) + len(no_outcome)
    duplicated = len(two_runs) + len(two_outcomes)
    if json_out:
        with open(json_out, "w") as f:
            json.dump({"orders": len(placed), "executions": len(runs), "lost": lost, "duplicated": duplicated, "failed": len(not_ok),
                       "repeatedOutcomeRecords": repeated, "byStatus": statuses}, f)
    bad = lost + duplicated + len(not_ok)
    print("RESULT:", "ok" if bad == 0 else "FAILED", f"lost or duplicated: {lost + duplicated}; not SUCCEEDED: {len(not_ok)}")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["warm"]:
        sys.exit(warm(int(sys.argv[2])))
    if sys.argv[1:2] == ["report"]:
        rest = sys.argv[3:]
        idle = float(rest[rest.index("--idle") + 1]) if "--idle" in rest else 300.0
        out = rest[rest.index("--json") + 1] if "--json" in rest else None
        sys.exit(report(sys.argv[2], idle, out))
    raise SystemExit(__doc__)
