import type { KindsOf } from '../../core';
import type { BlueGreenPairProps } from './blue-green-pair';
import {
  Problem,
  PropKinds,
  isReadOnlyOmsApi,
  omsApiProblems,
  propKindProblems,
  omsImageRole,
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

/** What the pair's validation needs to know. */
export interface BlueGreenPairInput {
  readonly active: string;
  readonly blue: ColourRelease;
  readonly green: ColourRelease;
  readonly apis?: readonly string[];
  readonly customApis?: readonly string[];
  readonly smokeTest: { readonly image: string; readonly apis: readonly string[]; readonly credentials?: { readonly secretName: string } };
  readonly idleReplicas?: number;
  readonly rollbackWindowMinutes?: number;
  readonly agents?: { readonly mode: string; readonly pools: Readonly<Record<string, unknown>> };
}

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

const COLOUR_KINDS: PropKinds = {
  image: 'string',
  agentImage: 'string',
  version: 'string',
  schemaVersion: 'number',
  oldestSchemaVersion: 'number',
  propertyOverrides: 'record',
  env: 'record',
};

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

/** Checks the properties a blue-green pair adds to those of its microservices. */
export function validateBlueGreenPairProps(props: BlueGreenPairInput): Problem[] {
  // Wrongly typed props are reported alone: the rules below read inside them.
  const kinds = propKindProblems('BlueGreenPairProps', props, BLUE_GREEN_PAIR_PROP_KINDS, REQUIRED);
  if (kinds.length > 0) return kinds;
  const problems: Problem[] = [];
  if (!COLOURS.includes(props.active as Colour)) {
    problems.push({
      property: 'active',
      rule: 'must be "blue" or "green"',
      value: props.active,
      fix: "set active: 'blue' or active: 'green'",
    });
  }
  for (const colour of COLOURS) {
    const release = props[colour];
    if (release === undefined) {
      problems.push({
        property: colour,
        rule: 'is required',
        value: release,
        fix: `describe the ${colour} release: { image, version, schemaVersion }`,
      });
      continue;
    }
    if (typeof release.version !== 'string' || !/^[0-9A-Za-z][0-9A-Za-z.-]*$/.test(release.version)) {
      problems.push({
        property: `${colour}.version`,
        rule: 'must be the OMS release version',
        value: release.version,
        fix: 'use e.g. "10.0.2409.1"',
      });
    }
    for (const key of [MULTISCHEMA_VERSION_PROPERTY, ROLLOUT_VERSION_PROPERTY])
      if (release.propertyOverrides?.[key] !== undefined)
        problems.push({
          property: `${colour}.propertyOverrides["${key}"]`,
          rule:
            key === MULTISCHEMA_VERSION_PROPERTY
              ? 'is set by the pair to the lowest running version'
              : "is set by the pair to the colour's version",
          value: release.propertyOverrides[key],
          fix: 'remove it; the pair sets it',
        });
    if (props.agents !== undefined) {
      const agentImage = release.agentImage;
      const rule = agentImage === undefined ? 'is required when the pair runs agents' : unpinnedImageViolation(agentImage);
      if (rule)
        problems.push({
          property: `${colour}.agentImage`,
          rule,
          value: agentImage,
          fix: `give the om-agent image of the ${colour} release`,
        });
      else if (omsImageRole(agentImage!) === 'app')
        problems.push({
          property: `${colour}.agentImage`,
          rule: 'must be an om-agent image (om-app has no agent start scripts)',
          value: agentImage,
          fix: 'use the om-agent image of the same release',
        });
    }
  }
  if (problems.length > 0) return problems;
  if (sameConfig(props.blue, props.green)) {
    problems.push({
      property: 'green',
      rule: 'must differ from blue (image, version, properties or environment): with two identical colours there is nothing to switch to',
      value: { image: props.green.image, version: props.green.version },
      fix: 'give the new colour the release you want to promote',
    });
  }
  problems.push(
    ...schemaCompatibilityProblems(
      'schema',
      { label: 'blue', schemaVersion: props.blue.schemaVersion, oldestSchemaVersion: props.blue.oldestSchemaVersion },
      { label: 'green', schemaVersion: props.green.schemaVersion, oldestSchemaVersion: props.green.oldestSchemaVersion },
    ),
  );
  problems.push(...omsApiProblems(props.apis ?? [], props.customApis ?? []));
  const smoke = props.smokeTest;
  if (smoke === undefined || smoke.apis === undefined || smoke.apis.length === 0) {
    problems.push({
      property: 'smokeTest.apis',
      rule: 'must name at least one API to call on the preview colour',
      value: smoke?.apis,
      fix: 'list read-only APIs, e.g. ["getOrderList"]',
    });
  } else {
    for (const api of smoke.apis)
      if (!isReadOnlyOmsApi(api))
        problems.push({
          property: 'smokeTest.apis',
          rule: 'must be read-only OMS APIs (get..., find..., list..., check...): a promotion gate must not write data',
          value: api,
          fix: 'call a read API such as "getOrderList" (the preview colour serves every API)',
        });
  }
  if (smoke !== undefined && !smoke.credentials?.secretName)
    problems.push({
      property: 'smokeTest.credentials',
      rule: 'must name the Secret with the OMS user: OMS REST calls log in (STANDARD) or send basic credentials',
      value: smoke.credentials,
      fix: "set credentials: { secretName: 'oms-smoke-user' }",
    });
  const imageRule = smoke?.image === undefined ? 'is required' : unpinnedImageViolation(smoke.image);
  if (imageRule)
    problems.push({
      property: 'smokeTest.image',
      rule: imageRule,
      value: smoke?.image,
      fix: 'pin an image with curl and a shell, e.g. "curlimages/curl:8.10.1"',
    });
  if (props.idleReplicas !== undefined && (!Number.isInteger(props.idleReplicas) || props.idleReplicas < 1)) {
    problems.push({
      property: 'idleReplicas',
      rule: 'must be a whole number of at least 1',
      value: props.idleReplicas,
      fix: 'leave it out to keep the idle colour warm at full size, or set the floor',
    });
  }
  const w = props.rollbackWindowMinutes;
  if (w !== undefined && (!Number.isInteger(w) || w < 0)) {
    problems.push({ property: 'rollbackWindowMinutes', rule: 'must be a whole number of minutes', value: w, fix: 'use e.g. 60' });
  }
  if (props.agents !== undefined && !['multi-version', 'active-only'].includes(props.agents.mode)) {
    problems.push({
      property: 'agents.mode',
      rule: 'must say how the colours share queue work: "multi-version" (OMS EnableMultiVersionSupport/IsBaseVersion) or "active-only" (idle colour agents at zero)',
      value: props.agents.mode,
      fix: "set agents: { mode: 'active-only', pools: {...} }",
    });
  }
  return problems;
}
