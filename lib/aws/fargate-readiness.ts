import { DEFAULT_HEALTH_CHECK_PATH, DEFAULT_HEALTH_CHECK_SUCCESS_CODES, ReadinessCheck } from '../core';
import type { OmsFargateServiceProps } from './ecs-fargate-service';

/**
 * The readiness check the target group requests: `healthCheckPath` and `healthCheckSuccessCodes`, the props a
 * Kubernetes `Microservice` takes (same defaults), or the deprecated `healthCheck.path` / `healthCheck.matcher`.
 */
export function fargateReadiness(
  props: Pick<OmsFargateServiceProps, 'healthCheck' | 'healthCheckPath' | 'healthCheckSuccessCodes'>,
): ReadinessCheck {
  return {
    path: props.healthCheckPath ?? props.healthCheck?.path ?? DEFAULT_HEALTH_CHECK_PATH,
    successCodes: props.healthCheckSuccessCodes ?? props.healthCheck?.matcher ?? DEFAULT_HEALTH_CHECK_SUCCESS_CODES,
  };
}
