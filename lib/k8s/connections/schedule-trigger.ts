import { Problem, cronViolation, timeZoneViolation } from '../../core';

/** Options of a schedule trigger. */
export interface CronScheduleProps {
  /** IANA time zone, e.g. `Europe/Amsterdam`. */
  readonly timezone: string;
  /** Cron expression (5 fields) when the window opens. */
  readonly start: string;
  /** Cron expression (5 fields) when the window closes. */
  readonly end: string;
  /** Replicas during the window. @default 1 */
  readonly desiredReplicas?: number;
}

/** A time window during which KEDA keeps replicas running (KEDA `cron` trigger). */
export class ScheduleTrigger {
  /** Keeps `desiredReplicas` running between `start` and `end`. */
  public static cron(props: CronScheduleProps): ScheduleTrigger {
    return new ScheduleTrigger(props);
  }

  private constructor(private readonly props: CronScheduleProps) {}

  /** Replicas during the window. */
  public get desiredReplicas(): number {
    return this.props.desiredReplicas ?? 1;
  }

  /** The KEDA metadata. */
  public metadata(): Record<string, string> {
    return { timezone: this.props.timezone, start: this.props.start, end: this.props.end, desiredReplicas: String(this.desiredReplicas) };
  }

  /** Every problem with the schedule; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const problems: Problem[] = [];
    const tz = timeZoneViolation(this.props.timezone);
    if (tz)
      problems.push({
        property: `${property}.timezone`,
        rule: tz,
        value: this.props.timezone,
        fix: 'use e.g. "Europe/Amsterdam" or "UTC"',
      });
    for (const field of ['start', 'end'] as const) {
      const rule = cronViolation(this.props[field]);
      if (rule) problems.push({ property: `${property}.${field}`, rule, value: this.props[field], fix: 'use e.g. "0 6 * * 1-5"' });
    }
    if (!Number.isInteger(this.desiredReplicas) || this.desiredReplicas < 1) {
      problems.push({
        property: `${property}.desiredReplicas`,
        rule: 'must be a whole number of at least 1',
        value: this.desiredReplicas,
        fix: 'keep at least one agent running during the window',
      });
    }
    return problems;
  }
}
