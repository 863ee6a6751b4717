#!/usr/bin/env bash
# Returns an environment to its last verified deployment (from the deployment records): that commit is checked
# out beside this one, synthesized as its ref was, planned and applied, smoke-tested, and recorded (the failed
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
git worktree remove --force "$target" 2>/dev/null || true
rm -rf "$target"
git worktree prune
git worktree add --detach "$target" "$good_commit"
# Synthesized as CI synthesized that ref: a tag build's variables, so the tag decides the images again. A
# production release is pinned by digest: its image record is made again from the registry.
(
  cd "$target"
  npm ci
  export GITHUB_REF_TYPE=tag GITHUB_REF_NAME="$good_ref" TAG_NAME="$good_ref" GITHUB_SHA="$good_commit" GIT_COMMIT="$good_commit"
  if [ "$stage" = prod ]; then
    # A release tag's images are tagged <release>-<short commit> (imageTag of lib/core/release.ts).
    "$here/../images/promote.sh" --record "${good_ref#v}-${good_commit:0:7}" image-record.json
    export OMS_IMAGE_RECORD="$PWD/image-record.json"
  fi
  npm run synth
)
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
