import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { databaseUserTaskScript, runTaskOnceScript } from '../../lib/core';

// The scripts run for real under bash and sh, against stand-ins for the AWS CLI and psql that record their arguments.
function fakeBin(name: string, body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-bin-'));
  fs.writeFileSync(path.join(dir, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
  return dir;
}

const RUN_ENV = {
  REGION: 'eu-west-1',
  CLUSTER: 'oms-uat-services',
  TASK_DEFINITION: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/oms-uat-services-db-user:3',
  SUBNETS: 'subnet-a,subnet-b',
  SECURITY_GROUP: 'sg-1',
};

function runTaskWith(awsBody: string) {
  const bin = fakeBin('aws', awsBody);
  const log = path.join(bin, 'calls.log');
  const result = spawnSync('/bin/bash', ['-c', runTaskOnceScript()], {
    env: { PATH: `${bin}:/usr/bin:/bin`, CALLS: log, ...RUN_ENV },
    encoding: 'utf8',
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: result.status, stderr: result.stderr, calls };
}

// A stand-in AWS CLI: run-task prints a task ARN, describe-tasks prints the exit code in $EXIT.
const awsCli = (exit: string, taskArn = 'arn:aws:ecs:eu-west-1:111122223333:task/oms/abc') => `
printf '%s\\n' "$*" >> "$CALLS"
case "$2" in
  run-task) echo "${taskArn}" ;;
  describe-tasks) echo "${exit}" ;;
esac`;

describe('runTaskOnceScript', () => {
  test('runs the task in the given subnets without a public IP, waits, and succeeds when it exits 0', () => {
    const { status, calls } = runTaskWith(awsCli('0'));
    expect(status).toBe(0);
    expect(calls[0]).toBe(
      `ecs run-task --region eu-west-1 --cluster oms-uat-services --task-definition ${RUN_ENV.TASK_DEFINITION} --launch-type FARGATE ` +
        '--network-configuration awsvpcConfiguration={subnets=[subnet-a,subnet-b],securityGroups=[sg-1],assignPublicIp=DISABLED} ' +
        '--query tasks[0].taskArn --output text',
    );
    expect(calls[1]).toBe(
      'ecs wait tasks-stopped --region eu-west-1 --cluster oms-uat-services --tasks arn:aws:ecs:eu-west-1:111122223333:task/oms/abc',
    );
    expect(calls[2]).toMatch(/^ecs describe-tasks .* --query tasks\[0\]\.containers\[0\]\.exitCode --output text$/);
  });

  test.each([
    ['the container exits non-zero', awsCli('1'), 'arn:aws:ecs:eu-west-1:111122223333:task/oms/abc exited with 1: read its log stream'],
    ['ECS starts no task', awsCli('0', 'None'), `ECS did not start ${RUN_ENV.TASK_DEFINITION}`],
    ['the AWS CLI fails', 'exit 255', ''],
  ])('fails the apply when %s', (_name, body, message) => {
    const { status, stderr } = runTaskWith(body);
    expect(status).not.toBe(0);
    expect(stderr).toContain(message);
  });
});

describe('databaseUserTaskScript', () => {
  test('connects as the master user over TLS and passes names and password as psql variables, never inline', () => {
    const bin = fakeBin('psql', 'printf "%s\\n" "$@" > "$OUT"; printf "PGPASSWORD=%s\\n" "$PGPASSWORD" >> "$OUT"; cat >> "$OUT"');
    const out = path.join(bin, 'psql.out');
    const result = spawnSync('/bin/sh', ['-c', databaseUserTaskScript()], {
      env: {
        PATH: `${bin}:/usr/bin:/bin`,
        OUT: out,
        PGHOST: 'db.example.internal',
        MASTER_USER: 'oms_master',
        MASTER_PASSWORD: 'master-secret-value',
        APP_USER: 'oms_app',
        APP_PASSWORD: "it's; DROP ROLE x",
        APP_DB: 'oms',
      },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').split('\n');
    expect(lines.slice(0, 9)).toEqual([
      'host=db.example.internal port=5432 dbname=postgres user=oms_master sslmode=require',
      '-v',
      'ON_ERROR_STOP=1',
      '-v',
      'user=oms_app',
      '-v',
      "pass=it's; DROP ROLE x",
      '-v',
      'db=oms',
    ]);
    expect(lines).toContain('PGPASSWORD=master-secret-value');
    // The SQL quotes every value with format(%I / %L): the password never becomes SQL text.
    expect(lines.filter((l) => l.startsWith('SELECT format('))).toHaveLength(4);
    expect(databaseUserTaskScript()).not.toMatch(/\$\{/);
  });
});
