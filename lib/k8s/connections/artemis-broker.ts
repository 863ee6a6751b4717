import { Problem } from '../../core';
import {
  BrokerBaseProps,
  BrokerCredentials,
  BrokerDefinition,
  URL_WITH_CREDENTIALS,
  credentialRefs,
  credentialsProblems,
} from './broker-definition';

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
    props,
    metadataFor: (queue, o) => ({
      managementEndpoint: props.managementEndpoint,
      brokerName: props.brokerName,
      brokerAddress: props.brokerAddress,
      queueName: queue,
      queueLength: o.target,
      activationQueueLength: o.activation,
    }),
    auth: { secretTargetRef: props.credentials ? credentialRefs(props.credentials) : [] },
    urls: [['managementEndpoint', props.managementEndpoint]],
    problems: (property) => artemisProblems(property, props),
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
  problems.push(...credentialsProblems(property, p.credentials));
  return problems;
}
