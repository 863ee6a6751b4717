import { OmsMicroserviceProps } from '../../lib';

// Staging: data for apps/staging.ts. It runs the tagged release candidate.
export const STAGING_VPC = '10.40.0.0/16';
const image = 'registry.example.com/oms/om-app:10.0.2412.0-rc.1-9b1e7d2';
const resources = { cpu: { request: '1', limit: '2' }, memory: { request: '3Gi', limit: '4Gi' } };

export const APP_SERVER: OmsMicroserviceProps = { image, resources };
export const RESERVE: OmsMicroserviceProps = { image, resources, apis: ['reserveAvailableInventory', 'getATP'] };
