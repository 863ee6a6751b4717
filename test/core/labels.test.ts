import {
  DEFAULT_PART_OF,
  ENVIRONMENT_LABEL,
  MANAGED_BY,
  StandardLabelInput,
  environmentLabels,
  selectorLabels,
  standardLabels,
  toLabelValue,
} from '../../lib/core/labels';

test('label constants', () => {
  expect(MANAGED_BY).toBe('oms-platform-constructs');
  expect(DEFAULT_PART_OF).toBe('oms');
  expect(ENVIRONMENT_LABEL).toBe('oms.platform/environment');
});

describe('toLabelValue', () => {
  test.each<[string, string]>([
    ['1.0.2', '1.0.2'],
    ['v1_2-rc.3', 'v1_2-rc.3'],
    ['a/b+c', 'a-b-c'],
    ['a  /  b', 'a-b'],
    ['sha256:abc', 'sha256-abc'],
    ['--abc--', 'abc'],
    ['.abc_', 'abc'],
    ['_-.x.-_', 'x'],
    ['', ''],
    ['!!!', ''],
    ['---', ''],
    ['é', ''],
    ['a'.repeat(63), 'a'.repeat(63)],
    ['a'.repeat(70), 'a'.repeat(63)],
    // Cut to 63 ("a" x 62 then "-"), then the trailing "-" is dropped.
    ['a'.repeat(62) + '/b', 'a'.repeat(62)],
    ['x'.repeat(60) + '.1.2.3', 'x'.repeat(60) + '.1'],
  ])('%j becomes %j', (raw, expected) => {
    const value = toLabelValue(raw);
    expect(value).toBe(expected);
    expect(value.length).toBeLessThanOrEqual(63);
  });
});

describe('selectorLabels', () => {
  test.each<[string, string, Record<string, string>]>([
    ['om-app', 'dev', { 'app.kubernetes.io/name': 'om-app', 'app.kubernetes.io/instance': 'dev-om-app' }],
    [
      'n'.repeat(30),
      'e'.repeat(40),
      { 'app.kubernetes.io/name': 'n'.repeat(30), 'app.kubernetes.io/instance': `${'e'.repeat(40)}-${'n'.repeat(22)}` },
    ],
    // The cut ends on the "-" between environment and name, which is dropped.
    ['app', 'e'.repeat(62), { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/instance': 'e'.repeat(62) }],
  ])('name %j in environment %j', (name, environment, expected) => {
    expect(selectorLabels({ name, environment })).toEqual(expected);
  });

  test('extra inputs do not reach the selector', () => {
    const input: StandardLabelInput = { name: 'om-app', environment: 'dev', component: 'app-server', version: '10.0.2' };
    expect(selectorLabels(input)).toEqual({ 'app.kubernetes.io/name': 'om-app', 'app.kubernetes.io/instance': 'dev-om-app' });
  });
});

describe('standardLabels', () => {
  const base = {
    'app.kubernetes.io/name': 'om-app',
    'app.kubernetes.io/instance': 'uat-om-app',
    'app.kubernetes.io/component': 'app-server',
    'app.kubernetes.io/part-of': 'oms',
    'app.kubernetes.io/managed-by': 'oms-platform-constructs',
    'oms.platform/environment': 'uat',
  };

  test.each<[string, StandardLabelInput, Record<string, string>]>([
    ['no version', { name: 'om-app', environment: 'uat', component: 'app-server' }, base],
    [
      'a plain version',
      { name: 'om-app', environment: 'uat', component: 'app-server', version: '10.0.2' },
      { ...base, 'app.kubernetes.io/version': '10.0.2' },
    ],
    [
      'a version sanitized',
      { name: 'om-app', environment: 'uat', component: 'app-server', version: 'a/b+c' },
      { ...base, 'app.kubernetes.io/version': 'a-b-c' },
    ],
    ['an empty version is omitted', { name: 'om-app', environment: 'uat', component: 'app-server', version: '' }, base],
    [
      'a version that sanitizes to nothing is omitted',
      { name: 'om-app', environment: 'uat', component: 'app-server', version: '///' },
      base,
    ],
    [
      'a long version is cut to 63',
      { name: 'om-app', environment: 'uat', component: 'app-server', version: 'v'.repeat(80) },
      { ...base, 'app.kubernetes.io/version': 'v'.repeat(63) },
    ],
    [
      'a custom part-of',
      { name: 'om-app', environment: 'uat', component: 'app-server', partOf: 'billing' },
      { ...base, 'app.kubernetes.io/part-of': 'billing' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(standardLabels(input)).toEqual(expected);
  });
});

describe('environmentLabels', () => {
  test.each(['dev', 'pr-123'])('%j', (environment) => {
    expect(environmentLabels(environment)).toEqual({
      'app.kubernetes.io/part-of': 'oms',
      'app.kubernetes.io/managed-by': 'oms-platform-constructs',
      'oms.platform/environment': environment,
    });
  });

  test('is a subset of the standard labels of the same environment', () => {
    expect(standardLabels({ name: 'a', environment: 'dev', component: 'c' })).toEqual(expect.objectContaining(environmentLabels('dev')));
  });
});
