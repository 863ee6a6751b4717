import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The URLs callers use to reach an environment, read from its synthesized routing (`dist/<env>/k8s/*.yaml`):
 * each Gateway listener's hostname (https for an HTTPS listener), each OpenShift Route's host (https when it
 * has `tls`), each Ingress rule's host (https when its `tls` lists the host). Sorted and unique. An app with
 * no Kubernetes routing (an ECS-only app) has none.
 */
export function entryPoints(envDir: string): string[] {
  const k8s = path.join(envDir, 'k8s');
  if (!fs.existsSync(k8s)) return [];
  const urls = new Set<string>();
  for (const file of fs
    .readdirSync(k8s)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(k8s, file), 'utf8'))) {
      const o = doc.toJS() as any;
      if (!o || typeof o !== 'object') continue;
      if (o.kind === 'Gateway') {
        for (const l of o.spec?.listeners ?? []) if (l.hostname) urls.add(`${l.protocol === 'HTTPS' ? 'https' : 'http'}://${l.hostname}/`);
      } else if (o.kind === 'Route' && o.spec?.host) {
        urls.add(`${o.spec.tls ? 'https' : 'http'}://${o.spec.host}/`);
      } else if (o.kind === 'Ingress') {
        const tlsHosts = new Set((o.spec?.tls ?? []).flatMap((t: any) => t.hosts ?? []));
        for (const r of o.spec?.rules ?? []) if (r.host) urls.add(`${tlsHosts.has(r.host) ? 'https' : 'http'}://${r.host}/`);
      }
    }
  }
  return [...urls].sort();
}
