import type { KindsOf } from '../core';
import {
  Problem,
  Stage,
  configMapKeyViolation,
  dns1123SubdomainViolation,
  isReadOnlyOmsApi,
  listedOnceProblems,
  omsImageRole,
  propKindProblems,
  problemIf,
  storageQuantityViolation,
  suggestStorageQuantity,
  unpinnedImageViolation,
} from '../core';
import { JOB_PHASES } from '../k8s/primitives/phase';
import { WORKLOAD_NAME_MAX } from '../k8s/workloads/validate-workload-props';

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

/** The ids of the environment's own children: a service or pool keyed by one would collide with it. */
const RESERVED_IDS: readonly string[] = ['app-server', 'health-monitor', 'gateway', 'mediator', 'oms-db', 'oms-broker', ...JOB_PHASES];

/** Services and agent pools are maps of props objects, by name. */
function namedPropsProblems(property: 'services' | 'agents', value: unknown): Problem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const noun = property === 'agents' ? 'pool' : 'service';
  return Object.entries(value).flatMap(([name, p]) => [
    // The key is the construct id of the workload, which names its objects (the workload base's rule, said of the key).
    ...(name.length <= WORKLOAD_NAME_MAX && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)
      ? []
      : [
          {
            property: `${property}["${name}"]`,
            rule: `must be keyed by a ${noun} name: a DNS-1035 label of at most ${WORKLOAD_NAME_MAX} characters (lower-case letters, digits and "-", starting with a letter), as it names the ${noun}'s objects`,
            value: name,
            fix: `key the ${noun} e.g. "${property === 'agents' ? 'schedule' : 'order-search'}"`,
          },
        ]),
    ...(RESERVED_IDS.includes(name)
      ? [
          {
            property: `${property}["${name}"]`,
            rule: `must not take a name the environment uses for its own parts (${RESERVED_IDS.join(', ')})`,
            value: name,
            fix: `key the ${noun} by what it runs, e.g. "${property === 'agents' ? 'schedule' : 'order-search'}"`,
          },
        ]
      : []),
    ...(p === null || typeof p !== 'object' || Array.isArray(p)
      ? [
          {
            property: `${property}.${name}`,
            rule: 'must be an object of properties',
            value: p,
            fix: `pass the ${noun}'s properties, as FullTestEnvironmentProps declares`,
          },
        ]
      : []),
  ]);
}

/** What the rules need besides the props: the environment's stage and whether it is disposable. */
export interface FullTestEnvironmentContext {
  readonly stage: Stage;
  readonly disposable: boolean;
}

/** One rule: a named pure function over the real props type. */
export type FullTestEnvironmentRule = (props: FullTestEnvironmentProps, ctx: FullTestEnvironmentContext) => Problem[];

/** The app and agent images are pinned, each of its own role. */
export const imagesArePinnedOmsImages: FullTestEnvironmentRule = (p) =>
  (['app', 'agent'] as const).flatMap((role): Problem[] => {
    const image = p.images?.[role];
    const rule = typeof image === 'string' ? unpinnedImageViolation(image) : 'is required';
    if (rule) return [{ property: `images.${role}`, rule, value: image, fix: `pin the om-${role} image of the release` }];
    return omsImageRole(image!) !== undefined && omsImageRole(image!) !== role
      ? [
          {
            property: `images.${role}`,
            rule: `must be the om-${role} image`,
            value: image,
            fix: `use om-${role} for ${role === 'app' ? 'app servers' : 'agents, the health monitor and data setup'}`,
          },
        ]
      : [];
  });

/** The release is an id fit for Job names. */
export const releaseIsAnId: FullTestEnvironmentRule = (p) =>
  typeof p.release !== 'string' || !/^[0-9A-Za-z][0-9A-Za-z._-]{0,40}$/.test(p.release)
    ? [
        {
          property: 'release',
          rule: 'must be a release id (letters, digits, ".", "_", "-", at most 41)',
          value: p.release,
          fix: 'use the version and commit, e.g. "10.0.2409.1-4f2a9c1"',
        },
      ]
    : [];

/** The tools image is pinned. */
export const toolsImageIsPinned: FullTestEnvironmentRule = (p) => {
  const rule = unpinnedImageViolation(p.toolsImage ?? '');
  return rule ? [{ property: 'toolsImage', rule, value: p.toolsImage, fix: 'pin an image with psql, pg_dump and curl' }] : [];
};

/** The database and broker are made by their provisioning factories, and check themselves. */
export const provisioningsAreValid: FullTestEnvironmentRule = (p) => [
  // database and broker are required props: a missing one was reported with the kinds.
  ...(typeof p.database.validate !== 'function'
    ? [
        {
          property: 'database',
          rule: 'must be made by DatabaseProvisioning',
          value: p.database,
          fix: 'use DatabaseProvisioning.inCluster(...) or DatabaseProvisioning.existing(...)',
        },
      ]
    : p.database.validate('database')),
  ...(typeof p.broker.validate !== 'function'
    ? [
        {
          property: 'broker',
          rule: 'must be made by BrokerProvisioning',
          value: p.broker,
          fix: 'use BrokerProvisioning.inCluster(...) or BrokerProvisioning.existing(...)',
        },
      ]
    : p.broker.validate('broker')),
];

/** Phases are Job phases, each listed once. */
export const phasesAreJobPhases: FullTestEnvironmentRule = (p) =>
  listedOnceProblems('phases', p.phases ?? [], 'a phase', (phase) =>
    (JOB_PHASES as readonly string[]).includes(phase)
      ? undefined
      : {
          property: 'phases',
          rule: `must name Job phases (${JOB_PHASES.join(', ')}); drain and rollout come from the gateway's addTrafficPhases`,
          value: phase,
          fix: 'remove or correct the phase name',
        },
  );

/** The backup volume's size is a storage quantity (its PersistentVolumeClaim requests it as given). */
export const backupStorageIsAQuantity: FullTestEnvironmentRule = (p) =>
  p.backupStorage === undefined
    ? []
    : problemIf(
        'backupStorage',
        p.backupStorage,
        storageQuantityViolation(p.backupStorage),
        `use e.g. "${suggestStorageQuantity(p.backupStorage)}"`,
      );

/** Only a disposable environment drops its database on uninstall, and only a database it created. */
export const dropIsSafe: FullTestEnvironmentRule = (p, ctx) => {
  if (p.dropDatabaseOnUninstall !== true) return [];
  const problems: Problem[] = [];
  if (!ctx.disposable)
    problems.push({
      property: 'dropDatabaseOnUninstall',
      rule: `must not be set for a ${ctx.stage} environment: only disposable environments drop their database`,
      value: true,
      fix: 'remove it; data of non-disposable environments is retained',
    });
  if (p.database?.mode === 'existing')
    problems.push({
      property: 'dropDatabaseOnUninstall',
      rule: 'must not be set for a reused database: uninstall never touches what it did not create',
      value: true,
      fix: 'remove it',
    });
  return problems;
};

/** Agents wait for the app server when they install on a new database. */
export const agentsWaitOnNewDatabase: FullTestEnvironmentRule = (p) =>
  p.agentsWaitForApp === false && p.database?.mode === 'in-cluster' && Object.keys(p.agents ?? {}).length > 0
    ? [
        {
          property: 'agentsWaitForApp',
          rule: 'must stay on when agents install on a new, empty database: OMS needs the app server to configure it before agents run',
          value: false,
          fix: 'remove agentsWaitForApp: false',
        },
      ]
    : [];

/** Data setup runs for a database created here, reaches the API for its marker, and leaves a reused database to its owner. */
export const dataSetupFitsTheDatabase: FullTestEnvironmentRule = (p, ctx) => {
  const problems: Problem[] = [];
  if (p.dataSetup === undefined && p.database?.mode === 'in-cluster')
    problems.push({
      property: 'dataSetup',
      rule: 'is required for a database created here: data setup creates its schema and factory data',
      value: undefined,
      fix: "set dataSetup: { kubernetesApi: [...] } (the API server's addresses, for the completion marker)",
    });
  const runsDataSetup = p.database?.mode === 'in-cluster' || p.dataSetup?.manageExistingDatabase === true;
  if (p.dataSetup !== undefined && runsDataSetup && (p.dataSetup.kubernetesApi ?? []).length === 0)
    problems.push({
      property: 'dataSetup.kubernetesApi',
      rule: 'must list where the Kubernetes API servers are: the data setup Job writes its completion marker through the API, and every server waits for that marker',
      value: p.dataSetup.kubernetesApi,
      fix: "on EKS use eksApiEgress(vpcCidr); on OpenShift give the API servers' addresses on 6443, e.g. [{ cidr: '10.30.0.0/24', ports: [6443] }]",
    });
  if (p.dataSetup?.manageExistingDatabase === true && ctx.disposable && p.database?.mode === 'existing')
    problems.push({
      property: 'dataSetup.manageExistingDatabase',
      rule: `must not be set in a disposable (${ctx.stage}) environment: a reused database belongs to the environment that created it, and data setup here would create or upgrade its schema under that environment's servers`,
      value: true,
      fix: "remove it: the owner's data setup runs there, and this environment's servers can wait for its marker (OmsDataLifecycle.gateFor(owner, version))",
    });
  return problems;
};

/** The smoke test calls at least one API, and only read-only ones. */
export const smokeTestReadsOnly: FullTestEnvironmentRule = (p) => {
  const apis = p.smokeTest?.apis ?? [];
  return [
    ...(apis.length === 0
      ? [
          {
            property: 'smokeTest.apis',
            rule: 'must name at least one API for the test phase',
            value: apis,
            fix: 'list read-only APIs to call through the entry point, e.g. ["getOrderList"]',
          },
        ]
      : []),
    ...apis
      .filter((api) => !isReadOnlyOmsApi(api))
      .map((api) => ({
        property: 'smokeTest.apis',
        rule: 'must be read-only OMS APIs (get..., find..., list..., check...): a test must not write data',
        value: api,
        fix: 'call a read API such as "getOrderList"',
      })),
  ];
};

/** The smoke test's CA bundle names a ConfigMap key, and only where there is a certificate to check. */
export const smokeTestCaBundleIsUsable: FullTestEnvironmentRule = (p) => {
  const ca = p.smokeTest?.caBundle;
  if (ca === undefined) return [];
  const configMapFix = 'name the ConfigMap in the environment namespace that holds the CA, e.g. "entry-point-ca"';
  const keyRule = ca.key === undefined ? undefined : configMapKeyViolation(ca.key);
  const unused = p.routing?.plainHttp === true ? 'has no use with plainHttp routing: there is no certificate to check' : undefined;
  return [
    ...problemIf('smokeTest.caBundle.configMap', ca.configMap, dns1123SubdomainViolation(ca.configMap), configMapFix),
    ...problemIf('smokeTest.caBundle.key', ca.key, keyRule, 'use the key of the PEM file, e.g. "ca-bundle.crt"'),
    ...problemIf('smokeTest.caBundle', ca, unused, 'remove caBundle, or serve the host over HTTPS'),
  ];
};

/** The smoke test logs in with an OMS user from a Secret. */
export const smokeTestHasCredentials: FullTestEnvironmentRule = (p) =>
  p.smokeTest?.credentials?.secretName
    ? []
    : [
        {
          property: 'smokeTest.credentials',
          rule: 'must name the Secret with the OMS user (REST calls log in)',
          value: p.smokeTest?.credentials,
          fix: "set credentials: { secretName: 'oms-smoke-user' }",
        },
      ];

/** What the environment sets for every server, which a part (the app server, a service, pool or the health monitor) cannot set. */
export const partsLeaveEnvironmentSettings: FullTestEnvironmentRule = (p) => {
  const parts: [string, object | undefined][] = [
    ['appServer', p.appServer],
    ['healthMonitor', p.healthMonitor],
    ...Object.entries(p.services ?? {}).map(([name, s]): [string, object] => [`services["${name}"]`, s]),
    ...Object.entries(p.agents ?? {}).map(([name, a]): [string, object] => [`agents["${name}"]`, a]),
  ];
  const owned = [
    ['appSecret', 'set appSecret on the FullTestEnvironment: every server of the environment reads the same Secret'],
    ['imageSupportsPostgresql', 'set images.supportPostgresql on the FullTestEnvironment: all its servers run the same images'],
  ] as const;
  return parts.flatMap(([at, part]) =>
    owned
      .filter(([key]) => part !== undefined && (part as Record<string, unknown>)[key] !== undefined)
      .map(([key, fix]) => ({
        property: `${at}.${key}`,
        rule: 'is set by the environment for every server (a value here would be replaced)',
        value:
          key === 'appSecret'
            ? (part as { appSecret?: { secretName?: string } }).appSecret?.secretName
            : (part as Record<string, unknown>)[key],
        fix,
      })),
  );
};

/** Every rule of a full test environment, in the order messages list them. */
export const FULL_TEST_ENVIRONMENT_RULES: readonly FullTestEnvironmentRule[] = [
  imagesArePinnedOmsImages,
  releaseIsAnId,
  toolsImageIsPinned,
  provisioningsAreValid,
  phasesAreJobPhases,
  backupStorageIsAQuantity,
  dropIsSafe,
  agentsWaitOnNewDatabase,
  dataSetupFitsTheDatabase,
  smokeTestReadsOnly,
  smokeTestCaBundleIsUsable,
  smokeTestHasCredentials,
  partsLeaveEnvironmentSettings,
];

/** Checks the properties of a full test environment (each service, pool and Job checks its own). */
export function validateFullTestEnvironmentProps(props: FullTestEnvironmentProps, stage: Stage, disposable: boolean): Problem[] {
  const kinds = [
    ...propKindProblems('FullTestEnvironmentProps', props, FULL_TEST_ENVIRONMENT_PROP_KINDS, REQUIRED),
    ...namedPropsProblems('services', props.services),
    ...namedPropsProblems('agents', props.agents),
    // Services and pools are children of one construct: one key cannot name both.
    ...Object.keys(props.agents ?? {})
      .filter((name) => Object.keys(props.services ?? {}).includes(name))
      .map((name) => ({
        property: `agents["${name}"]`,
        rule: 'must not share its key with a service (both would be named it)',
        value: name,
        fix: `key the pool e.g. "${name}-agents"`,
      })),
  ];
  if (kinds.length > 0) return kinds;
  return FULL_TEST_ENVIRONMENT_RULES.flatMap((rule) => rule(props, { stage, disposable }));
}
