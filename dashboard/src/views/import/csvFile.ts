export interface CsvFile {
  name: string
  text: string
  /** Data lines, header excluded (a rough count: quoted newlines count twice). */
  rows: number
}

export const MAX_ROWS = 10_000

/**
 * Decode an uploaded CSV as UTF-8, falling back to GB18030: files saved by Excel on Chinese Windows are
 * GBK-encoded, and the server expects text. A BOM is dropped.
 */
export function decodeCsv(bytes: ArrayBuffer): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('gb18030').decode(bytes)
  }
  return text.replace(/^\uFEFF/, '')
}

export function countRows(text: string): number {
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '')
  return Math.max(0, lines.length - 1)
}

export function isCsvName(name: string): boolean {
  return /\.csv$/i.test(name)
}

export async function readCsvFile(file: File): Promise<CsvFile> {
  const text = decodeCsv(await file.arrayBuffer())
  return { name: file.name, text, rows: countRows(text) }
}
