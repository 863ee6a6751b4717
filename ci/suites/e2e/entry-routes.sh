#!/usr/bin/env bash
# Hook (example): a journey through the entry point as a caller makes it: an unrouted path reaches the default
# backend (any status below 500), and each entry point answers within its timeout. A team's own end-to-end
# suite (Playwright, Postman/Newman, a JUnit journey) is another executable file in this folder.
set -euo pipefail
env_name="$1"
shift
for url in "$@"; do
  status="$(curl --silent --show-error --output /dev/null --write-out '%{http_code}' --max-time 15 "${url%/}/no-such-path-$RANDOM" || echo 000)"
  if [ "$status" = 000 ] || [ "$status" -ge 500 ]; then
    echo "e2e $env_name: ${url} did not route an unknown path to its default backend (status $status). Fix: check the catch-all rule of the gateway" >&2
    exit 1
  fi
  echo "ok    e2e $env_name: unknown path on $url -> $status"
done
