import { EnvironmentMonitoringProps, MicroserviceProps, Product, cloudWatchDashboardUrl, pinnedByDigest, stageRelease } from '../../lib';
import { buildImageTag, readImageRecord } from './oms';

// The polls team: a Flask API (not OMS) with Redis and a PostgreSQL database. Data for apps/polls-*.ts.

/** The polls estate's names: `part-of: polls`, `<env>.polls.internal`, `polls/<env>/...` secrets, database `polls`. */
export const POLLS = Product.of({ name: 'polls' });

/** The VPC of the polls team's UAT environment in the development account. */
export const POLLS_UAT_VPC = '10.70.0.0/16';

/** The ACM certificate of the polls UAT host (polls.uat.example.com). */
export const POLLS_UAT_CERTIFICATE = 'arn:aws:acm:eu-west-1:111122223333:certificate/3b0d6e19-fc2a-4b6d-8e40-0d0000000001';

/** The VPCs of the polls team's staging and production environments, each in its stage's account. */
export const POLLS_STAGING_VPC = '10.71.0.0/16';
export const POLLS_PRODUCTION_VPC = '10.72.0.0/16';

/** The ACM certificates of polls.staging.example.com (staging account) and polls.example.com (production account). */
export const POLLS_STAGING_CERTIFICATE = 'arn:aws:acm:eu-west-1:444455556666:certificate/5c1e7a20-8d3f-4e1b-9a57-0d0000000002';
export const POLLS_PRODUCTION_CERTIFICATE = 'arn:aws:acm:eu-west-1:777788889999:certificate/6f4b2d93-1a7c-4c2e-8e11-0d0000000003';

/** The API: Flask under gunicorn, listening on 5000, healthy at /healthz, owning /polls. */
export function pollsApi(image: string): MicroserviceProps {
  return {
    image,
    port: 5000,
    healthCheckPath: '/healthz',
    routes: ['/polls'],
    // prometheus-flask-exporter's histogram (its README: flask_http_request_duration_seconds, labels method, path, status).
    metrics: {
      port: 5000,
      path: '/metrics',
      requestHistogram: { name: 'flask_http_request_duration_seconds', routeLabel: 'path', statusLabel: 'status' },
    },
    resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } },
    env: { FLASK_ENV: 'production', GUNICORN_CMD_ARGS: '--workers=3 --bind=0.0.0.0:5000' },
  };
}

/** The API's image repository (built from images/polls-api). */
export const POLLS_REPOSITORY = 'registry.example.com/polls/polls-api';

/** The API image CI built for this ref and commit (UAT and branch environments). */
export const pollsBuildImage = (): string => `${POLLS_REPOSITORY}:${buildImageTag()}`;

/**
 * The API image of a staging or production app: the tag's images on a release-candidate or release tag
 * (production's pinned by the digest promotion recorded), elsewhere the declared last release.
 */
export function pollsReleaseImage(stage: 'staging' | 'prod', declaredImageTag: string): string {
  const image = `${POLLS_REPOSITORY}:${stageRelease(stage, declaredImageTag).imageTag}`;
  return stage === 'prod' ? pinnedByDigest(image, readImageRecord) : image;
}

/** What every polls environment is watched by: p99 of /polls under 300 ms, Grafana, and its stack's CloudWatch dashboard. */
export function pollsMonitoring(region: string, environment: string): EnvironmentMonitoringProps {
  return {
    objectives: { routes: { '/polls': { latencyP99Ms: 300 } } },
    dashboard: { grafanaUrl: 'https://grafana.polls.example.com', dataStoresUrl: cloudWatchDashboardUrl(region, environment, POLLS) },
  };
}
