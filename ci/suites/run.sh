#!/usr/bin/env bash
# The stage hooks: after the smoke test, the suites of the stage run against the environment's live entry
# points. A team plugs a suite in by adding an executable file under ci/suites/<kind>/ (any language: it is
# called as `<file> <env> <url>...` and fails the deployment with a non-zero exit):
#   contract     consumer-driven contracts, verified against the provider (Pact-style)   branch, uat, staging
#   e2e          end-to-end journeys through the entry point                              uat, staging
#   performance  load and latency budgets                                                 staging
#   security     TLS and exposure checks (DAST tools such as ZAP plug in here)           staging, prod
#   usage: ci/suites/run.sh <stage> <env> [dist]
set -euo pipefail
stage="${1:?usage: ci/suites/run.sh <stage> <env> [dist]}"
env_name="${2:?usage: ci/suites/run.sh <stage> <env> [dist]}"
dist="${3:-dist}"
here="$(cd "$(dirname "$0")" && pwd)"
case "$stage" in
  branch) kinds=(contract) ;;
  uat) kinds=(contract e2e) ;;
  staging) kinds=(contract e2e performance security) ;;
  prod) kinds=(security) ;;
  *) echo "suites: unknown stage \"$stage\" (branch, uat, staging or prod)" >&2; exit 64 ;;
esac
mapfile -t urls < <(npm run --silent deployments -- entry --env "$env_name" --dist "$dist")
if [ "${#urls[@]}" -eq 0 ]; then
  echo "suites $env_name: no entry point, no suite to run"
  exit 0
fi
for kind in "${kinds[@]}"; do
  for suite in "$here/$kind"/*; do
    [ -x "$suite" ] || continue
    echo "== suite $kind/$(basename "$suite") on $env_name"
    "$suite" "$env_name" "${urls[@]}"
  done
done
