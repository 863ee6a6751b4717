/**
 * What jest gives a module that requires `archiver` (see moduleNameMapper in jest.config.js): the
 * same functions, loading the real archiver on first use.
 *
 * cdktf's index requires archiver at load (cdktf/lib/private/fs.js), for zipping TerraformAsset
 * folders, and archiver brings about 200 modules with it (readable-stream, lodash, glob, async,
 * ...). This project creates no asset zips, so in the ~50 test files that load cdktf that was
 * about a fifth of a second of CPU each for nothing. cdktf zips in a child node process that runs
 * fs.js directly (outside jest), so even an asset would not call this; it forwards all the same.
 */
import * as path from 'node:path';

type Archiver = ((format: string, options?: unknown) => unknown) & {
  create(format: string, options?: unknown): unknown;
  registerFormat(format: string, module: unknown): void;
  isRegisteredFormat(format: string): boolean;
};

let real: Archiver | undefined;
/** cdktf's own (bundled) archiver, the one it would have got. */
function load(): Archiver {
  // By path: a require of 'archiver' would be mapped back here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  real ??= require(path.join(path.dirname(require.resolve('cdktf/package.json')), 'node_modules', 'archiver')) as Archiver;
  return real;
}

const archiver = ((format: string, options?: unknown) => load()(format, options)) as Archiver;
archiver.create = (format, options) => load().create(format, options);
archiver.registerFormat = (format, module) => load().registerFormat(format, module);
archiver.isRegisteredFormat = (format) => load().isRegisteredFormat(format);

export = archiver;
