#!/usr/bin/env bash
# Messaging throughput: the Sluice local cloud beside moto_server, same client, same workload, same run.
# Usage: benchmarks/messaging/run.sh [seconds-per-workload]   (default 10)
# Needs: .NET SDK, python3 with boto3 and moto (python3 -m moto.server).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER=${1:-10}
LC_PORT=${LC_PORT:-4610}
MOTO_PORT=${MOTO_PORT:-4611}
LOG_DIR=$(mktemp -d)

dotnet build -c Release src/LocalCloud -nologo -v q >/dev/null
# Throttling off: this measures the emulator, not the 1,000 records/s per-shard limit it enforces by default.
dotnet src/LocalCloud/bin/Release/net10.0/Sluice.LocalCloud.dll --port "$LC_PORT" --no-kinesis-throttling >"$LOG_DIR/localcloud.log" 2>&1 &
LC_PID=$!
python3 -m moto.server -p "$MOTO_PORT" >"$LOG_DIR/moto.log" 2>&1 &
MOTO_PID=$!
trap 'kill $LC_PID $MOTO_PID 2>/dev/null || true' EXIT

for url in "http://127.0.0.1:$LC_PORT/_localcloud/health" "http://127.0.0.1:$MOTO_PORT/moto-api/"; do
  for _ in $(seq 1 100); do curl -sf "$url" >/dev/null && break; sleep 0.2; done
done

sluice=$(python3 benchmarks/messaging/bench.py "http://127.0.0.1:$LC_PORT" "$SECONDS_PER")
moto=$(python3 benchmarks/messaging/bench.py "http://127.0.0.1:$MOTO_PORT" "$SECONDS_PER")

python3 - "$sluice" "$moto" "$SECONDS_PER" <<'PY'
import json, platform, subprocess, sys, datetime, os
s, m, secs = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(f"date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
print(f"machine: {cpu}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {platform.platform()}")
print(f"command: benchmarks/messaging/run.sh {secs}")
print()
print("| workload | Sluice local cloud | moto_server | ratio |")
print("|---|---|---|---|")
rows = [("PutRecords, 500 x 1 KiB, 1 shard (records/s)", "kinesis-1-shard", "records_per_s"),
        ("PutRecords, 500 x 1 KiB, 4 shards (records/s)", "kinesis-4-shards", "records_per_s"),
        ("SQS send+receive+delete, batches of 10 (messages/s)", "sqs", "messages_per_s")]
for label, key, metric in rows:
    a, b = s[key][metric], m[key][metric]
    print(f"| {label} | {a:,.0f} | {b:,.0f} | {a / b:.1f}x |")
PY
