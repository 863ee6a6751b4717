import { App } from 'cdk8s';
import { Testing } from 'cdktf';
import { AwsConnection, GatewayImplementation, Microservice, OmsEnvironment, Product } from '../../lib';
import { CONNECTION_VARIABLES } from '../../lib/core';
import { OmsAwsStack } from '../../lib/aws';
import { renderEnvironment } from '../../lib/k8s/output/render';

// One connection, one set of variable names, on EKS and on ECS: an image moves between the two back ends unchanged.
const VPC = '10.24.0.0/16';
const IMAGE = 'registry.example.com/api:1.0.0';
const product = Product.of({ name: 'shop' });

/** The variable names of the container of `api` on EKS, connected to the AWS database and cache. */
function eksNames(prefixes: { database?: string; cache?: string } = {}): string[] {
  const env = new OmsEnvironment(new App(), 'shop-uat', {
    stage: 'uat',
    platform: 'eks',
    budget: { cpu: '8', memory: '8Gi' },
    gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC }),
    product,
  });
  const aws = new AwsConnection(env, 'aws', {
    vpcCidr: VPC,
    region: 'eu-west-1',
    toolsImage: 'registry.example.com/tools:1.0.0',
    envPrefixes: prefixes,
  });
  new Microservice(env, 'api', {
    image: IMAGE,
    port: 5000,
    resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } },
    connections: [aws.database, aws.cache],
  });
  const deployment = renderEnvironment(env).manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'api')!;
  return deployment.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name).sort();
}

/** The variable names of the task of `api` on ECS, with the environment's database and cache. */
function ecsNames(prefixes: { database?: string; cache?: string } = {}): string[] {
  const stack = new OmsAwsStack(Testing.app(), 'stack', {
    environment: 'shop-uat',
    stage: 'uat',
    account: { accountId: '111122223333', region: 'eu-west-1' },
    state: { bucket: 'state' },
    network: { cidr: VPC },
    compute: 'ecs',
    product,
    databaseToolsImage: 'registry.example.com/tools:1.0.0',
    fargateServices: [
      {
        name: 'api',
        image: IMAGE,
        containerPort: 5000,
        database: prefixes.database ? { envPrefix: prefixes.database } : true,
        cache: prefixes.cache ? { envPrefix: prefixes.cache } : true,
      },
    ],
  });
  const tf = JSON.parse(Testing.synth(stack));
  const task = Object.values<any>(tf.resource.aws_ecs_task_definition).find((t) => t.family === 'shop-uat-api');
  const container = JSON.parse(task.container_definitions)[0];
  return [...container.environment, ...container.secrets].map((e: { name: string }) => e.name).sort();
}

const contract = (db: string, cache: string) =>
  [
    ...[...CONNECTION_VARIABLES.database.plain, ...CONNECTION_VARIABLES.database.secret].map((s) => `${db}_${s}`),
    ...[...CONNECTION_VARIABLES.cache.plain, ...CONNECTION_VARIABLES.cache.secret].map((s) => `${cache}_${s}`),
  ].sort();

test('the same database and cache give the same variable names on EKS and on ECS', () => {
  expect(eksNames()).toEqual(contract('DB', 'CACHE'));
  expect(ecsNames()).toEqual(contract('DB', 'CACHE'));
});

test('a connection renamed on both back ends keeps them equal', () => {
  const prefixes = { database: 'POLLS_DB', cache: 'REDIS' };
  expect(ecsNames(prefixes)).toEqual(contract('POLLS_DB', 'REDIS'));
  expect(eksNames(prefixes)).toEqual(ecsNames(prefixes));
});
