import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { joinName, reportedOnParent } from '../../core';
import { AgentPool } from '../workloads/agent-pool';
import { Workload } from '../workloads/workload';
import type { BlueGreenPairProps } from './blue-green-pair';
import { COLOURS, Colour, ColourRelease } from './validate-blue-green-pair-props';

/** Label carrying the colour on every object of a colour. */
export const COLOUR_LABEL = 'oms.platform/colour';
/** Annotation with the agent criteria values OMS must be configured with for multi-version agents. */
export const AGENT_CRITERIA_ANNOTATION = 'oms.platform/agent-criteria';

/** Agent pools of both colours, on each colour's om-agent image, sharing work the way `agents.mode` says. */
export function colourAgents(
  scope: Construct,
  props: BlueGreenPairProps,
  preview: Colour,
  baseColour: Colour,
  overrides: (release: ColourRelease, base?: Readonly<Record<string, string>>) => Record<string, string>,
): Record<Colour, Record<string, AgentPool>> {
  const pools = { blue: {}, green: {} } as Record<Colour, Record<string, AgentPool>>;
  for (const [poolName, poolProps] of Object.entries(props.agents?.pools ?? {})) {
    for (const colour of COLOURS) {
      const multi = props.agents!.mode === 'multi-version';
      const pool = reportedOnParent(
        scope.node.path,
        `agents.pools.${poolName}`,
        poolProps,
        () =>
          new AgentPool(scope, joinName([poolName, colour]), {
            ...poolProps,
            image: props[colour].agentImage!,
            propertyOverrides: overrides(props[colour], poolProps.propertyOverrides),
            env: { ...poolProps.env, ...props[colour].env },
            suspended: !multi && colour === preview,
          }),
      );
      // OMS agent criteria (configured in OMS, not in the container): the older colour is the base version.
      if (multi)
        pool.deployment?.metadata.addAnnotation(
          AGENT_CRITERIA_ANNOTATION,
          `EnableMultiVersionSupport=Y,IsBaseVersion=${colour === baseColour ? 'Y' : 'N'}`,
        );
      labelColour(pool, colour);
      pools[colour][poolName] = pool;
    }
  }
  return pools;
}

/** Puts the colour label on every object of a workload and on its pods. */
export function labelColour(workload: Workload, colour: Colour): void {
  workload.addPodLabel(COLOUR_LABEL, colour);
  for (const c of workload.node.findAll()) if (c instanceof ApiObject) c.metadata.addLabel(COLOUR_LABEL, colour);
}
