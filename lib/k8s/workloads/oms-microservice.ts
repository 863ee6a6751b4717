import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { throwIfProblems } from '../../core';
import { k8s } from '../primitives/kube';
import { OmsEnvironment } from '../environment/oms-environment';
import { omsPodTemplate, omsServerFoundation } from './oms-pod-template';
import { OmsServerProps } from './oms-server-props';
import { IRoutable, markRoutable } from '../routing/routable';
import { validateOmsMicroserviceProps } from './validate-oms-microservice-props';
import { egressEntries, tcpPorts } from '../primitives/network-rules';
import { cpuAutoscaler } from '../primitives/cpu-autoscaler';
import { ArgoRollout } from '../crds/argo-rollout';

/** Liberty's default HTTP port, where OMS app servers listen. */
export const DEFAULT_APP_PORT = 9080;
/** Share of the replica count a rollout may add on top (maxSurge). */
export const MAX_SURGE_PERCENT = 25;
/** A page every OMS app server serves once the application is up. */
export const DEFAULT_HEALTH_CHECK_PATH = '/smcfs/console/start.jsp';

/** Properties of an {@link OmsMicroservice}. */
export interface OmsMicroserviceProps extends OmsServerProps {
  /**
   * OMS APIs this service owns; each gets its own route `POST /smcfs/restapi/invoke/<api>`.
   * @default none (the service only serves as the default backend or as a peer)
   */
  readonly apis?: readonly string[];
  /** Fewest replicas. @default the stage's minimum (1 on branch, 2 on UAT and staging, 3 in production) */
  readonly minReplicas?: number;
  /**
   * Most replicas. When it exceeds `minReplicas`, an HPA owns the replica count.
   * @default the stage's maximum (2 on branch, 4 on UAT, 6 on staging, 10 in production)
   */
  readonly maxReplicas?: number;
  /** Port the server listens on. @default 9080 */
  readonly port?: number;
  /** Path the probes request. @default '/smcfs/console/start.jsp' */
  readonly healthCheckPath?: string;
  /** Longest time a JVM may take to start before Kubernetes restarts it. @default 900 */
  readonly startupTimeoutSeconds?: number;
  /** Seconds the pod keeps serving after it is taken out of the load balancer, before SIGTERM. @default 15 */
  readonly preStopDelaySeconds?: number;
  /**
   * Render an Argo Rollouts `Rollout` with the blue-green strategy instead of
   * a Deployment; this service's own Service is the active Service.
   * @default a Deployment
   */
  readonly argoBlueGreen?: { readonly previewService: string; readonly scaleDownDelaySeconds: number };
  /** Where `customer_overrides.properties` is mounted. @default '/opt/ssfs/runtime/properties/customer_overrides.properties' */
  readonly propertiesPath?: string;
}

/**
 * One OMS API, or a named group of APIs, as its own microservice: Deployment,
 * Service, ServiceAccount, ConfigMap, PodDisruptionBudget, NetworkPolicy and,
 * when it can scale, an HPA that owns the replica count.
 *
 * Pods start slowly (a startup probe allows `startupTimeoutSeconds`), roll
 * without losing capacity (`maxUnavailable: 0`), spread over zones and nodes,
 * and stop gracefully (preStop delay, then a grace period). Only the routing
 * layer and the peers named with {@link allowFrom} may call it.
 */
export class OmsMicroservice extends Construct implements IRoutable {
  /** The service name (the construct id), also the name of its objects. */
  public readonly name: string;
  /** The APIs this service owns. */
  public readonly apis: readonly string[];
  /** The Service name (same as `name`). */
  public readonly serviceName: string;
  /** The port the server listens on. */
  public readonly port: number;
  /** Fewest replicas. */
  public readonly minReplicas: number;
  /** Most replicas. */
  public readonly maxReplicas: number;
  /** Labels that select this service's pods. */
  public readonly selector: Record<string, string>;
  /** The Deployment (unless rendered as an Argo Rollout). */
  public readonly deployment?: k8s.KubeDeployment;
  /** The Argo Rollout, when `argoBlueGreen` is set. */
  public readonly rollout?: ArgoRollout;
  /** The Service. */
  public readonly service: k8s.KubeService;
  /** The ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The ConfigMap with JVM, pool and property settings. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The PodDisruptionBudget. */
  public readonly pdb: k8s.KubePodDisruptionBudget;
  /** The NetworkPolicy. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The HPA, when `maxReplicas` exceeds `minReplicas`. */
  public readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;

  private readonly callers: Record<string, string>[] = [];
  private readonly callerServices: OmsMicroservice[] = [];
  private readonly callees: OmsMicroservice[] = [];

  constructor(scope: Construct, id: string, props: OmsMicroserviceProps) {
    super(scope, id);
    const env = OmsEnvironment.find(this);
    const result = validateOmsMicroserviceProps(id, props, {
      defaultMinReplicas: env.profile.minReplicas,
      defaultMaxReplicas: env.profile.maxReplicas,
      containerCeiling: env.containerCeiling,
      stage: env.config.stage,
    });
    throwIfProblems(this.node.path, result.problems);
    const parsed = result.parsed!;

    this.name = id;
    this.serviceName = id;
    this.apis = [...(props.apis ?? [])];
    markRoutable(this);
    this.port = props.port ?? DEFAULT_APP_PORT;
    this.minReplicas = props.minReplicas ?? env.profile.minReplicas;
    this.maxReplicas = props.maxReplicas ?? Math.max(this.minReplicas, env.profile.maxReplicas);
    for (const api of this.apis) env.claimApi(api, this.node.path);

    const foundation = omsServerFoundation(this, {
      name: id,
      environment: env.environmentName,
      platform: env.config.platform,
      component: 'app-server',
      props,
      memoryLimitBytes: parsed.limits.memoryBytes,
    });
    const labels = foundation.labels;
    this.selector = foundation.selector;
    this.serviceAccount = foundation.serviceAccount;
    this.configMap = foundation.configMap;
    const metadata = (name: string) => ({ name, labels });

    const startupTimeout = props.startupTimeoutSeconds ?? 900;
    const preStopDelay = props.preStopDelaySeconds ?? 15;
    const httpGet = { path: props.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH, port: k8s.IntOrString.fromString('http') };
    const autoscaled = this.maxReplicas > this.minReplicas;

    const template = omsPodTemplate({
      ...foundation.templateBase,
      ports: [{ name: 'http', containerPort: this.port, protocol: 'TCP' }],
      probes: {
        startupProbe: { httpGet, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: Math.ceil(startupTimeout / 10) },
        readinessProbe: { httpGet, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 },
        // Generous: a JVM in a long GC pause must not be killed; restart only after ~10 minutes unresponsive.
        livenessProbe: { httpGet, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 20 },
      },
      preStop: { exec: { command: ['/bin/sh', '-c', `sleep ${preStopDelay}`] } },
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? preStopDelay + 75,
      propertiesPath: props.propertiesPath,
    });
    const workload = {
      selector: { matchLabels: this.selector },
      revisionHistoryLimit: 5,
      minReadySeconds: 10,
      progressDeadlineSeconds: startupTimeout + 300,
      template,
    };
    if (props.argoBlueGreen) {
      this.rollout = new ArgoRollout(this, 'rollout', {
        metadata: metadata(id),
        replicas: autoscaled ? undefined : this.minReplicas,
        ...workload,
        blueGreen: { activeService: id, autoPromotionEnabled: false, ...props.argoBlueGreen },
      });
    } else {
      this.deployment = new k8s.KubeDeployment(this, 'deployment', {
        metadata: metadata(id),
        spec: {
          // An HPA owns the count when there is one; a fixed count would fight it on every apply.
          replicas: autoscaled ? undefined : this.minReplicas,
          ...workload,
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString(`${MAX_SURGE_PERCENT}%`) },
          },
        },
      });
    }

    this.service = new k8s.KubeService(this, 'service', {
      metadata: metadata(id),
      spec: {
        type: 'ClusterIP',
        selector: this.selector,
        ports: [{ name: 'http', port: this.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });

    this.pdb = new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: metadata(id),
      spec: {
        selector: { matchLabels: this.selector },
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        // Pods that never became ready must not block node drains.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });

    if (autoscaled) {
      this.hpa = cpuAutoscaler(this, 'hpa', {
        metadata: metadata(id),
        target: props.argoBlueGreen
          ? { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: id }
          : { apiVersion: 'apps/v1', kind: 'Deployment', name: id },
        minReplicas: this.minReplicas,
        maxReplicas: this.maxReplicas,
        targetCpuUtilization: props.targetCpuUtilization ?? 70,
      });
    }

    const gateway = env.gatewaySource.namespaceLabels;
    const port = tcpPorts([this.port]);
    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: metadata(id),
      spec: {
        podSelector: { matchLabels: this.selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: Lazy.any({
          produce: () => [
            { from: [{ namespaceSelector: { matchLabels: gateway } }], ports: port },
            ...this.callers.map((selector) => ({ from: [{ podSelector: { matchLabels: selector } }], ports: port })),
          ],
        }),
        egress: Lazy.any({
          produce: () => [
            ...this.callees.map((c) => ({
              to: [{ podSelector: { matchLabels: c.selector } }],
              ports: tcpPorts([c.port]),
            })),
            ...egressEntries(props.egress ?? []),
          ],
        }),
      },
    });

    // Peak pods during a rollout at full size: maximum replicas plus the surge, rounded up as Kubernetes does.
    env.addFootprint({
      path: this.node.path,
      peakPods: this.maxReplicas + Math.ceil((this.maxReplicas * MAX_SURGE_PERCENT) / 100),
      requests: parsed.requests,
      limits: parsed.limits,
    });
  }

  /**
   * Lets pods with these labels (in the same namespace) call this service.
   * Their own NetworkPolicy must allow the egress.
   */
  public allowPodsFrom(selector: Record<string, string>): void {
    this.callers.push({ ...selector });
  }

  /** Lets `peers` call this service: ingress here, egress on their side. */
  public allowFrom(...peers: OmsMicroservice[]): void {
    for (const peer of peers) {
      if (peer === this || this.callerServices.includes(peer)) continue;
      this.callerServices.push(peer);
      this.callers.push(peer.selector);
      peer.callees.push(this);
    }
  }
}
