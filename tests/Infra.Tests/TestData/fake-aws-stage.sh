#!/usr/bin/env bash
# A stand-in for the AWS CLI answering the calls scripts/stage.sh makes (package, deploy, promote),
# so its logic is tested without an account. Every call is appended to $FAKE_AWS_DIR/calls.log.
# Knobs: FAKE_STACK_STATUS (UPDATE_COMPLETE; "missing" for no stack), FAKE_RUNNING_TEMPLATE (a file:
# the template the stack runs), FAKE_DEPLOY_FAILS (deploy exits 255 with CloudFormation's message).
set -euo pipefail
dir="${FAKE_AWS_DIR:?}"
echo "$*" >> "$dir/calls.log"

arg() { # value after flag $1 in the remaining arguments
  local flag="$1"; shift
  while [ $# -gt 0 ]; do
    if [ "$1" = "$flag" ]; then printf '%s' "$2"; return; fi
    shift
  done
}

[ "${1:-}" = --endpoint-url ] && shift 2
[ "${1:-}" = cloudformation ] || { echo "fake aws: unexpected call $*" >&2; exit 2; }
case "${2:-}" in
  package)
    cp "$(arg --template-file "$@")" "$(arg --output-template-file "$@")"
    echo "Successfully packaged artifacts and wrote output template to file $(arg --output-template-file "$@")." ;;
  deploy)
    if [ -n "${FAKE_DEPLOY_FAILS:-}" ]; then
      echo "An error occurred (ValidationError) when calling the CreateChangeSet operation: Template format error: Unrecognized resource types: [AWS::Nope]" >&2
      exit 255
    fi
    cp "$(arg --template-file "$@")" "$dir/deployed-$(arg --stack-name "$@").yaml"
    echo "Successfully created/updated stack - $(arg --stack-name "$@")" ;;
  describe-stacks)
    if [ "${FAKE_STACK_STATUS:-}" = missing ]; then
      echo "An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id $(arg --stack-name "$@") does not exist" >&2
      exit 254
    fi
    echo "${FAKE_STACK_STATUS:-UPDATE_COMPLETE}" ;;
  get-template)
    cat "${FAKE_RUNNING_TEMPLATE:?}" ;;
  *)
    echo "fake aws: unexpected call $*" >&2; exit 2 ;;
esac
