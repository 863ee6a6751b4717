/**
 * The warnings of a synthesis as lines to print, one per distinct message. Warnings come as
 * `<construct path>: <message>`; the same message on several constructs (an image tagged without a commit
 * on every workload that runs it) is said once, followed by the paths it applies to, so a first
 * `npm run synth` shows a few warnings rather than one per workload. Order: first appearance.
 */
export function groupedWarnings(warnings: readonly string[]): string[] {
  const byMessage = new Map<string, string[]>();
  for (const warning of warnings) {
    const at = warning.indexOf(': ');
    const [where, message] = at > 0 ? [warning.slice(0, at), warning.slice(at + 2)] : ['', warning];
    const paths = byMessage.get(message) ?? [];
    if (!byMessage.has(message)) byMessage.set(message, paths);
    if (where !== '' && !paths.includes(where)) paths.push(where);
  }
  return [...byMessage].map(([message, paths]) =>
    paths.length === 0
      ? `warning: ${message}`
      : paths.length === 1
        ? `warning: ${paths[0]}: ${message}`
        : `warning: ${message}\n  on ${paths.length} constructs: ${paths.join(', ')}`,
  );
}
