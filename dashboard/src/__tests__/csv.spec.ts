// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { downloadCsv, toCsv } from '../csv'

afterEach(() => vi.restoreAllMocks())

describe('CSV export', () => {
  it('quotes separators, quotes and line breaks, and ends lines with CRLF', () => {
    expect(toCsv([['排名', '部门'], [1, '甲,乙'], [2, '说"明"'], [3, '两\n行'], [4, null]])).toBe(
      '排名,部门\r\n1,"甲,乙"\r\n2,"说""明"""\r\n3,"两\n行"\r\n4,\r\n',
    )
  })

  it('never lets a spreadsheet run a cell as a formula', () => {
    expect(toCsv([['=1+1', '+86', '-3', '@x', -3]])).toBe("'=1+1,'+86,'-3,'@x,-3\r\n")
  })

  it('downloads UTF-8 with a BOM so that Excel reads the Chinese headers', async () => {
    let blob: Blob | null = null
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob
      return 'blob:x'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    })
    downloadCsv('排名.csv', [['部门', '得分'], ['市场监管', 89.3]])
    expect(clicked).toEqual(['排名.csv'])
    const bytes = new Uint8Array(await blob!.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('部门,得分\r\n市场监管,89.3\r\n')
  })
})
