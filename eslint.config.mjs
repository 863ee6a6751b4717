import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'lib/k8s/crds/imports/', 'lib/k8s/primitives/imports/', 'coverage/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@cdktf/provider-aws', message: 'Use deep imports (@cdktf/provider-aws/lib/<resource>): the barrel costs seconds per process.' }] },
      ],
    },
  },
  {
    files: ['lib/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['cdk8s', 'cdk8s-plus-*', 'cdktf', '@cdktf/*', 'constructs'] }],
    },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/k8s/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['cdk8s-plus-*'] }] },
  },
);
