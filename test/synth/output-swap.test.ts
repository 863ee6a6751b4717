import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OutputFs, recoverOutput, swapIn } from '../../lib/synth/output-swap';

/** A process id that is not running: the swap of a killed synthesis. */
const DEAD = 2 ** 22 + 12345;

class Killed extends Error {}

/**
 * node:fs whose mutating operations stop at number `killAt` (1-based): that operation and every
 * later one throw, as if the process had been killed just before it. Counts the operations.
 */
function killedFs(killAt: number) {
  let count = 0;
  const mutate =
    <A extends unknown[], R>(op: (...args: A) => R) =>
    (...args: A): R => {
      count++;
      if (count >= killAt) throw new Killed(`killed before operation ${count}`);
      return op(...args);
    };
  const ofs: OutputFs = {
    existsSync: fs.existsSync,
    lstatSync: fs.lstatSync,
    readdirSync: fs.readdirSync,
    readlinkSync: fs.readlinkSync,
    statSync: fs.statSync,
    mkdirSync: mutate(fs.mkdirSync) as OutputFs['mkdirSync'],
    renameSync: mutate(fs.renameSync),
    rmSync: mutate(fs.rmSync),
    symlinkSync: mutate(fs.symlinkSync),
  };
  return { ofs, operations: () => count };
}

/** Every file under `dir` (following the output link) with its content. */
function tree(dir: string): Record<string, string> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name), `${prefix}${e.name}/`);
      else files[`${prefix}${e.name}`] = fs.readFileSync(path.join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return files;
}

function writeTree(dir: string, files: Record<string, string>) {
  for (const [p, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), content);
  }
}

const OLD = { 'e/k8s/a.yaml': 'old\n', 'gone/k8s/b.yaml': 'removed environment\n' };
const NEW = { 'e/k8s/a.yaml': 'new\n', 'e/aws/main.tf.json': '{}\n' };
const NEWER = { 'e/k8s/a.yaml': 'newer\n' };

type Start = 'a link to a generation' | 'a real directory (before generations)' | 'missing (first run)';

/** A project folder whose output is in the given state, holding OLD; and a staging folder holding NEW. */
function setUp(start: Start): { out: string; staging: string } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-swap-'));
  const out = path.join(cwd, 'dist');
  if (start === 'a link to a generation') {
    writeTree(`${out}.tmp-${process.pid}`, OLD);
    swapIn(`${out}.tmp-${process.pid}`, out);
  } else if (start === 'a real directory (before generations)') {
    writeTree(out, OLD);
  }
  const staging = `${out}.tmp-${DEAD}`;
  writeTree(staging, NEW);
  return { out, staging };
}

/** The number of mutating operations of an uninterrupted swap from this start. */
function operationsOfASwap(start: Start): number {
  const { out, staging } = setUp(start);
  const counter = killedFs(Number.MAX_SAFE_INTEGER);
  swapIn(staging, out, { pid: DEAD, fs: counter.ofs });
  return counter.operations();
}

const clean = (out: string) => {
  const names = fs.readdirSync(path.dirname(out)).sort();
  const target = fs.readlinkSync(out);
  return { names, target };
};

describe.each<Start>(['a link to a generation', 'a real directory (before generations)', 'missing (first run)'])(
  'a synthesis killed at every step of the swap, the output being %s',
  (start) => {
    const steps = operationsOfASwap(start);
    const killPoints = Array.from({ length: steps + 1 }, (_, i) => i + 1);
    const before = start === 'missing (first run)' ? undefined : OLD;

    test('an uninterrupted swap has the expected steps', () => {
      // rename staging to a generation, remove a leftover link, create the link, [move the real
      // directory aside,] rename the link over the output, remove the previous tree.
      expect(steps).toBe(start === 'missing (first run)' ? 4 : 5 + (start === 'a real directory (before generations)' ? 1 : 0));
    });

    test.each(killPoints)('killed before operation %i', (killAt) => {
      const { out, staging } = setUp(start);
      const { ofs } = killedFs(killAt);
      let killed = false;
      try {
        swapIn(staging, out, { pid: DEAD, fs: ofs });
      } catch (err) {
        if (!(err instanceof Killed)) throw err;
        killed = true;
      }
      expect(killed).toBe(killAt <= steps);

      // At the moment of the kill: the old tree or the new one, complete, never a mix. The one
      // exception is the first swap away from a real directory: between moving it aside and
      // renaming the link in, the output is missing, and the next run puts it back.
      const atKill = tree(out);
      const migrationWindow = start === 'a real directory (before generations)' && killAt === 5;
      if (migrationWindow) expect(atKill).toBeUndefined();
      else if (atKill === undefined) expect(before).toBeUndefined();
      else expect([before, NEW]).toContainEqual(atKill);

      // The next synthesis (this process) repairs first: the output is there, old or new, and
      // nothing of the killed run is left but the generation the output links to.
      recoverOutput(out);
      const recovered = tree(out);
      if (recovered === undefined) expect(before).toBeUndefined();
      else {
        expect([before, NEW]).toContainEqual(recovered);
        if (migrationWindow) expect(recovered).toEqual(OLD);
        const names = fs.readdirSync(path.dirname(out)).sort();
        if (fs.lstatSync(out).isSymbolicLink()) expect(names).toEqual(['dist', fs.readlinkSync(out)].sort());
        else expect(names).toEqual(['dist']);
      }

      // Its own swap then completes, from whatever state was left.
      writeTree(`${out}.tmp-${process.pid}`, NEWER);
      swapIn(`${out}.tmp-${process.pid}`, out);
      expect(tree(out)).toEqual(NEWER);
      const after = clean(out);
      expect(after.names).toEqual(['dist', after.target]);
      expect(after.target).toMatch(new RegExp(`^dist\\.gen-${process.pid}-\\d+$`));
    });
  },
);

describe('the output link', () => {
  test('is relative, so the project folder can be moved, and a reader following it sees the tree', () => {
    const { out, staging } = setUp('a real directory (before generations)');
    swapIn(staging, out, { pid: DEAD });
    expect(fs.readlinkSync(out)).toBe(`dist.gen-${DEAD}-1`);
    expect(tree(out)).toEqual(NEW);
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(['dist', `dist.gen-${DEAD}-1`]);
  });

  test('a link removed by hand is put back to the generation that is there', () => {
    const { out, staging } = setUp('missing (first run)');
    swapIn(staging, out, { pid: DEAD });
    fs.rmSync(out);
    expect(recoverOutput(out)).toEqual([`restored dist as a link to dist.gen-${DEAD}-1 (it was missing)`]);
    expect(tree(out)).toEqual(NEW);
  });

  test('the generation the output links to is kept even when the process that wrote it is gone', () => {
    const { out, staging } = setUp('missing (first run)');
    swapIn(staging, out, { pid: DEAD });
    fs.mkdirSync(`${out}.gen-${DEAD}-7`);
    expect(recoverOutput(out)).toEqual([`removed dist.gen-${DEAD}-7 left by an interrupted synthesis`]);
    expect(tree(out)).toEqual(NEW);
  });
});
