/** How OMS REST calls authenticate: STANDARD (login, then `_loginid` and `_token`) or BASIC. */
export type OmsRestAuth = 'standard' | 'basic';

const READ_ONLY_API = /^(get|find|list|check)[A-Z][A-Za-z0-9_]*$/;

/** Whether an OMS API only reads, by OMS's naming of its read APIs (get..., find..., list..., check...). */
export function isReadOnlyOmsApi(api: string): boolean {
  return READ_ONLY_API.test(api);
}

/**
 * A POSIX shell script that calls OMS REST APIs the way OMS requires: with
 * STANDARD authentication (the default) it posts `LoginID` and `Password` to
 * `/smcfs/restapi/invoke/login`, reads `UserToken`, and passes `_loginid` and
 * `_token` on every call; with BASIC it sends the credentials as HTTP basic
 * authentication. Every call must answer 2xx: a redirect (plain HTTP to an
 * HTTPS-only entry point) or an error fails the test, naming the API and status.
 *
 * The base URL names the host callers use (`https://oms.example.com`), so TLS
 * (SNI, certificate check) and the Host header are the host's. When the host's
 * name does not lead to the entry point from inside the cluster, the
 * connect-to argument (`host:port:address:port`, curl's `--connect-to`) sends
 * the connection to an in-cluster address instead without changing either
 * (the image's trust store must trust the entry point's certificate). The
 * credentials come from the environment (`OMS_USER`, `OMS_PASSWORD`, from a
 * Secret); the base URL, connect-to (an empty string for "none"),
 * authentication style and API names are positional arguments, never part of the script text. Needs curl 7.87 or later.
 */
export const OMS_REST_SMOKE_SCRIPT = String.raw`set -eu
base="$1"; connect="$2"; auth="$3"; shift 3
answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
esc() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }
# Posts to one API (name, URL, options). Only a 2xx answer passes: curl neither follows nor fails on a redirect.
call() {
  called="$1"; url="$2"; shift 2
  set -- -sS -o "$answer" -w '%{http_code}' -X POST -H "Content-Type: application/json" "$@" "$url"
  if [ -n "$connect" ]; then set -- --connect-to "$connect" "$@"; fi
  status=$(curl "$@")
  case "$status" in
    2??) ;;
    *) echo "$called answered HTTP $status" >&2; exit 1 ;;
  esac
}
if [ "$auth" = standard ]; then
  call login "$base/smcfs/restapi/invoke/login" --data-binary "$(printf '{"LoginID":"%s","Password":"%s"}' "$(esc "$OMS_USER")" "$(esc "$OMS_PASSWORD")")"
  token=$(sed -n 's/.*"UserToken"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$answer")
  if [ -z "$token" ]; then echo "login answered without a UserToken" >&2; exit 1; fi
fi
for api in "$@"; do
  if [ "$auth" = standard ]; then
    call "$api" "$base/smcfs/restapi/invoke/$api" --url-query "_loginid=$OMS_USER" --url-query "_token=$token" --data-binary "{}"
  else
    call "$api" "$base/smcfs/restapi/invoke/$api" -u "$OMS_USER:$OMS_PASSWORD" --data-binary "{}"
  fi
  echo "ok $api"
done`;

/** Where the smoke script sends its calls. */
export interface OmsRestTarget {
  /** The scheme, host and (when not the scheme's) port callers use, e.g. `https://oms.example.com`. */
  readonly baseUrl: string;
  /** curl's `--connect-to` (`host:port:address:port`): the in-cluster address to connect to instead. @default none */
  readonly connectTo?: string;
}

/** The script's arguments. */
export function omsRestSmokeArgs(input: OmsRestTarget & { auth: OmsRestAuth; apis: readonly string[] }): string[] {
  return [input.baseUrl, input.connectTo ?? '', input.auth, ...input.apis];
}
