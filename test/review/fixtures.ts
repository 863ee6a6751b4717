import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A small dist tree written to a temporary folder. */
export function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-review-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

export const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: e\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          image: ${image}\n`;
export const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: e\n';
export const pvc =
  'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: e\nspec:\n  resources:\n    requests:\n      storage: 10Gi\n';
export const sts = (size: string, retention?: string) =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: e\nspec:\n  replicas: 1\n` +
  (retention ? `  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: ${retention}\n    whenScaled: Retain\n` : '') +
  `  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        resources:\n          requests:\n            storage: ${size}\n`;

/** A Terraform JSON file with the given resources (cdktf's "//" metadata added to each). */
export const tfJson = (resources: Record<string, Record<string, Record<string, unknown>>>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    ...extra,
    resource: Object.fromEntries(
      Object.entries(resources).map(([type, byName]) => [
        type,
        Object.fromEntries(Object.entries(byName).map(([name, v]) => [name, { '//': { metadata: { path: `e/${name}` } }, ...v }])),
      ]),
    ),
  });
export const tf = (db: Record<string, unknown> | undefined) => tfJson(db ? { aws_db_instance: { db } } : {});

/** Captures a command's output. */
export const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};
