import { Problem, Stage, unpinnedImageViolation } from '../core';
import { PHASES } from '../k8s/release/phase';
import { BrokerProvisioning, DatabaseProvisioning } from '../k8s/connections/test-data-services';

/** What the validation of a full test environment needs. */
export interface FullTestEnvironmentInput {
  readonly release: string;
  readonly toolsImage: string;
  readonly database: DatabaseProvisioning;
  readonly broker: BrokerProvisioning;
  readonly smokeTestApis: readonly string[];
  readonly phases?: readonly string[];
  readonly dropDatabaseOnUninstall?: boolean;
  readonly agentsWaitForApp?: boolean;
  readonly agents?: Readonly<Record<string, { readonly queue?: string }>>;
}

/** Checks the properties of a full test environment. */
export function validateFullTestEnvironmentProps(props: FullTestEnvironmentInput, stage: Stage, disposable: boolean): Problem[] {
  const problems: Problem[] = [];
  if (typeof props.release !== 'string' || !/^[0-9A-Za-z][0-9A-Za-z._-]{0,40}$/.test(props.release)) {
    problems.push({
      property: 'release',
      rule: 'must be a release id (letters, digits, ".", "_", "-", at most 41)',
      value: props.release,
      fix: 'use the version and commit, e.g. "10.0.2409.1-4f2a9c1"',
    });
  }
  const tools = unpinnedImageViolation(props.toolsImage ?? '');
  if (tools)
    problems.push({ property: 'toolsImage', rule: tools, value: props.toolsImage, fix: 'pin an image with psql, pg_dump and curl' });
  if (props.database === undefined) {
    problems.push({
      property: 'database',
      rule: 'is required',
      value: undefined,
      fix: 'use DatabaseProvisioning.inCluster(...) or DatabaseProvisioning.existing(...)',
    });
  } else problems.push(...props.database.validate('database'));
  if (props.broker === undefined) {
    problems.push({
      property: 'broker',
      rule: 'is required',
      value: undefined,
      fix: 'use BrokerProvisioning.inCluster(...) or BrokerProvisioning.existing(...)',
    });
  } else problems.push(...props.broker.validate('broker'));
  for (const phase of props.phases ?? []) {
    if (!(PHASES as readonly string[]).includes(phase)) {
      problems.push({
        property: 'phases',
        rule: `must name lifecycle phases (${PHASES.join(', ')})`,
        value: phase,
        fix: 'remove or correct the phase name',
      });
    }
  }
  if (props.dropDatabaseOnUninstall === true && !disposable) {
    problems.push({
      property: 'dropDatabaseOnUninstall',
      rule: `must not be set for a ${stage} environment: only disposable environments drop their database`,
      value: true,
      fix: 'remove it; data of non-disposable environments is retained',
    });
  }
  if (props.dropDatabaseOnUninstall === true && props.database?.mode === 'existing') {
    problems.push({
      property: 'dropDatabaseOnUninstall',
      rule: 'must not be set for a reused database: uninstall never touches what it did not create',
      value: true,
      fix: 'remove it',
    });
  }
  if (props.agentsWaitForApp === false && props.database?.mode === 'in-cluster' && Object.keys(props.agents ?? {}).length > 0) {
    problems.push({
      property: 'agentsWaitForApp',
      rule: 'must stay on when agents install on a new, empty database: OMS needs the app server to configure it before agents run',
      value: false,
      fix: 'remove agentsWaitForApp: false',
    });
  }
  if ((props.smokeTestApis ?? []).length === 0) {
    problems.push({
      property: 'smokeTestApis',
      rule: 'must name at least one API for the test phase',
      value: props.smokeTestApis,
      fix: 'list APIs to call through the entry point, e.g. ["getOrderList"]',
    });
  }
  return problems;
}
