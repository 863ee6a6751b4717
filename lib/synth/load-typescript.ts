/**
 * Lets `require` load TypeScript app files (`apps/<env>.ts`) of a project that has not compiled them.
 *
 * The package brings its own loader, tsx (esbuild underneath), registered for CommonJS `require`: it strips the
 * types and turns the file into CommonJS without type checking (the project's `tsc` does that) and without the
 * TypeScript compiler API, so the project's TypeScript may be any version, 7 (which has no JavaScript API) included,
 * or none at all. Node's own type stripping (on by default from Node 22.18 and 23.6) is not enough here: it
 * does not rewrite extensionless relative imports (`import ... from './config/shop'` fails to resolve) and refuses
 * enums, namespaces and constructor parameter properties, all of which apps may use.
 *
 * Does nothing when `.ts` files can already be loaded (jest, ts-node, an earlier call).
 */
export function registerTypeScript(): void {
  const extensions = require.extensions as NodeJS.RequireExtensions;
  if (extensions['.ts']) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsx = require('tsx/cjs/api') as { register(): () => void };
  tsx.register();
}
