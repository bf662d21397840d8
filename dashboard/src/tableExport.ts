// Table exports (CSV and XLSX) shared by every table of the dashboard: column definitions with the labels
// the table shows, file names with the day, and paging through a server-paged list with the current filter.
// The XLSX writer is imported only when a user asks for an Excel file.
import { downloadCsv, type CsvCell } from './csv'
import { localDay } from './dates'
import { m } from './messages'

export type ExportCell = CsvCell
export type ExportFormat = 'csv' | 'xlsx'

/** One column of an export: the header the table shows and what a row shows in it (enums translated). */
export interface ExportColumn<T> {
  label: string
  value: (row: T) => ExportCell
}

/** At most this many rows go into one "all pages" export. */
export const EXPORT_CAP = 10_000
/** Rows asked per request while paging through a list (below the server's MAX_PAGE_SIZE default of 500). */
export const EXPORT_PAGE_SIZE = 200

/** A name column and, beside it, the code the table shows under the name (检查对象, 检查对象代码). */
export function nameAndCode<T>(label: string, name: (row: T) => ExportCell, code: (row: T) => ExportCell): ExportColumn<T>[] {
  return [
    { label, value: name },
    { label: m.tableExport.codeOf(label), value: code },
  ]
}

/** `检查对象名录库_2026-11-22.xlsx`: the title (characters no file system takes replaced) and today's date. */
export function exportFileName(title: string, format: ExportFormat, day: Date = new Date()): string {
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'export'
  return `${safe}_${localDay(day)}.${format}`
}

/** The header row and one row of cells per row. */
export function exportCells<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): ExportCell[][] {
  return [columns.map((c) => c.label), ...rows.map((row) => columns.map((c) => c.value(row)))]
}

/** Offers `rows` as a file; answers the file's name. */
export async function saveTable<T>(format: ExportFormat, title: string, columns: readonly ExportColumn<T>[], rows: readonly T[]): Promise<string> {
  const cells = exportCells(columns, rows)
  const name = exportFileName(title, format)
  if (format === 'csv') downloadCsv(name, cells)
  else {
    const { downloadXlsx } = await import('./xlsx')
    await downloadXlsx(name, [{ name: title, rows: cells }])
  }
  return name
}

/** The part of a Relay connection paging needs. */
export interface PageOf<T> {
  nodes: readonly T[]
  totalCount: number
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
}

/** One page of a list with the current filter: the view wraps its fetch function of `graphql/*.ts`. */
export type PageFetcher<T> = (first: number, after: string | undefined) => Promise<PageOf<T> | null>

export interface LoadedRows<T> {
  rows: T[]
  /** How many rows the filter matches (the connection's totalCount). */
  total: number
  /** True when the filter matches more rows than the cap let through. */
  capped: boolean
}

/** Pages through a list from its first page until its end or `cap` rows, reporting progress after each page. */
export async function loadAllPages<T>(
  fetchPage: PageFetcher<T>,
  options: { cap?: number; pageSize?: number; signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {},
): Promise<LoadedRows<T>> {
  const cap = options.cap ?? EXPORT_CAP
  const pageSize = options.pageSize ?? EXPORT_PAGE_SIZE
  const rows: T[] = []
  let total = 0
  let after: string | undefined
  for (;;) {
    options.signal?.throwIfAborted()
    const page = await fetchPage(Math.min(pageSize, cap - rows.length), after)
    options.signal?.throwIfAborted()
    if (!page) break
    total = page.totalCount
    rows.push(...page.nodes.slice(0, cap - rows.length))
    options.onProgress?.(rows.length, Math.min(total, cap))
    if (rows.length >= cap || page.nodes.length === 0 || !page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break
    after = page.pageInfo.endCursor
  }
  return { rows, total: Math.max(total, rows.length), capped: rows.length >= cap && total > rows.length }
}
