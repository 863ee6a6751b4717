import { OmsMicroserviceProps, stageRelease } from '../../lib';
import { APP_SECRET, omsImages } from './oms';

// Staging: data for apps/staging.ts. It runs the tagged release candidate: on a release-candidate tag the tag's
// images (see stageRelease); elsewhere the candidate it last ran, declared here.
export const STAGING_VPC = '10.40.0.0/16';

/** The ACM certificate of staging's host (oms.staging.example.com). */
export const STAGING_CERTIFICATE = 'arn:aws:acm:eu-west-1:444455556666:certificate/7d2f8b31-1e4c-4d8f-8b62-0b0000000001';
/** The release staging runs on the tag being built, or the one it last ran. */
export const STAGING_RELEASE = stageRelease('staging', '10.0.2412.0-rc.1-9b1e7d2');
const images = omsImages(STAGING_RELEASE.imageTag);
const resources = { cpu: { request: '1', limit: '2' }, memory: { request: '3Gi', limit: '4Gi' } };
const oms = { image: images.app, resources, appSecret: APP_SECRET, imageSupportsPostgresql: true };

export const APP_SERVER: OmsMicroserviceProps = oms;
export const RESERVE: OmsMicroserviceProps = { ...oms, apis: ['reserveAvailableInventory', 'getATP'] };
