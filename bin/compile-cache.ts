// Imported first by every command, to make its start cheaper.
//
// Node's compile cache (Node 22.1 and later; nothing on an older Node): the compiled code of the modules a command
// loads (cdk8s, cdktf, the provider classes, this library) is kept on disk under the system's temporary folder, keyed
// by each file's content and Node's version, so a later run of any command skips most of the parsing. The npm scripts
// turn it on the same way (scripts/built.js).
import * as nodeModule from 'node:module';
import * as path from 'node:path';

nodeModule.enableCompileCache?.();
deferArchiver();

/**
 * cdktf's entry point loads `archiver`, and with it about 200 modules (streams, lodash, glob...), for one purpose: to
 * zip a `TerraformAsset`, which this library never creates. That was a fifth of loading the AWS layer. The module
 * cache (`require.cache`, public and writable) gets, under the real archiver's file name, a stand-in that loads the
 * real archiver on its first call and passes the call on, so an asset still zips as before and a command pays for
 * archiver only when one does. Where cdktf or archiver cannot be found, nothing changes.
 */
export function deferArchiver(): void {
  let real: string;
  try {
    real = require.resolve('archiver', { paths: [path.dirname(require.resolve('cdktf'))] });
  } catch {
    return;
  }
  if (require.cache[real] !== undefined) return;
  const standIn = new nodeModule.Module(real);
  standIn.filename = real;
  standIn.loaded = true;
  standIn.exports = function archiver(...args: unknown[]): unknown {
    if (require.cache[real] === standIn) delete require.cache[real];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(real) as (...a: unknown[]) => unknown)(...args);
  };
  require.cache[real] = standIn;
}
