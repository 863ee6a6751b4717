import { PropKinds } from '../../core';

/**
 * The JavaScript kind of every prop of an environment, checked before its
 * rules. Quantities may be numbers or strings; their parsers check them.
 */
export const OMS_ENVIRONMENT_PROP_KINDS: PropKinds = {
  stage: 'string',
  platform: 'string',
  budget: { pods: 'number' },
  containerCeiling: 'object',
  gateway: 'object',
  gatewaySource: { namespaceLabels: 'record', peers: 'object[]' },
  cluster: 'object',
  branch: 'string',
};
