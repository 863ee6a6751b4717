import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { AgentPool } from '../../../lib/k8s/workloads/agent-pool';
import { synthesisWarnings } from '../../../lib/k8s/platform/synthesis-warnings';
import { AGENT_IMAGE, TEST_DB, newEnv, omsProps, serviceProps } from '../../support/fixtures';

// What `imageTag` gives without CI variables: branch "local", commit 0000000. No registry has it.
const LOCAL = 'registry.example.com/oms/om-app:local-0000000';
const LOCAL_AGENT = 'registry.example.com/oms/om-agent:local-0000000';
const FIX =
  'Fix: synthesize with the commit CI builds (GIT_COMMIT, GITHUB_SHA or CI_COMMIT_SHA set, as CI sets them), or pin an image tag CI pushed';
const RULE =
  'must name an image CI built: the tag was made without a commit id (GIT_COMMIT, GITHUB_SHA and CI_COMMIT_SHA unset), so no registry has it (refused in CI)';

const variants = {
  Microservice: (env: ReturnType<typeof newEnv>, image = LOCAL) => new Microservice(env, 'api', serviceProps({ image })),
  OmsMicroservice: (env: ReturnType<typeof newEnv>, image = LOCAL) => new OmsMicroservice(env, 'api', omsProps({ image })),
  AgentPool: (env: ReturnType<typeof newEnv>, image = LOCAL_AGENT, id = 'api') =>
    new AgentPool(env, id, {
      image,
      servers: ['ScheduleOrderServer'],
      connections: [TEST_DB],
      resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } },
    }),
};

describe('an image tagged without a commit (local-0000000)', () => {
  const saved = { CI: process.env.CI, JENKINS_URL: process.env.JENKINS_URL };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  });

  // Staging and production refuse a non-release tag anyway; UAT and branch environments are where it slipped through.
  describe.each(['uat', 'branch'] as const)('in a %s environment', (stage) => {
    const env = () => newEnv(stage === 'branch' ? { stage, branch: 'local' } : { stage });

    test.each(Object.keys(variants) as (keyof typeof variants)[])('%s: refused when synthesizing in CI (CI set)', (variant) => {
      process.env.CI = 'true';
      expect(() => variants[variant](env())).toThrow(
        `test-env/api: invalid configuration\n  - image ${RULE} (received "${variant === 'AgentPool' ? LOCAL_AGENT : LOCAL}"). ${FIX}`,
      );
    });

    test.each(Object.keys(variants) as (keyof typeof variants)[])('%s: refused on Jenkins (JENKINS_URL set, CI unset)', (variant) => {
      process.env.JENKINS_URL = 'https://jenkins.example.com/';
      expect(() => variants[variant](env())).toThrow(`image ${RULE}`);
    });

    test.each(Object.keys(variants) as (keyof typeof variants)[])('%s: a warning, not an error, outside CI', (variant) => {
      const e = env();
      variants[variant](e);
      expect(synthesisWarnings(e)).toEqual([
        `test-env/api: image ${variant === 'AgentPool' ? LOCAL_AGENT : LOCAL} was tagged without a commit id, so no registry has it: fine for a local synthesis, refused in CI. ${FIX}`,
      ]);
    });
  });

  test('an image CI built passes in CI with no warning, and a branch tag without a commit is refused too', () => {
    process.env.CI = 'true';
    const env = newEnv();
    variants.Microservice(env, 'registry.example.com/oms/om-app:main-4f2a9c1');
    variants.AgentPool(env, AGENT_IMAGE.replace(/:[^:]*$/, ':feature-x-4f2a9c1'), 'agents');
    expect(synthesisWarnings(env)).toEqual([]);
    expect(() => variants.OmsMicroservice(newEnv(), 'registry.example.com/oms/om-app:feature-x-0000000')).toThrow(`image ${RULE}`);
  });

  test('CI=false is not CI', () => {
    process.env.CI = 'false';
    const env = newEnv();
    expect(() => variants.Microservice(env)).not.toThrow();
    expect(synthesisWarnings(env)).toHaveLength(1);
  });
});
