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
 * authentication. Every call must answer 2xx. The credentials come from the
 * environment (`OMS_USER`, `OMS_PASSWORD`, from a Secret); the base URL, the
 * Host header, the authentication style and the API names are positional
 * arguments, never part of the script text. Needs curl 7.87 or later.
 */
export const OMS_REST_SMOKE_SCRIPT = String.raw`set -eu
base="$1"; host="$2"; auth="$3"; shift 3
esc() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }
if [ "$auth" = standard ]; then
  body=$(printf '{"LoginID":"%s","Password":"%s"}' "$(esc "$OMS_USER")" "$(esc "$OMS_PASSWORD")")
  response=$(curl -fsS -X POST -H "Host: $host" -H "Content-Type: application/json" --data-binary "$body" "$base/smcfs/restapi/invoke/login")
  token=$(printf '%s' "$response" | sed -n 's/.*"UserToken"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
  if [ -z "$token" ]; then echo "login answered without a UserToken" >&2; exit 1; fi
fi
for api in "$@"; do
  if [ "$auth" = standard ]; then
    curl -fsS -o /dev/null -X POST -H "Host: $host" -H "Content-Type: application/json" --url-query "_loginid=$OMS_USER" --url-query "_token=$token" --data-binary "{}" "$base/smcfs/restapi/invoke/$api"
  else
    curl -fsS -o /dev/null -X POST -H "Host: $host" -H "Content-Type: application/json" -u "$OMS_USER:$OMS_PASSWORD" --data-binary "{}" "$base/smcfs/restapi/invoke/$api"
  fi
  echo "ok $api"
done`;

/** The script's arguments. */
export function omsRestSmokeArgs(input: { baseUrl: string; host: string; auth: OmsRestAuth; apis: readonly string[] }): string[] {
  return [input.baseUrl, input.host, input.auth, ...input.apis];
}
