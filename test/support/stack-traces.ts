// Jest maps every stack trace through the source maps of the files on it. cdktf records a full
// stack trace (no depth limit) for every token it creates, as a plain object, not an Error, and
// shows it only if that token later fails to resolve; mapping those traces was about a fifth of
// the whole test run. Traces captured on plain objects are formatted as Node.js does without
// source maps; every Error (what a failing test shows) is still mapped to the TypeScript source.
type Prepare = (error: unknown, frames: NodeJS.CallSite[]) => unknown;
const mapped = Error.prepareStackTrace as Prepare | undefined;
if (mapped !== undefined) {
  Error.prepareStackTrace = (error: unknown, frames: NodeJS.CallSite[]) => {
    if (error instanceof Error) return mapped(error, frames);
    const { name = 'Error', message = '' } = (error ?? {}) as { name?: string; message?: string };
    return `${name}: ${message}` + frames.map((frame) => `\n    at ${frame}`).join('');
  };
}
