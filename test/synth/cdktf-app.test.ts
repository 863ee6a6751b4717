import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CDKTF_APP_USAGE, cdktfAppCommand } from '../../lib/synth/cdktf-app';
import { renderApp } from '../../lib/synth/synth-apps';

// The cdktf CLI's app: one manifest naming every environment's AWS stack, each stack the same Terraform that
// synth writes to dist/<env>/aws/main.tf.json (one source of truth: the apps).
const root = path.resolve(__dirname, '..', '..');
const APPS = path.join(root, 'apps');
const FIXTURES = path.join(__dirname, 'fixtures');
jest.setTimeout(120_000);

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};

/** Runs the command in a fresh working directory, as the cdktf CLI runs the app in the project. */
function inProject(argv: string[]): { cwd: string; code: number; run: ReturnType<typeof capture> } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-cdktf-'));
  const before = process.cwd();
  const run = capture();
  process.chdir(cwd);
  try {
    return { cwd, code: cdktfAppCommand(argv, run.io, cwd, { CDKTF_OUTDIR: path.join(cwd, 'cdktf.out') }), run };
  } finally {
    process.chdir(before);
  }
}

test("every app's AWS stack is a stack of the one cdktf app, with the Terraform synth writes", () => {
  const { cwd, code, run } = inProject(['--apps', APPS]);
  expect([code, run.err]).toEqual([0, []]);
  const manifest = JSON.parse(fs.readFileSync(path.join(cwd, 'cdktf.out', 'manifest.json'), 'utf8'));
  const withAws = fs
    .readdirSync(APPS)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => renderApp(path.join(APPS, f)))
    .filter((e) => e.files.some((f) => f.path === 'aws/main.tf.json'));
  expect(Object.keys(manifest.stacks).sort()).toEqual(withAws.map((e) => e.name).sort());
  expect(run.out.join('')).toBe(
    `cdktf-app: ${withAws.length} stacks (${withAws
      .map((e) => e.name)
      .sort()
      .join(', ')}) in cdktf.out\n`,
  );
  for (const env of withAws) {
    const entry = manifest.stacks[env.name];
    expect(entry.synthesizedStackPath).toBe(`stacks/${env.name}/cdk.tf.json`);
    const cdktf = JSON.parse(fs.readFileSync(path.join(cwd, 'cdktf.out', entry.synthesizedStackPath), 'utf8'));
    const ours = JSON.parse(env.files.find((f) => f.path === 'aws/main.tf.json')!.content);
    expect([env.name, cdktf.resource]).toEqual([env.name, ours.resource]);
    expect([env.name, cdktf.terraform]).toEqual([env.name, ours.terraform]);
  }
});

test('an app synth refuses is refused here too, and nothing is written', () => {
  const { cwd, code, run } = inProject(['--apps', FIXTURES]);
  expect(code).toBe(1);
  expect(run.err.join('')).toMatch(/^cdktf-app failed; nothing was written\.\n\nfixtures\/bad-aws\.ts:\n/);
  expect(fs.existsSync(path.join(cwd, 'cdktf.out', 'manifest.json'))).toBe(false);
});

test('--help', () => {
  const run = capture();
  expect(cdktfAppCommand(['--help'], run.io)).toBe(0);
  expect(run.out.join('')).toBe(CDKTF_APP_USAGE);
});
