#!/usr/bin/env bash
# The local end-to-end demo: the whole stack of infra/template.yaml on one loopback port (the three
# functions as their real native-AOT bootstraps), a mixed batch of orders put into the stream with
# `sluice put`, followed until every execution has finished, then a summary. Exits non-zero if an
# execution failed or the pipeline did not settle. No AWS account, no Docker.
#
#   scripts/demo.sh [count]        (default 200 orders; PORT=4566, SEED=7 to change)
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-200}
port=${PORT:-4566}
seed=${SEED:-7}
endpoint="http://127.0.0.1:$port"
mkdir -p .sluice
log=.sluice/localcloud.log

echo "demo: building the local cloud and the sluice command"
dotnet build src/LocalCloud/LocalCloud.csproj -c Release --nologo -v quiet >/dev/null
dotnet build src/Cli/Cli.csproj -c Release --nologo -v quiet >/dev/null
sluice() { dotnet src/Cli/bin/Release/net10.0/sluice.dll "$@" --endpoint "$endpoint"; }

echo "demo: starting the local cloud on $endpoint with infra/template.yaml (log: $log)"
dotnet src/LocalCloud/bin/Release/net10.0/Sluice.LocalCloud.dll --template infra/template.yaml --port "$port" >"$log" 2>&1 &
cloud=$!
trap 'kill "$cloud" 2>/dev/null; wait "$cloud" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q '^Outputs:' "$log" && break
  kill -0 "$cloud" 2>/dev/null || { echo "demo: the local cloud stopped:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.5
done
grep -q '^Outputs:' "$log" || { echo "demo: the stack was not deployed within 60 s" >&2; exit 1; }

echo "demo: putting $count orders (seed $seed); the first ones wait for the functions' AOT publish on a fresh clone"
sluice put --count "$count" --seed "$seed"

echo "demo: following the executions until the pipeline settles"
settled=0; last=-1; stable=0
for _ in $(seq 1 1200); do
  snapshot=$(sluice watch --once --json)
  read -r total running failed < <(python3 -c 'import json,sys; s=json.load(sys.stdin); b=s.get("byStatus",{}); print(s.get("total",0), b.get("RUNNING",0), sum(v for k,v in b.items() if k in ("FAILED","TIMED_OUT","ABORTED")))' <<<"$snapshot")
  if [ "$total" -gt 0 ] && [ "$running" -eq 0 ] && [ "$total" -eq "$last" ]; then
    stable=$((stable + 1))
    [ "$stable" -ge 6 ] && { settled=1; break; }
  else
    stable=0
  fi
  last=$total
  sleep 0.5
done

sluice watch --once
echo
echo "demo: rejected records (sluice.ingest.rejected) are on the rejected queue: $endpoint/000000000000/sluice-dev-rejected"
if [ "$settled" -ne 1 ]; then
  echo "demo: FAILED: the pipeline did not settle (executions still running or still arriving)" >&2
  exit 1
fi
if [ "$failed" -ne 0 ]; then
  echo "demo: FAILED: $failed executions did not succeed" >&2
  exit 1
fi
echo "demo: OK: $total executions, every one reached its outcome (confirmed or rejected with a reason)"
