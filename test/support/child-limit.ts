/**
 * A child process that never exits holds its jest worker forever: a synchronous call cannot be interrupted by jest's
 * test timeout, and the whole run then hangs until the CI system gives up, printing nothing about the cause. This
 * gives every synchronous child started without a time limit of its own one (`limitMs`, far above what any of the
 * tests' children takes), so such a child is killed and its test fails naming the command (`spawnSync <cmd>
 * ETIMEDOUT`). It replaces the functions on the module object itself, so every later import sees them.
 */
export function limitChildren(module: object, limitMs: number): void {
  const target = module as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['spawnSync', 'execFileSync', 'execSync'] as const) {
    const original = target[name];
    target[name] = (...args: unknown[]) => {
      // The options follow the command, and its argument list when one is given (execSync takes none).
      const at = name !== 'execSync' && Array.isArray(args[1]) ? 2 : 1;
      const next = [...args];
      while (next.length < at + 1) next.push(undefined);
      const options = next[at] as { timeout?: number; killSignal?: string | number } | undefined;
      if (options?.timeout === undefined) next[at] = { ...options, timeout: limitMs, killSignal: options?.killSignal ?? 'SIGKILL' };
      return original.apply(module, next);
    };
  }
}
