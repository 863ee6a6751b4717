import * as fs from 'fs';
import * as path from 'path';
import * as main from '../../lib';
import * as aws from '../../lib/aws';
import * as policy from '../../lib/policy';
import * as review from '../../lib/review';
import { ENTRY_POINTS } from './entry-points';

const MODULES = { main, aws, policy, review };
const ROOT = path.resolve(__dirname, '../..');

/** The functions and classes a module exports: what a user can call with input. */
const callables = (mod: object) =>
  Object.entries(mod)
    .filter(([, v]) => typeof v === 'function')
    .map(([k]) => k)
    .sort();

describe.each(Object.entries(MODULES))('the %s entry module', (key, mod) => {
  const registry = ENTRY_POINTS[key as keyof typeof ENTRY_POINTS];

  test('every exported function and class is registered, and nothing else', () => {
    expect(Object.keys(registry).sort()).toEqual(callables(mod));
  });

  const tables = Object.entries(registry).flatMap(([name, c]) => (c.kind === 'table' ? [[name, c.file] as const] : []));
  if (tables.length > 0)
    test.each(tables)('%s has a test.each table in %s', (name, file) => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      expect(text).toContain('test.each');
      expect(text).toMatch(new RegExp(`\\b${name}\\b`));
    });
});
