/**
 * The one place the generated Kubernetes API classes come from. Moving to a
 * newer cdk8s-plus (or generating our own with `cdk8s import`) changes this line only.
 */
export { k8s } from 'cdk8s-plus-27';
