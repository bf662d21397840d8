// CSV export of tables shown on the dashboard: RFC 4180 quoting, CRLF line ends and a UTF-8 BOM so that
// Excel on Chinese Windows opens the file with the right encoding.
import { saveBlob } from './graphql/archive'

export type CsvCell = string | number | null | undefined

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  const s = String(value)
  // Quote anything with a separator, a quote or a line break; a leading = + - @ is prefixed with ' so a
  // spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(s) && typeof value !== 'number' ? `'${s}` : s
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

/** Offers `rows` as a CSV download. */
export function downloadCsv(fileName: string, rows: readonly (readonly CsvCell[])[]): void {
  saveBlob(new Blob(['\uFEFF', toCsv(rows)], { type: 'text/csv;charset=utf-8' }), fileName)
}
