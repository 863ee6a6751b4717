import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { publishCommand } from '../../lib/synth/publish';

const haveGit = spawnSync('git', ['--version']).status === 0;
if (!haveGit) console.warn('SKIPPED: git is not installed, so the publish command is not tested (install git)');
const withGit = haveGit ? describe : describe.skip;

const sh = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

/** A dist/ with two environments, each as synthesis writes it (with files that must not be published). */
function makeDist(root: string, content: string): string {
  const dist = path.join(root, 'dist');
  for (const env of ['uat-eks', 'br-feature-1234abcd']) {
    const files: Record<string, string> = {
      'kustomization.yaml': 'resources:\n  - k8s\n',
      'k8s/Kustomization': 'resources:\n  - app.yaml\n',
      'k8s/app.yaml': `kind: ConfigMap\nmetadata:\n  name: ${content}\n`,
      'phases/uninstall/db-drop.yaml': 'kind: Job\n',
      'argocd/Kustomization': 'resources:\n  - ../k8s\n',
      'flux/kustomizations.yaml': 'kind: Kustomization\n',
      'aws/main.tf.json': '{}',
      'apply-plan.json': '{}',
    };
    for (const [p, c] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dist, env, p)), { recursive: true });
      fs.writeFileSync(path.join(dist, env, p), c);
    }
  }
  return dist;
}

withGit('publish: the rendered output committed to a branch of a real bare repository', () => {
  let root: string;
  let bare: string;
  const io = () => {
    const out: string[] = [];
    return { out, io: { out: (t: string) => out.push(t), err: (t: string) => out.push(t) } };
  };
  const clone = () => {
    const dir = fs.mkdtempSync(path.join(root, 'clone-'));
    sh(root, 'clone', '-q', '--branch', 'rendered', bare, dir);
    return dir;
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-test-'));
    bare = path.join(root, 'rendered.git');
    sh(root, 'init', '-q', '--bare', bare);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('the first publish creates the branch with what Argo CD and Flux read, and the ApplicationSet', () => {
    const dist = makeDist(root, 'v1');
    const { out, io: streams } = io();
    expect(publishCommand(['--repo', bare, '--dist', dist, '--message', 'Render abc123'], streams)).toBe(0);
    expect(out.join('')).toMatch(/^published br-feature-1234abcd, uat-eks as [0-9a-f]{40}\n$/);
    const dir = clone();
    const files = sh(dir, 'ls-files').split('\n');
    expect(files).toEqual([
      'argocd/branch-environments.yaml',
      'br-feature-1234abcd/argocd/Kustomization',
      'br-feature-1234abcd/flux/kustomizations.yaml',
      'br-feature-1234abcd/k8s/Kustomization',
      'br-feature-1234abcd/k8s/app.yaml',
      'br-feature-1234abcd/kustomization.yaml',
      'br-feature-1234abcd/phases/uninstall/db-drop.yaml',
      'uat-eks/argocd/Kustomization',
      'uat-eks/flux/kustomizations.yaml',
      'uat-eks/k8s/Kustomization',
      'uat-eks/k8s/app.yaml',
      'uat-eks/kustomization.yaml',
      'uat-eks/phases/uninstall/db-drop.yaml',
    ]);
    expect(sh(dir, 'log', '--format=%s')).toBe('Render abc123');
    const appSet = parse(fs.readFileSync(path.join(dir, 'argocd/branch-environments.yaml'), 'utf8'));
    expect(appSet.spec.generators[0].git).toEqual({ repoURL: bare, revision: 'rendered', directories: [{ path: 'br-*' }] });
    expect(appSet.spec.template.spec.source.path).toBe('{{.path.path}}/argocd');
  });

  test('publishing one environment keeps the others; the same output again commits nothing; a removed branch environment goes', () => {
    makeDist(root, 'v1');
    expect(publishCommand(['--repo', bare, '--dist', path.join(root, 'dist')], io().io)).toBe(0);
    fs.rmSync(path.join(root, 'dist'), { recursive: true });
    const dist = makeDist(root, 'v2');
    expect(publishCommand(['--repo', bare, '--dist', dist, '--env', 'uat-eks'], io().io)).toBe(0);
    let dir = clone();
    expect(fs.readFileSync(path.join(dir, 'uat-eks/k8s/app.yaml'), 'utf8')).toContain('name: v2');
    expect(fs.readFileSync(path.join(dir, 'br-feature-1234abcd/k8s/app.yaml'), 'utf8')).toContain('name: v1');
    const tip = sh(dir, 'rev-parse', 'HEAD');

    const again = io();
    expect(publishCommand(['--repo', bare, '--dist', dist, '--env', 'uat-eks'], again.io)).toBe(0);
    expect(again.out.join('')).toBe('nothing changed: the branch holds this output already\n');
    expect(sh(bare, 'rev-parse', 'refs/heads/rendered')).toBe(tip);

    expect(publishCommand(['--repo', bare, '--dist', dist, '--env', 'uat-eks', '--remove', 'br-feature-1234abcd'], io().io)).toBe(0);
    dir = clone();
    expect(fs.existsSync(path.join(dir, 'br-feature-1234abcd'))).toBe(false);
    expect(sh(dir, 'rev-list', '--count', 'HEAD')).toBe('3');
  });

  test.each([
    [['--dist', 'x'], 64, '--repo is required'],
    [['--repo', 'r', '--dist', '/nonexistent-dist'], 64, '/nonexistent-dist does not exist. Fix: run npm run synth first'],
    [['--repo', 'r', '--env', '../etc'], 64, '"../etc" is not an environment name'],
    [['--repo', 'r', '--bogus'], 64, 'unknown option --bogus'],
  ])('%j exits %i: %s', (argv, code, message) => {
    const dist = makeDist(root, 'v1');
    const { out, io: streams } = io();
    const args = (argv as string[]).map((a) => (a === 'x' ? dist : a));
    expect(publishCommand(args.includes('--dist') ? args : [...args, '--dist', dist], streams)).toBe(code);
    expect(out.join('')).toContain(message);
  });

  test("an unreachable repository fails with git's reason and exit 1", () => {
    const dist = makeDist(root, 'v1');
    const { out, io: streams } = io();
    expect(publishCommand(['--repo', path.join(root, 'missing.git'), '--dist', dist], streams)).toBe(1);
    expect(out.join('')).toMatch(/^publish: git push .* failed 3 times: /);
  });
});
