// Imported first by every command: turns on Node's compile cache (Node 22.1 and later; nothing on an older Node), so
// the compiled code of the modules a command loads (cdk8s, cdktf, the provider classes, this library) is kept on
// disk under the system's temporary folder, keyed by each file's content and Node's version, and a later run of any
// command skips most of the parsing. The npm scripts turn it on the same way (scripts/built.js).
import * as nodeModule from 'node:module';

nodeModule.enableCompileCache?.();
