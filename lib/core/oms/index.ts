export * from './paths';
export * from './jvm-options';
export * from './system-overrides';
export * from './server-xml';
export * from './start-scripts';
export * from './rest-smoke';
export * from './images';
export * from './oms-apis';
