import { SYNTHESIS_WARNING } from '../platform/synthesis-warnings';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Stage, describeProblems } from '../../core';
import { toYamlDocuments } from '../../core/yaml-emitter';
import { OmsEnvironment } from '../environment/oms-environment';
import { constructsOf } from '../environment/environment-checks';
import { isComposite, phaseOf } from '../primitives/phase';
import { topologyFiles } from './topology';
import { inRenderPass } from '../primitives/render-pass';
import { fastResolution } from './one-pass-json';

/** A file of synthesized output, relative to the environment's output folder. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
  /**
   * The Kubernetes objects a YAML file holds, in file order: what plans and GitOps metadata are
   * built from, so nothing parses our own output back.
   */
  readonly objects?: readonly Record<string, any>[];
}

/** A YAML file of objects; its text is written only when first read. */
export function yamlFile(path: string, objects: readonly Record<string, any>[]): RenderedFile {
  let content: string | undefined;
  return {
    path,
    objects,
    get content() {
      return (content ??= toYamlDocuments(objects));
    },
  };
}

/** Options of {@link renderEnvironment}. */
export interface RenderOptions {
  /**
   * Called with the paths of the environment's object files, in write order, once every object is
   * placed and before any renders (so the files can be created while the objects render).
   * @default nobody is told
   */
  readonly filesKnown?: (paths: readonly string[]) => void;
}

/** What an environment synthesized to. */
export interface RenderedEnvironment {
  readonly name: string;
  /** The environment's stage, when known (it decides what teardown may do). */
  readonly stage?: Stage;
  readonly files: RenderedFile[];
  /** Every manifest, in file order. */
  readonly manifests: Record<string, any>[];
  /** Non-fatal messages for the user (e.g. routing through a retired ingress controller). @default none */
  readonly warnings?: readonly string[];
}

/** Synthesis found problems that only show once the whole environment exists (budget, routing). */
export class OmsSynthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OmsSynthError';
  }
}

/** Runs every construct's validations; throws one error listing all of them by construct path. */
function validateConstructs(constructs: readonly IConstruct[]): void {
  const messages: string[] = [];
  for (const c of constructs) {
    const errors = c.node.validate();
    if (errors.length > 0) messages.push(describeProblems(c.node.path, errors));
  }
  if (messages.length > 0) throw new OmsSynthError(messages.join('\n'));
}

/**
 * The file an object belongs in: objects the environment creates itself go to
 * `k8s/environment.yaml`, everything else to a file named after the top-level
 * construct that holds it (`k8s/<service>.yaml`), so a review diff reads per
 * service. Objects of a lifecycle phase go to `phases/<phase>/` instead.
 * `envDepth` is the length of the environment's own path of scopes.
 */
function fileOf(envDepth: number, obj: ApiObject): string {
  // `node.scopes` copies the path on every read: read once.
  const scopes = obj.node.scopes;
  let depth = envDepth;
  // Compositions name no file of their own: the construct under them does.
  while (depth < scopes.length - 1 && isComposite(scopes[depth])) depth++;
  const top = scopes[depth];
  const phase = phaseOf(obj);
  // Objects of a lifecycle phase are applied on their own, when that phase runs.
  const folder = phase === undefined ? 'k8s' : `phases/${phase}`;
  if (top !== obj) return `${folder}/${top.node.id}.yaml`;
  return depth === envDepth ? `${folder}/environment.yaml` : `${folder}/${scopes[depth - 1].node.id}.yaml`;
}

/** Validates and renders an environment to YAML files (written out when first read), without writing anything. */
export function renderEnvironment(env: OmsEnvironment, options: RenderOptions = {}): RenderedEnvironment {
  // Validation reads what rendering reads (a workload's configuration files): one pass, so each is made once.
  const { order, byFile, constructs } = inRenderPass(() => {
    // One walk of the tree serves validation (the environment's own checks too) and rendering.
    const constructs = constructsOf(env);
    validateConstructs(constructs);
    // Objects are placed in their files first, so the files' names are known before anything renders.
    const placed = new Map<string, { objects: ApiObject[]; docs: Record<string, any>[] }>();
    const envDepth = env.node.scopes.length;
    for (const c of constructs) {
      if (!(c instanceof ApiObject)) continue;
      const file = fileOf(envDepth, c);
      let entry = placed.get(file);
      if (entry === undefined) placed.set(file, (entry = { objects: [], docs: [] }));
      entry.objects.push(c);
    }
    const sorted = [...placed.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    options.filesKnown?.(sorted);
    const { toJson, restore } = fastResolution(env);
    try {
      for (const file of sorted) {
        const entry = placed.get(file)!;
        for (const c of entry.objects) entry.docs.push(toJson(c));
      }
    } finally {
      restore();
    }
    return { order: sorted, byFile: placed, constructs };
  });
  const files: RenderedFile[] = [];
  const manifests: Record<string, any>[] = [];
  for (const path of order) {
    const { docs } = byFile.get(path)!;
    files.push(yamlFile(path, docs));
    manifests.push(...docs);
  }
  // The topology reads objects rendered above (a pool's ScaledObject): their JSON, not a second rendering.
  const json = new Map<ApiObject, Record<string, any>>();
  for (const { objects, docs } of byFile.values()) objects.forEach((o, i) => json.set(o, docs[i]));
  files.push(...topologyFiles(env, (obj) => json.get(obj) ?? obj.toJson(), constructs));
  const warnings = constructs.flatMap((c) =>
    c.node.metadata.filter((m) => m.type === SYNTHESIS_WARNING).map((m) => `${c.node.path}: ${String(m.data)}`),
  );
  return { name: env.environmentName, stage: env.config.stage, files, manifests, warnings };
}
