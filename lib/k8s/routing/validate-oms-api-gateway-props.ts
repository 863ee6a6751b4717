import { Platform, Problem } from '../../core';

/** DNS host names: labels of letters, digits and "-", separated by dots. */
const HOST = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The inputs of an API gateway that can be checked without the services. */
export interface OmsApiGatewayInput {
  readonly host: string;
  readonly tlsSecretName?: string;
  readonly timeoutSeconds?: number;
  readonly ingressClassName?: string;
}

/** Checks the gateway's own properties. */
export function validateOmsApiGatewayProps(props: OmsApiGatewayInput, platform: Platform): Problem[] {
  const problems: Problem[] = [];
  if (typeof props.host !== 'string' || !HOST.test(props.host)) {
    problems.push({
      property: 'host',
      rule: 'must be a lower-case DNS host name',
      value: props.host,
      fix: 'use e.g. "oms.uat.example.com"',
    });
  }
  if (props.tlsSecretName !== undefined && platform === 'openshift') {
    problems.push({
      property: 'tlsSecretName',
      rule: 'is not supported on OpenShift: Routes terminate TLS at the router with its certificate',
      value: props.tlsSecretName,
      fix: 'leave tlsSecretName out on OpenShift (the router certificate is used)',
    });
  }
  if (props.ingressClassName !== undefined && platform === 'openshift') {
    problems.push({
      property: 'ingressClassName',
      rule: 'is not used on OpenShift (Routes are served by the router)',
      value: props.ingressClassName,
      fix: 'leave ingressClassName out on OpenShift',
    });
  }
  const t = props.timeoutSeconds;
  if (t !== undefined && (!Number.isInteger(t) || t < 1 || t > 3600)) {
    problems.push({ property: 'timeoutSeconds', rule: 'must be a whole number of seconds from 1 to 3600', value: t, fix: 'use e.g. 120' });
  }
  return problems;
}
