#!/usr/bin/env bash
# One deployment of one environment, the same in GitHub Actions and Jenkins (both call this script), run from
# the checkout with dist/ synthesized, the environment's role assumed and its kube context named after it:
#   1. every image the environment deploys exists in the registry (images/check.sh), or nothing is applied;
#   2. Terraform is planned again and must match the plan that was reviewed (REVIEWED_PLAN, the values-stripped
#      tfplan.review.json of the plan job), then exactly that plan is applied with the rest (npm run apply);
#   3. the deployment is recorded as applied (git notes, see `npm run deployments -- --help`);
#   4. post-deploy checks against the live entry point: the smoke test (ci/smoke.sh), then the stage's suites
#      (ci/suites/run.sh); both verified -> recorded as verified, which production's gate reads;
#   5. a failed check is recorded as failed; in staging and production the environment is then returned to its
#      last verified deployment (ci/rollback.sh) and the job fails.
#   usage: ci/deploy.sh <env> <stage>      env: REF, COMMIT (full id); optional REVIEWED_PLAN, CI_RUN,
#                                          DEPLOY_RECORDS_REMOTE (default origin; "none" keeps records local)
set -euo pipefail
env_name="${1:?usage: ci/deploy.sh <env> <stage>}"
stage="${2:?usage: ci/deploy.sh <env> <stage>}"
ref="${REF:?REF (the branch or tag built) is not set}"
commit="${COMMIT:?COMMIT (the full commit id built) is not set}"
here="$(cd "$(dirname "$0")" && pwd)"
remote="${DEPLOY_RECORDS_REMOTE:-origin}"

record() {
  local args=(--env "$env_name" --stage "$stage" --ref "$ref" --commit "$commit" --result "$1")
  [ -z "${CI_RUN:-}" ] || args+=(--run "$CI_RUN")
  [ "$remote" = none ] || args+=(--push "$remote")
  npm run --silent deployments -- record "${args[@]}"
}

echo "== $env_name: images"
"$here/../images/check.sh" "$env_name" dist

apply_args=(--context "$env_name")
if [ -d "dist/$env_name/aws" ]; then
  echo "== $env_name: Terraform plan, compared with the reviewed one"
  npm run --silent apply -- "$env_name" --plan-only
  if [ -n "${REVIEWED_PLAN:-}" ] && ! cmp -s "$REVIEWED_PLAN" "dist/$env_name/aws/tfplan.review.json"; then
    echo "deploy $env_name: the Terraform plan differs from the plan that was reviewed ($REVIEWED_PLAN): something changed in between; nothing was applied. Fix: run the pipeline again, so the new plan is reviewed" >&2
    exit 1
  fi
  apply_args+=(--reviewed-plan)
fi
if [ "$stage" = prod ]; then apply_args+=(--confirm "$env_name"); fi
echo "== $env_name: apply"
if ! npm run --silent apply -- "$env_name" "${apply_args[@]}"; then
  record failed
  exit 1
fi
record applied

echo "== $env_name: post-deploy checks"
if "$here/smoke.sh" "$env_name" && "$here/suites/run.sh" "$stage" "$env_name"; then
  record verified
  exit 0
fi
record failed
case "$stage" in
  staging | prod)
    echo "== $env_name: checks failed; returning to the last verified deployment" >&2
    "$here/rollback.sh" "$env_name" "$stage" || echo "deploy $env_name: the rollback failed too: restore $env_name by hand" >&2
    ;;
esac
exit 1
