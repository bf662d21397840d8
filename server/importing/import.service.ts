import crypto from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { recordAuditSql } from '../audit/audit.service.js';
import { assertCanWriteDepartment, assertCoordinator, type Caller } from '../auth/caller.js';
import { AppError, badInput, ErrorCode } from '../common/errors.js';
import { log } from '../common/log.js';
import { ImportKind, KIND_NAMES } from './columns.js';
import { CopyWriter } from './copy.js';
import type { RawRecord } from './reader.js';
import { TARGETS, type ImportTarget } from './targets.js';
import { mapHeader, type ReferenceCodes, type RowError, type Validated, validateInspector, validateItem, validateSubject } from './validate.js';

export interface ImportOptions {
  kind: ImportKind;
  source: AsyncIterable<RawRecord>;
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
  onProgress?: (rowsRead: number) => void;
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

type Validator = (line: number, rec: Record<string, string>, ref: ReferenceCodes) => Validated<unknown>;
const VALIDATORS: Record<ImportKind, Validator> = {
  [ImportKind.SUBJECTS]: (l, r) => validateSubject(l, r),
  [ImportKind.INSPECTORS]: validateInspector,
  [ImportKind.ITEMS]: validateItem,
};

async function referenceCodes(client: PoolClient, department: string | undefined): Promise<ReferenceCodes> {
  const d = await client.query<{ code: string }>('select code from department');
  const i = await client.query<{ code: string }>('select distinct code from check_item');
  return { departments: new Set(d.rows.map((r) => r.code)), itemCodes: new Set(i.rows.map((r) => r.code)), department };
}

/**
 * Validates every row of a spreadsheet and writes the valid ones in ONE transaction:
 * rows stream through validation into a COPY into a temporary staging table, duplicates inside the
 * file are found there, and one merge statement upserts by public key. By default nothing is written
 * unless every row is valid; `skipInvalid` writes the valid rows; `dryRun` reports and rolls back.
 */
export async function runImport(pool: Pool, opts: ImportOptions): Promise<ImportReport> {
  const kind = opts.kind;
  const target = TARGETS[kind] as ImportTarget<unknown>;
  const validate = VALIDATORS[kind];
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

  const departmentCode = opts.department ? opts.department.toUpperCase() : undefined;
  // Shared directory rows without a department: coordinators only. Department-bound rows: that department's staff.
  if (departmentCode) assertCanWriteDepartment(opts.caller, departmentCode);
  else if (kind === ImportKind.SUBJECTS) assertCoordinator(opts.caller);

  const started = Date.now();
  const client = await pool.connect();
  let open = false;
  try {
    await client.query('begin');
    open = true;
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
    // Digest of the file's content for the audit trail, fed in batches (one update per row costs more
    // than parsing the row).
    const hash = crypto.createHash('sha256');
    const digestBatch: string[] = [];
    const rowDepartments = new Set<string>();
    let fields: (string | null)[] | undefined;
    try {
      for await (const rec of opts.source) {
        digestBatch.push(rec.values.join('\t'));
        if (digestBatch.length === 1024) {
          hash.update(digestBatch.join('\n') + '\n');
          digestBatch.length = 0;
        }
        if (!fields) {
          const mapped = mapHeader(kind, rec.values, rec.line);
          if (mapped.errors.length) {
            mapped.errors.forEach(addError);
            throw new AppError(ErrorCode.IMPORT_INVALID, `表头无效：${mapped.errors.map((e) => e.reason).join('；')}`, 'header');
          }
          fields = mapped.fields;
          continue;
        }
        report.total++;
        if (opts.maxRows !== undefined && report.total > opts.maxRows)
          throw badInput('rows', `一次最多导入 ${opts.maxRows} 行，请使用命令行工具 jointcheck import 导入更大的文件`);
        if (report.total % 10_000 === 0) opts.onProgress?.(report.total);
        const obj: Record<string, string> = {};
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i];
          if (f) obj[f] = rec.values[i] ?? '';
        }
        if (rec.values.length > fields.length && rec.values.slice(fields.length).some((v) => v.trim() !== '')) {
          addError({ line: rec.line, column: null, reason: `该行有 ${rec.values.length} 列，多于表头的 ${fields.length} 列` });
          continue;
        }
        const v = validate(rec.line, obj, ref);
        if (!v.ok) {
          v.errors.forEach(addError);
          continue;
        }
        const dep = (v.row as { department?: string }).department;
        if (dep) rowDepartments.add(dep);
        await copy.push([rec.line, ...target.values(v.row)]);
      }
    } finally {
      await copy.end();
    }
    if (digestBatch.length) hash.update(digestBatch.join('\n') + '\n');
    if (!fields) throw badInput('file', '文件为空：至少需要表头行');
    const mark = (phase: string) => log.debug('import phase', { phase, ms: Date.now() - started, rows: report.total });
    mark('staged');
    opts.onProgress?.(report.total);
    for (const dep of rowDepartments) assertCanWriteDepartment(opts.caller, dep);

    // Duplicates inside the file: the first occurrence stands, later ones are errors.
    const keyCol = target.stageColumns[0]![0];
    const dups = await client.query<{ key: string; lines: number[] }>(
      `select "${keyCol}" as key, array_agg(line order by line) as lines from stage group by "${keyCol}" having count(*) > 1 order by min(line)`,
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
    const merged = await target.merge(client, kind === ImportKind.SUBJECTS ? department : null);
    mark('merged');
    report.inserted = merged.inserted;
    report.updated = merged.updated;
    report.unchanged = report.valid - merged.inserted - merged.updated;
    await recordAuditSql(client, opts.caller, {
      action: opts.auditAction ?? 'IMPORT',
      entity: kind,
      entityKey: opts.sourceName ?? 'import',
      after: { file: hash.digest('hex') },
      detail: { kindName: KIND_NAMES[kind], department: departmentCode ?? null, total: report.total, inserted: report.inserted, updated: report.updated, unchanged: report.unchanged, skipped: report.skipped },
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
