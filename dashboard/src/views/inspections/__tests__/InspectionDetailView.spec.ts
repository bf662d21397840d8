// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import type { InspectionDetail, InspectionResult, InspectionTask, Role } from '../../../graphql/types'
import { session } from '../../../stores/session'
import InspectionDetailView from '../InspectionDetailView.vue'
import { chinaToday } from '../resultForm'

const CODE = '2026-LZ-0001'
const department = (code: string, name = code) => ({ code, name, shortName: name })

const task: InspectionTask = {
  code: CODE, name: '年报与发票联合专项检查', status: 'IN_PROGRESS', departments: ['SCJG', 'SW'], windowFrom: '2020-01-01', windowTo: '2099-12-31',
  items: [
    { code: 'SCJG-001', version: 2, content: '年度报告公示信息', legalBasis: '《企业信息公示暂行条例》', department: department('SCJG', '市场监管') },
    { code: 'SW-001', version: 1, content: '发票管理', legalBasis: '《税收征收管理法》', department: department('SW', '税务') },
  ],
}

const result = (over: Partial<InspectionResult> = {}): InspectionResult => ({
  id: '101', version: 1, supersedesVersion: null, status: 'PUBLISHED', visitDate: '2026-03-10', method: 'ONSITE', signedBy: '王小明', signed: true,
  signatureMissingReason: null, entrustedBody: null, decisionDate: null, summary: null, dueOn: '2026-04-08',
  enteredAt: '2026-03-11T02:00:00Z', enteredLate: false, publishedAt: '2026-03-12T02:00:00Z', publishedLate: false,
  correctionReason: null, correctionSignedBy: null,
  items: [
    { itemCode: 'SCJG-001', itemVersion: 2, itemContent: '年度报告公示信息', departmentCode: 'SCJG', outcome: 'NO_PROBLEM', findings: null, legalBasis: null },
    { itemCode: 'SW-001', itemVersion: 1, itemContent: '发票管理', departmentCode: 'SW', outcome: 'NO_PROBLEM', findings: null, legalBasis: null },
  ],
  ...over,
})

function makeDetail(over: Partial<InspectionDetail> = {}): InspectionDetail {
  return {
    id: '11', taskCode: CODE, taskName: task.name, joint: true, subjectKey: '91370305MA0000001X', subjectName: '淄博甲商贸有限公司', stratum: 'B',
    status: 'ASSIGNED', notifiedAt: null, noticeMethod: null, noticeNote: null, checkedOn: null, dueOn: null, overdue: false, corrected: false,
    team: [
      { inspectorKey: 'SC01', inspectorName: '张一', departmentCode: 'SCJG', leader: true, ticket: null, active: true },
      { inspectorKey: 'SC02', inspectorName: '张二', departmentCode: 'SCJG', leader: false, ticket: null, active: false },
      { inspectorKey: 'SW01', inspectorName: '李一', departmentCode: 'SW', leader: false, ticket: null, active: true },
    ],
    currentResult: null, results: [],
    ...over,
  }
}

const v1 = result()
const v2 = result({
  id: '102', version: 2, supersedesVersion: 1, decisionDate: '2026-03-11', correctionReason: '复核发现漏记问题', correctionSignedBy: 'scjg-head',
  items: [{ ...v1.items[0]!, outcome: 'PROBLEM_CORRECTED', findings: '年报未公示股东出资信息', legalBasis: '第八条' }, v1.items[1]!],
})
const published = makeDetail({
  status: 'PUBLISHED', notifiedAt: '2026-03-09T01:30:00Z', noticeMethod: 'PHONE', noticeNote: '电话告知法定代表人', checkedOn: '2026-03-10', dueOn: '2026-04-08',
  corrected: true, currentResult: v2, results: [v1, v2],
})

interface Call {
  name: string
  variables: Record<string, unknown>
}

function stubServer(answers: Record<string, unknown | ((v: Record<string, unknown>) => unknown)>) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as { query: string; variables: Record<string, unknown> }
      const name = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? ''
      calls.push({ name, variables: body.variables })
      const answer = answers[name]
      const value = typeof answer === 'function' ? (answer as (v: Record<string, unknown>) => unknown)(body.variables) : answer
      const payload = value instanceof Error ? { errors: [{ message: value.message, extensions: { code: 'BAD_USER_INPUT' } }] } : { data: value ?? null }
      return new Response(JSON.stringify(payload), { headers: { 'Content-Type': 'application/json' } })
    }),
  )
  return calls
}

async function loginAs(role: Role, dept: string | null) {
  stubServer({ Login: { login: { token: 't', user: { username: 'u', displayName: '测试', role, department: dept ? department(dept) : null } } } })
  await session.login('u', 'demo')
}

let wrapper: VueWrapper | null = null
async function mountDetail() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/tasks/:code', name: 'task', component: { render: () => null } },
      { path: '/verify', name: 'verify', component: { render: () => null } },
      { path: '/recognition', name: 'recognition', component: { render: () => null } },
      { path: '/inspections/:id', name: 'inspection', component: InspectionDetailView },
    ],
  })
  await router.push('/inspections/11')
  await router.isReady()
  wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle()
  return wrapper
}

async function settle() {
  for (let i = 0; i < 4; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 10))
  }
}

const buttons = (root: ParentNode, text: string) =>
  [...root.querySelectorAll('button')].filter((b) => b.textContent?.trim() === text) as HTMLButtonElement[]
const actionLabels = () => [...document.querySelectorAll('.inspection-detail__actions button')].map((b) => b.textContent!.trim())
const dialog = () => document.querySelector('.result-form') as HTMLElement
const problem = () => dialog().querySelector('.result-form__problem')?.textContent ?? ''

/** Sets an Element Plus select or date picker of the open dialog, the way a user's choice would. */
function choose(component: 'ElSelect' | 'ElDatePicker', index: number, value: unknown) {
  const found = wrapper!.findAllComponents({ name: component }).filter((c) => dialog()?.contains(c.element as Node) || c.element.nodeType !== 1)
  found[index]!.vm.$emit('update:modelValue', value)
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

// The result form mounts many Element Plus inputs; happy-dom on a busy machine needs more than the default 5 s.
describe('inspection detail page', { timeout: 30_000 }, () => {
  it('shows the public a corrected, published inspection: header, team, notice, the 随机抽查检查表 and its versions', async () => {
    stubServer({ Inspection: { inspection: { ...published, noticeNote: null, currentResult: { ...v2, signedBy: null }, results: [v1, { ...v2, signedBy: null }] } }, InspectionTask: { task } })
    const w = await mountDetail()
    const text = w.text()
    expect(w.find('[data-testid="inspection-status"]').text()).toBe('已公示')
    expect(w.find('[data-testid="inspection-corrected"]').text()).toBe('已更正')
    expect(w.find('[data-testid="inspection-overdue"]').exists()).toBe(false)
    expect(w.find('[data-testid="task-link"]').attributes('href')).toBe(`/tasks/${CODE}`)
    for (const s of ['淄博甲商贸有限公司', '91370305MA0000001X', '2026-04-08', '电话告知', '组长', '第 2 版', '实地核查', '已签字', '2026-03-11']) expect(text).toContain(s)
    expect(w.find('.inspection-detail__member--replaced s').text()).toBe('张二 SC02')
    // The current version's items: outcome tags, findings and legal basis.
    const sheet = w.find('.inspection-detail__result').text()
    for (const s of ['SCJG-001 v2', '年度报告公示信息', '发现问题已责令改正', '年报未公示股东出资信息', '第八条', '复核发现漏记问题（scjg-head 签批）']) expect(sheet).toContain(s)
    // Version history: both versions, the second correcting the first.
    const rows = w.findAll('.inspection-detail__history .el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[1]!.text()).toContain('更正第 1 版')
    expect(rows[1]!.text()).toContain('现行')
    expect(actionLabels()).toEqual([])
  })

  it('marks an overdue inspection and says the result is not published yet', async () => {
    await loginAs('CLERK', 'WJ')
    stubServer({ Inspection: { inspection: makeDetail({ status: 'CHECKED', dueOn: '2026-02-01', overdue: true }) }, InspectionTask: { task } })
    const w = await mountDetail()
    expect(w.find('[data-testid="inspection-overdue"]').text()).toBe('逾期')
    expect(w.find('[data-testid="due-on"]').text()).toBe('2026-02-01')
    expect(w.text()).toContain('检查结果尚未公示') // WJ sees published versions only
    expect(actionLabels()).toEqual([]) // WJ does not take part
  })

  it.each([
    ['CLERK', 'SCJG', 'ASSIGNED', ['登记告知', '记录检查结果']],
    ['INSPECTOR', 'SW', 'NOTIFIED', ['记录检查结果', '修改告知']],
    ['CLERK', 'SCJG', 'CHECKED', ['确认录入', '修改检查结果']],
    ['CLERK', 'SW', 'CHECKED', ['修改检查结果']],
    ['CLERK', 'SCJG', 'ENTERED', ['公示', '修改检查结果']],
    ['CLERK', 'SCJG', 'PUBLISHED', []],
    ['DEPT_HEAD', 'SCJG', 'PUBLISHED', ['更正']],
    ['DEPT_HEAD', 'SW', 'PUBLISHED', ['更正']],
    ['LEADER', null, 'ASSIGNED', []],
  ] as const)('offers a %s of %s at %s: %j', async (role, dept, status, expected) => {
    await loginAs(role, dept)
    const current = status === 'ASSIGNED' || status === 'NOTIFIED' ? null : result({ status: status === 'PUBLISHED' ? 'PUBLISHED' : status === 'ENTERED' ? 'ENTERED' : 'DRAFT' })
    stubServer({ Inspection: { inspection: makeDetail({ status, currentResult: current, results: current ? [current] : [] }) }, InspectionTask: { task } })
    await mountDetail()
    expect(actionLabels()).toEqual([...expected])
    if (role === 'CLERK' && dept === 'SW') expect(document.body.textContent).toContain('确认录入和公示由牵头部门（或联席办）执行')
  })

  it('registers notice with the chosen time and method', async () => {
    await loginAs('INSPECTOR', 'SW')
    const calls = stubServer({
      Inspection: { inspection: makeDetail() }, InspectionTask: { task },
      NotifyInspection: (v: Record<string, unknown>) => ({ notifyInspection: makeDetail({ status: 'NOTIFIED', notifiedAt: v.at as string, noticeMethod: 'ON_ARRIVAL' }) }),
    })
    const w = await mountDetail()
    buttons(document.querySelector('.inspection-detail__actions')!, '登记告知')[0]!.click()
    await settle()
    const box = document.querySelector('.notice-dialog') as HTMLElement
    buttons(box, '登记告知')[0]!.click()
    await settle()
    expect(box.textContent).toContain('请填写告知时间并选择告知方式')
    expect(calls.some((c) => c.name === 'NotifyInspection')).toBe(false)
    w.findAllComponents({ name: 'ElSelect' }).find((c) => box.contains(c.element as Node))!.vm.$emit('update:modelValue', 'ON_ARRIVAL')
    await settle()
    buttons(box, '登记告知')[0]!.click()
    await settle()
    const call = calls.find((c) => c.name === 'NotifyInspection')!
    expect(call.variables).toMatchObject({ id: '11', method: 'ON_ARRIVAL' })
    expect(Math.abs(Date.parse(call.variables.at as string) - Date.now())).toBeLessThan(60_000)
    expect(w.find('[data-testid="inspection-status"]').text()).toBe('已告知')
    expect(w.find('.inspection-detail__notice').text()).toContain('到场出示证件告知')
  })

  it('refuses a result with a missing item, a problem without findings or without a decision date, then records it', async () => {
    await loginAs('CLERK', 'SCJG')
    const calls = stubServer({
      Inspection: { inspection: makeDetail({ status: 'NOTIFIED' }) }, InspectionTask: { task },
      RecordInspectionResult: { recordInspectionResult: makeDetail({ status: 'CHECKED', checkedOn: chinaToday(), dueOn: '2099-01-01', currentResult: result({ status: 'DRAFT', publishedAt: null, enteredAt: null }) }) },
    })
    const w = await mountDetail()
    buttons(document.querySelector('.inspection-detail__actions')!, '记录检查结果')[0]!.click()
    await settle()
    const form = dialog()
    // One row per item of the task.
    expect([...form.querySelectorAll('.result-form__item')].map((e) => e.getAttribute('data-item'))).toEqual(['SCJG-001', 'SW-001'])
    const save = () => buttons(form, '保存检查结果')[0]!.click()

    choose('ElSelect', 0, 'ONSITE') // 检查方式
    const signedBy = form.querySelector('input[placeholder="检查对象签字人姓名（仅工作人员可见）"]') as HTMLInputElement
    signedBy.value = '王小明'
    signedBy.dispatchEvent(new Event('input'))
    choose('ElSelect', 1, 'NO_PROBLEM') // SCJG-001 only
    await settle()
    save()
    await settle()
    expect(problem()).toContain('进一次门、查多项事：还缺 SW-001（SW） 的检查结果')

    choose('ElSelect', 2, 'REFUSED')
    await settle()
    save()
    await settle()
    expect(problem()).toContain('事项 SW-001 发现问题或不配合检查，须写明检查情况')
    // The decision date is now marked required.
    const decision = [...form.querySelectorAll('.el-form-item')].find((e) => e.textContent?.includes('处理决定日期'))!
    expect(decision.classList.contains('is-required')).toBe(true)

    const findings = form.querySelectorAll('.result-form__item')[1]!.querySelector('textarea') as HTMLTextAreaElement
    findings.value = '拒绝提供账簿'
    findings.dispatchEvent(new Event('input'))
    await settle()
    save()
    await settle()
    expect(problem()).toContain('发现问题的，请填写处理决定日期')
    expect(calls.some((c) => c.name === 'RecordInspectionResult')).toBe(false)

    choose('ElDatePicker', 1, chinaToday())
    await settle()
    save()
    await settle()
    const call = calls.find((c) => c.name === 'RecordInspectionResult')!
    expect(call.variables).toEqual({
      id: '11',
      input: {
        visitDate: chinaToday(), method: 'ONSITE', signedBy: '王小明', decisionDate: chinaToday(),
        items: [{ item: 'SCJG-001', outcome: 'NO_PROBLEM' }, { item: 'SW-001', outcome: 'REFUSED', findings: '拒绝提供账簿' }],
      },
    })
    expect(w.find('[data-testid="inspection-status"]').text()).toBe('已检查')
  })

  it('asks before publishing that a published result cannot change, and shows the server’s message on failure', async () => {
    await loginAs('CLERK', 'SCJG')
    const entered = result({ status: 'ENTERED', publishedAt: null })
    stubServer({
      Inspection: { inspection: makeDetail({ status: 'ENTERED', currentResult: entered, results: [entered] }) }, InspectionTask: { task },
      PublishInspectionResult: new Error('该户检查当前为"已录入"，不能公示'),
    })
    await mountDetail()
    buttons(document.querySelector('.inspection-detail__actions')!, '公示')[0]!.click()
    await settle()
    const box = document.querySelector('.el-message-box')!
    expect(box.textContent).toContain('不能再修改')
    buttons(box, '公示')[0]!.click()
    await settle()
    expect(document.querySelector('.inspection-detail__error')!.textContent).toContain('该户检查当前为"已录入"，不能公示')
  })

  it('publishes after confirmation', async () => {
    await loginAs('CLERK', 'SCJG')
    const entered = result({ status: 'ENTERED', publishedAt: null })
    const calls = stubServer({
      Inspection: { inspection: makeDetail({ status: 'ENTERED', currentResult: entered, results: [entered] }) }, InspectionTask: { task },
      PublishInspectionResult: { publishInspectionResult: makeDetail({ status: 'PUBLISHED', currentResult: v1, results: [v1] }) },
    })
    const w = await mountDetail()
    buttons(document.querySelector('.inspection-detail__actions')!, '公示')[0]!.click()
    await settle()
    buttons(document.querySelector('.el-message-box')!, '公示')[0]!.click()
    await settle()
    expect(calls.find((c) => c.name === 'PublishInspectionResult')!.variables).toEqual({ id: '11' })
    expect(w.find('[data-testid="inspection-status"]').text()).toBe('已公示')
    expect(actionLabels()).toEqual([])
  })

  it('requires a reason for a correction, prefilled from the current result, and explains the new version', async () => {
    await loginAs('DEPT_HEAD', 'SCJG')
    const calls = stubServer({
      Inspection: { inspection: makeDetail({ status: 'PUBLISHED', currentResult: v1, results: [v1] }) }, InspectionTask: { task },
      CorrectInspectionResult: { correctInspectionResult: published },
    })
    const w = await mountDetail()
    buttons(document.querySelector('.inspection-detail__actions')!, '更正')[0]!.click()
    await settle()
    const form = dialog()
    expect(form.textContent).toContain('将生成第 2 版并立即公示')
    expect(form.textContent).toContain('原版本在“结果版本”中保留可查')
    // Prefilled: the signatory and both items' outcomes.
    expect((form.querySelector('input[placeholder="检查对象签字人姓名（仅工作人员可见）"]') as HTMLInputElement).value).toBe('王小明')
    buttons(form, '签批更正')[0]!.click()
    await settle()
    expect(problem()).toContain('更正须说明理由')
    expect(calls.some((c) => c.name === 'CorrectInspectionResult')).toBe(false)

    const reason = form.querySelector('textarea[placeholder="说明更正的原因（记入操作留痕，向社会公示）"]') as HTMLTextAreaElement
    reason.value = '复核发现漏记问题'
    reason.dispatchEvent(new Event('input'))
    await settle()
    buttons(form, '签批更正')[0]!.click()
    await settle()
    const call = calls.find((c) => c.name === 'CorrectInspectionResult')!
    expect(call.variables).toMatchObject({
      id: '11', reason: '复核发现漏记问题',
      input: { visitDate: '2026-03-10', method: 'ONSITE', signedBy: '王小明', items: [{ item: 'SCJG-001', outcome: 'NO_PROBLEM' }, { item: 'SW-001', outcome: 'NO_PROBLEM' }] },
    })
    expect(w.find('[data-testid="inspection-corrected"]').text()).toBe('已更正')
    expect(w.find('[data-testid="result-version"]').text()).toBe('第 2 版')
  })

  it('lets another department’s head change only its own items in a correction', async () => {
    await loginAs('DEPT_HEAD', 'SW')
    stubServer({ Inspection: { inspection: makeDetail({ status: 'PUBLISHED', currentResult: v1, results: [v1] }) }, InspectionTask: { task } })
    await mountDetail()
    buttons(document.querySelector('.inspection-detail__actions')!, '更正')[0]!.click()
    await settle()
    const form = dialog()
    expect(form.textContent).toContain('您只能更正本部门（SW）事项的结果')
    const rows = form.querySelectorAll('.result-form__item')
    expect(rows[0]!.classList.contains('result-form__item--locked')).toBe(true)
    expect((rows[0]!.querySelector('textarea') as HTMLTextAreaElement).disabled).toBe(true)
    expect((rows[1]!.querySelector('textarea') as HTMLTextAreaElement).disabled).toBe(false)
  })

  it('shows staff the follow-ups, the archive and a link to the subject’s profile; the public none of them', async () => {
    stubServer({ Inspection: { inspection: published }, InspectionTask: { task } })
    const pub = await mountDetail()
    expect(pub.find('.follow-ups-panel').exists()).toBe(false)
    expect(pub.find('.archive-panel').exists()).toBe(false)
    expect(pub.find('[data-testid="profile-link"]').exists()).toBe(false)
    pub.unmount()
    await loginAs('CLERK', 'SW')
    stubServer({ Inspection: { inspection: published }, InspectionTask: { task }, FollowUps: { followUps: [] }, InspectionAttachments: { inspection: { attachments: [] } } })
    const staff = await mountDetail()
    expect(staff.find('.follow-ups-panel').exists()).toBe(true)
    expect(staff.find('[data-testid="open-follow-up"]').exists()).toBe(true) // the current result found a problem
    expect(staff.find('.archive-panel input[type="file"]').exists()).toBe(true)
    expect(staff.find('[data-testid="profile-link"]').attributes('href')).toBe('/recognition?subject=91370305MA0000001X')
  })

  it('says so when the inspection does not exist or is not public', async () => {
    stubServer({ Inspection: { inspection: null } })
    const w = await mountDetail()
    expect(w.text()).toContain('未找到该户检查')
  })
})
