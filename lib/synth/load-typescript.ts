import * as fs from 'node:fs';

/**
 * Lets `require` load TypeScript app files (`apps/<env>.ts`) of a project that has not compiled
 * them: each file is transpiled in memory with the project's own `typescript` (a peer dependency),
 * to CommonJS, without type checking (the project's `tsc` does that). Does nothing when `.ts`
 * files can already be loaded (ts-node, jest).
 */
export function registerTypeScript(): void {
  const extensions = require.extensions as NodeJS.RequireExtensions;
  if (extensions['.ts']) return;
  let ts: typeof import('typescript');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ts = require(require.resolve('typescript', { paths: [process.cwd(), __dirname] }));
  } catch {
    throw new Error(
      'loading apps/*.ts needs the typescript package. Fix: npm install --save-dev typescript (or compile the apps and pass --apps <compiled-dir>)',
    );
  }
  extensions['.ts'] = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
    });
    (module as unknown as { _compile(code: string, file: string): void })._compile(outputText, filename);
  };
}
