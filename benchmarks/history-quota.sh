#!/usr/bin/env bash
# Host memory under one endless Pass/Choice loop: the execution fails at AWS's 25,000 history events, so
# the host's resident memory stays bounded. Prints the RSS before and after, the execution's end and its
# last event. Usage: benchmarks/history-quota.sh [Debug|Release] (default Debug); PORT=4581.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-Debug}; port=${PORT:-4581}; endpoint="http://127.0.0.1:$port"
[ -f "src/LocalCloud/bin/$config/net10.0/Sluice.LocalCloud.dll" ] || dotnet build src/LocalCloud/LocalCloud.csproj -c "$config" --nologo -v quiet >/dev/null
mkdir -p .sluice
dotnet "src/LocalCloud/bin/$config/net10.0/Sluice.LocalCloud.dll" --port "$port" > .sluice/history-quota.log 2>&1 &
cloud=$!; trap 'kill "$cloud" 2>/dev/null; wait "$cloud" 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$endpoint/_localcloud/health"; do sleep 0.2; done
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
sfn() { aws --endpoint-url "$endpoint" stepfunctions "$@"; }
rss() { awk '/VmRSS/{print $2}' "/proc/$cloud/status"; }
echo "host RSS before: $(rss) KiB"
machine=$(sfn create-state-machine --name endless --role-arn arn:aws:iam::000000000000:role/r --query stateMachineArn --output text \
  --definition '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"C"},"C":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"D"}],"Default":"A"},"D":{"Type":"Succeed"}}}')
run=$(sfn start-execution --state-machine-arn "$machine" --query executionArn --output text)
start=$(date +%s.%N)
until [ "$(sfn describe-execution --execution-arn "$run" --query status --output text)" != RUNNING ]; do :; done
end=$(date +%s.%N)
echo "execution ended after $(python3 -c "print(f'{$end-$start:.1f}')") s: $(sfn describe-execution --execution-arn "$run" --query '[status,error,cause]' --output text)"
echo "last event: $(sfn get-execution-history --execution-arn "$run" --reverse-order --max-items 1 --query 'events[0].[id,type]' --output text | head -1)"
echo "host RSS after: $(rss) KiB"
