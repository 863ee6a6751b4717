import { dns1123LabelViolation } from './naming';
import { Problem, oneOfProblems, throwIfProblems } from './errors';
import { systemNamespaceViolation } from './validators';

/** Where an environment sits in the release path. */
export type Stage = 'branch' | 'uat' | 'staging' | 'prod';
/** The Kubernetes distribution an environment runs on. */
export type Platform = 'eks' | 'openshift';

/** All stages, in release order. */
export const STAGES: readonly Stage[] = ['branch', 'uat', 'staging', 'prod'];
/** All platforms. */
export const PLATFORMS: readonly Platform[] = ['eks', 'openshift'];

/** What every construct of an environment needs to know about it. */
export interface EnvironmentConfig {
  /** The environment name: the namespace and the prefix of its objects (a DNS-1123 label, at most 40 characters). */
  readonly name: string;
  /** The stage, which sets the defaults for availability and safety. */
  readonly stage: Stage;
  /** The Kubernetes distribution. */
  readonly platform: Platform;
}

/** Longest environment name: leaves room for object names built on it. */
export const ENVIRONMENT_NAME_MAX = 40;

/** Defaults that differ by stage. */
export interface StageProfile {
  /** Smallest replica count of an app server; 2 or more keeps a PodDisruptionBudget satisfiable. */
  readonly minReplicas: number;
  /** Largest replica count of an app server unless told otherwise. */
  readonly maxReplicas: number;
  /** Whether the environment is disposable (deleted with its data when done). */
  readonly disposable: boolean;
}

const PROFILES: Record<Stage, StageProfile> = {
  branch: { minReplicas: 1, maxReplicas: 2, disposable: true },
  uat: { minReplicas: 2, maxReplicas: 4, disposable: false },
  staging: { minReplicas: 2, maxReplicas: 6, disposable: false },
  prod: { minReplicas: 3, maxReplicas: 10, disposable: false },
};

/** The defaults of a stage. */
export function stageProfile(stage: Stage): StageProfile {
  throwIfProblems('stageProfile', oneOfProblems('stage', stage, STAGES, 'pass the stage the environment runs as'));
  return PROFILES[stage];
}

/** Every problem with an environment configuration. */
export function validateEnvironmentConfig(config: EnvironmentConfig): Problem[] {
  const problems: Problem[] = [];
  const nameRule = dns1123LabelViolation(config.name, ENVIRONMENT_NAME_MAX);
  if (nameRule !== undefined) {
    problems.push({
      property: 'environment.name',
      rule: nameRule,
      value: config.name,
      fix: `use lower-case letters, digits and "-", at most ${ENVIRONMENT_NAME_MAX} characters (toDns1123Label() makes any string safe)`,
    });
  }
  const system = typeof config.name === 'string' ? systemNamespaceViolation(config.name) : undefined;
  if (system)
    problems.push({
      property: 'environment.name',
      rule: system,
      value: config.name,
      fix: 'name the environment after what it is, e.g. "uat-eks"',
    });
  problems.push(
    ...oneOfProblems('environment.stage', config.stage, STAGES, 'pick the stage this environment runs as'),
    ...oneOfProblems('environment.platform', config.platform, PLATFORMS, 'pick the Kubernetes distribution this environment runs on'),
  );
  return problems;
}
