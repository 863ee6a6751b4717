import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { toYamlDocuments } from '../lib/core/yaml-emitter';
import { fastResolution } from '../lib/k8s/output/one-pass-json';
import { synthOurs } from './estate';

// The least the stack costs to write an estate's Kubernetes files: a floor of the whole path that, unlike the
// serializer floors, pays for what every synthesis with cdk8s pays for whatever its logic.

/** A Kubernetes file of the estate with the objects it holds, as plain JSON. */
export interface StackInputFile {
  readonly path: string;
  readonly objects: Record<string, any>[];
}

/**
 * The Kubernetes files of the bench estate of `services` services with their objects, as rendering makes them (the
 * whole path then adds the GitOps sync waves, a few bytes per object, which this floor leaves out).
 */
export function stackInput(services: number): StackInputFile[] {
  return synthOurs(services).files.flatMap((f) =>
    'objects' in f && f.objects ? [{ path: f.path, objects: JSON.parse(JSON.stringify(f.objects)) as Record<string, any>[] }] : [],
  );
}

/**
 * Writes `files` under `out` the way synthesis ends: every object held as it is, final already, in a plain cdk8s
 * `ApiObject` (no defaults, no checks, no logic of the library), rendered the way synthesis renders (one pass,
 * `one-pass-json.ts`), each file written with our emitter. The text is synthesis's own, byte for byte (a test
 * checks it), and synthesis does all of this and more, so it can never cost less.
 */
export function stackFloor(files: readonly StackInputFile[], out: string): void {
  const chart = new Chart(new App(), 'floor', { disableResourceNameHashes: true });
  let id = 0;
  const placed = files.map((f) => ({
    path: f.path,
    objects: f.objects.map((o) => new ApiObject(chart, `o${id++}`, o as { apiVersion: string; kind: string })),
  }));
  const { toJson, restore } = fastResolution(chart);
  let rendered: { path: string; docs: unknown[] }[];
  try {
    rendered = placed.map((f) => ({ path: f.path, docs: f.objects.map(toJson) }));
  } finally {
    restore();
  }
  const folders = new Set<string>();
  for (const f of rendered) {
    const target = path.join(out, f.path);
    const folder = path.dirname(target);
    if (!folders.has(folder)) fs.mkdirSync(folder, { recursive: true });
    folders.add(folder);
    fs.writeFileSync(target, toYamlDocuments(f.docs));
  }
}
