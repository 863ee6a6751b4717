import { Problem } from '../errors';
import { omsApiNameViolation } from '../validators';

/**
 * IBM Sterling OMS standard API names this library knows, each one seen named as an API of the product in a public
 * source (looked up 2026-12-07). IBM's complete list is the Javadoc of `com.yantra.interop.japi.YIFApi`, which ships
 * inside the product (`<runtime>/xapidocs/api_javadocs`) and is not published on the web, so THIS LIST IS PARTIAL:
 * an IBM API missing here is declared by the service that owns it in `customApis`, like an API of your own.
 *
 * Sources, by API:
 * - IBM Documentation, Sterling Order Management System Software 10.0, "Integrating with ERP systems" pages
 *   (ibm.com/docs/en/order-management-sw/10.0.0?topic=eis...): createOrder, changeOrder, shortOrder, manageCustomer,
 *   manageItem, adjustInventory, closeReceipt, receiveOrder, createShipment, consolidateToShipment,
 *   createWorkOrder, cancelWorkOrder, modifyWorkOrder.
 * - IBM Documentation, "APIs invoked during Parcel Carrier Adapter integration": openManifest,
 *   addContainerToManifest, removeContainerFromManifest, closeManifest.
 * - IBM Documentation, "Payment-related APIs": executeCollection, recordCollection, requestCollection,
 *   processOrderPayments, executePaymentTransactions, scheduleOrder, getOrderDetails.
 * - IBM Documentation, "API behavior": createEnvironment.
 * - IBM Documentation, Sterling Store Engagement "Tracking orders": getShipmentListForOrder, getShipmentDetails.
 * - IBM Documentation, Sterling Intelligent Promising "Integrating capacity data": manageCapacityReservation,
 *   reserveAvailableInventory.
 * - IBM Documentation, "Contract order APIs": managePricelistHeader, managePricelistLine, managePricelistAssignment,
 *   managePricelistSellerAssignment, getAssignedPricelistHeaderList.
 * - IBM Support, "How to use confirmShipment API" and "getOrderList ... MaximumRecords" (node 6590941):
 *   confirmShipment, getOrderList, getPage.
 * - HCL Commerce's Sterling Order Management integration documentation (calls into OMS): getCompleteOrderDetails,
 *   findInventory, monitorItemAvailability.
 * - Public OMS customisation code calling the API by name through `YIFApi.invoke` or the console's `yfc:callAPI`
 *   (weakest source, kept for names this project's apps use): getATP, getItemList, getAvailableInventory.
 */
export const OMS_STANDARD_APIS: ReadonlySet<string> = new Set([
  'addContainerToManifest',
  'adjustInventory',
  'cancelWorkOrder',
  'changeOrder',
  'closeManifest',
  'closeReceipt',
  'confirmShipment',
  'consolidateToShipment',
  'createEnvironment',
  'createOrder',
  'createShipment',
  'createWorkOrder',
  'executeCollection',
  'executePaymentTransactions',
  'findInventory',
  'getAssignedPricelistHeaderList',
  'getATP',
  'getAvailableInventory',
  'getCompleteOrderDetails',
  'getItemList',
  'getOrderDetails',
  'getOrderList',
  'getPage',
  'getShipmentDetails',
  'getShipmentListForOrder',
  'manageCapacityReservation',
  'manageCustomer',
  'manageItem',
  'managePricelistAssignment',
  'managePricelistHeader',
  'managePricelistLine',
  'managePricelistSellerAssignment',
  'modifyWorkOrder',
  'monitorItemAvailability',
  'openManifest',
  'processOrderPayments',
  'receiveOrder',
  'recordCollection',
  'removeContainerFromManifest',
  'requestCollection',
  'reserveAvailableInventory',
  'scheduleOrder',
  'shortOrder',
]);

/** How far (edits, case ignored) a name may be from a known API to be taken for a typo of it: 1 for short names, else 2. */
function nearMissDistance(name: string): number {
  return name.length < 10 ? 1 : 2;
}

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function apiNameDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array<number>(y.length).fill(0)]);
  for (let j = 1; j <= y.length; j++) d[0][j] = j;
  for (let i = 1; i <= x.length; i++)
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[x.length][y.length];
}

/** The known APIs `name` is most likely a typo of (nearest first, at most three), or none. */
export function nearOmsApis(name: string): string[] {
  return [...OMS_STANDARD_APIS]
    .map((api) => ({ api, distance: apiNameDistance(name, api) }))
    .filter((c) => c.distance <= nearMissDistance(c.api) && c.api !== name)
    .sort((a, b) => a.distance - b.distance || (a.api < b.api ? -1 : 1))
    .slice(0, 3)
    .map((c) => c.api);
}

/**
 * The problems of the OMS API names a service routes: each must be well formed and listed once (in `apis` and
 * `customApis` together); then each name in `apis` must be one of IBM's known APIs ({@link OMS_STANDARD_APIS}). A
 * near miss names the API meant ("did you mean"); any other unknown name asks to be declared in `customApis`. Names
 * in `customApis` are the owner's own (or IBM APIs missing from the partial list) and are not checked against IBM's,
 * but a known IBM API there is refused, so the check cannot be bypassed for it.
 */
export function omsApiProblems(apis: readonly string[], customApis: readonly string[]): Problem[] {
  const named: Problem[] = [];
  const seen = new Set<string>();
  for (const [property, list] of [
    ['apis', apis],
    ['customApis', customApis],
  ] as const)
    for (const api of list) {
      if (omsApiNameViolation(api) !== undefined)
        named.push({
          property,
          rule: 'must be OMS API names (a letter, then letters, digits or "_")',
          value: api,
          fix: 'use the API name as in /smcfs/restapi/invoke/<apiName>, e.g. "getOrderList"',
        });
      else if (seen.has(api)) named.push({ property, rule: 'must not list an API twice', value: api, fix: `remove the second "${api}"` });
      seen.add(api);
    }
  // IBM's names are checked once every name is well formed and listed once.
  if (named.length > 0) return named;
  const problems: Problem[] = [];
  const custom = apis.length > 0 ? new Set(customApis) : undefined;
  for (const api of apis.filter((a) => !OMS_STANDARD_APIS.has(a) && !custom!.has(a))) {
    const near = nearOmsApis(api);
    problems.push(
      near.length > 0
        ? {
            property: 'apis',
            rule: `must be IBM OMS API names; did you mean ${near.map((n) => `"${n}"`).join(' or ')}? (a route for a misspelt API matches no call, and its callers fall through to the default backend)`,
            value: api,
            fix: `use "${near[0]}", or, if "${api}" is an API of your own, move it to customApis`,
          }
        : {
            property: 'apis',
            rule: "must be IBM OMS API names known to this library (its list of IBM's APIs is partial: OMS_STANDARD_APIS)",
            value: api,
            fix: `if "${api}" is your own API or an IBM API missing from the list, move it to customApis`,
          },
    );
  }
  for (const api of customApis.filter((a) => OMS_STANDARD_APIS.has(a)))
    problems.push({
      property: 'customApis',
      rule: "must not list IBM's standard APIs (those are checked in apis)",
      value: api,
      fix: `move "${api}" to apis`,
    });
  return problems;
}
