// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DefineComponent } from 'vue'
import { localDay } from '../../dates'
import { labels } from '../../messages'
import type { ExportColumn, PageFetcher, PageOf } from '../../tableExport'
import TableExport from '../TableExport.vue'

interface Row {
  key: string
  name: string
  grade: 'A' | 'B' | 'C' | 'D'
  score: number
}

const columns: ExportColumn<Row>[] = [
  { label: '名称', value: (r) => r.name },
  { label: '代码', value: (r) => r.key },
  { label: '风险等级', value: (r) => labels.riskGrade(r.grade) },
  { label: '得分', value: (r) => r.score },
]
const row = (i: number): Row => ({ key: `K${i}`, name: `淄博测试${i}有限公司`, grade: (['A', 'B', 'C', 'D'] as const)[i % 4]!, score: i / 2 })
const today = localDay(new Date())

/** A list of `total` rows served in pages like a Relay connection; records each request. */
function pagedList(total: number) {
  const calls: { first: number; after: string | undefined }[] = []
  const fetchPage: PageFetcher<Row> = async (first, after) => {
    calls.push({ first, after })
    const start = after ? Number(after) : 0
    const end = Math.min(total, start + first)
    const page: PageOf<Row> = {
      nodes: Array.from({ length: end - start }, (_, i) => row(start + i)),
      totalCount: total,
      pageInfo: { hasNextPage: end < total, endCursor: end > start ? String(end) : null },
    }
    return page
  }
  return { calls, fetchPage }
}

let downloads: { name: string; blob: Blob }[] = []
let wrapper: VueWrapper | null = null

beforeEach(() => {
  downloads = []
  let last: Blob | null = null
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    last = b as Blob
    return 'blob:x'
  })
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: last! })
  })
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

function mountExport(props: Record<string, unknown>) {
  // The generic component, mounted with the rows of this spec.
  const component = TableExport as unknown as DefineComponent<Record<string, unknown>>
  wrapper = mount(component, { props: { title: '检查对象名录库', columns, ...props }, attachTo: document.body })
  return wrapper
}

/** Opens the menu the way a user does (it is rendered when opened) and waits for it. */
async function openMenu() {
  await wrapper!.find('[data-test="table-export"]').trigger('click')
  for (let i = 0; i < 50 && !document.querySelector('.table-export__menu'); i++) await new Promise((r) => setTimeout(r, 10))
  await flushPromises()
}

/** Chooses a menu entry the way a user does: opens the menu, clicks the item. */
async function choose(test: string) {
  if (!document.querySelector(`[data-test="${test}"]`)) await openMenu()
  const item = document.querySelector(`[data-test="${test}"]`) as HTMLElement | null
  expect(item, test).not.toBeNull()
  const before = downloads.length
  item!.click()
  // The XLSX writer is imported on demand and the file written asynchronously.
  for (let i = 0; i < 50 && downloads.length === before && !document.querySelector('.el-message--error'); i++) await new Promise((r) => setTimeout(r, 10))
  await flushPromises()
}

const csvLines = async (blob: Blob) => (await blob.text()).replace(/^\uFEFF/, '').trim().split('\r\n')

async function xlsxRows(blob: Blob): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(await blob.arrayBuffer())
  return book.worksheets[0]!.getSheetValues().slice(1).map((r) => (Array.isArray(r) ? r.slice(1) : []))
}

const messages = () => [...document.querySelectorAll('.el-message')].map((e) => e.textContent?.trim())

describe('TableExport', () => {
  it('exports the rows on screen as CSV and as Excel, with the table’s labels and a dated Chinese file name', async () => {
    mountExport({ rows: [row(1), row(2)] })
    // The menu is not rendered until it is opened; without a paged list it has no 当前页 / 全部 choice.
    expect(document.querySelector('.table-export__menu')).toBeNull()
    await openMenu()
    expect(document.querySelector('[data-test="export-page-csv"]')).not.toBeNull()
    expect(document.querySelector('[data-test="export-all-csv"]')).toBeNull()

    await choose('export-page-csv')
    expect(downloads.map((d) => d.name)).toEqual([`检查对象名录库_${today}.csv`])
    expect(await csvLines(downloads[0]!.blob)).toEqual(['名称,代码,风险等级,得分', '淄博测试1有限公司,K1,B 一般风险,0.5', '淄博测试2有限公司,K2,C 较高风险,1'])

    await choose('export-page-xlsx')
    expect(downloads[1]!.name).toBe(`检查对象名录库_${today}.xlsx`)
    expect(downloads[1]!.blob.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(await xlsxRows(downloads[1]!.blob)).toEqual([
      ['名称', '代码', '风险等级', '得分'],
      ['淄博测试1有限公司', 'K1', 'B 一般风险', 0.5],
      ['淄博测试2有限公司', 'K2', 'C 较高风险', 1],
    ])
    expect(messages().some((t) => t?.includes(`已导出 检查对象名录库_${today}.xlsx（2 行）`))).toBe(true)
  })

  it('is disabled while the table has no rows', () => {
    mountExport({ rows: [] })
    expect(wrapper!.find('[data-test="table-export"]').attributes('disabled')).toBeDefined()
  })

  it('exports only the current page, or every page of the current filter through the loader', async () => {
    const list = pagedList(450)
    mountExport({ rows: [row(0), row(1), row(2)], fetchPage: list.fetchPage })
    await openMenu()
    expect(document.body.textContent).toContain('当前页')
    expect(document.body.textContent).toContain('全部（按当前筛选，最多 10,000 行）')

    await choose('export-page-xlsx')
    expect(list.calls).toEqual([])
    expect((await xlsxRows(downloads[0]!.blob)).length).toBe(4)

    await choose('export-all-xlsx')
    expect(list.calls).toEqual([
      { first: 200, after: undefined },
      { first: 200, after: '200' },
      { first: 200, after: '400' },
    ])
    const all = await xlsxRows(downloads[1]!.blob)
    expect(all.length).toBe(451)
    expect(all[450]).toEqual(['淄博测试449有限公司', 'K449', 'B 一般风险', 224.5])

    await choose('export-all-csv')
    const lines = await csvLines(downloads[2]!.blob)
    expect(lines.length).toBe(451)
    expect(downloads[2]!.name).toBe(`检查对象名录库_${today}.csv`)
  })

  it('stops at 10,000 rows and says so, naming how many rows the filter matches', async () => {
    const list = pagedList(25_000)
    mountExport({ rows: [row(0)], fetchPage: list.fetchPage })
    await choose('export-all-csv')
    expect(list.calls.length).toBe(50)
    expect(list.calls.every((c) => c.first === 200)).toBe(true)
    expect((await csvLines(downloads[0]!.blob)).length).toBe(10_001)
    expect(messages().some((t) => t?.includes('符合筛选条件的共 25,000 行，已达导出上限，仅导出前 10,000 行'))).toBe(true)
  })

  it('shows the progress on the button while it pages, and can be cancelled', async () => {
    let release: (() => void) | null = null
    const list = pagedList(1000)
    const slow: PageFetcher<Row> = async (first, after) => {
      const page = await list.fetchPage(first, after)
      if (after === '400') await new Promise<void>((r) => (release = r))
      return page
    }
    mountExport({ rows: [row(0)], fetchPage: slow })
    await wrapper!.find('[data-test="table-export"]').trigger('click')
    await flushPromises()
    ;(document.querySelector('[data-test="export-all-xlsx"]') as HTMLElement).click()
    for (let i = 0; i < 20 && !release; i++) await new Promise((r) => setTimeout(r, 5))
    await flushPromises()
    expect(wrapper!.find('[data-test="table-export"]').text()).toBe('导出中 400 / 1,000 行')
    await wrapper!.find('[data-test="export-cancel"]').trigger('click')
    release!()
    await flushPromises()
    expect(downloads).toEqual([])
    expect(list.calls.length).toBe(3)
    expect(messages()).toContain('已取消导出')
    expect(wrapper!.find('[data-test="export-cancel"]').exists()).toBe(false)
    expect(wrapper!.find('[data-test="table-export"]').text()).toBe('导出')
  })

  it('reports a failed page with the server’s message and code, and writes no file', async () => {
    const { GraphQLRequestError } = await import('../../graphql/client')
    mountExport({
      rows: [row(0)],
      fetchPage: async () => {
        throw new GraphQLRequestError('BAD_USER_INPUT', 'first 必须在 0 到 100 之间')
      },
    })
    await choose('export-all-xlsx')
    expect(downloads).toEqual([])
    expect(messages().some((t) => t?.includes('导出失败：first 必须在 0 到 100 之间（错误代码：BAD_USER_INPUT）'))).toBe(true)
  })
})
