#!/usr/bin/env bash
# Smoke test of a deployed Sluice stack: puts a handful of order.placed events on its stream and
# waits until every one's order-fulfilment execution has SUCCEEDED. The last order names an
# out-of-stock SKU: its execution must still succeed, having recorded order.rejected.
#
# Usage: infra/smoke-test.sh <stack-name> [orders]
# Needs: the AWS CLI (v1 or v2) with credentials and region for the stack's account.
# Env:   SMOKE_TIMEOUT_SECONDS (default 300), SMOKE_POLL_SECONDS (default 5),
#        AWS_ENDPOINT_URL for the local cloud.
set -euo pipefail

stack="${1:?usage: infra/smoke-test.sh <stack-name> [orders]}"
orders="${2:-5}"
timeout_seconds="${SMOKE_TIMEOUT_SECONDS:-300}"
poll_seconds="${SMOKE_POLL_SECONDS:-5}"
if ! [[ "$orders" =~ ^[0-9]+$ ]] || [ "$orders" -lt 2 ]; then
  echo "smoke-test: orders must be a number >= 2 (one accepted, one rejected), got '$orders'" >&2
  exit 2
fi

stack_output() {
  local value
  value=$(aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text)
  if [ -z "$value" ] || [ "$value" = "None" ]; then
    echo "smoke-test: stack '$stack' has no output '$1'" >&2
    exit 1
  fi
  printf '%s' "$value"
}

stream=$(stack_output OrderStreamName)
machine=$(stack_output OrderFulfilmentStateMachineArn)
execution_prefix="${machine/:stateMachine:/:execution:}"

# AWS CLI v2 reads blob arguments as base64; v1 sends them as given.
encode() {
  if aws --version 2>&1 | grep -q '^aws-cli/1\.'; then printf '%s' "$1"; else printf '%s' "$1" | base64 | tr -d '\n'; fi
}

# The execution name the Processor gives an event (src/Shared/Domain/ExecutionName.cs): the id's
# first 27 characters (others than [A-Za-z0-9_-] as '_'), '-', and the SHA-256 of the source's
# length as 4 big-endian bytes, the source and the id, in lower-case base32 without padding.
# The ids here are ASCII, so characters and bytes agree.
execution_name() {
  local source="$1" id="$2" length digest
  length=$(printf '%s' "$source" | wc -c)
  digest=$( { printf '%b' "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(( length >> 24 & 255 )) $(( length >> 16 & 255 )) $(( length >> 8 & 255 )) $(( length & 255 )))"
    printf '%s%s' "$source" "$id"; } | sha256sum | cut -c1-64)
  printf '%s-%s' "$(printf '%s' "${id:0:27}" | tr -c 'A-Za-z0-9_-' '_')" \
    "$(printf '%b' "$(sed 's/../\\x&/g' <<<"$digest")" | base32 -w0 | tr 'A-Z' 'a-z' | tr -d '=')"
}

run="smoke-$(date -u +%Y%m%d%H%M%S)-$$"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ids=()
for i in $(seq 1 "$orders"); do
  order="$run-$i"
  sku="SKU-SMOKE-$i"
  [ "$i" -eq "$orders" ] && sku="OOS-SMOKE-$i"
  id="$order-placed"
  event=$(printf '{"specversion":"1.0","id":"%s","source":"sluice/smoke-test","type":"order.placed","subject":"%s","time":"%s","datacontenttype":"application/json","data":{"orderId":"%s","customerId":"smoke-test","currency":"EUR","paymentToken":"tok_smoke","lines":[{"sku":"%s","quantity":1,"unitPrice":9.5}]}}' \
    "$id" "$order" "$now" "$order" "$sku")
  aws kinesis put-record --stream-name "$stream" --partition-key "$order" --data "$(encode "$event")" >/dev/null
  ids+=("$(execution_name sluice/smoke-test "$id")")
done
echo "smoke-test: put ${#ids[@]} orders on $stream; waiting up to ${timeout_seconds}s for their executions"

deadline=$(( $(date +%s) + timeout_seconds ))
pending=("${ids[@]}")
while [ ${#pending[@]} -gt 0 ]; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "smoke-test: timed out; executions not finished: ${pending[*]}" >&2
    exit 1
  fi
  still=()
  for id in "${pending[@]}"; do
    status=$(aws stepfunctions describe-execution --execution-arn "$execution_prefix:$id" \
      --query status --output text 2>/dev/null || echo NOT_STARTED)
    case "$status" in
      SUCCEEDED)
        echo "smoke-test: $id SUCCEEDED" ;;
      RUNNING|PENDING_REDRIVE|NOT_STARTED)
        still+=("$id") ;;
      *)
        echo "smoke-test: $id ended $status:" >&2
        aws stepfunctions describe-execution --execution-arn "$execution_prefix:$id" \
          --query '[error, cause]' --output text >&2 || true
        exit 1 ;;
    esac
  done
  pending=("${still[@]+"${still[@]}"}")
  [ ${#pending[@]} -gt 0 ] && sleep "$poll_seconds"
done

rejected="${ids[${#ids[@]}-1]}"
output=$(aws stepfunctions describe-execution --execution-arn "$execution_prefix:$rejected" \
  --query output --output text)
if ! grep -q '"OutOfStock"' <<<"$output"; then
  echo "smoke-test: $rejected succeeded but did not record the OutOfStock rejection: $output" >&2
  exit 1
fi
echo "smoke-test: all ${#ids[@]} executions succeeded; $rejected was rejected as OutOfStock"
