import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { renderAllApps } from '../support/apps';

// Every shell script the project renders (Jobs, ECS task commands, Terraform local-exec), checked by
// the real shellcheck in the dialect it runs under.
const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
if (!hasShellcheck) console.warn('rendered scripts are not shellchecked: shellcheck is not installed (apt-get install shellcheck)');

interface Script {
  readonly where: string;
  readonly shell: 'sh' | 'bash';
  readonly text: string;
}

const SHELLS: Record<string, 'sh' | 'bash'> = { '/bin/sh': 'sh', sh: 'sh', '/bin/bash': 'bash', bash: 'bash' };

/** The scripts in a value: `[shell, "-c", script]` lists, local-exec blocks, and JSON held in strings (container definitions). */
function scriptsIn(value: unknown, where: string, out: Script[]): void {
  if (typeof value === 'string') {
    if (/^\s*[[{]/.test(value)) {
      try {
        scriptsIn(JSON.parse(value), where, out);
      } catch {
        // not JSON: an ordinary string
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    if (typeof value[0] === 'string' && SHELLS[value[0]] && value[1] === '-c' && typeof value[2] === 'string')
      out.push({ where, shell: SHELLS[value[0]], text: value[2] });
    value.forEach((v, i) => scriptsIn(v, `${where}[${i}]`, out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.command === 'string' && Array.isArray(o.interpreter) && SHELLS[String(o.interpreter[0])])
      out.push({ where: `${where}.command`, shell: SHELLS[String(o.interpreter[0])], text: o.command });
    for (const [k, v] of Object.entries(o)) scriptsIn(v, `${where}.${k}`, out);
  }
}

const scripts: Script[] = [];
for (const { env } of renderAllApps())
  for (const f of env.files) {
    if (f.path.endsWith('.yaml'))
      parseAllDocuments(f.content).forEach((d, i) => scriptsIn(d.toJSON(), `${env.name}/${f.path}#${i}`, scripts));
    else if (f.path.endsWith('.tf.json')) scriptsIn(JSON.parse(f.content), `${env.name}/${f.path}`, scripts);
  }

test('the apps render database Job scripts, ECS task commands and local-exec scripts (the check below is not empty)', () => {
  expect(scripts.some((s) => /db-drop|db-create/.test(s.where) || s.text.includes('DROP DATABASE') || s.text.includes('PGPASSWORD'))).toBe(
    true,
  );
  expect(scripts.some((s) => s.shell === 'bash')).toBe(true);
  expect(scripts.length).toBeGreaterThan(10);
});

test('no script exports a command substitution in one statement (a failing command would be masked, SC2155)', () => {
  expect(scripts.filter((s) => /export\s+[A-Za-z_][A-Za-z0-9_]*=["']?\$\(/.test(s.text)).map((s) => s.where)).toEqual([]);
});

(hasShellcheck ? test : test.skip)('shellcheck finds nothing in any distinct script', () => {
  const distinct = new Map<string, Script>();
  for (const s of scripts) distinct.set(`${s.shell}\n${s.text}`, s);
  const findings: string[] = [];
  for (const s of distinct.values()) {
    const r = spawnSync('shellcheck', ['-s', s.shell, '-f', 'gcc', '-'], { input: s.text, encoding: 'utf8' });
    if (r.status !== 0) findings.push(`${s.where} (${s.shell}):\n${r.stdout}${r.stderr}`);
  }
  expect(findings).toEqual([]);
});
