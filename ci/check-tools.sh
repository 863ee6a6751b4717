#!/usr/bin/env bash
# The agent's tools match what the project requires: Node of the major version CI uses, and a kubectl within
# one minor version of the clusters (kubectl's version skew policy: a client is supported within one minor of
# the API server). GitHub Actions installs exact versions; a Jenkins agent brings its own, so it is checked.
#   usage: ci/check-tools.sh <node-major> <kubectl-version, e.g. v1.35.3>
set -euo pipefail
node_major="${1:?usage: ci/check-tools.sh <node-major> <kubectl-version>}"
kubectl_version="${2:?usage: ci/check-tools.sh <node-major> <kubectl-version>}"
have_node="$(node --version)"
if [ "${have_node#v}" = "${have_node#v"$node_major".}" ]; then
  echo "check-tools: node $have_node, but CI uses Node $node_major. Fix: give the agent Node $node_major (label node$node_major)" >&2
  exit 1
fi
want_minor="$(cut -d. -f2 <<<"$kubectl_version")"
have_kubectl="$(kubectl version --client -o json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).clientVersion.gitVersion))')"
have_minor="$(cut -d. -f2 <<<"$have_kubectl")"
if [ "$((have_minor - want_minor))" -gt 1 ] || [ "$((want_minor - have_minor))" -gt 1 ]; then
  echo "check-tools: kubectl $have_kubectl is more than one minor version from $kubectl_version, the clusters' version. Fix: install kubectl $kubectl_version on the agent" >&2
  exit 1
fi
echo "check-tools: node $have_node, kubectl $have_kubectl"
