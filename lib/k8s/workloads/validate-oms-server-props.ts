import { KindsOf, Problem, dns1123SubdomainViolation } from '../../core';
import type { OmsDataSetupProps } from './oms-data-setup';
import type { OmsHealthMonitorProps } from './oms-health-monitor';
import type { OmsMicroserviceProps } from './oms-microservice';
import type { OmsServerProps } from './oms-runtime';
import { MICROSERVICE_PROP_KINDS } from './validate-microservice-props';
import { WORKLOAD_PROP_KINDS } from './validate-workload-props';

/** The JavaScript kind of every prop every OMS server shares, checked before its rules. */
export const OMS_SERVER_PROP_KINDS = {
  ...WORKLOAD_PROP_KINDS,
  jvm: 'object',
  propertyOverrides: 'record',
  appSecret: 'object',
  jmsBindings: 'string',
  imageSupportsPostgresql: 'boolean',
  trustStore: 'object',
  sharedClaim: 'string',
} satisfies KindsOf<OmsServerProps>;

/** The kinds of an OMS app server's props: a microservice's and an OMS server's, with its APIs. */
export const OMS_MICROSERVICE_PROP_KINDS = {
  ...MICROSERVICE_PROP_KINDS,
  ...OMS_SERVER_PROP_KINDS,
  apis: 'string[]',
  customApis: 'string[]',
  pools: 'object',
  serverName: 'string',
  libertyWrapper: 'string',
  routeTermination: 'string',
} satisfies KindsOf<OmsMicroserviceProps>;

/** The kinds of the health monitor's props. */
export const OMS_HEALTH_MONITOR_PROP_KINDS = {
  ...OMS_SERVER_PROP_KINDS,
  restartAfterMinutes: 'number',
} satisfies KindsOf<OmsHealthMonitorProps>;

/** The kinds of the data setup Job's props. */
export const OMS_DATA_SETUP_PROP_KINDS = {
  ...OMS_SERVER_PROP_KINDS,
  mode: 'string',
  requiresMarker: 'string',
  release: 'string',
  mediator: 'string',
  fromFixPack: 'number',
  kubernetesApi: 'object[]',
  deadlineSeconds: 'number',
} satisfies KindsOf<OmsDataSetupProps>;

/**
 * The data setup's mediator is the name of the ConfigMap its Job writes the
 * completion marker to: a name Kubernetes accepts, or the API server refuses
 * the Job's writes and every pod waiting on the marker waits forever.
 */
export function validateDataSetupMediator(mediator: string): Problem[] {
  const rule = dns1123SubdomainViolation(mediator);
  return rule ? [{ property: 'mediator', rule, value: mediator, fix: 'use OmsDataSetup.mediatorFor(<owner>), e.g. "oms-mediator"' }] : [];
}
