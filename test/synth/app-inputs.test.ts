/** Bad arguments of the synthesis entry points: each names the argument (or the app), the value, the rule and the fix. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listApps, renderApp } from '../../lib/synth/synth-apps';

const FIXTURES = path.join(__dirname, 'fixtures');

describe('renderApp', () => {
  const fix = 'Fix: pass the absolute path of an app module, e.g. path.resolve("apps/uat-eks.ts")';
  const missing = path.join(FIXTURES, 'no-such-app.ts');
  const halves = path.join(FIXTURES, 'bad-halves.ts');
  const aws = path.join(FIXTURES, 'bad-aws.ts');
  test.each([
    ['no path', undefined, `renderApp: invalid configuration\n  - modulePath must be an absolute path (received undefined). ${fix}`],
    [
      'a relative path',
      'apps/uat-eks.ts',
      `renderApp: invalid configuration\n  - modulePath must be an absolute path (received "apps/uat-eks.ts"). ${fix}`,
    ],
    [
      'a module that does not exist',
      missing,
      `renderApp: invalid configuration\n  - modulePath must name an app module that exists (received ${JSON.stringify(missing)}). ${fix}`,
    ],
    [
      'settings instead of an environment, and a stack with a bad name and stage',
      halves,
      `${halves}: invalid configuration\n` +
        '  - k8s must be an OmsEnvironment (received "an object with name"). Fix: export default { k8s: env } with env = new OmsEnvironment(...)\n' +
        '  - aws.environment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "Bad_Halves"). Fix: give the stack the environment\'s name\n' +
        '  - aws.stage must be one of branch, uat, staging, prod (received "test"). Fix: give the stack the environment\'s stage',
    ],
    [
      'a string instead of a stack',
      aws,
      `${aws}: invalid configuration\n  - aws must be a cdktf stack (an OmsAwsStack) (received "bad-aws"). Fix: export default { aws: stack } with stack = new OmsAwsStack(...)`,
    ],
  ])('%s', (_name, modulePath, message) => expect(() => renderApp(modulePath as string)).toThrow(new Error(message)));
});

describe('listApps', () => {
  const fix = 'Fix: pass the folder that holds the apps (apps/ of the project), or run from the project folder';
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-apps-'));
  fs.writeFileSync(path.join(empty, 'README.md'), 'no apps here\n');
  const file = path.join(FIXTURES, 'bad-aws.ts');
  const missing = path.join(empty, 'missing');
  test.each([
    ['no folder', undefined, `listApps: invalid configuration\n  - appsDir must be an existing folder (received undefined). ${fix}`],
    [
      'a folder that does not exist',
      missing,
      `listApps: invalid configuration\n  - appsDir must be an existing folder (received ${JSON.stringify(missing)}). ${fix}`,
    ],
    ['a file', file, `listApps: invalid configuration\n  - appsDir must be an existing folder (received ${JSON.stringify(file)}). ${fix}`],
    [
      'a folder without apps',
      empty,
      `listApps: invalid configuration\n  - appsDir must hold app modules (*.ts, or *.js when compiled) (received ${JSON.stringify(empty)}). ${fix}`,
    ],
  ])('%s', (_name, appsDir, message) => expect(() => listApps(appsDir as string)).toThrow(new Error(message)));

  test('the apps of a folder, sorted, TypeScript before compiled JavaScript', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-apps-'));
    for (const f of ['b.ts', 'a.ts', 'a.d.ts', 'c.js']) fs.writeFileSync(path.join(dir, f), '');
    expect(listApps(dir)).toEqual(['a.ts', 'b.ts']);
    for (const f of ['b.ts', 'a.ts', 'a.d.ts']) fs.rmSync(path.join(dir, f));
    expect(listApps(dir)).toEqual(['c.js']);
  });
});
