#!/usr/bin/env bash
# Creates a kube context named after the environment, so every kubectl command can be pinned to it
# (apply --context <env>). The GitHub environment says how to log in: KUBE_LOGIN=eks (EKS_CLUSTER) or
# KUBE_LOGIN=openshift (OPENSHIFT_SERVER, and the OPENSHIFT_TOKEN secret).
set -euo pipefail
env_name="${1:?usage: kube-context.sh <environment>}"
case "${KUBE_LOGIN:-}" in
  eks)
    aws eks update-kubeconfig --name "${EKS_CLUSTER:?EKS_CLUSTER is not set for this environment}" --alias "$env_name" >/dev/null
    ;;
  openshift)
    oc login --server="${OPENSHIFT_SERVER:?OPENSHIFT_SERVER is not set for this environment}" \
      --token="${OPENSHIFT_TOKEN:?the OPENSHIFT_TOKEN secret is not set for this environment}" >/dev/null
    kubectl config rename-context "$(kubectl config current-context)" "$env_name" >/dev/null
    ;;
  *)
    echo "KUBE_LOGIN must be eks or openshift for this environment (received \"${KUBE_LOGIN:-}\")" >&2
    exit 1
    ;;
esac
kubectl config get-contexts "$env_name" >/dev/null
echo "kube context $env_name is ready"
