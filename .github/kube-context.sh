#!/usr/bin/env bash
# Creates (or refreshes) a kube context named after the environment, so every kubectl command can be
# pinned to it (apply --context <env>). The CI environment says how to log in:
#   KUBE_LOGIN=eks        EKS_CLUSTER (the AWS credentials of the job are used at each kubectl call)
#   KUBE_LOGIN=openshift  OPENSHIFT_SERVER, the OPENSHIFT_TOKEN secret, and optionally OPENSHIFT_CA_FILE
#
# Safe to run again in the same HOME (persistent runners): every entry is written, never renamed.
# The OpenShift token never goes on a command line: it is written with umask 077 to a file that only
# the runner's user can read, and the kubeconfig user points at that file (`tokenFile`, a field of the
# kubeconfig v1 AuthInfo). `oc login` is not used, because it takes the token only as `--token`.
# Bad input fails before anything is written, naming the variable and the fix.
set -euo pipefail
umask 077

fail() {
  echo "kube-context.sh: $1" >&2
  exit 1
}

env_name="${1:-}"
if [ $# -ne 1 ] || ! [[ "$env_name" =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]]; then
  fail "usage: kube-context.sh <environment> (received \"$*\"): the environment must be a DNS-1123 label, e.g. uat-eks. Fix: pass the environment's name"
fi

case "${KUBE_LOGIN:-}" in
  eks)
    cluster="${EKS_CLUSTER:-}"
    if ! [[ "$cluster" =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$ ]]; then
      fail "EKS_CLUSTER must name an EKS cluster (letters, digits, - and _; received \"$cluster\"). Fix: set EKS_CLUSTER for the $env_name environment"
    fi
    command -v aws >/dev/null || fail "aws is not installed or not on PATH. Fix: install the AWS CLI v2 on the runner"
    # update-kubeconfig writes or updates the cluster, user and context entries in place.
    aws eks update-kubeconfig --name "$cluster" --alias "$env_name" --user-alias "$env_name" >/dev/null
    ;;
  openshift)
    server="${OPENSHIFT_SERVER:-}"
    if ! [[ "$server" =~ ^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$ ]]; then
      fail "OPENSHIFT_SERVER must be the API server's https URL, e.g. https://api.cluster.example.com:6443 (received \"$server\"). Fix: set OPENSHIFT_SERVER for the $env_name environment"
    fi
    token="${OPENSHIFT_TOKEN:-}"
    if [ -z "$token" ] || [[ "$token" =~ [[:space:]] ]]; then
      fail "the OPENSHIFT_TOKEN secret must be a token without spaces or line breaks (it is empty or has some). Fix: set the OPENSHIFT_TOKEN secret for the $env_name environment"
    fi
    ca="${OPENSHIFT_CA_FILE:-}"
    if [ -n "$ca" ] && [ ! -r "$ca" ]; then
      fail "OPENSHIFT_CA_FILE names no readable file (received \"$ca\"). Fix: point it at the API server's CA bundle, or unset it to use the system's"
    fi
    kubeconfig_dir="$(dirname "${KUBECONFIG:-$HOME/.kube/config}")"
    token_dir="$kubeconfig_dir/oms-tokens"
    mkdir -p "$token_dir"
    chmod 700 "$token_dir"
    token_file="$token_dir/$env_name"
    # printf is a shell builtin: the token is in no process's arguments.
    printf '%s' "$token" >"$token_file.new"
    mv -f "$token_file.new" "$token_file"
    cluster_args=(--server="$server")
    if [ -n "$ca" ]; then cluster_args+=(--certificate-authority="$ca" --embed-certs=true); fi
    kubectl config set-cluster "$env_name" "${cluster_args[@]}" >/dev/null
    kubectl config set-credentials "$env_name" >/dev/null
    kubectl config set "users.$env_name.tokenFile" "$token_file" >/dev/null
    # A token an older version of this script wrote into the kubeconfig itself is removed.
    if kubectl config view -o "jsonpath={.users[?(@.name==\"$env_name\")].user.token}" | grep -q .; then
      kubectl config unset "users.$env_name.token" >/dev/null
    fi
    kubectl config set-context "$env_name" --cluster="$env_name" --user="$env_name" >/dev/null
    ;;
  *)
    echo "KUBE_LOGIN must be eks or openshift for this environment (received \"${KUBE_LOGIN:-}\")" >&2
    exit 1
    ;;
esac
kubectl config get-contexts "$env_name" >/dev/null
echo "kube context $env_name is ready"
