import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { OmsEnvironment } from '../k8s/environment/oms-environment';
import { RenderedEnvironment, RenderedFile, renderEnvironment, yamlFile } from '../k8s/output/render';
import { topologyMarkdownOf, topologyMermaid } from '../k8s/output/topology';
import { topologySvg } from '../k8s/output/topology-svg';
import { terraformTopology } from '../k8s/output/topology-terraform';
import { OmsConfigError, Problem, STAGES, Stage, dns1123LabelViolation } from '../core';
import { applyPlan, phasePlans, teardownPlan } from '../review/apply-plan';
import { temporaryUninstall } from '../review/teardown-namespace';
import { gitopsFiles } from './gitops';
import { acquireLock, recoverOutput, swapIn } from './output-swap';
import { OutputStaging } from './output-staging';

/** Objects by kind and the files written, per environment. */
export interface SynthSummary {
  readonly environment: string;
  readonly files: number;
  readonly kinds: Record<string, number>;
}

/** The outcome of synthesizing a set of apps. */
export type SynthResult =
  { readonly ok: true; readonly environments: RenderedEnvironment[] } | { readonly ok: false; readonly failures: string[] };

/**
 * What an app exports by default: its Kubernetes environment, its AWS stack,
 * or both (`export default { k8s: env, aws: stack }`).
 */
export interface EnvironmentApp {
  readonly k8s?: OmsEnvironment;
  /** An `OmsAwsStack` (or any cdktf stack with an `environment` name and a `stage`). */
  readonly aws?: { readonly environment: string; readonly stage?: Stage };
}

/** Options of {@link renderApp} and {@link renderApps}. */
export interface RenderAppOptions {
  /**
   * Called with the paths (relative to the environment's folder) of an environment's object files
   * as soon as they are known, before the objects render.
   * @default nobody is told
   */
  readonly filesKnown?: (environment: string, paths: readonly string[]) => void;
  /**
   * Called by {@link renderApps} as each app has rendered (or failed), in order: for progress lines.
   * @default nobody is told
   */
  readonly appDone?: (done: {
    readonly label: string;
    readonly index: number;
    readonly count: number;
    readonly ms: number;
    readonly ok: boolean;
  }) => void;
}

/**
 * Loads an app module and renders everything it exports, in memory. cdktf's tokens record no
 * creation stack meanwhile (see `lib/aws/token-stacks.ts`; `OMS_TOKEN_STACKS=1` keeps them): the
 * output is the same, and building the AWS stacks costs less (see there).
 */
export function renderApp(modulePath: string, options: RenderAppOptions = {}): RenderedEnvironment {
  // A small private module of cdktf, without dependencies: apps without an AWS stack still do not load cdktf.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { withoutTokenCreationStacks } = require('../aws/token-stacks') as typeof import('../aws/token-stacks');
  return withoutTokenCreationStacks(() => loadAndRender(modulePath, options));
}

function loadAndRender(modulePath: string, options: RenderAppOptions): RenderedEnvironment {
  checkModulePath(modulePath);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as { default?: unknown };
  const app: EnvironmentApp | undefined = OmsEnvironment.isOmsEnvironment(mod.default)
    ? { k8s: mod.default }
    : (mod.default as EnvironmentApp | undefined);
  if (app === undefined || app === null || (app.k8s === undefined && app.aws === undefined)) {
    throw new Error(
      `${modulePath}: the app must export its environment by default (received ${describeExport(mod.default)}). Fix: export default env, or export default { k8s: env, aws: stack }`,
    );
  }
  const shape = appExportProblems(app);
  if (shape.length > 0) throw new OmsConfigError(modulePath, shape);
  const environment = app.k8s;
  const filesKnown = options.filesKnown;
  const k8s = environment
    ? renderEnvironment(environment, filesKnown ? { filesKnown: (paths) => filesKnown(environment.environmentName, paths) } : {})
    : undefined;
  if (k8s && app.aws && app.aws.environment !== k8s.name) {
    throw new Error(
      `${modulePath}: aws.environment must be the Kubernetes environment's name "${k8s.name}" (received "${app.aws.environment}"). Fix: give both halves of the app the same environment`,
    );
  }
  // A stage decides protection (deletion, backups, drops): the two halves must agree on it.
  if (k8s && app.aws?.stage !== undefined && k8s.stage !== undefined && app.aws.stage !== k8s.stage) {
    throw new Error(
      `${modulePath}: aws.stage must be the Kubernetes environment's stage "${k8s.stage}" (received "${app.aws.stage}"). Fix: give both halves of the app the same stage`,
    );
  }
  // The AWS layer (cdktf) loads only for apps that have an AWS stack.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const aws = app.aws ? (require('../aws/render') as typeof import('../aws/render')).renderTerraform(app.aws as never) : [];
  const name = k8s?.name ?? app.aws!.environment;
  const stage = k8s?.stage ?? app.aws?.stage;
  if (app.aws) policyCheck(modulePath, aws, app.aws.stage ?? stage);
  // An app without Kubernetes (ECS Fargate only) still gets its topology, drawn from its Terraform.
  const topology = k8s ? [] : awsTopologyFiles(name, stage, aws);
  // The apply order (and, for disposable environments, the teardown) is written with the output,
  // and the manifests carry what Argo CD or Flux need to apply them in that order.
  const plan = applyPlan(name, [...(k8s?.files ?? []), ...aws], stage);
  const files = gitopsFiles([...(k8s?.files ?? []), ...aws, ...topology], plan, k8s ? name : undefined);
  // The kustomizations are for Argo CD and Flux; the phase plans apply the objects' own files.
  const planned = files.filter((f) => !/(^|\/)(kustomization\.yaml|Kustomization)$/.test(f.path) && !f.path.startsWith('flux/'));
  const phases = phasePlans(name, planned, stage);
  const teardown = teardownPlan(name, planned, stage);
  // The uninstall Jobs as a teardown runs them when the namespace is already gone: applied by the teardown only.
  const temporary = teardown ? temporaryUninstall(name, planned) : undefined;
  const teardownObjects = temporary && 'file' in temporary ? temporary.file.objects : [];
  if (temporary && 'file' in temporary) files.push(yamlFile(temporary.file.path, teardownObjects));
  const plans = [
    { path: 'apply-plan.json', plan },
    { path: 'phase-plans.json', plan: Object.keys(phases).length > 0 ? phases : undefined },
    { path: 'teardown-plan.json', plan: teardown },
  ];
  for (const { path: planPath, plan: p } of plans) {
    if (p) files.push({ path: planPath, content: `${JSON.stringify(p, null, 2)}\n` });
  }
  return { name, stage, files, manifests: [...(k8s?.manifests ?? []), ...teardownObjects], warnings: k8s?.warnings };
}

/** topology.mmd, .md and .svg of an app that has only an AWS stack. */
function awsTopologyFiles(name: string, stage: Stage | undefined, files: readonly RenderedFile[]): RenderedFile[] {
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const f of files) {
    const json = JSON.parse(f.content) as { resource?: typeof resource };
    for (const [type, byName] of Object.entries(json.resource ?? {})) resource[type] = { ...resource[type], ...byName };
  }
  const t = terraformTopology(`${name} (${stage ?? 'no stage'}, AWS only)`, { resource });
  return [
    { path: 'topology.mmd', content: topologyMermaid(t) },
    { path: 'topology.md', content: topologyMarkdownOf(name, t) },
    { path: 'topology.svg', content: topologySvg(t) },
  ];
}

/** The AWS policy rules run at synthesis: any finding fails the app. */
function policyCheck(modulePath: string, files: readonly { path: string; content: string }[], stage: Stage | undefined): void {
  if (stage === undefined) {
    throw new Error(`${modulePath}: the AWS stack has no stage, so its policy rules cannot run. Fix: give the stack a stage`);
  }
  // Loaded with the AWS layer, for apps that have an AWS stack only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkTerraform } = require('../policy') as typeof import('../policy');
  const findings = files.flatMap((f) => checkTerraform(JSON.parse(f.content), { stage }).map((x) => ({ ...x, file: f.path })));
  if (findings.length > 0) {
    throw new Error(
      `${modulePath}: the AWS stack breaks ${findings.length} policy rule(s):\n` +
        findings.map((x) => `  - ${x.rule} ${x.resource}: ${x.message}. Fix: ${x.fix}`).join('\n'),
    );
  }
}

/** The module path must be absolute (a relative one would resolve against this file) and name a module that exists. */
function checkModulePath(modulePath: unknown): void {
  const fix = 'pass the absolute path of an app module, e.g. path.resolve("apps/uat-eks.ts")';
  if (typeof modulePath !== 'string' || !path.isAbsolute(modulePath))
    throw new OmsConfigError('renderApp', [{ property: 'modulePath', rule: 'must be an absolute path', value: modulePath, fix }]);
  try {
    require.resolve(modulePath);
  } catch {
    throw new OmsConfigError('renderApp', [
      { property: 'modulePath', rule: 'must name an app module that exists', value: modulePath, fix },
    ]);
  }
}

/** The halves an app exports must be what the renderers read: an OmsEnvironment, and a cdktf stack with its environment and stage. */
function appExportProblems(app: EnvironmentApp): Problem[] {
  const problems: Problem[] = [];
  const describe = (v: unknown) => (v !== null && typeof v === 'object' ? describeExport(v) : v);
  if (app.k8s !== undefined && !OmsEnvironment.isOmsEnvironment(app.k8s))
    problems.push({
      property: 'k8s',
      rule: 'must be an OmsEnvironment',
      value: describe(app.k8s),
      fix: 'export default { k8s: env } with env = new OmsEnvironment(...)',
    });
  const aws = app.aws as Record<string, unknown> | undefined;
  if (aws === undefined) return problems;
  if (aws === null || typeof aws !== 'object' || typeof aws.toTerraform !== 'function' || typeof aws.runAllValidations !== 'function')
    return [
      ...problems,
      {
        property: 'aws',
        rule: 'must be a cdktf stack (an OmsAwsStack)',
        value: describe(aws),
        fix: 'export default { aws: stack } with stack = new OmsAwsStack(...)',
      },
    ];
  const nameRule = dns1123LabelViolation(aws.environment as string);
  if (nameRule)
    problems.push({ property: 'aws.environment', rule: nameRule, value: aws.environment, fix: "give the stack the environment's name" });
  if (aws.stage !== undefined && !STAGES.includes(aws.stage as Stage))
    problems.push({
      property: 'aws.stage',
      rule: `must be one of ${STAGES.join(', ')}`,
      value: aws.stage,
      fix: "give the stack the environment's stage",
    });
  return problems;
}

/** What an app module exported by default, for the error that says it is not an environment. */
function describeExport(value: unknown): string {
  if (value === undefined) return 'no default export';
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  return keys.length === 0 ? 'an empty object' : `an object with ${keys.slice(0, 5).join(', ')}`;
}

/** Renders every app; collects every failure instead of stopping at the first. */
export function renderApps(modules: readonly { label: string; modulePath: string }[], options: RenderAppOptions = {}): SynthResult {
  const environments: RenderedEnvironment[] = [];
  const failures: string[] = [];
  const names = new Map<string, string>();
  for (const [index, { label, modulePath }] of modules.entries()) {
    const started = performance.now();
    let ok = false;
    try {
      const env = renderApp(modulePath, options);
      const other = names.get(env.name);
      if (other !== undefined)
        throw new Error(
          `environment "${env.name}" is already defined by ${other}; environment names must be unique. Fix: rename the environment of one of the two apps`,
        );
      names.set(env.name, label);
      environments.push(env);
      ok = true;
    } catch (err) {
      failures.push(`${label}:\n${err instanceof Error ? err.message : String(err)}`);
    }
    options.appDone?.({ label, index, count: modules.length, ms: performance.now() - started, ok });
  }
  return failures.length > 0 ? { ok: false, failures } : { ok: true, environments };
}

/**
 * Writes every rendered environment under `outDir/<env>/`, atomically and under a lock
 * (`<outDir>.lock`): the output is written to a fresh sibling folder and swapped in, so `outDir`
 * holds either the old tree or the new one, never a mix. With `keep`, the other environments
 * of the previous tree are carried over (rendering one app replaces only its folder).
 * Temporaries left by interrupted runs are cleaned up first. Returns what the clean-up did.
 */
export function writeAtomically(
  outDir: string,
  environments: readonly RenderedEnvironment[],
  options: {
    keep?: boolean;
    /** The caller holds the lock already. */
    locked?: boolean;
    /** Where to write, made by the caller under the lock after `recoverOutput`. @default a fresh staging folder */
    staging?: OutputStaging;
  } = {},
): string[] {
  const release = options.locked ? () => undefined : acquireLock(outDir);
  try {
    // A caller that made the staging folder has recovered the output before it.
    const recovered = options.staging ? [] : recoverOutput(outDir);
    const staging = (options.staging ?? new OutputStaging(outDir)).dir;
    if (options.keep && fs.existsSync(outDir)) {
      const replaced = new Set(environments.map((e) => e.name));
      for (const e of fs.readdirSync(outDir, { withFileTypes: true })) {
        if (e.isDirectory() && !replaced.has(e.name)) linkTree(path.join(outDir, e.name), path.join(staging, e.name));
      }
    }
    // Each folder is made once, not once per file; each file is one open, one write, one close, or, when the
    // previous output has the same file with the same bytes, one hard link to it (see linkIfUnchanged).
    const folders = new Set<string>();
    const previous = fs.existsSync(outDir) ? outDir : undefined;
    for (const env of environments) {
      for (const file of env.files) {
        const target = path.join(staging, env.name, file.path);
        const folder = path.dirname(target);
        if (!folders.has(folder)) {
          fs.mkdirSync(folder, { recursive: true });
          folders.add(folder);
        }
        if (previous === undefined || !linkIfUnchanged(path.join(previous, env.name, file.path), file.content, target))
          fs.writeFileSync(target, file.content);
      }
    }
    swapIn(staging, outDir);
    return recovered;
  } finally {
    release();
  }
}

/**
 * Carries a kept environment's folder into the new tree as hard links: a link is a name for the same
 * file, so nothing is copied and removing the previous generation frees nothing, where a copy and
 * then a removal cost the disk an inode created and one freed per file (most of rendering one app).
 * Nothing writes into a kept file: its environment is not rendered in this run, and the previous
 * generation is only ever removed. Where links cannot be made (another file system), it copies.
 */
function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, e.name);
    const target = path.join(to, e.name);
    if (e.isDirectory()) linkTree(source, target);
    else if (e.isFile()) {
      try {
        fs.linkSync(source, target);
      } catch {
        fs.copyFileSync(source, target);
      }
    } else fs.cpSync(source, target, { recursive: true });
  }
}

/**
 * Links `target` to the previous output's file when that file holds exactly `content`; false when it does not (or
 * cannot be read or linked), and the caller writes the file. Creating a file is the dearest step of writing the
 * output on a journaled disk (an inode allocated, and freed again when the previous generation is removed), where
 * reading an existing file and linking to it cost next to nothing; most files of a synthesis are unchanged. As for
 * kept environments (linkTree), sharing is safe because no file of a generation is ever written after it is made:
 * generations are only ever removed. The output's bytes are the same either way; an unchanged file keeps its
 * modification time.
 */
function linkIfUnchanged(previous: string, content: string, target: string): boolean {
  try {
    const stat = fs.lstatSync(previous);
    if (!stat.isFile() || stat.size !== Buffer.byteLength(content)) return false;
    if (!fs.readFileSync(previous).equals(Buffer.from(content))) return false;
    fs.linkSync(previous, target);
    return true;
  } catch {
    return false;
  }
}

/** Counts objects by kind. */
export function summarize(env: RenderedEnvironment): SynthSummary {
  const kinds: Record<string, number> = {};
  for (const m of env.manifests) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
  return { environment: env.name, files: env.files.length, kinds };
}

/** One line per environment: files written and objects by kind. */
export function formatSummary(summary: SynthSummary, outDir: string): string {
  const kinds = Object.keys(summary.kinds)
    .sort()
    .map((k) => `${k} ${summary.kinds[k]}`)
    .join(', ');
  const total = Object.values(summary.kinds).reduce((a, b) => a + b, 0);
  // An app with an AWS stack only (ECS Fargate) has no Kubernetes objects to count.
  if (total === 0) return `${summary.environment}: ${summary.files} files in ${outDir}/${summary.environment} (no Kubernetes objects)`;
  return `${summary.environment}: ${summary.files} files, ${total} objects in ${outDir}/${summary.environment} (${kinds})`;
}

/** The app files of a project: `apps/*.ts` (or `apps/*.js` for compiled apps), sorted. */
export function listApps(appsDir: string): string[] {
  const fix = 'pass the folder that holds the apps (apps/ of the project), or run from the project folder';
  const isDir = typeof appsDir === 'string' && appsDir.length > 0 && fs.statSync(appsDir, { throwIfNoEntry: false })?.isDirectory();
  if (!isDir) throw new OmsConfigError('listApps', [{ property: 'appsDir', rule: 'must be an existing folder', value: appsDir, fix }]);
  const names = fs.readdirSync(appsDir);
  const ts = names.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const apps = (ts.length > 0 ? ts : names.filter((f) => f.endsWith('.js'))).sort();
  // An empty list would render nothing and replace the whole output with an empty tree.
  if (apps.length === 0)
    throw new OmsConfigError('listApps', [
      { property: 'appsDir', rule: 'must hold app modules (*.ts, or *.js when compiled)', value: appsDir, fix },
    ]);
  return apps;
}
