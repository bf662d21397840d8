import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Pool, PoolClient } from 'pg';
import { recordAuditSql } from '../audit/audit.service.js';
import { assertCanWriteDepartment, assertCoordinator, type Caller } from '../auth/caller.js';
import { AppError, badInput, ErrorCode } from '../common/errors.js';
import { log } from '../common/log.js';
import { approximateRows, isEmpty, suspendIndexes, suspendTriggers } from './bulk.js';
import { ImportKind, KIND_NAMES } from './columns.js';
import { CopyWriter } from './copy.js';
import { encodeRecords, type EncodedBatch } from './encode.js';
import { type FastBatch, SubjectCsvEncoder } from './fastcsv.js';
import { fileFormat, readFile, type RawRecord } from './reader.js';
import { TARGETS, type ImportTarget } from './targets.js';
import type { ReferenceCodes, RowError } from './validate.js';

export interface ImportOptions {
  kind: ImportKind;
  /** Records to import (GraphQL text, single rows), or give `file`. */
  source?: AsyncIterable<RawRecord>;
  /** A .csv or .xlsx file; its SHA-256 goes into the audit trail. */
  file?: string;
  caller: Caller;
  /** Department whose sub-library (subjects) or roster/list (inspectors, items) the rows belong to. */
  department?: string | null;
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** Reject sources with more data rows than this (the GraphQL batch limit). */
  maxRows?: number;
  /** How many row errors the report keeps (all are passed to `onError`). */
  maxReportedErrors?: number;
  onError?: (e: RowError) => void;
  /** Rows read so far and, for files, bytes read. */
  onProgress?: (rowsRead: number, bytesRead?: number) => void;
  /** Name of the source for the audit trail (file name, or the key of a single upserted row). */
  sourceName?: string;
  /** Audit action: IMPORT for files, UPSERT / CREATE / UPDATE for single rows. */
  auditAction?: string;
}

export interface ImportReport {
  kind: ImportKind;
  total: number;
  valid: number;
  invalid: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  dryRun: boolean;
  written: boolean;
  errorCount: number;
  errors: RowError[];
}

/** Loads at least this big rebuild the tables' indexes once instead of updating them row by row. */
const BULK_MIN_ROWS = 50_000;
/** Staging tables at least this big are analysed before the merge. */
const ANALYZE_MIN_ROWS = 10_000;

async function referenceCodes(client: PoolClient, department: string | undefined): Promise<ReferenceCodes> {
  const d = await client.query<{ code: string }>('select code from department');
  const i = await client.query<{ code: string }>('select distinct code from check_item');
  return { departments: new Set(d.rows.map((r) => r.code)), itemCodes: new Set(i.rows.map((r) => r.code)), department };
}

/** Fills a sub-library emptied in this transaction with subjects by their id runs, through COPY … FREEZE. */
async function copyMembers(client: PoolClient, departmentId: number, runs: [number, number][]): Promise<void> {
  const copy = new CopyWriter(client, 'library_member', ['department_id', 'subject_id', 'source'], { freeze: true });
  try {
    let text = '';
    for (const [first, last] of runs) {
      for (let id = first; id <= last; id++) {
        text += `${departmentId}\t${id}\tIMPORT\n`;
        if (text.length >= 1 << 16) {
          await copy.write(text);
          text = '';
        }
      }
    }
    await copy.write(text);
  } finally {
    await copy.end();
  }
}

/**
 * Validates every row of a spreadsheet and writes the valid ones in ONE transaction: rows stream
 * through validation (in a worker thread for files) into a COPY into a temporary staging table,
 * duplicates inside the file are found there, and one merge per table upserts by public key. By default
 * nothing is written unless every row is valid; `skipInvalid` writes the valid rows; `dryRun` reports
 * and rolls back.
 */
export async function runImport(pool: Pool, opts: ImportOptions): Promise<ImportReport> {
  const kind = opts.kind;
  const target = TARGETS[kind] as ImportTarget<unknown>;
  const maxReported = opts.maxReportedErrors ?? 1000;
  const report: ImportReport = {
    kind, total: 0, valid: 0, invalid: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0,
    dryRun: !!opts.dryRun, written: false, errorCount: 0, errors: [],
  };
  const invalidLines = new Set<number>();
  const addError = (e: RowError) => {
    report.errorCount++;
    invalidLines.add(e.line);
    if (report.errors.length < maxReported) report.errors.push(e);
    opts.onError?.(e);
  };
  if (!opts.source && !opts.file) throw badInput('file', '没有要导入的数据');

  const departmentCode = opts.department ? opts.department.toUpperCase() : undefined;
  // Shared directory rows without a department: coordinators only. Department-bound rows: that department's staff.
  if (departmentCode) assertCanWriteDepartment(opts.caller, departmentCode);
  else if (kind === ImportKind.SUBJECTS) assertCoordinator(opts.caller);

  const started = Date.now();
  const mark = (phase: string) => log.debug('import phase', { phase, ms: Date.now() - started, rows: report.total });
  const client = await pool.connect();
  let open = false;
  try {
    await client.query('begin');
    open = true;
    // Hash joins and aggregates over the staging table stay in memory.
    await client.query(`set local work_mem = '1GB'`);
    const ref = await referenceCodes(client, departmentCode);
    let department: { id: number; code: string } | null = null;
    if (departmentCode) {
      const r = await client.query<{ id: number }>('select id from department where code = $1', [departmentCode]);
      if (!r.rows[0]) throw badInput('department', `部门代码"${departmentCode}"不存在`);
      department = { id: r.rows[0].id, code: departmentCode };
    }
    const rowDepartments = new Set<string>();
    const hash = crypto.createHash('sha256');
    let bytesRead = 0;
    const columns = target.stageColumns.map(([n]) => n);
    // A subject CSV file takes the byte-level encoder, which also finds duplicated keys as it reads.
    const fastCsv = kind === ImportKind.SUBJECTS && !!opts.file && fileFormat(opts.file) === 'csv';
    // Into an empty directory, a CSV file is copied straight into `subject` (ids numbered from the file's
    // lines, indexes rebuilt once at the end) instead of through a staging table and a merge. The lock
    // keeps other writers out, and dropping the indexes makes readers wait, until commit: fine for a
    // table that was empty, and only then.
    let direct: { sequence: string } | null = null;
    if (fastCsv && (await isEmpty(client, 'subject'))) {
      await client.query('lock table subject in share row exclusive mode');
      if (await isEmpty(client, 'subject')) {
        const r = await client.query<{ seq: string }>(`select pg_get_serial_sequence('subject', 'id') as seq`);
        direct = { sequence: r.rows[0]!.seq };
      }
    }
    const rebuild: (() => Promise<void>)[] = [];
    let copy: CopyWriter;
    let idOffset = 0;
    let restoreTriggers: (() => Promise<void>) | null = null;
    if (direct) {
      for (const table of target.bulkTables ?? []) rebuild.push(await suspendIndexes(client, table, { primaryKey: true }));
      // The directory's metric rollup counts inserted subjects from the statement's transition table; the
      // encoder counts them instead (below).
      restoreTriggers = await suspendTriggers(client, 'subject', ['metric_subject_inserted']);
      const first = await client.query<{ id: number }>(`select nextval($1)::bigint as id`, [direct.sequence]);
      idOffset = Number(first.rows[0]!.id) - 2; // the first data line is line 2
      // Emptied in this transaction (their foreign keys are off; the sub-library was empty with the
      // directory), the tables take the rows already frozen: no reader then sets hint bits on a million
      // fresh rows, vacuum never has to freeze them, and with wal_level=minimal they skip the WAL.
      await client.query(`truncate ${(target.bulkTables ?? []).map((t) => `"${t}"`).join(', ')}`);
      copy = new CopyWriter(client, 'subject', ['id', ...columns], { freeze: true, binary: true });
    } else {
      await client.query(
        `create temp table stage (line int not null, ${target.stageColumns.map(([n, t]) => `"${n}" ${t}`).join(', ')}) on commit drop`,
      );
      copy = new CopyWriter(client, 'stage', ['line', ...columns], { binary: fastCsv });
    }
    let copied = 0;
    let duplicatesChecked = false;
    let enc: SubjectCsvEncoder | null = null;
    try {
      if (fastCsv) {
        enc = new SubjectCsvEncoder(ref, { idOffset, idType: direct ? 'int8' : 'int4', maxRows: opts.maxRows });
        const take = async (b: FastBatch) => {
          b.errors.forEach(addError);
          report.total = b.total;
          copied += b.rows;
          opts.onProgress?.(b.total, bytesRead);
          await copy.write(b.out);
        };
        for await (const chunk of fs.createReadStream(opts.file!, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
          hash.update(chunk);
          bytesRead += chunk.length;
          await take(enc.push(chunk));
        }
        await take(enc.end());
        duplicatesChecked = true;
      } else {
        const source = opts.file
          ? readFile(opts.file, (chunk) => {
              hash.update(chunk);
              bytesRead += chunk.length;
            })
          : opts.source!;
        const emit = async (b: EncodedBatch) => {
          b.errors.forEach(addError);
          b.departments.forEach((d) => rowDepartments.add(d));
          report.total = b.total;
          opts.onProgress?.(b.total, opts.file ? bytesRead : undefined);
          await copy.write(b.text);
        };
        const summary = await encodeRecords(kind, source, ref, emit, { maxRows: opts.maxRows });
        report.total = summary.total;
      }
    } finally {
      await copy.end();
    }
    mark('staged');
    opts.onProgress?.(report.total, opts.file ? bytesRead : undefined);
    for (const dep of rowDepartments) assertCanWriteDepartment(opts.caller, dep);

    if (!duplicatesChecked) {
      // Duplicates inside the file: the first occurrence stands, later ones are errors. A hash aggregate
      // finds the duplicated keys; only their lines are then fetched.
      const keyCol = target.stageColumns[0]![0];
      const dups = await client.query<{ key: string; lines: number[] }>(
        `with d as (select "${keyCol}" as key from stage group by 1 having count(*) > 1)
         select d.key, array_agg(s.line order by s.line) as lines from d join stage s on s."${keyCol}" = d.key group by d.key order by min(s.line)`,
      );
      for (const d of dups.rows) {
        for (const line of d.lines.slice(1)) addError({ line, column: null, reason: `代码"${d.key}"与第 ${d.lines[0]} 行重复` });
      }
      if (dups.rowCount) await client.query(`delete from stage s using (select "${keyCol}" as k, min(line) as first from stage group by 1 having count(*) > 1) d where s."${keyCol}" = d.k and s.line > d.first`);
    }
    report.invalid = invalidLines.size;
    report.valid = report.total - report.invalid;
    mark('duplicates checked');

    if (report.invalid > 0 && !opts.skipInvalid) {
      await client.query('rollback');
      open = false;
      return report;
    }
    report.skipped = opts.skipInvalid ? report.invalid : 0;
    let merged: { inserted: number; updated: number };
    if (direct) {
      // The rows are in place; the sub-library takes all of them (the directory was empty), copied in as
      // COPY batches its rows where INSERT … SELECT writes them one by one.
      if (department) await copyMembers(client, department.id, enc!.idRuns());
      const counted = enc!.directoryCounts();
      await client.query(`select metric_directory_add($1::text[], $2::text[], $3::bigint[])`, [counted.regions, counted.grades, counted.counts]);
      merged = { inserted: copied, updated: 0 };
    } else {
      // A load that at least doubles the table rebuilds its indexes once instead of row by row. The
      // count of new keys is only needed when the table is smaller than the load.
      const bulk = target.bulkTables;
      if (bulk && target.countNew && report.valid >= BULK_MIN_ROWS) {
        const rows = await approximateRows(client, bulk[0]!);
        if (rows < report.valid) {
          const fresh = await target.countNew(client);
          if (fresh >= BULK_MIN_ROWS && fresh >= rows) for (const table of bulk) rebuild.push(await suspendIndexes(client, table));
        }
      }
      // The staging table has no statistics (autovacuum never sees temporary tables) and a freshly
      // loaded directory may have none yet either; without them the planner sorts a million staged rows
      // and walks the key index into a heap bigger than shared_buffers (a merge join: 19 s for a
      // re-import of 1M rows instead of a few seconds with hash joins).
      if (report.total >= ANALYZE_MIN_ROWS) await client.query('analyze stage');
      await client.query('set local enable_mergejoin = off');
      merged = await target.merge(client, kind === ImportKind.SUBJECTS ? department : null);
    }
    mark('merged');
    for (const r of rebuild) await r();
    if (rebuild.length) mark('indexes rebuilt');
    if (restoreTriggers) await restoreTriggers();
    report.inserted = merged.inserted;
    report.updated = merged.updated;
    report.unchanged = report.valid - merged.inserted - merged.updated;
    await recordAuditSql(client, opts.caller, {
      action: opts.auditAction ?? 'IMPORT',
      entity: kind,
      entityKey: opts.sourceName ?? 'import',
      after: { kind, total: report.total, inserted: report.inserted, updated: report.updated },
      detail: {
        kindName: KIND_NAMES[kind], department: departmentCode ?? null, total: report.total, inserted: report.inserted,
        updated: report.updated, unchanged: report.unchanged, skipped: report.skipped,
        // The imported file is identified by its SHA-256: anyone can check it with `sha256sum`.
        ...(opts.file ? { fileSha256: hash.digest('hex') } : {}),
      },
    });
    if (opts.dryRun) {
      await client.query('rollback');
    } else {
      // Ids were given from the file's lines: move the sequence past them (not transactional, so only
      // now that the import is about to commit).
      if (direct) await client.query(`select setval($1, max(id)) from subject having max(id) is not null`, [direct.sequence]);
      await client.query('commit');
      report.written = true;
    }
    open = false;
    return report;
  } catch (err) {
    if (err instanceof AppError && err.code === ErrorCode.IMPORT_INVALID) {
      for (const e of (err.details?.rowErrors as RowError[] | undefined) ?? []) addError(e);
      report.invalid = invalidLines.size;
      if (open) await client.query('rollback').catch(() => undefined);
      open = false;
      return report;
    }
    throw err;
  } finally {
    if (open) await client.query('rollback').catch(() => undefined);
    client.release();
  }
}
