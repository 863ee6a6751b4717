export * from './core';
export * from './k8s/oms-environment';
export * from './k8s/oms-microservice';
export * from './k8s/oms-api-gateway';
export * from './k8s/pod-security';
export * from './k8s/render';
export * from './synth/synth-apps';
