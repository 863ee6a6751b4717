import * as path from 'node:path';
import { renderApp } from '../../lib/synth/synth-apps';
import { awsStageProfile, Stage } from '../../lib/core';
import { promqlErrors } from '../support/promql';

// The long-lived environments, each measured, alerted on and visible (the "done" of the observability work).
const LONG_LIVED = ['uat-eks', 'uat-openshift', 'staging', 'production', 'polls-uat', 'polls-staging', 'polls-production', 'uat-services'];
const apps = LONG_LIVED.map((name) => ({ name, env: renderApp(path.resolve(__dirname, '..', '..', 'apps', `${name}.ts`)) }));
const terraformOf = (env: (typeof apps)[number]['env']) => {
  const file = env.files.find((f) => f.path === 'aws/main.tf.json');
  return file === undefined ? undefined : JSON.parse(file.content);
};
const values = (tf: any, type: string): any[] => Object.values(tf?.resource?.[type] ?? {});

describe.each(apps.filter((a) => a.env.manifests.length > 0).map((a) => [a.name, a.env] as const))('%s (Kubernetes)', (name, env) => {
  const m = env.manifests;
  const rules = m.filter((o) => o.kind === 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules));

  test('every workload is scraped by a PodMonitor selecting exactly its pods: services, blue-green colours and agent pools', () => {
    const controllers = m.filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout');
    expect(controllers.length).toBeGreaterThan(0);
    const monitored = m.filter((o) => o.kind === 'PodMonitor').map((p) => JSON.stringify(p.spec.selector.matchLabels));
    for (const c of controllers)
      expect([c.metadata.name, monitored.includes(JSON.stringify(c.spec.selector.matchLabels))]).toEqual([c.metadata.name, true]);
    for (const j of m.filter((o) => o.kind === 'ScaledJob'))
      expect(m.some((o) => o.kind === 'PodMonitor' && o.metadata.name === j.metadata.name)).toBe(true);
  });

  test('every routed API and path has a p99 latency alert and a burn-rate alert', () => {
    const routed = [
      ...m.filter((o) => o.kind === 'HTTPRoute').flatMap((r) => r.spec.rules.map((rule: any) => rule.matches[0].path.value)),
      ...m.filter((o) => o.kind === 'Route').map((r) => r.spec.path ?? '/'),
    ]
      .filter((p: string) => p !== '/')
      .map((p: string) => p.replace('/smcfs/restapi/invoke/', ''));
    expect(routed.length).toBeGreaterThan(0);
    for (const route of routed) {
      const mine = rules.filter((r: any) => r.labels.route === route).map((r: any) => r.alert);
      expect([route, mine.some((a: string) => a.endsWith('LatencyP99')), mine.some((a: string) => a.endsWith('ErrorBudgetBurn'))]).toEqual([
        route,
        true,
        true,
      ]);
    }
  });

  test('every agent pool that scales on a queue has a backlog alert, and every workload crash-loop and not-ready alerts', () => {
    for (const so of m.filter((o) => o.kind === 'ScaledObject' && o.spec.triggers.some((t: any) => t.name === 'queue')))
      expect(rules.some((r: any) => r.alert.endsWith('QueueBacklog') && r.labels.workload === so.metadata.name)).toBe(true);
    for (const d of m.filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout'))
      expect([
        d.metadata.name,
        rules
          .filter((r: any) => r.labels.workload === d.metadata.name)
          .map((r: any) => r.alert.replace(/^[A-Za-z0-9]*?(CrashLooping|PodsNotReady)$/, '$1')),
      ]).toEqual([d.metadata.name, expect.arrayContaining(['CrashLooping', 'PodsNotReady'])]);
  });

  test('every alert and dashboard query parses', () => {
    for (const r of rules) expect([r.alert, promqlErrors(r.expr)]).toEqual([r.alert, []]);
    const dashboards = m.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
    expect(dashboards.length).toBe(1);
    for (const p of JSON.parse(Object.values<string>(dashboards[0].data)[0]).panels)
      for (const t of p.targets) expect(promqlErrors(t.expr)).toEqual([]);
  });

  test('container logs are shipped', () => {
    const forwarders = m.filter((o) => o.kind === 'ClusterLogForwarder');
    const tf = terraformOf(env);
    if (forwarders.length > 0) {
      expect(forwarders.flatMap((f) => f.spec.inputs.flatMap((i: any) => i.application.includes.map((x: any) => x.namespace)))).toEqual([
        name,
      ]);
    } else {
      expect(values(tf, 'aws_eks_addon').map((a) => a.addon_name)).toContain('amazon-cloudwatch-observability');
      const stage = env.stage as Stage;
      const group = values(tf, 'aws_cloudwatch_log_group').find((g) => /^\/aws\/containerinsights\/.*\/application$/.test(g.name));
      expect(group.retention_in_days).toBe(awsStageProfile(stage).logRetentionDays);
    }
  });
});

describe.each(apps.filter((a) => terraformOf(a.env) !== undefined).map((a) => [a.name, terraformOf(a.env)] as const))(
  '%s (AWS)',
  (_name, tf) => {
    const alarms = values(tf, 'aws_cloudwatch_metric_alarm');
    const dims = (a: any): string[] => [
      ...Object.values<string>(a.dimensions ?? {}),
      ...(a.metric_query ?? []).flatMap((q: any) => Object.values<string>(q.metric?.dimensions ?? {})),
    ];
    const namespaces = (a: any): string[] => [a.namespace, ...(a.metric_query ?? []).map((q: any) => q.metric?.namespace)];
    const alarmed = (value: string, namespace: string) =>
      alarms.filter((a) => namespaces(a).includes(namespace) && dims(a).some((d) => d === value || d.startsWith(`${value}-0`)));

    test('every alarm notifies the environment topic', () => {
      const topics = Object.keys(tf.resource.aws_sns_topic);
      expect(topics.length).toBe(1);
      for (const a of alarms) expect(a.alarm_actions).toEqual([`\${aws_sns_topic.${topics[0]}.arn}`]);
    });

    test('every RDS instance, ElastiCache group, SQS queue and ECS service has alarms', () => {
      for (const db of values(tf, 'aws_db_instance'))
        expect([db.identifier, alarmed(db.identifier, 'AWS/RDS').length]).toEqual([db.identifier, 3]);
      for (const rg of values(tf, 'aws_elasticache_replication_group'))
        expect([rg.replication_group_id, alarmed(rg.replication_group_id, 'AWS/ElastiCache').length]).toEqual([
          rg.replication_group_id,
          3 * rg.num_cache_clusters,
        ]);
      for (const q of values(tf, 'aws_sqs_queue')) expect([q.name, alarmed(q.name, 'AWS/SQS').length > 0]).toEqual([q.name, true]);
      for (const s of values(tf, 'aws_ecs_service')) expect([s.name, alarmed(s.name, 'ECS/ContainerInsights').length]).toEqual([s.name, 1]);
      expect(values(tf, 'aws_lb').length).toBe(alarms.filter((a) => a.alarm_name.includes('-alb-5xx-')).length);
    });

    test('a CloudWatch dashboard', () => {
      expect(values(tf, 'aws_cloudwatch_dashboard').length).toBe(1);
    });
  },
);

test('an app on ECS alone keeps its container logs for the stage (uat-services)', () => {
  const tf = terraformOf(apps.find((a) => a.name === 'uat-services')!.env);
  const groups = values(tf, 'aws_cloudwatch_log_group').filter((g) => /\/ecs\//.test(g.name));
  expect(groups.length).toBeGreaterThan(0);
  for (const g of groups) expect(g.retention_in_days).toBe(awsStageProfile('uat').logRetentionDays);
});

test.each(['uat-eks', 'staging', 'production', 'polls-uat'])(
  "%s: the Grafana dashboard links to the stack's CloudWatch dashboard (data stores)",
  (name) => {
    const env = apps.find((a) => a.name === name)!.env;
    const tf = terraformOf(env);
    const dashboard = values(tf, 'aws_cloudwatch_dashboard')[0];
    const region = tf.provider.aws[0].region;
    const cm = env.manifests.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')!;
    const links = JSON.parse(Object.values<string>(cm.data)[0]).links;
    expect(links).toEqual([
      {
        title: 'Data stores (CloudWatch)',
        type: 'link',
        url: `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${dashboard.dashboard_name}`,
      },
    ]);
  },
);
