import { describe, expect, it } from 'vitest'
import { blankSpecialTaskForm, specialTaskInput, type SpecialTaskForm } from '../specialTask'
import { emptyOptions, toOptionsInput } from '../taskOptions'

function filled(): SpecialTaskForm {
  const form = blankSpecialTaskForm('SCJG')
  Object.assign(form, {
    name: ' 投诉线索专项检查 ',
    reason: '12345 热线工单 2026-0815',
    participants: ['SW', 'SCJG'],
    items: ['SCJG-001', 'SW-001'],
    subjects: '91370305MA0000001X\n\n  91370305MA0000002X \r\n91370305MA0000001X\n',
    dates: ['2026-04-01', '2026-06-30'],
  })
  form.quota.A = { mode: 'ratio', ratio: '0.05', count: undefined }
  form.quota.D = { mode: 'count', ratio: '', count: 5 }
  return form
}

describe('新建专项任务 form → SpecialTaskInput', () => {
  it('trims, drops duplicate subject keys and the lead from the participants, and keeps only set quotas', () => {
    expect(specialTaskInput(filled())).toEqual({
      input: {
        name: '投诉线索专项检查',
        reason: '12345 热线工单 2026-0815',
        items: ['SCJG-001', 'SW-001'],
        lead: 'SCJG',
        participants: ['SW'],
        subjects: ['91370305MA0000001X', '91370305MA0000002X'],
        quotaRule: [{ grade: 'A', ratio: '0.05' }, { grade: 'D', count: 5 }],
        windowFrom: '2026-04-01',
        windowTo: '2026-06-30',
      },
    })
  })

  it('names the first missing or invalid field', () => {
    const without = (patch: Partial<SpecialTaskForm>) => specialTaskInput({ ...filled(), ...patch })
    expect(without({ reason: ' ' })).toEqual({ error: '专项任务须说明启动原因' })
    expect(without({ items: [] })).toEqual({ error: '请至少选择一项抽查事项' })
    expect(without({ dates: null })).toEqual({ error: '请选择任务时间' })
    const badRatio = filled()
    badRatio.quota.A.ratio = '5%'
    expect(specialTaskInput(badRatio)).toEqual({ error: 'A 级的比例应为 0 到 1 之间的小数，如 0.05' })
    const none = blankSpecialTaskForm('SCJG')
    Object.assign(none, { name: 'x', reason: 'y', items: ['SCJG-001'], dates: ['2026-04-01', '2026-04-02'] })
    expect(specialTaskInput(none)).toEqual({ error: '请至少为一个风险等级设定抽查比例或数量' })
  })

  it('sends team sizes for every department (lead 2, others 1 unless changed) and only the options that were set', () => {
    const options = emptyOptions()
    expect(toOptionsInput(options, ['SCJG', 'SW'])).toEqual({
      teamSizes: [{ department: 'SCJG', inspectors: 2 }, { department: 'SW', inspectors: 1 }],
    })
    Object.assign(options, { teamSizes: { SW: 3 }, maxPerInspector: 6, recognitionDays: 0, yearlyCap: null, publicInputExpected: true })
    expect(toOptionsInput(options, ['SCJG', 'SW'])).toEqual({
      teamSizes: [{ department: 'SCJG', inspectors: 2 }, { department: 'SW', inspectors: 3 }],
      maxPerInspector: 6,
      recognitionDays: 0,
      publicInputExpected: true,
    })
  })
})
