/**
 * Bad arguments of the review's building blocks: each names the argument, the value, the rule and
 * the fix, as a ReviewInputError (or, for runPlan, a usage exit with nothing run), never a
 * TypeError or a raw ENOENT.
 */
import fs from 'node:fs';
import * as path from 'node:path';
import { Plan, ReviewInputError, diffEnvironment, pinned, planProblems, readDist, readEnvironment, runPlan } from '../../lib/review';
import { formatProblem } from '../../lib/core';
import { renderAllApps } from '../support/apps';
import { deployment, tree } from './fixtures';

const SYNTH = 'run npm run synth for that revision first';
const dist = tree({ 'e/k8s/app.yaml': deployment('r/app:1'), 'notes.txt': 'not an environment\n' });
const file = path.join(dist, 'notes.txt');
const missing = path.join(dist, 'missing');
const q = (v: string) => JSON.stringify(v);

const throws = (run: () => unknown, message: string) => {
  expect(run).toThrow(ReviewInputError);
  expect(run).toThrow(new Error(message));
};

describe('readEnvironment', () => {
  const fix = `Fix: pass an environment folder of a dist/ tree (dist/<environment>), or ${SYNTH}`;
  test.each([
    ['no folder', undefined, `readEnvironment: invalid configuration\n  - dir must be the path of a folder (received undefined). ${fix}`],
    ['a file', file, `readEnvironment: invalid configuration\n  - dir must be a folder, not a file (received ${q(file)}). ${fix}`],
    ['a folder that does not exist', missing, `${missing}: cannot be read (ENOENT). Fix: ${SYNTH}`],
  ])('%s', (_name, dir, message) => throws(() => readEnvironment(dir as string), message));

  test('a folder inside that cannot be listed (as /proc/1/fdinfo for a process without the right) is named, not a crash', () => {
    const env = tree({ 'k8s/app.yaml': deployment('r/app:1'), 'locked/x.yaml': '' });
    const locked = path.join(env, 'locked');
    // Root reads any folder whatever its mode, so the refusal is made where the walk asks for the listing.
    const list = fs.readdirSync;
    jest.spyOn(fs, 'readdirSync').mockImplementation(((dir: fs.PathLike, options: never) => {
      if (String(dir) === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: 'EACCES' });
      return list(dir, options);
    }) as typeof fs.readdirSync);
    try {
      throws(() => readEnvironment(env), `${locked}: cannot be read (EACCES). Fix: ${SYNTH}`);
    } finally {
      jest.restoreAllMocks();
    }
  });
});

describe('readDist', () => {
  const fix = `Fix: pass the dist/ folder synthesis wrote, or ${SYNTH}`;
  const odd = tree({ 'e/k8s/app.yaml': deployment('r/app:1'), 'Old_Env/k8s/app.yaml': deployment('r/app:1'), '.cache/x': '' });
  test.each([
    ['a number', 42, `readDist: invalid configuration\n  - dir must be the path of a folder (received 42). ${fix}`],
    ['an empty path', '', `readDist: invalid configuration\n  - dir must be the path of a folder (received ""). ${fix}`],
    ['a file', file, `readDist: invalid configuration\n  - dir must be a folder, not a file (received ${q(file)}). ${fix}`],
    [
      'folders that are no environments',
      odd,
      `${odd}: invalid configuration\n` +
        `  - environment folder .cache must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received ".cache"). Fix: remove it from ${odd}, or ${SYNTH}\n` +
        `  - environment folder Old_Env must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "Old_Env"). Fix: remove it from ${odd}, or ${SYNTH}`,
    ],
  ])('%s', (_name, dir, message) => throws(() => readDist(dir as string), message));
});

describe('diffEnvironment', () => {
  const env = readEnvironment(path.join(dist, 'e'));
  test.each([
    [
      'a name that is no environment, and a side read as a plain object',
      () => diffEnvironment('../e', {} as any, env),
      'diffEnvironment: invalid configuration\n' +
        '  - environment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "../e"). Fix: pass the environment\'s name (its dist/ folder)\n' +
        '  - base must be the objects of one environment, as readEnvironment returns them (received "an object that is no Map"). Fix: pass readEnvironment(<dist>/<environment>), or an empty Map when the environment is new or removed',
    ],
    [
      'no head and an empty plan file',
      () => diffEnvironment('e', env, undefined as any, ''),
      'diffEnvironment: invalid configuration\n' +
        '  - head must be the objects of one environment, as readEnvironment returns them (received undefined). Fix: pass readEnvironment(<dist>/<environment>), or an empty Map when the environment is new or removed\n' +
        '  - planFile must be the path of a file, when given (received ""). Fix: pass the plan summary apply --plan-only writes (or terraform show -json output), or leave it out to review Terraform offline',
    ],
  ])('%s', (_name, run, message) => throws(run, message));

  test('an environment compared with itself has no changes', () =>
    expect(diffEnvironment('e', env, env)).toEqual({
      environment: 'e',
      terraform: 'none',
      added: [],
      removed: [],
      changed: [],
      destructive: [],
    }));
});

describe('pinned', () => {
  const contextFix = 'Fix: pass the context of the cluster, as kubectl config get-contexts lists it, or leave it out';
  test.each([
    [
      'no command',
      () => pinned([], 'uat'),
      'pinned: invalid configuration\n  - argv must be a non-empty list of non-empty arguments (received []). Fix: pass the program and its arguments, e.g. ["kubectl", "apply", "-f", "k8s/"]',
    ],
    [
      'an empty context (it would leave kubectl unpinned)',
      () => pinned(['kubectl', 'apply'], ''),
      `pinned: invalid configuration\n  - context must be a kube context name: not empty, no control characters (received ""). ${contextFix}`,
    ],
    [
      'a context with a line break',
      () => pinned(['kubectl', 'apply'], 'uat\nprod'),
      `pinned: invalid configuration\n  - context must be a kube context name: not empty, no control characters (received "uat\\nprod"). ${contextFix}`,
    ],
  ])('%s', (_name, run, message) => throws(run, message));

  test('kubectl and oc are pinned; other programs are not', () => {
    expect(pinned(['kubectl', 'apply', '-f', 'k8s/'], 'arn:aws:eks:eu-west-1:111122223333:cluster/oms uat')).toEqual([
      'kubectl',
      '--context=arn:aws:eks:eu-west-1:111122223333:cluster/oms uat',
      'apply',
      '-f',
      'k8s/',
    ]);
    expect(pinned(['terraform', 'plan'], 'uat')).toEqual(['terraform', 'plan']);
  });
});

const PLAN_FIX = 'Fix: synthesize the environment again (npm run synth) and apply the plan it writes; do not edit it';
const step = {
  name: 'apply',
  description: 'apply the manifests',
  commands: [{ argv: ['kubectl', 'apply', '-f', 'k8s/'], timeoutSeconds: 300 }],
};

describe('planProblems', () => {
  test.each([
    ['a list', [], [`plan must be a plan: { environment, steps } (received "a list"). ${PLAN_FIX}`]],
    [
      'a path for a name, an unknown stage and no steps',
      { environment: '../prod', stage: 'dev', steps: [] },
      [
        `plan.environment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "../prod"). ${PLAN_FIX}`,
        `plan.stage must be one of branch, uat, staging, prod (received "dev"). ${PLAN_FIX}`,
        `plan.steps must be a non-empty list of steps (received []). ${PLAN_FIX}`,
      ],
    ],
    [
      'a step without commands, and a command given as one string',
      {
        environment: 'e',
        steps: [
          { name: 'apply', description: 'x' },
          { ...step, commands: [{ argv: 'kubectl apply -f k8s/', timeoutSeconds: 300 }] },
        ],
      },
      [
        'plan.steps[0].commands is required (received undefined). Fix: give commands, as PlanStep declares',
        `plan.steps[1].commands[0].argv must be a non-empty list of non-empty arguments (received "kubectl apply -f k8s/"). ${PLAN_FIX}`,
      ],
    ],
    [
      'output written out of the folder, no time limit, an unknown wait and a namespace that is no label',
      {
        environment: 'e',
        steps: [
          {
            ...step,
            commands: [{ argv: ['terraform', 'show', '-json', 'tfplan'], timeoutSeconds: 0, stdoutTo: '../../.bashrc', terraform: 'show' }],
            waits: [{ kind: 'Pod', name: 'app', namespace: 'E', timeoutSeconds: 60 }],
            onlyIfNamespaceExists: 'kube_system',
          },
        ],
      },
      [
        `plan.steps[0].commands[0].timeoutSeconds must be a positive number of seconds (received 0). ${PLAN_FIX}`,
        `plan.steps[0].commands[0].stdoutTo must be a path inside the environment folder (received "../../.bashrc"). ${PLAN_FIX}`,
        `plan.steps[0].commands[0].terraform must be "plan" or "apply" (received "show"). ${PLAN_FIX}`,
        `plan.steps[0].waits[0].kind must be one of Deployment, StatefulSet, Rollout, Job, ExternalSecret (received "Pod"). ${PLAN_FIX}`,
        `plan.steps[0].waits[0].namespace must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "E"). ${PLAN_FIX}`,
        `plan.steps[0].onlyIfNamespaceExists must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "kube_system"). ${PLAN_FIX}`,
      ],
    ],
    [
      'a namespace-gone fallback without its namespace, a command as one string, a wait out of range and an after-wait without a time limit',
      {
        environment: 'e',
        steps: [
          {
            ...step,
            ifNamespaceGone: {
              description: 'x',
              commands: [{ argv: 'kubectl apply -f teardown/', timeoutSeconds: 300 }],
              waits: [{ kind: 'Job', name: 'drop', namespace: 'E', timeoutSeconds: 60 }],
              afterWaits: [{ argv: ['kubectl', 'delete', 'namespace', 't'], timeoutSeconds: -1 }],
            },
          },
        ],
      },
      [
        `plan.steps[0].ifNamespaceGone needs onlyIfNamespaceExists (the namespace whose absence it stands in for) (received "set"). ${PLAN_FIX}`,
        `plan.steps[0].ifNamespaceGone.commands[0].argv must be a non-empty list of non-empty arguments (received "kubectl apply -f teardown/"). ${PLAN_FIX}`,
        `plan.steps[0].ifNamespaceGone.waits[0].namespace must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "E"). ${PLAN_FIX}`,
        `plan.steps[0].ifNamespaceGone.afterWaits[0].timeoutSeconds must be a positive number of seconds (received -1). ${PLAN_FIX}`,
      ],
    ],
    [
      'a done-before check without its reason, and a command without a time limit',
      {
        environment: 'e',
        steps: [
          {
            ...step,
            onlyIfNamespaceExists: 'e',
            ifNamespaceGone: { description: 'x', commands: [], doneIfNoOutput: { commands: [{ argv: ['terraform', 'state', 'list'] }] } },
          },
        ],
      },
      [
        `plan.steps[0].ifNamespaceGone.doneIfNoOutput.why must say what an empty output means (received undefined). ${PLAN_FIX}`,
        'plan.steps[0].ifNamespaceGone.doneIfNoOutput.commands[0].timeoutSeconds is required (received undefined). Fix: give timeoutSeconds, as PlanCommand declares',
      ],
    ],
    [
      'a namespace-gone fallback without commands',
      { environment: 'e', steps: [{ ...step, onlyIfNamespaceExists: 'e', ifNamespaceGone: { description: 'x' } }] },
      ['plan.steps[0].ifNamespaceGone.commands is required (received undefined). Fix: give commands, as NamespaceGoneFallback declares'],
    ],
    [
      'a prune without kinds',
      { environment: 'e', steps: [{ ...step, prune: { selector: 'oms.platform/environment=e', timeoutSeconds: 600 } }] },
      ['plan.steps[0].prune.kinds is required (received undefined). Fix: give kinds, as PrunePlan declares'],
    ],
  ])('%s', (_name, plan, messages) => expect(planProblems(plan).map(formatProblem)).toEqual(messages));

  test('every plan synthesis writes for the apps has the shape the runner reads', () => {
    const plans = renderAllApps().flatMap(({ file, env }) =>
      env.files
        .filter((f) => f.path.endsWith('-plan.json') || f.path === 'phase-plans.json')
        .flatMap((f) => {
          const json = JSON.parse(f.content) as Plan | Record<string, Plan>;
          const all = f.path === 'phase-plans.json' ? Object.values(json as Record<string, Plan>) : [json as Plan];
          return all.map((p) => ({ where: `${file} ${f.path}`, problems: planProblems(p).map(formatProblem) }));
        }),
    );
    expect(plans.length).toBeGreaterThan(10);
    expect(plans.filter((p) => p.problems.length > 0)).toEqual([]);
  });
});

describe('runPlan', () => {
  const plan = { environment: 'e', steps: [step] } as Plan;
  test.each([
    [
      'a plan without steps',
      { environment: 'e' },
      { cwd: dist, dryRun: true },
      `runPlan: invalid configuration\n  - plan.steps must be a non-empty list of steps (received undefined). ${PLAN_FIX}\nNothing ran.`,
    ],
    [
      'options the runner cannot use',
      plan,
      { cwd: missing, dryRun: 'no', context: '', terraform: 'destroy', pollSeconds: -1, run: 'kubectl' },
      'runPlan: invalid configuration\n' +
        `  - options.cwd must be an existing folder (received ${q(missing)}). Fix: pass the environment's output folder, dist/<environment>\n` +
        '  - options.dryRun must be true or false (received "no"). Fix: pass dryRun: false to run, true to print\n' +
        '  - options.context must be a kube context name: not empty, no control characters (received ""). Fix: pass the context of the cluster, as kubectl config get-contexts lists it, or leave it out\n' +
        '  - options.terraform must be "plan" or "apply", when given (received "destroy"). Fix: leave it out to plan and apply in one run\n' +
        '  - options.pollSeconds must be a positive number of seconds (received -1). Fix: leave it out for 5 seconds\n' +
        '  - options.run must be a function, when given (received "string"). Fix: pass a function, or leave it out\n' +
        'Nothing ran.',
    ],
  ])('%s: exits 64 and runs nothing', (_name, p, options, message) => {
    const lines: string[] = [];
    const run = jest.fn();
    expect(
      runPlan(p as Plan, {
        ...(options as any),
        log: (l: string) => lines.push(l),
        ...(typeof (options as any).run === 'string' ? {} : { run }),
      }),
    ).toBe(64);
    expect(lines).toEqual([message]);
    expect(run).not.toHaveBeenCalled();
  });

  test('a valid plan runs', () => {
    const run = jest.fn(() => ({ status: 0 }));
    expect(runPlan(plan, { cwd: dist, dryRun: false, context: 'uat', run, log: () => undefined })).toBe(0);
    expect(run).toHaveBeenCalledWith(['kubectl', '--context=uat', 'apply', '-f', 'k8s/'], {
      cwd: dist,
      timeoutSeconds: 300,
      capture: false,
    });
  });
});
