#!/usr/bin/env bash
# The smoke test after a deployment: every entry point of the environment (the URLs callers use, from its
# routing: `npm run --silent deployments -- entry --env <env>`) answers over the callers' TLS (curl verifies the
# certificate against the system's trust store, as a caller would) with a status below 500, within the retries:
# routing, certificate and a backend all work. An environment without Kubernetes routing is reported, not passed
# silently.
#   usage: ci/smoke.sh <env> [dist]        SMOKE_ATTEMPTS (default 10), SMOKE_DELAY seconds (default 15)
set -euo pipefail
env_name="${1:?usage: ci/smoke.sh <env> [dist]}"
dist="${2:-dist}"
attempts="${SMOKE_ATTEMPTS:-10}"
delay="${SMOKE_DELAY:-15}"
mapfile -t urls < <(npm run --silent deployments -- entry --env "$env_name" --dist "$dist")
if [ "${#urls[@]}" -eq 0 ]; then
  echo "smoke $env_name: no entry point in its routing (an ECS-only app): checked by its load balancer's health checks instead"
  exit 0
fi
failed=0
for url in "${urls[@]}"; do
  status=000
  for ((i = 1; i <= attempts; i++)); do
    status="$(curl --silent --show-error --output /dev/null --write-out '%{http_code}' --max-time 10 "$url" || true)"
    if [ "$status" != 000 ] && [ "$status" -lt 500 ]; then break; fi
    [ "$i" -eq "$attempts" ] || sleep "$delay"
  done
  if [ "$status" != 000 ] && [ "$status" -lt 500 ]; then
    echo "ok      $url ($status)"
  else
    echo "FAILED  $url (status $status after $attempts attempts)" >&2
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "smoke $env_name: an entry point does not answer (000: no connection or a TLS error; 5xx: no healthy backend). Fix: look at the gateway's and the services' events and logs" >&2
  exit 1
fi
