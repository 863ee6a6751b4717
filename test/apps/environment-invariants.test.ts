import { parseAllDocuments } from 'yaml';
import { renderAllApps } from '../support/apps';

// Facts every app's output must hold, over everything it writes (the environment and its phases).
const environments = renderAllApps()
  .map(({ env }) => env)
  .filter((e) => e.manifests.length > 0);
const objectsOf = (env: (typeof environments)[number]) =>
  env.files
    .filter((f) => f.path.endsWith('.yaml') && !f.path.startsWith('flux/') && f.path !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as Record<string, any>));

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each(environments.map((e) => [e.name, e] as const))('%s', (_name, env) => {
  const objects = objectsOf(env);

  test('no Service, PodDisruptionBudget or Rollout selects the pods of a Job (promotion gates, data setup, phases)', () => {
    const selectors = objects.flatMap((o) => {
      if (o.kind === 'Service') return [[`Service/${o.metadata.name}`, o.spec.selector]];
      if (o.kind === 'PodDisruptionBudget' || o.kind === 'Rollout') return [[`${o.kind}/${o.metadata.name}`, o.spec.selector?.matchLabels]];
      return [];
    }) as [string, Record<string, string> | undefined][];
    const jobs = objects.filter((o) => o.kind === 'Job');
    const selected = jobs.flatMap((j) =>
      selectors
        .filter(([, s]) => matches(s, j.spec.template.metadata?.labels ?? {}))
        .map(([who]) => `${who} selects Job/${j.metadata.name}`),
    );
    expect(selected).toEqual([]);
  });

  test('without a custom trust store, no OMS container reads trustStorePassword', () => {
    const readers = objects.flatMap((o) => {
      const pod = o.spec?.template?.spec ?? o.spec?.jobTargetRef?.template?.spec;
      return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]
        .filter((c: any) => (c.env ?? []).some((e: any) => e.valueFrom?.secretKeyRef?.key === 'trustStorePassword'))
        .map((c: any) => `${o.kind}/${o.metadata.name} ${c.name}`);
    });
    expect(readers).toEqual([]);
  });
});

test('the checks above see the objects they are about', () => {
  const all = environments.flatMap(objectsOf);
  // Promotion gates exist (uat-eks, uat-openshift, production) and so does data setup: the tests are not vacuous.
  expect(
    all.filter((o) => o.kind === 'Job' && o.metadata.labels['app.kubernetes.io/component'] === 'promotion-gate').length,
  ).toBeGreaterThan(0);
  expect(all.filter((o) => o.kind === 'Rollout').length).toBeGreaterThan(0);
  expect(all.filter((o) => o.kind === 'Job' && o.metadata.labels['app.kubernetes.io/component'] === 'data-setup').length).toBeGreaterThan(
    4,
  );
});
