// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import { answerPrompt, buttons, loginAs, ServerError, settle, stubServer, type } from '../../../__tests__/fakeServer'
import type { FollowUp, InspectionDetail, InspectionResult, InspectionTask, Role, User } from '../../../graphql/types'
import { session } from '../../../stores/session'
import FollowUpsPanel from '../FollowUpsPanel.vue'
import FollowUpTable from '../FollowUpTable.vue'
import { followUpActions, followUpInput, hasProblem, openingDepartments } from '../followUps'

const user = (role: Role, dept: string | null): User => ({ username: 'u', displayName: 'u', role, department: dept ? { code: dept, name: dept, shortName: dept } : null })

const followUp = (over: Partial<FollowUp> = {}): FollowUp => ({
  id: '1', inspectionId: '11', subjectKey: '91370305MA0000001X', subjectName: '淄博甲商贸有限公司', kind: 'TRANSFER', status: 'OPEN', departmentCode: 'SCJG',
  targetDepartmentCode: 'SW', description: '涉税问题移交税务', openedOn: '2026-03-12', dueOn: '2026-04-09', overdue: false, acceptedAt: null, acceptedBy: null,
  closedOn: null, decision: null, ...over,
})

describe('follow-up rules (mirroring follow-up.service.ts)', () => {
  it.each([
    // kind, status, role, department, expected
    ['TRANSFER', 'OPEN', 'CLERK', 'SW', ['accept']],
    ['TRANSFER', 'OPEN', 'DEPT_HEAD', 'SW', ['accept']],
    ['TRANSFER', 'OPEN', 'CLERK', 'SCJG', []], // the opener waits for the target
    ['TRANSFER', 'OPEN', 'INSPECTOR', 'SW', []],
    ['TRANSFER', 'ACCEPTED', 'CLERK', 'SW', ['close']],
    ['TRANSFER', 'ACCEPTED', 'CLERK', 'SCJG', []],
    ['TRANSFER', 'CLOSED', 'CLERK', 'SW', []],
    ['TRANSFER', 'OPEN', 'OFFICE', 'SCJG', ['accept']],
    ['CASE_FILED', 'OPEN', 'CLERK', 'SCJG', ['close']],
    ['CASE_FILED', 'OPEN', 'CLERK', 'SW', []],
    ['ABNORMAL_LISTING', 'OPEN', 'LEADER', null, []],
    ['JUDICIAL_TRANSFER', 'CLOSED', 'CLERK', 'SCJG', []],
  ] as const)('%s %s for a %s of %s: %j', (kind, status, role, dept, expected) => {
    const f = followUp({ kind, status, targetDepartmentCode: kind === 'TRANSFER' ? 'SW' : null })
    expect(followUpActions(f, user(role, dept))).toEqual(expected)
  })

  it('opens only from a result with a problem, for the user’s participating department (any for the office)', () => {
    const items = (outcomes: string[]) => ({ items: outcomes.map((outcome) => ({ outcome })) }) as Pick<InspectionResult, 'items'>
    expect(hasProblem(items(['NO_PROBLEM', 'UNREACHABLE']))).toBe(false)
    expect(hasProblem(items(['NO_PROBLEM', 'PROBLEM_CORRECTED']))).toBe(true)
    expect(hasProblem(items(['REFUSED']))).toBe(true)
    expect(hasProblem(null)).toBe(false)
    expect(openingDepartments(user('CLERK', 'SCJG'), ['SCJG', 'SW'])).toEqual(['SCJG'])
    expect(openingDepartments(user('CLERK', 'WJ'), ['SCJG', 'SW'])).toEqual([])
    expect(openingDepartments(user('INSPECTOR', 'SCJG'), ['SCJG', 'SW'])).toEqual([])
    expect(openingDepartments(user('OFFICE', 'SCJG'), ['SCJG', 'SW'])).toEqual(['SCJG', 'SW'])
  })

  it('checks the open form before sending', () => {
    const base = { department: 'SCJG', kind: 'TRANSFER' as const, description: '涉税问题', target: undefined, dueOn: '' }
    expect(followUpInput('11', { ...base, kind: undefined })).toEqual({ error: '请选择处置方式' })
    expect(followUpInput('11', { ...base, description: ' ' })).toEqual({ error: '请写明移交或处置的问题与依据' })
    expect(followUpInput('11', base)).toEqual({ error: '移交须指明接收的主管部门' })
    expect(followUpInput('11', { ...base, target: 'SCJG' })).toEqual({ error: '不能移交给本部门' })
    expect(followUpInput('11', { ...base, target: 'SW', dueOn: '2026-01-01' }, '2026-03-01')).toEqual({ error: '办理期限应为今天或以后的日期' })
    expect(followUpInput('11', { ...base, target: 'SW', dueOn: '2026-04-01' }, '2026-03-01')).toEqual({
      input: { inspection: '11', kind: 'TRANSFER', description: '涉税问题', department: 'SCJG', targetDepartment: 'SW', dueOn: '2026-04-01' },
    })
    // Only a transfer names a target.
    expect(followUpInput('11', { ...base, kind: 'CASE_FILED', target: 'SW' })).toEqual({ input: { inspection: '11', kind: 'CASE_FILED', description: '涉税问题', department: 'SCJG' } })
  })
})

let wrapper: VueWrapper | null = null
function mountWithRouter(component: ReturnType<typeof defineComponent>) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { render: () => null } }, { path: '/inspections/:id', name: 'inspection', component: { render: () => null } }] })
  wrapper = mount(component, { global: { plugins: [router] }, attachTo: document.body })
  return wrapper
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const rows = [
  followUp({ id: '1' }),
  followUp({ id: '2', status: 'ACCEPTED', acceptedBy: 'sw-clerk', acceptedAt: '2026-03-13T01:00:00Z' }),
  followUp({ id: '3', kind: 'CASE_FILED', targetDepartmentCode: null, overdue: true, dueOn: '2026-03-01' }),
  followUp({ id: '4', status: 'CLOSED', closedOn: '2026-03-20', decision: '已责令补缴' }),
]

function table(onChanged = vi.fn()) {
  return mountWithRouter(defineComponent({ render: () => h(FollowUpTable, { rows, showSubject: true, onChanged }) }))
}
const rowActions = () => [...document.querySelectorAll('.follow-up-table .el-table__body tr')].map((tr) => [...tr.querySelectorAll('.follow-up-table__actions button')].map((b) => b.textContent!.trim()))

describe('FollowUpTable', { timeout: 30_000 }, () => {
  it('offers the target department 接收, then 办结 after acceptance; nothing for a closed one', async () => {
    await loginAs('CLERK', 'SW')
    stubServer({})
    table()
    await settle()
    expect(rowActions()).toEqual([['接收'], ['办结'], [], []])
    const text = document.querySelector('.follow-up-table')!.textContent!
    expect(text).toContain('待 税务 接收')
    expect(text).toContain('sw-clerk 接收')
    expect(text).toContain('2026-03-20：已责令补缴')
    expect(document.querySelectorAll('[data-testid="follow-up-overdue"]')).toHaveLength(1)
    expect(document.querySelector('[data-testid="follow-up-inspection"]')!.getAttribute('href')).toBe('/inspections/11')
  })

  it('offers the opening department 办结 of its own non-transfer follow-ups only', async () => {
    await loginAs('CLERK', 'SCJG')
    stubServer({})
    table()
    await settle()
    expect(rowActions()).toEqual([[], [], ['办结'], []])
  })

  it('accepts after confirmation and closes with a required decision', async () => {
    await loginAs('CLERK', 'SW')
    const changed = vi.fn()
    const { calls } = stubServer({
      AcceptFollowUp: { acceptFollowUp: { ...rows[0]!, status: 'ACCEPTED', acceptedBy: 'sw-clerk' } },
      CloseFollowUp: (v: Record<string, unknown>) => ({ closeFollowUp: { ...rows[1]!, status: 'CLOSED', decision: v.decision, closedOn: '2026-03-21' } }),
    })
    table(changed)
    await settle()
    buttons(document.querySelector('.follow-up-table')!, '接收')[0]!.click()
    await settle()
    expect(document.querySelector('.el-message-box')!.textContent).toContain('接收后由本部门办理并办结')
    buttons(document.querySelector('.el-message-box')!, '接收')[0]!.click()
    await settle()
    expect(calls.find((c) => c.name === 'AcceptFollowUp')!.variables).toEqual({ id: '1' })
    expect(changed).toHaveBeenLastCalledWith(expect.objectContaining({ id: '1', status: 'ACCEPTED' }))

    buttons(document.querySelector('.follow-up-table')!, '办结')[0]!.click()
    await settle()
    await answerPrompt('', '办结')
    expect(document.querySelector('.el-message-box')!.textContent).toContain('办结须写明处理结果（决定）')
    expect(calls.some((c) => c.name === 'CloseFollowUp')).toBe(false)
    await answerPrompt('已责令补缴税款', '办结')
    expect(calls.find((c) => c.name === 'CloseFollowUp')!.variables).toEqual({ id: '2', decision: '已责令补缴税款' })
    expect(changed).toHaveBeenLastCalledWith(expect.objectContaining({ id: '2', status: 'CLOSED' }))
  })

  it('shows the server’s refusal', async () => {
    await loginAs('CLERK', 'SW')
    stubServer({ AcceptFollowUp: new ServerError('该移交已接收或已办结', 'CONFLICT') })
    table()
    await settle()
    buttons(document.querySelector('.follow-up-table')!, '接收')[0]!.click()
    await settle()
    buttons(document.querySelector('.el-message-box')!, '接收')[0]!.click()
    await settle()
    expect(document.querySelector('.follow-up-table__error')!.textContent).toContain('该移交已接收或已办结')
  })
})

const task: InspectionTask = { code: '2026-LZ-0001', name: '联合检查', status: 'IN_PROGRESS', departments: ['SCJG', 'SW'], windowFrom: '2026-01-01', windowTo: '2026-12-31', items: [] }
const problemResult = { items: [{ itemCode: 'SCJG-001', itemVersion: 1, itemContent: '年报', departmentCode: 'SCJG', outcome: 'PROBLEM_CORRECTED', findings: '未公示', legalBasis: null }] } as unknown as InspectionResult
const inspection = (result: InspectionResult | null) => ({ id: '11', subjectKey: '91370305MA0000001X', subjectName: '淄博甲商贸有限公司', currentResult: result }) as unknown as InspectionDetail

function panel(result: InspectionResult | null) {
  return mountWithRouter(defineComponent({ render: () => h(FollowUpsPanel, { inspection: inspection(result), task }) }))
}

describe('FollowUpsPanel on the inspection page', { timeout: 30_000 }, () => {
  it('lists this inspection’s follow-ups of the subject and offers 发起后续处置 only after a problem', async () => {
    await loginAs('CLERK', 'SCJG')
    const { calls } = stubServer({ FollowUps: { followUps: [followUp({ id: '1' }), followUp({ id: '9', inspectionId: '99', description: '另一户检查' })] } })
    panel(problemResult)
    await settle()
    expect(calls.find((c) => c.name === 'FollowUps')!.variables).toEqual({ filter: { subject: '91370305MA0000001X' } })
    expect(document.querySelectorAll('.follow-up-table .el-table__body tr')).toHaveLength(1)
    expect(document.querySelector('[data-testid="open-follow-up"]')).not.toBeNull()
    wrapper!.unmount()
    panel({ items: [{ ...problemResult.items[0]!, outcome: 'NO_PROBLEM' }] } as InspectionResult)
    await settle()
    expect(document.querySelector('[data-testid="open-follow-up"]')).toBeNull()
  })

  it('offers nothing to a department that does not take part', async () => {
    await loginAs('CLERK', 'WJ')
    stubServer({ FollowUps: { followUps: [] } })
    panel(problemResult)
    await settle()
    expect(document.querySelector('[data-testid="open-follow-up"]')).toBeNull()
  })

  it('opens a transfer: refuses a missing target, then sends kind, description, target and department', async () => {
    await loginAs('CLERK', 'SCJG')
    const created = followUp({ id: '5' })
    const { calls } = stubServer({ FollowUps: { followUps: [] }, OpenFollowUp: { openFollowUp: created } })
    const w = panel(problemResult)
    await settle()
    ;(document.querySelector('[data-testid="open-follow-up"]') as HTMLButtonElement).click()
    await settle()
    const dialog = document.querySelector('.follow-up-dialog') as HTMLElement
    const select = (testid: string, value: string) => w.findAllComponents({ name: 'ElSelect' }).find((c) => (c.element as HTMLElement).querySelector?.(`[data-testid="${testid}"]`) || c.attributes('data-testid') === testid)!.vm.$emit('update:modelValue', value)
    buttons(dialog, '发起')[0]!.click()
    await settle()
    expect(dialog.textContent).toContain('请选择处置方式')
    select('follow-up-kind', 'TRANSFER')
    await settle()
    type(dialog.querySelector('textarea'), '发现涉税问题，移交税务部门')
    await settle()
    buttons(dialog, '发起')[0]!.click()
    await settle()
    expect(dialog.textContent).toContain('移交须指明接收的主管部门')
    expect(calls.some((c) => c.name === 'OpenFollowUp')).toBe(false)
    select('follow-up-target', 'SW')
    await settle()
    buttons(dialog, '发起')[0]!.click()
    await settle()
    expect(calls.find((c) => c.name === 'OpenFollowUp')!.variables).toEqual({
      input: { inspection: '11', kind: 'TRANSFER', description: '发现涉税问题，移交税务部门', department: 'SCJG', targetDepartment: 'SW' },
    })
    expect(document.querySelectorAll('.follow-up-table .el-table__body tr')).toHaveLength(1)
  })
})
