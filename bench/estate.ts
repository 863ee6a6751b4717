import { App } from 'cdk8s';
import {
  AgentPool,
  DatabaseConnection,
  DatabaseVendor,
  GatewayImplementation,
  MessageBroker,
  OmsApiGateway,
  OmsEnvironment,
  OmsMicroservice,
  renderEnvironment,
} from '../lib';

/** The estate every variant of the benchmark builds: N microservices, their routes, and N/10 agent pools. */
export const IMAGE = 'registry.example.com/oms/om-app:10.0.2409.1-bench';
/** Agent pools run IBM's agent image of the same release. */
export const AGENT_IMAGE = 'registry.example.com/oms/om-agent:10.0.2409.1-bench';
export const RESOURCES = { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } };
export const DB = { cidr: '10.20.64.0/20', ports: [50000] };
/** The OMS database every server connects to (its egress is DB's). */
export const DB_CONNECTION = DatabaseConnection.existing({
  vendor: DatabaseVendor.DB2,
  host: 'db.bench.internal',
  database: 'OMDB',
  credentials: { secretName: 'oms-db' },
  egress: [DB],
});

/** The API names of service `i` (the team's own, so declared in `customApis`). */
export function apisOf(i: number): string[] {
  return [`getThing${i}`, `changeThing${i}`];
}

/** Builds the estate with this library and renders it to YAML files in memory. */
export function synthOurs(n: number): { files: { path: string; content: string }[]; manifests: Record<string, any>[] } {
  return renderEnvironment(buildEstate(n));
}

/** The estate as an app defines it (what an app module exports), not yet rendered. */
export function buildEstate(n: number, name = 'bench'): OmsEnvironment {
  // An Ingress, like the hand-written floor in plain.ts, so both sides write the same objects.
  const env = new OmsEnvironment(new App(), name, {
    stage: 'uat',
    platform: 'eks',
    budget: { cpu: '100000', memory: '100000Gi' },
    gateway: GatewayImplementation.ingressNginx(),
  });
  const mq = MessageBroker.ibmMq({
    name: 'mq',
    adminUrl: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
    credentials: { secretName: 'mq-admin' },
    queues: Array.from({ length: Math.max(1, Math.floor(n / 10)) }, (_, i) => `OMS.Q${i}`),
  });
  const services: OmsMicroservice[] = [];
  for (let i = 0; i < n; i++) {
    services.push(
      new OmsMicroservice(env, `svc-${i}`, { image: IMAGE, customApis: apisOf(i), resources: RESOURCES, connections: [DB_CONNECTION] }),
    );
  }
  for (let i = 0; i < Math.floor(n / 10); i++) {
    new AgentPool(env, `agents-${i}`, {
      image: AGENT_IMAGE,
      servers: [`AgentServer${i}`],
      resources: RESOURCES,
      scaling: mq.queueDepth(`OMS.Q${i}`),
      minReplicas: 0,
      maxReplicas: 4,
      connections: [DB_CONNECTION],
    });
  }
  new OmsApiGateway(env, 'gateway', { host: `oms.${name}.example.com`, defaultBackend: services[0], services });
  return env;
}
