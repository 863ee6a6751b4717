import * as fs from 'node:fs';
import * as path from 'node:path';
import { OmsEnvironment } from '../k8s/environment/oms-environment';
import { RenderedEnvironment, renderEnvironment } from '../k8s/output/render';
import { applyPlan, phasePlans, teardownPlan } from '../review/apply-plan';

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
  /** An `OmsAwsStack` (or any cdktf stack with an `environment` name). */
  readonly aws?: { readonly environment: string };
}

/** Loads an app module and renders everything it exports, in memory. */
export function renderApp(modulePath: string): RenderedEnvironment {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as { default?: unknown };
  const app: EnvironmentApp | undefined = OmsEnvironment.isOmsEnvironment(mod.default)
    ? { k8s: mod.default }
    : (mod.default as EnvironmentApp | undefined);
  if (app === undefined || (app.k8s === undefined && app.aws === undefined)) {
    throw new Error(
      `${modulePath}: the app must export its environment by default: export default env, or export default { k8s: env, aws: stack }`,
    );
  }
  const k8s = app.k8s ? renderEnvironment(app.k8s) : undefined;
  if (k8s && app.aws && app.aws.environment !== k8s.name) {
    throw new Error(
      `${modulePath}: the AWS stack is for environment "${app.aws.environment}" but the Kubernetes environment is "${k8s.name}"`,
    );
  }
  // The AWS layer (cdktf) loads only for apps that have an AWS stack.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const aws = app.aws ? (require('../aws/render') as typeof import('../aws/render')).renderTerraform(app.aws as never) : [];
  const name = k8s?.name ?? app.aws!.environment;
  const stage = k8s?.stage;
  const files = [...(k8s?.files ?? []), ...aws];
  // The apply order (and, for disposable environments, the teardown) is written with the output.
  const phases = phasePlans(name, files, stage);
  const plans = [
    { path: 'apply-plan.json', plan: applyPlan(name, files, stage) },
    { path: 'phase-plans.json', plan: Object.keys(phases).length > 0 ? phases : undefined },
    { path: 'teardown-plan.json', plan: teardownPlan(name, files, stage) },
  ];
  for (const { path: planPath, plan } of plans) {
    if (plan) files.push({ path: planPath, content: `${JSON.stringify(plan, null, 2)}\n` });
  }
  return { name, stage, files, manifests: k8s?.manifests ?? [] };
}

/** Renders every app; collects every failure instead of stopping at the first. */
export function renderApps(modules: readonly { label: string; modulePath: string }[]): SynthResult {
  const environments: RenderedEnvironment[] = [];
  const failures: string[] = [];
  const names = new Map<string, string>();
  for (const { label, modulePath } of modules) {
    try {
      const env = renderApp(modulePath);
      const other = names.get(env.name);
      if (other !== undefined)
        throw new Error(`environment "${env.name}" is already defined by ${other}; environment names must be unique`);
      names.set(env.name, label);
      environments.push(env);
    } catch (err) {
      failures.push(`${label}:\n${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return failures.length > 0 ? { ok: false, failures } : { ok: true, environments };
}

/**
 * Writes every rendered environment under `outDir/<env>/`, atomically: the
 * output is written to a fresh sibling folder and swapped in with renames, so
 * `outDir` holds either the old tree or the new one, never a mix.
 */
export function writeAtomically(outDir: string, environments: readonly RenderedEnvironment[]): void {
  const staging = `${outDir}.tmp-${process.pid}`;
  const previous = `${outDir}.old-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  for (const env of environments) {
    for (const file of env.files) {
      const target = path.join(staging, env.name, file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.content);
    }
  }
  const hadPrevious = fs.existsSync(outDir);
  if (hadPrevious) fs.renameSync(outDir, previous);
  fs.renameSync(staging, outDir);
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
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
  return `${summary.environment}: ${summary.files} files, ${total} objects in ${outDir}/${summary.environment} (${kinds})`;
}

/** The app files of a project: `apps/*.ts`, sorted. */
export function listApps(appsDir: string): string[] {
  return fs
    .readdirSync(appsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
}
