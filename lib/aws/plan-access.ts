/**
 * What the read-only plan role may do in an EKS cluster. Its access entry maps it to the Kubernetes
 * group {@link PLAN_READERS_GROUP} and to no EKS access policy; these objects (installed with the
 * platform's other cluster objects) give that group exactly what `terraform plan`, `drift` and
 * `pr-plan` need:
 * - read the Helm release records of the platform's releases: Helm keeps each release as Secrets in
 *   the release's namespace and reads them with get and list (no label or name restriction is
 *   possible for list in RBAC), so the group may read Secrets in those namespaces only;
 * - read every kind the environments render (get, list, watch; never Secrets elsewhere);
 * - server-side dry runs (`kubectl diff --server-side`). Kubernetes authorizes a dry-run request
 *   exactly like the real one (API concepts, "Dry-run authorization"), so RBAC must grant patch and
 *   create on those kinds, and RBAC cannot tell a dry run from a write. The ValidatingAdmissionPolicy
 *   below closes that: every create, update, delete or connect from the group that is not a dry run
 *   is denied at admission (failure policy Fail: if the policy cannot be evaluated, the request is
 *   refused too).
 * Kinds an environment renders that grant permissions (Roles and their bindings) pass RBAC's
 * escalation check without `escalate` or `bind`, because they grant nothing beyond what the group
 * already holds on those kinds.
 */
export const PLAN_READERS_GROUP = 'oms-plan-readers';

/** The API groups and resources the environments render, which plans read and dry-run. */
export const PLAN_READABLE: readonly { readonly apiGroup: string; readonly resources: readonly string[] }[] = [
  {
    apiGroup: '',
    resources: ['configmaps', 'services', 'serviceaccounts', 'namespaces', 'resourcequotas', 'limitranges', 'persistentvolumeclaims'],
  },
  { apiGroup: 'apps', resources: ['deployments', 'statefulsets'] },
  { apiGroup: 'batch', resources: ['jobs', 'cronjobs'] },
  { apiGroup: 'autoscaling', resources: ['horizontalpodautoscalers'] },
  { apiGroup: 'policy', resources: ['poddisruptionbudgets'] },
  { apiGroup: 'networking.k8s.io', resources: ['networkpolicies', 'ingresses'] },
  { apiGroup: 'rbac.authorization.k8s.io', resources: ['roles', 'rolebindings'] },
  { apiGroup: 'gateway.networking.k8s.io', resources: ['gateways', 'httproutes'] },
  { apiGroup: 'gateway.k8s.aws', resources: ['loadbalancerconfigurations', 'targetgroupconfigurations'] },
  { apiGroup: 'keda.sh', resources: ['scaledobjects', 'scaledjobs', 'triggerauthentications'] },
  { apiGroup: 'external-secrets.io', resources: ['externalsecrets'] },
  { apiGroup: 'argoproj.io', resources: ['rollouts'] },
  { apiGroup: 'monitoring.coreos.com', resources: ['podmonitors', 'prometheusrules'] },
];

const NAME = 'oms-plan-reader';
const LABELS = { 'app.kubernetes.io/managed-by': 'oms-platform-constructs', 'app.kubernetes.io/part-of': 'oms' };
const group = [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: PLAN_READERS_GROUP }];

/** The cluster objects of the plan group's access; `releaseNamespaces` are where the platform's Helm releases live. */
export function planAccessObjects(releaseNamespaces: readonly string[]): Record<string, unknown>[] {
  const namespaces = [...new Set(releaseNamespaces)].sort();
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: NAME, labels: LABELS },
      rules: PLAN_READABLE.map((r) => ({
        apiGroups: [r.apiGroup],
        resources: [...r.resources],
        // patch and create only as dry runs: the admission policy below denies anything else.
        verbs: ['get', 'list', 'watch', 'create', 'patch'],
      })),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: NAME, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: group,
    },
    ...namespaces.flatMap((namespace) => [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: `${NAME}-helm-releases`, namespace, labels: LABELS },
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `${NAME}-helm-releases`, namespace, labels: LABELS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${NAME}-helm-releases` },
        subjects: group,
      },
    ]),
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: `${NAME}-dry-run-only`, labels: LABELS },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            { apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'], resources: ['*', '*/*'] },
          ],
        },
        matchConditions: [{ name: 'plan-readers', expression: `request.userInfo.groups.exists(g, g == '${PLAN_READERS_GROUP}')` }],
        validations: [
          {
            expression: 'has(request.dryRun) && request.dryRun == true',
            message: `the ${PLAN_READERS_GROUP} group (the read-only plan role) may only make dry-run requests`,
            reason: 'Forbidden',
          },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: `${NAME}-dry-run-only`, labels: LABELS },
      spec: { policyName: `${NAME}-dry-run-only`, validationActions: ['Deny'] },
    },
  ];
}
