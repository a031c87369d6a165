#!/usr/bin/env bash
# The event archive on the local cloud: `sluice up` (the project's template, Firehose buffering
# ArchiveBufferSeconds, default 60), N orders put, then: how long until the archive holds every record
# of them (orders and outcomes), its size per order (gzipped and raw), and `sluice history` of one
# order read from the stream (baseline) and from the archive (through a stream that does not hold it),
# same run, as a ratio. Needs python3 with boto3 to read the bucket.
# Usage: benchmarks/archive.sh [orders] (default 2000); PORT=4591, BUFFER=60 (ArchiveBufferSeconds).
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-2000}; port=${PORT:-4591}; buffer=${BUFFER:-60}; endpoint="http://127.0.0.1:$port"
dotnet build src/Cli/Cli.csproj --nologo -v quiet >/dev/null
sluice() { dotnet src/Cli/bin/Debug/net10.0/sluice.dll "$@"; }
mkdir -p .sluice
sluice up --port "$port" --parameter "ArchiveBufferSeconds=$buffer" > .sluice/archive-bench.log 2>&1 &
up=$!; trap 'kill -INT "$up" 2>/dev/null; wait "$up" 2>/dev/null || true' EXIT
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 ENDPOINT="$endpoint"
until python3 - <<'EOF' 2>/dev/null
import boto3, os, sys
cf = boto3.client("cloudformation", endpoint_url=os.environ["ENDPOINT"])
sys.exit(0 if cf.describe_stacks(StackName="sluice-dev")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE" else 1)
EOF
do kill -0 "$up" || { cat .sluice/archive-bench.log; exit 1; }; sleep 1; done
bucket=$(python3 -c "import boto3,os;o=boto3.client('cloudformation',endpoint_url=os.environ['ENDPOINT']).describe_stacks(StackName='sluice-dev')['Stacks'][0]['Outputs'];print(next(x['OutputValue'] for x in o if x['OutputKey']=='ArchiveBucketName'))")
put_start=$(date +%s.%N)
sluice put --count "$orders" --seed 11 --mix valid=3,out-of-stock=1,declined=1 --endpoint "$endpoint" --json > .sluice/archive-put.json
put_end=$(date +%s.%N)
echo "put $orders orders in $(python3 -c "print(f'{$put_end-$put_start:.1f}')") s; archive bucket $bucket, ArchiveBufferSeconds $buffer"
# Every valid order ends with one outcome on the stream; wait until the archive holds each order put and its outcome.
BUCKET="$bucket" ORDERS="$orders" PUT_END="$put_end" python3 - <<'EOF'
import boto3, gzip, json, os, time
s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"])
orders, put_end = int(os.environ["ORDERS"]), float(os.environ["PUT_END"])
deadline = time.time() + 900
while True:
    objects, raw, packed, placed, outcomes = 0, 0, 0, set(), set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=os.environ["BUCKET"], Prefix="events/"):
        for o in page.get("Contents", []):
            body = s3.get_object(Bucket=os.environ["BUCKET"], Key=o["Key"])["Body"].read()
            objects += 1; packed += len(body)
            text = gzip.decompress(body); raw += len(text)
            for line in text.splitlines():  # one record per line (AppendDelimiterToRecord)
                try:
                    e = json.loads(line)
                except ValueError:
                    continue  # a malformed order: archived as it was put
                if isinstance(e, dict) and e.get("type") in ("order.placed", "order.confirmed", "order.rejected") and e.get("subject"):
                    (placed if e["type"] == "order.placed" else outcomes).add(e["subject"])
    if len(placed) >= orders and len(outcomes) >= orders:
        print(f"archive complete {time.time() - put_end:.1f} s after the last put: {objects} objects, "
              f"{packed / orders:.0f} bytes per order gzipped ({raw / orders:.0f} raw, {raw / packed:.1f}x), order + outcome")
        with open(".sluice/archive-order.txt", "w") as f: f.write(sorted(placed)[0])
        break
    if time.time() > deadline: raise SystemExit(f"archive incomplete after 900 s: {len(placed)} orders, {len(outcomes)} outcomes")
    time.sleep(2)
EOF
order=$(cat .sluice/archive-order.txt)
python3 -c "import boto3,os;boto3.client('kinesis',endpoint_url=os.environ['ENDPOINT']).create_stream(StreamName='archive-bench-empty',ShardCount=1)"
timed() { local s e; s=$(date +%s.%N); sluice history "$order" --endpoint "$endpoint" --stack sluice-dev "$@" --json > /dev/null 2>&1; e=$(date +%s.%N); python3 -c "print(f'{$e-$s:.2f}')"; }
stream_t=$(timed); archive_t=$(timed --stream archive-bench-empty)
stream_t2=$(timed); archive_t2=$(timed --stream archive-bench-empty)
echo "history $order from the stream: $stream_t s, $stream_t2 s; from the archive (every object of the last 30 days): $archive_t s, $archive_t2 s;" \
  "ratio $(python3 -c "print(f'{($archive_t+$archive_t2)/($stream_t+$stream_t2):.1f}')")x"
