import { App } from 'cdk8s';
import {
  BlueGreenPair,
  DatabaseProvisioning,
  GatewayImplementation,
  MessageBroker,
  OmsApiGateway,
  OmsEnvironment,
  ScheduleTrigger,
  WaitCondition,
  renderEnvironment,
} from '../../lib';
import { SMALL_RESOURCES, TEST_DB, newEnv } from '../support/fixtures';
import { messageOf } from '../support/errors';
import {
  PAIR,
  Row,
  appServer,
  awsConnection,
  branchDatabase,
  cache,
  cluster,
  database,
  environment,
  expectProblem,
  fargate,
  fullTest,
  gateway,
  monitored,
  mq,
  pair,
  pool,
  scaledBy,
  scheduled,
  service,
  sqs,
  stack,
} from '../support/bad-inputs';

// The project's matrix of bad inputs: values a user plausibly gets wrong, one row each, across the public constructs.
// Each row builds the construct (and renders its environment or synthesizes its stack, where some checks run) and
// asserts one exact problem line of the error: the property, the rule, the value received and the fix. Rows marked
// "fixed" used to synthesize silently, crash or explain themselves badly; the others were already refused and stay
// here so the table is the whole matrix.

// prettier-ignore
const ROWS: Row[] = [
  // Quantities in the wrong unit or format.
  ['Microservice', 'memory in GB', () => service({ resources: { ...SMALL_RESOURCES, memory: { request: '2GB', limit: '2GB' } } }), 'resources.memory.request must be a non-negative Kubernetes quantity (received "2GB"). Fix: write it as Kubernetes does, e.g. \'2Gi\''],
  ['Microservice', 'memory without a unit (bytes)', () => service({ resources: { ...SMALL_RESOURCES, memory: { request: '2048', limit: '4096' } } }), 'resources.memory.request must be at least 1Mi (a quantity without a unit is bytes) (received "2048"). Fix: write it with its unit, e.g. \'2048Gi\' or \'2048Mi\''],
  // fixed (unclear): the fix said to raise the ceiling; it now says a unitless CPU quantity is cores
  ['Microservice', 'CPU in millicores without the "m"', () => service({ resources: { ...SMALL_RESOURCES, cpu: { request: '500', limit: '1000' } } }), 'resources.cpu.limit must not exceed the environment\'s container ceiling (4) (received "1000"). Fix: a CPU quantity without a unit is cores: write "1000m" for 1000 millicores'],
  ['Microservice', 'a CPU request above its limit', () => service({ resources: { ...SMALL_RESOURCES, cpu: { request: '2', limit: '1' } } }), 'resources.cpu.limit must be at least the request (2) (received "1"). Fix: raise resources.cpu.limit to 2 or more, or lower the request'],
  ['Microservice', 'a negative CPU request', () => service({ resources: { ...SMALL_RESOURCES, cpu: { request: '-1', limit: '1' } } }), 'resources.cpu.request must be a non-negative Kubernetes quantity (received "-1"). Fix: write it as Kubernetes does, e.g. \'500m\''],
  ['OmsEnvironment', 'a budget in GB', () => environment({ budget: { cpu: '100', memory: '400GB' } }), 'budget.memory must be a non-negative memory quantity (received "400GB"). Fix: write it as e.g. \'160Gi\''],
  ['OmsEnvironment', 'a CPU ceiling in words', () => environment({ containerCeiling: { cpu: '4 cores' } }), 'containerCeiling.cpu must be a non-negative CPU quantity (received "4 cores"). Fix: write it as e.g. \'4\''],
  ['OmsAwsStack', 'Fargate memory in the wrong unit', () => fargate({ memoryMiB: 100 }), 'fargateServices[0].memoryMiB must be a memory size Fargate allows with cpu 1024: 2048 to 8192 in steps of 1024 MiB (received 100). Fix: use e.g. 2048'],
  ['OmsAwsStack', 'Fargate CPU units that are no task size', () => fargate({ cpu: 300 }), 'fargateServices[0].cpu must be a Fargate task size in CPU units (256, 512, 1024, 2048, 4096, 8192, 16384) (received 300). Fix: use 256 (1024 units are one vCPU)'],
  // Durations, counts and percentages.
  ['Microservice', 'fractional minReplicas', () => service({ minReplicas: 1.5 }), 'minReplicas must be a whole number of at least 1 (received 1.5). Fix: set minReplicas to 1 or more (scale to zero is for queue-driven workloads)'],
  ['Microservice', 'minReplicas above maxReplicas', () => service({ minReplicas: 3, maxReplicas: 2 }), 'minReplicas must not exceed maxReplicas (2) (received 3). Fix: lower minReplicas or raise maxReplicas'],
  ['Microservice', 'a CPU target of 150 %', () => service({ targetCpuUtilization: 150 }), 'targetCpuUtilization must be a whole percentage from 10 to 95 (received 150). Fix: use e.g. 70'],
  ['Microservice', 'a negative preStop delay', () => service({ preStopDelaySeconds: -5 }), 'preStopDelaySeconds must be a whole number of at least 0 (received -5). Fix: set the seconds to wait for the load balancer to stop sending traffic'],
  ['Microservice', 'a grace period shorter than the preStop delay', () => service({ preStopDelaySeconds: 60, terminationGracePeriodSeconds: 30 }), 'terminationGracePeriodSeconds must exceed preStopDelaySeconds (60) by at least 10 seconds so the server can shut down (received 30). Fix: set it to 70 or more'],
  ['Microservice', 'a fractional startup timeout', () => service({ startupTimeoutSeconds: 2.5 }), 'startupTimeoutSeconds must be a whole number of at least 30 (received 2.5). Fix: allow the server at least 30 seconds to start'],
  // fixed: a negative Argo scale-down delay was rendered into the Rollout
  ['Microservice', 'a negative Argo scale-down delay', () => service({ argoBlueGreen: { previewService: 'svc-preview', scaleDownDelaySeconds: -1 } }), 'argoBlueGreen.scaleDownDelaySeconds must be a whole number of seconds of at least 0 (received -1). Fix: use e.g. 30 (Argo Rollouts\' default)'],
  ['AgentPool', 'a zero polling interval', () => pool({ pollingIntervalSeconds: 0 }), 'pollingIntervalSeconds must be a whole number of at least 1 (received 0). Fix: use e.g. 30'],
  ['AgentPool', 'fallback replicas above the maximum', () => pool({ scaling: mq().queueDepth('OMS.SCHEDULE'), minReplicas: 0, maxReplicas: 2, fallbackReplicas: 5 }), 'fallbackReplicas must not exceed maxReplicas (2) (received 5). Fix: lower fallbackReplicas'],
  // fixed: fallback replicas without a queue trigger were dropped silently
  ['AgentPool', 'fallback replicas without a queue trigger', () => pool({ fallbackReplicas: 2 }), 'fallbackReplicas applies only with a queue trigger (KEDA keeps these replicas when it cannot read the queue), and this pool has no scaling (received 2). Fix: add scaling: broker.queueDepth(...), or remove fallbackReplicas'],
  ['AgentPool', 'a queue-depth target of 0', () => pool({ scaling: mq().queueDepth('OMS.SCHEDULE', { target: 0 }), minReplicas: 0, maxReplicas: 2 }), 'scaling.target must be a whole number of messages of at least 1 (received 0). Fix: set the messages one replica should handle, e.g. 10'],
  ['OmsApiGateway', 'a fractional timeout', () => gateway({ timeoutSeconds: 1.5 }), 'timeoutSeconds must be a whole number of seconds from 1 to 3600 (received 1.5). Fix: use e.g. 120'],
  ['BlueGreenPair', 'a negative rollback window', () => pair({ rollbackWindowMinutes: -1 }), 'rollbackWindowMinutes must be a whole number of minutes (received -1). Fix: use e.g. 60'],
  ['BlueGreenPair', 'a fractional schema version', () => pair({ blue: { ...PAIR.blue, schemaVersion: 1.5 } }), 'schema.blue.schemaVersion must be a whole number (received 1.5). Fix: declare the schema version the release needs'],
  ['OmsAwsStack', 'autoscaling minTasks above maxTasks', () => fargate({ autoscaling: { minTasks: 3, maxTasks: 2 } }), 'fargateServices[0].autoscaling.maxTasks must be a whole number of at least minTasks (received 2). Fix: use at least 3'],
  ['OmsAwsStack', 'a cache rotation of 1.5 days', () => stack({ cacheRotationDays: 1.5 }), 'cacheRotationDays must be a whole number of days from 1 to 1000 (Secrets Manager\'s range) (received 1.5). Fix: use e.g. 30'],
  ['OmsAwsStack', 'a queue visibility timeout of -1', () => stack({ queues: [{ name: 'events', visibilityTimeoutSeconds: -1 }] }), 'queues[0].visibilityTimeoutSeconds must be a whole number of seconds from 0 to 43200 (SQS\'s limit, 12 hours) (received -1). Fix: use a little more than the longest job, e.g. 300'],
  // fixed: a negative or fractional task count reached Terraform
  ['OmsAwsStack', 'a negative desiredCount', () => fargate({ desiredCount: -1 }), 'fargateServices[0].desiredCount must be a whole number from 0 to 1000 (received -1). Fix: use e.g. 2 (two tasks, one per zone)'],
  // fixed: health check timings outside the load balancer's ranges reached Terraform
  ['OmsAwsStack', 'a health check interval of 0', () => fargate({ healthCheck: { intervalSeconds: 0 } }), 'fargateServices[0].healthCheck.intervalSeconds must be a whole number from 5 to 300 (received 0). Fix: use e.g. 15'],
  ['OmsAwsStack', 'a health check timeout longer than its interval', () => fargate({ healthCheck: { intervalSeconds: 10, timeoutSeconds: 30 } }), 'fargateServices[0].healthCheck.timeoutSeconds must be shorter than the interval (10 s): the load balancer refuses a timeout that outlasts the next check (received 30). Fix: use at most 9, or lengthen intervalSeconds'],
  ['OmsAwsStack', 'a healthy threshold of 0', () => fargate({ healthCheck: { healthyThreshold: 0 } }), 'fargateServices[0].healthCheck.healthyThreshold must be a whole number from 2 to 10 (received 0). Fix: use e.g. 2'],
  ['OmsAwsStack', 'a negative health check grace period', () => fargate({ healthCheck: { gracePeriodSeconds: -1 } }), 'fargateServices[0].healthCheck.gracePeriodSeconds must be a whole number from 0 to 2147483647 (received -1). Fix: use e.g. 60'],
  // Names, labels and keys.
  ['Microservice', 'an id in PascalCase', () => service({}, 'OrderSearch'), 'id must be a DNS-1035 label of at most 45 characters (lower-case letters, digits and "-", starting with a letter) (received "OrderSearch"). Fix: rename the construct, e.g. "order-search"'],
  ['Microservice', 'an id longer than 45 characters', () => service({}, 'a'.repeat(46)), 'id must be a DNS-1035 label of at most 45 characters (lower-case letters, digits and "-", starting with a letter) (received "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"). Fix: rename the construct, e.g. "order-search"'],
  // fixed: partOf was written to the app.kubernetes.io/part-of label as given, which the API server refuses
  ['Microservice', 'partOf with a space', () => service({ partOf: 'Order Capture' }), 'partOf must be a label value: letters, digits, "-", "_" and ".", starting and ending with a letter or digit (received "Order Capture"). Fix: name the application as a label value, e.g. "order-capture"'],
  // fixed: the preview Service name was rendered into the Rollout unchecked
  ['Microservice', 'an Argo preview Service name with "_"', () => service({ argoBlueGreen: { previewService: 'Preview_Svc', scaleDownDelaySeconds: 30 } }), 'argoBlueGreen.previewService must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "Preview_Svc"). Fix: name the preview Service in lower case, e.g. "order-capture-preview"'],
  ['Microservice', 'a pull Secret name with a space', () => service({ imagePullSecrets: ['My Secret'] }), 'imagePullSecrets must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "My Secret"). Fix: name the registry Secret, e.g. "ibm-entitlement-key"'],
  ['Microservice', 'a secretEnv Secret name with "_"', () => service({ secretEnv: { A: { secretName: 'My_Secret', key: 'k' } } }), 'secretEnv["A"].secretName must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "My_Secret"). Fix: use the name of the Secret as Kubernetes has it'],
  ['OmsMicroservice', 'a server name with a space', () => appServer({ serverName: 'bad name' }), 'serverName must be an OMS server name (letters, digits and "-"; OMS refuses "_") (received "bad name"). Fix: rename the server'],
  ['AgentPool', 'a server listed twice', () => pool({ servers: ['ScheduleOrderServer', 'ScheduleOrderServer'] }), 'servers must not list a server twice (received "ScheduleOrderServer"). Fix: remove the second "ScheduleOrderServer"'],
  ['OmsEnvironment', 'a name with a space', () => renderEnvironment(new OmsEnvironment(new App(), 'Test Env', { stage: 'uat', platform: 'eks', budget: { cpu: '10', memory: '10Gi' }, gateway: GatewayImplementation.ingressNginx() })), 'environment.name must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "Test Env"). Fix: use lower-case letters, digits and "-", at most 40 characters (toDns1123Label() makes any string safe)'],
  ['DatabaseConnection', 'a Secret name with "_"', () => database({ credentials: { secretName: 'OMS_DB' } }), 'credentials.secretName must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "OMS_DB"). Fix: name the Secret that holds the username and password'],
  // fixed: a username key that no Secret can hold was rendered into secretKeyRef
  ['DatabaseConnection', 'a username key with a space', () => database({ credentials: { secretName: 'oms-db', usernameKey: 'user name' } }), 'credentials.usernameKey must be a ConfigMap key: 1 to 253 letters, digits, "-", "_" and ".", not "." or ".." (received "user name"). Fix: use the key as it is in the Secret, e.g. "username"'],
  // fixed: Db2 database names are at most 8 characters; a longer one failed only at connect time
  ['DatabaseConnection', 'a Db2 database name of 14 characters', () => database({ database: 'VERYLONGDBNAME' }), 'database must be at most 8 characters on Db2 (has 14) (received "VERYLONGDBNAME"). Fix: use the database name or alias as Db2 catalogs it, e.g. "OMDB"'],
  ['DatabaseConnection', 'an envPrefix in lower case', () => database({ envPrefix: 'db-' }), 'envPrefix must be upper-case letters, digits and "_" (received "db-"). Fix: use e.g. "DB"'],
  // fixed: an auth token without its key rendered a secretKeyRef with no key
  ['CacheConnection', 'an auth token without its key', () => cache({ authToken: { secretName: 'redis-auth' } }), 'authToken.key is required (received undefined). Fix: name the key that holds the token, e.g. "token"'],
  // fixed: the TLS Secret name was rendered into the Ingress unchecked
  ['OmsApiGateway', 'a TLS Secret name with "_"', () => gateway({ tlsSecretName: 'TLS_Secret' }), 'tlsSecretName must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "TLS_Secret"). Fix: name the Secret of type kubernetes.io/tls as Kubernetes has it, e.g. "oms-uat-tls"'],
  // fixed: the Ingress class name was rendered unchecked
  ['OmsApiGateway', 'an Ingress class name with a space', () => gateway({ ingressClassName: 'Nginx Class' }), 'ingressClassName must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "Nginx Class"). Fix: use the name of an IngressClass of the cluster (kubectl get ingressclass), e.g. "nginx"'],
  ['MessageBroker', 'a broker name with a space (as the scaling broker)', () => scaledBy(mq({ name: 'My MQ' })), 'scaling.broker.name must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "My MQ"). Fix: use a short lower-case name such as "mq"'],
  // fixed: a broker given only in connections was never checked
  ['MessageBroker', 'a broker name with a space (in connections only)', () => pool({ connections: [TEST_DB, mq({ name: 'My MQ' })] }), 'connections[1].name must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "My MQ"). Fix: use a short lower-case name such as "mq"'],
  ['MessageBroker', 'a broker queue listed twice', () => scaledBy(mq({ queues: ['OMS.SCHEDULE', 'OMS.SCHEDULE'] })), 'scaling.broker.queues must not list a queue twice (received "OMS.SCHEDULE"). Fix: remove the second "OMS.SCHEDULE"'],
  ['MessageBroker', 'an SQS queue name with a space', () => scaledBy(sqs({ queues: ['bad queue'] }), 'bad queue'), 'scaling.broker.queues must be a queue name of at most 80 letters, digits, "_" and "-", optionally ending in .fifo (SQS) (received "bad queue"). Fix: use the queue name as the broker knows it'],
  ['OmsAwsStack', 'an environment name in capitals', () => stack({ environment: 'UAT Services' }), 'environment.name must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "UAT Services"). Fix: use lower-case letters, digits and "-", at most 40 characters (toDns1123Label() makes any string safe)'],
  ['OmsAwsStack', 'a state bucket with "_"', () => stack({ state: { bucket: 'My_Bucket' } }), 'state.bucket must be an S3 bucket name: lower-case letters, digits, "." and "-", starting and ending with a letter or digit (received "My_Bucket"). Fix: give the name of the existing state bucket of this account'],
  ['OmsAwsStack', 'a stack queue listed twice', () => stack({ queues: [{ name: 'events' }, { name: 'events' }] }), 'queues[1].name must be unique among the queues (received "events"). Fix: give each queue its own name'],
  ['OmsAwsStack', 'a Fargate variable name with "-"', () => fargate({ environment: { 'BAD-NAME': 'x' } }), 'fargateServices[0].environment.BAD-NAME must be a valid variable name (received "BAD-NAME"). Fix: use letters, digits and "_"'],
  ['OmsAwsStack', 'an ECR repository name with a space', () => stack({ repositories: ['Bad Repo'] }), 'repositories must be ECR repository names (lower-case path components of letters and digits separated by ".", "_" or "-", 2 to 256 characters) (received "Bad Repo"). Fix: use e.g. "oms/om-app"'],
  // Ports.
  ['Microservice', 'port 70000', () => service({ port: 70000 }), 'port must be a whole number from 1 to 65535 (received 70000). Fix: use the port the server listens on, e.g. 8080'],
  ['Microservice', 'egress port 0', () => service({ egress: [{ cidr: '10.0.0.0/24', ports: [0] }] }), 'egress[0].ports must be a whole number from 1 to 65535 (received 0). Fix: use the port the destination listens on'],
  ['DatabaseConnection', 'an egress rule that misses the database port', () => database({ port: 50001 }), 'egress[*].ports must include the database\'s port 50001: clients connect there, and a NetworkPolicy without it blocks every connection (received [50000]). Fix: add 50001 to the ports of the egress rule that reaches the database, or set port to the one it listens on'],
  ['OmsAwsStack', 'a container port of 70000', () => fargate({ containerPort: 70000 }), 'fargateServices[0].containerPort must be a whole number from 1 to 65535 (received 70000). Fix: use the port the app listens on, e.g. 5000'],
  // Empty strings, whitespace, missing nested objects.
  ['Microservice', 'an empty image', () => service({ image: '' }), 'image must be an image reference without spaces (received ""). Fix: pin the image to a release tag or a sha256 digest, e.g. "registry.example.com/oms/om-app:10.0.2409.1-abc1234"'],
  ['Microservice', 'an empty env var name', () => service({ env: { '': 'x' } }), 'env[""] must be a valid environment variable name (received ""). Fix: use letters, digits and "_", not starting with a digit'],
  ['Microservice', 'no resources', () => service({ resources: undefined }), 'resources is required (every container needs CPU and memory requests and limits) (received undefined). Fix: set resources: { cpu: { request: \'500m\', limit: \'2\' }, memory: { request: \'2Gi\', limit: \'3Gi\' } }'],
  ['Microservice', 'no CPU resources', () => service({ resources: { memory: SMALL_RESOURCES.memory } as never }), 'resources.cpu is required (requests and limits are mandatory) (received undefined). Fix: set resources.cpu: { request: \'500m\', limit: \'500m\' }'],
  // fixed: an undefined entry in waitFor crashed with "Cannot read properties of undefined (reading 'validate')"
  ['Microservice', 'an undefined wait condition', () => service({ waitFor: [undefined as unknown as WaitCondition] }), 'waitFor[0] must be a WaitCondition (received undefined). Fix: use WaitCondition.httpReady({ url, image }) or WaitCondition.dataSetupComplete({ mediator, markerKey }), or remove the entry'],
  ['Microservice', 'an undefined connection', () => service({ connections: [undefined as never] }), 'connections[0] must be a connection (received undefined). Fix: pass a DatabaseConnection, CacheConnection or MessageBroker'],
  ['Microservice', 'an empty command', () => service({ command: [''] }), 'command must be a non-empty list of non-empty strings (received [""]). Fix: give the program and its arguments, or leave command out'],
  ['DatabaseConnection', 'a host with a leading space', () => database({ host: ' db2.internal' }), 'host must be a lower-case DNS name (received " db2.internal"). Fix: use e.g. "db.uat.oms.internal"'],
  ['DatabaseConnection', 'no credentials', () => database({ credentials: undefined }), 'credentials.secretName is required (received undefined). Fix: name the Secret that holds the username and password'],
  ['DatabaseConnection', 'no egress', () => database({ egress: undefined }), 'egress must say how workloads reach the database (received undefined). Fix: add { cidr: \'10.20.64.0/20\', ports: [50000] }'],
  ['OmsApiGateway', 'no default backend', () => gateway({ defaultBackend: undefined }), 'defaultBackend is required and must be a routed service (a Microservice, OmsMicroservice or BlueGreenPair) that takes every path no other service owns (received undefined). Fix: pass the default app server, e.g. defaultBackend: appServer'],
  ['OmsEnvironment', 'no budget', () => environment({ budget: undefined }), 'budget is required (every environment has a hard resource ceiling) (received undefined). Fix: set budget: { cpu: \'40\', memory: \'160Gi\' }'],
  ['BlueGreenPair', 'no smoke test', () => pair({ smokeTest: undefined }), 'smokeTest is required (received undefined). Fix: give smokeTest, as BlueGreenPairProps declares'],
  ['MessageBroker', 'an IBM MQ broker without credentials', () => scaledBy(mq({ credentials: undefined })), 'scaling.broker.credentials must name the Secret with the user and password (received undefined). Fix: set credentials: { secretName: \'mq-admin\' }'],
  ['OmsAwsStack', 'no network', () => stack({ network: undefined }), 'network is required (received undefined). Fix: give network, as OmsAwsStackProps declares'],
  // Images.
  ['Microservice', 'an image without a tag', () => service({ image: 'registry.example.com/oms/om-app' }), 'image must be pinned to a tag or digest (an untagged image means "latest") (received "registry.example.com/oms/om-app"). Fix: pin the image to a release tag or a sha256 digest, e.g. "registry.example.com/oms/om-app:10.0.2409.1-abc1234"'],
  ['Microservice', 'the latest tag', () => service({ image: 'registry.example.com/oms/om-app:latest' }), 'image must not use the mutable "latest" tag (received "registry.example.com/oms/om-app:latest"). Fix: pin the image to a release tag or a sha256 digest, e.g. "registry.example.com/oms/om-app:10.0.2409.1-abc1234"'],
  ['Microservice', 'an image with capitals', () => service({ image: 'Registry.example.com/OMS/app:1.0.0' }), 'image must have a lower-case repository path (letters, digits and separators ".", "_", "-") (received "Registry.example.com/OMS/app:1.0.0"). Fix: pin the image to a release tag or a sha256 digest, e.g. "registry.example.com/oms/om-app:10.0.2409.1-abc1234"'],
  ['BlueGreenPair', 'a smoke-test image without a tag', () => pair({ smokeTest: { ...PAIR.smokeTest, image: 'curlimages/curl' } }), 'smokeTest.image must be pinned to a tag or digest (an untagged image means "latest") (received "curlimages/curl"). Fix: pin an image with curl and a shell, e.g. "curlimages/curl:8.10.1"'],
  ['OmsAwsStack', 'a tools image without a tag', () => stack({ databaseToolsImage: 'registry.example.com/tools' }), 'databaseToolsImage must be a pinned image with psql, jq and the AWS CLI (the cache password rotation and the database user task run it) (received "registry.example.com/tools"). Fix: give e.g. "registry.example.com/platform/db-tools:1.4.0"'],
  // Host names and URLs.
  // fixed (unclear): a host with a scheme was called an IP address
  ['OmsApiGateway', 'a host with a scheme', () => gateway({ host: 'https://api.example.com' }), 'host must be a bare host name, without a scheme such as "https://" (received "https://api.example.com"). Fix: give only the name callers use, e.g. "polls.uat.example.com"'],
  // fixed (unclear): the rule now names the path
  ['OmsApiGateway', 'a host with a path', () => gateway({ host: 'api.example.com/x' }), 'host must be a bare host name, without a path (received "api.example.com/x"). Fix: give only the name callers use, e.g. "polls.uat.example.com"'],
  ['OmsApiGateway', 'a host with a trailing dot', () => gateway({ host: 'api.example.com.' }), 'host must be a lower-case DNS host name (received "api.example.com."). Fix: use e.g. "oms.uat.example.com"'],
  ['OmsApiGateway', 'a wildcard host', () => gateway({ host: '*.example.com' }), 'host must be a lower-case DNS host name (received "*.example.com"). Fix: use e.g. "oms.uat.example.com"'],
  // fixed (unclear): a host with a port was called an IP address
  ['DatabaseConnection', 'a host with a port', () => database({ host: 'db2.internal:50000' }), 'host must be a bare host name, without a port (the port has its own property) (received "db2.internal:50000"). Fix: use e.g. "db.uat.oms.internal"'],
  ['CacheConnection', 'a wildcard cache host', () => cache({ host: '*.cache.internal' }), 'host must be a lower-case DNS name (received "*.cache.internal"). Fix: use e.g. "cache.uat.oms.internal"'],
  ['MessageBroker', 'an IBM MQ admin URL over http', () => scaledBy(mq({ adminUrl: 'http://mq:9443/x' })), 'scaling.broker.adminUrl must be the https mqweb MQSC endpoint of the queue manager (received "http://mq:9443/x"). Fix: use https://<host>:<port>/ibmmq/rest/v2/admin/action/qmgr/<QMGR>/mqsc'],
  ['MessageBroker', 'an Artemis endpoint with a scheme', () => scaledBy(MessageBroker.artemis({ name: 'artemis', managementEndpoint: 'https://artemis:8161', brokerName: 'b', brokerAddress: 'o', credentials: { secretName: 'artemis' }, queues: ['q'] }), 'q'), 'scaling.broker.managementEndpoint must be host:port (received "https://artemis:8161"). Fix: use e.g. "artemis.oms-broker.svc:8161"'],
  ['Microservice', 'a route with a scheme', () => service({ routes: ['https://x/api'] }), 'routes must be URL path prefixes such as "/polls" (not "/", which is the default backend, and without a trailing "/") (received "https://x/api"). Fix: write the prefix the service owns, e.g. "/polls"'],
  ['Microservice', 'a route listed twice', () => service({ routes: ['/api', '/api'] }), 'routes must not list a route twice (received "/api"). Fix: remove the second "/api"'],
  ['Microservice', 'a health path without "/"', () => service({ healthCheckPath: 'health' }), 'healthCheckPath must be an absolute URL path (received "health"). Fix: start it with "/", e.g. "/healthz"'],
  ['Microservice', 'success codes as "2xx"', () => service({ healthCheckSuccessCodes: '2xx' }), 'healthCheckSuccessCodes must be HTTP codes from 200 to 399 ("200", "200,204" or "200-299"), the codes the readiness probe accepts (received "2xx"). Fix: use the codes the readiness path answers when the service is ready, e.g. "200"'],
  // fixed: the deprecated matcher alone reached the target group unchecked
  ['OmsAwsStack', 'a health check matcher of "2xx"', () => fargate({ healthCheck: { matcher: '2xx' } }), 'fargateServices[0].healthCheck.matcher must be HTTP codes the load balancer accepts: 200 to 499, as "200", "200,202" or "200-299" (received "2xx"). Fix: use e.g. "200-299", or leave it out and set healthCheckSuccessCodes'],
  // CIDRs.
  ['Microservice', 'an egress CIDR of /33', () => service({ egress: [{ cidr: '10.0.0.0/33', ports: [443] }] }), 'egress[0].cidr must be an IPv4 CIDR block (received "10.0.0.0/33"). Fix: write it as e.g. \'10.20.0.0/16\''],
  ['OmsAwsStack', 'a VPC CIDR of /33', () => stack({ network: { cidr: '10.24.0.0/33' } }), 'network.cidr must be a valid IPv4 CIDR block with no host bits set (received "10.24.0.0/33"). Fix: use e.g. \'10.20.0.0/16\''],
  ['OmsAwsStack', 'a VPC CIDR of /28', () => stack({ network: { cidr: '10.24.0.0/28' } }), 'network.cidr must be between /16 and /20 (nine subnets of a sixteenth each) (received "10.24.0.0/28"). Fix: use a /16 to /20 block'],
  // Environment variables.
  ['Microservice', 'a variable name starting with a digit', () => service({ env: { '1BAD': 'x' } }), 'env["1BAD"] must be a valid environment variable name (received "1BAD"). Fix: use letters, digits and "_", not starting with a digit'],
  ['Microservice', 'a variable set as env and secretEnv', () => service({ env: { A: 'x' }, secretEnv: { A: { secretName: 's', key: 'k' } } }), 'env["A"] must be set once (it is already set on this workload) (received "A"). Fix: remove one of the two settings'],
  ['OmsMicroservice', 'a property override key with a space', () => appServer({ propertyOverrides: { 'bad key': 'x' } }), 'propertyOverrides["bad key"] must be a property name (letters, digits, ".", "_", "-") (received "bad key"). Fix: remove spaces, "=", ":" and other punctuation from the key'],
  // Cron and time zones.
  ['ScheduleTrigger', 'a time zone that is no IANA name', () => scheduled({ timezone: 'London' }), 'schedule.timezone must be an IANA time zone such as "Europe/Amsterdam" or "UTC" (received "London"). Fix: use e.g. "Europe/Amsterdam" or "UTC"'],
  ['ScheduleTrigger', 'hour 25', () => scheduled({ start: '0 25 * * *' }), 'schedule.start must keep the hour within 0-23 ("25") (received "0 25 * * *"). Fix: use e.g. "0 6 * * 1-5"'],
  ['ScheduleTrigger', 'a six-field cron', () => scheduled({ start: '0 0 8 * * *' }), 'schedule.start must have 5 fields (minute hour day-of-month month day-of-week), has 6 (received "0 0 8 * * *"). Fix: use e.g. "0 6 * * 1-5"'],
  ['ScheduleTrigger', 'a window that ends when it starts', () => scheduled({ start: '0 8 * * *', end: '0 8 * * *' }), 'schedule.end must differ from start (KEDA refuses a window that opens and closes at the same time) (received "0 8 * * *"). Fix: give the window an end after its start, e.g. start "0 6 * * 1-5" and end "0 20 * * 1-5"'],
  // fixed: a scheduled action's time zone was passed to AWS unchecked
  ['OmsAwsStack', 'a scaling schedule time zone that is no IANA name', () => fargate({ autoscaling: { minTasks: 1, maxTasks: 2, schedules: [{ name: 'day', schedule: 'cron(0 8 * * ? *)', timezone: 'London', minTasks: 1, maxTasks: 2 }] } }), 'autoscaling.schedules[0].timezone must be an IANA time zone such as "Europe/Amsterdam" or "UTC" (received "London"). Fix: use e.g. "Europe/Amsterdam", or leave it out for UTC'],
  ['OmsAwsStack', 'a scaling schedule in crontab syntax', () => fargate({ autoscaling: { minTasks: 1, maxTasks: 2, schedules: [{ name: 'day', schedule: '0 8 * * *', minTasks: 1, maxTasks: 2 }] } }), 'autoscaling.schedules[0].schedule must be cron(...), rate(<n> <unit>) or at(yyyy-mm-ddThh:mm:ss) (received "0 8 * * *"). Fix: use e.g. "cron(0 7 ? * MON-FRI *)"'],
  // ARNs, accounts and regions.
  ['OmsApiGateway', 'an IAM server certificate as the ACM certificate', () => gateway({ tlsSecretName: undefined, certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' }, GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' })), 'certificateArn must be the ARN of an ACM certificate (received "arn:aws:iam::123456789012:server-certificate/x"). Fix: use e.g. "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-..."'],
  ['MessageBroker', 'an S3 ARN as the KEDA role', () => scaledBy(sqs({ roleArn: 'arn:aws:s3:::bucket' }), 'events'), 'scaling.broker.roleArn must be an IAM role ARN (received "arn:aws:s3:::bucket"). Fix: use e.g. "arn:aws:iam::123456789012:role/keda-sqs-reader"'],
  ['MessageBroker', 'an SQS region that is no region', () => scaledBy(sqs({ region: 'europe' }), 'events'), 'scaling.broker.region must be an AWS region (received "europe"). Fix: use e.g. "eu-west-1"'],
  ['OmsAwsStack', 'a 4-digit account id', () => stack({ account: { accountId: '1111', region: 'eu-west-1' } }), 'account.accountId must be a 12-digit AWS account id (received "1111"). Fix: use the account of this stage'],
  // fixed: pull accounts without repositories (and their ids) were ignored
  ['OmsAwsStack', 'pull accounts without repositories', () => stack({ pullAccounts: ['123'] }), 'pullAccounts applies only to the repositories this stack creates, and it creates none (received ["123"]). Fix: list the repositories to share in repositories, or remove pullAccounts (set it on the stack that owns the repositories)'],
  // fixed: pull account ids were checked only when repositories were also given, by the block
  ['OmsAwsStack', 'a pull account that is no account id', () => stack({ repositories: ['oms/om-app'], pullAccounts: ['123'] }), 'pullAccounts must be 12-digit AWS account ids (received "123"). Fix: use the account id, e.g. "444455556666"'],
  ['OmsApiGateway', 'the ACM certificate as any string', () => gateway({ tlsSecretName: undefined, certificateArn: 'cert-123' }, GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' })), 'certificateArn must be the ARN of an ACM certificate (received "cert-123"). Fix: use e.g. "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-..."'],
  // Unknown enum-like strings.
  // fixed (unclear): an unknown vendor was reported as a missing port 5432 in egress, before the vendor itself
  ['DatabaseConnection', 'an unknown vendor', () => database({ vendor: 'mysql' }), 'vendor must be one of DatabaseVendor.DB2, DatabaseVendor.ORACLE, DatabaseVendor.POSTGRESQL (received "mysql"). Fix: use DatabaseVendor.DB2, DatabaseVendor.ORACLE or DatabaseVendor.POSTGRESQL (OMS runs on those)'],
  ['OmsEnvironment', 'an unknown stage', () => environment({ stage: 'dev' as never }), 'environment.stage must be one of branch, uat, staging, prod (received "dev"). Fix: pick the stage this environment runs as'],
  ['OmsEnvironment', 'an unknown platform', () => environment({ platform: 'gke' as never }), 'environment.platform must be one of eks, openshift (received "gke"). Fix: pick the Kubernetes distribution this environment runs on'],
  ['BlueGreenPair', 'an unknown active colour', () => pair({ active: 'purple' }), 'active must be "blue" or "green" (received "purple"). Fix: set active: \'blue\' or active: \'green\''],
  ['BlueGreenPair', 'an unknown agents mode', () => pair({ agents: { mode: 'both', pools: {} } }), 'agents.mode must say how the colours share queue work: "multi-version" (OMS EnableMultiVersionSupport/IsBaseVersion) or "active-only" (idle colour agents at zero) (received "both"). Fix: set agents: { mode: \'active-only\', pools: {...} }'],
  ['OmsAwsStack', 'an unknown stack stage', () => stack({ stage: 'production' as never }), 'environment.stage must be one of branch, uat, staging, prod (received "production"). Fix: pick the stage this environment runs as'],
  // fixed: an unknown compute was treated as no compute at all
  ['OmsAwsStack', 'an unknown compute', () => stack({ compute: 'lambda' as never }), 'compute must be one of eks, ecs, none (received "lambda"). Fix: use "eks" (a cluster), "ecs" (Fargate services) or "none"'],
  ['OmsAwsStack', 'an unknown CPU architecture', () => fargate({ cpuArchitecture: 'arm' }), 'cpuArchitecture must be "X86_64" or "ARM64" (received "arm"). Fix: use the architecture the image is built for'],
  ['OmsAwsStack', 'an RDS instance class without "db."', () => stack({ database: { instanceClass: 'm5.large' } }), 'database.instanceClass must be an RDS instance class available for PostgreSQL (received "m5.large"). Fix: use one of db.t4g.medium, db.t4g.large, db.m6g.large, db.m6g.xlarge, db.m6g.2xlarge, db.m6i.large, db.m6i.xlarge, db.m6i.2xlarge, db.r6g.large, db.r6g.xlarge, db.r6g.2xlarge, db.r6g.4xlarge, db.r6i.xlarge, db.r6i.2xlarge, db.r6i.4xlarge'],
  // FullTestEnvironment.
  ['FullTestEnvironment', 'an empty release id', () => fullTest({ release: '' }), 'release must be a release id (letters, digits, ".", "_", "-", at most 41) (received ""). Fix: use the version and commit, e.g. "10.0.2409.1-4f2a9c1"'],
  ['FullTestEnvironment', 'an app image without a tag', () => fullTest({ images: { app: 'registry.example.com/oms/om-app', agent: 'registry.example.com/oms/om-agent:10.0.1-abc1234' } }), 'images.app must be pinned to a tag or digest (an untagged image means "latest") (received "registry.example.com/oms/om-app"). Fix: pin the om-app image of the release'],
  ['FullTestEnvironment', 'a host with a scheme', () => fullTest({ host: 'https://oms.test.example.com' }), 'host must be a bare host name, without a scheme such as "https://" (received "https://oms.test.example.com"). Fix: give only the name callers use, e.g. "polls.uat.example.com"'],
  ['FullTestEnvironment', 'an agent on a queue the broker lacks', () => fullTest({ agents: { schedule: { servers: ['ScheduleOrderServer'], resources: SMALL_RESOURCES, queue: 'NOPE', minReplicas: 1, maxReplicas: 2 } } }), 'scaling.queue must be one of the queues of broker "oms-broker" (OMS.SCHEDULE) (received "NOPE"). Fix: fix the queue name, or add the queue to the broker'],
  ['FullTestEnvironment', 'an unknown phase', () => fullTest({ phases: ['install', 'explode'] }), 'phases must name Job phases (install, upgrade, rollback, test, uninstall); drain and rollout come from the gateway\'s addTrafficPhases (received "explode"). Fix: remove or correct the phase name'],
  // fixed: a phase listed twice was accepted
  ['FullTestEnvironment', 'a phase listed twice', () => fullTest({ phases: ['install', 'install'] }), 'phases must not list a phase twice (received "install"). Fix: remove the second "install"'],
  // fixed: the backup volume size went into the PersistentVolumeClaim unchecked, while the database's was checked
  ['FullTestEnvironment', 'a backup volume of 50GB', () => fullTest({ backupStorage: '50GB' }), 'backupStorage must be a Kubernetes storage quantity such as "50Gi" or "50G" (suffixes Ki, Mi, Gi, Ti or k, M, G, T; no "B") (received "50GB"). Fix: use e.g. "50Gi"'],
  ['FullTestEnvironment', 'an in-cluster database of 50GB', () => fullTest({ database: DatabaseProvisioning.inCluster({ image: 'docker.io/library/postgres:16.4', credentialsSecret: 'test-db', storage: '50GB' }) }), 'database.storage must be a Kubernetes storage quantity such as "50Gi" or "50G" (suffixes Ki, Mi, Gi, Ti or k, M, G, T; no "B") (received "50GB"). Fix: use e.g. "50Gi"'],
  ['FullTestEnvironment', 'no Kubernetes API egress for the data setup', () => fullTest({ dataSetup: { kubernetesApi: [] } }), 'dataSetup.kubernetesApi must list where the Kubernetes API servers are: the data setup Job writes its completion marker through the API, and every server waits for that marker (received []). Fix: on EKS use eksApiEgress(vpcCidr); on OpenShift give the API servers\' addresses on 6443, e.g. [{ cidr: \'10.30.0.0/24\', ports: [6443] }]'],
  ['FullTestEnvironment', 'no smoke-test APIs', () => fullTest({ smokeTest: { apis: [], credentials: { secretName: 'oms-smoke-user' } } }), 'smokeTest.apis must name at least one API for the test phase (received []). Fix: list read-only APIs to call through the entry point, e.g. ["getOrderList"]'],
  // OmsCluster.
  ['OmsCluster', 'a name with capitals', () => cluster({ name: 'OCP UAT' }), 'name must be a DNS label (lower-case letters, digits, "-") (received "OCP UAT"). Fix: name it e.g. \'dev-eks\''],
  ['OmsCluster', 'a CPU ceiling in words', () => cluster({ ceiling: { cpu: '100 cores', memory: '300Gi', pods: 300 } }), 'ceiling.cpu must be a non-negative CPU quantity (received "100 cores"). Fix: write it as e.g. \'64\''],
  ['OmsCluster', 'an owner that is not listed', () => cluster({ owner: 'nope' }), 'owner must be one of the long-lived environments listed in environments (it renders the cluster-scoped ceiling) (received "nope"). Fix: set owner to one of: uat-a'],
  ['OmsCluster', 'shares over the ceiling', () => cluster({ environments: { 'uat-a': { cpu: '200', memory: '200Gi', pods: 200 } } }), 'cluster ocp-uat: environments must fit the cluster\'s 100 CPU together, but their shares add up to 200: uat-a 200 (received "200"). Fix: lower the shares by 100 CPU, or raise the cluster\'s ceiling'],
  ['OmsCluster', 'a fractional branch count', () => cluster({ branches: { count: 1.5, each: { cpu: '1', memory: '1Gi' } } }), 'branches.count must be a whole number of at least 1 (received 1.5). Fix: set how many branch environments run at once'],
  // fixed (crash): no enforcement crashed with "Cannot read properties of undefined (reading 'kind')"
  ['OmsCluster', 'no enforcement', () => cluster({ enforcement: undefined }), 'enforcement.kind must be one of openshift-quota, karpenter, node-group (received undefined). Fix: use { kind: \'openshift-quota\' } on OpenShift, or { kind: \'karpenter\', ... } or { kind: \'node-group\', ... } on EKS'],
  // fixed (unclear): an unknown enforcement kind was reported as "quota needs platform eks"
  ['OmsCluster', 'an unknown enforcement kind', () => cluster({ enforcement: { kind: 'quota' } }), 'enforcement.kind must be one of openshift-quota, karpenter, node-group (received "quota"). Fix: use { kind: \'openshift-quota\' } on OpenShift, or { kind: \'karpenter\', ... } or { kind: \'node-group\', ... } on EKS'],
  // fixed: a share keyed by a name no environment can have was reported only through the owner
  ['OmsCluster', 'a share keyed by a name with capitals', () => cluster({ owner: 'UAT A', environments: { 'UAT A': { cpu: '60', memory: '200Gi', pods: 200 } } }), 'environments must be keyed by environment names (DNS labels: lower-case letters, digits, "-") (received "UAT A"). Fix: key each share by the name of its OmsEnvironment, e.g. "uat"'],
  // EnvironmentMonitoring.
  ['EnvironmentMonitoring', 'an availability objective of 100 %', () => monitored({ objectives: { default: { availabilityPercent: 100 } } }), 'objectives.default.availabilityPercent must be a percentage above 0 and below 100 (100% leaves no error budget to alert on) (received 100). Fix: give the share of good requests, e.g. 99.9'],
  ['EnvironmentMonitoring', 'a negative latency objective', () => monitored({ objectives: { default: { latencyP99Ms: -1 } } }), 'objectives.default.latencyP99Ms must be a positive number of milliseconds (received -1). Fix: give the 99th-percentile latency callers may expect, e.g. 800'],
  ['EnvironmentMonitoring', 'a queue no pool scales on', () => monitored({ queues: { NOPE: {} } }), 'queues["NOPE"] must name a queue an agent pool scales on, whose depth KEDA reads (OMS.SCHEDULE) (received "NOPE"). Fix: use the queue name given to broker.queueDepth(...), or scale a pool on that queue first'],
  ['EnvironmentMonitoring', 'a budget alert at 150 %', () => monitored({ budgetAlertPercent: 150 }), 'budgetAlertPercent must be above 0 and at most 100 (received 150). Fix: e.g. 90'],
  // fixed (crash): undefined queue limits crashed with "Cannot read properties of undefined (reading 'maxMessages')"
  ['EnvironmentMonitoring', 'undefined queue limits', () => monitored({ queues: { 'OMS.SCHEDULE': undefined } }), 'queues["OMS.SCHEDULE"] must be the alert limits of the queue (an object) (received undefined). Fix: give e.g. { maxMessages: 1000, maxMinutes: 30 }, or {} for the defaults, or remove the queue'],
  // fixed: a Grafana address without a scheme made a dashboard link that opens nothing
  ['EnvironmentMonitoring', 'a Grafana address without a scheme', () => monitored({ dashboard: { grafanaUrl: 'grafana.example.com' } }), 'dashboard.grafanaUrl must be an http:// or https:// URL without spaces (received "grafana.example.com"). Fix: give the address as a browser opens it, e.g. "https://grafana.example.com"'],
  // AwsConnection and BranchDatabase.
  ['AwsConnection', 'a VPC block that is no CIDR', () => awsConnection({ vpcCidr: '10.20.0.0' }), 'vpcCidr must be the IPv4 CIDR block of the VPC (received "10.20.0.0"). Fix: use the block given to the AWS stack\'s network, e.g. \'10.20.0.0/16\''],
  // fixed (crash): a VPC block with host bits crashed with "RangeError: invalid CIDR"
  ['AwsConnection', 'a VPC block with host bits', () => awsConnection({ vpcCidr: '10.20.0.5/16' }), 'vpcCidr must have no host bits set (the block starts at its network address) (received "10.20.0.5/16"). Fix: use the block given to the AWS stack\'s network, e.g. \'10.20.0.0/16\''],
  ['AwsConnection', 'a region in words', () => awsConnection({ region: 'Europe' }), 'region must be an AWS region (received "Europe"). Fix: use e.g. "eu-west-1"'],
  // fixed (unclear): reported as data[0].remoteKey of a child ExternalSecret
  ['AwsConnection', 'a database environment with capitals', () => awsConnection({ databaseEnvironment: 'UAT EKS' }), 'databaseEnvironment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "UAT EKS"). Fix: name the environment whose instance and cache this one uses, e.g. "uat-eks"'],
  // fixed (unclear): reported as store.name of a child ExternalSecret
  ['AwsConnection', 'a store name with a space', () => awsConnection({ storeName: 'My Store' }), 'storeName must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "My Store"). Fix: give the name of the (Cluster)SecretStore'],
  // fixed: the database and the cache under one prefix set the same variables
  ['AwsConnection', 'one prefix for the database and the cache', () => awsConnection({ envPrefixes: { database: 'STORE', cache: 'STORE' } }), 'envPrefixes must give the database and the cache different prefixes (both STORE: STORE_HOST would name both) (received {"database":"STORE","cache":"STORE"}). Fix: leave them out for DB and CACHE, or give two different prefixes'],
  ['BranchDatabase', 'a tools image without a tag', () => branchDatabase({ image: 'db-tools' }), 'image must be pinned to a tag or digest (an untagged image means "latest") (received "db-tools"). Fix: pin an image with psql, jq and the AWS CLI'],
  // fixed: the host environment was used to name the secrets unchecked
  ['BranchDatabase', 'a host environment with capitals', () => branchDatabase({ hostEnvironment: 'UAT EKS' }), 'hostEnvironment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "UAT EKS"). Fix: name the environment whose instance hosts branch databases, e.g. "uat-eks"'],
  // fixed: the region was passed to the AWS CLI unchecked
  ['BranchDatabase', 'a region in words', () => branchDatabase({ region: 'europe' }), 'region must be an AWS region such as "eu-west-1" (received "europe"). Fix: use the region of the database, e.g. "eu-west-1"'],
  // fixed: with no egress the Job's NetworkPolicy blocked it from the database
  ['BranchDatabase', 'no egress', () => branchDatabase({ egress: [] }), 'egress must say how the Job reaches the database (a NetworkPolicy without a rule blocks it) (received []). Fix: add { cidr: \'<data subnets>\', ports: [5432] }, e.g. dataSubnetsEgress(vpcCidr, 5432)'],
];

test.each(ROWS)('%s: %s', (_construct, _description, build, problem) => expectProblem(build, problem));

test('the matrix covers every public construct it lists, with 40 rows or more', () => {
  expect(ROWS.length).toBeGreaterThanOrEqual(40);
  expect(new Set(ROWS.map(([construct]) => construct))).toEqual(
    new Set([
      'Microservice',
      'OmsMicroservice',
      'AgentPool',
      'OmsEnvironment',
      'DatabaseConnection',
      'CacheConnection',
      'MessageBroker',
      'ScheduleTrigger',
      'OmsApiGateway',
      'BlueGreenPair',
      'OmsAwsStack',
      'FullTestEnvironment',
      'OmsCluster',
      'EnvironmentMonitoring',
      'AwsConnection',
      'BranchDatabase',
    ]),
  );
});

// Inputs that look wrong but are right: each synthesizes, so a future rule cannot refuse it without failing here.
// prettier-ignore
const ACCEPTED: [construct: string, description: string, build: () => unknown][] = [
  // Was over-strict: a pair that is the gateway's catch-all default backend routes every path, so it lists no APIs.
  ['BlueGreenPair', 'no apis as the catch-all default backend', () => {
    const env = newEnv();
    const capture = new BlueGreenPair(env, 'capture', { ...PAIR, apis: [] });
    new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: capture, tlsSecretName: 'oms-tls' });
    renderEnvironment(env);
  }],
  // An ALB target group accepts codes up to 499 (the readiness probe's 200-399 applies to healthCheckSuccessCodes).
  ['OmsAwsStack', 'a deprecated matcher of 200-499', () => fargate({ healthCheck: { matcher: '200-499' } })],
  // KEDA may assume a role in another account than the queues'.
  ['MessageBroker', 'a KEDA role in another account', () => scaledBy(sqs({ roleArn: 'arn:aws:iam::999999999999:role/keda' }), 'events')],
  // A queue trigger and a schedule together: KEDA scales to the larger of the two.
  ['AgentPool', 'a queue trigger and a schedule', () => pool({ scaling: mq().queueDepth('OMS.SCHEDULE'), schedule: ScheduleTrigger.cron({ timezone: 'UTC', start: '0 8 * * *', end: '0 18 * * *' }) })],
  // Metrics served on the service's own port.
  ['Microservice', 'metrics on the service port', () => service({ metrics: { port: 8080, path: '/metrics' } })],
];

test.each(ACCEPTED)('%s accepts %s', (_construct, _description, build) => {
  expect(messageOf(build)).toBe('no error');
});
