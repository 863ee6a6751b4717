import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsConnection, branchEnvironmentName } from '../../lib';
import { POSTGRES_DUMP_SCRIPT, POSTGRES_RESTORE_SCRIPT } from '../../lib/environments/data-backup';
import { newEnv } from '../support/fixtures';
import { ThrowawayPostgres, postgresUnavailable, startPostgres } from '../support/postgres';
import { renderEnvironment } from '../../lib/k8s/output/render';

// The database scripts the project renders, run by sh against a real PostgreSQL (a throwaway cluster on a
// Unix socket). Only the AWS CLI is a stand-in: it answers the SSM, Secrets Manager and IAM token calls.
const missing = postgresUnavailable();
if (missing) console.warn(`SKIPPED: the database scripts are not run against PostgreSQL: ${missing}`);
const withPostgres = missing ? describe.skip : describe;

const TOOLS = 'registry.example.com/platform/db-tools:1.4.0';

/** The script and plain environment of the one container of a rendered Job. */
function jobScript(manifests: Record<string, any>[], namePrefix: string): { script: string; env: Record<string, string> } {
  const job = manifests.find((m) => m.kind === 'Job' && m.metadata.name.startsWith(namePrefix));
  if (!job) throw new Error(`no Job ${namePrefix}*`);
  const c = job.spec.template.spec.containers[0];
  const env = Object.fromEntries((c.env ?? []).filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
  return { script: c.command[2], env };
}

withPostgres('database scripts against a real PostgreSQL', () => {
  let pg: ThrowawayPostgres;
  let bin: string;
  beforeAll(() => {
    pg = startPostgres();
    // RDS grants IAM login through the rds_iam role; a plain PostgreSQL needs one to grant.
    pg.sql('CREATE ROLE rds_iam NOLOGIN');
    pg.sql('CREATE DATABASE oms_uat_eks');
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-aws-'));
    // The AWS CLI: the endpoint parameter is the socket folder; the master secret is the superuser; IAM tokens are empty (trust).
    fs.writeFileSync(
      path.join(bin, 'aws'),
      [
        '#!/bin/sh',
        'case "$1 $2" in',
        `  "ssm get-parameter") echo "${pg.host}" ;;`,
        '  "secretsmanager get-secret-value") echo \'{"username":"postgres","password":""}\' ;;',
        '  "rds generate-db-auth-token") echo "" ;;',
        '  *) echo "unexpected aws $*" >&2; exit 2 ;;',
        'esac',
      ].join('\n'),
      { mode: 0o755 },
    );
  }, 60_000);
  afterAll(() => {
    pg?.stop();
    if (bin) fs.rmSync(bin, { recursive: true, force: true });
  });

  const run = (script: string, env: Record<string, string>, args: string[] = []) =>
    spawnSync('/bin/sh', ['-c', script, 'job', ...args], {
      env: { PATH: `${bin}:/usr/bin:/bin`, PGHOST: pg.host, ...env },
      encoding: 'utf8',
    });

  test('the application user on the own instance, the branch administrator, the branch database and its guarded drop', () => {
    const uat = newEnv({ stage: 'uat' }, 'uat-eks');
    new AwsConnection(uat, 'aws', { vpcCidr: '10.20.0.0/16', region: 'eu-west-1', toolsImage: TOOLS, hostsBranchDatabases: true });
    const user = jobScript(renderEnvironment(uat).manifests, 'db-user');
    const created = run(user.script, { ...user.env, APP_USER: 'oms_uat', APP_PASSWORD: 'pw-uat', APP_DB: 'oms_uat_eks' });
    expect([created.status, created.stderr]).toEqual([0, '']);
    expect(pg.sql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'oms_uat_eks'")).toBe('oms_uat');
    expect(pg.sql("SELECT rolcreatedb AND rolcreaterole FROM pg_roles WHERE rolname = 'oms_branch_admin'")).toBe('t');

    const name = branchEnvironmentName('feature/data');
    const branch = newEnv({ stage: 'branch' }, name);
    const conn = new AwsConnection(branch, 'aws', {
      vpcCidr: '10.20.0.0/16',
      region: 'eu-west-1',
      toolsImage: TOOLS,
      databaseEnvironment: 'uat-eks',
    });
    const manifests = renderEnvironment(branch).manifests;
    const { database, user: appUser } = conn.branchDatabase!.names;
    const secrets = { APP_USER: appUser, APP_PASSWORD: 'pw-branch', APP_DB: database };
    const create = jobScript(manifests, 'db-create');
    for (let i = 0; i < 2; i++) {
      // Twice: a Job recreated by a GitOps engine finds the database there and changes nothing.
      const r = run(create.script, { ...create.env, ...secrets });
      expect([r.status, r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('NOTICE:'))]).toEqual([0, []]);
    }
    expect(pg.sql(`SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '${database}'`)).toBe(appUser);

    const drop = jobScript(manifests, 'db-drop');
    // The drop refuses a database that is not this branch's, whatever the Secret says.
    const refused = run(drop.script, { ...drop.env, ...secrets, APP_DB: 'oms_uat_eks' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('refusing to drop oms_uat_eks: not a branch database or user\n');
    const other = run(drop.script, { ...drop.env, ...secrets, APP_DB: 'oms_br_other_1234' });
    expect(other.stderr).toBe(`refusing to drop oms_br_other_1234: this branch owns ${database}\n`);
    expect(pg.sql("SELECT count(*) FROM pg_database WHERE datname = 'oms_uat_eks'")).toBe('1');
    const dropped = run(drop.script, { ...drop.env, ...secrets });
    expect([dropped.status, dropped.stderr]).toEqual([0, '']);
    expect(pg.sql(`SELECT count(*) FROM pg_database WHERE datname = '${database}'`)).toBe('0');
    expect(pg.sql(`SELECT count(*) FROM pg_roles WHERE rolname = '${appUser}'`)).toBe('0');
  }, 60_000);

  test('the backup before an upgrade and the rollback that restores it', () => {
    pg.sql('CREATE DATABASE oms_phases');
    pg.sql(
      "CREATE TABLE yfs_order_header (id int PRIMARY KEY, status text); INSERT INTO yfs_order_header VALUES (1, 'created')",
      'oms_phases',
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backups-'));
    const file = path.join(dir, 'before-10-0-2412-0.dump');
    const env = { PGPORT: String(pg.port), PGDATABASE: 'oms_phases', PGUSER: 'postgres' };
    try {
      const dumped = run(POSTGRES_DUMP_SCRIPT, env, [file]);
      expect([dumped.status, dumped.stdout]).toEqual([0, `backup ${file}\n`]);
      // A rerun keeps the complete dump it finds (the data may have moved on since).
      pg.sql("UPDATE yfs_order_header SET status = 'upgraded'; CREATE TABLE yfs_new_in_2412 (id int)", 'oms_phases');
      expect(run(POSTGRES_DUMP_SCRIPT, env, [file]).stdout).toBe(`backup ${file} exists already\n`);
      const restored = run(POSTGRES_RESTORE_SCRIPT, env, [file]);
      expect([restored.status, restored.stderr]).toEqual([0, '']);
      expect(pg.sql('SELECT status FROM yfs_order_header', 'oms_phases')).toBe('created');
      // Tables the upgrade added stay (pg_restore --clean drops only what the dump has): the data is the backup's.
      expect(pg.sql("SELECT count(*) FROM pg_tables WHERE tablename = 'yfs_new_in_2412'", 'oms_phases')).toBe('1');
      const missingDump = run(POSTGRES_RESTORE_SCRIPT, env, [path.join(dir, 'none.dump')]);
      expect([missingDump.status, missingDump.stderr]).toEqual([
        1,
        `no backup at ${path.join(dir, 'none.dump')}: nothing to restore from\n`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
