#!/usr/bin/env bash
# Promotes a build by retagging, never rebuilding: every image of images.json tagged <from-tag> gets
# <to-tag> as well, with the same digest. A release-candidate tag promotes the commit's build
# (main-<commit> or <branch>-<commit>); a release tag promotes the release candidate's images.
#   usage: images/promote.sh <from-tag> <to-tag> [record-file]
#          images/promote.sh --record <tag> [record-file]   (records the digests of existing images, copies nothing)
# `skopeo copy --all --preserve-digests` copies the manifest (list) byte for byte and fails rather than
# change it, so the destination tag names the same digest: the bytes that passed the earlier stage. The
# script then reads both digests back and fails if they differ. Writes the image record (default
# image-record.json) with each promoted image's digest, which production pins. Needs: skopeo, node.
set -euo pipefail
if [ "${1:-}" = --record ]; then
  from="${2:?usage: images/promote.sh --record <tag> [record-file]}"
  to="$from"
  record="${3:-image-record.json}"
else
  from="${1:?usage: images/promote.sh <from-tag> <to-tag> [record-file]}"
  to="${2:?usage: images/promote.sh <from-tag> <to-tag> [record-file]}"
  record="${3:-image-record.json}"
fi
here="$(cd "$(dirname "$0")" && pwd)"

entries=()
while read -r name _context repositories; do
  IFS=, read -r -a targets <<<"$repositories"
  for repository in "${targets[@]}"; do
    if ! source_digest="$(skopeo inspect --format '{{.Digest}}' "docker://$repository:$from" 2>/dev/null)"; then
      echo "images/promote.sh: $repository:$from ($name) does not exist, so $to cannot be promoted from it; nothing more was retagged. Fix: build $from first (a branch or main push builds it), or promote from the tag that passed the earlier stage" >&2
      exit 1
    fi
    # Copying a tag onto itself would be refused by a registry with immutable tags: --record only reads.
    [ "$from" = "$to" ] || skopeo copy --all --preserve-digests "docker://$repository:$from" "docker://$repository:$to"
    copied_digest="$(skopeo inspect --format '{{.Digest}}' "docker://$repository:$to")"
    if [ "$copied_digest" != "$source_digest" ]; then
      echo "images/promote.sh: $repository:$to has digest $copied_digest, not $source_digest of $from: the registry changed the image. Fix: use a registry that stores manifests as pushed" >&2
      exit 1
    fi
    echo "promoted $repository:$from -> $to ($source_digest)"
    entries+=("{\"image\":\"$repository:$to\",\"digest\":\"$source_digest\"}")
  done
done < <(node "$here/list.js")

{
  printf '{"images":['
  (IFS=,; printf '%s' "${entries[*]}")
  printf ']}\n'
} >"$record"
echo "image record: $record (${#entries[@]} images)"
