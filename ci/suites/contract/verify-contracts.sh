#!/usr/bin/env bash
# Hook: the consumer-driven contracts of this folder, verified against the environment's entry points.
set -euo pipefail
exec node "$(dirname "$0")/verify.js" "$@"
