// @vitest-environment happy-dom
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buttons, settle, stubServer } from '../../../__tests__/fakeServer'
import PlanTaskDialog from '../PlanTaskDialog.vue'
import { planTaskToForm, type PlanTaskForm } from '../planForm'

const dept = (code: string, name: string) => ({ code, name, shortName: name })
const item = (code: string, content: string, d: string) => ({ code, content, category: 'GENERAL', department: dept(d, d) })
const form = planTaskToForm({
  id: '7', seq: 1, name: '食品生产企业与纳税人联合抽查', departments: ['SCJG', 'SW'], joint: true, windowFrom: '2027-03-01', windowTo: '2027-06-30',
  frequencyPerYear: 2, items: [{ code: 'SCJG-001', content: '生产许可条件', department: dept('SCJG', '市场监管') }],
  quotaRule: [{ grade: 'C', ratio: '0.125', count: null }, { grade: 'D', ratio: null, count: 10 }],
  scopeLibraries: [], scopeRegions: [], scopeIndustries: [], scopeKinds: [], scopeGrades: [],
})

let wrapper: VueWrapper | null = null
async function open(task: PlanTaskForm | null) {
  const server = stubServer({
    CoverageItems: (v: Record<string, unknown>) => {
      const d = (v.filter as { department: string }).department
      const nodes = d === 'SCJG' ? [item('SCJG-001', '生产许可条件', 'SCJG')] : d === 'SW' ? [item('SW-001', '发票管理', 'SW')] : []
      return { checkItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } }
    },
  })
  wrapper = mount(PlanTaskDialog, {
    props: { modelValue: true, task, context: { year: 2027, owner: 'SCJG' }, defaultLead: 'SCJG' },
    attachTo: document.body,
    // Not asserted here, and each costs seconds of layout work under happy-dom (the browser test drives them).
    global: { stubs: { ElDatePicker: true, DepartmentSelect: true } },
  })
  await settle()
  return server
}
const submit = async () => {
  buttons(document.body, '确定')[0]!.click()
  await settle()
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('计划任务 dialog', () => {
  it('shows a saved task’s quota as percentages and counts, and hands back the edited form with the item names', async () => {
    const { calls } = await open(form)
    // The items of both departments taking part, current and active only.
    expect(calls.filter((c) => c.name === 'CoverageItems').map((c) => c.variables)).toEqual([
      { filter: { department: 'SCJG', active: true } },
      { filter: { department: 'SW', active: true } },
    ])
    const gradeC = document.querySelector('[data-testid="grade-quota-C"]')!
    expect((gradeC.querySelector('.grade-quota__value input') as HTMLInputElement).value).toBe('12.5')
    expect(gradeC.textContent).toContain('%')
    expect((document.querySelector('[data-testid="grade-quota-D"] .grade-quota__value input') as HTMLInputElement).value).toBe('10')
    expect(document.body.textContent).toContain('联合抽查')
    await submit()
    const [saved, names] = wrapper!.emitted<[PlanTaskForm, Record<string, string>]>('save')![0]!
    expect(saved).toEqual(form)
    expect(saved).not.toBe(form)
    expect(names).toEqual({ 'SCJG-001': '生产许可条件' })
    expect(wrapper!.emitted('update:modelValue')).toEqual([[false]])
  })

  it('names what is missing in a new task', async () => {
    await open(null)
    await submit()
    expect(document.querySelector('[data-testid="plan-task-validation"]')?.textContent).toContain('请填写任务名称')
    expect(wrapper!.emitted('save')).toBeUndefined()
  })

  it('refuses items that are not on the current lists of the task’s departments', async () => {
    await open({ ...form, items: ['SCJG-001', 'SCJG-009'] })
    expect(document.body.textContent).toContain('SCJG-009（不属于参加部门的现行事项）')
    await submit()
    expect(document.querySelector('[data-testid="plan-task-validation"]')?.textContent).toContain('事项 SCJG-009 不在参加部门的现行抽查事项清单中，请删除或更换')
    expect(wrapper!.emitted('save')).toBeUndefined()
  })
})
