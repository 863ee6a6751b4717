import { Stage } from '../environment';

/** When a stage's CloudWatch alarms fire: tighter where users are, looser where people test. */
export interface AlarmThresholds {
  /** RDS and ElastiCache CPU, percent, averaged over the evaluation periods. */
  readonly cpuPercent: number;
  /** RDS free storage below this share of the allocated storage, percent. */
  readonly freeStoragePercent: number;
  /** RDS connections above this share of PostgreSQL's `max_connections`, percent. */
  readonly connectionsPercent: number;
  /** RDS replica lag, seconds (read replicas only). */
  readonly replicaLagSeconds: number;
  /** ElastiCache memory use (`DatabaseMemoryUsagePercentage`), percent. */
  readonly cacheMemoryPercent: number;
  /** ElastiCache evictions per 5 minutes. */
  readonly evictionsPer5Minutes: number;
  /** SQS: age of the oldest message, seconds. */
  readonly oldestMessageSeconds: number;
  /** ALB: 5xx answers (the load balancer's and the targets') per 5 minutes. */
  readonly http5xxPer5Minutes: number;
  /** Consecutive 5-minute periods a condition must hold. */
  readonly evaluationPeriods: number;
}

/** The thresholds branch and UAT environments (the development account) share: they differ in 5xx answers only. */
const DEVELOPMENT: Omit<AlarmThresholds, 'http5xxPer5Minutes'> = {
  cpuPercent: 90,
  freeStoragePercent: 10,
  connectionsPercent: 90,
  replicaLagSeconds: 600,
  cacheMemoryPercent: 90,
  evictionsPer5Minutes: 1000,
  oldestMessageSeconds: 3600,
  evaluationPeriods: 3,
};

const THRESHOLDS: Record<Stage, AlarmThresholds> = {
  branch: { ...DEVELOPMENT, http5xxPer5Minutes: 100 },
  uat: { ...DEVELOPMENT, http5xxPer5Minutes: 50 },
  staging: {
    cpuPercent: 80,
    freeStoragePercent: 15,
    connectionsPercent: 80,
    replicaLagSeconds: 120,
    cacheMemoryPercent: 80,
    evictionsPer5Minutes: 100,
    oldestMessageSeconds: 900,
    http5xxPer5Minutes: 10,
    evaluationPeriods: 2,
  },
  prod: {
    cpuPercent: 75,
    freeStoragePercent: 20,
    connectionsPercent: 80,
    replicaLagSeconds: 60,
    cacheMemoryPercent: 80,
    evictionsPer5Minutes: 100,
    oldestMessageSeconds: 600,
    http5xxPer5Minutes: 5,
    evaluationPeriods: 2,
  },
};

/** The alarm thresholds of a stage. */
export function alarmThresholds(stage: Stage): AlarmThresholds {
  return THRESHOLDS[stage];
}

/** Memory of the RDS instance classes the stage profiles use, GiB (Amazon RDS instance types table). */
const INSTANCE_MEMORY_GIB: Readonly<Record<string, number>> = {
  'db.t4g.medium': 4,
  'db.t4g.large': 8,
  'db.m6g.large': 8,
  'db.m6g.xlarge': 16,
  'db.m6g.2xlarge': 32,
  'db.r6g.large': 16,
  'db.r6g.xlarge': 32,
  'db.r6g.2xlarge': 64,
  'db.r6g.4xlarge': 128,
};

/**
 * RDS for PostgreSQL's default `max_connections`, `LEAST({DBInstanceClassMemory/9531392}, 5000)` (Amazon RDS user
 * guide, "Maximum number of database connections"), for a known instance class; `undefined` for others.
 * DBInstanceClassMemory is a little below the nominal memory; the nominal one is used, so the result errs high by
 * a few percent, which the alarm's percentage absorbs.
 */
export function postgresMaxConnections(instanceClass: string): number | undefined {
  const gib = INSTANCE_MEMORY_GIB[instanceClass];
  return gib === undefined ? undefined : Math.min(Math.floor((gib * 1024 ** 3) / 9531392), 5000);
}
