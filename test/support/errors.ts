/** The message of the error `build` throws, or `'no error'` when it throws none (so a table row shows what happened). */
export function messageOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return 'no error';
}
