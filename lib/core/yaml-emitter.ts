import { stringify } from 'yaml';

/** One YAML document per object, separated by `---` lines: how every Kubernetes file is written. */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}
