import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { dns1123SubdomainViolation } from '../core';
import { checkBlockProps, instanceProblems, problemIf } from './validate-block-props';

/**
 * A private hosted zone with stable names for generated endpoints, so
 * Kubernetes manifests can name `db.<env>.oms.internal` without looking
 * anything up at synthesis.
 */
export class OmsPrivateDns extends Construct {
  public readonly zone: Route53Zone;

  constructor(scope: Construct, id: string, props: { readonly zoneName: string; readonly vpc: Vpc }) {
    checkBlockProps(scope, id, 'OmsPrivateDnsProps', props, { zoneName: 'string', vpc: 'object' }, ['zoneName', 'vpc'], (p) => [
      ...problemIf(
        'zoneName',
        p.zoneName,
        dns1123SubdomainViolation(p.zoneName),
        'use e.g. "uat-eks.oms.internal" (privateZoneName() builds it)',
      ),
      ...instanceProblems('vpc', p.vpc, Vpc, 'the Vpc of an OmsNetwork (network.vpc)'),
    ]);
    super(scope, id);
    this.zone = new Route53Zone(this, 'zone', { name: props.zoneName, vpc: [{ vpcId: props.vpc.id }], comment: 'OMS endpoints' });
  }

  /** A CNAME `<host>` to a generated endpoint address. */
  public addAlias(id: string, host: string, target: string): Route53Record {
    return new Route53Record(this, id, { zoneId: this.zone.zoneId, name: host, type: 'CNAME', ttl: 60, records: [target] });
  }
}
