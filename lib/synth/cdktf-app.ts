import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCommandLine } from '../review/args';
import { CommandIo } from '../review/commands';
import { registerTypeScript } from './load-typescript';
import { listApps, renderApps } from './synth-apps';

export const CDKTF_APP_USAGE = `usage: cdktf-app [--apps <dir>] [--compiled <dir>]

The cdktf CLI's app (cdktf.json "app"): every AWS stack of the project's apps, one per environment, as
one cdktf app, so that cdktf synth, cdktf diff <env> and cdktf deploy <env> work. The apps are the
same files synth renders (apps/<name>.ts): each app is rendered and checked as synth does (its
validations and the AWS policy rules; any problem fails), then its stack is written into the cdktf
CLI's output folder (CDKTF_OUTDIR, default cdktf.out) with one manifest naming every stack.

  --apps <dir>       the apps folder (default: apps)
  --compiled <dir>   load compiled apps (<name>.js) from this folder instead of the .ts files
  --help             this text

Exit codes: 0 written, 1 an app or the policy failed, 64 usage error.
`;

/** What the cdktf CLI reads from `manifest.json`: the stacks, each with its folder and Terraform file. */
interface CdktfManifest {
  readonly version: string;
  readonly stacks: Record<string, unknown>;
}

/** The shape of a synthesized cdktf stack this module needs (it imports nothing of cdktf). */
interface StackLike {
  readonly node: { readonly root: { synth(): void; readonly outdir: string } };
}

/**
 * `cdktf-app`: renders every app and writes each one's AWS stack where the cdktf CLI reads it. Each app builds
 * its stack in a cdktf `App` of its own (an app is one environment), so each is synthesized by its own App into
 * the same output folder, and the manifests the Apps write one after the other are merged into one.
 */
export function cdktfAppCommand(argv: readonly string[], io: CommandIo, cwd = process.cwd(), env = process.env): number {
  const args = parseCommandLine(
    {
      name: 'cdktf-app',
      usage: CDKTF_APP_USAGE,
      specs: [
        { name: '--apps', value: 'dir' },
        { name: '--compiled', value: 'dir' },
      ],
      maxPositionals: 0,
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const appsDir = path.resolve(cwd, args.values['--apps']?.[0] ?? 'apps');
  const compiled = args.values['--compiled']?.[0] ? path.resolve(cwd, args.values['--compiled'][0]) : undefined;
  const outdir = path.resolve(cwd, env.CDKTF_OUTDIR ?? 'cdktf.out');
  let files: string[];
  try {
    files = listApps(appsDir);
  } catch (err) {
    io.err(`cdktf-app: ${err instanceof Error ? err.message : String(err)}\n`);
    return 64;
  }
  const base = (f: string) => f.replace(/\.(ts|js)$/, '');
  if (files.some((f) => f.endsWith('.ts')) && !compiled) registerTypeScript();
  const modules = files.map((file) => ({
    label: `${path.basename(appsDir)}/${file}`,
    modulePath: compiled ? path.join(compiled, `${base(file)}.js`) : path.join(appsDir, file),
  }));
  // The same checks as synth: a stack synth would refuse never reaches Terraform through cdktf either.
  const result = renderApps(modules);
  if (!result.ok) {
    io.err(`cdktf-app failed; nothing was written.\n\n${result.failures.join('\n\n')}\n`);
    return 1;
  }
  const stacks: Record<string, unknown> = {};
  let version = '';
  for (const { modulePath } of modules) {
    // Loaded already by renderApps: this is the same module object, not a second evaluation.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = (require(modulePath) as { default?: { aws?: StackLike } }).default;
    const stack = exported?.aws;
    if (stack === undefined) continue;
    const app = stack.node.root;
    app.synth();
    // The App writes relative to the working directory, as the cdktf CLI runs it.
    const from = path.resolve(app.outdir);
    const manifest = JSON.parse(fs.readFileSync(path.join(from, 'manifest.json'), 'utf8')) as CdktfManifest;
    version = manifest.version;
    for (const [name, entry] of Object.entries(manifest.stacks)) {
      if (from !== outdir) fs.cpSync(path.join(from, 'stacks', name), path.join(outdir, 'stacks', name), { recursive: true });
      stacks[name] = entry;
    }
  }
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, 'manifest.json'), `${JSON.stringify({ version, stacks }, null, 2)}\n`);
  io.out(
    `cdktf-app: ${Object.keys(stacks).length} stacks (${Object.keys(stacks).sort().join(', ')}) in ${path.relative(cwd, outdir) || '.'}\n`,
  );
  return 0;
}
