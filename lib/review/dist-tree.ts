import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One synthesized object: a Kubernetes manifest or a Terraform resource. */
export interface OutputObject {
  /** Stable identity: `k8s <kind> <namespace>/<name>`, `<phase> <kind> ...` or `tf <type>.<name>`. */
  readonly key: string;
  /** The file it came from, relative to the environment folder. */
  readonly file: string;
  readonly value: Record<string, any>;
}

/** Everything one environment synthesized to, by key. */
export type EnvironmentOutput = Map<string, OutputObject>;

function walkFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? walkFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]));
}

/** Reads one environment folder of a `dist/` tree. */
export function readEnvironment(dir: string): EnvironmentOutput {
  const out: EnvironmentOutput = new Map();
  for (const file of walkFiles(dir)) {
    const full = path.join(dir, file);
    if (file.endsWith('.yaml')) {
      const folder = file.split(path.sep)[0] === 'phases' ? `phase:${file.split(path.sep)[1]}` : 'k8s';
      for (const doc of parseAllDocuments(fs.readFileSync(full, 'utf8'))) {
        const m = doc.toJS() as Record<string, any> | null;
        if (!m || !m.kind) continue;
        const key = `${folder} ${m.kind} ${m.metadata?.namespace ?? '-'}/${m.metadata?.name}`;
        out.set(key, { key, file, value: m });
      }
    } else if (file.endsWith('.tf.json')) {
      const tf = JSON.parse(fs.readFileSync(full, 'utf8'));
      for (const [type, byName] of Object.entries<Record<string, any>>(tf.resource ?? {})) {
        for (const [name, attrs] of Object.entries(byName)) {
          // cdktf's "//" metadata (construct paths) is not part of the resource.
          const { '//': _meta, ...value } = attrs;
          void _meta;
          const key = `tf ${type}.${name}`;
          out.set(key, { key, file, value });
        }
      }
    }
  }
  return out;
}

/** Reads a whole `dist/` tree: environment name to its objects. */
export function readDist(dir: string): Map<string, EnvironmentOutput> {
  const envs = new Map<string, EnvironmentOutput>();
  if (!fs.existsSync(dir)) return envs;
  for (const e of fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((x) => x.isDirectory())
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    envs.set(e.name, readEnvironment(path.join(dir, e.name)));
  }
  return envs;
}
