import { Problem, portNameViolation, portViolation } from '../../core';
import { k8s } from './kube';

/** How often and how patiently a probe asks. */
export interface ProbeTiming {
  /** Seconds before the first check. @default 0 */
  readonly initialDelaySeconds?: number;
  /** Seconds between checks. @default 10 */
  readonly periodSeconds?: number;
  /** Seconds one check may take. @default 5 */
  readonly timeoutSeconds?: number;
  /** Failed checks in a row before the container counts as failed. @default 3 */
  readonly failureThreshold?: number;
}

/**
 * One health check of a container: an HTTP GET, a command, or a TCP connect.
 * Workloads take them for their startup, readiness and liveness probes, so a
 * custom image with another contract sets its own checks through the API.
 */
export class HealthProbe {
  /** An HTTP GET that must answer 2xx or 3xx. `port` is a container port name or number. */
  public static http(path: string, port: string | number, timing: ProbeTiming = {}): HealthProbe {
    return new HealthProbe({ http: { path, port } }, timing);
  }

  /** A command run in the container that must exit 0 (an argument list, never a shell line). */
  public static exec(command: readonly string[], timing: ProbeTiming = {}): HealthProbe {
    return new HealthProbe({ exec: [...command] }, timing);
  }

  /** A TCP connection that must open. */
  public static tcp(port: string | number, timing: ProbeTiming = {}): HealthProbe {
    return new HealthProbe({ tcp: port }, timing);
  }

  private constructor(
    private readonly check: { http?: { path: string; port: string | number }; exec?: string[]; tcp?: string | number },
    /** The timing. */
    public readonly timing: ProbeTiming,
  ) {}

  /** The path of an HTTP check (`undefined` for a command or TCP check). */
  public get httpPath(): string | undefined {
    return this.check.http?.path;
  }

  /** The port an HTTP or TCP check connects to, by number or name (`undefined` for a command). */
  public get port(): string | number | undefined {
    return this.check.http?.port ?? this.check.tcp;
  }

  /** The same check with other timing. */
  public withTiming(timing: ProbeTiming): HealthProbe {
    return new HealthProbe(this.check, { ...this.timing, ...timing });
  }

  /** Every problem; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const problems: Problem[] = [];
    const { http, exec, tcp } = this.check;
    const port = http?.port ?? tcp;
    const portRule = typeof port === 'number' ? portViolation(port) : port === undefined ? undefined : portNameViolation(port);
    if (portRule)
      problems.push({
        property: `${property}.port`,
        rule: portRule,
        value: port,
        fix:
          typeof port === 'number'
            ? 'use the port the container listens on'
            : 'use the name of a container port, e.g. "http", or its number',
      });
    if (http && !/^\/[^\s]*$/.test(http.path))
      problems.push({
        property: `${property}.path`,
        rule: 'must be an absolute URL path',
        value: http.path,
        fix: 'start it with "/", e.g. "/healthz"',
      });
    if (exec && (exec.length === 0 || exec.some((a) => typeof a !== 'string' || a.length === 0)))
      problems.push({
        property: `${property}.command`,
        rule: 'must be a non-empty list of non-empty arguments',
        value: exec,
        fix: 'give the program and its arguments',
      });
    for (const [key, min] of [
      ['initialDelaySeconds', 0],
      ['periodSeconds', 1],
      ['timeoutSeconds', 1],
      ['failureThreshold', 1],
    ] as const) {
      const v = this.timing[key];
      if (v !== undefined && (!Number.isInteger(v) || v < min))
        problems.push({
          property: `${property}.${key}`,
          rule: `must be a whole number of at least ${min}`,
          value: v,
          fix: `use ${min} or more`,
        });
    }
    return problems;
  }

  /** The Kubernetes probe. */
  public toProbe(): k8s.Probe {
    const { http, exec, tcp } = this.check;
    const port = (p: string | number) => (typeof p === 'number' ? k8s.IntOrString.fromNumber(p) : k8s.IntOrString.fromString(p));
    return {
      httpGet: http ? { path: http.path, port: port(http.port) } : undefined,
      exec: exec ? { command: [...exec] } : undefined,
      tcpSocket: tcp !== undefined ? { port: port(tcp) } : undefined,
      initialDelaySeconds: this.timing.initialDelaySeconds,
      periodSeconds: this.timing.periodSeconds ?? 10,
      timeoutSeconds: this.timing.timeoutSeconds ?? 5,
      failureThreshold: this.timing.failureThreshold ?? 3,
    };
  }
}

/** The three probes of a container; a probe left out is not rendered. */
export interface HealthProbes {
  /** Holds the other probes back until the process has started (slow JVM starts). */
  readonly startup?: HealthProbe;
  /** Takes the pod out of its Service while it fails. */
  readonly readiness?: HealthProbe;
  /** Restarts the container when it fails. */
  readonly liveness?: HealthProbe;
}

/** Every problem with a set of probes; `property` prefixes the messages. */
export function validateHealthProbes(property: string, probes: HealthProbes | undefined): Problem[] {
  if (probes === undefined) return [];
  return (['startup', 'readiness', 'liveness'] as const).flatMap((k) => {
    const p = probes[k];
    if (p === undefined) return [];
    if (!(p instanceof HealthProbe))
      return [{ property: `${property}.${k}`, rule: 'must be a HealthProbe', value: p, fix: "use HealthProbe.http('/healthz', 'http')" }];
    return p.validate(`${property}.${k}`);
  });
}
