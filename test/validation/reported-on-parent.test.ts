import { PAIR, fullTest, pair } from '../support/bad-inputs';
import { SMALL_RESOURCES as R } from '../support/fixtures';
import { messageOf } from '../support/errors';

// What a child refuses in props the user gave the parent is reported where the user wrote it: on the parent, under the
// parent's prop (lib/core/errors.ts reportedOnParent). A problem with a value the parent set stays on the child.
test.each([
  [
    "a BlueGreenPair's service.minReplicas",
    () => pair({ service: { ...PAIR.service, minReplicas: 0 } }),
    'test-env/capture: invalid configuration\n  - service.minReplicas must be a whole number of at least 1 (received 0). Fix: set minReplicas to 1 or more (scale to zero is for queue-driven agents)',
  ],
  [
    "a BlueGreenPair's pool with a negative grace period",
    () =>
      pair({
        agents: {
          mode: 'active-only',
          pools: { schedule: { servers: ['ScheduleOrderServer'], resources: R, terminationGracePeriodSeconds: -5 } },
        },
      }),
    'test-env/capture: invalid configuration\n  - agents.pools.schedule.terminationGracePeriodSeconds must be a whole number of at least 1 (received -5). Fix: set the seconds the server gets to finish its work\n  - agents.pools.schedule.terminationGracePeriodSeconds must cover the longest job (120s): the JVM finishes its current work after SIGTERM, and is killed when the grace period ends (received -5). Fix: set it to 150 or more, or lower expectedJobSeconds',
  ],
  [
    "a full test environment's appServer.minReplicas",
    () => fullTest({ appServer: { resources: R, minReplicas: 0 } }),
    'tst/oms: invalid configuration\n  - appServer.minReplicas must be a whole number of at least 1 (received 0). Fix: set minReplicas to 1 or more (scale to zero is for queue-driven agents)',
  ],
  [
    "a full test environment's health monitor with a CPU limit under its request",
    () => fullTest({ healthMonitor: { resources: { ...R, cpu: { request: '2', limit: '1' } } } }),
    'tst/oms: invalid configuration\n  - healthMonitor.resources.cpu.limit must be at least the request (2) (received "1"). Fix: raise resources.cpu.limit to 2 or more, or lower the request',
  ],
  [
    'a full test environment\'s pool with an OMS server name holding "_"',
    () => fullTest({ agents: { schedule: { servers: ['Schedule_Order'], resources: R } } }),
    'tst/oms: invalid configuration\n  - agents.schedule.servers must be OMS server names (letters, digits and "-"; OMS refuses "_") (received "Schedule_Order"). Fix: rename the server',
  ],
  [
    "a full test environment's data setup with a CPU limit under its request",
    () =>
      fullTest({
        dataSetup: { kubernetesApi: [{ cidr: '10.20.0.0/18', ports: [443] }], resources: { ...R, cpu: { request: '2', limit: '1' } } },
      }),
    'tst/oms: invalid configuration\n  - dataSetup.resources.cpu.limit must be at least the request (2) (received "1"). Fix: raise resources.cpu.limit to 2 or more, or lower the request',
  ],
  [
    // minReplicas is the child's default, not the user's: the whole error stays on the child.
    "a full test environment's service with maxReplicas 0 (below the child's default minReplicas)",
    () => fullTest({ services: { search: { apis: ['getOrderList'], resources: R, maxReplicas: 0 } } }),
    'tst/oms/search: invalid configuration\n  - maxReplicas must be a whole number of at least 1 (received 0). Fix: set maxReplicas to 1 or more\n  - minReplicas must not exceed maxReplicas (0) (received 1). Fix: lower minReplicas or raise maxReplicas',
  ],
])('%s', (_, build, message) => expect(messageOf(build)).toBe(message));
