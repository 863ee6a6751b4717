import { MicroserviceProps } from '../../lib';

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
