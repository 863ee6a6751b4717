import { BlueGreenPairProps, OmsMicroserviceProps } from '../../lib';
import { APP_SECRET, omsImages } from './oms';

/** Production's VPC. */
export const PRODUCTION_VPC = '10.60.0.0/16';

/** The ACM certificate of production's host (oms.example.com). */
export const PRODUCTION_CERTIFICATE = 'arn:aws:acm:eu-west-1:777788889999:certificate/9e3a9c42-2f5d-4e90-9c73-0c0000000001';

// Production: data for apps/production.ts. Images are release images (<release>-<commit>).
const current = omsImages('10.0.2409.1-4f2a9c1');
const next = omsImages('10.0.2412.0-9b1e7d2');
/** The next release's images (green, and the data upgrade). */
export const NEXT_IMAGES = next;
const resources = { cpu: { request: '2', limit: '4' }, memory: { request: '6Gi', limit: '8Gi' } };
const oms = { resources, appSecret: APP_SECRET, imageSupportsPostgresql: true };

export const APP_SERVER: OmsMicroserviceProps = { ...oms, image: current.app };
export const RESERVE: OmsMicroserviceProps = { ...oms, image: current.app, apis: ['reserveAvailableInventory', 'getATP'] };
export const ORDER_CAPTURE: BlueGreenPairProps = {
  active: 'blue',
  blue: { image: current.app, version: '10.0.2409.1', schemaVersion: 41 },
  green: { image: next.app, version: '10.0.2412.0', schemaVersion: 42, oldestSchemaVersion: 41 },
  apis: ['createOrder', 'changeOrder'],
  service: oms,
  smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' } },
};
