import { describe, expect, it } from 'vitest'
import type { PlanTask } from '../../../graphql/types'
import { canCompileJointPlan, canWritePlan, choosesDepartment, deadlineDay, filingIsLate, planButtons } from '../actions'
import {
  blankPlanTaskForm,
  copyForm,
  fieldLabel,
  move,
  percentToRatio,
  planInput,
  planTaskInput,
  planTaskToForm,
  ratioToPercent,
  unavailableItems,
  type PlanTaskForm,
} from '../planForm'

const saved: PlanTask = {
  id: '7', seq: 1, name: '食品生产企业与纳税人联合抽查', departments: ['SCJG', 'SW'], joint: true,
  windowFrom: '2027-03-01', windowTo: '2027-06-30', frequencyPerYear: 2,
  items: [
    { code: 'SCJG-001', content: '生产许可条件', department: { code: 'SCJG', name: '市场监督管理局', shortName: '市场监管' } },
    { code: 'SW-001', content: '发票管理', department: { code: 'SW', name: '税务局', shortName: '税务' } },
  ],
  quotaRule: [{ grade: 'A', ratio: '0.01', count: null }, { grade: 'C', ratio: '0.125', count: null }, { grade: 'D', ratio: null, count: 10 }],
  scopeLibraries: ['SCJG'], scopeRegions: ['370305001'], scopeIndustries: ['C14'], scopeKinds: ['ENTERPRISE'], scopeGrades: ['C', 'D'],
}
const ctx = { year: 2027, owner: 'SCJG' }

function filled(): PlanTaskForm {
  const form = blankPlanTaskForm('SCJG')
  Object.assign(form, { name: ' 食品生产许可条件抽查 ', items: ['SCJG-001'], dates: ['2027-07-01', '2027-09-30'] })
  return form
}

describe('quota percentages ↔ the schema’s exact ratios', () => {
  it('moves the decimal point without floating point', () => {
    expect(['3', '2.5', '0.0001', '12.5', '100', '0', '03', '33.3333'].map(percentToRatio)).toEqual(['0.03', '0.025', '0.000001', '0.125', '1', '0', '0.03', '0.333333'])
    expect(['0.03', '0.025', '0.000001', '0.125', '1', '0', '0.1', '0.3'].map(ratioToPercent)).toEqual(['3', '2.5', '0.0001', '12.5', '100', '0', '10', '30'])
  })

  it('refuses what is not a percentage of 0–100 with at most four decimals', () => {
    for (const bad of ['', '3%', '-1', '100.5', '101', '2.12345', 'abc', '1e2', '0.5.1']) expect(percentToRatio(bad)).toBeNull()
  })
})

describe('plan task ↔ form ↔ PlanTaskInput', () => {
  it('turns a saved task into a form and back into the same input', () => {
    const form = planTaskToForm(saved)
    expect(form.lead).toBe('SCJG')
    expect(form.participants).toEqual(['SW'])
    expect(form.quota.A).toEqual({ mode: 'ratio', ratio: '1', count: undefined })
    expect(form.quota.B.mode).toBe('none')
    expect(form.quota.C).toEqual({ mode: 'ratio', ratio: '12.5', count: undefined })
    expect(form.quota.D).toEqual({ mode: 'count', ratio: '', count: 10 })
    expect(planTaskInput(form, ctx)).toEqual({
      input: {
        name: '食品生产企业与纳税人联合抽查', items: ['SCJG-001', 'SW-001'], lead: 'SCJG', participants: ['SW'],
        scopeLibraries: ['SCJG'], scopeRegions: ['370305001'], scopeIndustries: ['C14'], scopeKinds: ['ENTERPRISE'], scopeGrades: ['C', 'D'],
        quotaRule: [{ grade: 'A', ratio: '0.01' }, { grade: 'C', ratio: '0.125' }, { grade: 'D', count: 10 }],
        frequencyPerYear: 2, windowFrom: '2027-03-01', windowTo: '2027-06-30',
      },
    })
  })

  it('trims the name, drops the lead from the participants, upper-cases industry codes, and sends no quota for the defaults', () => {
    const form = filled()
    form.participants = ['SCJG', 'SW']
    form.scopeIndustries = [' c14 ', '']
    const checked = planTaskInput(form, ctx)
    expect(checked).toMatchObject({ input: { name: '食品生产许可条件抽查', lead: 'SCJG', participants: ['SW'], scopeIndustries: ['C14'], quotaRule: [] } })
  })

  it('names the first missing or invalid field', () => {
    const check = (patch: Partial<PlanTaskForm>) => planTaskInput({ ...filled(), ...patch }, ctx)
    expect(check({ name: ' ' })).toEqual({ error: '请填写任务名称' })
    expect(check({ lead: undefined })).toEqual({ error: '请选择牵头部门' })
    expect(check({ lead: 'SW' })).toEqual({ error: '部门计划中的任务须由本部门（SCJG）牵头或参加' })
    expect(planTaskInput({ ...filled(), lead: 'SW', participants: ['SCJG'] }, ctx)).toHaveProperty('input')
    expect(planTaskInput({ ...filled(), lead: 'SW' }, { year: 2027, owner: null })).toHaveProperty('input')
    expect(check({ items: [] })).toEqual({ error: '请至少选择一项抽查事项' })
    expect(check({ dates: null })).toEqual({ error: '请选择计划时间' })
    expect(check({ dates: ['2026-12-01', '2027-01-31'] })).toEqual({ error: '计划时间须在 2027 年内' })
    expect(check({ frequencyPerYear: 13 })).toEqual({ error: '抽查频次应为每年 1–12 次' })
    const ratio = filled()
    ratio.quota.B = { mode: 'ratio', ratio: '0.03%', count: undefined }
    expect(planTaskInput(ratio, ctx)).toEqual({ error: 'B 级的比例应为 0–100 之间的百分数（最多四位小数），如 3 或 2.5' })
    const count = filled()
    count.quota.D = { mode: 'count', ratio: '', count: undefined }
    expect(planTaskInput(count, ctx)).toEqual({ error: 'D 级的数量应为非负整数' })
  })

  it('checks every task of the plan, naming the task, and adds the department and the reason', () => {
    const second = { ...filled(), name: '第二项', items: [] }
    expect(planInput([filled(), second], ctx)).toEqual({ error: '第 2 项任务“第二项”：请至少选择一项抽查事项' })
    const ok = planInput([filled()], ctx, ' 上级部署专项整治 ')
    expect(ok).toMatchObject({ input: { year: 2027, department: 'SCJG', reason: '上级部署专项整治' } })
    expect(planInput([], { year: 2027, owner: null })).toEqual({ input: { year: 2027, tasks: [] } })
  })

  it('copies a form deeply, lists items no longer on the current list, and moves tasks', () => {
    const form = planTaskToForm(saved)
    const copy = copyForm(form)
    copy.items.push('X')
    copy.quota.A.ratio = '9'
    copy.dates![0] = '2027-01-01'
    expect(form.items).toEqual(['SCJG-001', 'SW-001'])
    expect(form.quota.A.ratio).toBe('1')
    expect(form.dates).toEqual(['2027-03-01', '2027-06-30'])
    expect(unavailableItems(form, ['SCJG-001'])).toEqual(['SW-001'])
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b'])
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
  })

  it('puts the server’s field paths into words', () => {
    const tasks = [{ name: '甲' }, { name: '乙' }]
    expect(fieldLabel('input.tasks[1].items[0]', tasks)).toBe('第 2 项任务“乙”的抽查事项（第 1 项）')
    expect(fieldLabel('input.tasks[0].windowTo', tasks)).toBe('第 1 项任务“甲”的计划结束日期')
    expect(fieldLabel('input.reason', tasks)).toBe('调整原因')
    expect(fieldLabel('year', tasks)).toBe('年度')
    expect(fieldLabel(undefined, tasks)).toBeNull()
    expect(fieldLabel('something.else', tasks)).toBeNull()
  })
})

describe('who may do what with a plan (as server/plans/plan.service.ts)', () => {
  const user = (role: string, dept: string | null) => ({ username: 'u', displayName: 'u', role, department: dept ? { code: dept, name: dept, shortName: dept } : null }) as never

  it('department staff write their own plan; the office and administrators every plan and the joint one', () => {
    expect(canWritePlan(user('CLERK', 'SCJG'), 'SCJG')).toBe(true)
    expect(canWritePlan(user('DEPT_HEAD', 'SCJG'), 'SCJG')).toBe(true)
    expect(canWritePlan(user('CLERK', 'SCJG'), 'SW')).toBe(false)
    expect(canWritePlan(user('CLERK', 'SCJG'), null)).toBe(false)
    expect(canWritePlan(user('INSPECTOR', 'SCJG'), 'SCJG')).toBe(false)
    expect(canWritePlan(user('LEADER', null), 'SCJG')).toBe(false)
    expect(canWritePlan(user('OFFICE', 'SCJG'), 'SW')).toBe(true)
    expect(canWritePlan(user('ADMIN', null), null)).toBe(true)
    expect(canCompileJointPlan(user('OFFICE', 'SCJG'), null)).toBe(true)
    expect(canCompileJointPlan(user('OFFICE', 'SCJG'), 'SCJG')).toBe(false)
    expect(canCompileJointPlan(user('LEADER', null), null)).toBe(false)
    expect([choosesDepartment(user('LEADER', null)), choosesDepartment(user('OFFICE', 'SCJG')), choosesDepartment(user('CLERK', 'SW'))]).toEqual([true, true, false])
  })

  it('offers save, file and publish by the plan’s status, with the reason when a button is disabled', () => {
    const state = { write: true, dirty: false, tasks: 2 }
    expect(planButtons(null, { ...state, tasks: 0 })).toEqual({
      edit: { shown: true, disabled: null },
      save: { shown: true, disabled: '没有需要保存的修改' },
      file: { shown: true, disabled: '请先新增任务并保存草稿' },
      publish: { shown: false },
    })
    const draft = { status: 'DRAFT', current: true } as const
    expect(planButtons(draft, state).file).toEqual({ shown: true, disabled: null })
    expect(planButtons(draft, { ...state, dirty: true }).file).toEqual({ shown: true, disabled: '请先保存修改' })
    expect(planButtons(draft, { ...state, tasks: 0 }).file).toEqual({ shown: true, disabled: '空计划不能备案：至少要有一项抽查任务' })
    const filed = { status: 'FILED', current: true } as const
    expect(planButtons(filed, state)).toMatchObject({ file: { shown: false }, publish: { shown: true, disabled: null } })
    expect(planButtons({ status: 'PUBLISHED', current: true }, state)).toMatchObject({ file: { shown: false }, publish: { shown: false }, edit: { shown: true } })
    expect(planButtons({ status: 'FILED', current: false }, state).edit).toEqual({ shown: false })
    expect(planButtons(filed, { ...state, write: false }).save).toEqual({ shown: false })
  })

  it('tells a late filing by the end of the deadline day, Beijing time', () => {
    const deadline = '2027-01-31T15:59:59.999Z'
    expect(deadlineDay(deadline)).toBe('2027-01-31')
    expect(filingIsLate(deadline, new Date('2027-01-31T15:59:00Z'))).toBe(false)
    expect(filingIsLate(deadline, new Date('2027-01-31T16:00:00Z'))).toBe(true)
  })
})
