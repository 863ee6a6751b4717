import { OMS_STANDARD_APIS, apiNameDistance, nearOmsApis, omsApiProblems } from '../../../lib/core/oms/oms-apis';

test.each([
  ['getOrderList', 'getOrderList', 0],
  ['GetOrderList', 'getOrderList', 0],
  ['getOrderDetail', 'getOrderDetails', 1],
  ['getOrdreList', 'getOrderList', 1],
  ['chnageOrder', 'changeOrder', 1],
  ['getATP', 'getItemList', 7],
])('apiNameDistance(%p, %p) = %p', (a, b, d) => expect(apiNameDistance(a, b)).toBe(d));

test.each([
  ['getOrderDetail', ['getOrderDetails']],
  ['GetOrderList', ['getOrderList']],
  ['getOrdreList', ['getOrderList']],
  ['getATPs', ['getATP']],
  // Short names get one edit: "getA00" is not a typo of "getATP".
  ['getA00', []],
  ['acmeLoyaltyPoints', []],
  ['getOrderList', []],
])('nearOmsApis(%p) = %p', (name, near) => expect(nearOmsApis(name)).toEqual(near));

test('the known names are well formed and the ones the apps route', () => {
  for (const api of OMS_STANDARD_APIS) expect(api).toMatch(/^[a-z][A-Za-z]+$/);
  for (const api of ['getOrderList', 'getOrderDetails', 'createOrder', 'changeOrder', 'getATP', 'findInventory', 'getAvailableInventory'])
    expect(OMS_STANDARD_APIS.has(api)).toBe(true);
});

test('no known API is a near miss of another (each suggestion is unambiguous at one edit)', () => {
  const pairs = [...OMS_STANDARD_APIS].flatMap((a) =>
    [...OMS_STANDARD_APIS].filter((b) => a < b && apiNameDistance(a, b) <= 1).map((b) => `${a}~${b}`),
  );
  expect(pairs).toEqual([]);
});

test.each([
  [['getOrderList'], [], []],
  [['getOrderList'], ['acmeLoyaltyPoints'], []],
  [['getATP'], ['getOrderDetail'], []],
  [[], ['acmeLoyaltyPoints'], []],
])('omsApiProblems(%p, %p) accepts known and declared names', (apis, custom, expected) =>
  expect(omsApiProblems(apis, custom)).toEqual(expected),
);
