import { describe, expect, it } from 'vitest'
import type { InspectionResult, InspectionTask } from '../../../graphql/types'
import { blankResultForm, chinaToday, needsDecisionDate, resultFormFrom, resultInput } from '../resultForm'

const department = (code: string) => ({ code, name: code, shortName: code })
const items: InspectionTask['items'] = [
  { code: 'SCJG-001', version: 2, content: '年度报告公示信息', legalBasis: '《企业信息公示暂行条例》', department: department('SCJG') },
  { code: 'SW-001', version: 1, content: '发票管理', legalBasis: '《税收征收管理法》', department: department('SW') },
]
const TODAY = '2026-03-20'
const ctx = { today: TODAY, windowFrom: '2026-01-01' }

function filled() {
  const f = blankResultForm(items, '2026-03-10')
  f.method = 'ONSITE'
  f.signedBy = '王小明'
  for (const r of f.items) r.outcome = 'NO_PROBLEM'
  return f
}

describe('the 随机抽查检查表 form', () => {
  it('has one row per item of the task and defaults the visit to today', () => {
    const f = blankResultForm(items, TODAY)
    expect(f.visitDate).toBe(TODAY)
    expect(f.items.map((r) => [r.item, r.department, r.outcome])).toEqual([['SCJG-001', 'SCJG', undefined], ['SW-001', 'SW', undefined]])
    expect(chinaToday(Date.UTC(2026, 0, 31, 17, 0))).toBe('2026-02-01') // 01:00 in Beijing
  })

  it('sends every item, the signature or its reason, and leaves empty fields out', () => {
    const ok = resultInput(filled(), ctx)
    expect(ok).toEqual({
      input: {
        visitDate: '2026-03-10', method: 'ONSITE', signedBy: '王小明', entrustedBody: undefined, decisionDate: undefined, summary: undefined,
        items: [
          { item: 'SCJG-001', outcome: 'NO_PROBLEM', findings: undefined, legalBasis: undefined },
          { item: 'SW-001', outcome: 'NO_PROBLEM', findings: undefined, legalBasis: undefined },
        ],
      },
    })
    const unsigned = filled()
    unsigned.signed = false
    unsigned.signedBy = '王小明'
    unsigned.signatureMissingReason = '书面检查，未到现场'
    const input = resultInput(unsigned, ctx)
    expect('input' in input && input.input).toMatchObject({ signatureMissingReason: '书面检查，未到现场' })
    expect('input' in input && 'signedBy' in input.input).toBe(false)
  })

  it('refuses what the server refuses, naming the same input field', () => {
    const check = (change: (f: ReturnType<typeof filled>) => void) => {
      const f = filled()
      change(f)
      return resultInput(f, ctx)
    }
    expect(check((f) => (f.items[1]!.outcome = undefined))).toEqual({ error: '进一次门、查多项事：还缺 SW-001（SW） 的检查结果', field: 'input.items' })
    expect(check((f) => (f.items[0]!.outcome = 'PROBLEM_FOLLOW_UP'))).toEqual({
      error: '事项 SCJG-001 发现问题或不配合检查，须写明检查情况',
      field: 'input.items[0].findings',
    })
    expect(
      check((f) => {
        f.items[1]!.outcome = 'REFUSED'
        f.items[1]!.findings = '拒绝提供账簿'
      }),
    ).toMatchObject({ field: 'input.decisionDate', error: expect.stringContaining('处理决定日期') })
    expect(check((f) => (f.signedBy = ' '))).toMatchObject({ field: 'input.signedBy' })
    expect(check((f) => (f.method = undefined))).toMatchObject({ field: 'input.method' })
    expect(check((f) => (f.visitDate = '2026-03-21'))).toMatchObject({ field: 'input.visitDate', error: '检查日期不能晚于今天' })
    expect(check((f) => (f.visitDate = '2025-12-31'))).toMatchObject({ field: 'input.visitDate', error: '检查日期早于任务开始日期 2026-01-01' })
    expect(check((f) => (f.decisionDate = '2026-03-09'))).toMatchObject({ field: 'input.decisionDate' })
    // A problem with findings and a decision date is fine; NOT_OPERATING and UNREACHABLE are not problems.
    const problem = check((f) => {
      f.items[0]!.outcome = 'PROBLEM_CORRECTED'
      f.items[0]!.findings = ' 未公示股东出资信息 '
      f.decisionDate = '2026-03-12'
    })
    expect('input' in problem && problem.input.items[0]).toEqual({ item: 'SCJG-001', outcome: 'PROBLEM_CORRECTED', findings: '未公示股东出资信息', legalBasis: undefined })
    expect(needsDecisionDate({ items: [{ ...filled().items[0]!, outcome: 'UNREACHABLE' }, { ...filled().items[0]!, outcome: 'NOT_OPERATING' }] })).toBe(false)
  })

  it('is prefilled from a result for a correction, keeping a row for every item of the task', () => {
    const result = {
      id: '7', version: 1, supersedesVersion: null, status: 'PUBLISHED', visitDate: '2026-03-10', method: 'DOCUMENT', signedBy: null, signed: false,
      signatureMissingReason: '书面检查', entrustedBody: '某检测公司', decisionDate: null, summary: '无', dueOn: '2026-04-08',
      enteredAt: null, enteredLate: false, publishedAt: null, publishedLate: false, correctionReason: null, correctionSignedBy: null,
      items: [{ itemCode: 'SW-001', itemVersion: 1, itemContent: '发票管理', departmentCode: 'SW', outcome: 'NO_PROBLEM', findings: null, legalBasis: null }],
    } satisfies InspectionResult
    const f = resultFormFrom(items, result)
    expect(f).toMatchObject({ visitDate: '2026-03-10', method: 'DOCUMENT', signed: false, signatureMissingReason: '书面检查', entrustedBody: '某检测公司', summary: '无' })
    expect(f.items.map((r) => r.outcome)).toEqual([undefined, 'NO_PROBLEM'])
  })
})
