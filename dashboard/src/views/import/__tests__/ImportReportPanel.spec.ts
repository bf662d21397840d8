// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { ImportReport } from '../../../graphql/types'
import ImportReportPanel from '../ImportReportPanel.vue'

function report(overrides: Partial<ImportReport> = {}): ImportReport {
  return {
    kind: 'SUBJECTS',
    total: 5,
    valid: 3,
    invalid: 2,
    inserted: 0,
    updated: 0,
    skipped: 0,
    dryRun: true,
    written: false,
    errors: [
      { line: 7, column: '登记状态', reason: '未知的登记状态“歇业中”' },
      { line: 3, column: '统一社会信用代码', reason: '校验位错误：应为 L' },
    ],
    ...overrides,
  }
}

function rows(wrapper: ReturnType<typeof mount>) {
  return wrapper
    .findAll('[data-test="import-errors"] .el-table__body tr')
    .map((tr) => tr.findAll('td').map((td) => td.text()))
}

describe('ImportReportPanel', () => {
  it('lists the invalid rows by line with column and reason, before anything is written', async () => {
    const wrapper = mount(ImportReportPanel, { props: { report: report() } })
    await flushPromises()
    expect(wrapper.text()).toContain('校验报告（尚未写入任何数据）')
    expect(wrapper.text()).toContain('无效行明细（2 条）')
    expect(rows(wrapper)).toEqual([
      ['3', '统一社会信用代码', '校验位错误：应为 L'],
      ['7', '登记状态', '未知的登记状态“歇业中”'],
    ])
    // Dry run: totals of the check only, no written counts.
    expect(wrapper.text()).toContain('总行数')
    expect(wrapper.text()).not.toContain('新增')
  })

  it('shows a dash for errors that concern the whole row', async () => {
    const wrapper = mount(ImportReportPanel, {
      props: { report: report({ errors: [{ line: 2, column: null, reason: '列数与表头不一致' }], invalid: 1, valid: 4 }) },
    })
    await flushPromises()
    expect(rows(wrapper)).toEqual([['2', '—', '列数与表头不一致']])
  })

  it('shows the written counts after an import, and a clean message without errors', async () => {
    const wrapper = mount(ImportReportPanel, {
      props: { report: report({ dryRun: false, written: true, invalid: 0, valid: 5, inserted: 4, updated: 1, errors: [] }) },
    })
    await flushPromises()
    expect(wrapper.text()).toContain('导入结果')
    expect(wrapper.text()).toContain('新增')
    expect(wrapper.text()).toContain('全部行校验通过')
    expect(wrapper.find('[data-test="import-errors"]').exists()).toBe(false)
  })

  it('pages long error lists 50 at a time', async () => {
    const errors = Array.from({ length: 120 }, (_, i) => ({ line: i + 2, column: '名称', reason: '名称不能为空' }))
    const wrapper = mount(ImportReportPanel, { props: { report: report({ errors, invalid: 120, total: 120, valid: 0 }) } })
    await flushPromises()
    expect(wrapper.text()).toContain('无效行明细（120 条）')
    expect(rows(wrapper)).toHaveLength(50)
    expect(rows(wrapper)[0]![0]).toBe('2')
  })
})
