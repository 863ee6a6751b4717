import { omsApiNameViolation, throwIfProblems } from '../../core';

/** The path OMS serves one REST API on; throws when `api` is not an OMS API name. */
export function apiPath(api: string): string {
  const rule = omsApiNameViolation(api);
  if (rule !== undefined)
    throwIfProblems('apiPath', [{ property: 'api', rule, value: api, fix: 'pass the API name as IBM documents it, e.g. "getOrderList"' }]);
  return `/smcfs/restapi/invoke/${api}`;
}
