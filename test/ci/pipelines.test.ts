import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
const workflow = parse(fs.readFileSync(path.join(root, '.github/workflows/environments.yml'), 'utf8'));
const jenkinsfile = fs.readFileSync(path.join(root, 'Jenkinsfile'), 'utf8');

const npmRuns = (text: string) => [...text.matchAll(/npm run (?:--silent )?([a-z:-]+)/g)].map((m) => m[1]);

test('every npm script the pipelines call exists', () => {
  const used = new Set([...npmRuns(JSON.stringify(workflow)), ...npmRuns(jenkinsfile)]);
  expect([...used].sort()).toEqual(['apply', 'diff', 'env-name', 'synth', 'teardown']);
  for (const s of used) expect(scripts).toHaveProperty(s);
});

test('GitHub Actions: synth and test on every event, diff on pull requests, apply on pushes, teardown on branch deletion', () => {
  expect(Object.keys(workflow.on).sort()).toEqual(['delete', 'pull_request', 'push']);
  expect(workflow.jobs.build.steps.map((s: any) => s.run).filter(Boolean)).toEqual(['npm ci && npm run synth', 'npm test']);
  expect(workflow.jobs.diff.if).toBe("github.event_name == 'pull_request'");
  expect(workflow.jobs.apply.if).toBe("github.event_name == 'push'");
  expect(workflow.jobs.teardown.if).toContain("github.event.ref_type == 'branch'");
  const applyScript = workflow.jobs.apply.steps.find((s: any) => s.name === 'apply the environments of this stage').run as string;
  expect(applyScript).toContain('refs/tags/*-rc.*) envs="staging"');
  expect(applyScript).toContain('refs/tags/*)      envs="production"');
  expect(applyScript).toContain('refs/heads/main)  envs="uat-eks uat-openshift"');
});

test('Jenkins: the same stages, production behind an approval', () => {
  for (const stage of [
    'Synthesize and test',
    'Review diff',
    'Apply branch environment',
    'Apply UAT',
    'Apply staging',
    'Apply production',
  ]) {
    expect(jenkinsfile).toContain(`stage('${stage}')`);
  }
  expect(jenkinsfile.indexOf("input message: 'Apply the release to production?'")).toBeLessThan(
    jenkinsfile.indexOf('npm run apply -- production'),
  );
});

test('the environments the pipelines apply exist', () => {
  const apps = fs.readdirSync(path.join(root, 'apps')).filter((f) => f.endsWith('.ts'));
  expect(apps).toEqual(expect.arrayContaining(['uat-eks.ts', 'uat-openshift.ts', 'staging.ts', 'production.ts', 'branch.ts']));
});
