import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressRule, Platform, Problem, joinName, throwIfProblems, unpinnedImageViolation, validateEgress } from '../../core';
import { toYamlDefaultWidth } from '../../core/yaml-emitter';
import { k8s } from '../primitives/kube';
import { egressEntries } from '../primitives/network-rules';
import { oneShotJob } from '../primitives/one-shot-job';
import { TRAFFIC_PHASES, TrafficPhase, assignPhase } from '../primitives/phase';
import { IRoutable } from '../primitives/routable';
import { notRoutableProblems } from './validate-oms-api-gateway-props';

/** Properties of {@link TrafficPhases}. */
export interface TrafficPhasesProps {
  /** The services taken out of traffic by `drain` and given it back by `rollout`. */
  readonly services: readonly IRoutable[];
  /** An image with a shell and `kubectl`, pinned by digest or exact version. */
  readonly kubectlImage: string;
  /** How pods reach the Kubernetes API, e.g. `eksApiEgress(vpcCidr)`. */
  readonly kubernetesApi: readonly EgressRule[];
  /** How long `drain` waits, after the weights reach 0, for open connections to finish. @default 60 */
  readonly drainSeconds?: number;
}

/** What the traffic phases need from their gateway. @internal */
export interface TrafficRoutes {
  readonly platform: Platform;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The API of the route objects: Gateway API HTTPRoutes, or OpenShift Routes. */
  readonly api: { readonly group: string; readonly resource: string };
  /** The route names the Jobs may change. */
  readonly routeNames: () => readonly string[];
  /** The routes with `drained` services at weight 0 (an empty set: as rendered, with the gateway's own drains). */
  readonly manifests: (drained: ReadonlySet<IRoutable>) => Record<string, unknown>[];
}

/** Every problem with the traffic phases' properties. */
export function validateTrafficPhasesProps(props: TrafficPhasesProps): Problem[] {
  const problems: Problem[] = [];
  const image = typeof props.kubectlImage === 'string' ? unpinnedImageViolation(props.kubectlImage) : 'must be an image reference';
  if (image !== undefined)
    problems.push({
      property: 'kubectlImage',
      rule: image,
      value: props.kubectlImage,
      fix: 'pin the image, e.g. "registry.example.com/tools/kubectl:1.35.3"',
    });
  if (props.kubernetesApi === undefined || props.kubernetesApi.length === 0)
    problems.push({
      property: 'kubernetesApi',
      rule: 'must name how the Jobs reach the Kubernetes API (they apply the routes)',
      value: props.kubernetesApi,
      fix: 'use e.g. eksApiEgress(vpcCidr)',
    });
  else problems.push(...validateEgress('kubernetesApi', props.kubernetesApi));
  problems.push(...notRoutableProblems('services', props.services));
  if (props.services.length === 0)
    problems.push({
      property: 'services',
      rule: 'must name at least one service to drain',
      value: [],
      fix: 'list the services the phases drain and roll out',
    });
  const wait = props.drainSeconds;
  if (wait !== undefined && (!Number.isInteger(wait) || wait < 0 || wait > 3600))
    problems.push({
      property: 'drainSeconds',
      rule: 'must be a whole number of seconds from 0 to 3600',
      value: wait,
      fix: 'use e.g. 60 (the load balancer deregistration delay)',
    });
  return problems;
}

/**
 * Traffic drain and rollout as lifecycle phases (`phases/drain/`,
 * `phases/rollout/`): each is a Job that applies the gateway's routes
 * (Gateway API HTTPRoutes, or OpenShift Routes with `spec.to` and
 * `alternateBackends` weights) over the live ones, with the services'
 * backends at weight 0 (their requests go to the default backend) then
 * waiting `drainSeconds` for open connections, or with the weights as
 * rendered. The Jobs may only read and patch these routes.
 */
export class TrafficPhases extends Construct {
  /** The Job of each phase. */
  public readonly jobs: Readonly<Record<TrafficPhase, k8s.KubeJob>>;

  constructor(scope: Construct, id: string, props: TrafficPhasesProps, routes: TrafficRoutes) {
    super(scope, id);
    throwIfProblems(this.node.path, validateTrafficPhasesProps(props));
    const drainSeconds = props.drainSeconds ?? 60;
    const drained = new Set(props.services);
    const jobs = {} as Record<TrafficPhase, k8s.KubeJob>;
    const routesYaml = (phase: TrafficPhase) =>
      routes
        .manifests(phase === 'drain' ? drained : new Set())
        .map(toYamlDefaultWidth)
        .join('---\n');
    const rendered = new Map<TrafficPhase, string>();
    for (const phase of TRAFFIC_PHASES) {
      const scopeOfPhase = new Construct(this, phase);
      assignPhase(scopeOfPhase, phase);
      const name = joinName([id, phase]);
      const labels = { ...routes.labels, 'oms.platform/traffic-phase': phase };
      new k8s.KubeServiceAccount(scopeOfPhase, 'account', { metadata: { name, labels }, automountServiceAccountToken: false });
      new k8s.KubeRole(scopeOfPhase, 'role', {
        metadata: { name, labels },
        rules: [
          {
            apiGroups: [routes.api.group],
            resources: [routes.api.resource],
            resourceNames: [...routes.routeNames()],
            verbs: ['get', 'patch'],
          },
        ],
      });
      new k8s.KubeRoleBinding(scopeOfPhase, 'binding', {
        metadata: { name, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name, namespace: routes.namespace }],
      });
      const yaml = routesYaml(phase);
      rendered.set(phase, yaml);
      const { job } = oneShotJob(scopeOfPhase, 'job', {
        name,
        labels,
        platform: routes.platform,
        // The routes and the wait are arguments, never part of the script text.
        steps: [
          {
            name: phase,
            image: props.kubectlImage,
            command: [
              '/bin/sh',
              '-c',
              'printf "%s" "$1" | kubectl apply -f - && sleep "$2"',
              phase,
              yaml,
              String(phase === 'drain' ? drainSeconds : 0),
            ],
          },
        ],
        deadlineSeconds: 600 + drainSeconds,
        egress: egressEntries(props.kubernetesApi),
        serviceAccountName: name,
      });
      // kubectl needs the account's token; only this Job's pods get it.
      job.addJsonPatch(JsonPatch.replace('/spec/template/spec/automountServiceAccountToken', true));
      jobs[phase] = job;
    }
    this.jobs = jobs;
    // The Jobs carry the routes as they were when the phases were added: later routing changes would be lost.
    this.node.addValidation({
      validate: () =>
        TRAFFIC_PHASES.filter((phase) => routesYaml(phase) !== rendered.get(phase)).map(
          (phase) =>
            `trafficPhases must be added after the gateway's last change: the ${phase} Job would apply routes that are no longer the gateway's. Fix: call addTrafficPhases after the last addService or drain`,
        ),
    });
  }
}
