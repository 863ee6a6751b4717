#!/usr/bin/env bash
# Builds every image of images.json once, for one commit, scans it, pushes it under the tag
# imageTag({ ref, commit }) (given: `npm run --silent target` prints it as image_tag), and records each pushed
# image's digest in the image record (JSON, default image-record.json).
#   usage: images/build.sh <image-tag> [record-file]
# Buildah builds without a daemon and without privileges (rootless, the runner's user namespace); Trivy scans
# the built image from an OCI archive before anything is pushed, so an image with a critical finding never
# reaches the registry. Needs: buildah, trivy, node. OMS images need POSTGRESQL_JDBC_SHA256.
set -euo pipefail
tag="${1:?usage: images/build.sh <image-tag> [record-file]}"
record="${2:-image-record.json}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

entries=()
while read -r name context repositories; do
  build_args=()
  case "$name" in
    om-*)
      if [ -z "${POSTGRESQL_JDBC_SHA256:-}" ]; then
        echo "images/build.sh: $name needs POSTGRESQL_JDBC_SHA256 (Maven Central's SHA-256 of the PostgreSQL JDBC jar); nothing was pushed. Fix: set it as a CI variable" >&2
        exit 1
      fi
      build_args+=(--build-arg "POSTGRESQL_JDBC_SHA256=$POSTGRESQL_JDBC_SHA256")
      ;;
  esac
  local_name="localhost/$name:$tag"
  echo "== build $name ($context) as $tag"
  buildah build --layers --pull ${build_args[@]+"${build_args[@]}"} -f "$context/Dockerfile" -t "$local_name" "$context"
  buildah push "$local_name" "oci-archive:$work/$name.tar"
  echo "== scan $name (a critical finding with a fix fails the build)"
  trivy image --input "$work/$name.tar" --exit-code 1 --severity CRITICAL --ignore-unfixed --no-progress
  IFS=, read -r -a targets <<<"$repositories"
  for target in "${targets[@]}"; do
    buildah push --digestfile "$work/digest" "$local_name" "docker://$target:$tag"
    digest="$(cat "$work/digest")"
    echo "pushed $target:$tag@$digest"
    entries+=("{\"image\":\"$target:$tag\",\"digest\":\"$digest\"}")
  done
done < <(node "$here/list.js")

{
  printf '{"images":['
  (IFS=,; printf '%s' "${entries[*]}")
  printf ']}\n'
} >"$record"
echo "image record: $record (${#entries[@]} images)"
