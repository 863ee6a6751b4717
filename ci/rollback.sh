#!/usr/bin/env bash
# Returns an environment to its last verified deployment (from the deployment records): that commit is checked
# out beside this one and synthesized as its ref was (ci/synth-at.sh), planned and applied, smoke-tested, and recorded (the failed
# ref as rolled-back, the restored one as verified again). A blue-green switch that failed its check goes back
# the same way: the previous commit has the previous `active` colour.
#   usage: ci/rollback.sh <env> <stage>    env: REF, COMMIT (the failed deployment), DEPLOY_RECORDS_REMOTE
set -euo pipefail
env_name="${1:?usage: ci/rollback.sh <env> <stage>}"
stage="${2:?usage: ci/rollback.sh <env> <stage>}"
here="$(cd "$(dirname "$0")" && pwd)"
remote="${DEPLOY_RECORDS_REMOTE:-origin}"
fetch=()
[ "$remote" = none ] || fetch=(--fetch "$remote")
last="$(npm run --silent deployments -- last --env "$env_name" ${fetch[@]+"${fetch[@]}"})"
good_ref="$(sed -n 's/^ref=//p' <<<"$last")"
good_commit="$(sed -n 's/^commit=//p' <<<"$last")"
echo "rollback $env_name: to $good_ref ($good_commit)"
target="../rollback-$env_name"
"$here/synth-at.sh" "$good_ref" "$good_commit" "$stage" "$target"
apply_args=(--dist "$target/dist" --context "$env_name")
if [ -d "$target/dist/$env_name/aws" ]; then
  npm run --silent apply -- "$env_name" --dist "$target/dist" --plan-only
  apply_args+=(--reviewed-plan)
fi
[ "$stage" != prod ] || apply_args+=(--confirm "$env_name")
npm run --silent apply -- "$env_name" "${apply_args[@]}"
"$here/smoke.sh" "$env_name" "$target/dist"
push=()
[ "$remote" = none ] || push=(--push "$remote")
npm run --silent deployments -- record --env "$env_name" --stage "$stage" --ref "$REF" --commit "$COMMIT" --result rolled-back ${push[@]+"${push[@]}"}
npm run --silent deployments -- record --env "$env_name" --stage "$stage" --ref "$good_ref" --commit "$good_commit" --result verified ${push[@]+"${push[@]}"}
echo "rollback $env_name: back on $good_ref, verified"
