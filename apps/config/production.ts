import { BlueGreenPairProps, OmsMicroserviceProps } from '../../lib';

/** Production's VPC. */
export const PRODUCTION_VPC = '10.60.0.0/16';

// Production: data for apps/production.ts. Images are release images (<release>-<commit>).
const image = 'registry.example.com/oms/om-app:10.0.2409.1-4f2a9c1';
const next = 'registry.example.com/oms/om-app:10.0.2412.0-9b1e7d2';
const resources = { cpu: { request: '2', limit: '4' }, memory: { request: '6Gi', limit: '8Gi' } };

export const APP_SERVER: OmsMicroserviceProps = { image, resources };
export const RESERVE: OmsMicroserviceProps = { image, resources, apis: ['reserveAvailableInventory', 'getATP'] };
export const ORDER_CAPTURE: BlueGreenPairProps = {
  active: 'blue',
  blue: { image, version: '10.0.2409.1', schemaVersion: 41 },
  green: { image: next, version: '10.0.2412.0', schemaVersion: 42, oldestSchemaVersion: 41 },
  apis: ['createOrder', 'changeOrder'],
  service: { resources },
  smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['changeOrder'], credentials: { secretName: 'oms-smoke-user' } },
};
