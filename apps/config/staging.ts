import { OmsMicroserviceProps, dataSubnetsCidr } from '../../lib';

// Staging: data for apps/staging.ts. It runs the tagged release candidate.
export const STAGING_VPC = '10.40.0.0/16';
const image = 'registry.example.com/oms/om-app:10.0.2412.0-rc.1-9b1e7d2';
const db = { cidr: dataSubnetsCidr(STAGING_VPC), ports: [5432] };
const secretEnv = { DB_PASSWORD: { secretName: 'oms-db', key: 'password' } };
const resources = { cpu: { request: '1', limit: '2' }, memory: { request: '3Gi', limit: '4Gi' } };

export const APP_SERVER: OmsMicroserviceProps = { image, resources, egress: [db], secretEnv };
export const RESERVE: OmsMicroserviceProps = { image, resources, apis: ['reserveAvailableInventory', 'getATP'], egress: [db], secretEnv };
