import { describe, expect, it } from 'vitest'
import type { TaskParticipant } from '../../../graphql/types'
import type { JointTaskRow } from '../../../graphql/metrics'
import { exportCells } from '../../../tableExport'
import { boardColumns, coverageRows, filingSummary, jointStage } from '../board'

const participant = (departmentCode: string, p: Partial<TaskParticipant> = {}): TaskParticipant => ({
  departmentCode,
  departmentName: departmentCode,
  lead: departmentCode === 'SCJG',
  status: 'CONFIRMED',
  decidedAt: null,
  declineReason: null,
  commitment: 'c',
  revealed: false,
  ...p,
})

describe('stage of a joint task', () => {
  it('names who still has to reveal a frozen task’s secret', () => {
    const task = { status: 'FROZEN' as const, publicInputExpected: false, publicInput: null, participants: [participant('SCJG', { revealed: true }), participant('SW'), participant('WJ', { status: 'DECLINED', commitment: null })] }
    expect(jointStage(task)).toEqual({ stage: 'WAITING_REVEALS', waiting: ['SW'] })
  })

  it('waits for the public random input once every secret is revealed, then is ready to draw', () => {
    const revealed = [participant('SCJG', { revealed: true }), participant('SW', { revealed: true })]
    expect(jointStage({ status: 'FROZEN', publicInputExpected: true, publicInput: null, participants: revealed }).stage).toBe('WAITING_PUBLIC_INPUT')
    expect(jointStage({ status: 'FROZEN', publicInputExpected: true, publicInput: '123', participants: revealed }).stage).toBe('READY')
  })

  it('follows the status otherwise', () => {
    const base = { publicInputExpected: false, publicInput: null, participants: [] }
    expect(jointStage({ ...base, status: 'CREATED' }).stage).toBe('CREATED')
    expect(jointStage({ ...base, status: 'DRAWN' }).stage).toBe('DRAWN')
    expect(jointStage({ ...base, status: 'IN_PROGRESS' }).stage).toBe('IN_PROGRESS')
  })
})

describe('plan filing summary', () => {
  it('counts filed (with the late ones), drafts and missing plans', () => {
    const row = (status: 'MISSING' | 'DRAFT' | 'FILED' | 'PUBLISHED', filedLate = false) => ({ departmentCode: 'X', departmentName: 'X', status, filedAt: null, filedLate, taskCount: 0 })
    expect(filingSummary([row('PUBLISHED'), row('FILED', true), row('PUBLISHED', true), row('DRAFT'), row('MISSING'), row('MISSING')])).toEqual({ filed: 3, late: 2, draft: 1, missing: 2 })
  })
})

describe('item coverage', () => {
  it('lists uncovered items first, named from the item list, and keeps an unknown uncovered code', () => {
    const dept = { code: 'SW', name: '税务局', shortName: '税务' }
    const items = [
      { code: 'SW-001', content: '发票管理', category: 'GENERAL' as const, department: dept },
      { code: 'SW-002', content: '纳税申报', category: 'KEY' as const, department: dept },
      { code: 'SW-003', content: '税务登记', category: 'GENERAL' as const, department: dept },
    ]
    expect(coverageRows(items, ['SW-003', 'GA-009']).map((r) => [r.code, r.content, r.department, r.covered])).toEqual([
      ['GA-009', '', '', false],
      ['SW-003', '税务登记', '税务', false],
      ['SW-001', '发票管理', '税务', true],
      ['SW-002', '纳税申报', '税务', true],
    ])
  })
})

describe('exports of the board', () => {
  const names: Record<string, string> = { SCJG: '市场监管', SW: '税务' }
  const columns = boardColumns((code) => names[code] ?? code)

  it('writes a joint task as its row shows it: lead marked, window, stage and who still has to reveal', () => {
    const task = {
      code: 'T2026-0007',
      name: '市场主体登记事项与涉税事项联合抽查',
      departments: ['SCJG', 'SW'],
      windowFrom: '2026-10-01',
      windowTo: '2026-11-30',
      status: 'FROZEN',
      publicInputExpected: false,
      publicInput: null,
      participants: [participant('SCJG', { revealed: true }), participant('SW')],
    } as unknown as JointTaskRow
    expect(exportCells(columns.tasks, [task])).toEqual([
      ['任务编号', '任务名称', '参加部门', '任务时间', '所处环节'],
      ['T2026-0007', '市场主体登记事项与涉税事项联合抽查', '市场监管（牵头）、税务', '2026-10-01 至 2026-11-30', '已冻结，待揭示秘密；待揭示：税务'],
    ])
  })

  it('writes plan filings with 未报 and late filings, and coverage with the item’s state', () => {
    const plans = exportCells(columns.plans, [
      { departmentCode: 'SW', departmentName: '区税务局', status: 'MISSING', filedAt: null, filedLate: false, taskCount: 0 },
      { departmentCode: 'SCJG', departmentName: '区市场监管局', status: 'FILED', filedAt: '2026-02-10T02:00:00Z', filedLate: true, taskCount: 12 },
    ])
    expect(plans[0]).toEqual(['成员单位', '状态', '备案时间', '计划任务数'])
    expect(plans[1]).toEqual(['区税务局', '未报', '', 0])
    expect(plans[2]![1]).toBe('已备案（逾期备案）')
    expect(plans[2]![3]).toBe(12)
    const items = exportCells(columns.items, coverageRows([], ['X-1']))
    expect(items).toEqual([
      ['覆盖情况', '事项编码', '抽查内容', '部门', '类别'],
      ['未覆盖', 'X-1', '（事项清单中未找到）', '', ''],
    ])
  })
})
