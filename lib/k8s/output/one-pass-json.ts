import { ApiObject, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { k8s } from '../primitives/kube';

// What cdk8s's toJson gives, made in one pass over each object instead of cdk8s's several (resolve,
// sanitize, convert), with cdk8s's own path wherever the one pass would differ (see fastResolution).

/**
 * cdk8s's resolution and sanitizing of a value in one pass, for apps that use only cdk8s's built-in
 * resolvers (Lazy values, implicit tokens with a `resolve()` method, number-or-string unions). It
 * produces what `sanitizeValue(resolve([], value, obj), { sortKeys })` produces, without what the
 * general version spends on every value: finding the App by walking up the tree, copying the key
 * path, a resolution context, and a second walk to sort and drop empty values.
 */
function resolveAndSanitize(value: any, sortKeys: boolean): any {
  value = resolveBuiltIn(value);
  if (value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((x) => resolveAndSanitize(x, sortKeys));
  if (value.constructor !== Object) return sanitizeValue(value, sortKeys);
  const out: Record<string, any> = {};
  const keys = sortKeys ? sortedKeys(value) : Object.keys(value);
  for (const k of keys) {
    const v = resolveAndSanitize(value[k], sortKeys);
    if (v !== null && v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * `Object.keys(value).sort()`, the same order (both compare UTF-16 code units). Most objects have a
 * handful of keys, often in order already: an insertion sort costs a fifth of `Array.prototype.sort`
 * there, which was the largest single cost of rendering. Long key lists still go to `sort()`.
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > 12) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** cdk8s's `sanitizeValue` (drops null values, sorts keys, refuses class instances). */
function sanitizeValue(value: any, sortKeys: boolean): any {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((x) => sanitizeValue(x, sortKeys));
  if (value.constructor.name !== 'Object') throw new Error(`can't render non-simple object of type '${value.constructor.name}'`);
  const out: Record<string, any> = {};
  const keys = sortKeys ? sortedKeys(value) : Object.keys(value);
  for (const k of keys) {
    const v = sanitizeValue(value[k], sortKeys);
    if (v !== null && v !== undefined) out[k] = v;
  }
  return out;
}

/** A value through cdk8s's built-in resolvers, in cdk8s's order (a replaced value is resolved again); null becomes undefined. */
function resolveBuiltIn(value: any): any {
  for (;;) {
    if (value === null || value === undefined) return undefined;
    if (value instanceof Lazy) value = value.produce();
    else if (typeof value.resolve === 'function') value = value.resolve();
    else if (value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string'))
      value = { value: value.value };
    else return value;
  }
}

/**
 * cdk8s's `metadata.toJson()` in one pass: resolution with the built-in resolvers, then null values,
 * empty lists and empty objects dropped and keys sorted. cdk8s's own method runs instead when the
 * metadata is not as cdk8s 2.70 keeps it, and when a value is not plain (to report it as cdk8s does).
 */
function metadataJson(obj: ApiObject): any {
  const m = obj.metadata as unknown as Record<string, any>;
  const extra = m._additionalAttributes;
  if (extra === null || typeof extra !== 'object' || !('labels' in m) || !('annotations' in m)) return obj.metadata.toJson();
  try {
    // The options the metadata was made with: usually only fields the metadata's own values replace.
    if (Object.keys(extra).every((k) => METADATA_FIELD_SET.has(k))) return compactedFields(m);
    return compacted({
      ...extra,
      name: m.name,
      namespace: m.namespace,
      annotations: m.annotations,
      finalizers: m.finalizers,
      ownerReferences: m.ownerReferences,
      labels: m.labels,
    });
  } catch (e) {
    if (e === CONVERT_BY_CLASS) return obj.metadata.toJson();
    throw e;
  }
}

/** The fields cdk8s's metadata holds, in sorted order. */
const METADATA_FIELDS = ['annotations', 'finalizers', 'labels', 'name', 'namespace', 'ownerReferences'] as const;
const METADATA_FIELD_SET: ReadonlySet<string> = new Set(METADATA_FIELDS);

/**
 * {@link compacted} of the metadata's own fields, when no other attributes are added to them (the
 * usual case): the same result without a merged copy of the fields to sort first.
 */
function compactedFields(m: Record<string, any>): any {
  const out: Record<string, any> = {};
  let empty = true;
  for (const k of METADATA_FIELDS) {
    const v = compacted(m[k]);
    if (v !== null && v !== undefined) {
      out[k] = v;
      empty = false;
    }
  }
  return empty ? undefined : out;
}

/** A metadata value resolved and sanitized as cdk8s does (`filterEmptyArrays`, `filterEmptyObjects`). */
function compacted(value: any): any {
  value = resolveBuiltIn(value);
  if (value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(compacted);
  if (value.constructor !== Object) throw CONVERT_BY_CLASS;
  const out: Record<string, any> = {};
  let empty = true;
  for (const k of sortedKeys(value)) {
    const v = compacted(value[k]);
    if (v !== null && v !== undefined) {
      out[k] = v;
      empty = false;
    }
  }
  return empty ? undefined : out;
}

/**
 * The generated Kubernetes classes (`primitives/imports/k8s.ts`). Each one's `toJson` is
 * `{ ...GVK, ...toJson_<Kind>Props(super.toJson()) }`: the converter copies the resolved object
 * once more, keeping the properties of its schema in schema order (sorted, with `metadata` first
 * at the top), unwrapping `IntOrString` and `Quantity` values, and renaming the properties below.
 */
const GENERATED: ReadonlySet<unknown> = new Set(
  Object.values(k8s).filter((v) => typeof v === 'function' && ApiObject.prototype.isPrototypeOf(v.prototype)),
);

/**
 * The `toJson` methods the one-pass rendering stands in for, as they were when this module loaded:
 * cdk8s's `ApiObject.prototype.toJson`, and each generated class's own. When a user replaces or
 * wraps one of them (on the prototype or on one object), that object renders through the method
 * the user set, as cdk8s would render it.
 */
const CDK8S_TO_JSON = ApiObject.prototype.toJson;
const GENERATED_TO_JSON: ReadonlyMap<unknown, unknown> = new Map(
  [...GENERATED].map((cls) => [cls, (cls as { prototype: ApiObject }).prototype.toJson]),
);

/**
 * Properties the generated converters rename (`clusterIp` is written `clusterIP`). An object that
 * holds one of these keys anywhere, even as a label, is converted by its class. A test checks this
 * list and the converters' order against the generated classes (`primitives/imports/k8s.ts`).
 */
export const RENAMED_BY_CONVERTERS: ReadonlySet<string> = new Set([
  ...['clientIp', 'clusterIp', 'datasetUuid', 'diskUri', 'downwardApi', 'hostIp', 'hostIpc', 'hostPid', 'loadBalancerIp'],
  ...['nonResourceUrLs', 'pdId', 'scaleIo', 'setHostnameAsFqdn', 'storagePolicyId', 'targetWwNs', 'volumeId'],
]);

/** ObjectMeta fields the generated converter copies as they are (strings, string lists, string maps). */
const PLAIN_METADATA: ReadonlySet<string> = new Set(['annotations', 'finalizers', 'generateName', 'labels', 'name', 'namespace']);

/** Thrown inside {@link converted} when the object must go through its class's own conversion. */
const CONVERT_BY_CLASS = Symbol('convert by class');

/**
 * A value as resolution and the generated converter together make it, in one copy: resolved with
 * the built-in resolvers, null values dropped, keys sorted, `IntOrString` and `Quantity` as their
 * value. Anything else (a renamed key, another class instance) is left to the class.
 */
function converted(value: any): any {
  for (;;) {
    if (value === null || value === undefined) return undefined;
    if (value instanceof Lazy) value = value.produce();
    else if (typeof value.resolve === 'function') value = value.resolve();
    else break;
  }
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(converted);
  if (value.constructor !== Object) {
    if ((value instanceof k8s.IntOrString || value instanceof k8s.Quantity) && typeof value.value !== 'object') return value.value;
    throw CONVERT_BY_CLASS;
  }
  const out: Record<string, any> = {};
  for (const k of sortedKeys(value)) {
    if (RENAMED_BY_CONVERTERS.has(k)) throw CONVERT_BY_CLASS;
    const v = converted(value[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Whether a resolved plain value holds a key the generated converters rename, at any depth. */
function holdsRenamedKey(value: any): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsRenamedKey);
  for (const k of Object.keys(value)) if (RENAMED_BY_CONVERTERS.has(k) || holdsRenamedKey(value[k])) return true;
  return false;
}

/**
 * What the object's own `toJson` gives, for a generated Kubernetes class without JSON patches,
 * built in one copy instead of three (resolution, sanitizing, conversion); `undefined` when the
 * object needs its class's conversion.
 */
function generatedJson(obj: ApiObject): Record<string, any> | undefined {
  const cls = obj.constructor as { GVK?: { apiVersion: string; kind: string } };
  const self = obj as unknown as { props: Record<string, any>; patches: JsonPatch[] };
  if (!GENERATED.has(cls) || self.patches.length > 0 || cls.GVK === undefined) return undefined;
  // An object (or its class) with a toJson of its own renders through it.
  if (obj.toJson !== GENERATED_TO_JSON.get(cls)) return undefined;
  const result: Record<string, any> = { apiVersion: cls.GVK.apiVersion, kind: cls.GVK.kind };
  try {
    const metadata = metadataJson(obj);
    if (metadata !== undefined) {
      // The converter keeps only the ObjectMeta fields it knows, and converts owner references and the rest.
      if (Object.keys(metadata).some((k) => !PLAIN_METADATA.has(k)) || holdsRenamedKey(metadata)) return undefined;
      // Resolved, sorted and plain already (a fresh copy): the converter would copy it as it is.
      result.metadata = metadata;
    }
    // The converter's sorted copy of the object, placed after apiVersion, kind and metadata as the class places it.
    const merged: Record<string, any> = { ...self.props, metadata };
    for (const k of sortedKeys(merged)) {
      if (RENAMED_BY_CONVERTERS.has(k)) throw CONVERT_BY_CLASS;
      if (k === 'metadata') continue;
      const v = converted(merged[k]);
      if (v !== undefined && !(k in result) && k !== 'apiVersion' && k !== 'kind') result[k] = v;
    }
  } catch {
    // The class renders it again, and reports an error the way cdk8s does (with the construct path).
    return undefined;
  }
  return result;
}

/**
 * Makes `ApiObject.prototype.toJson` (which every generated Kubernetes class calls through
 * `super.toJson()`) use {@link resolveAndSanitize} while an environment renders, when its app has
 * only the built-in resolvers; returns how to render an object then (generated Kubernetes
 * classes in one copy, see {@link generatedJson}) and the function that puts cdk8s's own method
 * back. Output is the same: the method is cdk8s's step for step (metadata, resolution, sorted
 * keys, JSON patches, apiVersion, kind and metadata first), only the resolution is done in one pass.
 *
 * cdk8s renders everything itself when the app has resolvers of its own, when
 * `ApiObject.prototype.toJson` is no longer cdk8s's (a user's wrapper, which every generated class
 * would call), and when `CDK8S_DISABLE_SORT` asks for keys in insertion order.
 */
export function fastResolution(scope: IConstruct): { toJson: (obj: ApiObject) => any; restore: () => void } {
  const resolvers = App.of(scope).resolvers;
  const builtIn = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];
  const byCdk8s = { toJson: (obj: ApiObject) => obj.toJson(), restore: () => undefined };
  if (resolvers.length !== builtIn.length || resolvers.some((r, i) => r.constructor !== builtIn[i])) return byCdk8s;
  if (ApiObject.prototype.toJson !== CDK8S_TO_JSON || process.env.CDK8S_DISABLE_SORT) return byCdk8s;
  const original = Object.getOwnPropertyDescriptor(ApiObject.prototype, 'toJson')!;
  ApiObject.prototype.toJson = function toJson(this: ApiObject): any {
    const self = this as unknown as { props: Record<string, any>; patches: JsonPatch[] };
    try {
      const json = resolveAndSanitize({ ...self.props, metadata: metadataJson(this) }, true);
      const patched = self.patches.length > 0 ? JsonPatch.apply(json, ...self.patches) : json;
      const result: Record<string, any> = {};
      for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (k in patched) result[k] = patched[k];
      return result;
    } catch (e) {
      throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
    }
  };
  return {
    toJson: (obj) => generatedJson(obj) ?? obj.toJson(),
    restore: () => Object.defineProperty(ApiObject.prototype, 'toJson', original),
  };
}
