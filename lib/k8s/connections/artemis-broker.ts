import { Problem, dns1123LabelViolation, portViolation } from '../../core';
import { BrokerBaseProps, BrokerCredentials, BrokerDefinition, URL_WITH_CREDENTIALS, reachedWithCredentials } from './broker-definition';

/** ActiveMQ Artemis, scaled through its Jolokia management endpoint. */
export interface ArtemisBrokerProps extends BrokerBaseProps {
  /** `host:port` of the management console. */
  readonly managementEndpoint: string;
  /** The broker name. */
  readonly brokerName: string;
  /** The address the queues belong to. */
  readonly brokerAddress: string;
  /** The management user, from a Secret. */
  readonly credentials: BrokerCredentials;
}

/** ActiveMQ Artemis as KEDA's `artemis-queue` scaler reads it. */
export function artemisDefinition(props: ArtemisBrokerProps): BrokerDefinition {
  return {
    product: 'artemis',
    base: props,
    metadataFor: (queue, o) => ({
      managementEndpoint: props.managementEndpoint,
      brokerName: props.brokerName,
      brokerAddress: props.brokerAddress,
      queueName: queue,
      queueLength: o.target,
      activationQueueLength: o.activation,
    }),
    ...reachedWithCredentials(props.credentials, ['managementEndpoint', props.managementEndpoint], (property) =>
      artemisProblems(property, props),
    ),
  };
}

/** The rules of Artemis brokers only. */
function artemisProblems(property: string, p: ArtemisBrokerProps): Problem[] {
  const problems: Problem[] = [];
  if (
    typeof p.managementEndpoint === 'string' &&
    !/^[a-z0-9.-]+:\d{1,5}$/i.test(p.managementEndpoint) &&
    !URL_WITH_CREDENTIALS.test(p.managementEndpoint)
  ) {
    problems.push({
      property: `${property}.managementEndpoint`,
      rule: 'must be host:port',
      value: p.managementEndpoint,
      fix: 'use e.g. "artemis.oms-broker.svc:8161"',
    });
  }
  const port = typeof p.managementEndpoint === 'string' ? /:(\d{1,5})$/.exec(p.managementEndpoint)?.[1] : undefined;
  if (port !== undefined && portViolation(Number(port)))
    problems.push({
      property: `${property}.managementEndpoint`,
      rule: `must have a port from 1 to 65535 (has ${port})`,
      value: p.managementEndpoint,
      fix: 'use the management console port, e.g. "artemis.oms-broker.svc:8161"',
    });
  // KEDA's artemis-queue scaler asks Jolokia for the broker and address by name: both are required.
  for (const key of ['brokerName', 'brokerAddress'] as const)
    if (typeof p[key] !== 'string' || p[key].trim().length === 0)
      problems.push({
        property: `${property}.${key}`,
        rule: 'is required (KEDA reads the queue through it)',
        value: p[key],
        fix:
          key === 'brokerName'
            ? 'give the broker name of broker.xml, e.g. "oms-broker"'
            : 'give the address the queue is bound to, e.g. "oms"',
      });
  // A Service in the cluster is "<service>.<namespace>.svc": the namespace is a DNS label, or nothing resolves.
  const svc =
    typeof p.managementEndpoint === 'string' ? /^([^.:]+)\.([^.:]+)\.svc(\.cluster\.local)?:\d+$/i.exec(p.managementEndpoint) : null;
  if (svc) {
    const [, service, namespace] = svc;
    const rule = dns1123LabelViolation(namespace) ?? dns1123LabelViolation(service);
    if (rule)
      problems.push({
        property: `${property}.managementEndpoint`,
        rule: `must name the broker's Service and namespace as DNS-1123 labels ("<service>.<namespace>.svc:<port>"); ${dns1123LabelViolation(namespace) ? `the namespace "${namespace}"` : `the Service "${service}"`} ${rule}`,
        value: p.managementEndpoint,
        fix: `use the names Kubernetes has, e.g. "${service.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.${namespace.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.svc:8161"`,
      });
  }
  return problems;
}
