import { BlueGreenPairProps, OmsMicroserviceProps, stageRelease } from '../../lib';
import { APP_SECRET, omsImages, pinnedOmsImages } from './oms';

/** Production's VPC. */
export const PRODUCTION_VPC = '10.60.0.0/16';

/** The ACM certificate of production's host (oms.example.com). */
export const PRODUCTION_CERTIFICATE = 'arn:aws:acm:eu-west-1:777788889999:certificate/9e3a9c42-2f5d-4e90-9c73-0c0000000001';

// Production: data for apps/production.ts. Images are release images (<release>-<commit>): on a release tag the
// tag's images, which promotion copied from the release candidate's, pinned by the digest it recorded; elsewhere
// the release production last ran, declared here. The live colour of order capture keeps the release before it
// until the switch (`active`) is changed in review.
/** The release production runs on the tag being built, or the one it last ran. */
export const PRODUCTION_RELEASE = stageRelease('prod', '10.0.2412.0-9b1e7d2');
const current = omsImages('10.0.2409.1-4f2a9c1');
const next = pinnedOmsImages(PRODUCTION_RELEASE.imageTag);
const resources = { cpu: { request: '2', limit: '4' }, memory: { request: '6Gi', limit: '8Gi' } };
const oms = { resources, appSecret: APP_SECRET, imageSupportsPostgresql: true };

export const APP_SERVER: OmsMicroserviceProps = { ...oms, image: next.app };
export const RESERVE: OmsMicroserviceProps = { ...oms, image: next.app, apis: ['reserveAvailableInventory', 'getATP'] };
export const ORDER_CAPTURE: BlueGreenPairProps = {
  active: 'blue',
  blue: { image: current.app, version: '10.0.2409.1', schemaVersion: 41 },
  green: { image: next.app, version: PRODUCTION_RELEASE.version, schemaVersion: 42, oldestSchemaVersion: 41 },
  apis: ['createOrder', 'changeOrder'],
  service: oms,
  smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' } },
};
