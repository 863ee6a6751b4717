import { Problem, cronViolation, timeZoneViolation } from '../../core';

/** Options of a schedule trigger. */
export interface CronScheduleProps {
  /** IANA time zone, e.g. `Europe/Amsterdam`. */
  readonly timezone: string;
  /**
   * Cron expression when the window opens: five fields as KEDA's parser (robfig/cron v3) reads them, e.g.
   * `0 6 * * MON-FRI`; day of week 0-6, names allowed, no descriptors such as `@daily`.
   */
  readonly start: string;
  /** Cron expression when the window closes, in the same form as `start` and different from it. */
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
    // KEDA refuses a trigger whose start and end are the same text (its cron scaler's Validate).
    if (typeof this.props.start === 'string' && this.props.start === this.props.end)
      problems.push({
        property: `${property}.end`,
        rule: 'must differ from start (KEDA refuses a window that opens and closes at the same time)',
        value: this.props.end,
        fix: 'give the window an end after its start, e.g. start "0 6 * * 1-5" and end "0 20 * * 1-5"',
      });
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
