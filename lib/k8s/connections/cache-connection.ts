import { OmsConfigError, Problem, SecretKeyReference, configMapKeyViolation, dns1123LabelViolation, problemIf } from '../../core';
import { EndpointConnection, EndpointConnectionProps, validateEndpointProps } from './endpoint-connection';

/** Properties of a {@link CacheConnection}. */
export interface CacheConnectionProps extends EndpointConnectionProps {
  /** Whether clients must use TLS. @default true */
  readonly tls?: boolean;
  /** The AUTH token, from a Secret. @default no AUTH */
  readonly authToken?: SecretKeyReference;
}

/** Every problem with a cache connection's properties. */
export function validateCacheConnectionProps(props: CacheConnectionProps): Problem[] {
  const problems = validateEndpointProps(props, 'cache', 6379);
  // Rendered as CACHE_TLS=true/false for clients: another value would reach them as neither.
  if (props.tls !== undefined && typeof props.tls !== 'boolean')
    problems.push({ property: 'tls', rule: 'must be true or false', value: props.tls, fix: 'use tls: true (the default) or tls: false' });
  if (props.authToken !== undefined) {
    const rule = dns1123LabelViolation(props.authToken.secretName ?? '', 253);
    if (rule)
      problems.push({ property: 'authToken.secretName', rule, value: props.authToken.secretName, fix: 'name the Secret with the token' });
    const key = props.authToken.key;
    problems.push(
      ...problemIf(
        'authToken.key',
        key,
        key === undefined ? 'is required' : configMapKeyViolation(key),
        'name the key that holds the token, e.g. "token"',
      ),
    );
  }
  return problems;
}

/**
 * A Redis-compatible cache (for example ElastiCache) a workload uses. A
 * generic workload gets `<prefix>_HOST`, `_PORT`, `_TLS` and, from the
 * Secret, `_AUTH_TOKEN` (prefix `CACHE` unless told otherwise, as on ECS).
 */
export class CacheConnection extends EndpointConnection {
  /** A cache that exists already. */
  public static existing(props: CacheConnectionProps): CacheConnection {
    const problems = validateCacheConnectionProps(props);
    if (problems.length > 0) throw new OmsConfigError(`CacheConnection.existing(${props.name ?? 'cache'})`, problems);
    return new CacheConnection(props);
  }

  public readonly kind = 'cache' as const;
  public readonly tls: boolean;
  public readonly authToken?: SecretKeyReference;

  private constructor(props: CacheConnectionProps) {
    super(props, { name: 'cache', port: 6379, variables: 'cache' });
    this.tls = props.tls ?? true;
    this.authToken = props.authToken;
  }

  protected productBinding() {
    const secretEnv: Record<string, SecretKeyReference> = this.authToken ? { AUTH_TOKEN: this.authToken } : {};
    return { env: { TLS: String(this.tls) }, secretEnv };
  }
}
