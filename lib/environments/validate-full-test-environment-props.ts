import type { KindsOf } from '../core';
import {
  Problem,
  Stage,
  configMapKeyViolation,
  dns1123SubdomainViolation,
  isReadOnlyOmsApi,
  omsImageRole,
  propKindProblems,
  unpinnedImageViolation,
} from '../core';
import { JOB_PHASES } from '../k8s/primitives/phase';

import type { FullTestEnvironmentProps } from './full-test-environment';

/** The JavaScript kind of every prop, checked before the rules (so no wrongly typed value can crash them). */
const FULL_TEST_ENVIRONMENT_PROP_KINDS = {
  release: 'string',
  images: { app: 'string', agent: 'string', supportPostgresql: 'boolean' },
  toolsImage: 'string',
  database: 'object',
  broker: 'object',
  host: 'string',
  routing: 'object',
  appServer: 'object',
  services: 'object',
  agents: 'object',
  healthMonitor: 'object',
  dataSetup: 'object',
  smokeTest: { apis: 'string[]', credentials: 'object', auth: 'string', caBundle: { configMap: 'string', key: 'string' } },
  appSecret: 'object',
  phases: 'string[]',
  dropDatabaseOnUninstall: 'boolean',
  agentsWaitForApp: 'boolean',
  backupStorage: 'string',
} satisfies KindsOf<FullTestEnvironmentProps>;
const REQUIRED = ['release', 'images', 'toolsImage', 'database', 'broker', 'host', 'appServer', 'smokeTest'];

/** Services and agent pools are maps of props objects, by name. */
function namedPropsProblems(property: 'services' | 'agents', value: unknown): Problem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value)
    .filter(([, p]) => p === null || typeof p !== 'object' || Array.isArray(p))
    .map(([name, p]) => ({
      property: `${property}.${name}`,
      rule: 'must be an object of properties',
      value: p,
      fix: `pass the ${property === 'agents' ? 'pool' : 'service'}'s properties, as FullTestEnvironmentProps declares`,
    }));
}

/** Checks the properties of a full test environment (each service, pool and Job checks its own). */
export function validateFullTestEnvironmentProps(props: FullTestEnvironmentProps, stage: Stage, disposable: boolean): Problem[] {
  const kinds = [
    ...propKindProblems('FullTestEnvironmentProps', props, FULL_TEST_ENVIRONMENT_PROP_KINDS, REQUIRED),
    ...namedPropsProblems('services', props.services),
    ...namedPropsProblems('agents', props.agents),
  ];
  if (kinds.length > 0) return kinds;
  const problems: Problem[] = [];
  for (const role of ['app', 'agent'] as const) {
    const image = props.images?.[role];
    const rule = typeof image === 'string' ? unpinnedImageViolation(image) : 'is required';
    if (rule) problems.push({ property: `images.${role}`, rule, value: image, fix: `pin the om-${role} image of the release` });
    else if (omsImageRole(image!) !== undefined && omsImageRole(image!) !== role)
      problems.push({
        property: `images.${role}`,
        rule: `must be the om-${role} image`,
        value: image,
        fix: `use om-${role} for ${role === 'app' ? 'app servers' : 'agents, the health monitor and data setup'}`,
      });
  }
  if (typeof props.release !== 'string' || !/^[0-9A-Za-z][0-9A-Za-z._-]{0,40}$/.test(props.release)) {
    problems.push({
      property: 'release',
      rule: 'must be a release id (letters, digits, ".", "_", "-", at most 41)',
      value: props.release,
      fix: 'use the version and commit, e.g. "10.0.2409.1-4f2a9c1"',
    });
  }
  const tools = unpinnedImageViolation(props.toolsImage ?? '');
  if (tools)
    problems.push({ property: 'toolsImage', rule: tools, value: props.toolsImage, fix: 'pin an image with psql, pg_dump and curl' });
  // database and broker are required props: a missing one was reported with the kinds above.
  if (typeof props.database.validate !== 'function')
    problems.push({
      property: 'database',
      rule: 'must be made by DatabaseProvisioning',
      value: props.database,
      fix: 'use DatabaseProvisioning.inCluster(...) or DatabaseProvisioning.existing(...)',
    });
  else problems.push(...props.database.validate('database'));
  if (typeof props.broker.validate !== 'function')
    problems.push({
      property: 'broker',
      rule: 'must be made by BrokerProvisioning',
      value: props.broker,
      fix: 'use BrokerProvisioning.inCluster(...) or BrokerProvisioning.existing(...)',
    });
  else problems.push(...props.broker.validate('broker'));
  for (const phase of props.phases ?? []) {
    if (!(JOB_PHASES as readonly string[]).includes(phase)) {
      problems.push({
        property: 'phases',
        rule: `must name Job phases (${JOB_PHASES.join(', ')}); drain and rollout come from the gateway's addTrafficPhases`,
        value: phase,
        fix: 'remove or correct the phase name',
      });
    }
  }
  if (props.dropDatabaseOnUninstall === true && !disposable) {
    problems.push({
      property: 'dropDatabaseOnUninstall',
      rule: `must not be set for a ${stage} environment: only disposable environments drop their database`,
      value: true,
      fix: 'remove it; data of non-disposable environments is retained',
    });
  }
  if (props.dropDatabaseOnUninstall === true && props.database?.mode === 'existing') {
    problems.push({
      property: 'dropDatabaseOnUninstall',
      rule: 'must not be set for a reused database: uninstall never touches what it did not create',
      value: true,
      fix: 'remove it',
    });
  }
  if (props.agentsWaitForApp === false && props.database?.mode === 'in-cluster' && Object.keys(props.agents ?? {}).length > 0) {
    problems.push({
      property: 'agentsWaitForApp',
      rule: 'must stay on when agents install on a new, empty database: OMS needs the app server to configure it before agents run',
      value: false,
      fix: 'remove agentsWaitForApp: false',
    });
  }
  if (props.dataSetup === undefined && props.database?.mode === 'in-cluster')
    problems.push({
      property: 'dataSetup',
      rule: 'is required for a database created here: data setup creates its schema and factory data',
      value: undefined,
      fix: "set dataSetup: { kubernetesApi: [...] } (the API server's addresses, for the completion marker)",
    });
  const runsDataSetup = props.database?.mode === 'in-cluster' || props.dataSetup?.manageExistingDatabase === true;
  if (props.dataSetup !== undefined && runsDataSetup && (props.dataSetup.kubernetesApi ?? []).length === 0)
    problems.push({
      property: 'dataSetup.kubernetesApi',
      rule: 'must list where the Kubernetes API servers are: the data setup Job writes its completion marker through the API, and every server waits for that marker',
      value: props.dataSetup.kubernetesApi,
      fix: "on EKS use eksApiEgress(vpcCidr); on OpenShift give the API servers' addresses on 6443, e.g. [{ cidr: '10.30.0.0/24', ports: [6443] }]",
    });
  if (props.dataSetup?.manageExistingDatabase === true && disposable && props.database?.mode === 'existing')
    problems.push({
      property: 'dataSetup.manageExistingDatabase',
      rule: `must not be set in a disposable (${stage}) environment: a reused database belongs to the environment that created it, and data setup here would create or upgrade its schema under that environment's servers`,
      value: true,
      fix: "remove it: the owner's data setup runs there, and this environment's servers can wait for its marker (OmsDataLifecycle.gateFor(owner, version))",
    });
  const apis = props.smokeTest?.apis ?? [];
  if (apis.length === 0)
    problems.push({
      property: 'smokeTest.apis',
      rule: 'must name at least one API for the test phase',
      value: apis,
      fix: 'list read-only APIs to call through the entry point, e.g. ["getOrderList"]',
    });
  for (const api of apis)
    if (!isReadOnlyOmsApi(api))
      problems.push({
        property: 'smokeTest.apis',
        rule: 'must be read-only OMS APIs (get..., find..., list..., check...): a test must not write data',
        value: api,
        fix: 'call a read API such as "getOrderList"',
      });
  const ca = props.smokeTest?.caBundle;
  if (ca !== undefined) {
    const nameRule = dns1123SubdomainViolation(ca.configMap);
    if (nameRule)
      problems.push({
        property: 'smokeTest.caBundle.configMap',
        rule: nameRule,
        value: ca.configMap,
        fix: 'name the ConfigMap in the environment namespace that holds the CA, e.g. "entry-point-ca"',
      });
    const keyRule = ca.key === undefined ? undefined : configMapKeyViolation(ca.key);
    if (keyRule)
      problems.push({
        property: 'smokeTest.caBundle.key',
        rule: keyRule,
        value: ca.key,
        fix: 'use the key of the PEM file, e.g. "ca-bundle.crt"',
      });
    if (props.routing?.plainHttp === true)
      problems.push({
        property: 'smokeTest.caBundle',
        rule: 'has no use with plainHttp routing: there is no certificate to check',
        value: ca,
        fix: 'remove caBundle, or serve the host over HTTPS',
      });
  }
  if (!props.smokeTest?.credentials?.secretName)
    problems.push({
      property: 'smokeTest.credentials',
      rule: 'must name the Secret with the OMS user (REST calls log in)',
      value: props.smokeTest?.credentials,
      fix: "set credentials: { secretName: 'oms-smoke-user' }",
    });
  return problems;
}
