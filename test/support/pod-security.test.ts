import { podSecurityFindings } from './pod-security';

// The Pod Security checker the conformance test relies on: a compliant pod passes, and each upstream
// check fires on the change it exists for.
const compliant = () => ({
  kind: 'Deployment',
  metadata: { name: 'app', namespace: 'e' },
  spec: {
    template: {
      metadata: {},
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        volumes: [{ name: 'config', configMap: { name: 'app' } }],
        containers: [
          {
            name: 'server',
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
    },
  },
});

test('a compliant pod passes', () => {
  expect(podSecurityFindings([compliant()])).toEqual([]);
});

test.each<[string, (spec: any) => void]>([
  ['hostNamespaces', (s) => (s.hostNetwork = true)],
  ['privileged', (s) => (s.containers[0].securityContext.privileged = true)],
  ['capabilities_baseline', (s) => (s.containers[0].securityContext.capabilities.add = ['SYS_ADMIN'])],
  ['hostPathVolumes', (s) => s.volumes.push({ name: 'h', hostPath: { path: '/' } })],
  ['hostPorts', (s) => (s.containers[0].ports = [{ containerPort: 80, hostPort: 80 }])],
  ['seLinuxOptions', (s) => (s.securityContext.seLinuxOptions = { type: 'spc_t' })],
  ['procMount', (s) => (s.containers[0].securityContext.procMount = 'Unmasked')],
  ['seccompProfile_baseline', (s) => (s.containers[0].securityContext.seccompProfile = { type: 'Unconfined' })],
  ['sysctls', (s) => (s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }])],
  ['restrictedVolumes', (s) => s.volumes.push({ name: 'n', nfs: { server: 'x', path: '/' } })],
  ['allowPrivilegeEscalation', (s) => delete s.containers[0].securityContext.allowPrivilegeEscalation],
  ['runAsNonRoot', (s) => delete s.securityContext.runAsNonRoot],
  ['runAsUser', (s) => (s.containers[0].securityContext.runAsUser = 0)],
  ['seccompProfile_restricted', (s) => delete s.securityContext.seccompProfile],
  ['capabilities_restricted', (s) => (s.containers[0].securityContext.capabilities = {})],
])('%s fires on its violation', (check, breakIt) => {
  const d = compliant();
  breakIt(d.spec.template.spec);
  expect(podSecurityFindings([d]).map((f) => f.check)).toContain(check);
  expect(podSecurityFindings([d], 'baseline').some((f) => f.check === check)).toBe(
    ![
      'restrictedVolumes',
      'allowPrivilegeEscalation',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
      'capabilities_restricted',
    ].includes(check),
  );
});

test('init containers and the pod templates of CronJobs, KEDA ScaledJobs and Argo Rollouts are checked', () => {
  const d = compliant();
  const bad = { ...d.spec.template.spec, initContainers: [{ name: 'init', securityContext: {} }] };
  const template = { metadata: {}, spec: bad };
  const kinds = [
    { kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template } } } },
    { kind: 'ScaledJob', metadata: { name: 's' }, spec: { jobTargetRef: { template } } },
    { kind: 'Rollout', metadata: { name: 'r' }, spec: { template } },
  ];
  expect(new Set(podSecurityFindings(kinds).map((f) => f.object))).toEqual(new Set(['CronJob/-/c', 'ScaledJob/-/s', 'Rollout/-/r']));
});
