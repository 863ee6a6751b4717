import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const dir = path.resolve(__dirname, '..', '..', '.github', 'workflows');
const workflows = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

/** Every `uses:` line of a workflow file, as written (the version comment is only in the text). */
const usesLines = (text: string) => text.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l));

test('the workflows are found', () => {
  expect(workflows.sort()).toEqual(['drift.yml', 'environments.yml']);
});

// A tag can be moved to other code after review; a full commit SHA cannot.
describe.each(workflows)('%s', (file) => {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');

  test('every action is pinned by a full commit SHA, with its version in a comment', () => {
    const lines = usesLines(text);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.trim()).toMatch(/^(- )?uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  test('the text lines are all the steps that use an action (none written another way)', () => {
    const parsed = parse(text);
    const steps = Object.values<any>(parsed.jobs).flatMap((j) => (j.steps ?? []).filter((s: any) => s.uses !== undefined));
    expect(steps.map((s: any) => s.uses)).toEqual(usesLines(text).map((l) => l.replace(/^\s*-?\s*uses:\s*/, '').replace(/\s+#.*$/, '')));
  });

  test('one action, one version: the same action is never pinned to two commits', () => {
    const pins = new Map<string, Set<string>>();
    for (const l of usesLines(text)) {
      const [, action, sha] = /uses: ([^@\s]+)@(\S+)/.exec(l)!;
      pins.set(action, (pins.get(action) ?? new Set()).add(sha));
    }
    for (const [action, shas] of pins) expect([action, shas.size]).toEqual([action, 1]);
  });
});
