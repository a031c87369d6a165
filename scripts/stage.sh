#!/usr/bin/env bash
# The delivery pipeline's stages, one command each. GitHub Actions (.github/workflows/), CodeBuild
# (buildspec.yml, infra/pipeline.yaml) and a developer's shell all call these, so the pipeline's
# logic lives here and is tested here; the runners only install tools and set credentials.
#
#   scripts/stage.sh build                 sluice build: the functions and .aws-sam/build/template.yaml
#   scripts/stage.sh test                  the solution's tests and cfn-lint on both templates
#   scripts/stage.sh package               aws cloudformation package -> packaged.yaml (function zips to S3)
#   scripts/stage.sh deploy <stage>        packaged.yaml -> stack <app>-<stage> (StageName=<stage>)
#   scripts/stage.sh smoke <stage>         infra/smoke-test.sh on stack <app>-<stage>
#   scripts/stage.sh promote <from> <to>   deploy <to> with the packaged template <from> runs, only if
#                                          <from> is healthy and runs exactly that template
#
# Needs the AWS CLI (v1 or v2) for package, deploy, smoke and promote; no SAM CLI. Run from
# anywhere inside the repository. Env:
#   ARTIFACT_BUCKET     bucket for function zips (package) and large templates (deploy); required by package
#   ARTIFACT_PREFIX     key prefix inside it (default: <app>). Keys are content hashes, so an
#                       unchanged function zip is not uploaded again.
#   APPLICATION_NAME    stack name prefix (default: sluice)
#   PACKAGED_TEMPLATE   the packaged template (default: packaged.yaml at the repository root)
#   BUILD_DIR           sluice build's output folder (default: .aws-sam/build)
#   SMOKE_ORDERS        orders the smoke test puts (default: 5)
#   DEPLOY_ROLE_ARN     the role CloudFormation deploys with (optional; infra/pipeline.yaml's DeployRole)
#   AWS_ENDPOINT_URL    the local cloud (AWS CLI v2.9 ignores it: the script passes --endpoint-url)
set -euo pipefail

usage="usage: scripts/stage.sh build | test | package | deploy <stage> | smoke <stage> | promote <from> <to>"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app="${APPLICATION_NAME:-sluice}"
packaged="${PACKAGED_TEMPLATE:-$root/packaged.yaml}"
build_dir="${BUILD_DIR:-$root/.aws-sam/build}"

fail() { echo "stage: $*" >&2; exit 2; }

# The template's StageName parameter allows exactly these.
check_stage() {
  case "${1:-}" in
    dev | staging | prod) ;;
    "") fail "$usage" ;;
    *) fail "unknown stage '$1' (one of: dev, staging, prod)" ;;
  esac
}

aws_cli() {
  if [ -n "${AWS_ENDPOINT_URL:-}" ]; then aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; else aws "$@"; fi
}

stack_status() {
  aws_cli cloudformation describe-stacks --stack-name "$1" --query 'Stacks[0].StackStatus' --output text
}

build() {
  dotnet run --project "$root/src/Cli" -c Release -- build --template "$root/infra/template.yaml" --build-dir "$build_dir"
}

run_tests() {
  # .editorconfig's naming and layout rules; `dotnet format Sluice.slnx` fixes what this reports.
  dotnet format "$root/Sluice.slnx" --verify-no-changes
  dotnet test "$root/Sluice.slnx" -c Release
  cfn-lint "$root/infra/template.yaml" "$root/infra/pipeline.yaml"
}

package() {
  [ -n "${ARTIFACT_BUCKET:-}" ] || fail "package needs ARTIFACT_BUCKET (the bucket for the function zips)"
  [ -f "$build_dir/template.yaml" ] || fail "no $build_dir/template.yaml: run scripts/stage.sh build first"
  # cloudformation package makes its own S3 client without the global --endpoint-url; only the AWS
  # CLI versions that read AWS_ENDPOINT_URL (v1 on a recent botocore, v2.13 and later) upload locally.
  if [ -n "${AWS_ENDPOINT_URL:-}" ] && aws --version 2>&1 | grep -Eq '^aws-cli/2\.([0-9]|1[0-2])\.'; then
    fail "package with AWS_ENDPOINT_URL needs AWS CLI v1 or v2.13+: $(aws --version 2>&1 | cut -d' ' -f1) uploads to AWS whatever the endpoint"
  fi
  # A build handed from another CI job loses its file modes: the runtime must find bootstrap executable.
  find "$build_dir" -name bootstrap -type f -exec chmod 0755 {} +
  # The zips record each file's time in local time: UTC makes them the same bytes on every machine.
  TZ=UTC aws_cli cloudformation package --template-file "$build_dir/template.yaml" \
    --s3-bucket "$ARTIFACT_BUCKET" --s3-prefix "${ARTIFACT_PREFIX:-$app}" --output-template-file "$packaged"
  echo "stage: packaged $packaged"
}

deploy() {
  local stage="$1" stack="$app-$1"
  [ -f "$packaged" ] || fail "no packaged template $packaged: run scripts/stage.sh package first"
  local args=(cloudformation deploy --template-file "$packaged" --stack-name "$stack"
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --parameter-overrides "StageName=$stage"
    --no-fail-on-empty-changeset)
  # Only templates over 51,200 bytes must go through S3 (and deploy's upload, like package's, ignores
  # --endpoint-url on AWS CLI v2 before 2.13).
  if [ "$(wc -c < "$packaged")" -gt 51200 ]; then
    [ -n "${ARTIFACT_BUCKET:-}" ] || fail "$packaged is over 51,200 bytes: deploy needs ARTIFACT_BUCKET to upload it"
    args+=(--s3-bucket "$ARTIFACT_BUCKET" --s3-prefix "${ARTIFACT_PREFIX:-$app}")
  fi
  [ -n "${DEPLOY_ROLE_ARN:-}" ] && args+=(--role-arn "$DEPLOY_ROLE_ARN")
  aws_cli "${args[@]}"
  echo "stage: $stack is $(stack_status "$stack")"
}

smoke() {
  AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-}" bash "$root/infra/smoke-test.sh" "$app-$1" "${SMOKE_ORDERS:-5}"
}

# The same artifact moves on: <to> gets the packaged template only if <from> finished deploying
# it (no rollback, nothing in progress) and still runs it.
promote() {
  local from="$1" to="$2" status running
  [ "$from" != "$to" ] || fail "promote needs two different stages, got '$from' twice"
  [ -f "$packaged" ] || fail "no packaged template $packaged: run scripts/stage.sh package first"
  status=$(stack_status "$app-$from")
  case "$status" in
    CREATE_COMPLETE | UPDATE_COMPLETE) ;;
    *) echo "stage: not promoting: $app-$from is $status" >&2; exit 1 ;;
  esac
  running=$(aws_cli cloudformation get-template --stack-name "$app-$from" --template-stage Original \
    --query TemplateBody --output text)
  if [ "$running" != "$(cat "$packaged")" ]; then
    echo "stage: not promoting: $app-$from does not run $packaged (deploy it to $from first)" >&2
    exit 1
  fi
  echo "stage: $app-$from runs $packaged and is $status; promoting to $to"
  deploy "$to"
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  build | test | package)
    [ $# -eq 0 ] || fail "$command takes no arguments"
    case "$command" in build) build ;; test) run_tests ;; package) package ;; esac ;;
  deploy | smoke)
    [ $# -eq 1 ] || fail "$command takes one stage: $usage"
    check_stage "$1"
    "$command" "$1" ;;
  promote)
    [ $# -eq 2 ] || fail "promote takes two stages, from and to: $usage"
    check_stage "$1"
    check_stage "$2"
    promote "$1" "$2" ;;
  *)
    fail "$usage" ;;
esac
