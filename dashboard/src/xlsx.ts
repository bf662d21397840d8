// A small XLSX (Office Open XML SpreadsheetML, ECMA-376) writer for the dashboard's table exports: one or
// more sheets, strings in a shared-strings table (UTF-8), numbers as numbers, booleans, dates as ISO text,
// empty cells left out; the first row bold and frozen, column widths from the content (CJK counts double).
// Imported on demand only (`await import('./xlsx')` when a user clicks 导出 Excel), so it is not part of any
// page's first load.
import { saveBlob } from './graphql/archive'
import { zip } from './zip'

export type XlsxCell = string | number | boolean | Date | null | undefined

export interface XlsxSheet {
  name: string
  /** The first row is the header (bold, frozen) unless `header` is false. */
  rows: readonly (readonly XlsxCell[])[]
  header?: boolean
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Excel's limits: characters in a cell, and in a sheet name. */
const MAX_CELL_TEXT = 32_767
const MAX_SHEET_NAME = 31
const MIN_WIDTH = 6
const MAX_WIDTH = 60

// Characters XML 1.0 does not allow (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF).
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** `text` safe inside XML content or a double-quoted attribute. */
export function xmlText(text: string): string {
  return text.replace(INVALID_XML, '').replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'))
}

/** A1-style column letters of the 0-based column `index`: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  return name
}

/**
 * Sheet names as Excel accepts them: none of []:*?/\ , no apostrophe at either end, 1–31 characters,
 * unique regardless of case (a repeated name gets a " (2)" suffix).
 */
export function sheetNames(names: readonly string[]): string[] {
  const used = new Set<string>()
  return names.map((raw, i) => {
    const clean = raw.replace(INVALID_XML, '').replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').trim()
    const base = [...(clean || `Sheet${i + 1}`)]
    let name = base.slice(0, MAX_SHEET_NAME).join('')
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`
      name = base.slice(0, MAX_SHEET_NAME - suffix.length).join('') + suffix
    }
    used.add(name.toLowerCase())
    return name
  })
}

/** Display width of `text` in Excel's character units: CJK and full-width characters count double. */
export function textWidth(text: string): number {
  let width = 0
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      code >= 0x20000
    width += wide ? 2 : 1
  }
  return width
}

/** What a cell shows, for the column width. */
function shown(value: XlsxCell): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return isoText(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  return String(value)
}

function isoText(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString()
}

function cellText(value: string): string {
  return value.length > MAX_CELL_TEXT ? value.slice(0, MAX_CELL_TEXT) : value
}

class SharedStrings {
  private readonly index = new Map<string, number>()
  readonly list: string[] = []
  count = 0

  id(text: string): number {
    this.count++
    let id = this.index.get(text)
    if (id === undefined) {
      id = this.list.length
      this.index.set(text, id)
      this.list.push(text)
    }
    return id
  }

  xml(): string {
    const items = this.list.map((s) => {
      const t = xmlText(s)
      // Leading or trailing blanks and line breaks survive only with xml:space="preserve".
      return /^\s|\s$|\n/.test(t) ? `<si><t xml:space="preserve">${t}</t></si>` : `<si><t>${t}</t></si>`
    })
    return `${XML_DECL}<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${this.list.length}">${items.join('')}</sst>`
  }
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships'
/** Style 0 is the default, style 1 the bold header. */
const HEADER_STYLE = 1

function cellXml(ref: string, value: XlsxCell, style: string, strings: SharedStrings): string {
  if (value === null || value === undefined) return style ? `<c r="${ref}"${style}/>` : ''
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${style}><v>${value}</v></c>` : ''
  if (typeof value === 'boolean') return `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`
  const text = cellText(value instanceof Date ? isoText(value) : value)
  if (text === '') return style ? `<c r="${ref}"${style}/>` : ''
  return `<c r="${ref}"${style} t="s"><v>${strings.id(text)}</v></c>`
}

function sheetXml(sheet: XlsxSheet, strings: SharedStrings): string {
  const header = sheet.header !== false && sheet.rows.length > 0
  const columns = sheet.rows.reduce((n, r) => Math.max(n, r.length), 0)
  const widths = new Array<number>(columns).fill(0)
  const rows: string[] = []
  sheet.rows.forEach((row, r) => {
    const style = header && r === 0 ? ` s="${HEADER_STYLE}"` : ''
    const cells: string[] = []
    row.forEach((value, c) => {
      for (const line of cellText(shown(value)).split('\n')) widths[c] = Math.max(widths[c]!, textWidth(line))
      cells.push(cellXml(`${columnName(c)}${r + 1}`, value, style, strings))
    })
    rows.push(`<row r="${r + 1}">${cells.join('')}</row>`)
  })
  const cols = widths.length
    ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2))}" customWidth="1"/>`).join('')}</cols>`
    : ''
  const view = header
    ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
  const dimension = columns && sheet.rows.length ? `<dimension ref="A1:${columnName(columns - 1)}${sheet.rows.length}"/>` : ''
  return `${XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${dimension}${view}<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>${rows.join('')}</sheetData></worksheet>`
}

const STYLES =
  `${XML_DECL}<styleSheet xmlns="${MAIN_NS}">` +
  '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>' +
  '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>'

/** The package's parts (path → XML) for `sheets`. */
export function xlsxParts(sheets: readonly XlsxSheet[]): { name: string; xml: string }[] {
  if (sheets.length === 0) throw new Error('an XLSX workbook needs at least one sheet')
  const names = sheetNames(sheets.map((s) => s.name))
  const strings = new SharedStrings()
  const worksheets = sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, xml: sheetXml(s, strings) }))
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml'
  return [
    {
      name: '[Content_Types].xml',
      xml:
        `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>` +
        worksheets.map((w) => `<Override PartName="/${w.name}" ContentType="${ct}.worksheet+xml"/>`).join('') +
        `<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>` +
        `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.sharedStrings+xml"/>` +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      xml: `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      xml:
        `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>` +
        names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      xml:
        `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">` +
        worksheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId${sheets.length + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` +
        '</Relationships>',
    },
    { name: 'xl/styles.xml', xml: STYLES },
    // Written after the sheets, which fill the table.
    { name: 'xl/sharedStrings.xml', xml: strings.xml() },
    ...worksheets,
  ]
}

/** The workbook of `sheets` as the bytes of an .xlsx file. */
export async function writeXlsx(sheets: readonly XlsxSheet[], options: { compress?: boolean } = {}): Promise<Uint8Array> {
  const encoder = new TextEncoder()
  return zip(
    xlsxParts(sheets).map((p) => ({ name: p.name, data: encoder.encode(p.xml) })),
    options,
  )
}

/** Offers `sheets` as an .xlsx download. */
export async function downloadXlsx(fileName: string, sheets: readonly XlsxSheet[]): Promise<void> {
  const bytes = await writeXlsx(sheets)
  saveBlob(new Blob([bytes as BlobPart], { type: XLSX_MIME }), fileName)
}
