// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { countRows, decodeCsv, isCsvName } from '../csvFile'

describe('reading an uploaded CSV', () => {
  it('decodes UTF-8 and drops the BOM Excel adds', () => {
    const bytes = new TextEncoder().encode('\uFEFF名称,统一社会信用代码\n某某公司,91110105MA01ABCD1X\n')
    expect(decodeCsv(bytes.buffer as ArrayBuffer)).toBe('名称,统一社会信用代码\n某某公司,91110105MA01ABCD1X\n')
  })

  it('falls back to GB18030 for files saved by Excel on Chinese Windows', () => {
    // "名称,代码" in GBK
    const gbk = new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xb4, 0xfa, 0xc2, 0xeb])
    expect(decodeCsv(gbk.buffer)).toBe('名称,代码')
  })

  it('counts data rows without the header and blank lines', () => {
    expect(countRows('名称\r\na\r\nb\r\n\r\n')).toBe(2)
    expect(countRows('名称')).toBe(0)
  })

  it('accepts only .csv names', () => {
    expect(isCsvName('对象.CSV')).toBe(true)
    expect(isCsvName('对象.xlsx')).toBe(false)
  })
})
