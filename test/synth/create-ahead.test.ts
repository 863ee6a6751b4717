import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateAhead } from '../../lib/synth/create-ahead';
import { OutputStaging } from '../../lib/synth/output-staging';
import { writeAtomically } from '../../lib/synth/synth-apps';

const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'oms-create-ahead-'));
/** Every file under `dir`, relative, sorted. */
const tree = (dir: string): string[] =>
  (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
/** Polls `done` until it holds (the thread works on its own time). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
}
const paths = (dir: string, n: number) =>
  Array.from({ length: n }, (_, i) => path.join(dir, `env-${i % 3}`, 'k8s', `s-${String(i).padStart(4, '0')}.yaml`));

describe('CreateAhead', () => {
  test('creates every file, empty, with its folders, when left to finish', async () => {
    const dir = folder();
    const all = paths(dir, 300);
    const ahead = new CreateAhead(all.slice(0, 100));
    ahead.add(all.slice(100));
    await until(() => all.every((p) => fs.existsSync(p)));
    ahead.stop();
    await ahead.exited;
    expect(tree(dir)).toEqual(all.map((p) => path.relative(dir, p)).sort());
    expect(all.every((p) => fs.statSync(p).size === 0)).toBe(true);
  });

  test('never truncates a file the writer has already written', async () => {
    const dir = folder();
    const all = paths(dir, 200);
    for (const p of all.slice(0, 100)) {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, 'written: true\n');
    }
    const ahead = new CreateAhead(all);
    await until(() => all.every((p) => fs.existsSync(p)));
    ahead.stop();
    expect(all.slice(0, 100).map((p) => fs.readFileSync(p, 'utf8'))).toEqual(Array(100).fill('written: true\n'));
    expect(all.slice(100).every((p) => fs.statSync(p).size === 0)).toBe(true);
  });

  test('stopped before its thread runs, it creates nothing', async () => {
    const dir = folder();
    const ahead = new CreateAhead(paths(dir, 500));
    ahead.stop();
    await ahead.exited;
    expect(tree(dir)).toEqual([]);
  });

  test('once stop() returns, no file appears any more, also when it was idle', async () => {
    const dir = folder();
    const all = paths(dir, 5000);
    const busy = new CreateAhead(all);
    await until(() => fs.existsSync(all[0]));
    busy.stop();
    const atStop = tree(dir).length;
    await busy.exited;
    expect(tree(dir).length).toBe(atStop);
    expect(atStop).toBeLessThan(all.length);

    const idle = new CreateAhead(paths(folder(), 3));
    await new Promise((r) => setTimeout(r, 200));
    idle.stop(2000);
    await idle.exited;
  });
});

describe('OutputStaging', () => {
  test('removes what was announced but not written, and keeps what was written', async () => {
    const out = path.join(folder(), 'dist');
    const staging = new OutputStaging(out);
    const names = Array.from({ length: CreateAhead.MINIMUM + 10 }, (_, i) => `k8s/s-${i}.yaml`);
    staging.announce('e', names.slice(0, 10));
    staging.announce('e', names.slice(10));
    const written = new Set<string>();
    for (const n of names.slice(0, 20)) {
      const p = path.join(staging.dir, 'e', n);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, 'x: 1\n');
      written.add(p);
    }
    await until(() => names.every((n) => fs.existsSync(path.join(staging.dir, 'e', n))));
    staging.finish(written);
    expect(tree(staging.dir)).toEqual(
      names
        .slice(0, 20)
        .map((n) => path.join('e', n))
        .sort(),
    );
  });

  test('discard() removes the folder', () => {
    const out = path.join(folder(), 'dist');
    const staging = new OutputStaging(out);
    staging.announce(
      'e',
      Array.from({ length: CreateAhead.MINIMUM }, (_, i) => `k8s/s-${i}.yaml`),
    );
    staging.discard();
    expect(fs.existsSync(staging.dir)).toBe(false);
  });
});

describe('writeAtomically with files created ahead', () => {
  const environments = (n: number) =>
    ['a', 'b'].map((name) => ({
      name,
      manifests: [],
      files: Array.from({ length: n }, (_, i) => ({ path: `k8s/s-${i}.yaml`, content: `name: s-${i}\nenv: ${name}\n` })),
    }));

  test('writes every file with its content, and nothing else, whatever was announced', async () => {
    const out = path.join(folder(), 'dist');
    const envs = environments(CreateAhead.MINIMUM * 2);
    const staging = new OutputStaging(out);
    // Announced but never written: it must not reach the output.
    for (const e of envs) staging.announce(e.name, [...e.files.map((f) => f.path), 'k8s/never-written.yaml']);
    await until(() => fs.existsSync(path.join(staging.dir, 'b', 'k8s', 'never-written.yaml')));
    writeAtomically(out, envs, { staging });
    const expected = envs.flatMap((e) => e.files.map((f) => [path.join(e.name, f.path), f.content] as const));
    expect(tree(path.join(out, '/'))).toEqual(expected.map(([p]) => p).sort());
    for (const [p, content] of expected) expect(fs.readFileSync(path.join(out, p), 'utf8')).toBe(content);
    expect(fs.readdirSync(path.dirname(out)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
