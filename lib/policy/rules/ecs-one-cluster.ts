import { PolicyRule, resourcesOf } from '../types';

/** ECS: one cluster per environment; services run in it privately, roll back failed deployments, and scale when asked. */
export const ecsOneCluster: PolicyRule = {
  id: 'ecs-one-cluster',
  description: 'ECS: one cluster per environment, no public IPs, deployment rollback, autoscaled count left to the scaler',
  fix: "place every Fargate service of the environment on the stack's ECS cluster, in private subnets, and leave desired_count to autoscaling",
  check(tf) {
    const findings: { rule: string; resource: string; message: string }[] = [];
    const clusters = resourcesOf(tf, 'aws_ecs_cluster');
    if (clusters.length > 1)
      findings.push({ rule: this.id, resource: 'aws_ecs_cluster', message: `${clusters.length} ECS clusters in one environment` });
    const scaled = resourcesOf(tf, 'aws_appautoscaling_target').map(([, t]) => String(t.resource_id));
    for (const [name, s] of resourcesOf(tf, 'aws_ecs_service')) {
      const resource = `aws_ecs_service.${name}`;
      if (s.network_configuration?.assign_public_ip !== false)
        findings.push({ rule: this.id, resource, message: 'tasks may get public IPs' });
      if (s.deployment_circuit_breaker?.rollback !== true)
        findings.push({ rule: this.id, resource, message: 'failed deployments do not roll back' });
      const isScaled = scaled.some((r) => r.includes(`aws_ecs_service.${name}.`));
      if (isScaled && !(s.lifecycle?.ignore_changes ?? []).includes('desired_count')) {
        findings.push({ rule: this.id, resource, message: 'every apply resets the autoscaled desired_count' });
      }
    }
    return findings;
  },
};
