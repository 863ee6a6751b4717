import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { dns1123SubdomainViolation, hostnameViolation, throwIfProblems } from '../core';
import { checkBlockProps, instanceProblems, isReference, problemIf } from './validate-block-props';

/**
 * A private hosted zone with stable names for generated endpoints, so
 * Kubernetes manifests can name `db.<env>.oms.internal` without looking
 * anything up at synthesis.
 */
export class OmsPrivateDns extends Construct {
  public readonly zone: Route53Zone;
  /** The zone's name: aliases are names inside it. */
  public readonly zoneName: string;

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
    this.zoneName = props.zoneName;
    this.zone = new Route53Zone(this, 'zone', { name: props.zoneName, vpc: [{ vpcId: props.vpc.id }], comment: 'OMS endpoints' });
  }

  /** A CNAME `<host>` to a generated endpoint address. */
  public addAlias(id: string, host: string, target: string): Route53Record {
    const zone = this.zoneName;
    const hostRule =
      dns1123SubdomainViolation(host) ??
      (host === zone || host.endsWith(`.${zone}`) ? undefined : `must be a name in the zone "${zone}" (Route 53 refuses others)`);
    throwIfProblems(`${this.node.path}/${id}`, [
      ...problemIf('host', host, hostRule, `use e.g. "db.${zone}"`),
      ...(isReference(target)
        ? []
        : problemIf('target', target, hostnameViolation(target), 'give the endpoint address, e.g. database.instance.address')),
    ]);
    return new Route53Record(this, id, { zoneId: this.zone.zoneId, name: host, type: 'CNAME', ttl: 60, records: [target] });
  }
}
