#!/usr/bin/env bash
# Before an apply: every image of the registry that dist/<env>/ deploys exists there (by tag, or by digest when
# pinned). Lists all that are missing, then fails naming them, so nothing is applied with an image the
# cluster could not pull (ImagePullBackOff after a half-applied release).
#   usage: images/check.sh <env> [dist]
# Needs: skopeo, node. IMAGE_REGISTRY overrides the registry of images.json.
set -euo pipefail
env_name="${1:?usage: images/check.sh <env> [dist]}"
dist="${2:-dist}"
here="$(cd "$(dirname "$0")" && pwd)"
registry="${IMAGE_REGISTRY:-$(node -e 'process.stdout.write(require(process.argv[1]).registry)' "$here/images.json")}"
if [ ! -d "$dist/$env_name" ]; then
  echo "images/check.sh: $dist/$env_name not found. Fix: synthesize $env_name first" >&2
  exit 1
fi
# Image references of the registry anywhere in the environment's output (YAML and Terraform JSON alike).
mapfile -t images < <(grep -rhoE "${registry//./\\.}/[a-z0-9._/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?" "$dist/$env_name" | sort -u)
missing=()
for image in ${images[@]+"${images[@]}"}; do
  if skopeo inspect --raw "docker://$image" >/dev/null 2>&1; then
    echo "ok      $image"
  else
    echo "MISSING $image"
    missing+=("$image")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "images/check.sh: $env_name deploys ${#missing[@]} image(s) the registry does not have: ${missing[*]}; nothing was applied. Fix: build them (a push of the commit runs images/build.sh) or promote them (images/promote.sh), then run the deployment again" >&2
  exit 1
fi
echo "$env_name: all ${#images[@]} image(s) of $registry exist"
