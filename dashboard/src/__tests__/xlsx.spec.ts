// Writes workbooks with xlsx.ts and reads them back with exceljs (the server's spreadsheet library).
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { columnName, sheetNames, textWidth, writeXlsx, xlsxParts, xmlText, type XlsxSheet } from '../xlsx'

async function read(sheets: XlsxSheet[], compress = true): Promise<ExcelJS.Workbook> {
  const bytes = await writeXlsx(sheets, { compress })
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  return book
}

const values = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().slice(1).map((r) => (Array.isArray(r) ? r.slice(1) : []))

describe('XLSX writer', () => {
  it('writes sheets Excel reads back: names, header, Chinese text, numbers as numbers, booleans, dates as ISO text, empty cells', async () => {
    const book = await read([
      {
        name: '检查对象名录库',
        rows: [
          ['名称', '统一社会信用代码', '得分', '成员单位', '日期', '备注'],
          ['淄博齐鲁食品有限公司', '91370305MA3C0000X1', 89.3, true, new Date(Date.UTC(2026, 10, 22, 6, 30)), null],
          ['临淄区个体户', '', -3, false, undefined, '第一行\n第二行'],
        ],
      },
      { name: '第二页', rows: [['排名'], [1], [2]] },
    ])
    expect(book.worksheets.map((s) => s.name)).toEqual(['检查对象名录库', '第二页'])
    const sheet = book.worksheets[0]!
    expect(values(sheet)).toEqual([
      ['名称', '统一社会信用代码', '得分', '成员单位', '日期', '备注'],
      ['淄博齐鲁食品有限公司', '91370305MA3C0000X1', 89.3, true, '2026-11-22T06:30:00.000Z'],
      ['临淄区个体户', undefined, -3, false, undefined, '第一行\n第二行'],
    ])
    expect(typeof sheet.getCell('C2').value).toBe('number')
    expect(sheet.getCell('C3').type).toBe(ExcelJS.ValueType.Number)
    expect(sheet.getCell('B3').type).toBe(ExcelJS.ValueType.Null)
    // The header row is bold and frozen, the others not.
    expect(sheet.getCell('A1').font?.bold).toBe(true)
    expect(sheet.getCell('F1').font?.bold).toBe(true)
    expect(sheet.getCell('A2').font?.bold).toBeFalsy()
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' })
    expect(values(book.worksheets[1]!)).toEqual([['排名'], [1], [2]])
  })

  it('escapes markup, strips characters XML cannot carry and keeps blanks', async () => {
    const tricky = '<b>甲&乙</b> "引号" \'单引号\''
    const book = await read([{ name: 'x', rows: [['说明'], [tricky], ['a\u0000b\u0008c\u001Fd\uFFFEe'], ['  两端空格  '], ['=1+1']] }])
    expect(values(book.worksheets[0]!)).toEqual([['说明'], [tricky], ['abcde'], ['  两端空格  '], ['=1+1']])
    // A text that looks like a formula stays text.
    expect(book.worksheets[0]!.getCell('A5').type).toBe(ExcelJS.ValueType.String)
    expect(xmlText('a<b>&"\u0001')).toBe('a&lt;b&gt;&amp;&quot;')
  })

  it('makes sheet names Excel accepts: no []:*?/\\, at most 31 characters, unique', async () => {
    const names = sheetNames(['部门考核排名[2026]: A/B?*\\', 'x'.repeat(40), 'X'.repeat(40), "'引号'", '', 'Sheet'])
    expect(names).toEqual(['部门考核排名_2026__ A_B___', 'x'.repeat(31), `${'X'.repeat(27)} (2)`, '引号', 'Sheet5', 'Sheet'])
    for (const n of names) expect([...n].length).toBeLessThanOrEqual(31)
    const book = await read([{ name: '任务/检查[全部]', rows: [['a']] }])
    expect(book.worksheets[0]!.name).toBe('任务_检查_全部_')
  })

  it('sizes columns from their content, CJK characters counting double', async () => {
    expect(textWidth('abc')).toBe(3)
    expect(textWidth('检查对象')).toBe(8)
    expect(textWidth('Ａ１，')).toBe(6)
    const book = await read([{ name: 's', rows: [['名称', 'n', 'x'], ['淄博齐鲁食品有限公司', 1, 'y'.repeat(200)]] }])
    const sheet = book.worksheets[0]!
    expect(sheet.getColumn(1).width).toBe(22) // 10 CJK characters + 2
    expect(sheet.getColumn(2).width).toBe(6) // the minimum
    expect(sheet.getColumn(3).width).toBe(60) // the maximum
  })

  it('writes a 10,000-row sheet with shared strings, stored or deflated', async () => {
    const departments = ['市场监管', '税务', '生态环境', '卫健']
    const rows = [['序号', '部门', '得分'], ...Array.from({ length: 10_000 }, (_, i) => [i + 1, departments[i % 4]!, (i % 100) / 10])]
    const parts = xlsxParts([{ name: '大表', rows }])
    const shared = parts.find((p) => p.name === 'xl/sharedStrings.xml')!.xml
    // Every string once in the table, counted per use.
    expect(shared).toContain('count="10003" uniqueCount="7"')
    for (const compress of [true, false]) {
      const sheet = (await read([{ name: '大表', rows }], compress)).worksheets[0]!
      expect(sheet.rowCount).toBe(10_001)
      expect(sheet.getRow(10_001).values).toEqual([undefined, 10_000, '卫健', 9.9])
      expect(sheet.getCell('A5000').value).toBe(4999)
    }
  })

  it('names columns A…Z, AA… and refuses a workbook without sheets', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA'])
    expect(() => xlsxParts([])).toThrow()
  })
})
