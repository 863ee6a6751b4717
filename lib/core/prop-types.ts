import { OmsConfigError, Problem, checkConstructInput } from './errors';

/**
 * The JavaScript shape a prop must have. TypeScript checks it at compile
 * time, but apps written in JavaScript, props read from JSON or YAML, and
 * `as any` reach the constructs unchecked; these kinds are checked first, so
 * the detailed rules only ever see values of the right type.
 */
export type PropKind =
  | 'string'
  | 'number'
  | 'boolean'
  /** A list of strings. */
  | 'string[]'
  /** A list of plain objects (egress rules, mounts). */
  | 'object[]'
  /** A list of any values (objects made by the library's factories). */
  | 'array'
  /** A map of strings to strings. */
  | 'record'
  /** Any object (a value made by one of the library's factories, or a map of them). */
  | 'object';

/** The kinds of a props object: a kind per prop, or the kinds of a nested object. */
export interface PropKinds {
  readonly [prop: string]: PropKind | PropKinds;
}

/**
 * A kind for every prop of `T`, and no other. Declare a table as `{ ... } satisfies KindsOf<XProps>`:
 * adding a prop to `XProps` without its kind, or keeping the kind of a removed prop, no longer compiles,
 * so a prop cannot go unchecked. A variant's table spreads its base's (`{ ...BASE_KINDS, port: 'number' }
 * satisfies KindsOf<VariantProps>`): `satisfies` keeps each kind's literal type, so the spread base still
 * counts. Never annotate a table `: PropKinds`, whose index signature forgets which props it covers.
 */
export type KindsOf<T> = { readonly [K in keyof Required<T>]: PropKind | PropKinds };

const DESCRIBE: Record<PropKind, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  'string[]': 'a list of strings',
  'object[]': 'a list of objects',
  array: 'a list',
  record: 'a map of strings to strings',
  object: 'an object',
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const isString = (v: unknown): boolean => typeof v === 'string';

function hasKind(value: unknown, kind: PropKind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every(isString);
    case 'object[]':
      return Array.isArray(value) && value.every(isObject);
    case 'array':
      return Array.isArray(value);
    case 'record':
      return isObject(value) && Object.values(value).every(isString);
    case 'object':
      return isObject(value);
  }
}

/**
 * Every prop of `props` whose value is not of its declared kind, and every
 * `required` prop that is missing. Other absent props are left to the
 * detailed rules; `typeName` names the props type in the fix.
 */
export function propKindProblems(
  typeName: string,
  props: unknown,
  kinds: PropKinds,
  required: readonly string[] = [],
  prefix = '',
): Problem[] {
  if (!isObject(props)) return [];
  const problems: Problem[] = [];
  addKindProblems(problems, typeName, props, kinds, required, prefix);
  return problems;
}

// Every construct checks its props' kinds, most of them absent or right: plain loops that allocate only for a problem.
function addKindProblems(
  problems: Problem[],
  typeName: string,
  props: Record<string, unknown>,
  kinds: PropKinds,
  required: readonly string[],
  prefix: string,
): void {
  for (const prop of required)
    if (props[prop] === undefined)
      problems.push({ property: `${prefix}${prop}`, rule: 'is required', value: undefined, fix: `give ${prop}, as ${typeName} declares` });
  for (const prop of Object.keys(kinds)) {
    const value = props[prop];
    if (value === undefined) continue;
    const kind = kinds[prop];
    if (typeof kind === 'object') {
      if (isObject(value)) addKindProblems(problems, typeName, value, kind, [], `${prefix}${prop}.`);
      else
        problems.push({ property: `${prefix}${prop}`, rule: 'must be an object', value, fix: `pass an object, as ${typeName} declares` });
    } else if (!hasKind(value, kind)) {
      problems.push({
        property: `${prefix}${prop}`,
        rule: `must be ${DESCRIBE[kind]}`,
        value,
        fix: `pass ${DESCRIBE[kind]}, as ${typeName} declares`,
      });
    }
  }
}

/** Throws, naming the construct path, when a prop is missing or not of its declared kind (see {@link propKindProblems}). */
export function checkPropKinds(
  constructPath: string,
  typeName: string,
  props: unknown,
  kinds: PropKinds,
  required: readonly string[] = [],
): void {
  const problems = propKindProblems(typeName, props, kinds, required);
  if (problems.length > 0) throw new OmsConfigError(constructPath, problems);
}

/** The path a construct with `id` will have under a scope at `scopePath` (for errors thrown before it exists). */
export function childPath(scopePath: string, id: string): string {
  if (typeof scopePath === 'string' && typeof id === 'string')
    return scopePath.length === 0 ? id : id.length === 0 ? scopePath : `${scopePath}/${id}`;
  return [scopePath, id].filter((p) => p.length > 0).join('/');
}

/** What {@link checkNewConstruct} reads of the scope a construct is made in (a constructs `IConstruct`). */
export interface ConstructScope {
  readonly node: { readonly path: string; tryFindChild(id: string): unknown };
}

/**
 * {@link checkConstructInput} at a constructor's entry, for a construct about to be made as `id` under `scope`
 * (the id must be free there); returns the path the construct will have, for its other errors.
 */
export function checkNewConstruct(scope: ConstructScope, id: unknown, props: unknown): string {
  checkConstructInput(scope.node.path, id, props, typeof id === 'string' && scope.node.tryFindChild(id) !== undefined);
  return childPath(scope.node.path, id as string);
}
