/**
 * Backups of the whole hub: every table of the database, as one consistent snapshot, and the inspection
 * attachments those rows refer to, in one gzipped tar file (`tar tzf` lists it). The embedded server runs
 * `wal_level=minimal` and Debian's `pg_dump` is older than it, so the hub writes its own backups; with
 * DATABASE_URL a DBA's tools work as well.
 *
 * Layout, in this order (the restore reads it as a stream):
 * - `jointcheck-backup/header.json`: format, time, the migrations the schema is at, each table's columns,
 *   each sequence's position;
 * - `jointcheck-backup/data/<table>/<00000>.tsv`: the table in COPY's text format, in parts of 16 MiB;
 * - `jointcheck-backup/archive/<ab>/<sha256>`: the attachments, named by their SHA-256;
 * - `jointcheck-backup/checksums.json`: per table the rows, bytes and SHA-256 of its data; the attachments.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import zlib from 'node:zlib';
import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { AppError, ErrorCode } from '../common/errors.js';
import { attachmentPath } from '../inspections/archive.js';
import { readTarStream, TAR_END, tarHeader, TarFormatError, tarPadding, type TarStreamEntry } from '../common/tar.js';

export const BACKUP_FORMAT = 'jointcheck-backup/1';
const ROOT = 'jointcheck-backup';
const HEADER = `${ROOT}/header.json`;
const CHECKSUMS = `${ROOT}/checksums.json`;
const DATA = new RegExp(`^${ROOT}/data/([a-z_][a-z0-9_]*)/(\\d{5})\\.tsv$`);
const ARCHIVE = new RegExp(`^${ROOT}/archive/([0-9a-f]{2})/([0-9a-f]{64})$`);
/** Table data goes into the archive in parts of this size: a tar entry's size is written before its bytes. */
const PART_BYTES = 16 << 20;
/** Backups the hub names itself (nightly and `jointcheck backup` without a file): China time of the snapshot. */
export const BACKUP_NAME = /^jointcheck-\d{8}-\d{6}\.tar\.gz$/;
/** The migrations table belongs to the migrator: the header lists the migrations instead. */
const MIGRATIONS_TABLE = 'mikro_orm_migrations';

export interface BackupTable {
  name: string;
  columns: string[];
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  postgres: string;
  /** Migrations applied to the database, in order: the schema the data fits. */
  migrations: string[];
  tables: BackupTable[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

interface TableSum {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface BackupChecksums {
  tables: TableSum[];
  attachments: { files: number; bytes: number; missing: string[] };
}

/**
 * The text format depends on these settings (dates, intervals, floats): the backup is written and read with
 * the same ones, whatever the server's defaults.
 */
export async function setCopySettings(client: PoolClient): Promise<void> {
  await client.query(`set local datestyle = 'ISO, YMD'; set local intervalstyle = 'postgres'; set local timezone = 'UTC'; set local extra_float_digits = 3`);
}

/** The schema's tables (not partitions) with their stored columns, generated ones left out. */
export async function listTables(client: PoolClient): Promise<BackupTable[]> {
  const r = await client.query<BackupTable>(
    `select c.relname as name, array_agg(a.attname::text order by a.attnum) as columns
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> $1
      group by c.relname order by c.relname`,
    [MIGRATIONS_TABLE],
  );
  return r.rows;
}

/** Migrations applied to the database, oldest first; none when the migrator never ran there. */
export async function appliedMigrations(client: PoolClient | Pool): Promise<string[]> {
  const exists = await client.query<{ t: string | null }>(`select to_regclass($1) as t`, [MIGRATIONS_TABLE]);
  if (!exists.rows[0]!.t) return [];
  const r = await client.query<{ name: string }>(`select name from ${MIGRATIONS_TABLE} order by id`);
  return r.rows.map((x) => x.name);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `copy "table" ("a","b")`: the start of a COPY of these columns. */
const copyTarget = (t: BackupTable) => `copy ${quote(t.name)} (${t.columns.map(quote).join(', ')})`;

/** The archive name of a table's `index`-th part of data. */
const partName = (table: string, index: number) => `${ROOT}/data/${table}/${String(index).padStart(5, '0')}.tsv`;

/** Rows, bytes and SHA-256 of a table's COPY text: counted the same way as it is written and as it is read back. */
class TableMeter {
  private readonly hash = crypto.createHash('sha256');
  private readonly sum: TableSum;

  constructor(name: string) {
    this.sum = { name, rows: 0, bytes: 0, sha256: '' };
  }

  add(chunk: Buffer): void {
    this.hash.update(chunk);
    // A row of COPY's text format ends in a newline; newlines inside values are escaped.
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) this.sum.rows++;
    this.sum.bytes += chunk.length;
  }

  done(): TableSum {
    this.sum.sha256 = this.hash.digest('hex');
    return this.sum;
  }
}

/** A gzipped tar file written entry by entry, with backpressure; the bytes written are hashed on the way. */
class TarFileWriter {
  private readonly gzip = zlib.createGzip({ level: 1 });
  private readonly hash = crypto.createHash('sha256');
  private readonly done: Promise<void>;
  bytes = 0;

  constructor(file: string) {
    const meter = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        cb(null, chunk);
      },
    });
    this.done = pipeline(this.gzip, meter, fs.createWriteStream(file));
    this.done.catch(() => undefined);
  }

  private async put(b: Buffer): Promise<void> {
    if (b.length && !this.gzip.write(b)) await Promise.race([once(this.gzip, 'drain'), this.done]);
  }

  async entry(name: string, parts: Buffer[], mtime: number): Promise<void> {
    const size = parts.reduce((s, p) => s + p.length, 0);
    await this.put(tarHeader(name, size, '0', mtime));
    for (const p of parts) await this.put(p);
    await this.put(tarPadding(size));
  }

  /** A file of `size` bytes from disk; fails if it changed size meanwhile (attachments never change). */
  async fileEntry(name: string, file: string, size: number, mtime: number): Promise<void> {
    await this.put(tarHeader(name, size, '0', mtime));
    let seen = 0;
    for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > size) break;
      await this.put(chunk);
    }
    if (seen !== size) throw new Error(`${file} changed size while it was backed up (${size} → ${seen} bytes)`);
    await this.put(tarPadding(size));
  }

  async close(): Promise<string> {
    this.gzip.end(TAR_END);
    await this.done;
    return this.hash.digest('hex');
  }

  abort(): void {
    this.gzip.destroy();
  }
}

export interface BackupReport {
  file: string;
  /** Size of the backup file. */
  bytes: number;
  /** SHA-256 of the backup file (`sha256sum` gives the same): to check a copy kept elsewhere. */
  sha256: string;
  createdAt: string;
  migrations: number;
  tables: number;
  rows: number;
  attachments: number;
  /** Attachments whose rows exist but whose file was missing from the archive folder. */
  missingAttachments: string[];
  ms: number;
}

/**
 * Writes a backup of the database behind `pool` and of the attachments in `archiveDir` to `file`. The rows
 * are read in one REPEATABLE READ transaction: one consistent snapshot, taken while the hub keeps working.
 * The file appears only when complete (it is written as `file.partial`, synced, then renamed).
 */
export async function writeBackup(pool: Pool, file: string, opts: { archiveDir: string }): Promise<BackupReport> {
  const t0 = Date.now();
  const partial = `${file}.partial`;
  await fs.promises.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const out = new TarFileWriter(partial);
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read, read only');
    await setCopySettings(client);
    const snapshot = await client.query<{ at: Date; version: string }>(`select now() as at, current_setting('server_version') as version`);
    const createdAt = snapshot.rows[0]!.at;
    const mtime = Math.floor(createdAt.getTime() / 1000);
    const tables = await listTables(client);
    const sequences = await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind = 'S' and c.relname not like $1 order by 1`,
      [`${MIGRATIONS_TABLE}%`],
    );
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      createdAt: createdAt.toISOString(),
      postgres: snapshot.rows[0]!.version,
      migrations: await appliedMigrations(client),
      tables,
      sequences: [],
    };
    for (const s of sequences.rows) {
      const v = await client.query<{ last: string; called: boolean }>(`select last_value::text as last, is_called as called from ${quote(s.name)}`);
      header.sequences.push({ name: s.name, lastValue: v.rows[0]!.last, isCalled: v.rows[0]!.called });
    }
    await out.entry(HEADER, [Buffer.from(JSON.stringify(header, null, 2))], mtime);

    const sums: BackupChecksums = { tables: [], attachments: { files: 0, bytes: 0, missing: [] } };
    for (const t of tables) {
      const meter = new TableMeter(t.name);
      let part: Buffer[] = [];
      let partBytes = 0;
      let index = 0;
      const flush = async () => {
        await out.entry(partName(t.name, index++), part, mtime);
        part = [];
        partBytes = 0;
      };
      for await (const chunk of client.query(copyTo(`${copyTarget(t)} to stdout`)) as AsyncIterable<Buffer>) {
        meter.add(chunk);
        part.push(chunk);
        partBytes += chunk.length;
        if (partBytes >= PART_BYTES) await flush();
      }
      if (partBytes) await flush();
      sums.tables.push(meter.done());
    }

    // The files of the attachments in the snapshot. They are stored under their own hash and never change
    // or go away, so reading them after the rows is as consistent as the rows.
    const attachments = await client.query<{ sha256: string }>(`select distinct sha256 from attachment order by 1`);
    await client.query('commit');
    for (const { sha256 } of attachments.rows) {
      const source = attachmentPath(opts, sha256);
      const stat = await fs.promises.stat(source).catch(() => null);
      if (!stat) {
        sums.attachments.missing.push(sha256);
        continue;
      }
      await out.fileEntry(`${ROOT}/archive/${sha256.slice(0, 2)}/${sha256}`, source, stat.size, mtime);
      sums.attachments.files++;
      sums.attachments.bytes += stat.size;
    }
    await out.entry(CHECKSUMS, [Buffer.from(JSON.stringify(sums, null, 2))], mtime);
    const sha256 = await out.close();
    const fd = await fs.promises.open(partial, 'r');
    await fd.sync();
    await fd.close();
    await fs.promises.rename(partial, file);
    return {
      file, bytes: out.bytes, sha256, createdAt: header.createdAt, migrations: header.migrations.length, tables: tables.length,
      rows: sums.tables.reduce((s, t) => s + t.rows, 0), attachments: sums.attachments.files, missingAttachments: sums.attachments.missing,
      ms: Date.now() - t0,
    };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    out.abort();
    await fs.promises.rm(partial, { force: true });
    throw err;
  } finally {
    client.release();
  }
}

export interface BackupRead {
  header: BackupHeader;
  checksums: BackupChecksums;
  /** SHA-256 and size of the backup file as read. */
  fileSha256: string;
  bytes: number;
}

/** What a restore does with each piece of a backup as it is read. */
export interface BackupVisitor {
  header(h: BackupHeader): Promise<void>;
  /** All the table's data, its parts joined; called once per table that has rows. */
  table(t: BackupTable, data: AsyncIterable<Buffer>): Promise<void>;
  attachment(sha256: string, data: AsyncIterable<Buffer>): Promise<void>;
}

export const badBackup = (file: string, reason: string) => new AppError(ErrorCode.BAD_USER_INPUT, `备份文件无效（${path.basename(file)}）：${reason}`, 'file');

async function* hashed(data: AsyncIterable<Buffer>, onChunk: (b: Buffer) => void): AsyncGenerator<Buffer> {
  for await (const b of data) {
    onChunk(b);
    yield b;
  }
}

/**
 * Reads a backup file as a stream and hands its pieces to `visitor`, checking everything against the
 * checksums at its end: each table's rows, bytes and SHA-256, each attachment's SHA-256, and that nothing
 * is missing. Throws a BAD_USER_INPUT AppError naming the file and the problem; a visitor writing into a
 * transaction rolls it back then.
 */
export async function readBackup(file: string, visitor: BackupVisitor): Promise<BackupRead> {
  if (!fs.existsSync(file)) throw new AppError(ErrorCode.BAD_USER_INPUT, `备份文件不存在：${file}`, 'file');
  const bad = (reason: string) => badBackup(file, reason);
  const raw = fs.createReadStream(file);
  const fileHash = crypto.createHash('sha256');
  let bytes = 0;
  raw.on('data', (b) => {
    fileHash.update(b as Buffer);
    bytes += b.length;
  });
  const source = raw.pipe(zlib.createGunzip());
  const entries = readTarStream(source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const json = async <T>(e: TarStreamEntry): Promise<T> => {
    const parts: Buffer[] = [];
    for await (const b of e.body()) parts.push(b);
    try {
      return JSON.parse(Buffer.concat(parts).toString('utf8')) as T;
    } catch {
      throw bad(`${e.name} 不是有效的 JSON`);
    }
  };
  try {
    let next = await entries.next();
    if (next.done || next.value.name !== HEADER) throw bad('不是 jointcheck 备份（缺少 header.json）');
    const header = await json<BackupHeader>(next.value);
    if (header.format !== BACKUP_FORMAT) throw bad(`格式"${String(header.format)}"不受支持（应为 ${BACKUP_FORMAT}）`);
    await visitor.header(header);
    const tables = new Map(header.tables.map((t) => [t.name, t]));
    const seen = new Map<string, TableSum>();
    const attachments: string[] = [];
    next = await entries.next();
    while (!next.done) {
      const entry: TarStreamEntry = next.value;
      const data = DATA.exec(entry.name);
      const archived = ARCHIVE.exec(entry.name);
      if (data) {
        const name = data[1]!;
        const table = tables.get(name);
        if (!table) throw bad(`数据 ${entry.name} 属于头部未列出的表 ${name}`);
        if (seen.has(name)) throw bad(`表 ${name} 的数据不连续`);
        const meter = new TableMeter(name);
        let current: TarStreamEntry = entry;
        // The table's parts, in order, as one stream; `next` ends on the entry after them.
        const parts = async function* () {
          for (let index = 0; ; index++) {
            if (current.name !== partName(name, index)) throw bad(`表 ${name} 缺少第 ${index + 1} 段数据`);
            yield* current.body();
            next = await entries.next();
            if (next.done || DATA.exec(next.value.name)?.[1] !== name) return;
            current = next.value;
          }
        };
        await visitor.table(table, hashed(parts(), (b) => meter.add(b)));
        seen.set(name, meter.done());
        continue;
      }
      if (archived) {
        const hash = crypto.createHash('sha256');
        await visitor.attachment(archived[2]!, hashed(entry.body(), (b) => hash.update(b)));
        if (hash.digest('hex') !== archived[2]) throw bad(`附件 ${archived[2]} 的内容与其 SHA-256 不符`);
        attachments.push(archived[2]!);
      } else if (entry.name === CHECKSUMS) {
        const checksums = await json<BackupChecksums>(entry);
        next = await entries.next();
        if (!next.done) throw bad(`checksums.json 之后还有内容（${next.value.name}）`);
        for (const t of header.tables) {
          const want = checksums.tables.find((x) => x.name === t.name);
          if (!want) throw bad(`校验和缺少表 ${t.name}`);
          // A table without rows has no data in the archive.
          const got = seen.get(t.name) ?? new TableMeter(t.name).done();
          if (got.rows !== want.rows || got.bytes !== want.bytes || got.sha256 !== want.sha256)
            throw bad(`表 ${t.name} 的数据与校验和不符（应有 ${want.rows} 行 ${want.bytes} 字节，读到 ${got.rows} 行 ${got.bytes} 字节）`);
        }
        if (attachments.length !== checksums.attachments.files) throw bad(`附件应有 ${checksums.attachments.files} 个，读到 ${attachments.length} 个`);
        // The end-of-archive blocks and the gzip trailer: read, so that the file's hash covers it all.
        for await (const b of source) void b;
        await finished(raw);
        return { header, checksums, fileSha256: fileHash.digest('hex'), bytes };
      } else {
        throw bad(`未知内容 ${entry.name}`);
      }
      next = await entries.next();
    }
    throw bad('文件不完整（缺少 checksums.json，备份可能被截断）');
  } catch (err) {
    source.destroy();
    if (err instanceof TarFormatError) throw bad(err.message);
    if ((err as { code?: string }).code?.startsWith('Z_')) throw bad(`不是完整的 gzip 文件（${(err as Error).message}）`);
    throw err;
  }
}
