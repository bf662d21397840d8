import { AppError, badInput, ErrorCode } from '../common/errors.js';
import { ImportKind } from './columns.js';
import { copyLine, type CopyValue } from './copy.js';
import type { RawRecord } from './reader.js';
import { TARGETS } from './targets.js';
import { mapHeader, type ReferenceCodes, type RowError, type Validated, validateInspector, validateItem, validateSubject } from './validate.js';

/** A slice of the file, validated and encoded as COPY text for the staging table. */
export interface EncodedBatch {
  text: string;
  rows: number;
  errors: RowError[];
  /** Departments named by the valid rows of this batch (the caller checks write access to each). */
  departments: string[];
  /** Data rows read so far (valid or not). */
  total: number;
}

export interface EncodeSummary {
  total: number;
}

type Validator = (line: number, rec: Record<string, string>, ref: ReferenceCodes) => Validated<unknown>;
const VALIDATORS: Record<ImportKind, Validator> = {
  [ImportKind.SUBJECTS]: (l, r) => validateSubject(l, r),
  [ImportKind.INSPECTORS]: validateInspector,
  [ImportKind.ITEMS]: validateItem,
};

const BATCH_BYTES = 1 << 18;

/** What one data record becomes: the values of its COPY row (after the line), or its errors. */
export interface RecordOutcome {
  values?: CopyValue[];
  errors?: RowError[];
  /** Department named by the row (the caller checks write access). */
  department?: string;
  /** The row's public key (for duplicate detection). */
  key?: string;
  /** The validated row. */
  row?: unknown;
}

/** Validates and encodes one data record; `fields` is the mapped header. */
export function encodeRecord(kind: ImportKind, fields: (string | null)[], rec: RawRecord, ref: ReferenceCodes): RecordOutcome {
  if (rec.values.length > fields.length && rec.values.slice(fields.length).some((v) => v.trim() !== ''))
    return { errors: [{ line: rec.line, column: null, reason: `该行有 ${rec.values.length} 列，多于表头的 ${fields.length} 列` }] };
  const obj: Record<string, string> = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f) obj[f] = rec.values[i] ?? '';
  }
  const v = VALIDATORS[kind](rec.line, obj, ref);
  if (!v.ok) return { errors: v.errors };
  const target = TARGETS[kind];
  return {
    values: (target.values as (r: unknown) => CopyValue[])(v.row),
    department: (v.row as { department?: string }).department,
    key: (target.key as (r: unknown) => string)(v.row),
    row: v.row,
  };
}

/**
 * Reads records, maps the header, validates every row and encodes the valid ones as COPY lines,
 * handing them to `emit` in batches of about 256 KB. PostgreSQL ingests each batch in its own process
 * while the next one is parsed, so parsing and COPY overlap without threads.
 */
export async function encodeRecords(
  kind: ImportKind,
  source: AsyncIterable<RawRecord>,
  ref: ReferenceCodes,
  emit: (batch: EncodedBatch) => void | Promise<void>,
  opts: { maxRows?: number } = {},
): Promise<EncodeSummary> {
  let fields: (string | null)[] | undefined;
  let total = 0;
  let lines: string[] = [];
  let bytes = 0;
  let rows = 0;
  let errors: RowError[] = [];
  let departments = new Set<string>();
  const flush = async () => {
    if (!lines.length && !errors.length) return;
    const batch = { text: lines.join(''), rows, errors, departments: [...departments], total };
    lines = [];
    bytes = 0;
    rows = 0;
    errors = [];
    departments = new Set();
    await emit(batch);
  };
  for await (const rec of source) {
    if (!fields) {
      const mapped = mapHeader(kind, rec.values, rec.line);
      if (mapped.errors.length)
        throw new AppError(ErrorCode.IMPORT_INVALID, `表头无效：${mapped.errors.map((e) => e.reason).join('；')}`, 'header', { rowErrors: mapped.errors });
      fields = mapped.fields;
      continue;
    }
    total++;
    if (opts.maxRows !== undefined && total > opts.maxRows)
      throw badInput('rows', `一次最多导入 ${opts.maxRows} 行，请使用命令行工具 jointcheck import 导入更大的文件`);
    const r = encodeRecord(kind, fields, rec, ref);
    if (r.errors) {
      errors.push(...r.errors);
      continue;
    }
    if (r.department) departments.add(r.department);
    const line = copyLine([rec.line, ...r.values!]);
    lines.push(line);
    rows++;
    bytes += line.length;
    if (bytes >= BATCH_BYTES) await flush();
  }
  if (!fields) throw badInput('file', '文件为空：至少需要表头行');
  await flush();
  return { total };
}
