import type { BlueGreenPairProps } from './blue-green-pair';
import {
  KindsOf,
  Problem,
  configMapKeyViolation,
  dns1123SubdomainViolation,
  isReadOnlyOmsApi,
  omsApiProblems,
  propKindProblems,
  omsImageRole,
  problemIf,
  schemaCompatibilityProblems,
  unpinnedImageViolation,
} from '../../core';

/** The two colours. */
export const COLOURS = ['blue', 'green'] as const;
/** One of the two colours. */
export type Colour = (typeof COLOURS)[number];

/** Property OMS reads to know the lowest version running against the database. */
export const MULTISCHEMA_VERSION_PROPERTY = 'multischema.version';
/** Property that stamps the data a release creates with its version (app and agent servers of a colour). */
export const ROLLOUT_VERSION_PROPERTY = 'yfs.rollout.version';

/** One colour's release: what differs between blue and green. */
export interface ColourRelease {
  /** The app server image (`om-app`), pinned. */
  readonly image: string;
  /** The agent image (`om-agent`) of the same release, pinned; required when the pair has agents. @default none */
  readonly agentImage?: string;
  /** The OMS release version, e.g. `10.0.2409.1`; the lower of the two pins `multischema.version`. */
  readonly version: string;
  /** The database schema version the release needs. */
  readonly schemaVersion: number;
  /** The oldest schema version the release can run against. @default schemaVersion */
  readonly oldestSchemaVersion?: number;
  /** Extra `customer_overrides` entries for this colour, over the service's. @default none */
  readonly propertyOverrides?: Readonly<Record<string, string>>;
  /** Extra environment variables for this colour. @default none */
  readonly env?: Readonly<Record<string, string>>;
}

const sameConfig = (a: ColourRelease, b: ColourRelease) =>
  a.image === b.image &&
  a.version === b.version &&
  JSON.stringify(a.propertyOverrides ?? {}) === JSON.stringify(b.propertyOverrides ?? {}) &&
  JSON.stringify(a.env ?? {}) === JSON.stringify(b.env ?? {});

const COLOUR_KINDS = {
  image: 'string',
  agentImage: 'string',
  version: 'string',
  schemaVersion: 'number',
  oldestSchemaVersion: 'number',
  propertyOverrides: 'record',
  env: 'record',
} satisfies KindsOf<ColourRelease>;

/** The JavaScript kind of every prop of a blue-green pair, checked before its rules. */
export const BLUE_GREEN_PAIR_PROP_KINDS = {
  active: 'string',
  blue: COLOUR_KINDS,
  green: COLOUR_KINDS,
  apis: 'string[]',
  customApis: 'string[]',
  service: 'object',
  smokeTest: { image: 'string', apis: 'string[]', credentials: 'object', auth: 'object' },
  idleReplicas: 'number',
  rollbackWindowMinutes: 'number',
  readinessTimeoutSeconds: 'number',
  agents: { mode: 'string', pools: 'object' },
  argoRollouts: 'boolean',
} satisfies KindsOf<BlueGreenPairProps>;

/** Props a pair cannot do without. */
const REQUIRED = ['active', 'blue', 'green', 'service', 'smokeTest'];

/** One rule of a pair: a named pure function over the real props type. */
export type BlueGreenPairRule = (props: BlueGreenPairProps) => Problem[];

/** One rule of a colour's release, given the colour and the pair. */
export type ColourReleaseRule = (release: ColourRelease, colour: Colour, props: BlueGreenPairProps) => Problem[];

/** The active colour is blue or green. */
export const activeIsAColour: BlueGreenPairRule = (p) =>
  COLOURS.includes(p.active)
    ? []
    : [{ property: 'active', rule: 'must be "blue" or "green"', value: p.active, fix: "set active: 'blue' or active: 'green'" }];

/** The release's version is an OMS release version. */
export const versionIsARelease: ColourReleaseRule = (release, colour) =>
  typeof release.version !== 'string' || !/^[0-9A-Za-z][0-9A-Za-z.-]*$/.test(release.version)
    ? [{ property: `${colour}.version`, rule: 'must be the OMS release version', value: release.version, fix: 'use e.g. "10.0.2409.1"' }]
    : [];

/** The properties the pair sets itself (`multischema.version`, `yfs.rollout.version`) are not overridden. */
export const pairPropertiesAreNotOverridden: ColourReleaseRule = (release, colour) =>
  [MULTISCHEMA_VERSION_PROPERTY, ROLLOUT_VERSION_PROPERTY].flatMap((key) =>
    release.propertyOverrides?.[key] === undefined
      ? []
      : [
          {
            property: `${colour}.propertyOverrides["${key}"]`,
            rule:
              key === MULTISCHEMA_VERSION_PROPERTY
                ? 'is set by the pair to the lowest running version'
                : "is set by the pair to the colour's version",
            value: release.propertyOverrides[key],
            fix: 'remove it; the pair sets it',
          },
        ],
  );

/** A pair with agents gives each colour a pinned om-agent image. */
export const agentImageIsAnAgentImage: ColourReleaseRule = (release, colour, p) => {
  if (p.agents === undefined) return [];
  const agentImage = release.agentImage;
  const rule = agentImage === undefined ? 'is required when the pair runs agents' : unpinnedImageViolation(agentImage);
  if (rule) return [{ property: `${colour}.agentImage`, rule, value: agentImage, fix: `give the om-agent image of the ${colour} release` }];
  return omsImageRole(agentImage!) === 'app'
    ? [
        {
          property: `${colour}.agentImage`,
          rule: 'must be an om-agent image (om-app has no agent start scripts)',
          value: agentImage,
          fix: 'use the om-agent image of the same release',
        },
      ]
    : [];
};

/** Every rule of one colour's release, in the order messages list them. */
export const COLOUR_RELEASE_RULES: readonly ColourReleaseRule[] = [
  versionIsARelease,
  pairPropertiesAreNotOverridden,
  agentImageIsAnAgentImage,
];

/** Each colour is described, and its release keeps the colour rules. */
export const coloursAreReleases: BlueGreenPairRule = (p) =>
  COLOURS.flatMap((colour) => {
    const release = p[colour];
    return release === undefined
      ? [
          {
            property: colour,
            rule: 'is required',
            value: release,
            fix: `describe the ${colour} release: { image, version, schemaVersion }`,
          },
        ]
      : COLOUR_RELEASE_RULES.flatMap((rule) => rule(release, colour, p));
  });

/** The colours differ: with two identical colours there is nothing to switch to. */
export const coloursDiffer: BlueGreenPairRule = (p) =>
  sameConfig(p.blue, p.green)
    ? [
        {
          property: 'green',
          rule: 'must differ from blue (image, version, properties or environment): with two identical colours there is nothing to switch to',
          value: { image: p.green.image, version: p.green.version },
          fix: 'give the new colour the release you want to promote',
        },
      ]
    : [];

/** Both colours can run against one database schema. */
export const schemasAreCompatible: BlueGreenPairRule = (p) =>
  schemaCompatibilityProblems(
    'schema',
    { label: 'blue', schemaVersion: p.blue.schemaVersion, oldestSchemaVersion: p.blue.oldestSchemaVersion },
    { label: 'green', schemaVersion: p.green.schemaVersion, oldestSchemaVersion: p.green.oldestSchemaVersion },
  );

/** The routed APIs are IBM's (or declared as the team's own in customApis), each listed once. */
export const apisAreOmsApis: BlueGreenPairRule = (p) => omsApiProblems(p.apis ?? [], p.customApis ?? []);

/** The smoke test calls at least one API, and only read-only ones: a promotion gate must not write data. */
export const smokeTestReadsOnly: BlueGreenPairRule = (p) => {
  const smoke = p.smokeTest;
  if (smoke === undefined || smoke.apis === undefined || smoke.apis.length === 0)
    return [
      {
        property: 'smokeTest.apis',
        rule: 'must name at least one API to call on the preview colour',
        value: smoke?.apis,
        fix: 'list read-only APIs, e.g. ["getOrderList"]',
      },
    ];
  return smoke.apis
    .filter((api) => !isReadOnlyOmsApi(api))
    .map((api) => ({
      property: 'smokeTest.apis',
      rule: 'must be read-only OMS APIs (get..., find..., list..., check...): a promotion gate must not write data',
      value: api,
      fix: 'call a read API such as "getOrderList" (the preview colour serves every API)',
    }));
};

/** The smoke test logs in with an OMS user from a Secret. */
export const smokeTestHasCredentials: BlueGreenPairRule = (p) =>
  p.smokeTest !== undefined && !p.smokeTest.credentials?.secretName
    ? [
        {
          property: 'smokeTest.credentials',
          rule: 'must name the Secret with the OMS user: OMS REST calls log in (STANDARD) or send basic credentials',
          value: p.smokeTest.credentials,
          fix: "set credentials: { secretName: 'oms-smoke-user' }",
        },
      ]
    : [];

/** The smoke test's Secret and its keys are names Kubernetes takes (they are rendered into the gate Job's secretKeyRef). */
export const smokeTestSecretIsAName: BlueGreenPairRule = (p) => {
  const c = p.smokeTest?.credentials;
  if (!c?.secretName) return [];
  return [
    ...problemIf(
      'smokeTest.credentials.secretName',
      c.secretName,
      dns1123SubdomainViolation(c.secretName),
      'name the Secret with the OMS user as Kubernetes has it, e.g. "oms-smoke-user"',
    ),
    ...(['usernameKey', 'passwordKey'] as const).flatMap((key) =>
      c[key] === undefined
        ? []
        : problemIf(
            `smokeTest.credentials.${key}`,
            c[key],
            configMapKeyViolation(c[key]),
            'use the key as it is in the Secret, e.g. "username"',
          ),
    ),
  ];
};

/** The smoke test's image is pinned. */
export const smokeTestImageIsPinned: BlueGreenPairRule = (p) => {
  const rule = p.smokeTest?.image === undefined ? 'is required' : unpinnedImageViolation(p.smokeTest.image);
  return rule
    ? [
        {
          property: 'smokeTest.image',
          rule,
          value: p.smokeTest?.image,
          fix: 'pin an image with curl and a shell, e.g. "curlimages/curl:8.10.1"',
        },
      ]
    : [];
};

/** The idle colour's floor, the readiness gate's timeout and the rollback window are whole numbers. */
export const idleTimingsAreWhole: BlueGreenPairRule = (p) => {
  const problems: Problem[] = [];
  if (p.idleReplicas !== undefined && (!Number.isInteger(p.idleReplicas) || p.idleReplicas < 1))
    problems.push({
      property: 'idleReplicas',
      rule: 'must be a whole number of at least 1',
      value: p.idleReplicas,
      fix: 'leave it out to keep the idle colour warm at full size, or set the floor',
    });
  const t = p.readinessTimeoutSeconds;
  if (t !== undefined && (!Number.isInteger(t) || t < 1))
    problems.push({
      property: 'readinessTimeoutSeconds',
      rule: 'must be a whole number of seconds of at least 1 (how long the gate waits for the preview colour)',
      value: t,
      fix: 'use e.g. 600',
    });
  const w = p.rollbackWindowMinutes;
  if (w !== undefined && (!Number.isInteger(w) || w < 0))
    problems.push({ property: 'rollbackWindowMinutes', rule: 'must be a whole number of minutes', value: w, fix: 'use e.g. 60' });
  return problems;
};

/** The agents say how the two colours share queue work. */
export const agentsShareWork: BlueGreenPairRule = (p) =>
  p.agents !== undefined && !['multi-version', 'active-only'].includes(p.agents.mode)
    ? [
        {
          property: 'agents.mode',
          rule: 'must say how the colours share queue work: "multi-version" (OMS EnableMultiVersionSupport/IsBaseVersion) or "active-only" (idle colour agents at zero)',
          value: p.agents.mode,
          fix: "set agents: { mode: 'active-only', pools: {...} }",
        },
      ]
    : [];

/** Each agent pool's key names its two Deployments (`<key>-blue`, `<key>-green`): a DNS-1035 label short enough for both. */
export const agentPoolsAreNamed: BlueGreenPairRule = (p) =>
  Object.keys(p.agents?.pools ?? {}).flatMap((key) =>
    /^[a-z]([-a-z0-9]{0,37}[a-z0-9])?$/.test(key)
      ? []
      : [
          {
            property: `agents.pools["${key}"]`,
            rule: 'must be keyed by a pool name: a DNS-1035 label of at most 39 characters (lower-case letters, digits and "-", starting with a letter), as it names the pools <key>-blue and <key>-green',
            value: key,
            fix: 'key the pool e.g. "schedule"',
          },
        ],
  );

/** The rules of the colours themselves: the pair's rules read inside both releases, so these go first. */
export const BLUE_GREEN_RELEASE_RULES: readonly BlueGreenPairRule[] = [activeIsAColour, coloursAreReleases];

/** The rules of the pair, once both releases are sound, in the order messages list them. */
export const BLUE_GREEN_PAIR_RULES: readonly BlueGreenPairRule[] = [
  coloursDiffer,
  schemasAreCompatible,
  apisAreOmsApis,
  smokeTestReadsOnly,
  smokeTestHasCredentials,
  smokeTestSecretIsAName,
  smokeTestImageIsPinned,
  idleTimingsAreWhole,
  agentsShareWork,
  agentPoolsAreNamed,
];

/** Checks the properties a blue-green pair adds to those of its microservices. */
export function validateBlueGreenPairProps(props: BlueGreenPairProps): Problem[] {
  // Wrongly typed props are reported alone: the rules below read inside them.
  const kinds = propKindProblems('BlueGreenPairProps', props, BLUE_GREEN_PAIR_PROP_KINDS, REQUIRED);
  if (kinds.length > 0) return kinds;
  const releases = BLUE_GREEN_RELEASE_RULES.flatMap((rule) => rule(props));
  return releases.length > 0 ? releases : BLUE_GREEN_PAIR_RULES.flatMap((rule) => rule(props));
}
