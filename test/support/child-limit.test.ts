import { spawnSync } from 'node:child_process';
import { limitChildren } from './child-limit';

/** A stand-in for node:child_process that returns the arguments each function was called with. */
const recorder = () => ({
  spawnSync: (...args: unknown[]) => args,
  execFileSync: (...args: unknown[]) => args,
  execSync: (...args: unknown[]) => args,
});

test.each([
  ['spawnSync', ['sleep'], ['sleep', { timeout: 50, killSignal: 'SIGKILL' }]],
  ['spawnSync', ['sleep', ['1']], ['sleep', ['1'], { timeout: 50, killSignal: 'SIGKILL' }]],
  ['spawnSync', ['sleep', ['1'], { cwd: '/' }], ['sleep', ['1'], { cwd: '/', timeout: 50, killSignal: 'SIGKILL' }]],
  ['spawnSync', ['sleep', { encoding: 'utf8' }], ['sleep', { encoding: 'utf8', timeout: 50, killSignal: 'SIGKILL' }]],
  ['execFileSync', ['git', ['status'], { killSignal: 'SIGTERM' }], ['git', ['status'], { killSignal: 'SIGTERM', timeout: 50 }]],
  ['execSync', ['ls -l'], ['ls -l', { timeout: 50, killSignal: 'SIGKILL' }]],
  // A call with its own limit keeps it.
  ['spawnSync', ['sleep', ['1'], { timeout: 9 }], ['sleep', ['1'], { timeout: 9 }]],
  ['execSync', ['ls', { timeout: 9 }], ['ls', { timeout: 9 }]],
] as const)('%s%j is called with %j', (name, args, expected) => {
  const module = recorder();
  limitChildren(module, 50);
  expect((module[name] as (...a: unknown[]) => unknown)(...args)).toEqual(expected);
});

test('limiting again replaces the limit instead of wrapping the wrapper (setup runs once per test file)', () => {
  const module = recorder();
  const original = module.spawnSync;
  limitChildren(module, 50);
  limitChildren(module, 70);
  expect((module.spawnSync as (...a: unknown[]) => unknown)('sleep', {})).toEqual(['sleep', { timeout: 70, killSignal: 'SIGKILL' }]);
  expect((module.spawnSync as unknown as Record<symbol, unknown>)[Symbol.for('oms-test.child-limit.unlimited')]).toBe(original);
});

test('the real spawnSync of a test file is limited: a child that outlives the limit is killed', () => {
  const module = { spawnSync };
  limitChildren(module, 300);
  const started = Date.now();
  const r = module.spawnSync('sleep', ['30']) as ReturnType<typeof spawnSync>;
  expect([r.signal, r.error?.message]).toEqual(['SIGKILL', 'spawnSync sleep ETIMEDOUT']);
  expect(Date.now() - started).toBeLessThan(10_000);
});
