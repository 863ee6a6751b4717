/** cdktf's private module that captures a token's creation stack. */
type StackTraceModule = { captureStackTrace: (below?: unknown) => string[] };

const noStack = (): string[] => [];

function stackTraceModule(): StackTraceModule | undefined {
  try {
    // A private module of cdktf without dependencies: loading it does not load cdktf.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('cdktf/lib/tokens/private/stack-trace') as Partial<StackTraceModule>;
    return typeof mod.captureStackTrace === 'function' ? (mod as StackTraceModule) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * cdktf records, for every token it makes (each reference to another resource's attribute, each
 * Lazy value, each dynamic block), the complete stack trace of where it was made (`creationStack`,
 * through its private module `cdktf/lib/tokens/private/stack-trace`, with no limit on depth). The
 * trace is read only by cdktf's own error messages about that token and by code that asks a token
 * for its `creationStack`; it is never part of the synthesized Terraform. Building an app's AWS
 * stack makes thousands of tokens, and capturing and formatting their traces was a sixth to a third
 * of the CPU time of synthesizing every app from a cold start (measured with cdktf 0.21: 2.9-3.4 s of
 * CPU without the swap below, 2.5 s with it, the apps compiled; 5.7 s and 3.7 s with apps loaded from
 * TypeScript).
 *
 * {@link withoutTokenCreationStacks} runs a function with that capture replaced by an empty trace,
 * and puts cdktf's own back afterwards (also on errors). Tokens made meanwhile have an empty
 * `creationStack`; everything cdktf synthesizes is the same. Set `OMS_TOKEN_STACKS=1` to keep the
 * traces (to read one in a cdktf error message). cdktf's modules read the capture from the module's
 * exports at each call (`(0, stack_trace_1.captureStackTrace)()`), which is what makes the swap take
 * effect; a test checks it, so a cdktf upgrade that changes this shows there. When the module cannot
 * be loaded or has changed shape, the function runs with cdktf's capture as it is.
 */
export function withoutTokenCreationStacks<T>(fn: () => T): T {
  const mod = process.env.OMS_TOKEN_STACKS ? undefined : stackTraceModule();
  if (mod === undefined) return fn();
  const original = mod.captureStackTrace;
  mod.captureStackTrace = noStack;
  try {
    return fn();
  } finally {
    mod.captureStackTrace = original;
  }
}
