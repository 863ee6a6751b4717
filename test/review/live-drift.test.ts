import { LiveObject, fieldPaths, handEditedFields, unmanagedObjects } from '../../lib/review/live-drift';

test.each<[string, Record<string, unknown>, string[]]>([
  ['a plain field', { 'f:spec': { 'f:replicas': {} } }, ['spec.replicas']],
  [
    'a map key with dots',
    { 'f:metadata': { 'f:labels': { '.': {}, 'f:app.kubernetes.io/name': {} } } },
    ['metadata.labels.app.kubernetes.io/name'],
  ],
  [
    'a list item by key, and its fields',
    { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {} } } } },
    ['spec.containers[name=app].image'],
  ],
  [
    'a list item with only its own marker',
    { 'f:spec': { 'f:ports': { 'k:{"port":8080,"protocol":"TCP"}': { '.': {} } } } },
    ['spec.ports[port=8080,protocol=TCP]'],
  ],
  ['a set value', { 'f:metadata': { 'f:finalizers': { 'v:"example.com/cleanup"': {} } } }, ['metadata.finalizers[example.com/cleanup]']],
])('fieldPaths: %s', (_name, fields, paths) => {
  expect(fieldPaths(fields)).toEqual(paths);
});

const obj = (kind: string, name: string, metadata: Partial<LiveObject['metadata']> = {}): LiveObject => ({
  kind,
  metadata: { name, namespace: 'e', ...metadata },
});

test('an object dist/ has only in a lifecycle phase is not unmanaged; a hand object with our labels is', () => {
  const desired = new Set(['Job e/upgrade']);
  expect(
    unmanagedObjects([obj('Job', 'upgrade'), obj('ConfigMap', 'copy', { labels: { 'oms.platform/environment': 'e' } })], desired),
  ).toEqual([
    { object: 'ConfigMap e/copy', message: 'not in dist/ (written by an unknown manager). Fix: add it to the code, or delete it' },
  ]);
});

test.each([
  ['our apply', 'kubectl-client-side-apply', undefined],
  ['the autoscaler, through /scale', 'kube-controller-manager', 'scale'],
  ['a person writing status', 'kubectl-patch', 'status'],
  ['the Argo Rollouts plugin (promote, abort)', 'kubectl-argo-rollouts', undefined],
  ['an operator', 'external-secrets', undefined],
])('not drift: %s', (_name, manager, subresource) => {
  const o = obj('Deployment', 'app', {
    managedFields: [{ manager, subresource, operation: 'Update', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }],
  });
  expect(handEditedFields([o], new Set(['Deployment e/app']))).toEqual([]);
});

test.each(['kubectl-edit', 'kubectl-patch', 'kubectl-set', 'kubectl-replace', 'kubectl', 'oc', 'oc-edit', 'Mozilla'])(
  'drift: %s',
  (manager) => {
    const o = obj('Deployment', 'app', { managedFields: [{ manager, operation: 'Update', fieldsV1: { 'f:spec': { 'f:paused': {} } } }] });
    expect(handEditedFields([o], new Set(['Deployment e/app']))).toEqual([
      {
        object: 'Deployment e/app',
        message: `${manager} (Update) owns spec.paused. Fix: put the change in the code and apply it, or undo it`,
      },
    ]);
  },
);

test('many fields are named up to eight, the rest counted', () => {
  const fields = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f:k${i}`, {}]));
  const o = obj('ConfigMap', 'c', { managedFields: [{ manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:data': fields } }] });
  expect(handEditedFields([o], new Set(['ConfigMap e/c']))[0].message).toBe(
    'kubectl-edit (Update) owns data.k0, data.k1, data.k2, data.k3, data.k4, data.k5, data.k6, data.k7 and 3 more. Fix: put the change in the code and apply it, or undo it',
  );
});
