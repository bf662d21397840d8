/**
 * Backups and restores of a whole hub: the demo county with its history and an attachment goes into one
 * file and comes back table for table into an empty database; a database holding data is only replaced
 * when asked; damaged, truncated, foreign and newer backups are refused with nothing written; an older
 * backup is restored at its own schema version and then migrated; the CLI and the nightly rotation.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { BACKUP_FORMAT, listTables, writeBackup, type BackupHeader } from '../../server/backup/backup.js';
import { backupName, backupNow, listBackups } from '../../server/backup/nightly.js';
import { checkBackup, restoreBackup } from '../../server/backup/restore.js';
import { run } from '../../server/cli/main.js';
import { TAR_END, tarHeader, tarPadding } from '../../server/common/tar.js';
import { runningEmbeddedUrl } from '../../server/db/embedded.js';
import { migrations } from '../../server/db/migrations/index.js';
import { openOrm } from '../../server/db/orm.js';
import { createPool } from '../../server/db/pool.js';
import { loadDemo } from '../../server/demo/load.js';
import { readTar } from '../../server/draw/bundle.js';
import { storeAttachment } from '../../server/inspections/archive.js';
import { AttachmentKind } from '../../server/inspections/attachment.entity.js';
import { tempDir } from '../tmp.js';
import { initTestApp, users, type TestApp } from '../utils.js';

let t: TestApp;
const work = tempDir('jc-backup-');
const archiveDir = path.join(work, 'archive');
const backupFile = path.join(work, 'county.tar.gz');
const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(50_000)]);
const photoSha = crypto.createHash('sha256').update(photo).digest('hex');
const opened: { orm: MikroORM; pool: pg.Pool; name: string }[] = [];

/** A new database with nothing in it (not even the migrations), and the ORM and pool on it. */
async function emptyDatabase(migrate = false): Promise<{ orm: MikroORM; pool: pg.Pool; url: string }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `jc_restore_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  const orm = await openOrm(url, { migrate });
  const pool = createPool(url, 4);
  opened.push({ orm, pool, name });
  return { orm, pool, url };
}

/** Per table: rows and a digest of their text, in a stable order. */
async function fingerprint(pool: pg.Pool): Promise<Record<string, string>> {
  const client = await pool.connect();
  try {
    const out: Record<string, string> = {};
    for (const table of await listTables(client)) {
      // The restore adds its own audit event; everything before it must be what was backed up.
      const where = table.name === 'audit_event' ? `where x.action <> 'RESTORE'` : '';
      const r = await client.query<{ n: number; h: string | null }>(
        `select count(*)::int as n, md5(string_agg(x::text, E'\\n' order by x::text)) as h from "${table.name}" x ${where}`,
      );
      out[table.name] = `${r.rows[0]!.n}:${r.rows[0]!.h ?? ''}`;
    }
    return out;
  } finally {
    client.release();
  }
}

/** Indexes and constraints, which the restore drops for the load and builds again. */
async function schemaObjects(pool: pg.Pool): Promise<unknown[]> {
  const indexes = await pool.query(`select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema() order by 1, 2`);
  const constraints = await pool.query(
    `select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid) as def, convalidated from pg_constraint
      where connamespace = current_schema()::regnamespace order by 1, 2`,
  );
  return [...indexes.rows, ...constraints.rows];
}

async function sequences(pool: pg.Pool): Promise<Record<string, string>> {
  const names = await pool.query<{ name: string }>(`select relname as name from pg_class where relkind = 'S' and relname not like 'mikro_orm%' order by 1`);
  const out: Record<string, string> = {};
  for (const { name } of names.rows) out[name] = (await pool.query<{ v: string }>(`select last_value::text || '/' || is_called as v from "${name}"`)).rows[0]!.v;
  return out;
}

/** The backup's tar entries, in order, with `edit` applied; written back gzipped to a new file. */
function rewrite(file: string, edit: (entries: [string, Buffer][]) => [string, Buffer][]): string {
  const entries = [...readTar(gunzipSync(fs.readFileSync(file)))].map(([n, d]) => [n, Buffer.from(d)] as [string, Buffer]);
  const parts: Buffer[] = [];
  for (const [name, data] of edit(entries)) parts.push(tarHeader(name, data.length, '0'), data, tarPadding(data.length));
  parts.push(TAR_END);
  const out = path.join(work, `edited-${crypto.randomBytes(4).toString('hex')}.tar.gz`);
  fs.writeFileSync(out, gzipSync(Buffer.concat(parts)));
  return out;
}

const departments = async (pool: pg.Pool) => (await pool.query<{ n: number }>('select count(*)::int as n from department')).rows[0]!.n;

beforeAll(async () => {
  t = await initTestApp();
  t.config.archiveDir = archiveDir;
  t.config.backupDir = path.join(work, 'hub-backups');
  t.config.backupKeep = 7;
  await loadDemo(t.db, { subjects: 1500, config: t.config, out: { write: () => true } as unknown as NodeJS.WritableStream });
  const inspection = await t.db.pool.query<{ id: number }>('select id from inspection order by id limit 1');
  await storeAttachment(t.db.orm, t.config, users.admin, {
    inspection: inspection.rows[0]!.id, kind: AttachmentKind.PHOTO, fileName: '现场照片.png', mimeType: 'image/png', body: Readable.from([photo]),
  });
}, 240_000);

afterAll(async () => {
  for (const o of opened) {
    await o.pool.end();
    await o.orm.close(true);
  }
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  for (const o of opened) await admin.query(`drop database if exists ${o.name} with (force)`);
  await admin.end();
  await t?.close();
});

describe('backup and restore', () => {
  let source: Record<string, string>;

  it('backs the whole hub up into one file and brings it back, table for table, into an empty database', async () => {
    const report = await writeBackup(t.db.pool, backupFile, { archiveDir });
    expect(fs.existsSync(`${backupFile}.partial`)).toBe(false);
    expect(report.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(backupFile)).digest('hex'));
    expect(report.bytes).toBe(fs.statSync(backupFile).size);
    expect(report.attachments).toBe(1);
    expect(report.missingAttachments).toEqual([]);
    expect(report.migrations).toBe(migrations.length);
    source = await fingerprint(t.db.pool);
    const subjects = Number(source.subject!.split(':')[0]);
    expect(subjects).toBe(1500);
    expect(Number(source.inspection!.split(':')[0])).toBeGreaterThan(100);
    expect(Number(source.metric_inspection_fact!.split(':')[0])).toBeGreaterThan(100);
    expect(report.rows).toBe(Object.values(source).reduce((s, v) => s + Number(v.split(':')[0]), 0));

    // The file is a plain gzipped tar: the header first, the checksums last.
    const names = [...readTar(gunzipSync(fs.readFileSync(backupFile))).keys()];
    expect(names[0]).toBe('jointcheck-backup/header.json');
    expect(names.at(-1)).toBe('jointcheck-backup/checksums.json');
    expect(names).toContain('jointcheck-backup/data/subject/00000.tsv');
    expect(names).toContain(`jointcheck-backup/archive/${photoSha.slice(0, 2)}/${photoSha}`);

    const target = await emptyDatabase();
    const restoredArchive = path.join(work, 'restored-archive');
    const r = await restoreBackup(target, backupFile, { archiveDir: restoredArchive });
    expect(r).toMatchObject({ tables: Object.keys(source).length, rows: report.rows, attachments: 1, upgraded: 0, replaced: false });
    expect(await fingerprint(target.pool)).toEqual(source);
    expect(await schemaObjects(target.pool)).toEqual(await schemaObjects(t.db.pool));
    expect(await sequences(target.pool)).toEqual({ ...(await sequences(t.db.pool)), audit_event_id_seq: expect.any(String) });
    expect(fs.readFileSync(path.join(restoredArchive, photoSha.slice(0, 2), photoSha)).equals(photo)).toBe(true);
    expect((await target.pool.query('select name from mikro_orm_migrations order by id')).rows.map((x) => x.name)).toEqual(migrations.map((m) => m.name));
    const audit = await target.pool.query(`select actor, entity_key, detail from audit_event where action = 'RESTORE'`);
    expect(audit.rows).toEqual([
      { actor: 'system:restore', entity_key: 'county.tar.gz', detail: expect.objectContaining({ fileSha256: report.sha256, rows: report.rows, replaced: false }) },
    ]);
    // The triggers are on again: a new subject is counted by the directory rollup and takes the next id.
    const total = `select subjects::int as n from metric_directory_rollup where region = '' and grade = ''`;
    const before = await target.pool.query<{ n: number }>(total);
    const ids = await target.pool.query<{ max: number }>('select max(id)::int as max from subject');
    const added = await target.pool.query<{ id: number }>(
      `insert into subject (key, name, kind, region_code, status) values ('TEST-RESTORED-1', '恢复后新增', 'ENTERPRISE', '370305001', 'ACTIVE') returning id`,
    );
    expect(added.rows[0]!.id).toBeGreaterThan(ids.rows[0]!.max);
    const after = await target.pool.query<{ n: number }>(total);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
    // Audit events stay append-only.
    await expect(target.pool.query('delete from audit_event')).rejects.toThrow(/append-only/);
  }, 120_000);

  it('replaces a database that holds data only when told to, all at once', async () => {
    const target = await emptyDatabase(true);
    await target.pool.query(`insert into department (code, name, short_name, kind) values ('ZZ', '恢复前已有的部门', '已有', 'OTHER')`);
    await expect(restoreBackup(target, backupFile, { archiveDir })).rejects.toThrow(/数据库已有数据.*--replace/);
    expect(await departments(target.pool)).toBe(1);
    const r = await restoreBackup(target, backupFile, { archiveDir, replace: true });
    expect(r.replaced).toBe(true);
    expect(await fingerprint(target.pool)).toEqual(source);
    expect((await target.pool.query(`select 1 from department where code = 'ZZ'`)).rowCount).toBe(0);
  }, 120_000);

  it('refuses a damaged, truncated, foreign or newer backup and writes nothing', async () => {
    const target = await emptyDatabase(true);
    const refused = async (file: string, reason: RegExp) => {
      await expect(checkBackup(file)).rejects.toThrow(reason);
      await expect(restoreBackup(target, file, { archiveDir: path.join(work, 'refused') })).rejects.toThrow(reason);
      expect(await departments(target.pool)).toBe(0);
    };
    // One byte of the directory changed (the tar and the gzip stay well formed).
    const flipped = rewrite(backupFile, (entries) =>
      entries.map(([n, d]) => {
        if (n !== 'jointcheck-backup/data/subject/00000.tsv') return [n, d];
        const copy = Buffer.from(d);
        copy[copy.indexOf('\t') + 1] = copy[copy.indexOf('\t') + 1] === 0x41 ? 0x42 : 0x41;
        return [n, copy];
      }),
    );
    await refused(flipped, /表 subject 的数据与校验和不符/);
    // A changed attachment.
    await refused(rewrite(backupFile, (entries) => entries.map(([n, d]) => [n, n.includes('/archive/') ? Buffer.from(d).fill(0, 100, 200) : d])), /附件 [0-9a-f]{64} 的内容与其 SHA-256 不符/);
    // Cut short: the gzip ends early.
    const whole = fs.readFileSync(backupFile);
    const cut = path.join(work, 'cut.tar.gz');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await refused(cut, /备份文件无效（cut\.tar\.gz）/);
    // A well-formed archive that lost its checksums.
    await refused(rewrite(backupFile, (entries) => entries.filter(([n]) => !n.endsWith('checksums.json'))), /文件不完整/);
    // Not a backup at all.
    const foreign = path.join(work, 'foreign.tar.gz');
    fs.writeFileSync(foreign, gzipSync(Buffer.concat([tarHeader('readme.txt', 2, '0'), Buffer.from('hi'), tarPadding(2), TAR_END])));
    await refused(foreign, /不是 jointcheck 备份/);
    // From a later version of the hub.
    const header = (entries: [string, Buffer][]) => JSON.parse(entries[0]![1].toString()) as BackupHeader;
    const newer = rewrite(backupFile, (entries) => {
      const h = header(entries);
      h.migrations.push('Migration29990101000000_future');
      return [[entries[0]![0], Buffer.from(JSON.stringify(h))], ...entries.slice(1)];
    });
    await expect(restoreBackup(target, newer, { archiveDir })).rejects.toThrow(/备份来自更新或不同版本的枢纽（迁移 Migration29990101000000_future 本版本没有）/);
    expect(await departments(target.pool)).toBe(0);
    const otherFormat = rewrite(backupFile, (entries) => [[entries[0]![0], Buffer.from(JSON.stringify({ ...header(entries), format: 'other/9' }))], ...entries.slice(1)]);
    await expect(checkBackup(otherFormat)).rejects.toThrow(new RegExp(`格式"other/9"不受支持（应为 ${BACKUP_FORMAT}）`));
    // The refused restores took back the attachments they had written.
    expect(fs.existsSync(path.join(work, 'refused', photoSha.slice(0, 2), photoSha))).toBe(false);
  }, 120_000);

  it('restores a backup from an older version at its own schema, then migrates it', async () => {
    const older = await emptyDatabase();
    const previous = migrations.at(-2)!.name;
    await older.orm.migrator.up({ to: previous });
    await older.pool.query(`insert into department (code, name, short_name, kind) values ('SCJG', '淄博市临淄区市场监督管理局', '市场监管', 'MARKET_REGULATION')`);
    const file = path.join(work, 'older.tar.gz');
    await writeBackup(older.pool, file, { archiveDir });
    const target = await emptyDatabase();
    const r = await restoreBackup(target, file, { archiveDir });
    expect(r.upgraded).toBe(1);
    expect(await departments(target.pool)).toBe(1);
    expect((await target.pool.query('select name from mikro_orm_migrations order by id')).rows.map((x) => x.name)).toEqual(migrations.map((m) => m.name));
    // A database already at a different version is not restored into: the schema would not match.
    await expect(restoreBackup(t.db, file, { archiveDir, replace: true })).rejects.toThrow(/数据库的结构版本（\d+ 个迁移）与备份（\d+ 个迁移）不同/);
  }, 120_000);

  it('backs up, checks and refuses from the command line', async () => {
    const env = { DATABASE_URL: process.env.DATABASE_URL, ARCHIVE_DIR: process.env.ARCHIVE_DIR, BACKUP_DIR: process.env.BACKUP_DIR };
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => (out.push(s), true)) as typeof process.stderr.write;
    try {
      process.env.DATABASE_URL = t.db.url;
      process.env.ARCHIVE_DIR = archiveDir;
      process.env.BACKUP_DIR = path.join(work, 'cli-backups');
      expect(await run(['backup'])).toBe(0);
      const [made] = listBackups(process.env.BACKUP_DIR);
      expect(made).toMatch(/^jointcheck-\d{8}-\d{6}\.tar\.gz$/);
      expect(out.join('')).toMatch(new RegExp(`备份完成：.*${made!.replace(/\./g, '\\.')}\\n.*张表 \\d+ 行，附件 1 个`));
      out.length = 0;
      expect(await run(['restore', path.join(process.env.BACKUP_DIR, made!), '--check'])).toBe(0);
      expect(out.join('')).toMatch(/备份完好：创建于 \d{4}-\d{2}-\d{2}T[\d:]+\+08:00，\d+ 张表 \d+ 行，附件 1 个/);
      out.length = 0;
      // The hub's database holds data: a restore needs --replace, and says so.
      expect(await run(['restore', path.join(process.env.BACKUP_DIR, made!)])).toBe(1);
      expect(out.join('')).toMatch(/数据库已有数据.*--replace[\s\S]*未恢复任何数据/);
      out.length = 0;
      expect(await run(['restore'])).toBe(2);
      expect(await run(['restore', path.join(work, 'missing.tar.gz'), '--check'])).toBe(1);
      expect(out.join('')).toMatch(/备份文件不存在/);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }, 120_000);

  it('keeps the newest nightly backups and names them by China time', async () => {
    expect(backupName(new Date('2026-11-22T17:00:05Z'))).toBe('jointcheck-20261123-010005.tar.gz');
    const dir = path.join(work, 'nightly');
    fs.mkdirSync(dir, { recursive: true });
    for (const old of ['jointcheck-20261101-010000.tar.gz', 'jointcheck-20261102-010000.tar.gz', 'jointcheck-20261103-010000.tar.gz']) fs.writeFileSync(path.join(dir, old), '');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'kept');
    const r = await backupNow(t.db.pool, { backupDir: dir, archiveDir }, 2);
    expect(r.deleted).toEqual(['jointcheck-20261102-010000.tar.gz', 'jointcheck-20261101-010000.tar.gz']);
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(r.file), 'jointcheck-20261103-010000.tar.gz', 'notes.txt'].sort());
  }, 120_000);

  it('lets a system administrator list backups and make one through GraphQL, and nobody else', async () => {
    const made = await t.gql<{ createBackup: { file: { name: string; bytes: number }; sha256: string; tables: number; rows: number; attachments: number } }>(
      `mutation { createBackup { file { name bytes createdAt } sha256 tables rows attachments missingAttachments deleted ms } }`,
    );
    expect(made.errors).toBeUndefined();
    const { file, sha256, attachments } = made.data!.createBackup;
    const onDisk = path.join(t.config.backupDir, file.name);
    expect(file.bytes).toBe(fs.statSync(onDisk).size);
    expect(sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(onDisk)).digest('hex'));
    expect(attachments).toBe(1);
    const audit = await t.db.pool.query(`select actor, entity_key from audit_event where action = 'BACKUP'`);
    expect(audit.rows).toEqual([{ actor: 'admin', entity_key: file.name }]);
    const listed = await t.gql<{ backups: { directory: string; keep: number; files: { name: string }[] } }>(`{ backups { directory keep files { name bytes createdAt } } }`);
    expect(listed.data!.backups).toEqual({ directory: t.config.backupDir, keep: 7, files: [expect.objectContaining({ name: file.name })] });
    for (const caller of [users.office, users.scjgClerk, users.leader, users.anonymous]) {
      const refused = await t.gql(`mutation { createBackup { sha256 } }`, {}, caller);
      expect(refused.errors?.[0]?.extensions?.code, caller.kind === 'user' ? caller.username : 'anonymous').toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      const hidden = await t.gql(`{ backups { directory } }`, {}, caller);
      expect(hidden.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
    expect(listBackups(t.config.backupDir)).toEqual([file.name]);
  }, 120_000);

  it('finds the embedded server a running hub started on a data folder', () => {
    const dir = path.join(work, 'pgdata');
    fs.mkdirSync(dir, { recursive: true });
    expect(runningEmbeddedUrl(dir)).toBeNull();
    fs.writeFileSync(path.join(dir, 'postmaster.pid'), `${process.pid}\n${dir}\n1700000000\n54321\n/tmp\n`);
    expect(runningEmbeddedUrl(dir)).toBe('postgresql://postgres:jointcheck@127.0.0.1:54321/jointcheck');
    // A pid file left by a server that is gone.
    fs.writeFileSync(path.join(dir, 'postmaster.pid'), `2147483646\n${dir}\n1700000000\n54321\n/tmp\n`);
    expect(runningEmbeddedUrl(dir)).toBeNull();
  });
});
