import { diffDist, formatDiff } from '../../lib/review/diff';
import { deployment, tree } from './fixtures';

const mmd = (...lines: string[]) => ['flowchart LR', '  %% e (uat, eks)', ...lines, ''].join('\n');

test('the review prints what changed in the topology: removed and added nodes and edges', () => {
  const app = { 'e/k8s/app.yaml': deployment('r/app:1') };
  const base = tree({
    ...app,
    'e/topology.mmd': mmd('  svc_app["app<br/>1..2 pods"]', '  subgraph data["data"]', '    db[("PostgreSQL")]', '  end'),
  });
  const head = tree({
    ...app,
    'e/topology.mmd': mmd(
      '  svc_app["app<br/>1..4 pods"]',
      '  subgraph data["data"]',
      '    db[("PostgreSQL")]',
      '  end',
      '  svc_app --> db',
    ),
  });
  expect(formatDiff(diffDist(base, head))).toBe(
    [
      '## e: 0 added, 0 changed, 0 removed',
      '  Topology (topology.md):',
      '    - svc_app["app<br/>1..2 pods"]',
      '    + svc_app["app<br/>1..4 pods"]',
      '    + svc_app --> db',
      '',
      '',
    ].join('\n'),
  );
});

test('an unchanged topology (and a changed comment line) prints nothing', () => {
  const app = { 'e/k8s/app.yaml': deployment('r/app:1') };
  const base = tree({ ...app, 'e/topology.mmd': mmd('  svc_app["app"]') });
  const head = tree({ ...app, 'e/topology.mmd': mmd('  svc_app["app"]').replace('%% e (uat, eks)', '%% e (uat, openshift)') });
  expect(formatDiff(diffDist(base, head))).toBe('No changes.\n');
});

test('a new environment shows its whole topology as added', () => {
  const base = tree({ 'a/k8s/app.yaml': deployment('r/app:1') });
  const head = tree({
    'a/k8s/app.yaml': deployment('r/app:1'),
    'e/k8s/app.yaml': deployment('r/app:1'),
    'e/topology.mmd': mmd('  svc_app["app"]'),
  });
  expect(formatDiff(diffDist(base, head))).toContain('  Topology (topology.md):\n    + flowchart LR\n    + svc_app["app"]\n');
});
