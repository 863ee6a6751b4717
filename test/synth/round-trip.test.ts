import { parseAllDocuments, stringify } from 'yaml';
import { emitOwn } from '../../lib/core/yaml-emitter';
import { renderAllApps } from '../support/apps';

// Every file synthesis writes, for every app, read back the way kubectl, Argo CD or Flux read it.
const files = renderAllApps().flatMap(({ env }) => env.files.map((f) => [`${env.name}/${f.path}`, f] as const));
const yamlFiles = files.filter(([, f]) => f.objects !== undefined);

test('every app writes Kubernetes files, and each one carries its objects', () => {
  expect(yamlFiles.length).toBeGreaterThan(20);
  expect(files.filter(([p]) => p.endsWith('.yaml') && !p.endsWith('/kustomization.yaml')).map(([p]) => p)).toEqual(
    yamlFiles.map(([p]) => p),
  );
});

describe.each(yamlFiles)('%s', (_path, file) => {
  test('parses back to exactly the objects it was written from', () => {
    const docs = parseAllDocuments(file.content);
    expect(docs.flatMap((d) => d.errors)).toEqual([]);
    expect(docs.map((d) => d.toJS())).toEqual(file.objects);
  });

  test('is written by our emitter alone, byte for byte what the yaml library writes', () => {
    // The yaml library's text of each object, made once and compared twice.
    const library = file.objects!.map((o) => stringify(o, { lineWidth: 0 }));
    file.objects!.forEach((o, i) => expect(emitOwn(o)).toBe(library[i]));
    expect(file.content).toBe(library.join('---\n'));
  });
});

test.each(files.filter(([p]) => p.endsWith('.json')))('%s is valid JSON', (_path, file) => {
  expect(() => JSON.parse(file.content)).not.toThrow();
});
