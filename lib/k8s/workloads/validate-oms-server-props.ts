import { PropKinds } from '../../core';
import { MICROSERVICE_PROP_KINDS } from './validate-microservice-props';
import { WORKLOAD_PROP_KINDS } from './validate-workload-props';

/** The JavaScript kind of every prop every OMS server shares, checked before its rules. */
export const OMS_SERVER_PROP_KINDS: PropKinds = {
  ...WORKLOAD_PROP_KINDS,
  jvm: 'object',
  propertyOverrides: 'record',
  appSecret: 'object',
  jmsBindings: 'string',
  imageSupportsPostgresql: 'boolean',
};

/** The kinds of an OMS app server's props: a microservice's and an OMS server's, with its APIs. */
export const OMS_MICROSERVICE_PROP_KINDS: PropKinds = {
  ...MICROSERVICE_PROP_KINDS,
  ...OMS_SERVER_PROP_KINDS,
  apis: 'string[]',
  pools: 'object',
  serverName: 'string',
  libertyWrapper: 'string',
};

/** The kinds of the health monitor's props. */
export const OMS_HEALTH_MONITOR_PROP_KINDS: PropKinds = { ...OMS_SERVER_PROP_KINDS, restartAfterMinutes: 'number' };

/** The kinds of the data setup Job's props. */
export const OMS_DATA_SETUP_PROP_KINDS: PropKinds = {
  ...OMS_SERVER_PROP_KINDS,
  mode: 'string',
  release: 'string',
  mediator: 'string',
  fromFixPack: 'number',
  kubernetesApi: 'object[]',
  deadlineSeconds: 'number',
};
