import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { log } from './common/log.js';
import type { AppConfig } from './config/config.js';
import { runningEmbeddedUrl, startEmbeddedPostgres } from './db/embedded.js';
import { createPool } from './db/pool.js';
import path from 'node:path';

export interface Database {
  url: string;
  orm: MikroORM;
  pool: Pool;
  embedded: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply pending migrations (default). A restore migrates by itself, to the backup's version first. */
  migrate?: boolean;
  /**
   * Use the embedded server a running hub has already started on DATA_DIR instead of failing on its lock
   * (the command-line tools, while `npm start` runs).
   */
  attach?: boolean;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL under DATA_DIR when it is unset;
 * then applies pending migrations. `close` releases everything it opened, the embedded server last.
 */
export async function openDatabase(config: AppConfig, opts: OpenOptions = {}): Promise<Database> {
  let stopEmbedded: (() => Promise<void>) | undefined;
  const dataDir = path.join(config.dataDir, 'pg');
  let url = config.databaseUrl ?? (opts.attach ? runningEmbeddedUrl(dataDir) ?? undefined : undefined);
  if (url && !config.databaseUrl) log.info('using the embedded PostgreSQL of the running hub', { dataDir });
  // MikroORM and the entities load while PostgreSQL starts.
  const ormModule = import('./db/orm.js');
  ormModule.catch(() => undefined);
  if (!url) {
    const t = Date.now();
    const db = await startEmbeddedPostgres({ dataDir, port: config.pgPort });
    url = db.url;
    stopEmbedded = db.stop;
    log.info('embedded PostgreSQL started', { port: db.port, ms: Date.now() - t, dataDir });
  }
  try {
    const { openOrm } = await ormModule;
    const orm = await openOrm(url, { migrate: opts.migrate ?? true });
    const pool = createPool(url);
    return {
      url,
      orm,
      pool,
      embedded: !config.databaseUrl,
      async close() {
        await pool.end().catch(() => undefined);
        await orm.close(true).catch(() => undefined);
        await stopEmbedded?.();
      },
    };
  } catch (err) {
    await stopEmbedded?.();
    throw err;
  }
}
