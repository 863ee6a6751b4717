import { renderAllApps } from '../support/apps';

// Whole-environment snapshots, one per synthesized file: the pull request shows
// exactly which manifests a change touches. Update with `npm run test:update`.
describe.each(renderAllApps().map(({ file, env }) => [file, env] as const))('%s', (_file, env) => {
  test.each(env.files.map((f) => [f.path, f.content] as const))('%s', (filePath, content) => {
    expect(content).toMatchSnapshot(`${env.name}/${filePath}`);
  });
});
