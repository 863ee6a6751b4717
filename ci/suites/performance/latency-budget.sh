#!/usr/bin/env bash
# Hook (example): a latency budget: PERF_REQUESTS sequential requests (default 20) to each entry point; the
# 95th percentile of the total time must stay under PERF_P95_MS (default 1500). A team's load test (k6,
# Gatling, JMeter) is another executable file in this folder.
set -euo pipefail
env_name="$1"
shift
requests="${PERF_REQUESTS:-20}"
budget="${PERF_P95_MS:-1500}"
for url in "$@"; do
  times=()
  for ((i = 0; i < requests; i++)); do
    t="$(curl --silent --output /dev/null --write-out '%{time_total}' --max-time 15 "$url" || echo 15)"
    times+=("$(awk -v t="$t" 'BEGIN { printf "%d", t * 1000 }')")
  done
  p95="$(printf '%s\n' "${times[@]}" | sort -n | awk -v n="$requests" '{ a[NR] = $1 } END { i = int(n * 0.95 + 0.999); if (i < 1) i = 1; print a[i] }')"
  if [ "$p95" -gt "$budget" ]; then
    echo "performance $env_name: p95 of $url is ${p95} ms, over the budget of ${budget} ms. Fix: find what got slower (the deployment's diff, the traces), or agree a new budget (PERF_P95_MS)" >&2
    exit 1
  fi
  echo "ok    performance $env_name: p95 of $url is ${p95} ms (budget ${budget} ms, ${requests} requests)"
done
