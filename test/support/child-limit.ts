/** On a function this module made: the function it wraps, so that limiting again replaces the limit. */
const UNLIMITED = Symbol.for('oms-test.child-limit.unlimited');

/**
 * A child process that never exits holds its jest worker forever: a synchronous call cannot be interrupted by jest's
 * test timeout, and the whole run then hangs until the CI system gives up, printing nothing about the cause. This
 * gives every synchronous child started without a time limit of its own one (`limitMs`, far above what any of the
 * tests' children takes), so such a child is killed and its test fails naming the command (`spawnSync <cmd>
 * ETIMEDOUT`). It replaces the functions on the module object itself, so every later import sees them.
 */
export function limitChildren(module: object, limitMs: number): void {
  type Call = ((...args: unknown[]) => unknown) & { [UNLIMITED]?: Call };
  const target = module as Record<string, Call>;
  for (const name of ['spawnSync', 'execFileSync', 'execSync'] as const) {
    // The module object outlives a test file (node's own child_process): each test file's setup calls this
    // again, and wrappers around wrappers would pile up with every file of a worker.
    if (typeof target[name] !== 'function') continue;
    const original = target[name][UNLIMITED] ?? target[name];
    target[name] = (...args: unknown[]) => {
      // The options follow the command, and its argument list when one is given (execSync takes none).
      const at = name !== 'execSync' && Array.isArray(args[1]) ? 2 : 1;
      const next = [...args];
      while (next.length < at + 1) next.push(undefined);
      const options = next[at] as { timeout?: number; killSignal?: string | number } | undefined;
      if (options?.timeout === undefined) next[at] = { ...options, timeout: limitMs, killSignal: options?.killSignal ?? 'SIGKILL' };
      return original.apply(module, next);
    };
    target[name][UNLIMITED] = original;
  }
}
