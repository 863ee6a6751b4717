/**
 * The Pod Security Standards, "baseline" and "restricted" levels, checked the way the API server's
 * Pod Security admission does (the upstream checks of k8s.io/pod-security-admission, package policy,
 * one check per `check_*.go` file, at their newest version; Apache-2.0). Written here from those
 * checks' documented rules, so the tests rest on the upstream definition rather than a third-party
 * linter. Each check keeps its upstream ID.
 */

type Json = Record<string, any>;

/** One violation: the upstream check ID, the object and the reason. */
export interface PodSecurityFinding {
  readonly check: string;
  readonly object: string;
  readonly detail: string;
}

/** Where each workload kind keeps its pod template (the kinds this project renders and the core ones). */
export function podTemplateOf(o: Json): { metadata?: Json; spec?: Json } | undefined {
  switch (o?.kind) {
    case 'Pod':
      return { metadata: o.metadata, spec: o.spec };
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
    case 'ReplicationController':
    case 'Rollout': // Argo Rollouts
      return o.spec?.template;
    case 'CronJob':
      return o.spec?.jobTemplate?.spec?.template;
    case 'ScaledJob': // KEDA: the Job's template
      return o.spec?.jobTargetRef?.template;
    default:
      return undefined;
  }
}

const containersOf = (spec: Json): Json[] => [
  ...(spec.initContainers ?? []),
  ...(spec.containers ?? []),
  ...(spec.ephemeralContainers ?? []),
];
const sc = (c: Json): Json => c.securityContext ?? {};

type Check = (spec: Json, metadata: Json) => string | undefined;

/** Containers failing `bad`, as a detail, or undefined. */
function containers(spec: Json, bad: (c: Json) => boolean, what: string): string | undefined {
  const names = containersOf(spec)
    .filter(bad)
    .map((c) => c.name);
  return names.length > 0 ? `containers ${names.join(', ')} ${what}` : undefined;
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports', // 1.27+
  'net.ipv4.tcp_keepalive_time', // 1.29+
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

const BASELINE: Record<string, Check> = {
  hostProcess: (spec) =>
    spec.securityContext?.windowsOptions?.hostProcess === true || containersOf(spec).some((c) => sc(c).windowsOptions?.hostProcess === true)
      ? 'hostProcess is set'
      : undefined,
  hostNamespaces: (spec) =>
    spec.hostNetwork === true || spec.hostPID === true || spec.hostIPC === true ? 'hostNetwork, hostPID or hostIPC is true' : undefined,
  privileged: (spec) => containers(spec, (c) => sc(c).privileged === true, 'are privileged'),
  capabilities_baseline: (spec) =>
    containers(
      spec,
      (c) => (sc(c).capabilities?.add ?? []).some((x: string) => !BASELINE_CAPABILITIES.has(x)),
      'add non-default capabilities',
    ),
  hostPathVolumes: (spec) => ((spec.volumes ?? []).some((v: Json) => v.hostPath !== undefined) ? 'a hostPath volume is used' : undefined),
  hostPorts: (spec) => containers(spec, (c) => (c.ports ?? []).some((p: Json) => (p.hostPort ?? 0) !== 0), 'use host ports'),
  appArmorProfile: (spec, metadata) => {
    const bad = (p: Json | undefined) => p !== undefined && p.type !== 'RuntimeDefault' && p.type !== 'Localhost';
    const annotations = Object.entries<string>(metadata?.annotations ?? {}).filter(
      ([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !v.startsWith('localhost/'),
    );
    return bad(spec.securityContext?.appArmorProfile) ||
      containersOf(spec).some((c) => bad(sc(c).appArmorProfile)) ||
      annotations.length > 0
      ? 'an AppArmor profile other than RuntimeDefault or Localhost'
      : undefined;
  },
  seLinuxOptions: (spec) => {
    const bad = (o: Json | undefined) =>
      o !== undefined && (!SELINUX_TYPES.has(o.type ?? '') || (o.user ?? '') !== '' || (o.role ?? '') !== '');
    return bad(spec.securityContext?.seLinuxOptions) || containersOf(spec).some((c) => bad(sc(c).seLinuxOptions))
      ? 'seLinuxOptions set a forbidden type, user or role'
      : undefined;
  },
  procMount: (spec) =>
    containers(spec, (c) => sc(c).procMount !== undefined && sc(c).procMount !== 'Default', 'set a procMount other than Default'),
  seccompProfile_baseline: (spec) =>
    spec.securityContext?.seccompProfile?.type === 'Unconfined' ||
    containersOf(spec).some((c) => sc(c).seccompProfile?.type === 'Unconfined')
      ? 'seccompProfile Unconfined'
      : undefined,
  sysctls: (spec) => {
    const bad = (spec.securityContext?.sysctls ?? []).map((s: Json) => s.name).filter((n: string) => !SAFE_SYSCTLS.has(n));
    return bad.length > 0 ? `forbidden sysctls ${bad.join(', ')}` : undefined;
  },
};

const RESTRICTED: Record<string, Check> = {
  restrictedVolumes: (spec) => {
    const bad = (spec.volumes ?? []).filter((v: Json) => !Object.keys(v).some((k) => k !== 'name' && RESTRICTED_VOLUMES.has(k)));
    return bad.length > 0 ? `volumes ${bad.map((v: Json) => v.name).join(', ')} use a type outside the restricted set` : undefined;
  },
  allowPrivilegeEscalation: (spec) =>
    containers(spec, (c) => sc(c).allowPrivilegeEscalation !== false, 'must set allowPrivilegeEscalation=false'),
  runAsNonRoot: (spec) => {
    const pod = spec.securityContext?.runAsNonRoot;
    if (containersOf(spec).some((c) => sc(c).runAsNonRoot === false) || pod === false) return 'runAsNonRoot is false';
    return containers(spec, (c) => pod !== true && sc(c).runAsNonRoot !== true, 'must set runAsNonRoot=true (or the pod must)');
  },
  runAsUser: (spec) =>
    spec.securityContext?.runAsUser === 0 || containersOf(spec).some((c) => sc(c).runAsUser === 0) ? 'runAsUser is 0' : undefined,
  seccompProfile_restricted: (spec) => {
    const allowed = (p: Json | undefined) => p?.type === 'RuntimeDefault' || p?.type === 'Localhost';
    const pod = spec.securityContext?.seccompProfile;
    if (pod !== undefined && !allowed(pod)) return `pod seccompProfile ${pod.type}`;
    return containers(
      spec,
      (c) => (sc(c).seccompProfile !== undefined ? !allowed(sc(c).seccompProfile) : !allowed(pod)),
      'must set seccompProfile RuntimeDefault or Localhost (or the pod must)',
    );
  },
  capabilities_restricted: (spec) =>
    containers(
      spec,
      (c) =>
        // Ephemeral containers are held to the same rule as the others.
        !(sc(c).capabilities?.drop ?? []).includes('ALL') || (sc(c).capabilities?.add ?? []).some((x: string) => x !== 'NET_BIND_SERVICE'),
      'must drop ALL capabilities and add none but NET_BIND_SERVICE',
    ),
};

/** The IDs of the checks each level runs (restricted includes baseline). */
export const POD_SECURITY_CHECKS = { baseline: Object.keys(BASELINE), restricted: [...Object.keys(BASELINE), ...Object.keys(RESTRICTED)] };

/** Every violation of the level in `objects` (objects without a pod template are skipped). */
export function podSecurityFindings(objects: readonly Json[], level: 'baseline' | 'restricted' = 'restricted'): PodSecurityFinding[] {
  const checks = level === 'baseline' ? BASELINE : { ...BASELINE, ...RESTRICTED };
  const findings: PodSecurityFinding[] = [];
  for (const o of objects) {
    const template = podTemplateOf(o);
    if (template?.spec === undefined) continue;
    const object = `${o.kind}/${o.metadata?.namespace ?? '-'}/${o.metadata?.name}`;
    for (const [check, run] of Object.entries(checks)) {
      const detail = run(template.spec, template.metadata ?? {});
      if (detail !== undefined) findings.push({ check, object, detail });
    }
  }
  return findings;
}
