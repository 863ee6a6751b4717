import { Product } from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, stateOf } from './config/aws';
import { buildImageTag } from './config/oms';

// The plain-service team's Flask API on ECS Fargate in UAT (development account): PostgreSQL and Redis of its own,
// an internal load balancer, two to six tasks on CPU. No Kubernetes: the app exports its AWS stack only, and
// synthesis writes its Terraform, apply plan and topology to dist/uat-services/.
const SERVICES = Product.of({ name: 'services' });

const aws = OmsAwsStack.standalone({
  environment: 'uat-services',
  stage: 'uat',
  account: ACCOUNTS.development,
  state: stateOf('development', SERVICES),
  product: SERVICES,
  network: { cidr: '10.24.0.0/16', avoidCidrs: ['10.0.0.0/16', '10.20.0.0/16'] },
  compute: 'ecs',
  databaseToolsImage: DB_TOOLS_IMAGE,
  fargateServices: [
    {
      name: 'flask-api',
      image: `registry.example.com/services/flask-api:${buildImageTag()}`,
      containerPort: 5000,
      cpu: 512,
      memoryMiB: 1024,
      healthCheckPath: '/healthz',
      environment: { FLASK_ENV: 'production', GUNICORN_WORKERS: '3' },
      database: true,
      cache: true,
      autoscaling: { minTasks: 2, maxTasks: 6, cpuPercent: 60 },
    },
  ],
});

export default { aws };
