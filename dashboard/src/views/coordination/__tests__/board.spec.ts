import { describe, expect, it } from 'vitest'
import type { TaskParticipant } from '../../../graphql/types'
import { coverageRows, filingSummary, jointStage } from '../board'

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
