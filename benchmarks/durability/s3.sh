#!/usr/bin/env bash
# What the data directory costs S3, and how long a restart takes with N objects kept: PutObject of
# N 1 KiB objects against an in-memory host and a --data-dir host started in the same run, then the
# data-dir host is killed with SIGKILL and started again on the same directory (time to its first
# answer, and every object listed back).
# Usage: benchmarks/durability/s3.sh [objects]   (default 10000)
# Needs: .NET SDK, python3 with boto3.
set -euo pipefail
cd "$(dirname "$0")/../.."
OBJECTS=${1:-10000}
BASE_PORT=${BASE_PORT:-4640}
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
  for _ in $(seq 1 1500); do
    if curl -sf "http://127.0.0.1:$port/_localcloud/health" >/dev/null; then echo $(( ($(date +%s%N) - t0) / 1000000 )); return; fi
    sleep 0.02
  done
  echo "local cloud on $port did not start: $(cat "$WORK/$port.log")" >&2; exit 1
}
start "$BASE_PORT" >/dev/null
start $((BASE_PORT + 1)) --data-dir "$WORK/data" >/dev/null
DURABLE_PID=${PIDS[1]}

bench() { # endpoint, mode (put|count)
python3 - "$@" "$OBJECTS" <<'PY'
import sys, time, boto3, json
from botocore.config import Config
endpoint, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
                  config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 0}))
if mode == "put":
    s3.create_bucket(Bucket="bench")
    body = b"x" * 1024
    t = time.perf_counter()
    for i in range(n):
        s3.put_object(Bucket="bench", Key=f"objects/{i:06d}", Body=body)
    print(json.dumps({"puts_per_s": n / (time.perf_counter() - t)}))
else:
    t = time.perf_counter()
    count = sum(p.get("KeyCount", 0) for p in s3.get_paginator("list_objects_v2").paginate(Bucket="bench"))
    print(json.dumps({"listed": count, "list_s": time.perf_counter() - t}))
PY
}
memory=$(bench "http://127.0.0.1:$BASE_PORT" put)
durable=$(bench "http://127.0.0.1:$((BASE_PORT + 1))" put)
kill -9 "$DURABLE_PID"; wait "$DURABLE_PID" 2>/dev/null || true
restart_ms=$(start $((BASE_PORT + 1)) --data-dir "$WORK/data")
listed=$(bench "http://127.0.0.1:$((BASE_PORT + 1))" count)
size=$(du -sh "$WORK/data" | cut -f1)

python3 - "$memory" "$durable" "$restart_ms" "$listed" "$OBJECTS" "$size" <<'PY'
import json, platform, sys, datetime, os
m, d, restart, listed, n, size = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(f"date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
print(f"machine: {cpu}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {platform.platform()}")
print(f"command: benchmarks/durability/s3.sh {n}")
print()
print("| measure | value |")
print("|---|---|")
print(f"| PutObject 1 KiB, one client, in memory (objects/s) | {m['puts_per_s']:,.0f} |")
print(f"| PutObject 1 KiB, one client, --data-dir (objects/s) | {d['puts_per_s']:,.0f} ({d['puts_per_s'] / m['puts_per_s']:.2f}) |")
print(f"| restart after SIGKILL with {n:,} objects kept, to the first answer (ms) | {restart:,} |")
print(f"| objects listed back after the restart | {listed['listed']:,} |")
print(f"| data directory size | {size} |")
PY
