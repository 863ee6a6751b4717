import { Problem } from '../../lib/core/errors';
import {
  ENVIRONMENT_NAME_MAX,
  EnvironmentConfig,
  PLATFORMS,
  STAGES,
  Stage,
  StageProfile,
  stageProfile,
  validateEnvironmentConfig,
} from '../../lib/core/environment';

const NAME_FIX = 'use lower-case letters, digits and "-", at most 40 characters (toDns1123Label() makes any string safe)';
const PATTERN_RULE = 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';

test('constants', () => {
  expect(STAGES).toEqual(['branch', 'uat', 'staging', 'prod']);
  expect(PLATFORMS).toEqual(['eks', 'openshift']);
  expect(ENVIRONMENT_NAME_MAX).toBe(40);
});

describe('stageProfile', () => {
  test.each<[Stage, StageProfile]>([
    ['branch', { minReplicas: 1, maxReplicas: 2, disposable: true }],
    ['uat', { minReplicas: 2, maxReplicas: 4, disposable: false }],
    ['staging', { minReplicas: 2, maxReplicas: 6, disposable: false }],
    ['prod', { minReplicas: 3, maxReplicas: 10, disposable: false }],
  ])('%s', (stage, expected) => {
    expect(stageProfile(stage)).toEqual(expected);
  });
});

describe('validateEnvironmentConfig', () => {
  test.each<[EnvironmentConfig]>([
    [{ name: 'dev', stage: 'branch', platform: 'eks' }],
    [{ name: 'pr-123', stage: 'uat', platform: 'openshift' }],
    [{ name: 'a'.repeat(40), stage: 'staging', platform: 'eks' }],
    [{ name: 'prod1', stage: 'prod', platform: 'openshift' }],
  ])('%j is valid', (config) => {
    expect(validateEnvironmentConfig(config)).toEqual([]);
  });

  const badName = (value: string, rule: string): Problem => ({ property: 'environment.name', rule, value, fix: NAME_FIX });
  const badStage = (value: string): Problem => ({
    property: 'environment.stage',
    rule: 'must be one of branch, uat, staging, prod',
    value,
    fix: 'pick the stage this environment runs as',
  });
  const badPlatform = (value: string): Problem => ({
    property: 'environment.platform',
    rule: 'must be one of eks, openshift',
    value,
    fix: 'pick the Kubernetes distribution this environment runs on',
  });

  test.each<[string, Record<string, string>, Problem[]]>([
    ['an empty name', { name: '', stage: 'uat', platform: 'eks' }, [badName('', 'must not be empty')]],
    ['an upper-case name', { name: 'Dev', stage: 'uat', platform: 'eks' }, [badName('Dev', PATTERN_RULE)]],
    ['a name with "_"', { name: 'dev_1', stage: 'uat', platform: 'eks' }, [badName('dev_1', PATTERN_RULE)]],
    ['a name with a leading "-"', { name: '-dev', stage: 'uat', platform: 'eks' }, [badName('-dev', PATTERN_RULE)]],
    [
      'a name over 40 characters',
      { name: 'a'.repeat(41), stage: 'uat', platform: 'eks' },
      [badName('a'.repeat(41), 'must be at most 40 characters (has 41)')],
    ],
    ['an unknown stage', { name: 'dev', stage: 'dev', platform: 'eks' }, [badStage('dev')]],
    ['a stage in the wrong case', { name: 'dev', stage: 'Prod', platform: 'eks' }, [badStage('Prod')]],
    ['an unknown platform', { name: 'dev', stage: 'uat', platform: 'gke' }, [badPlatform('gke')]],
    [
      'everything wrong, in order',
      { name: 'My Env', stage: '', platform: 'aks' },
      [badName('My Env', PATTERN_RULE), badStage(''), badPlatform('aks')],
    ],
  ])('%s', (_name, config, problems) => {
    expect(validateEnvironmentConfig(config as unknown as EnvironmentConfig)).toEqual(problems);
  });
});
