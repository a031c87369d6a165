#!/usr/bin/env bash
# Records per second from PutRecords to Processor-started executions, and orders per second to succeeded
# executions, through the whole local stack
# (infra/template.yaml, real AOT functions): puts N valid orders at once and times until N executions
# exist. Usage: benchmarks/pipeline-rate.sh [N] (default 2000); PORT=4580; DATA_DIR=<empty dir> runs the
# host on that data directory (docs/local-cloud-durability.md compares the two in one run).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}; port=${PORT:-4580}; endpoint="http://127.0.0.1:$port"
dotnet build src/LocalCloud/LocalCloud.csproj -c Release --nologo -v quiet >/dev/null
dotnet build src/Cli/Cli.csproj -c Release --nologo -v quiet >/dev/null
mkdir -p .sluice
dotnet src/LocalCloud/bin/Release/net10.0/Sluice.LocalCloud.dll --template infra/template.yaml --port "$port" ${DATA_DIR:+--data-dir "$DATA_DIR"} > .sluice/pipeline-rate.log 2>&1 &
cloud=$!; trap 'kill "$cloud" 2>/dev/null; wait "$cloud" 2>/dev/null || true' EXIT
until grep -q '^Outputs:' .sluice/pipeline-rate.log; do sleep 0.5; done
sluice() { dotnet src/Cli/bin/Release/net10.0/sluice.dll "$@" --endpoint "$endpoint"; }
# Warm-up: publish and start each function once, so the figure is the steady flow, not the AOT build.
sluice put --count 20 --mix valid=1 --seed 1 >/dev/null 2>&1
until [ "$(sluice watch --once --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')" -ge 20 ]; do sleep 0.5; done
start=$(date +%s.%N)
sluice put --count "$n" --mix valid=1 --seed 2 >/dev/null 2>&1
until [ "$(sluice watch --once --json --max-executions 100000 | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')" -ge $((n + 20)) ]; do sleep 0.2; done
end=$(date +%s.%N)
until [ "$(sluice watch --once --json --max-executions 100000 | python3 -c 'import json,sys; print(json.load(sys.stdin)["byStatus"].get("SUCCEEDED", 0))')" -ge $((n + 20)) ]; do sleep 0.2; done
done_at=$(date +%s.%N)
python3 -c "s,e,n=$start,$end,$n; print(f'{n} records from PutRecords to started executions in {e-s:.2f} s: {n/(e-s):.0f} records/s')"
python3 -c "s,e,n=$start,$done_at,$n; print(f'{n} orders from PutRecords to succeeded executions in {e-s:.2f} s: {n/(e-s):.0f} orders/s')"
