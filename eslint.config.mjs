import tseslint from 'typescript-eslint';

// The folders of lib/ are layers with one direction: a folder may import the folders before it in its list,
// never one after it. `npm run lint` (which CI runs) fails on a backwards import.
//   core -> aws, policy, review (beside each other, each on core alone); review -> delivery (deploy records)
//   core -> k8s/primitives -> k8s/crds -> k8s/platform -> k8s/environment -> k8s/connections
//        -> k8s/workloads -> k8s/routing -> k8s/release -> k8s/output -> environments -> synth
const K8S_LAYERS = ['primitives', 'crds', 'platform', 'environment', 'connections', 'workloads', 'routing', 'release', 'output'];
const TOP_LAYERS = ['environments', 'synth'];

const BARREL = {
  name: '@cdktf/provider-aws',
  message: 'Use deep imports (@cdktf/provider-aws/lib/<resource>): the barrel costs seconds per process.',
};
const NO_CDK8S_PLUS = {
  group: ['cdk8s-plus-*'],
  message: 'cdk8s-plus stays inside lib/k8s, so moving to a newer cdk8s-plus is contained.',
};
const NO_CDKTF = { group: ['cdktf', '@cdktf/*'], message: 'cdktf stays inside lib/aws, so moving to its successor is contained.' };

const LIB_FOLDERS = ['k8s', 'aws', 'policy', 'review', 'delivery', 'environments', 'synth'];
const OUTSIDE_CORE = LIB_FOLDERS.flatMap((f) => [`../${f}`, `../${f}/**`, `../../${f}`, `../../${f}/**`]);

/** One rule per folder: the base restrictions plus every folder above it. */
function layer(files, forbidden, extra = []) {
  const groups = forbidden.map((f) => ({
    group: [f, `${f}/**`],
    message: 'Backwards import between the layers of lib/ (see eslint.config.mjs): move what both need down a layer.',
  }));
  return {
    files,
    rules: { 'no-restricted-imports': ['error', { paths: [BARREL], patterns: [...extra, ...groups] }] },
  };
}

const k8sLayerConfigs = K8S_LAYERS.map((folder, i) =>
  layer(
    [`lib/k8s/${folder}/**/*.ts`],
    [...K8S_LAYERS.slice(i + 1).map((f) => `../${f}`), ...TOP_LAYERS.map((f) => `../../${f}`), '../../aws', '../../policy', '../../review', '../../delivery'],
    [NO_CDKTF],
  ),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'lib/k8s/crds/imports/', 'coverage/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': ['error', { paths: [BARREL] }],
    },
  },
  {
    files: ['lib/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['cdk8s', 'cdk8s-plus-*', 'cdktf', '@cdktf/*', 'constructs'], message: 'lib/core is pure code.' },
            { group: OUTSIDE_CORE, message: 'lib/core imports nothing else of lib/.' },
          ],
        },
      ],
    },
  },
  layer(['lib/aws/**/*.ts'], ['../k8s', '../environments', '../synth', '../policy', '../review'], [NO_CDK8S_PLUS]),
  layer(['lib/policy/**/*.ts'], ['../k8s', '../environments', '../synth', '../aws', '../review'], [NO_CDK8S_PLUS, NO_CDKTF]),
  layer(['lib/review/**/*.ts'], ['../k8s', '../environments', '../synth', '../aws', '../policy', '../delivery'], [NO_CDK8S_PLUS, NO_CDKTF]),
  layer(['lib/delivery/**/*.ts'], ['../k8s', '../environments', '../synth', '../aws', '../policy'], [NO_CDK8S_PLUS, NO_CDKTF]),
  ...k8sLayerConfigs,
  layer(['lib/environments/**/*.ts'], ['../synth', '../aws'], [NO_CDK8S_PLUS, NO_CDKTF]),
  layer(['lib/synth/**/*.ts'], ['../aws'], [NO_CDK8S_PLUS, NO_CDKTF]),
);
