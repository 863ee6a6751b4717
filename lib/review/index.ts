export * from './dist-tree';
export * from './diff';
export * from './destructive-changes';
export * from './apply-plan';
export * from './run-plan';
export * from './commands';
