import { MicroserviceProps, pinnedByDigest, stageRelease } from '../../lib';
import { buildImageTag, readImageRecord } from './oms';

// The polls team: a Flask API (not OMS) with Redis and a PostgreSQL database. Data for apps/polls-*.ts.

/** The VPC of the polls team's UAT environment in the development account. */
export const POLLS_UAT_VPC = '10.70.0.0/16';

/** The ACM certificate of the polls UAT host (polls.uat.example.com). */
export const POLLS_UAT_CERTIFICATE = 'arn:aws:acm:eu-west-1:111122223333:certificate/3b0d6e19-fc2a-4b6d-8e40-0d0000000001';

/** The API: Flask under gunicorn, listening on 5000, healthy at /healthz, owning /polls. */
export function pollsApi(image: string): MicroserviceProps {
  return {
    image,
    port: 5000,
    healthCheckPath: '/healthz',
    routes: ['/polls'],
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
