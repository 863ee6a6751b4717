import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Problem, describeProblems, dns1123LabelViolation, formatProblem } from '../core';

/** One synthesized object: a Kubernetes manifest, a Terraform resource, or a Terraform settings block. */
export interface OutputObject {
  /**
   * Stable identity: `k8s <kind> <namespace>/<name>`, `phase:<phase> <kind> ...`, `teardown <kind> ...`, `tf <type>.<name>`,
   * `tf provider.<name>`, `tf backend` or `tf required_providers`.
   */
  readonly key: string;
  /** The file it came from, relative to the environment folder. */
  readonly file: string;
  readonly value: Record<string, any>;
}

/** Everything one environment synthesized to, by key. */
export type EnvironmentOutput = Map<string, OutputObject>;

/** A `dist/` tree the review cannot read: the review fails instead of passing. */
export class ReviewInputError extends Error {
  /** Throws one error listing every problem with the arguments `where` (a function or command) received, if there are any. */
  public static throwIfProblems(where: string, problems: readonly Problem[]): void {
    if (problems.length > 0) throw new ReviewInputError(describeProblems(where, problems.map(formatProblem)));
  }

  constructor(message: string) {
    super(message);
    this.name = 'ReviewInputError';
  }
}

const SYNTH_FIX = 'run npm run synth for that revision first';

/** The problem with a folder argument that must exist, or none. */
function folderProblem(property: string, dir: unknown, fix: string): Problem[] {
  if (typeof dir !== 'string' || dir.length === 0) return [{ property, rule: 'must be the path of a folder', value: dir, fix }];
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isDirectory()) return [{ property, rule: 'must be a folder, not a file', value: dir, fix }];
  return [];
}

function walkFiles(dir: string, base = dir): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    // A folder that cannot be listed (permissions, removed meanwhile) is a problem with the input, not a crash.
    throw new ReviewInputError(`${dir}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}). Fix: ${SYNTH_FIX}`);
  }
  return (
    entries
      // Tool state such as aws/.terraform is not output.
      .filter((e) => !e.name.startsWith('.'))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((e) => (e.isDirectory() ? walkFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]))
  );
}

function readText(full: string): string {
  try {
    return fs.readFileSync(full, 'utf8');
  } catch (err) {
    throw new ReviewInputError(`${full}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function readYaml(full: string, file: string, out: EnvironmentOutput): void {
  const parts = file.split(path.sep);
  // The teardown's objects (a temporary namespace) are neither the environment's nor a phase's.
  const folder = parts[0] === 'phases' ? `phase:${parts[1]}` : parts[0] === 'teardown' ? 'teardown' : 'k8s';
  for (const doc of parseAllDocuments(readText(full))) {
    const problem = doc.errors[0];
    if (problem) throw new ReviewInputError(`${full}: not valid YAML: ${problem.message.split('\n')[0]}`);
    const m = doc.toJS() as unknown;
    if (m === null || m === undefined) continue;
    if (typeof m !== 'object' || Array.isArray(m) || !(m as Record<string, any>).kind) {
      throw new ReviewInputError(`${full}: a document is not a Kubernetes object (it has no kind)`);
    }
    const o = m as Record<string, any>;
    // Objects without a name (a kustomization.yaml) are known by their file.
    const name = o.metadata?.name;
    const key = name === undefined ? `${folder} ${o.kind} ${file}` : `${folder} ${o.kind} ${o.metadata?.namespace ?? '-'}/${name}`;
    out.set(key, { key, file, value: o });
  }
}

function readTerraform(full: string, file: string, out: EnvironmentOutput): void {
  let tf: Record<string, any>;
  try {
    tf = JSON.parse(readText(full));
  } catch (err) {
    if (err instanceof ReviewInputError) throw err;
    throw new ReviewInputError(`${full}: not valid JSON: ${(err as Error).message}`);
  }
  for (const [type, byName] of Object.entries<Record<string, any>>(tf.resource ?? {})) {
    for (const [name, attrs] of Object.entries(byName)) {
      // cdktf's "//" metadata (construct paths) is not part of the resource.
      const { '//': _meta, ...value } = attrs;
      void _meta;
      const key = `tf ${type}.${name}`;
      out.set(key, { key, file, value });
    }
  }
  // Settings outside resources change where and how everything is managed: review them too.
  for (const [name, config] of Object.entries<unknown>(tf.provider ?? {})) {
    out.set(`tf provider.${name}`, { key: `tf provider.${name}`, file, value: { config } });
  }
  if (tf.terraform?.backend) out.set('tf backend', { key: 'tf backend', file, value: tf.terraform.backend });
  if (tf.terraform?.required_providers) {
    out.set('tf required_providers', { key: 'tf required_providers', file, value: tf.terraform.required_providers });
  }
}

/** Reads one environment folder of a `dist/` tree; throws {@link ReviewInputError} on anything unreadable. */
export function readEnvironment(dir: string): EnvironmentOutput {
  ReviewInputError.throwIfProblems(
    'readEnvironment',
    folderProblem('dir', dir, `pass an environment folder of a dist/ tree (dist/<environment>), or ${SYNTH_FIX}`),
  );
  if (!fs.existsSync(dir)) throw new ReviewInputError(`${dir}: cannot be read (ENOENT). Fix: ${SYNTH_FIX}`);
  const out: EnvironmentOutput = new Map();
  for (const file of walkFiles(dir)) {
    const full = path.join(dir, file);
    if (file.endsWith('.yaml') || file.endsWith('.yml')) readYaml(full, file, out);
    else if (file.endsWith('.tf.json')) readTerraform(full, file, out);
  }
  return out;
}

/**
 * Reads a whole `dist/` tree: environment name to its objects. A missing or
 * empty tree is an error, never "no changes".
 */
export function readDist(dir: string): Map<string, EnvironmentOutput> {
  ReviewInputError.throwIfProblems('readDist', folderProblem('dir', dir, `pass the dist/ folder synthesis wrote, or ${SYNTH_FIX}`));
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new ReviewInputError(`${dir}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}). Fix: ${SYNTH_FIX}`);
  }
  const envDirs = entries.filter((x) => x.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1));
  if (envDirs.length === 0) {
    throw new ReviewInputError(`${dir}: holds no environment folders. Fix: ${SYNTH_FIX}`);
  }
  // Every folder of dist/ is an environment (a namespace): anything else is not output of synthesis.
  ReviewInputError.throwIfProblems(
    dir,
    envDirs.flatMap((e) => {
      const rule = dns1123LabelViolation(e.name);
      return rule ? [{ property: `environment folder ${e.name}`, rule, value: e.name, fix: `remove it from ${dir}, or ${SYNTH_FIX}` }] : [];
    }),
  );
  const envs = new Map<string, EnvironmentOutput>();
  for (const e of envDirs) envs.set(e.name, readEnvironment(path.join(dir, e.name)));
  return envs;
}
