import { OmsImages } from '../../lib';

// The OMS images these environments run: built in CI from IBM's om-app and om-agent of the same release,
// mirrored to the team's registry, with the PostgreSQL JDBC driver added and the vendor set to
// postgresql (what IBM's operator does at start), because the AWS environments run on RDS PostgreSQL.

const REGISTRY = 'registry.example.com/oms';

/** The app and agent images of one tag, built for PostgreSQL. */
export function omsImages(tag: string): OmsImages {
  return { app: `${REGISTRY}/om-app:${tag}`, agent: `${REGISTRY}/om-agent:${tag}`, supportPostgresql: true };
}

/** The Secret with the console and trust store passwords (created from Secrets Manager by the platform). */
export const APP_SECRET = { secretName: 'oms-app-secret' };
