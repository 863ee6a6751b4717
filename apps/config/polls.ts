import { MicroserviceProps, Product, imageTag } from '../../lib';

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

/** The polls images: one repository in the development account's registry; every stage pulls from it. */
export const POLLS_REPOSITORY = 'registry.example.com/polls/polls-api';

/**
 * The release staging and production run: the image CI built once from the release tag, promoted unchanged (same
 * tag, so the same build) from staging to production.
 */
export const POLLS_RELEASE_IMAGE = `${POLLS_REPOSITORY}:${imageTag({ ref: '1.5.0', commit: '5d8e2a7c41b09f3e6a1d2c8b7e4f0a9c3b6d1e52' })}`;

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
