import { commitFromEnvironment, imageTag, isCandidateTag } from '../core';
import { parseCommandLine } from './args';
import { CommandIo, EXIT } from './commands';
import {
  DeployTarget,
  TargetError,
  buildRefFromEnvironment,
  deployTarget,
  driftTarget,
  formatTarget,
  pullRequestPlanTarget,
  readAppTargets,
  teardownTarget,
} from './ci-target';

export const TARGET_USAGE = `usage: target [--dist <dir>] [--drift | --pr-plan | --teardown | --images]

Prints what a CI job handles, derived from the synthesized apps (dist/<env>/apply-plan.json: each
app's stage, and whether it is a branch app): key=value lines for $GITHUB_OUTPUT or Jenkins.

  (no mode)     what the ref being built deploys: a release-candidate tag every staging app, a
                release tag every production app, main every UAT app, another branch every branch app;
                with image_tag (this build's images) and, for a release candidate, promote_from
  --drift       every long-lived environment (uat, staging, prod)
  --pr-plan     every long-lived environment with Terraform, production excepted
  --teardown    every branch app of the branch dist/ was synthesized for (BRANCH_NAME)
  --images      only image_tag and promote_from (no dist/ needed: the images job runs before synthesis)
  --dist <dir>  the synthesized output (default: dist)

Exit codes: 0 printed, 1 no usable dist/ or a tag that looks like a release but does not parse, 64 usage.
`;

/**
 * The tag this build's images carry (`image_tag`, imageTag({ ref, commit })) and, for a release candidate, the
 * tag it promotes from (`promote_from`): the build of the same commit on main. A release tag promotes from
 * the candidate production's gate names (`deployments gate`).
 */
function imageTags(ref: string | undefined, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  if (ref === undefined || ref.length === 0) return {};
  const commit = commitFromEnvironment(env);
  const tags: Record<string, string> = { image_tag: imageTag({ ref, commit }) };
  if (isCandidateTag(ref)) tags.promote_from = imageTag({ ref: env.MAIN_BRANCH ?? 'main', commit });
  return tags;
}

/** `target [--dist <dir>] [--drift | --pr-plan | --teardown]`. */
export function targetCommand(
  argv: readonly string[],
  io: CommandIo,
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const args = parseCommandLine(
    {
      name: 'target',
      usage: TARGET_USAGE,
      specs: [{ name: '--dist', value: 'dir' }, { name: '--drift' }, { name: '--pr-plan' }, { name: '--teardown' }, { name: '--images' }],
      maxPositionals: 0,
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const modes = ['--drift', '--pr-plan', '--teardown', '--images'].filter((m) => args.flags.has(m));
  if (modes.length > 1) {
    io.err(`target: give at most one of ${modes.join(', ')}\n\n${TARGET_USAGE}`);
    return EXIT.usage;
  }
  try {
    const ref = buildRefFromEnvironment(env);
    if (modes[0] === '--images') {
      io.out(
        Object.entries(imageTags(ref.tag ?? ref.branch, env))
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
      );
      return EXIT.ok;
    }
    const apps = readAppTargets(args.values['--dist']?.[0] ?? 'dist');
    let t: DeployTarget;
    if (modes[0] === '--drift') t = driftTarget(apps);
    else if (modes[0] === '--pr-plan') t = pullRequestPlanTarget(apps);
    else if (modes[0] === '--teardown') t = teardownTarget(apps, env.BRANCH_NAME ?? ref.branch ?? '');
    else t = deployTarget(ref, apps);
    io.out(formatTarget(t, modes.length === 0 ? imageTags(ref.tag ?? ref.branch, env) : {}));
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    io.err(`${err.message}\n`);
    return EXIT.failed;
  }
}
