import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandIo, applyCommand, diffCommand } from '../../lib/review/commands';
import { sweepCommand } from '../../lib/review/branch-sweep';
import { ENV_NAME_USAGE, envNameCommand } from '../../lib/review/ci-commands';
import { TARGET_USAGE, targetCommand } from '../../lib/review/target-command';
import { deliveryMetricsCommand, deploymentsCommand } from '../../lib/delivery/deployments-command';
import { driftCommand } from '../../lib/review/drift';
import { upgradeTestCommand } from '../../lib/review/upgrade-test';
import { cdktfAppCommand } from '../../lib/synth/cdktf-app';
import { publishCommand } from '../../lib/synth/publish';
import { synthCommand } from '../../lib/synth/synth-command';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  return { out, err, io };
};
const nothingRuns = () => {
  throw new Error('--help must run nothing');
};

/** Every command in bin/, by file name, as its bin file calls it. */
const COMMANDS: Record<string, (argv: string[], io: CommandIo) => number> = {
  apply: (argv, io) => applyCommand(argv, { io, run: nothingRuns }),
  'cdktf-app': (argv, io) => cdktfAppCommand(argv, io),
  'delivery-metrics': (argv, io) => deliveryMetricsCommand(argv, io),
  deployments: (argv, io) => deploymentsCommand(argv, io),
  diff: (argv, io) => diffCommand(argv, io),
  drift: (argv, io) => driftCommand(argv, { io, run: nothingRuns }),
  'env-name': (argv, io) => envNameCommand(argv, io, {}),
  publish: (argv, io) => publishCommand(argv, io),
  'sweep-branches': (argv, io) => sweepCommand(argv, { io, run: nothingRuns }),
  synth: (argv, io) => synthCommand(argv, io),
  target: (argv, io) => targetCommand(argv, io, {}),
  'upgrade-test': (argv, io) => upgradeTestCommand(argv, { io, run: nothingRuns }),
};

test('the table covers every command in bin/ (a file that starts as a script; compile-cache.ts is a module they import)', () => {
  const dir = path.resolve(__dirname, '..', '..', 'bin');
  const bins = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && fs.readFileSync(path.join(dir, f), 'utf8').startsWith('#!/usr/bin/env node\n'))
    .map((f) => f.replace(/\.ts$/, ''));
  expect(Object.keys(COMMANDS).sort()).toEqual(bins.sort());
});

test.each(Object.keys(COMMANDS).flatMap((name) => [[name, '--help'] as const, [name, '-h'] as const]))(
  '%s %s prints its usage on stdout and exits 0',
  (name, flag) => {
    const run = capture();
    expect(COMMANDS[name]([flag], run.io)).toBe(0);
    expect(run.err).toEqual([]);
    expect(run.out.join('').split('\n')[0]).toMatch(new RegExp(`^usage: ${name}( |$)`));
  },
);

test.each([
  ['target', TARGET_USAGE],
  ['env-name', ENV_NAME_USAGE],
])('%s refuses an argument it does not take, with its usage (exit 64)', (name, usage) => {
  const run = capture();
  expect(COMMANDS[name](['--verbose'], run.io)).toBe(64);
  expect(run.err.join('')).toBe(`${name}: unknown option --verbose\n\n${usage}`);
  const extra = capture();
  expect(COMMANDS[name](['main'], extra.io)).toBe(64);
  expect(extra.err.join('')).toBe(`${name}: unexpected argument "main"\n\n${usage}`);
});

test("env-name prints the branch environment and target the branch build's image tag", () => {
  const name = capture();
  expect(envNameCommand([], name.io, { BRANCH_NAME: 'feature/Shop-42' })).toBe(0);
  expect(name.out.join('')).toMatch(/^br-feature-shop-42-[0-9a-f]+\n$/);
  const target = capture();
  expect(targetCommand(['--images'], target.io, { BRANCH_NAME: 'feature/Shop-42', GIT_COMMIT: '3c9e1f0aa' })).toBe(0);
  expect(target.out.join('')).toMatch(/^image_tag=feature-Shop-42-3c9e1f0\n$/);
});
