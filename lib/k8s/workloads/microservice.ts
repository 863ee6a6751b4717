import { Construct } from 'constructs';
import { Problem, checkPropKinds, childPath } from '../../core';
import { MetricsEndpoint, metricsEndpointProblems } from '../../core/monitoring';
import { ArgoRollout } from '../crds/argo-rollout';
import { HealthProbe, HealthProbes } from '../primitives/health-probe';
import { k8s } from '../primitives/kube';
import { tcpPorts } from '../primitives/network-rules';
import { IRoutable, RoutableHealthCheck, RouteTermination, markRoutable } from '../primitives/routable';
import { drawnWorkload, registerTopologyRole } from '../primitives/topology-role';
import { Filesystem } from './filesystem';
import { validateMicroserviceProps, MICROSERVICE_PROP_KINDS } from './validate-microservice-props';
import { Workload, WorkloadPreset, WorkloadProps } from './workload';

/** Properties of a {@link Microservice}. */
export interface MicroserviceProps extends WorkloadProps {
  /** Port the server listens on (the Service port too). @default 8080 */
  readonly port?: number;
  /** Path the default probes request. @default '/healthz' */
  readonly healthCheckPath?: string;
  /**
   * HTTP codes of a ready service, for a load balancer's health check on the readiness path (the AWS load
   * balancer's target group). @default '200'
   */
  readonly healthCheckSuccessCodes?: string;
  /**
   * URL path prefixes the routing entry point sends to this service, e.g. `['/polls']`.
   * @default none (the service is reached as the default backend, or by peers)
   */
  readonly routes?: readonly string[];
  /** Longest time the server may take to start before Kubernetes restarts it. @default 300 */
  readonly startupTimeoutSeconds?: number;
  /** Seconds the pod keeps serving after it is taken out of the load balancer, before SIGTERM. @default 10 */
  readonly preStopDelaySeconds?: number;
  /**
   * Render an Argo Rollouts `Rollout` with the blue-green strategy instead of
   * a Deployment; this service's own Service is the active Service.
   * @default a Deployment
   */
  readonly argoBlueGreen?: { readonly previewService: string; readonly scaleDownDelaySeconds: number };
  /** `app.kubernetes.io/part-of` of its objects. @default the service's name */
  readonly partOf?: string;
  /** Where the server serves Prometheus metrics (scraped by `EnvironmentMonitoring`). @default the variant's (none for a plain service) */
  readonly metrics?: MetricsEndpoint;
}

/** What a preset of {@link Microservice} (such as the OMS app server) changes. @internal */
export interface MicroservicePreset extends Omit<WorkloadPreset, 'terminationGracePeriodSeconds' | 'problems' | 'partOf'> {
  readonly partOf: string;
  readonly port: number;
  readonly healthCheckPath: string;
  readonly startupTimeoutSeconds: number;
  readonly preStopDelaySeconds: number;
  readonly probes?: HealthProbes;
  readonly preStop?: k8s.LifecycleHandler;
  readonly terminationGracePeriodSeconds?: number;
  readonly apis: readonly string[];
  readonly problems: readonly Problem[];
  /** The metrics endpoint unless the props name one, and container ports besides `http`. @default none */
  readonly metrics?: MetricsEndpoint;
  readonly extraPorts?: readonly { readonly name: string; readonly containerPort: number }[];
  /** The session cookie the server sets, for load balancer affinity. @default none */
  readonly sessionCookie?: string;
  /**
   * How OpenShift Routes reach the server; with `reencrypt` the Service also exposes `httpsPort` (the container
   * port named `https`) and the routing layer is admitted there instead of the HTTP port. @default 'edge'
   */
  readonly routeTermination?: RouteTermination;
  /** The container port of the server's HTTPS listener (with `reencrypt`). @default none */
  readonly httpsPort?: number;
}

/** A plain service's defaults: an HTTP server on 8080 with `/healthz`, read-only root, UID 10001. */
function plainPreset(scope: Construct, id: string, props: MicroserviceProps): MicroservicePreset {
  const env = Workload.environmentOf(scope, id, props);
  checkPropKinds(childPath(scope.node.path, id), 'MicroserviceProps', props, MICROSERVICE_PROP_KINDS);
  const min = props.minReplicas ?? env.profile.minReplicas;
  return {
    component: 'service',
    partOf: props.partOf ?? id,
    port: 8080,
    healthCheckPath: '/healthz',
    startupTimeoutSeconds: 300,
    preStopDelaySeconds: 10,
    replicas: { min, max: props.maxReplicas ?? Math.max(min, env.profile.maxReplicas) },
    minReplicasFloor: { value: 1, fix: 'set minReplicas to 1 or more (scale to zero is for queue-driven workloads)' },
    runAsUser: 10001,
    filesystem: Filesystem.readOnlyRoot(),
    apis: [],
    problems: [],
  };
}

/**
 * An HTTP service as its own microservice: Deployment (child `Resource`),
 * Service, ServiceAccount, PodDisruptionBudget, NetworkPolicy and, when it
 * can scale, an HPA that owns the replica count. It starts with a startup
 * probe, rolls without losing capacity, spreads over zones and nodes, and
 * stops gracefully. Only the routing layer and peers named with `allowFrom`
 * may call it. Nothing about it is specific to OMS; `OmsMicroservice` is its
 * OMS preset.
 */
export class Microservice extends Workload implements IRoutable {
  /** The Service name (the construct id). */
  public readonly serviceName: string;
  /** The port the server listens on. */
  public readonly port: number;
  /** OMS APIs routed to it (none for a plain service). */
  public readonly apis: readonly string[];
  /** Path prefixes routed to it. */
  public readonly paths: readonly string[];
  /** Path the default probes request. */
  public readonly healthCheckPath: string;
  /** The readiness check a load balancer in front of it uses: the readiness probe's path and the success codes. */
  public readonly healthCheck?: RoutableHealthCheck;
  /** The session cookie a load balancer keeps clients on their pod by (OMS: `JSESSIONID`), if any. */
  public readonly sessionCookie?: string;
  /** The Deployment (unless rendered as an Argo Rollout). */
  public readonly deployment?: k8s.KubeDeployment;
  /** The Argo Rollout, when `argoBlueGreen` is set. */
  public readonly rollout?: ArgoRollout;
  /** The Service. */
  public readonly service: k8s.KubeService;
  /** Where the server serves Prometheus metrics, if it does. */
  public readonly metrics?: MetricsEndpoint;
  /** How OpenShift Routes reach the server (`reencrypt`: HTTPS to the Service's `https` port). */
  public readonly routeTermination: RouteTermination;
  /** The port the routing layer sends to: the HTTPS port when Routes re-encrypt, otherwise the HTTP port. */
  public readonly routedPort: number;

  constructor(scope: Construct, id: string, props: MicroserviceProps, preset?: MicroservicePreset) {
    const p = preset ?? plainPreset(scope, id, props);
    const port = props.port ?? p.port;
    const preStopDelay = props.preStopDelaySeconds ?? p.preStopDelaySeconds;
    const grace = props.terminationGracePeriodSeconds ?? p.terminationGracePeriodSeconds ?? preStopDelay + 30;
    super(scope, id, props, {
      ...p,
      terminationGracePeriodSeconds: grace,
      problems: [
        ...validateMicroserviceProps(props, {
          grace,
          preStopDelay,
          defaultPort: p.port,
          serviceName: id,
          serverPorts: [{ name: 'http', containerPort: port }, ...(p.extraPorts ?? [])],
        }),
        ...p.problems,
        ...metricsEndpointProblems('metrics', props.metrics, [port, ...(p.extraPorts ?? []).map((x) => x.containerPort)]),
      ],
    });
    this.metrics = props.metrics ?? p.metrics;
    this.serviceName = id;
    this.port = port;
    this.apis = [...p.apis];
    this.paths = [...(props.routes ?? [])];
    this.healthCheckPath = props.healthCheckPath ?? p.healthCheckPath;
    this.sessionCookie = p.sessionCookie;
    this.routeTermination = p.routeTermination ?? 'edge';
    const https = this.routeTermination === 'reencrypt' ? p.httpsPort : undefined;
    this.routedPort = https ?? port;
    markRoutable(this);
    registerTopologyRole(this, () => ({ role: 'service', serviceName: this.serviceName, ...drawnWorkload(this) }));
    for (const api of this.apis) this.environment.claimApi(api, this.node.path);
    for (const path of this.paths) this.environment.claimPath(path, this.node.path);

    const startupTimeout = props.startupTimeoutSeconds ?? p.startupTimeoutSeconds;
    const http = (timing: object) => HealthProbe.http(this.healthCheckPath, 'http', timing);
    const defaults: HealthProbes = p.probes ?? {
      startup: http({ periodSeconds: 10, failureThreshold: Math.ceil(startupTimeout / 10) }),
      readiness: http({ periodSeconds: 10, failureThreshold: 3 }),
      liveness: http({ periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 10 }),
    };
    const readiness = props.probes?.readiness ?? defaults.readiness;
    const readinessPath = readiness?.httpPath;
    this.healthCheck =
      readinessPath === undefined ? undefined : { path: readinessPath, successCodes: props.healthCheckSuccessCodes ?? '200' };
    this.containers.push({
      name: 'server',
      command: props.command,
      args: props.args,
      ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }, ...(p.extraPorts ?? []).map((x) => ({ ...x, protocol: 'TCP' }))],
      probes: { ...defaults, ...props.probes },
      preStop: p.preStop ?? { exec: { command: ['/bin/sh', '-c', 'sleep "$1"', 'pre-stop', String(preStopDelay)] } },
    });

    const autoscaled = this.maxReplicas > this.minReplicas;
    // An autoscaler owns the count when there is one; a fixed count would fight it on every apply.
    const replicas = autoscaled ? undefined : this.minReplicas;
    const progressDeadlineSeconds = startupTimeout + 300;
    if (props.argoBlueGreen) {
      this.rollout = new ArgoRollout(this, 'Resource', {
        metadata: this.metadata(),
        replicas,
        selector: { matchLabels: { ...this.selector } },
        revisionHistoryLimit: 5,
        minReadySeconds: 10,
        progressDeadlineSeconds,
        template: () => this.renderPodTemplate(),
        blueGreen: { activeService: id, autoPromotionEnabled: false, ...props.argoBlueGreen },
      });
    } else {
      this.deployment = this.addDeployment({ replicas, progressDeadlineSeconds, minReadySeconds: 10 });
    }
    this.service = new k8s.KubeService(this, 'service', {
      metadata: this.metadata(),
      spec: {
        type: 'ClusterIP',
        selector: { ...this.selector },
        ports: [
          { name: 'http', port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
          ...(https === undefined
            ? []
            : [{ name: 'https', port: https, targetPort: k8s.IntOrString.fromString('https'), protocol: 'TCP' }]),
        ],
      },
    });
    this.addDisruptionBudget();
    if (autoscaled)
      this.addCpuAutoscaler(
        props.argoBlueGreen ? { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' } : { apiVersion: 'apps/v1', kind: 'Deployment' },
      );
  }

  protected override servingPorts(): number[] {
    return [this.port];
  }

  /** The routing layer may call it: its gateway implementation decides from where (a namespace, its pods, or a load balancer's subnets). */
  protected override ingressRules(): k8s.NetworkPolicyIngressRule[] {
    return [{ from: this.environment.gatewaySource.peers.map((peer) => ({ ...peer })), ports: tcpPorts([this.routedPort]) }];
  }
}
