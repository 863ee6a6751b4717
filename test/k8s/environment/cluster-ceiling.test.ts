import { App, Chart } from 'cdk8s';
import { ClusterCeiling, OmsCluster, OmsEnvironment } from '../../../lib';

const cluster = (): OmsCluster =>
  new OmsCluster({
    name: 'ocp-uat',
    platform: 'openshift',
    enforcement: { kind: 'openshift-quota' },
    ceiling: { cpu: '100', memory: '300Gi', pods: 300 },
    owner: 'uat-a',
    environments: { 'uat-a': { cpu: '60', memory: '200Gi', pods: 200 }, 'uat-b': { cpu: '40', memory: '100Gi', pods: 100 } },
  });

const place = (c: OmsCluster, name: string) =>
  new OmsEnvironment(new App(), name, { stage: 'uat', platform: 'openshift', budget: { cpu: '10', memory: '20Gi', pods: 10 }, cluster: c });

const LEAVE_IT = 'Fix: leave the ceiling to OmsCluster: creating the owner environment with cluster: <the cluster> renders it';

describe('ClusterCeiling', () => {
  test.each([
    [
      'no id and no props',
      () => new ClusterCeiling(place(cluster(), 'uat-a'), '', undefined as any),
      'uat-a: invalid configuration\n  - id must be a non-empty construct id (received ""). Fix: name the construct, e.g. "order-search"\n  - props is required (received undefined). Fix: pass the construct\'s properties',
    ],
    [
      'a cluster that is no OmsCluster',
      () => new ClusterCeiling(place(cluster(), 'uat-a'), 'ceiling', { cluster: { name: 'ocp-uat' } as any }),
      'uat-a/ceiling: invalid configuration\n  - cluster must be an OmsCluster (received {"name":"ocp-uat"}). Fix: pass the cluster definition: new OmsCluster({ ... })',
    ],
    [
      'an environment that does not own the cluster',
      () => {
        const c = cluster();
        place(c, 'uat-a');
        return new ClusterCeiling(place(c, 'uat-b'), 'ceiling', { cluster: c });
      },
      `uat-b/ceiling: invalid configuration\n  - scope must be inside the environment that owns cluster ocp-uat ("uat-a"), placed on the cluster (received "uat-b"). ${LEAVE_IT}`,
    ],
    [
      'a cluster whose owner environment is not placed',
      () => new ClusterCeiling(new Chart(new App(), 'uat-a'), 'ceiling', { cluster: cluster() }),
      `uat-a/ceiling: invalid configuration\n  - scope must be inside the environment that owns cluster ocp-uat ("uat-a"), placed on the cluster (received "uat-a"). ${LEAVE_IT}`,
    ],
    [
      'a second ceiling in the owner environment',
      () => {
        const c = cluster();
        return new ClusterCeiling(place(c, 'uat-a'), 'another', { cluster: c });
      },
      `uat-a/another: invalid configuration\n  - cluster must have one ceiling: uat-a/cluster renders it already (its objects are cluster-wide) (received "ocp-uat"). ${LEAVE_IT}`,
    ],
  ])('%s', (_name, make, message) => expect(make).toThrow(new Error(message)));

  test('the owner environment renders the one ceiling; the others none', () => {
    const c = cluster();
    const owner = place(c, 'uat-a');
    const other = place(c, 'uat-b');
    expect(c.ownerEnvironment).toBe(owner);
    expect(owner.node.findAll().filter((x) => x instanceof ClusterCeiling)).toHaveLength(1);
    expect(other.node.findAll().filter((x) => x instanceof ClusterCeiling)).toHaveLength(0);
  });

  test.each(['cluster-ceiling', 'oms-cluster', 'oms-environment'])(
    'loading %s first still exports the whole environment layer',
    (first) => {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(`../../../lib/k8s/environment/${first}`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const lib = require('../../../lib') as Record<string, unknown>;
        expect([typeof lib.ClusterCeiling, typeof lib.OmsCluster, typeof lib.OmsEnvironment]).toEqual(['function', 'function', 'function']);
      });
    },
  );
});
