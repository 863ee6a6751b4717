import { POD_IDENTITY_AGENT_CIDR, Problem } from '../../core';
import { BrokerBaseProps, BrokerDefinition } from './broker-definition';

/** Amazon SQS; KEDA reads queue depth with an IAM role (pod identity), never with access keys in the manifests. */
export interface SqsBrokerProps extends BrokerBaseProps {
  /** AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The 12-digit account that owns the queues. */
  readonly accountId: string;
  /** The IAM role KEDA assumes to read the queues. */
  readonly roleArn: string;
}

/** Amazon SQS as KEDA's `aws-sqs-queue` scaler reads it. */
export function sqsDefinition(props: SqsBrokerProps): BrokerDefinition {
  // Consumers get their IAM role's credentials from the EKS Pod Identity agent, on a link-local address.
  const egress = [...(props.egress ?? []), { cidr: POD_IDENTITY_AGENT_CIDR, ports: [80], description: 'EKS Pod Identity agent' }];
  return {
    product: 'sqs',
    base: { ...props, egress },
    metadataFor: (queue, o) => ({
      queueURL: `https://sqs.${props.region}.amazonaws.com/${props.accountId}/${queue}`,
      awsRegion: props.region,
      queueLength: o.target,
      activationQueueLength: o.activation,
    }),
    auth: { podIdentity: { provider: 'aws', roleArn: props.roleArn } },
    urls: [],
    problems: (property) => sqsProblems(property, props),
  };
}

/** The rules of SQS brokers only. */
function sqsProblems(property: string, p: SqsBrokerProps): Problem[] {
  const problems: Problem[] = [];
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(p.region ?? ''))
    problems.push({ property: `${property}.region`, rule: 'must be an AWS region', value: p.region, fix: 'use e.g. "eu-west-1"' });
  if (!/^\d{12}$/.test(p.accountId ?? ''))
    problems.push({
      property: `${property}.accountId`,
      rule: 'must be a 12-digit AWS account id',
      value: p.accountId,
      fix: 'use the account that owns the queues',
    });
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(p.roleArn ?? '')) {
    problems.push({
      property: `${property}.roleArn`,
      rule: 'must be an IAM role ARN',
      value: p.roleArn,
      fix: 'use e.g. "arn:aws:iam::123456789012:role/keda-sqs-reader"',
    });
  }
  return problems;
}
