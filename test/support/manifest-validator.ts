import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { parse } from 'yaml';

/** Where the vendored schemas live: `schemas/` of this repository (each folder has its SOURCE and LICENSE). */
export const SCHEMAS_DIR = path.resolve(__dirname, '..', '..', 'schemas');
/** The Kubernetes versions every object must be valid for. */
export const KUBERNETES_VERSIONS = ['v1.27.0', 'v1.33.0', 'v1.36.0'] as const;

type Json = Record<string, any>;

/** Parsed CRD files as JSON, by the hash of their text: parsing the 3.6 MB of YAML took over a second per validator. */
const CRD_CACHE = path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'oms-test-crds');
const parsedCrds = new Map<string, unknown>();

/**
 * Compiled validators (ajv's standalone code), one file per Kubernetes version and kind, keyed by
 * the hash of everything that decides them: the schemas, this file (the strict rules), ajv's
 * version. Compiling the schemas of a version was most of the suite's schema checking (several
 * seconds of CPU per test file that validates); loading the code is milliseconds.
 */
const SCHEMA_CACHE = path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'oms-test-schemas');

/** Writes `text` to `file` whole (under another name first: parallel test files may write it too); a failure only costs the work again. */
function writeCache(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch {
    // not cached
  }
}

/** The hash of the inputs of every validator of a version: its definitions, the CRDs, this file, ajv's version. */
function inputsHash(version: string): string {
  const hash = createHash('sha256');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  hash.update(`ajv ${require('ajv/package.json').version}\n`);
  hash.update(fs.readFileSync(__filename, 'utf8'));
  hash.update(fs.readFileSync(path.join(SCHEMAS_DIR, 'k8s', version, '_definitions.json'), 'utf8'));
  for (const file of crdFiles(path.join(SCHEMAS_DIR, 'crds')))
    hash.update(path.relative(SCHEMAS_DIR, file)).update(fs.readFileSync(file, 'utf8'));
  return hash.digest('hex').slice(0, 32);
}

/** The vendored CRD files, in a stable order. */
function crdFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .sort()
    .map((sub) => path.join(dir, sub))
    .filter((folder) => fs.statSync(folder).isDirectory())
    .flatMap((folder) =>
      fs
        .readdirSync(folder)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => path.join(folder, f)),
    );
}

/** A validate function from ajv's standalone code (it requires ajv's small runtime helpers). */
function loadStandalone(code: string): ValidateFunction {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports as ValidateFunction;
}

/** A YAML file's first document, parsed once per content (in this process, then from the JSON cache). */
function parseCached(file: string): any {
  const text = fs.readFileSync(file, 'utf8');
  const key = createHash('sha256').update(text).digest('hex');
  if (parsedCrds.has(key)) return parsedCrds.get(key);
  const cached = path.join(CRD_CACHE, `${key}.json`);
  let doc: unknown;
  if (fs.existsSync(cached)) doc = JSON.parse(fs.readFileSync(cached, 'utf8'));
  else {
    doc = parse(text);
    writeCache(cached, JSON.stringify(doc));
  }
  parsedCrds.set(key, doc);
  return doc;
}

/**
 * A Go (RE2) pattern with the `(?i)` flag as a JavaScript pattern: JavaScript has no inline flags, so each letter
 * becomes a class of both cases (prometheus-operator's PrometheusRule has `^(?i)(abort|warn)?$`).
 */
function caseInsensitive(pattern: string): string {
  return pattern.replace('(?i)', '').replace(/\\.|[A-Za-z]/g, (c) => (c.length === 1 ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c));
}

/**
 * Makes a schema strict the way the API server is with `kubectl apply
 * --validate=strict`: an object that lists its properties accepts no others,
 * unless the schema says unknown fields are preserved.
 */
function strictify(node: any): any {
  if (Array.isArray(node)) return node.map(strictify);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (v === null) continue; // some generated CRDs carry `anyOf: null`
    out[k] = k === 'enum' || k === 'required' ? v : strictify(v);
  }
  if (typeof out.pattern === 'string' && out.pattern.includes('(?i)')) out.pattern = caseInsensitive(out.pattern);
  // OpenAPI 3.0's boolean exclusive bounds (OpenShift Logging's CRD) as JSON Schema's numeric ones.
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] && typeof out[bound] === 'number') [out[flag], out[bound]] = [out[bound], undefined];
    else delete out[flag];
    if (out[bound] === undefined) delete out[bound];
  }
  if (out['x-kubernetes-int-or-string'] && out.anyOf === undefined) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** A strict custom-resource schema: apiVersion, kind, metadata and the given spec, nothing else. */
function customResource(spec: Json): Json {
  return {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    additionalProperties: false,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: 'k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec,
    },
  };
}

/**
 * The AWS Load Balancer Controller's Gateway parameters (gateway.k8s.aws/v1beta1): their CRDs are
 * not among the vendored ones, so these schemas list only the fields the controller documents for
 * `LoadBalancerConfiguration` and `TargetGroupConfiguration` that this library may set. Strict like
 * the rest: a misspelt or undocumented field fails.
 */
const AWS_GATEWAY_PARAMETER_SCHEMAS: Record<string, Json> = {
  'gateway.k8s.aws/v1beta1/LoadBalancerConfiguration': customResource({
    type: 'object',
    additionalProperties: false,
    properties: {
      scheme: { enum: ['internal', 'internet-facing'] },
      listenerConfigurations: {
        type: 'array',
        items: {
          type: 'object',
          required: ['protocolPort'],
          additionalProperties: false,
          properties: {
            protocolPort: { type: 'string', pattern: '^(HTTP|HTTPS|TCP|UDP|TLS|TCP_UDP):[0-9]+$' },
            defaultCertificate: { type: 'string' },
          },
        },
      },
      loadBalancerAttributes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key', 'value'],
          additionalProperties: false,
          properties: { key: { type: 'string' }, value: { type: 'string' } },
        },
      },
      defaultTargetGroupConfiguration: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: { type: 'string' } },
      },
    },
  }),
  'gateway.k8s.aws/v1beta1/TargetGroupConfiguration': customResource({
    type: 'object',
    additionalProperties: false,
    properties: {
      defaultConfiguration: { type: 'object', additionalProperties: false, properties: { targetType: { enum: ['ip', 'instance'] } } },
    },
  }),
};

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Validates manifests against one Kubernetes version's OpenAPI definitions plus the vendored CRDs. */
export class ManifestValidator {
  private readonly compiled = new Map<string, ValidateFunction | undefined>();
  private readonly cacheDir: string;
  private schemas: { ajv: Ajv; byGvk: Map<string, string>; crds: Map<string, Json> } | undefined;

  constructor(public readonly version: string) {
    this.cacheDir = path.join(SCHEMA_CACHE, `${version}-${inputsHash(version)}`);
  }

  /** The schemas, read and strictified only when a kind is not in the cache yet. */
  private load(): { ajv: Ajv; byGvk: Map<string, string>; crds: Map<string, Json> } {
    if (this.schemas) return this.schemas;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { source: true } });
    const byGvk = new Map<string, string>();
    const crds = new Map<string, Json>();
    const doc = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'k8s', this.version, '_definitions.json'), 'utf8'));
    for (const [name, def] of Object.entries<Json>(doc.definitions)) {
      for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
        const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        byGvk.set(gvkKey(apiVersion, gvk.kind), name);
      }
    }
    ajv.addSchema({ $id: 'k8s', definitions: strictify(doc.definitions) });
    for (const file of crdFiles(path.join(SCHEMAS_DIR, 'crds'))) {
      const crd = parseCached(file);
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions) {
        const schema = strictify(v.schema.openAPIV3Schema);
        // The CRD leaves metadata open; the API server checks it as ObjectMeta.
        schema.properties.metadata = { $ref: 'k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
        crds.set(gvkKey(`${crd.spec.group}/${v.name}`, crd.spec.names.kind), schema);
      }
    }
    for (const [key, schema] of Object.entries(AWS_GATEWAY_PARAMETER_SCHEMAS)) crds.set(key, schema);
    return (this.schemas = { ajv, byGvk, crds });
  }

  /** The validator of one kind: from the cache, or compiled and cached; undefined for a kind no schema knows. */
  private validatorOf(key: string): ValidateFunction | undefined {
    if (this.compiled.has(key)) return this.compiled.get(key);
    const file = path.join(this.cacheDir, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.js`);
    let fn: ValidateFunction | undefined;
    if (fs.existsSync(file)) fn = loadStandalone(fs.readFileSync(file, 'utf8'));
    else {
      const { ajv, byGvk, crds } = this.load();
      const name = byGvk.get(key);
      const crd = crds.get(key);
      if (name !== undefined) fn = ajv.getSchema(`k8s#/definitions/${name}`);
      else if (crd !== undefined) fn = ajv.compile(crd);
      if (fn !== undefined) writeCache(file, standaloneCode(ajv, fn));
    }
    this.compiled.set(key, fn);
    return fn;
  }

  /** The problems of one manifest, as `<kind>/<name>: <path> <message>` lines; empty when valid. */
  public validate(manifest: Json): string[] {
    const key = gvkKey(manifest.apiVersion, manifest.kind);
    const id = `${manifest.kind}/${manifest.metadata?.name}`;
    const fn = this.validatorOf(key);
    if (fn === undefined) return [`${id}: ${key} is not known to Kubernetes ${this.version} or the vendored CRDs`];
    if (fn(manifest)) return [];
    return (fn.errors ?? []).map((e) => `${id}: ${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
  }
}
