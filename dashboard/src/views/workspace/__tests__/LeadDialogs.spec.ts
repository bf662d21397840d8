// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { defineComponent, h, ref } from 'vue'
import { answerPrompt, buttons, loginAs, ServerError, settle, stubServer, type } from '../../../__tests__/fakeServer'
import type { Lead } from '../../../graphql/types'
import { session } from '../../../stores/session'
import { chinaToday } from '../../inspections/resultForm'
import LeadDialog from '../LeadDialog.vue'
import { blankLeadForm, leadActions, leadInput, leadTaskInput, sameProblemCount } from '../leadForm'
import LeadsPanel from '../LeadsPanel.vue'
import LeadTaskDialog from '../LeadTaskDialog.vue'

const KEY = '91370305MA0000001X'
const lead = (over: Partial<Lead> = {}): Lead => ({
  id: '5', departmentCode: 'SCJG', subjectKey: KEY, subjectName: '淄博甲商贸有限公司', source: 'HOTLINE_12345', reference: '12345-1', receivedOn: '2026-03-01',
  problem: '年报信息不实', description: '举报年报信息与实际不符', status: 'OPEN', handledOn: null, resolution: null, taskCode: null, ...over,
})

describe('lead forms', () => {
  it('refuses a lead without subject, source, a valid date, problem or description', () => {
    const ok = { ...blankLeadForm('2026-03-10'), subject: ` ${KEY} `, source: 'COMPLAINT' as const, problem: '年报信息不实', description: '举报', reference: '' }
    expect(leadInput({ ...ok, subject: ' ' }, undefined, '2026-03-10')).toEqual({ error: '请填写检查对象的统一社会信用代码或主体编号' })
    expect(leadInput({ ...ok, source: undefined }, undefined, '2026-03-10')).toEqual({ error: '请选择线索来源' })
    expect(leadInput({ ...ok, receivedOn: '' }, undefined, '2026-03-10')).toEqual({ error: '请选择受理日期' })
    expect(leadInput({ ...ok, receivedOn: '2026-03-11' }, undefined, '2026-03-10')).toEqual({ error: '受理日期不能晚于今天' })
    expect(leadInput({ ...ok, problem: '' }, undefined, '2026-03-10')).toEqual({ error: '请填写问题类别（同类问题可一并发起专项检查）' })
    expect(leadInput({ ...ok, description: '' }, undefined, '2026-03-10')).toEqual({ error: '请填写线索内容' })
    expect(leadInput(ok, 'SCJG', '2026-03-10')).toEqual({
      input: { subject: KEY, source: 'COMPLAINT', receivedOn: '2026-03-10', problem: '年报信息不实', description: '举报', department: 'SCJG' },
    })
  })

  it('refuses a lead task without items or window; counts the other open leads on the same problem', () => {
    expect(leadTaskInput({ name: '', items: [], sameProblem: false, dates: ['2026-03-01', '2026-03-31'] })).toEqual({ error: '请至少选择一项抽查事项' })
    expect(leadTaskInput({ name: '', items: ['SCJG-001'], sameProblem: true, dates: null })).toEqual({ error: '请选择任务时间' })
    expect(leadTaskInput({ name: ' ', items: ['SCJG-001'], sameProblem: true, dates: ['2026-03-01', '2026-03-31'] })).toEqual({
      input: { items: ['SCJG-001'], participants: [], sameProblem: true, windowFrom: '2026-03-01', windowTo: '2026-03-31' },
    })
    const list = [lead(), lead({ id: '6' }), lead({ id: '7', status: 'HANDLED' }), lead({ id: '8', problem: '无照经营' })]
    expect(sameProblemCount(lead(), list)).toBe(1)
    const clerk = (dept: string) => ({ username: 'u', displayName: 'u', role: 'CLERK' as const, department: { code: dept, name: dept, shortName: dept } })
    expect(leadActions(lead(), clerk('SCJG'))).toEqual(['handle', 'startTask'])
    expect(leadActions(lead(), clerk('SW'))).toEqual([])
    expect(leadActions(lead({ status: 'IN_TASK' }), clerk('SCJG'))).toEqual([])
  })
})

let wrapper: VueWrapper | null = null
let router: Router
function mountWith(render: () => ReturnType<typeof h>) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/tasks/:code', name: 'task', component: { render: () => null } },
      { path: '/recognition', name: 'recognition', component: { render: () => null } },
    ],
  })
  wrapper = mount(defineComponent({ render }), { global: { plugins: [router] }, attachTo: document.body })
  return wrapper
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const selectIn = (root: Element, value: unknown, index = 0) =>
  wrapper!.findAllComponents({ name: 'ElSelect' }).filter((c) => root.contains(c.element as Node))[index]!.vm.$emit('update:modelValue', value)

describe('登记线索 dialog', { timeout: 30_000 }, () => {
  it('shows what is missing before sending, then records the lead for the page’s department', async () => {
    await loginAs('CLERK', 'SCJG')
    const done = vi.fn()
    const { calls } = stubServer({ RecordLead: (v: Record<string, unknown>) => ({ recordLead: lead({ id: '9', ...(v.input as object) }) }) })
    const open = ref(true)
    mountWith(() => h(LeadDialog, { modelValue: open.value, 'onUpdate:modelValue': (v: boolean) => (open.value = v), department: 'SCJG', problems: ['年报信息不实'], onDone: done }))
    await settle()
    const dialog = document.querySelector('.lead-dialog') as HTMLElement
    const submit = async () => {
      buttons(dialog, '登记')[0]!.click()
      await settle()
    }
    await submit()
    expect(dialog.textContent).toContain('请填写检查对象的统一社会信用代码或主体编号')
    type(dialog.querySelector('input[data-testid="lead-subject"]'), KEY)
    await submit()
    expect(dialog.textContent).toContain('请选择线索来源')
    selectIn(dialog, 'HOTLINE_12345')
    await settle()
    await submit()
    expect(dialog.textContent).toContain('请填写问题类别')
    type(dialog.querySelector('input[data-testid="lead-problem"]'), '年报信息不实')
    await submit()
    expect(dialog.textContent).toContain('请填写线索内容')
    expect(calls.some((c) => c.name === 'RecordLead')).toBe(false)
    type(dialog.querySelector('textarea[data-testid="lead-description"]'), '来电反映年报信息与实际不符')
    type(dialog.querySelector('input[placeholder="如 12345 工单编号（选填）"]'), '12345-0099')
    await submit()
    expect(calls.find((c) => c.name === 'RecordLead')!.variables).toEqual({
      input: { subject: KEY, source: 'HOTLINE_12345', reference: '12345-0099', receivedOn: chinaToday(), problem: '年报信息不实', description: '来电反映年报信息与实际不符', department: 'SCJG' },
    })
    expect(done).toHaveBeenCalledWith(expect.objectContaining({ id: '9' }))
    expect(open.value).toBe(false)
  })

  it('keeps the dialog open with the server’s message when the subject is unknown', async () => {
    await loginAs('CLERK', 'SCJG')
    stubServer({ RecordLead: new ServerError('检查对象 9137 不存在', 'NOT_FOUND') })
    const open = ref(true)
    mountWith(() => h(LeadDialog, { modelValue: open.value, 'onUpdate:modelValue': (v: boolean) => (open.value = v) }))
    await settle()
    const dialog = document.querySelector('.lead-dialog') as HTMLElement
    type(dialog.querySelector('input[data-testid="lead-subject"]'), '9137')
    selectIn(dialog, 'COMPLAINT')
    type(dialog.querySelector('input[data-testid="lead-problem"]'), '无照经营')
    type(dialog.querySelector('textarea[data-testid="lead-description"]'), '举报')
    await settle()
    buttons(dialog, '登记')[0]!.click()
    await settle()
    expect(dialog.textContent).toContain('检查对象 9137 不存在')
    expect(dialog.textContent).toContain('NOT_FOUND')
    expect(open.value).toBe(true)
  })
})

describe('发起专项检查 dialog', { timeout: 30_000 }, () => {
  it('offers the receiving department’s items, requires items and a window, and sends the same-problem choice', async () => {
    await loginAs('CLERK', 'SCJG')
    const created = vi.fn()
    const { calls } = stubServer({
      ActiveItems: { checkItems: { nodes: [{ code: 'SCJG-001', content: '年度报告公示信息', category: 'GENERAL', department: { code: 'SCJG', name: '市场监管', shortName: '市场监管' } }] } },
      StartTaskFromLead: { startTaskFromLead: { id: '1', code: '2026-LZ-0042', year: 2026, name: '线索专项检查：年报信息不实', kind: 'SPECIAL', joint: false, status: 'CREATED', departments: ['SCJG'], windowFrom: '2026-03-01', windowTo: '2026-03-31', attempt: 0 } },
    })
    const open = ref(false)
    mountWith(() => h(LeadTaskDialog, { modelValue: open.value, 'onUpdate:modelValue': (v: boolean) => (open.value = v), lead: lead(), sameCount: 2, onCreated: created }))
    open.value = true
    await settle()
    const dialog = document.querySelector('.lead-task-dialog') as HTMLElement
    expect(calls.find((c) => c.name === 'ActiveItems')!.variables).toEqual({ filter: { department: 'SCJG', active: true } })
    expect(dialog.textContent).toContain('本部门另有 2 条同类待处理线索')
    buttons(dialog, '发起专项检查')[0]!.click()
    await settle()
    expect(dialog.textContent).toContain('请至少选择一项抽查事项')
    selectIn(dialog, ['SCJG-001'])
    await settle()
    buttons(dialog, '发起专项检查')[0]!.click()
    await settle()
    expect(dialog.textContent).toContain('请选择任务时间')
    wrapper!.findAllComponents({ name: 'ElDatePicker' }).find((c) => dialog.contains(c.element as Node) || true)!.vm.$emit('update:modelValue', ['2026-03-01', '2026-03-31'])
    wrapper!.findAllComponents({ name: 'ElCheckbox' })[0]!.vm.$emit('update:modelValue', true)
    await settle()
    buttons(dialog, '发起专项检查')[0]!.click()
    await settle()
    expect(calls.find((c) => c.name === 'StartTaskFromLead')!.variables).toEqual({
      id: '5', input: { items: ['SCJG-001'], participants: [], sameProblem: true, windowFrom: '2026-03-01', windowTo: '2026-03-31' },
    })
    expect(created).toHaveBeenCalledWith(expect.objectContaining({ code: '2026-LZ-0042' }))
  })
})

describe('线索 list in the workspace', { timeout: 30_000 }, () => {
  it('handles a lead case by case with a required resolution, and opens the new task after 发起专项检查', async () => {
    await loginAs('CLERK', 'SCJG')
    const { calls } = stubServer({
      Leads: { leads: [lead(), lead({ id: '6', status: 'IN_TASK', taskCode: '2026-LZ-0040' }), lead({ id: '7', status: 'HANDLED', handledOn: '2026-03-05', resolution: '已答复来电人' })] },
      HandleLead: (v: Record<string, unknown>) => ({ handleLead: lead({ status: 'HANDLED', handledOn: '2026-03-10', resolution: v.resolution as string }) }),
    })
    const w = mountWith(() => h(LeadsPanel, { department: 'SCJG' }))
    await settle()
    expect(calls.find((c) => c.name === 'Leads')!.variables).toEqual({ department: 'SCJG' })
    const rows = () => [...document.querySelectorAll('.lead-table .el-table__body tr')] as HTMLElement[]
    expect(rows()).toHaveLength(3)
    expect(rows()[0]!.querySelectorAll('button')).toHaveLength(2)
    expect(rows()[1]!.querySelectorAll('button')).toHaveLength(0)
    expect(rows()[1]!.textContent).toContain('专项检查 2026-LZ-0040')
    expect(rows()[2]!.textContent).toContain('2026-03-05：已答复来电人')
    expect(w.text()).toContain('1 条待处理')
    expect(document.querySelector('[data-testid="record-lead"]')).not.toBeNull()

    ;(rows()[0]!.querySelector('[data-testid="lead-handle"]') as HTMLButtonElement).click()
    await settle()
    await answerPrompt('', '个案处理')
    expect(document.querySelector('.el-message-box')!.textContent).toContain('请写明处理结果')
    await answerPrompt('核实为正常经营，已回复来电人', '个案处理')
    expect(calls.find((c) => c.name === 'HandleLead')!.variables).toEqual({ id: '5', resolution: '核实为正常经营，已回复来电人' })
    expect(rows()[0]!.querySelector('[data-testid="lead-status"]')!.textContent).toContain('已处理')
    expect(rows()[0]!.querySelectorAll('button')).toHaveLength(0)
  })

  it('offers no actions to other departments or to leaders', async () => {
    await loginAs('LEADER', null)
    stubServer({ Leads: { leads: [lead()] } })
    mountWith(() => h(LeadsPanel, { department: undefined }))
    await settle()
    expect(document.querySelectorAll('.lead-table .el-table__body tr button')).toHaveLength(0)
    expect(document.querySelector('[data-testid="record-lead"]')).toBeNull()
  })
})
