import { Problem } from '../../core';
import { BrokerBaseProps, BrokerCredentials, BrokerDefinition, URL_WITH_CREDENTIALS, reachedWithCredentials } from './broker-definition';

/** IBM MQ, scaled through the queue manager's mqweb administrative REST API. */
export interface IbmMqBrokerProps extends BrokerBaseProps {
  /** The mqweb MQSC endpoint, e.g. `https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/OMSQM/mqsc`. */
  readonly adminUrl: string;
  /** The mqweb administrator, from a Secret. */
  readonly credentials: BrokerCredentials;
}

/** IBM MQ as KEDA's `ibmmq` scaler reads it. */
export function ibmMqDefinition(props: IbmMqBrokerProps): BrokerDefinition {
  return {
    product: 'ibmmq',
    base: props,
    metadataFor: (queue, o) => ({ host: props.adminUrl, queueName: queue, queueDepth: o.target, activationQueueDepth: o.activation }),
    ...reachedWithCredentials(props.credentials, ['adminUrl', props.adminUrl], (property) => ibmMqProblems(property, props)),
  };
}

/** The rules of IBM MQ brokers only. */
function ibmMqProblems(property: string, p: IbmMqBrokerProps): Problem[] {
  const problems: Problem[] = [];
  if (
    typeof p.adminUrl === 'string' &&
    !URL_WITH_CREDENTIALS.test(p.adminUrl) &&
    !/^https:\/\/[^/]+\/ibmmq\/rest\/v\d\/admin\/action\/qmgr\/[^/]+\/mqsc$/.test(p.adminUrl)
  ) {
    problems.push({
      property: `${property}.adminUrl`,
      rule: 'must be the https mqweb MQSC endpoint of the queue manager',
      value: p.adminUrl,
      fix: 'use https://<host>:<port>/ibmmq/rest/v2/admin/action/qmgr/<QMGR>/mqsc',
    });
  }
  return problems;
}
