import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderAllApps } from '../support/apps';

const apps = Object.fromEntries(renderAllApps().map(({ env }) => [env.name, env]));
const withKubernetes = Object.values(apps).filter((e) => e.manifests.length > 0);
const fileOf = (env: string, file: string) => apps[env].files.find((f) => f.path === file);
const parsed = new Map<string, Record<string, any>[]>();
/** A file's objects, parsed once per file (the tests only read them). */
const docsOf = (env: string, file: string) => {
  const key = `${env}/${file}`;
  if (!parsed.has(key))
    parsed.set(
      key,
      parseAllDocuments(fileOf(env, file)!.content).map((d) => d.toJS() as Record<string, any>),
    );
  return parsed.get(key)!;
};

const WAVE = 'argocd.argoproj.io/sync-wave';
const HOOK = 'argocd.argoproj.io/hook';

describe('dist/ as Argo CD or Flux consume it', () => {
  test('every Kubernetes object of the environment carries the sync wave of its apply step', () => {
    const plan = JSON.parse(fileOf('test-full', 'apply-plan.json')!.content);
    const waves: Record<string, string> = { namespace: '0', config: '1', 'data-services': '2', workloads: '4', routing: '5' };
    for (const step of plan.steps.filter((s: any) => s.name in waves))
      for (const c of step.commands)
        for (const d of docsOf('test-full', c.argv[3]))
          expect([c.argv[3], d.metadata.annotations[WAVE]]).toEqual([c.argv[3], waves[step.name]]);
  });

  test('data setup sits between what it needs and what waits for it: database Jobs 2, data setup 3, servers 4', () => {
    const waveOf = (env: string, kind: string, component: string) =>
      docsOf(env, `k8s/${component === 'data-setup' ? 'data-setup' : 'database'}.yaml`)
        .filter((d) => d.kind === kind)
        .map((d) => d.metadata.annotations[WAVE]);
    const branch = withKubernetes.find((e) => e.name.startsWith('br-') && fileOf(e.name, 'k8s/data-setup.yaml'))!.name;
    expect(waveOf(branch, 'Job', 'database-admin')).toEqual(['2']);
    expect(waveOf(branch, 'Job', 'data-setup')).toEqual(['3']);
    expect(docsOf(branch, 'k8s/app-server.yaml').find((d) => d.kind === 'Deployment')!.metadata.annotations[WAVE]).toBe('4');
  });

  test.each([
    ['install', 'Sync', '3'],
    ['test', 'PostSync', undefined],
    ['uninstall', 'PreDelete', undefined],
    ['upgrade', undefined, undefined],
    ['rollback', undefined, undefined],
  ])('phase %s objects carry their phase label (kept out of pruning), the %s hook and wave %s', (phase, hook, wave) => {
    const files = apps['test-full'].files.filter((f) => f.path.startsWith(`phases/${phase}/`) && f.path.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      for (const d of docsOf('test-full', f.path)) {
        expect(d.metadata.labels['oms.platform/phase']).toBe(phase);
        expect(d.metadata.annotations?.[HOOK]).toBe(hook);
        expect(d.metadata.annotations?.[WAVE]).toBe(wave);
      }
    }
  });

  test('the environment kustomization lists every k8s/ file in wave order and no phase; argocd adds install, test and uninstall', () => {
    expect(docsOf('test-full', 'kustomization.yaml')[0].resources).toEqual(['k8s']);
    const env = parseAllDocuments(fileOf('test-full', 'k8s/Kustomization')!.content)[0].toJS();
    expect(env.resources).toEqual([
      'environment.yaml',
      'backups.yaml',
      'oms.yaml',
      'oms-broker.yaml',
      'oms-db.yaml',
      'app-server.yaml',
      'health-monitor.yaml',
      'order-search.yaml',
      'schedule.yaml',
      'gateway.yaml',
    ]);
    expect(parseAllDocuments(fileOf('test-full', 'argocd/Kustomization')!.content)[0].toJS().resources).toEqual([
      '../k8s',
      '../phases/install',
      '../phases/test',
      '../phases/uninstall',
    ]);
    // An app with AWS only (ECS Fargate) has nothing for Argo CD or Flux, so no kustomization.
    expect(apps['uat-services'].files.map((f) => f.path)).not.toContain('kustomization.yaml');
    for (const e of withKubernetes) {
      const listed = parseAllDocuments(fileOf(e.name, 'k8s/Kustomization')!.content)[0].toJS().resources as string[];
      expect(listed.sort()).toEqual(
        e.files
          .filter((f) => f.path.startsWith('k8s/') && f.path.endsWith('.yaml'))
          .map((f) => f.path.slice(4))
          .sort(),
      );
    }
  });

  test('Flux: the install phase depends on the environment, which is ready once its data services are; Jobs are recreated when changed', () => {
    const [env, install] = docsOf('test-full', 'flux/kustomizations.yaml');
    expect(env.spec).toMatchObject({
      path: './test-full',
      prune: true,
      force: true,
      sourceRef: { kind: 'GitRepository', name: 'oms-rendered' },
    });
    expect(env.spec.wait).toBeUndefined();
    expect(env.spec.healthChecks.map((h: any) => `${h.kind}/${h.name}`)).toEqual(['StatefulSet/oms-broker', 'StatefulSet/oms-db']);
    expect(install.metadata.name).toBe('test-full-install');
    expect(install.spec).toMatchObject({ path: './test-full/phases/install', dependsOn: [{ name: 'test-full' }], wait: true, force: true });
    // Flux has no deletion hook: the drop is never synced by Flux.
    for (const e of withKubernetes)
      for (const k of docsOf(e.name, 'flux/kustomizations.yaml')) expect(k.spec.path).not.toMatch(/uninstall|upgrade|rollback/);
  });

  test('the phase plans still apply the objects only (no kustomization file)', () => {
    const phases = JSON.parse(fileOf('test-full', 'phase-plans.json')!.content);
    const applied = Object.values<any>(phases).flatMap((p) => p.steps.flatMap((s: any) => s.commands.map((c: any) => c.argv[3])));
    expect(applied.length).toBeGreaterThan(0);
    for (const f of applied) expect(f).toMatch(/\.yaml$/);
  });
});

/** Writes an environment's files into a temporary folder, as synthesis would. */
function writeEnvironment(env: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gitops-${env}-`));
  for (const f of apps[env].files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.content);
  }
  return dir;
}

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;
if (!haveKubectl)
  console.warn('SKIPPED: kubectl is not installed, so `kubectl kustomize` of the GitOps output is not checked (install kubectl)');
const withKubectl = haveKubectl ? describe : describe.skip;

/** What `kubectl kustomize` built: how many objects, and those the tests below read, parsed. */
interface Built {
  readonly count: number;
  readonly objects: Record<string, any>[];
}

/** What the tests read: Jobs (scripts, data setup modes, hooks), StatefulSets (waves), and anything with a phase label. */
const READ_KINDS = new Set(['Job', 'StatefulSet']);
const PHASE_LABEL = 'oms.platform/phase';

/**
 * Builds a folder with the real `kubectl kustomize`. Its output is about 2 MB of YAML over all the
 * environments, and parsing all of it cost more than the builds; the tests read only Jobs,
 * StatefulSets and phase labels, so only those objects are parsed. An object's kind is its one
 * `kind:` line at column 0 (kubectl writes each object as a block mapping; anything nested is
 * indented), and an object whose text does not contain the phase label's key cannot carry it.
 * GOGC=off: kubectl is a short-lived Go program, and without garbage collection it needs about
 * 40% less CPU (and about 90 MB of memory) for the same output.
 */
function kustomize(dir: string): Built {
  const r = spawnSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, GOGC: 'off' },
  });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr}`);
  const texts = r.stdout.split(/^---\n/m).filter((t) => t.trim() !== '');
  const objects: Record<string, any>[] = [];
  for (const text of texts) {
    const kinds = [...text.matchAll(/^kind: (.*)$/gm)].map((m) => m[1]);
    if (kinds.length !== 1) throw new Error(`kubectl kustomize ${dir}: an object without exactly one top-level kind:\n${text}`);
    if (!READ_KINDS.has(kinds[0]) && !text.includes(PHASE_LABEL)) continue;
    const docs = parseAllDocuments(text).map((d) => d.toJS() as Record<string, any>);
    if (docs.length !== 1 || docs[0].kind !== kinds[0]) throw new Error(`kubectl kustomize ${dir}: not one ${kinds[0]}:\n${text}`);
    objects.push(docs[0]);
  }
  return { count: texts.length, objects };
}

const scripts = (docs: Record<string, any>[]) =>
  docs
    .filter((d) => d.kind === 'Job')
    .flatMap((j) => [...(j.spec.template.spec.initContainers ?? []), ...j.spec.template.spec.containers])
    .map((c) => [...(c.command ?? []), ...(c.args ?? [])].join(' '));
const dataModes = (docs: Record<string, any>[]) =>
  docs
    .filter((d) => d.kind === 'Job' && d.metadata.labels['app.kubernetes.io/component'] === 'data-setup')
    .map((j) => j.spec.template.spec.containers.find((c: any) => c.name === 'data-setup').args[0]);

withKubectl('the GitOps output built by the real kubectl kustomize', () => {
  const built = Object.fromEntries(
    withKubernetes.map((e) => {
      const dir = writeEnvironment(e.name);
      try {
        return [e.name, { plain: kustomize(dir), argocd: kustomize(path.join(dir, 'argocd')) }];
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
  );

  test.each(withKubernetes.map((e) => e.name))(
    '%s: what Flux and kubectl apply -k apply holds no database drop and at most one data setup',
    (env) => {
      const { count, objects: plain } = built[env].plain;
      expect(count).toBeGreaterThan(0);
      expect(scripts(plain).filter((s) => /DROP DATABASE/i.test(s))).toEqual([]);
      expect(dataModes(plain).length).toBeLessThanOrEqual(1);
      // Nothing of a lifecycle phase, and no Argo CD hook that Flux would run at once.
      expect(plain.filter((d) => d.metadata.labels?.[PHASE_LABEL])).toEqual([]);
    },
  );

  test.each(withKubernetes.map((e) => e.name))(
    '%s: for Argo CD, install and upgrade never in one sync, the drop only on deletion',
    (env) => {
      const argocd = built[env].argocd.objects;
      expect(new Set(dataModes(argocd)).size).toBeLessThanOrEqual(1);
      for (const d of argocd.filter((x) => x.kind === 'Job' && scripts([x]).some((s) => /DROP DATABASE/i.test(s))))
        expect([d.metadata.name, d.metadata.annotations[HOOK]]).toEqual([d.metadata.name, 'PreDelete']);
      // Data services (wave 2) come before every data setup Job (wave 3) in the same phase.
      for (const j of argocd.filter((x) => x.kind === 'Job' && x.metadata.labels['app.kubernetes.io/component'] === 'data-setup')) {
        expect(j.metadata.annotations[WAVE]).toBe('3');
        expect([undefined, 'Sync']).toContain(j.metadata.annotations[HOOK]);
      }
      for (const s of argocd.filter((x) => x.kind === 'StatefulSet')) expect(s.metadata.annotations[WAVE]).toBe('2');
    },
  );

  test('every OMS environment that owns its schema renders data setup; the one reusing another database does not', () => {
    const branch = withKubernetes.find((e) => e.name.startsWith('br-') && !e.name.startsWith('br-polls'))!.name;
    expect(dataModes(built[branch].plain.objects)).toEqual(['create']);
    // The branch's drop is there for Argo CD, as a PreDelete hook (checked above), and nowhere else.
    expect(scripts(built[branch].argocd.objects).filter((s) => /DROP DATABASE/i.test(s))).toHaveLength(1);
    expect(dataModes(built['uat-eks'].plain.objects)).toEqual(['adopt']);
    expect(dataModes(built['uat-openshift'].plain.objects)).toEqual(['adopt']);
    expect(dataModes(built.staging.plain.objects)).toEqual(['upgrade']);
    expect(dataModes(built.production.plain.objects)).toEqual(['upgrade']);
    expect(dataModes(built['test-full'].argocd.objects)).toEqual(['create']);
    expect(dataModes(built['test-partial'].argocd.objects)).toEqual([]);
    // The upgrade is preceded by a snapshot awaited through the AWS API.
    const upgrade = built.production.plain.objects.find(
      (d) => d.kind === 'Job' && d.metadata.labels['app.kubernetes.io/component'] === 'data-setup',
    );
    expect(upgrade!.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(
      expect.arrayContaining(['wait-for-database', 'backup']),
    );
    expect(upgrade!.spec.template.spec.initContainers.find((c: any) => c.name === 'backup').command[2]).toContain(
      'aws rds wait db-snapshot-available',
    );
  });
});
