import { Problem, Stage, keepsDataOnDelete, unpinnedImageViolation } from '../core';
import { at } from './property-path';

/**
 * PostgreSQL versions RDS offers that we accept: a major version (RDS applies
 * minor upgrades itself) or a specific minor version.
 */
export const POSTGRES_VERSIONS: readonly string[] = ['14', '15', '16', '17', '14.13', '14.15', '15.8', '15.10', '16.4', '16.6', '17.2'];
/** Instance classes RDS offers for PostgreSQL that this library allows. */
export const POSTGRES_INSTANCE_CLASSES: readonly string[] = [
  'db.t4g.medium',
  'db.t4g.large',
  'db.m6g.large',
  'db.m6g.xlarge',
  'db.m6g.2xlarge',
  'db.m6i.large',
  'db.m6i.xlarge',
  'db.m6i.2xlarge',
  'db.r6g.large',
  'db.r6g.xlarge',
  'db.r6g.2xlarge',
  'db.r6g.4xlarge',
  'db.r6i.xlarge',
  'db.r6i.2xlarge',
  'db.r6i.4xlarge',
];

/** Database inputs. */
export interface DatabaseInput {
  readonly engineVersion?: string;
  readonly instanceClass?: string;
  readonly deletionProtection?: boolean;
  readonly publiclyAccessible?: boolean;
  readonly masterPassword?: string;
  readonly backupRetentionDays?: number;
}

/** Checks the database settings against the stage. */
export function validateDatabase(property: string, input: DatabaseInput, stage: Stage): Problem[] {
  const problems: Problem[] = [];
  if (input.engineVersion !== undefined && !POSTGRES_VERSIONS.includes(input.engineVersion)) {
    problems.push({
      property: at(property, 'engineVersion'),
      rule: `must be a PostgreSQL version RDS offers (${POSTGRES_VERSIONS.join(', ')})`,
      value: input.engineVersion,
      fix: 'pick one of the listed versions',
    });
  }
  if (input.instanceClass !== undefined && !POSTGRES_INSTANCE_CLASSES.includes(input.instanceClass)) {
    problems.push({
      property: at(property, 'instanceClass'),
      rule: 'must be an RDS instance class available for PostgreSQL',
      value: input.instanceClass,
      fix: `use one of ${POSTGRES_INSTANCE_CLASSES.join(', ')}`,
    });
  }
  if (input.deletionProtection === false && keepsDataOnDelete(stage)) {
    problems.push({
      property: at(property, 'deletionProtection'),
      rule: `must stay on in ${stage}: a typo must not be able to delete the database`,
      value: false,
      fix: 'remove deletionProtection: false',
    });
  }
  if (input.publiclyAccessible === true) {
    problems.push({
      property: at(property, 'publiclyAccessible'),
      rule: 'must be false: the database is reachable only from the private workload subnets',
      value: true,
      fix: 'remove publiclyAccessible; connect through the VPC',
    });
  }
  if (input.masterPassword !== undefined) {
    problems.push({
      property: at(property, 'masterPassword'),
      rule: 'must not be given: a literal password would be written to the Terraform JSON and state',
      value: '<redacted>',
      fix: 'remove it; RDS manages the master password in Secrets Manager',
    });
  }
  const b = input.backupRetentionDays;
  if (b !== undefined && (!Number.isInteger(b) || b < 1 || b > 35)) {
    problems.push({
      property: at(property, 'backupRetentionDays'),
      rule: 'must be a whole number of days from 1 to 35',
      value: b,
      fix: 'use e.g. 7',
    });
  }
  return problems;
}

/** Checks days between password rotations: 1 to 1000. */
export function rotationDaysProblems(property: string, days: number | undefined): Problem[] {
  // Secrets Manager's RotationRulesType.AutomaticallyAfterDays takes 1 to 1000 (AWS Secrets Manager API reference).
  return days === undefined || (Number.isInteger(days) && days >= 1 && days <= 1000)
    ? []
    : [{ property, rule: "must be a whole number of days from 1 to 1000 (Secrets Manager's range)", value: days, fix: 'use e.g. 30' }];
}

/** Checks the database tools image: pinned (the cache password rotation and the database user task run it). */
export function toolsImageProblems(property: string, image: string | undefined): Problem[] {
  return unpinnedImageViolation(image ?? '') === undefined
    ? []
    : [
        {
          property,
          rule: 'must be a pinned image with psql, jq and the AWS CLI (the cache password rotation and the database user task run it)',
          value: image,
          fix: 'give e.g. "registry.example.com/platform/db-tools:1.4.0"',
        },
      ];
}
