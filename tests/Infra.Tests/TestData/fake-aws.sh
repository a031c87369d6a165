#!/usr/bin/env bash
# A stand-in for the AWS CLI answering exactly the calls infra/smoke-test.sh makes, so its logic
# is tested without an account. State lives in $FAKE_AWS_DIR:
#   records.log  one "<partition key> <data>" line per put-record
#   names.log    the execution name each put event gets, derived here independently of the script
#                (Python: SHA-256 of the length-prefixed source and id, base32) as the Processor does
#   seen/<name>  an execution already reported RUNNING once
# Knobs: FAKE_AWS_VERSION (2), FAKE_STATUS (SUCCEEDED), FAKE_OUTPUT, FAKE_NO_OUTPUTS.
set -euo pipefail
dir="${FAKE_AWS_DIR:?}"
mkdir -p "$dir/seen"

arg() { # value after flag $1 in the remaining arguments
  local flag="$1"; shift
  while [ $# -gt 0 ]; do
    if [ "$1" = "$flag" ]; then printf '%s' "$2"; return; fi
    shift
  done
}

case "${1:-}" in
  --version)
    echo "aws-cli/${FAKE_AWS_VERSION:-2}.15.0 Python/3.11.6 Linux/6.1 exe/x86_64" ;;
  cloudformation)
    query=$(arg --query "$@")
    if [ -n "${FAKE_NO_OUTPUTS:-}" ]; then echo None; exit 0; fi
    case "$query" in
      *"'OrderStreamName'"*) echo "smoke-orders" ;;
      *"'OrderFulfilmentStateMachineArn'"*) echo "arn:aws:states:us-east-1:000000000000:stateMachine:smoke-order-fulfilment" ;;
      *) echo None ;;
    esac ;;
  kinesis)
    [ "$2" = put-record ] || { echo "fake aws: unexpected kinesis call $*" >&2; exit 2; }
    [ "$(arg --stream-name "$@")" = smoke-orders ] || { echo "fake aws: wrong stream" >&2; exit 2; }
    echo "$(arg --partition-key "$@") $(arg --data "$@")" >> "$dir/records.log"
    python3 - "$(arg --data "$@")" "${FAKE_AWS_VERSION:-2}" >> "$dir/names.log" <<'PY'
import base64, hashlib, json, re, struct, sys
data = sys.argv[1] if sys.argv[2] == "1" else base64.b64decode(sys.argv[1]).decode()
event = json.loads(data)
source, id_ = event["source"].encode(), event["id"]
digest = hashlib.sha256(struct.pack(">I", len(source)) + source + id_.encode()).digest()
print(re.sub(r"[^A-Za-z0-9_-]", "_", id_[:27]) + "-" + base64.b32encode(digest).decode().lower().rstrip("="))
PY
    echo '{"ShardId":"shardId-000000000000","SequenceNumber":"1"}' ;;
  stepfunctions)
    [ "$2" = describe-execution ] || { echo "fake aws: unexpected stepfunctions call $*" >&2; exit 2; }
    arn=$(arg --execution-arn "$@")
    case "$arn" in
      arn:aws:states:us-east-1:000000000000:execution:smoke-order-fulfilment:*) ;;
      *) echo "fake aws: wrong execution ARN $arn" >&2; exit 2 ;;
    esac
    name="${arn##*:}"
    if ! grep -qx -- "$name" "$dir/names.log" 2>/dev/null; then
      echo "An error occurred (ExecutionDoesNotExist)" >&2; exit 254
    fi
    case "$(arg --query "$@")" in
      status)
        if [ -e "$dir/seen/$name" ]; then echo "${FAKE_STATUS:-SUCCEEDED}"; else touch "$dir/seen/$name"; echo RUNNING; fi ;;
      output)
        rejected='{"failure":{"Error":"OutOfStock","Cause":"OOS"}}'
        echo "${FAKE_OUTPUT:-$rejected}" ;;
      *)
        printf 'Boom\tsomething broke\n' ;;
    esac ;;
  *)
    echo "fake aws: unexpected call $*" >&2; exit 2 ;;
esac
