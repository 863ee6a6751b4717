#!/usr/bin/env bash
# Synthesizes the project as CI synthesized one deployed ref: that commit is checked out beside this checkout
# (a git worktree at <dir>, made again if one is left from an earlier run), with the CI variables of that ref,
# so the tag decides the images again; for a production release the image record is read back from the
# registry (images/promote.sh --record), so production is pinned by the same digests. Used by the rollback and
# by the drift check of staging and production (what runs there is the last verified deployment, not main).
#   usage: ci/synth-at.sh <ref> <commit> <stage> <dir> [<app>...]   (apps: only those, as `npm run synth -- <app>`)
set -euo pipefail
ref="${1:?usage: ci/synth-at.sh <ref> <commit> <stage> <dir>}"
commit="${2:?usage: ci/synth-at.sh <ref> <commit> <stage> <dir>}"
stage="${3:?usage: ci/synth-at.sh <ref> <commit> <stage> <dir>}"
dir="${4:?usage: ci/synth-at.sh <ref> <commit> <stage> <dir>}"
shift 4
here="$(cd "$(dirname "$0")" && pwd)"
git worktree remove --force "$dir" 2>/dev/null || true
rm -rf "$dir"
git worktree prune
git worktree add --detach "$dir" "$commit"
cd "$dir"
npm ci
case "$stage" in
  staging | prod) export GITHUB_REF_TYPE=tag TAG_NAME="$ref" ;;
  *) export GITHUB_REF_TYPE=branch BRANCH_NAME="$ref" ;;
esac
export GITHUB_REF_NAME="$ref" GITHUB_SHA="$commit" GIT_COMMIT="$commit"
if [ "$stage" = prod ]; then
  # A release tag's images are tagged <release>-<short commit> (imageTag of lib/core/release.ts).
  "$here/../images/promote.sh" --record "${ref#v}-${commit:0:7}" image-record.json
  export OMS_IMAGE_RECORD="$PWD/image-record.json"
fi
npm run synth -- "$@"
