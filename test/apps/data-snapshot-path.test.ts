import * as path from 'node:path';
import { renderApp } from '../../lib/synth/synth-apps';

// Staging and production take an RDS snapshot before a schema upgrade, from a pod whose NetworkPolicy admits only
// the VPC: the RDS API must be reachable there, through the VPC's interface endpoint.
test.each(['staging', 'production'])('%s: the snapshot Job reaches the RDS API through the VPC', (name) => {
  const env = renderApp(path.resolve(__dirname, '..', '..', 'apps', `${name}.ts`));
  const snapshots = env.manifests.filter((m: any) => m.kind === 'Job' && JSON.stringify(m).includes('create-db-snapshot'));
  expect(snapshots.length).toBeGreaterThan(0);
  const tf = JSON.parse(env.files.find((f) => f.path === 'aws/main.tf.json')!.content);
  const endpoints = Object.values<any>(tf.resource.aws_vpc_endpoint ?? {}).map((e) => String(e.service_name));
  expect(endpoints.some((s) => /\.rds$/.test(s))).toBe(true);
});
