import { request } from './client'
import type { ImportKind, ImportReport } from './types'

export interface ImportArgs {
  kind: ImportKind
  /** CSV text with the Chinese header row. */
  csv: string
  department?: string
  dryRun: boolean
  skipInvalid?: boolean
}

export const operations = {
  ImportRows: /* GraphQL */ `
    mutation ImportRows($kind: ImportKind!, $csv: String!, $department: String, $dryRun: Boolean, $skipInvalid: Boolean) {
      importRows(kind: $kind, csv: $csv, department: $department, dryRun: $dryRun, skipInvalid: $skipInvalid) {
        kind total valid invalid inserted updated skipped dryRun written
        errors { line column reason }
      }
    }
  `,
} as const

export async function importRows(args: ImportArgs): Promise<ImportReport> {
  const data = await request(operations, 'ImportRows', { ...args, skipInvalid: args.skipInvalid ?? false })
  return data.importRows
}
