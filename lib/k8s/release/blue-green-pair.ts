import { Construct } from 'constructs';
import {
  OMS_REST_SMOKE_SCRIPT,
  OmsRestAuth,
  SecretKeyReference,
  compareVersions,
  joinName,
  omsRestSmokeArgs,
  reportedOnParent,
  standardLabels,
  throwIfProblems,
  toDns1123Label,
  checkNewConstruct,
} from '../../core';
import { AgentPool, AgentPoolProps } from '../workloads/agent-pool';
import { oneShotJob } from '../primitives/one-shot-job';
import { tcpPorts } from '../primitives/network-rules';
import { k8s } from '../primitives/kube';
import { registerTopologyRole } from '../primitives/topology-role';
import { OmsEnvironment } from '../environment/oms-environment';
import { OmsMicroservice, OmsMicroserviceProps } from '../workloads/oms-microservice';
import { IRoutable, RouteBackend, RoutableHealthCheck, RouteTermination, markRoutable } from '../primitives/routable';
import { COLOUR_LABEL, colourAgents, labelColour } from './colour-agents';
import {
  COLOURS,
  Colour,
  ColourRelease,
  MULTISCHEMA_VERSION_PROPERTY,
  ROLLOUT_VERSION_PROPERTY,
  validateBlueGreenPairProps,
} from './validate-blue-green-pair-props';

export { COLOURS, MULTISCHEMA_VERSION_PROPERTY, ROLLOUT_VERSION_PROPERTY } from './validate-blue-green-pair-props';
export type { Colour, ColourRelease } from './validate-blue-green-pair-props';

export { AGENT_CRITERIA_ANNOTATION, COLOUR_LABEL } from './colour-agents';

/** The smoke test run against the preview colour before promotion. */
export interface SmokeTestProps {
  /** An image with a shell and curl 7.87 or later, pinned. */
  readonly image: string;
  /** Read-only APIs to call (`POST /smcfs/restapi/invoke/<api>`, body `{}`); each must answer 2xx. */
  readonly apis: readonly string[];
  /** The OMS user for the calls, from a Secret. */
  readonly credentials: { readonly secretName: string; readonly usernameKey?: string; readonly passwordKey?: string };
  /** STANDARD (log in, then `_loginid`/`_token`) unless the servers set `servlet.authstyle=BASIC`. @default 'standard' */
  readonly auth?: OmsRestAuth;
}

/** Agent pools that run in both colours, and how the colours share queue work. */
export interface BlueGreenAgents {
  /**
   * `multi-version`: both colours' agents run; OMS multi-version support keeps
   * them apart. That is OMS configuration, set in each agent's criteria (not
   * in the container): `EnableMultiVersionSupport=Y` on both colours,
   * `IsBaseVersion=Y` on the older colour only. The pair writes the values to
   * set on each pool's Deployment as the annotation `oms.platform/agent-criteria`.
   * `active-only`: the idle colour's agents are held at zero.
   */
  readonly mode: 'multi-version' | 'active-only';
  /** The pools by name; each becomes `<name>-blue` and `<name>-green`. */
  readonly pools: Readonly<Record<string, Omit<AgentPoolProps, 'image'>>>;
}

/** Properties of a {@link BlueGreenPair}. */
export interface BlueGreenPairProps {
  /** The colour that receives traffic. Switching is changing this one property; rollback is changing it back. */
  readonly active: Colour;
  /** The blue release. */
  readonly blue: ColourRelease;
  /** The green release. */
  readonly green: ColourRelease;
  /**
   * The OMS APIs the pair owns (routed to the stable Service). Leave it out for a pair that is the
   * gateway's catch-all default backend, which owns no API of its own.
   * @default none
   */
  readonly apis?: readonly string[];
  /**
   * APIs of your own, or IBM APIs missing from the library's partial list of IBM's (`OMS_STANDARD_APIS`): routed
   * like `apis`, but not checked against IBM's names. @default none
   */
  readonly customApis?: readonly string[];
  /** Everything else about the microservice, shared by both colours. */
  readonly service: Omit<OmsMicroserviceProps, 'image' | 'apis' | 'customApis'>;
  /** The smoke test against the preview colour. */
  readonly smokeTest: SmokeTestProps;
  /**
   * Replicas of the idle colour. Leave it out during the rollback window (the
   * idle colour stays warm at full size); set it when the window is over.
   * @default the service's own replica range (warm)
   */
  readonly idleReplicas?: number;
  /** How long CI waits after a switch before scaling the idle colour down. @default 60 */
  readonly rollbackWindowMinutes?: number;
  /** Longest time the preview may take to become ready. @default 1200 */
  readonly readinessTimeoutSeconds?: number;
  /** Agent pools of both colours. @default none */
  readonly agents?: BlueGreenAgents;
  /**
   * Render the app servers as one Argo Rollouts `Rollout` (blue-green strategy)
   * for teams that run Argo Rollouts. Its template is the active colour's
   * release: switching `active` changes the template, Argo brings the new
   * release up behind the preview Service and waits for `kubectl argo rollouts
   * promote`; the old ReplicaSet stays for the rollback window.
   * @default false (two Deployments and our own Services)
   */
  readonly argoRollouts?: boolean;
}

/**
 * Two colours of an OMS microservice on one transactional database. A stable
 * Service selects the active colour (the gateway routes to it), a preview
 * Service the other. Promotion is gated by Jobs CI waits on (the preview is
 * ready; the smoke test passes); the colours must declare compatible schema
 * versions, and `multischema.version` is pinned to the lower release.
 */
export class BlueGreenPair extends Construct implements IRoutable {
  /** The stable Service name (the construct id). */
  public readonly serviceName: string;
  /** The preview Service name. */
  public readonly previewServiceName: string;
  /** The port of both Services. */
  public readonly port: number;
  /** The APIs the pair owns. */
  public readonly apis: readonly string[];
  /** Path prefixes the pair owns (none: OMS routes by API). */
  public readonly paths: readonly string[] = [];
  /**
   * Both colours' Services as weighted backends (HTTPRoutes, OpenShift Routes): the active colour
   * 100, the idle one 0, so switching or rolling back `active` moves the
   * traffic at the gateway as well as in the stable Service's selector. With
   * Argo Rollouts, the stable Service alone (Argo switches it).
   */
  public readonly backends?: readonly RouteBackend[];
  /** The health check of both colours (one service, one readiness path), for a load balancer in front of them. */
  public readonly healthCheck?: RoutableHealthCheck;
  /** The colours' session cookie (`JSESSIONID`), for load balancer affinity. */
  public readonly sessionCookie?: string;
  /**
   * How OpenShift Routes reach the colours (both the same). Routes send to the colours' own Services by weight,
   * as HTTPRoutes do, so with `reencrypt` each colour presents the certificate of the Service the router sends to.
   */
  public readonly routeTermination: RouteTermination;
  /** The active colour. */
  public readonly active: Colour;
  /** The idle (preview) colour. */
  public readonly preview: Colour;
  /** The microservice of each colour (not with `argoRollouts`). */
  public readonly colours: Readonly<Partial<Record<Colour, OmsMicroservice>>>;
  /** The single microservice rendered as an Argo Rollout (with `argoRollouts`). */
  public readonly rolloutService?: OmsMicroservice;
  /** Agent pools by colour and name. */
  public readonly agentPools: Readonly<Record<Colour, Record<string, AgentPool>>>;
  /** The stable Service (active colour). */
  public readonly stableService: k8s.KubeService;
  /** The preview Service (idle colour). */
  public readonly previewService: k8s.KubeService;
  /** Gate: the preview colour answers its health check. */
  public readonly readinessGate: k8s.KubeJob;
  /** Gate: the smoke test against the preview colour passes. */
  public readonly smokeTestGate: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: BlueGreenPairProps) {
    checkNewConstruct(scope, id, props);
    super(scope, id);
    const env = OmsEnvironment.find(this);
    registerTopologyRole(this, () => ({
      role: 'pair',
      serviceName: this.serviceName,
      previewServiceName: this.previewServiceName,
      active: this.active,
      colours: this.colours,
      rolloutService: this.rolloutService,
      pools: Object.values(this.agentPools).flatMap((byName) => Object.values(byName)),
    }));
    throwIfProblems(this.node.path, validateBlueGreenPairProps(props));
    this.serviceName = id;
    this.previewServiceName = joinName([id, 'preview']);
    this.apis = [...(props.apis ?? []), ...(props.customApis ?? [])];
    this.active = props.active;
    this.preview = props.active === 'blue' ? 'green' : 'blue';
    const lowest = [props.blue.version, props.green.version].sort(compareVersions)[0];
    const baseColour: Colour = compareVersions(props.blue.version, props.green.version) <= 0 ? 'blue' : 'green';
    for (const api of this.apis) env.claimApi(api, this.node.path);
    markRoutable(this);

    const labels = standardLabels({ name: id, environment: env.environmentName, component: 'app-server' });
    const overrides = (release: ColourRelease, base?: Readonly<Record<string, string>>) => ({
      ...base,
      ...release.propertyOverrides,
      [MULTISCHEMA_VERSION_PROPERTY]: lowest,
      [ROLLOUT_VERSION_PROPERTY]: release.version,
    });
    const sharedProps = (release: ColourRelease) => ({
      ...props.service,
      image: release.image,
      propertyOverrides: overrides(release, props.service.propertyOverrides),
      env: { ...props.service.env, ...release.env },
    });
    const served = this.createColours(id, props, sharedProps, labels);
    const { colours, previewPods } = served;
    this.rolloutService = served.rolloutService;
    this.stableService = served.stableService;
    this.port = served.port;
    this.colours = colours;
    this.healthCheck = previewPods.healthCheck;
    this.sessionCookie = previewPods.sessionCookie;
    this.routeTermination = previewPods.routeTermination;
    if (!props.argoRollouts)
      this.backends = COLOURS.map((colour) => ({
        serviceName: colours[colour]!.serviceName,
        port: this.port,
        weight: colour === this.active ? 100 : 0,
      }));
    this.previewService = new k8s.KubeService(this, 'preview', {
      metadata: {
        name: this.previewServiceName,
        labels: { ...labels, [COLOUR_LABEL]: this.preview },
        annotations: { 'oms.platform/rollback-window-minutes': String(props.rollbackWindowMinutes ?? 60) },
      },
      // With Argo, the controller adds the preview ReplicaSet's hash to this selector.
      spec: { type: 'ClusterIP', selector: previewPods.selector, ports: servicePorts(this.port) },
    });

    // The gates test the release that is about to take traffic: the preview colour, or with Argo the
    // new template. Their names carry that release (and a hash of their contents).
    const previewRelease = props.argoRollouts ? props[this.active] : props[this.preview];
    const gates = promotionGates(this, {
      env,
      props,
      previewPods,
      previewRelease,
      previewServiceName: this.previewServiceName,
      port: this.port,
    });
    this.readinessGate = gates.readiness;
    this.smokeTestGate = gates.smoke;
    for (const gate of [gates.readiness, gates.smoke]) previewPods.allowPodsFrom({ 'oms.platform/job': gate.name });

    const pools = colourAgents(this, props, this.preview, baseColour, overrides);
    this.agentPools = pools;
  }

  /** The app servers: one Rollout (Argo) or one microservice per colour with a stable Service on the active one. */
  private createColours(
    id: string,
    props: BlueGreenPairProps,
    sharedProps: (release: ColourRelease) => OmsMicroserviceProps,
    labels: Record<string, string>,
  ): {
    colours: Partial<Record<Colour, OmsMicroservice>>;
    previewPods: OmsMicroservice;
    rolloutService?: OmsMicroservice;
    stableService: k8s.KubeService;
    port: number;
  } {
    if (props.argoRollouts) {
      // One Rollout; its Service (named like the pair) is Argo's active Service.
      const svc = reportedOnParent(
        this.node.path,
        'service',
        props.service,
        () =>
          new OmsMicroservice(this, id, {
            ...sharedProps(props[this.active]),
            argoBlueGreen: { previewService: this.previewServiceName, scaleDownDelaySeconds: (props.rollbackWindowMinutes ?? 60) * 60 },
          }),
      );
      return { colours: {}, previewPods: svc, rolloutService: svc, stableService: svc.service, port: svc.port };
    }
    const colours: Partial<Record<Colour, OmsMicroservice>> = {};
    for (const colour of COLOURS) {
      const idle = colour === this.preview && props.idleReplicas !== undefined;
      const svc = reportedOnParent(
        this.node.path,
        'service',
        props.service,
        () =>
          new OmsMicroservice(this, joinName([id, colour]), {
            ...sharedProps(props[colour]),
            minReplicas: idle ? props.idleReplicas : props.service.minReplicas,
            maxReplicas: idle ? props.idleReplicas : props.service.maxReplicas,
          }),
      );
      labelColour(svc, colour);
      colours[colour] = svc;
    }
    const port = colours.blue!.port;
    const stableService = new k8s.KubeService(this, 'stable', {
      metadata: { name: id, labels: { ...labels, [COLOUR_LABEL]: this.active } },
      spec: { type: 'ClusterIP', selector: colours[this.active]!.selector, ports: servicePorts(port) },
    });
    return { colours, previewPods: colours[this.preview]!, stableService, port };
  }
}

/** What the promotion gates need. */
interface GateInput {
  readonly env: OmsEnvironment;
  readonly props: BlueGreenPairProps;
  readonly previewPods: OmsMicroservice;
  readonly previewRelease: ColourRelease;
  readonly previewServiceName: string;
  readonly port: number;
}

/** The readiness gate (the preview answers its heartbeat) and the smoke test (read-only APIs, logged in). */
function promotionGates(scope: Construct, input: GateInput): { readiness: k8s.KubeJob; smoke: k8s.KubeJob } {
  const { env, props, previewPods, previewRelease, previewServiceName, port } = input;
  const release = toDns1123Label(previewRelease.version, { maxLength: 20 });
  const previewUrl = `http://${previewServiceName}:${port}`;
  const egress = [{ to: [{ podSelector: { matchLabels: previewPods.selector } }], ports: tcpPorts([port]) }];
  // The gates get a name of their own: with the pair's name their pods would match the selectors of
  // the pair's Services, PodDisruptionBudgets and Rollout (a running gate would block node drains).
  const gateLabels = standardLabels({
    name: joinName([scope.node.id, 'promotion-gate']),
    environment: env.environmentName,
    component: 'promotion-gate',
    version: previewRelease.version,
  });
  const readyName = joinName([scope.node.id, 'ready', release], 55);
  const smokeName = joinName([scope.node.id, 'smoke', release], 55);
  const healthPath = previewPods.healthCheckPath;
  const timeout = props.readinessTimeoutSeconds ?? 1200;
  const gate = (name: string, command: string[], secretEnv?: Record<string, SecretKeyReference>) => [
    { name, image: props.smokeTest.image, command, secretEnv },
  ];
  const readiness = oneShotJob(scope, 'readiness-gate', {
    name: readyName,
    labels: gateLabels,
    platform: env.config.platform,
    // The URL and version are arguments, never part of the script text.
    steps: gate('readiness', [
      '/bin/sh',
      '-c',
      'until curl -fsS -o /dev/null "$1"; do echo "waiting for $2"; sleep 10; done',
      'readiness',
      `${previewUrl}${healthPath}`,
      previewRelease.version,
    ]),
    deadlineSeconds: timeout,
    egress,
  });
  const creds = props.smokeTest.credentials;
  const args = omsRestSmokeArgs({
    baseUrl: previewUrl,
    auth: props.smokeTest.auth ?? 'standard',
    apis: props.smokeTest.apis,
  });
  const smoke = oneShotJob(scope, 'smoke-test', {
    name: smokeName,
    labels: gateLabels,
    platform: env.config.platform,
    steps: gate('smoke-test', ['/bin/sh', '-c', OMS_REST_SMOKE_SCRIPT, 'smoke-test', ...args], {
      OMS_USER: { secretName: creds.secretName, key: creds.usernameKey ?? 'username' },
      OMS_PASSWORD: { secretName: creds.secretName, key: creds.passwordKey ?? 'password' },
    }),
    deadlineSeconds: 600,
    egress,
  });
  return { readiness: readiness.job, smoke: smoke.job };
}

function servicePorts(port: number): k8s.ServicePort[] {
  return [{ name: 'http', port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }];
}
