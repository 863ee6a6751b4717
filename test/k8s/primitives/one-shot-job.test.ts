import { Chart, Testing } from 'cdk8s';
import { oneShotJob, OneShotJobInput, validateOneShotJobInput } from '../../../lib/k8s/primitives/one-shot-job';
import { messageOf } from '../../support/errors';

const IMAGE = 'registry.example.com/tools/psql:16.4';
const INPUT: OneShotJobInput = {
  name: 'db-create',
  labels: { app: 'oms' },
  platform: 'eks',
  image: IMAGE,
  script: 'psql -c "select 1"',
  deadlineSeconds: 600,
  egress: [],
};
const chart = () => new Chart(Testing.app(), 'env');
const err = (...lines: string[]) => `env/job: invalid configuration\n${lines.map((l) => `  - ${l}`).join('\n')}`;

describe('oneShotJob', () => {
  test('valid input renders a Job and its NetworkPolicy', () => {
    const c = chart();
    const { job, networkPolicy } = oneShotJob(c, 'job', {
      ...INPUT,
      image: undefined,
      script: undefined,
      claims: { data: 'oms-data' },
      steps: [
        { name: 'wait', image: IMAGE, command: ['pg_isready'] },
        {
          name: 'load',
          image: IMAGE,
          script: 'psql -f /data/load.sql',
          mounts: { data: '/data' },
          resources: { cpu: '100m', memory: '128Mi' },
        },
      ],
    });
    expect(job.name).toMatch(/^db-create-[0-9a-z]{6}$/);
    expect(networkPolicy.name).toBe(job.name);
    expect(validateOneShotJobInput(INPUT)).toEqual([]);
  });

  const cases: [string, Partial<OneShotJobInput>, string[]][] = [
    [
      'an unpinned image, an empty script and a deadline of 0',
      { image: 'postgres', script: ' ', deadlineSeconds: 0 },
      [
        'deadlineSeconds must be a whole number of seconds above 0 (received 0). Fix: use e.g. 600',
        'image must be pinned to a tag or digest (an untagged image means "latest") (received "postgres"). Fix: pin the image to a tag or digest, e.g. "registry.example.com/tools:1.2.0"',
        'script must not be empty (received " "). Fix: give the shell script the step runs',
      ],
    ],
    [
      'a password in plain env and a Secret reference with an upper-case name',
      { env: { DB_PASS: 'hunter2' }, secretEnv: { DB_USER: { secretName: 'OMS-DB', key: 'username' } } },
      [
        'env["DB_PASS"] must not carry a credential in plain text (received "<redacted>"). Fix: move it to secretEnv: { DB_PASS: { secretName: \'...\', key: \'...\' } }',
        'secretEnv["DB_USER"].secretName must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "OMS-DB"). Fix: use the name of the Secret as Kubernetes has it',
      ],
    ],
    [
      'steps beside a single-step image, two steps of one name, a mount of an unknown volume over /tmp and a command with no program',
      {
        steps: [
          { name: 'load', image: IMAGE, command: [], mounts: { data: '/tmp/data' } },
          { name: 'load', image: IMAGE, script: 'true', resources: { cpu: '0', memory: '128' } },
        ],
      },
      [
        'steps must not be combined with image, script, env or secretEnv (those describe a single-step Job) (received ["load","load"]). Fix: give the image, script and environment in each step',
        'steps[0].command must name a program to run (received []). Fix: give e.g. ["psql", "--version"]',
        'steps[0].mounts.data must name a volume of the Job (one of claims or configMaps) (received "data"). Fix: add it to claims or configMaps, or use one of: none defined',
        'steps[0].mounts.data must not be /tmp, which the Job mounts itself (received "/tmp/data"). Fix: mount it elsewhere, e.g. "/data"',
        'steps[1].name must be unique among the steps (received "load"). Fix: name each step differently',
        'steps[1].resources.cpu must be a CPU quantity above 0 (received "0"). Fix: use e.g. "100m"',
        'steps[1].resources.memory must be a memory quantity with a unit (received "128"). Fix: use e.g. "128Mi"',
      ],
    ],
    [
      'a name with upper case, an unknown platform and a ServiceAccount with a space',
      { name: 'DB-Create', platform: 'aks' as never, serviceAccountName: 'db admin' },
      [
        'name must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "DB-Create"). Fix: use lower-case letters, digits and "-", e.g. "db-create"',
        'platform must be one of eks, openshift (received "aks"). Fix: use "eks" or "openshift"',
        'serviceAccountName must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "db admin"). Fix: give the name of a ServiceAccount',
      ],
    ],
    [
      'a missing deadline and egress given as one rule (kinds are reported alone)',
      { deadlineSeconds: undefined, egress: { to: [] } as never, image: 'postgres' },
      [
        'deadlineSeconds is required (received undefined). Fix: give deadlineSeconds, as OneShotJobInput declares',
        'egress must be a list of objects (received {"to":[]}). Fix: pass a list of objects, as OneShotJobInput declares',
      ],
    ],
  ];
  test.each(cases)('refuses %s', (_name, overrides, lines) => {
    expect(messageOf(() => oneShotJob(chart(), 'job', { ...INPUT, ...overrides }))).toBe(err(...lines));
  });

  test.each([
    ['no input', undefined, "props is required (received undefined). Fix: pass the construct's properties"],
    ['an empty id', INPUT, 'id must be a non-empty construct id (received ""). Fix: name the construct, e.g. "order-search"'],
  ])('refuses %s instead of throwing a TypeError', (name, input, line) => {
    const id = name === 'an empty id' ? '' : 'job';
    const path = id === '' ? 'env' : 'env/job';
    expect(messageOf(() => oneShotJob(chart(), id, input as never))).toBe(`${path}: invalid configuration\n  - ${line}`);
  });
});
