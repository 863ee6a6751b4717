import { Scalar, stringify } from 'yaml';

/*
 * A block-style YAML emitter for the data we write (plain objects, arrays, strings, numbers,
 * booleans and null, as `toJson` produces them). It writes exactly what the `yaml` library writes
 * with `{ lineWidth: 0 }` (YAML 1.2 core schema, two-space indent, sequences indented under their
 * key, literal blocks for multi-line strings), about ten times faster, because it prints straight
 * from the values instead of building a document tree first.
 *
 * Anything outside the cases it knows (control characters, multi-line strings whose form depends
 * on the library's folding rules, lines that look like document markers, shared or circular
 * objects, class instances, undefined in arrays...) makes it hand the whole document to the
 * library, so the output is the library's in every case but one. The tests compare both over
 * generated values and over every synthesized file.
 *
 * The exception: the library writes a multi-line string made only of whitespace (" \n") as a
 * literal block whose lines hold nothing but spaces, which YAML reads back without those spaces
 * (yaml 2.9.1). Such strings are written double-quoted instead, so every value reads back as it was.
 */

/** Thrown inside the emitter when a value needs the library; never escapes this module. */
class NeedsLibrary extends Error {}
const NEEDS_LIBRARY = new NeedsLibrary('needs the yaml library');

// Characters YAML must escape in double quotes (the library forces double quotes for them).
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** A plain scalar cannot start with an indicator, contain ': ' or ' #', or end in a space or colon. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Plain text the core schema reads as null, a boolean or a number: such strings are quoted. */
const NOT_A_STRING =
  /^(?:~|[Nn]ull|NULL)?$|^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$|^0o[0-7]+$|^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$|^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$|^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** The most common strings (names, images, paths, quantities): plain as they are. */
const SIMPLE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const SIMPLE_BUT_SPECIAL = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/** A single-line string in quotes: single quotes when it holds a double quote and no single one. */
function quoted(value: string): string {
  return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

/** A multi-line string as a literal block (`|`, `|-`), indented by `indent`. */
function literalBlock(value: string, indent: string): string {
  // Blocks that end in blank lines (`|+`) or whose last line is only whitespace: the library's rules.
  if (/\n[\t ]+$/.test(value) || /\n\n$/.test(value)) throw NEEDS_LIBRARY;
  let endStart = value.length;
  while (endStart > 0) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
    endStart--;
  }
  let end = value.substring(endStart);
  const endNl = end.indexOf('\n');
  if (endNl !== -1 && (value === end || endNl !== end.length - 1)) throw NEEDS_LIBRARY;
  const chomp = endNl === -1 ? '-' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end.endsWith('\n')) end = end.slice(0, -1);
  }
  let startWithSpace = false;
  let startNl = -1;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNl = i;
    else break;
  }
  let start = value.substring(0, startNl + 1);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  return `|${startWithSpace ? '2' : ''}${chomp}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}

/** A string as a scalar; `indent` is where a block's lines go. */
function scalarString(value: string, indent: string, isKey: boolean): string {
  if (SIMPLE.test(value)) return SIMPLE_BUT_SPECIAL.test(value) ? JSON.stringify(value) : value;
  if (CONTROL.test(value)) throw NEEDS_LIBRARY;
  const multiLine = value.includes('\n');
  if (multiLine && isKey) throw NEEDS_LIBRARY;
  if (NOT_PLAIN.test(value)) return multiLine ? literalBlock(value, indent) : quoted(value);
  if (multiLine) return literalBlock(value, indent);
  if (DOCUMENT_MARKER.test(value)) throw NEEDS_LIBRARY;
  return NOT_A_STRING.test(value) ? quoted(value) : value;
}

/**
 * Map keys as scalars, remembered: the same few hundred keys (`apiVersion`, `name`, label keys) make
 * up nearly every key of an estate. A key's text does not depend on its indentation (multi-line keys
 * go to the library). Bounded, so an estate of unique keys cannot grow it without end.
 */
const KEYS = new Map<string, string>();
function keyString(key: string): string {
  let k = KEYS.get(key);
  if (k === undefined) {
    k = scalarString(key, '', true);
    if (KEYS.size < 20_000) KEYS.set(key, k);
  }
  return k;
}

/**
 * String values as scalars, remembered like keys: an estate repeats the same values (images, label values,
 * ports' names, whole scripts and configuration files in literal blocks) in every service. A single-line
 * value's text does not depend on its indentation; a literal block's does, so blocks are kept per indentation
 * (indentations are spaces only, so their length names them). Bounded, as KEYS; very long values are not kept.
 */
const VALUES = new Map<string, string>();
const BLOCKS: Map<string, string>[] = [];
const MAX_REMEMBERED = 50_000;
function stringValue(value: string, indent: string): string {
  if (value.length > 4096) return scalarString(value, indent, false);
  let known = VALUES;
  if (value.includes('\n')) known = BLOCKS[indent.length] ??= new Map<string, string>();
  let s = known.get(value);
  if (s === undefined) {
    s = scalarString(value, indent, false);
    if (known.size < MAX_REMEMBERED) known.set(value, s);
  }
  return s;
}

/** `\n<indent><key>:`, the line that starts a map's pair, remembered per indentation (as KEYS, bounded). */
const KEY_LINES: Map<string, string>[] = [];
function keyLine(key: string, indent: string): string {
  const known = (KEY_LINES[indent.length] ??= new Map<string, string>());
  let line = known.get(key);
  if (line === undefined) {
    const k = keyString(key);
    // Keys longer than 1024 characters become explicit keys (`? key`) in the library.
    if (k.length > 1024) throw NEEDS_LIBRARY;
    line = `\n${indent}${k}:`;
    if (known.size < 20_000) known.set(key, line);
  }
  return line;
}

function scalar(value: unknown, indent: string): string {
  switch (typeof value) {
    case 'string':
      return stringValue(value, indent);
    case 'number':
      if (Number.isFinite(value)) return Object.is(value, -0) ? '-0' : JSON.stringify(value);
      return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      throw NEEDS_LIBRARY;
    default:
      throw NEEDS_LIBRARY;
  }
}

const isPlainObject = (value: object): boolean => {
  if (value.constructor === Object && Object.getPrototypeOf(value) === Object.prototype)
    return typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
};

/** Whether a map writes no pair (every value undefined): the library writes `{}` for it. */
function isEmptyMap(obj: Record<string, unknown>): boolean {
  for (const key in obj) if (Object.prototype.hasOwnProperty.call(obj, key) && obj[key] !== undefined) return false;
  return true;
}

/**
 * Emits one document into one string, line by line, each piece appended once (nesting does not
 * copy or wrap what is already written). `seen` catches shared and circular objects (the library
 * writes anchors for them).
 */
class Emitter {
  out = '';
  private readonly seen = new Set<object>();

  /** A collection's kind, after checking it is one this emitter writes: 'seq', 'map', or 'empty' ([] or {}). */
  private check(value: object): 'seq' | 'map' | '[]' | '{}' {
    if (this.seen.has(value)) throw NEEDS_LIBRARY;
    this.seen.add(value);
    if (Array.isArray(value)) return value.length === 0 ? '[]' : 'seq';
    if (!isPlainObject(value)) throw NEEDS_LIBRARY;
    return isEmptyMap(value as Record<string, unknown>) ? '{}' : 'map';
  }

  /** A collection whose first line goes where the output stands (after `- ` or at the start). */
  collection(value: object, indent: string): void {
    const kind = this.check(value);
    if (kind === 'seq') this.seq(value as unknown[], indent);
    else if (kind === 'map') this.map(value as Record<string, unknown>, indent);
    else this.out += kind;
  }

  /** A map's pairs, the first where the output stands, the others on new lines at `indent`. */
  map(obj: Record<string, unknown>, indent: string): void {
    const child = `${indent}  `;
    let first = true;
    for (const key in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
      const value = obj[key];
      if (value === undefined) continue;
      const line = keyLine(key, indent);
      // The first pair goes where the output stands: its line without the line break and indentation.
      this.out += first ? line.substring(indent.length + 1) : line;
      first = false;
      if (typeof value === 'object' && value !== null) {
        const kind = this.check(value);
        if (kind === 'seq') {
          this.out += `\n${child}`;
          this.seq(value as unknown[], child);
        } else if (kind === 'map') {
          this.out += `\n${child}`;
          this.map(value as Record<string, unknown>, child);
        } else this.out += ` ${kind}`;
      } else this.out += ` ${scalar(value, child)}`;
    }
  }

  /** A sequence's items after `- `, the first where the output stands, the others on new lines at `indent`. */
  seq(items: readonly unknown[], indent: string): void {
    const child = `${indent}  `;
    const dash = `\n${indent}- `;
    for (let i = 0; i < items.length; i++) {
      const value = items[i];
      this.out += i === 0 ? '- ' : dash;
      if (typeof value === 'object' && value !== null) this.collection(value, child);
      else if (value === undefined) throw NEEDS_LIBRARY;
      else this.out += scalar(value, child);
    }
  }
}

/** The document written by this emitter alone, or undefined where the library is needed. */
export function emitOwn(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    const emitter = new Emitter();
    emitter.collection(value, '');
    return `${emitter.out}\n`;
  } catch (err) {
    if (err instanceof NeedsLibrary) return undefined;
    throw err;
  }
}

/** A multi-line string of whitespace alone: the library's literal block for it loses its spaces. */
export function isLossyInLibraryBlock(value: unknown): value is string {
  return typeof value === 'string' && value.includes('\n') && /^[ \t\n]*$/.test(value) && /[ \t]/.test(value);
}

/** The library's replacer: whitespace-only multi-line strings double-quoted, everything else as the library writes it. */
function quoteLossyStrings(_key: unknown, value: unknown): unknown {
  if (!isLossyInLibraryBlock(value)) return value;
  const node = new Scalar(value);
  node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

/**
 * One value as a YAML document, exactly as `stringify(value, { lineWidth: 0 })` of the `yaml` library
 * writes it, except that whitespace-only multi-line strings are double-quoted (see the module comment).
 */
export function toYaml(value: unknown): string {
  return emitOwn(value) ?? stringify(value, quoteLossyStrings, { lineWidth: 0 });
}

/**
 * One value as a YAML document, exactly as `stringify(value)` of the `yaml` library writes it with its
 * default options (scalars folded at 80 columns). The library folds a scalar only when it does not fit
 * in 80 columns after its indentation, so where every line this emitter writes fits in 80 columns,
 * nothing would be folded and its text is the library's; and where it wrote a double-quoted string
 * with a line break (the one case it writes differently, see the module comment), the library writes.
 */
export function toYamlDefaultWidth(value: unknown): string {
  const own = emitOwn(value);
  if (own !== undefined && !own.includes('\\n') && own.split('\n').every((line) => line.length <= 80)) return own;
  return stringify(value);
}

/** One YAML document per object, separated by `---` lines: how every Kubernetes file is written. */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map(toYaml).join('---\n');
}
