import type { Pool } from 'pg';
import type { Caller } from '../auth/caller.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { COLUMNS, ImportKind } from './columns.js';
import { runImport } from './import.service.js';
import type { RawRecord } from './reader.js';

async function* oneRow(row: Record<string, string | null | undefined>): AsyncGenerator<RawRecord> {
  const fields = Object.keys(row);
  yield { line: 1, values: fields };
  yield { line: 2, values: fields.map((f) => row[f] ?? '') };
}

/**
 * Writes one row through the import engine (enumerations may be given by their English codes, which the
 * validators accept beside the Chinese labels), so a GraphQL upsert and a spreadsheet row obey exactly
 * the same validation, merge and audit. Invalid input → BAD_USER_INPUT naming the first column.
 */
export async function upsertOne(pool: Pool, caller: Caller, kind: ImportKind, row: Record<string, string | null | undefined>, opts: { department?: string; action: string; key: string }): Promise<void> {
  const report = await runImport(pool, { kind, source: oneRow(row), caller, department: opts.department, auditAction: opts.action, sourceName: opts.key });
  if (report.errorCount > 0) {
    const first = report.errors[0]!;
    const field = COLUMNS[kind].find((c) => c.header === first.column)?.field;
    throw new AppError(ErrorCode.BAD_USER_INPUT, report.errors.map((e) => e.reason).join('；'), field ? `input.${field}` : 'input', {
      errors: report.errors.map((e) => ({ column: e.column, reason: e.reason })),
    });
  }
}
