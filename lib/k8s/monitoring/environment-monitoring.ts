import { Construct } from 'constructs';
import { checkNewConstruct, checkPropKinds, childPath, formatProblem, joinName, standardLabels, throwIfProblems } from '../../core';
import {
  AlertGroup,
  DashboardRoute,
  OMS_STATISTICS,
  ServiceObjective,
  alertNamePart,
  availabilityRules,
  grafanaDashboard,
  latencyRules,
  queueRules,
  quotaRules,
  resolveObjective,
  workloadRules,
} from '../../core/monitoring';
import { PodMonitor, ScrapeEndpoint } from '../crds/pod-monitor';
import { PrometheusRule } from '../crds/prometheus-rule';
import { OmsEnvironment } from '../environment/oms-environment';
import { k8s } from '../primitives/kube';
import { tcpPorts } from '../primitives/network-rules';
import { OmsApiGateway, apiPath } from '../routing/oms-api-gateway';
import { AgentPool } from '../workloads/agent-pool';
import { Microservice } from '../workloads/microservice';
import { OmsMicroservice } from '../workloads/oms-microservice';
import { Workload } from '../workloads/workload';
import { OpenShiftLogForwarding } from './log-forwarding';
import { RequestSource, RouteTarget } from './request-source';
import { Scraper } from './scraper';
import { ENVIRONMENT_MONITORING_PROP_KINDS, validateEnvironmentMonitoringProps } from './validate-environment-monitoring-props';

/** Objectives of the environment's routes. */
export interface RouteObjectives {
  /** What every route gets unless `routes` says otherwise. @default 99.9% available, p99 under 1000 ms */
  readonly default?: ServiceObjective;
  /** By OMS API name (`getATP`) or plain-service path (`/polls`). @default none */
  readonly routes?: Readonly<Record<string, ServiceObjective>>;
}

/** Alert limits of one queue an agent pool scales on. */
export interface QueueAlertLimits {
  /** Messages above which the backlog alert fires. @default the pool's KEDA target times its maximum replicas */
  readonly maxMessages?: number;
  /** Minutes a backlog may go without shrinking before the age alert fires. @default 30 */
  readonly maxMinutes?: number;
}

/** Properties of an {@link EnvironmentMonitoring}. */
export interface EnvironmentMonitoringProps {
  /** Who scrapes and evaluates the rules. @default OpenShift: user workload monitoring; EKS: a Prometheus in `monitoring` */
  readonly scraper?: Scraper;
  /** Latency and availability objectives of the routed APIs and paths. @default 99.9% and p99 under 1000 ms each */
  readonly objectives?: RouteObjectives;
  /** Alert limits by queue name. @default every scaled queue with the defaults of {@link QueueAlertLimits} */
  readonly queues?: Readonly<Record<string, QueueAlertLimits>>;
  /** Percentage of any quota resource used at which the budget alert fires. @default 90 */
  readonly budgetAlertPercent?: number;
  /** Where route request metrics come from. @default what the environment's gateway implementation offers */
  readonly requestSource?: RequestSource;
  /** The Grafana the dashboard is loaded into (for links). @default no link */
  readonly dashboard?: { readonly grafanaUrl?: string; readonly dataStoresUrl?: string };
  /** OpenShift: where container logs go; `false` when the platform ships them already. @default OpenShift Logging to its LokiStack */
  readonly logForwarding?: OpenShiftLogForwarding | false;
}

/**
 * An environment measured, alerted on and visible: a PodMonitor and a NetworkPolicy admitting the scraper for every
 * workload that serves metrics; one PrometheusRule with the routes' objectives (availability as multi-window
 * burn-rate alerts, p99 latency), every workload's health (crash loops, pods not ready, autoscaler at its maximum),
 * the agent pools' queue backlog and age, and the budget; a Grafana dashboard in a ConfigMap for the Grafana
 * sidecar; and on OpenShift the log forwarder. Create it last: it reads the workloads and gateways that exist,
 * and synthesis fails when one is added afterwards.
 */
export class EnvironmentMonitoring extends Construct {
  public readonly scraper: Scraper;
  public readonly rule: PrometheusRule;
  public readonly podMonitors: PodMonitor[] = [];
  public readonly dashboard: k8s.KubeConfigMap;
  /** The dashboard's Grafana uid. */
  public readonly dashboardUid: string;
  /** A link to the dashboard, when `dashboard.grafanaUrl` is given. */
  public readonly dashboardUrl?: string;
  /** The routes with their objectives, as rendered. */
  public readonly objectives: readonly { readonly route: string; readonly objective: Required<ServiceObjective> }[];

  private readonly env: OmsEnvironment;

  constructor(scope: Construct, id: string, props: EnvironmentMonitoringProps = {}) {
    checkNewConstruct(scope, id, props);
    const path = childPath(scope.node.path, id);
    checkPropKinds(path, 'EnvironmentMonitoringProps', props, ENVIRONMENT_MONITORING_PROP_KINDS);
    const env = OmsEnvironment.find(scope, id);
    const namespace = env.environmentName;
    const workloads = env.node.findAll().filter((c): c is Workload => c instanceof Workload);
    const gateways = env.node.findAll().filter((c): c is OmsApiGateway => c instanceof OmsApiGateway);
    const routes = routeTargets(namespace, gateways);
    const pools = workloads.filter((w): w is AgentPool => w instanceof AgentPool && w.scaling !== undefined && !w.suspended);
    const scraper = props.scraper ?? Scraper.defaultFor(env.config.platform);
    const source = props.requestSource ?? RequestSource.forGateway(env.gateway);
    // The value-class props are made by their factories: from plain JavaScript an object literal would crash below.
    throwIfProblems(path, [
      ...(
        [
          ['scraper', props.scraper, Scraper, 'Scraper.prometheus({...}) or Scraper.openShiftUserWorkload()'],
          ['requestSource', props.requestSource, RequestSource, 'RequestSource.istio() or RequestSource.servers()'],
          ['logForwarding', props.logForwarding || undefined, OpenShiftLogForwarding, 'new OpenShiftLogForwarding({...}), or false'],
        ] as const
      ).flatMap(([property, value, type, fix]) =>
        value === undefined || value instanceof type
          ? []
          : [{ property, rule: `must be made by ${type.name}`, value: typeof value, fix: `use ${fix}` }],
      ),
    ]);
    throwIfProblems(path, [
      ...validateEnvironmentMonitoringProps(props, {
        routed: routes.map((r) => r.key),
        scaledQueues: [...new Set(pools.map((p) => p.scaling!.queue))],
      }),
      ...(scraper.platforms.includes(env.config.platform)
        ? []
        : [
            {
              property: 'scraper',
              rule: `must run on ${env.config.platform}`,
              value: scraper.description,
              fix: 'use Scraper.prometheus()',
            },
          ]),
      // ClusterLogForwarder is the OpenShift Logging operator's (Red Hat OpenShift Logging): EKS has no such API.
      ...(props.logForwarding && env.config.platform !== 'openshift'
        ? [
            {
              property: 'logForwarding',
              rule: `must run on openshift: OpenShift Logging's ClusterLogForwarder does not exist on ${env.config.platform}`,
              value: 'OpenShiftLogForwarding',
              fix: "leave logForwarding out on EKS (ship logs with the cluster's own agent, e.g. Fluent Bit to CloudWatch)",
            },
          ]
        : []),
      ...routes
        .filter((r) => source.series(r.target) === undefined)
        .map((r) => ({
          property: 'objectives',
          rule: `need request metrics for every route: ${r.key} goes to ${r.target.serviceName}, which serves none`,
          value: r.key,
          fix: `declare metrics: { port, path, requestHistogram } on ${r.target.serviceName} (the server must export a request histogram)`,
        })),
    ]);
    super(scope, id);
    this.env = env;
    this.scraper = scraper;
    const labels = standardLabels({ name: id, environment: namespace, component: 'monitoring', partOf: env.product.partOf });
    const scrapedLabels = { ...labels, ...scraper.selectorLabels };

    for (const w of workloads) {
      const scrape = scrapeOf(w);
      if (scrape === undefined) continue;
      this.podMonitors.push(
        new PodMonitor(this, `${w.name}-monitor`, {
          name: w.name,
          labels: scrapedLabels,
          selector: { ...w.selector },
          endpoints: scrape.endpoints,
        }),
      );
      new k8s.KubeNetworkPolicy(this, `${w.name}-scrape`, {
        metadata: { name: joinName([w.name, 'metrics']), labels: { ...w.labels } },
        spec: {
          podSelector: { matchLabels: { ...w.selector } },
          policyTypes: ['Ingress'],
          ingress: [{ from: scraper.peers(), ports: tcpPorts(scrape.ports) }],
        },
      });
    }

    const objectives = routes.map((r) => ({
      ...r,
      objective: resolveObjective(props.objectives?.routes?.[r.key], props.objectives?.default),
    }));
    this.objectives = objectives.map((o) => ({ route: o.key, objective: o.objective }));
    const groups: AlertGroup[] = [
      {
        name: `${namespace}.objectives`,
        rules: objectives.flatMap((o) => {
          const series = source.series(o.target)!;
          const target = {
            alertPrefix: alertNamePart(o.target.api ?? `${o.target.serviceName}-${o.key}`),
            route: o.target.api ? `POST ${apiPath(o.target.api)}` : o.key,
            labels: { environment: namespace, service: o.target.serviceName, route: o.key },
          };
          return [...availabilityRules(target, series, o.objective), ...latencyRules(target, series, o.objective)];
        }),
      },
      { name: `${namespace}.workloads`, rules: workloads.flatMap((w) => workloadRules(workloadTarget(namespace, w))) },
      {
        name: `${namespace}.queues`,
        rules: pools.flatMap((p) => {
          const limits = props.queues?.[p.scaling!.queue];
          return queueRules({
            namespace,
            scaledObject: p.name,
            kind: p.scaledJob ? 'scaledjob' : 'scaledobject',
            queue: p.scaling!.queue,
            maxMessages: limits?.maxMessages ?? p.scaling!.target * p.maxReplicas,
            maxMinutes: limits?.maxMinutes ?? 30,
            labels: { environment: namespace, workload: p.name },
          });
        }),
      },
      { name: `${namespace}.budget`, rules: quotaRules(namespace, { environment: namespace }, props.budgetAlertPercent ?? 90) },
    ];
    this.rule = new PrometheusRule(this, 'rules', {
      name: joinName([namespace, 'alerts']),
      labels: scrapedLabels,
      groups: () => groups.filter((g) => g.rules.length > 0),
    });

    this.dashboardUid = joinName([this.env.product.name, namespace], 40);
    this.dashboardUrl = props.dashboard?.grafanaUrl && `${props.dashboard.grafanaUrl.replace(/\/+$/, '')}/d/${this.dashboardUid}`;
    const dashboardRoutes: DashboardRoute[] = objectives.map((o) => ({ title: o.key, series: source.series(o.target)! }));
    const json = grafanaDashboard({
      environment: namespace,
      uid: this.dashboardUid,
      routes: dashboardRoutes,
      workloads: workloads.map((w) => w.name),
      queues: pools.map((p) => ({ scaledObject: p.name, queue: p.scaling!.queue })),
      dataStoresUrl: props.dashboard?.dataStoresUrl,
    });
    this.dashboard = new k8s.KubeConfigMap(this, 'dashboard', {
      // The Grafana sidecar (Grafana's Helm chart, `sidecar.dashboards.label`, default `grafana_dashboard`) loads ConfigMaps with this label.
      metadata: { name: joinName([namespace, 'dashboard']), labels: { ...labels, grafana_dashboard: '1' } },
      data: { [`${namespace}.json`]: `${JSON.stringify(json, null, 2)}\n` },
    });

    const forwarding = props.logForwarding ?? (env.config.platform === 'openshift' ? new OpenShiftLogForwarding() : false);
    if (forwarding !== false) forwarding.render(this, { environment: namespace, labels });

    const seen = new Set<Workload | OmsApiGateway>([...workloads, ...gateways]);
    this.node.addValidation({
      validate: () =>
        env.node
          .findAll()
          .filter((c): c is Workload | OmsApiGateway => (c instanceof Workload || c instanceof OmsApiGateway) && !seen.has(c))
          .map((c) =>
            formatProblem({
              property: 'scope',
              rule: `must be created after every workload and gateway it monitors: ${c.node.path} was created later`,
              value: c.node.path,
              fix: `create ${this.node.path} last in the app`,
            }),
          ),
    });
  }

  /** Whether an environment has monitoring (the topology links to its dashboard). */
  public static of(env: OmsEnvironment): EnvironmentMonitoring | undefined {
    return env.node.findAll().find((c): c is EnvironmentMonitoring => c instanceof EnvironmentMonitoring);
  }

  /** The environment monitored. */
  public get environment(): OmsEnvironment {
    return this.env;
  }
}

/** The routes of the gateways, the catch-all left out (it has no caller-visible objective of its own). */
function routeTargets(namespace: string, gateways: readonly OmsApiGateway[]): { key: string; target: RouteTarget }[] {
  return gateways.flatMap((g) =>
    g.rules
      .filter((r) => r.api !== undefined || r.path !== '/')
      .map((r) => ({
        key: r.api ?? r.path,
        target: {
          namespace,
          api: r.api,
          path: r.path,
          prefix: r.prefix,
          serviceName: r.service.serviceName,
          workloads: r.service.node.findAll().filter((c): c is Microservice => c instanceof Microservice),
        },
      })),
  );
}

/** The container port's name (a PodMonitor scrapes a named port). */
function portName(w: Microservice, port: number, name: string | undefined): string {
  return port === w.port ? 'http' : (name ?? 'metrics');
}

/**
 * What the scraper reads from a workload: a service's declared endpoint (and, on an OMS app server, OMS's own
 * statistics beside Liberty's), or the OMS statistics of each agent server JVM of a pool.
 */
function scrapeOf(w: Workload): { endpoints: ScrapeEndpoint[]; ports: number[] } | undefined {
  if (w instanceof AgentPool)
    return {
      endpoints: w.metricsPorts.map((p) => ({ port: p.name, path: OMS_STATISTICS.agentPath, interval: OMS_STATISTICS.scrapeInterval })),
      ports: w.metricsPorts.map((p) => p.port),
    };
  if (!(w instanceof Microservice) || w.metrics === undefined) return undefined;
  const m = w.metrics;
  const endpoint: ScrapeEndpoint = {
    port: portName(w, m.port, m.portName),
    path: m.path ?? '/metrics',
    scheme: m.scheme,
    basicAuth: m.credentials && {
      username: { name: m.credentials.secretName, key: 'username' },
      password: { name: m.credentials.secretName, key: 'password' },
    },
    tlsConfig: m.insecureSkipVerify ? { insecureSkipVerify: true } : undefined,
  };
  const oms =
    w instanceof OmsMicroservice
      ? [{ ...endpoint, path: OMS_STATISTICS.appServerPath, interval: OMS_STATISTICS.scrapeInterval, basicAuth: undefined }]
      : [];
  return { endpoints: [endpoint, ...oms], ports: [m.port] };
}

function workloadTarget(namespace: string, w: Workload): Parameters<typeof workloadRules>[0] {
  const labels = { environment: namespace, workload: w.name };
  if (w instanceof AgentPool) {
    if (w.scaledJob) return { namespace, name: w.name, controller: 'Job', labels };
    // KEDA names the HPA it creates for a ScaledObject `keda-hpa-<name>` (KEDA docs, "Scaling Deployments").
    return { namespace, name: w.name, controller: 'Deployment', hpaName: w.scaledObject ? `keda-hpa-${w.name}` : w.hpa && w.name, labels };
  }
  const rollout = w instanceof Microservice && w.rollout !== undefined;
  return { namespace, name: w.name, controller: rollout ? 'Rollout' : 'Deployment', hpaName: w.hpa && w.name, labels };
}
