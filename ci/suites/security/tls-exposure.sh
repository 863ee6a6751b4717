#!/usr/bin/env bash
# Hook (example): what a caller's TLS sees: every entry point of staging and production is HTTPS with a
# certificate the system trusts (curl verifies it), and its host serves nothing over plain HTTP (refused, or
# a redirect). A DAST scan (OWASP ZAP baseline) is another executable file in this folder.
set -euo pipefail
env_name="$1"
shift
for url in "$@"; do
  case "$url" in
    https://*) ;;
    *)
      echo "security $env_name: $url is not HTTPS. Fix: give the gateway a certificate (certificateArn) instead of plainHttp" >&2
      exit 1
      ;;
  esac
  if ! curl --silent --show-error --output /dev/null --max-time 15 "$url"; then
    echo "security $env_name: $url failed the TLS handshake or certificate check. Fix: check the certificate's names and chain" >&2
    exit 1
  fi
  plain="http://${url#https://}"
  status="$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 10 "$plain" || true)"
  case "$status" in
    000 | 301 | 302 | 307 | 308) echo "ok    security $env_name: $url (plain HTTP: ${status/000/refused})" ;;
    *)
      echo "security $env_name: $plain serves content over plain HTTP (status $status). Fix: remove the HTTP listener, or redirect it to HTTPS" >&2
      exit 1
      ;;
  esac
done
