import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A throwaway PostgreSQL cluster listening only on a Unix socket in a temporary folder. */
export interface ThrowawayPostgres {
  /** The socket folder: libpq's `host`. */
  readonly host: string;
  /** The port the socket is named after (no TCP listener). */
  readonly port: number;
  /** Runs SQL as the superuser `postgres`; returns psql's unaligned output. */
  sql(query: string, database?: string): string;
  stop(): void;
}

const PG_BIN = ['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin`).find((d) => fs.existsSync(path.join(d, 'initdb')));

/** Why a PostgreSQL cluster cannot be started here, or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  if (!PG_BIN) return "PostgreSQL's server is not installed (Debian: apt-get install postgresql)";
  if (spawnSync('psql', ['--version']).status !== 0) return 'psql is not installed (Debian: apt-get install postgresql-client)';
  return undefined;
}

/**
 * Starts a cluster with initdb and pg_ctl under a temporary folder. As root (PostgreSQL refuses to
 * run as root) the server runs as the `postgres` user, through runuser.
 */
export function startPostgres(): ThrowawayPostgres {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // The server's user must reach the folder: let it traverse the test run's temporary folder.
    fs.chmodSync(path.dirname(dir), 0o711);
    spawnSync('chown', ['postgres', dir]);
  }
  const run = (cmd: string, args: string[]) => {
    const r = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
      : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  const port = 5432;
  run(path.join(PG_BIN!, 'initdb'), ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run(path.join(PG_BIN!, 'pg_ctl'), [
    '-D',
    path.join(dir, 'data'),
    '-o',
    `-k ${dir} -c listen_addresses= -p ${port} -c fsync=off`,
    '-l',
    path.join(dir, 'log'),
    '-w',
    'start',
  ]);
  return {
    host: dir,
    port,
    sql(query: string, database = 'postgres') {
      const r = spawnSync(
        'psql',
        ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-c', query],
        {
          encoding: 'utf8',
        },
      );
      if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
      return r.stdout.trim();
    },
    stop() {
      run(path.join(PG_BIN!, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'immediate', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
