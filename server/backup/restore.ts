import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool, PoolClient } from 'pg';
import { systemCaller, type Caller } from '../auth/caller.js';
import { recordAuditSql } from '../audit/audit.service.js';
import { AppError, conflict, ErrorCode } from '../common/errors.js';
import { migrations } from '../db/migrations/index.js';
import { logMigrations } from '../db/orm.js';
import { suspendIndexes } from '../importing/bulk.js';
import { CopyWriter } from '../importing/copy.js';
import { attachmentPath } from '../inspections/archive.js';
import {
  appliedMigrations, badBackup, listTables, readBackup, setCopySettings,
  type BackupHeader, type BackupRead, type BackupTable,
} from './backup.js';

export interface RestoreOptions {
  archiveDir: string;
  /** Replace a database that already holds data (the default refuses). */
  replace?: boolean;
  caller?: Caller;
}

export interface RestoreReport {
  createdAt: string;
  tables: number;
  rows: number;
  /** Attachment files written into the archive folder (ones already there are left as they are). */
  attachments: number;
  /** Migrations run after the data went in (a backup from an older version of the hub). */
  upgraded: number;
  replaced: boolean;
  ms: number;
}

const CODE_MIGRATIONS = migrations.map((m) => m.name);

async function drain(data: AsyncIterable<Buffer>): Promise<void> {
  for await (const b of data) void b;
}

/**
 * Reads a backup through and checks every checksum, writing nothing (`jointcheck restore --check`).
 */
export async function checkBackup(file: string): Promise<BackupRead> {
  return readBackup(file, { header: async () => undefined, table: (_t, data) => drain(data), attachment: (_s, data) => drain(data) });
}

/** Where the backup's schema stands against this version of the hub's migrations. */
function planMigrations(file: string, backup: string[], database: string[]): { to: string | null; later: number } {
  const unknown = backup.find((m, i) => CODE_MIGRATIONS[i] !== m);
  if (unknown) throw badBackup(file, `备份来自更新或不同版本的枢纽（迁移 ${unknown} 本版本没有），请用不低于备份的版本恢复`);
  if (database.length && (database.length !== backup.length || database.some((m, i) => backup[i] !== m)))
    throw conflict(
      `数据库的结构版本（${database.length} 个迁移）与备份（${backup.length} 个迁移）不同：请恢复到空数据库（新的 DATA_DIR 或新建的数据库）`,
      'database',
    );
  return { to: backup.at(-1) ?? null, later: CODE_MIGRATIONS.length - backup.length };
}

/**
 * Inside the restore's transaction: checks that the database's tables and columns are the backup's, refuses
 * a database holding data unless `replace`, empties every table and drops its secondary indexes, to be
 * built once after the load (the functions returned).
 */
async function emptyTarget(client: PoolClient, file: string, h: BackupHeader, replace: boolean): Promise<{ replaced: boolean; rebuild: (() => Promise<void>)[] }> {
  await setCopySettings(client);
  try {
    await client.query('set local session_replication_role = replica');
  } catch (err) {
    throw new AppError(ErrorCode.FORBIDDEN, `恢复需要数据库超级用户权限（设置 session_replication_role 被拒绝：${(err as Error).message}）`);
  }
  const hasData = await client.query<{ n: boolean }>('select exists (select 1 from department) as n');
  const replaced = hasData.rows[0]!.n;
  if (replaced && !replace) throw conflict('数据库已有数据：恢复会替换全部数据，确认后加 --replace 再执行（或恢复到空数据库）', 'database');
  const target = await listTables(client);
  const describe = (t: BackupTable) => `${t.name}(${[...t.columns].sort().join(',')})`;
  const want = new Set(h.tables.map(describe));
  const differ = target.filter((t) => !want.has(describe(t))).map((t) => t.name);
  const have = new Set(target.map(describe));
  const missing = h.tables.filter((t) => !have.has(describe(t))).map((t) => t.name);
  if (differ.length || missing.length)
    throw badBackup(file, `表结构与数据库不一致（${[...new Set([...differ, ...missing])].join('、')}）`);
  if (target.length) await client.query(`truncate ${target.map((t) => `"${t.name}"`).join(', ')}`);
  // Secondary indexes are built once over the loaded rows instead of row by row.
  const rebuild: (() => Promise<void>)[] = [];
  for (const t of target) rebuild.push(await suspendIndexes(client, t.name));
  return { replaced, rebuild };
}

/**
 * Writes an attachment into the archive folder under its hash, unless a file is already there; returns its
 * path when it wrote one. The bytes are checked here too: a file takes its place only when they are its
 * name (readBackup then fails the restore on the same mismatch).
 */
async function writeAttachment(archiveDir: string, sha256: string, data: AsyncIterable<Buffer>): Promise<string | null> {
  const dest = attachmentPath({ archiveDir }, sha256);
  if (fs.existsSync(dest)) {
    await drain(data);
    return null;
  }
  await fs.promises.mkdir(path.join(archiveDir, 'tmp'), { recursive: true });
  const tmp = path.join(archiveDir, 'tmp', crypto.randomUUID());
  try {
    const out = fs.createWriteStream(tmp);
    const hash = crypto.createHash('sha256');
    for await (const chunk of data) {
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (hash.digest('hex') !== sha256) return null;
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    await fs.promises.rename(tmp, dest);
    return dest;
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

/**
 * Restores a backup written by {@link writeBackup} into the database of `orm`/`pool`, all or nothing:
 * - the database is empty (never migrated: it is migrated to the backup's version first), or at the
 *   backup's version and holding no department (a fresh hub), or `replace` is set;
 * - every table is emptied and reloaded in one transaction (`COPY … FREEZE`; triggers and foreign keys
 *   are not re-run on rows that satisfied them when backed up, so the metric rollups come back as they
 *   were), sequences are set back, and a RESTORE audit event is added; any checksum that does not match
 *   rolls it all back;
 * - attachments are written into the archive folder under their hash (already present ones are kept);
 * - migrations newer than the backup then run, as on any start.
 */
export async function restoreBackup(db: { orm: MikroORM; pool: Pool }, file: string, opts: RestoreOptions): Promise<RestoreReport> {
  const t0 = Date.now();
  const client = await db.pool.connect();
  let open = false;
  let replaced = false;
  let upgraded = 0;
  let rebuild: (() => Promise<void>)[] = [];
  /** Attachments this restore added to the archive folder: removed again if it fails. */
  const written: string[] = [];
  try {
    const { header, checksums, fileSha256, bytes } = await readBackup(file, {
      header: async (h) => {
        const applied = await appliedMigrations(client);
        const plan = planMigrations(file, h.migrations, applied);
        if (plan.to && !applied.length) logMigrations(await db.orm.migrator.up({ to: plan.to }));
        upgraded = plan.later;
        await client.query('begin');
        open = true;
        ({ replaced, rebuild } = await emptyTarget(client, file, h, !!opts.replace));
      },
      table: async (t, data) => {
        const copy = new CopyWriter(client, `"${t.name}"`, t.columns, { freeze: true });
        try {
          for await (const chunk of data) await copy.write(chunk);
        } catch (err) {
          // A file that breaks off mid-row: the COPY is abandoned, not ended on half a row.
          await copy.abort();
          throw err;
        }
        await copy.end().catch((err: Error & { code?: string }) => {
          throw err.code ? badBackup(file, `表 ${t.name} 的数据无法载入（${err.message}）`) : err;
        });
      },
      attachment: async (sha256, data) => {
        const dest = await writeAttachment(opts.archiveDir, sha256, data);
        if (dest) written.push(dest);
      },
    });
    for (const r of rebuild) await r();
    for (const s of header.sequences) await client.query(`select setval($1::regclass, $2::bigint, $3)`, [`"${s.name}"`, s.lastValue, s.isCalled]);
    await client.query('set local session_replication_role = origin');
    const rows = checksums.tables.reduce((sum, t) => sum + t.rows, 0);
    await recordAuditSql(client, opts.caller ?? systemCaller('restore'), {
      action: 'RESTORE',
      entity: 'Backup',
      entityKey: path.basename(file),
      after: { createdAt: header.createdAt, rows },
      detail: {
        createdAt: header.createdAt, fileSha256, bytes, tables: header.tables.length, rows,
        attachments: checksums.attachments.files, replaced,
      },
    });
    await client.query('commit');
    open = false;
    if (upgraded) logMigrations(await db.orm.migrator.up());
    return { createdAt: header.createdAt, tables: header.tables.length, rows, attachments: written.length, upgraded, replaced, ms: Date.now() - t0 };
  } catch (err) {
    if (open) await client.query('rollback').catch(() => undefined);
    for (const f of written) await fs.promises.rm(f, { force: true });
    throw err;
  } finally {
    client.release();
  }
}
