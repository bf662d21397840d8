import crypto from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { recordAuditSql } from '../audit/audit.service.js';
import { assertCanWriteDepartment, assertCoordinator, type Caller } from '../auth/caller.js';
import { AppError, badInput, ErrorCode } from '../common/errors.js';
import { log } from '../common/log.js';
import { approximateRows, suspendIndexes } from './bulk.js';
import { ImportKind, KIND_NAMES } from './columns.js';
import { CopyWriter } from './copy.js';
import { encodeRecords, type EncodedBatch, type EncodeSummary } from './encode.js';
import { readFile, type RawRecord } from './reader.js';
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

async function referenceCodes(client: PoolClient, department: string | undefined): Promise<ReferenceCodes> {
  const d = await client.query<{ code: string }>('select code from department');
  const i = await client.query<{ code: string }>('select distinct code from check_item');
  return { departments: new Set(d.rows.map((r) => r.code)), itemCodes: new Set(i.rows.map((r) => r.code)), department };
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
    await client.query(
      `create temp table stage (line int not null, ${target.stageColumns.map(([n, t]) => `"${n}" ${t}`).join(', ')}) on commit drop`,
    );
    const copy = new CopyWriter(client, 'stage', ['line', ...target.stageColumns.map(([n]) => n)]);
    const rowDepartments = new Set<string>();
    const hash = crypto.createHash('sha256');
    let bytesRead = 0;
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
    let summary: EncodeSummary;
    try {
      summary = await encodeRecords(kind, source, ref, emit, { maxRows: opts.maxRows });
    } finally {
      await copy.end();
    }
    report.total = summary.total;
    mark('staged');
    opts.onProgress?.(report.total, opts.file ? bytesRead : undefined);
    for (const dep of rowDepartments) assertCanWriteDepartment(opts.caller, dep);

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
    report.invalid = invalidLines.size;
    report.valid = report.total - report.invalid;
    mark('duplicates checked');

    if (report.invalid > 0 && !opts.skipInvalid) {
      await client.query('rollback');
      open = false;
      return report;
    }
    report.skipped = opts.skipInvalid ? report.invalid : 0;
    const rebuild: (() => Promise<void>)[] = [];
    // A load that at least doubles the table rebuilds its indexes once instead of row by row.
    const bulk = target.bulkTables;
    if (bulk && target.countNew && report.valid >= BULK_MIN_ROWS) {
      const fresh = await target.countNew(client);
      if (fresh >= BULK_MIN_ROWS && fresh >= (await approximateRows(client, bulk[0]!)))
        for (const table of bulk) rebuild.push(await suspendIndexes(client, table));
    }
    const merged = await target.merge(client, kind === ImportKind.SUBJECTS ? department : null);
    mark('merged');
    for (const r of rebuild) await r();
    if (rebuild.length) mark('indexes rebuilt');
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
