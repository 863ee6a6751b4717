export * from './objectives';
export * from './request-metrics';
export * from './alert-rules';
export * from './dashboard';
export * from './metrics-endpoint';
export * from './alarm-thresholds';
