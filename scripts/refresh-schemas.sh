#!/usr/bin/env bash
# Refreshes the vendored schemas in schemas/ from their upstream repositories (needs a network that reaches
# them; nothing here runs in the tests or CI). Usage: scripts/refresh-schemas.sh [k8s-version ...]
#   e.g. scripts/refresh-schemas.sh v1.27.0 v1.33.0 v1.36.0
# Each download goes to a temporary file first and replaces the vendored copy only when it is complete and
# parses as JSON or YAML, so a failed refresh leaves schemas/ as it was. Update each folder's SOURCE with
# the commit or tag you fetched, review the diff, run `npm test`, and commit.
set -euo pipefail
cd "$(dirname "$0")/.."

RAW=https://raw.githubusercontent.com
K8S_REF=${K8S_REF:-main}
GATEWAY_API_REF=${GATEWAY_API_REF:-v1.6.1}
ENVOY_GATEWAY_REF=${ENVOY_GATEWAY_REF:-v1.9.0}
KEDA_REF=${KEDA_REF:-main}
ESO_REF=${ESO_REF:-main}
ROLLOUTS_REF=${ROLLOUTS_REF:-master}
OPENSHIFT_API_REF=${OPENSHIFT_API_REF:-master}
KARPENTER_REF=${KARPENTER_REF:-main}
LBC_REF=${LBC_REF:-main}
PROMETHEUS_OPERATOR_REF=${PROMETHEUS_OPERATOR_REF:-main}
CLUSTER_LOGGING_REF=${CLUSTER_LOGGING_REF:-master}

fetch() {
  local url=$1 dest=$2 tmp
  tmp=$(mktemp "${dest}.XXXXXX")
  if ! curl --fail --silent --show-error --location --max-time 120 --output "$tmp" "$url"; then
    rm -f "$tmp"
    echo "refresh-schemas: could not fetch $url; $dest is unchanged" >&2
    return 1
  fi
  # Only a file that parses replaces the vendored copy (a captive portal's HTML page would not).
  if ! node -e '
    const fs = require("fs"); const f = process.argv[1]; const t = fs.readFileSync(f, "utf8");
    if (process.argv[2] === "json") JSON.parse(t);
    else for (const d of require("yaml").parseAllDocuments(t)) if (d.errors.length > 0) throw d.errors[0];
  ' "$tmp" "${dest##*.}"; then
    rm -f "$tmp"
    echo "refresh-schemas: $url did not parse; $dest is unchanged" >&2
    return 1
  fi
  mv "$tmp" "$dest"
  echo "refreshed $dest"
}

versions=("$@")
if [ "${#versions[@]}" -eq 0 ]; then
  mapfile -t versions < <(find schemas/k8s -mindepth 1 -maxdepth 1 -type d -name 'v*' -printf '%f\n' | sort -V)
fi
for v in "${versions[@]}"; do
  mkdir -p "schemas/k8s/$v"
  fetch "$RAW/cdk8s-team/cdk8s/$K8S_REF/kubernetes-schemas/$v/_definitions.json" "schemas/k8s/$v/_definitions.json"
done

for f in httproutes gateways gatewayclasses grpcroutes referencegrants backendtlspolicies; do
  fetch "$RAW/kubernetes-sigs/gateway-api/$GATEWAY_API_REF/config/crd/standard/gateway.networking.k8s.io_$f.yaml" \
    "schemas/crds/gateway-api/gateway.networking.k8s.io_$f.yaml"
done
fetch "$RAW/envoyproxy/gateway/$ENVOY_GATEWAY_REF/charts/gateway-helm/charts/crds/crds/generated/gateway.envoyproxy.io_backendtrafficpolicies.yaml" \
  schemas/crds/envoy-gateway/gateway.envoyproxy.io_backendtrafficpolicies.yaml
for f in scaledobjects scaledjobs triggerauthentications; do
  fetch "$RAW/kedacore/keda/$KEDA_REF/config/crd/bases/keda.sh_$f.yaml" "schemas/crds/keda/keda.sh_$f.yaml"
done
for f in externalsecrets secretstores; do
  fetch "$RAW/external-secrets/external-secrets/$ESO_REF/config/crds/bases/external-secrets.io_$f.yaml" \
    "schemas/crds/external-secrets/external-secrets.io_$f.yaml"
done
for f in rollout-crd analysis-template-crd; do
  fetch "$RAW/argoproj/argo-rollouts/$ROLLOUTS_REF/manifests/crds/$f.yaml" "schemas/crds/argo-rollouts/$f.yaml"
done
fetch "$RAW/kubernetes-sigs/karpenter/$KARPENTER_REF/kwok/charts/crds/karpenter.sh_nodepools.yaml" \
  schemas/crds/karpenter/karpenter.sh_nodepools.yaml
for f in loadbalancerconfigurations targetgroupconfigurations listenerruleconfigurations; do
  fetch "$RAW/kubernetes-sigs/aws-load-balancer-controller/$LBC_REF/config/crd/gateway/gateway.k8s.aws_$f.yaml" \
    "schemas/crds/aws-load-balancer-controller/gateway.k8s.aws_$f.yaml"
done
for f in servicemonitors podmonitors prometheusrules; do
  fetch "$RAW/prometheus-operator/prometheus-operator/$PROMETHEUS_OPERATOR_REF/example/prometheus-operator-crd/monitoring.coreos.com_$f.yaml" \
    "schemas/crds/prometheus-operator/monitoring.coreos.com_$f.yaml"
done
fetch "$RAW/openshift/cluster-logging-operator/$CLUSTER_LOGGING_REF/bundle/manifests/observability.openshift.io_clusterlogforwarders.yaml" \
  schemas/crds/openshift-logging/observability.openshift.io_clusterlogforwarders.yaml
echo "The OpenShift Route and ClusterResourceQuota CRDs come from openshift/api ($OPENSHIFT_API_REF); refresh them by hand (see their SOURCE)."
