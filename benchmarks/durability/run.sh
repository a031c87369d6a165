#!/usr/bin/env bash
# What the data directory costs: the messaging workload of benchmarks/messaging against three local
# clouds started in the same run: in memory, --data-dir (synchronous=NORMAL) and --data-dir --data-sync full.
# Usage: benchmarks/durability/run.sh [seconds-per-workload]   (default 10)
# Needs: .NET SDK, python3 with boto3.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER=${1:-10}
BASE_PORT=${BASE_PORT:-4620}
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

dotnet build -c Release src/LocalCloud -nologo -v q >/dev/null
DLL=src/LocalCloud/bin/Release/net10.0/Sluice.LocalCloud.dll
start() { # port, extra args...
  local port=$1; shift
  # Throttling off: this measures the store, not the 1,000 records/s per-shard limit.
  dotnet "$DLL" --port "$port" --no-kinesis-throttling "$@" >"$WORK/$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/_localcloud/health" >/dev/null && return; sleep 0.2; done
  echo "local cloud on $port did not start: $(cat "$WORK/$port.log")" >&2; exit 1
}
start "$BASE_PORT"
start $((BASE_PORT + 1)) --data-dir "$WORK/normal"
start $((BASE_PORT + 2)) --data-dir "$WORK/full" --data-sync full

memory=$(python3 benchmarks/messaging/bench.py "http://127.0.0.1:$BASE_PORT" "$SECONDS_PER")
normal=$(python3 benchmarks/messaging/bench.py "http://127.0.0.1:$((BASE_PORT + 1))" "$SECONDS_PER")
full=$(python3 benchmarks/messaging/bench.py "http://127.0.0.1:$((BASE_PORT + 2))" "$SECONDS_PER")

python3 - "$memory" "$normal" "$full" "$SECONDS_PER" <<'PY'
import json, platform, sys, datetime, os
m, n, f, secs = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(f"date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
print(f"machine: {cpu}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {platform.platform()}")
print(f"command: benchmarks/durability/run.sh {secs}")
print()
print("| workload | in memory | --data-dir (normal) | ratio | --data-sync full | ratio |")
print("|---|---|---|---|---|---|")
rows = [("PutRecords, 500 x 1 KiB, 1 shard (records/s)", "kinesis-1-shard", "records_per_s"),
        ("PutRecords, 500 x 1 KiB, 4 shards (records/s)", "kinesis-4-shards", "records_per_s"),
        ("SQS send+receive+delete, batches of 10 (messages/s)", "sqs", "messages_per_s")]
for label, key, metric in rows:
    a, b, c = m[key][metric], n[key][metric], f[key][metric]
    print(f"| {label} | {a:,.0f} | {b:,.0f} | {b / a:.2f} | {c:,.0f} | {c / a:.2f} |")
PY
