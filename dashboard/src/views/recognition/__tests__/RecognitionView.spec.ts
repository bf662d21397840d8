// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { answerPrompt, buttons, loginAs, ServerError, settle, stubServer } from '../../../__tests__/fakeServer'
import type { PublishedItemResult, SubjectProfile } from '../../../graphql/types'
import { session } from '../../../stores/session'
import RecognitionView from '../index.vue'

const KEY = '91370305MA0000001X'
const pageInfo = { hasNextPage: true, hasPreviousPage: false, startCursor: 'c1', endCursor: 'c2' }

const published = (over: Partial<PublishedItemResult>): PublishedItemResult => ({
  id: '1', inspectionId: '11', resultVersion: 2, corrected: true, taskCode: '2026-LZ-0001', joint: true, subjectKey: KEY, subjectName: '淄博甲商贸有限公司',
  regionCode: '370305', industryCode: 'F5212', visitDate: '2026-03-10', publishedAt: '2026-03-12T02:00:00Z', itemCode: 'SCJG-001', itemVersion: 2,
  itemContent: '年度报告公示信息', departmentCode: 'SCJG', outcome: 'PROBLEM_CORRECTED', findings: null, confidential: true, ...over,
})
const scjgRow = published({})
const swRow = published({ id: '2', itemCode: 'SW-001', itemVersion: 1, itemContent: '发票管理', departmentCode: 'SW', outcome: 'NO_PROBLEM', corrected: false, confidential: false, findings: '未发现问题' })

const profile: SubjectProfile = {
  key: KEY, uscc: KEY, name: '淄博甲商贸有限公司', kind: 'ENTERPRISE', regionCode: '370305', regionName: '临淄区', industryCode: 'F5212', industryName: '百货零售',
  businessScope: null, address: '临淄区大顺路 1 号', status: 'ACTIVE', riskGrade: 'B', tags: [], operatorName: '王小明', departments: [{ code: 'SCJG', name: '市场监督管理局', shortName: '市场监管' }],
  inspectionsThisYear: 2,
  lastChecks: [
    { itemCode: 'SCJG-001', departmentCode: 'SCJG', visitDate: '2026-03-10', outcome: 'PROBLEM_CORRECTED', taskCode: '2026-LZ-0001' },
    { itemCode: 'SW-001', departmentCode: 'SW', visitDate: '2026-03-10', outcome: 'NO_PROBLEM', taskCode: '2026-LZ-0001' },
  ],
  publishedResults: [scjgRow, swRow],
  followUps: [{
    id: '7', inspectionId: '11', subjectKey: KEY, subjectName: '淄博甲商贸有限公司', kind: 'TRANSFER', status: 'OPEN', departmentCode: 'SCJG', targetDepartmentCode: 'WJ',
    description: '移交卫健部门', openedOn: '2026-03-12', dueOn: '2026-04-09', overdue: true, acceptedAt: null, acceptedBy: null, closedOn: null, decision: null,
  }],
  leads: [{
    id: '5', departmentCode: 'SCJG', subjectKey: KEY, subjectName: '淄博甲商贸有限公司', source: 'HOTLINE_12345', reference: '12345-1', receivedOn: '2026-02-01',
    problem: '年报信息不实', description: '举报年报信息与实际不符', status: 'IN_TASK', handledOn: null, resolution: null, taskCode: '2026-LZ-0001',
  }],
}

const results = { publishedResults: { totalCount: 2, pageInfo, nodes: [scjgRow, swRow] } }

let wrapper: VueWrapper | null = null
let router: Router
async function mountAt(path: string) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/recognition', name: 'recognition', component: RecognitionView },
      { path: '/inspections/:id', name: 'inspection', component: { render: () => null } },
      { path: '/tasks/:code', name: 'task', component: { render: () => null } },
    ],
  })
  await router.push(path)
  await router.isReady()
  wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle()
  return wrapper
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  sessionStorage.clear()
  document.body.innerHTML = ''
})

const profileRows = () => [...document.querySelectorAll('.subject-profile__results .el-table__body tr')] as HTMLElement[]

describe('互认查询: the subject profile', { timeout: 30_000 }, () => {
  it('shows facts, inspections this year, the last check per item, every department’s results, follow-ups and leads', async () => {
    await loginAs('CLERK', 'SW')
    const { calls } = stubServer({ SubjectProfile: { subject: profile }, PublishedResults: results })
    const w = await mountAt(`/recognition?subject=${KEY}`)
    expect(calls.find((c) => c.name === 'SubjectProfile')!.variables).toEqual({ key: KEY })
    const text = w.find('.subject-profile').text()
    for (const s of ['淄博甲商贸有限公司', KEY, '临淄区', '百货零售', '王小明', '临淄区大顺路 1 号', '市场监管']) expect(text).toContain(s)
    expect(w.find('[data-testid="inspections-this-year"]').text()).toBe('2 次（全部门合计）')
    // Last checks: one row per item, the content taken from the published results.
    const last = w.find('.subject-profile__last').text()
    expect(last).toContain('SCJG-001')
    expect(last).toContain('年度报告公示信息')
    expect(last).toContain('发现问题已责令改正')
    // Published results: outcome tags, 已更正, withheld findings, a link to the inspection.
    const rows = profileRows()
    expect(rows).toHaveLength(2)
    expect(rows[0]!.querySelector('[data-testid="profile-outcome"]')!.textContent).toContain('发现问题已责令改正')
    expect(rows[0]!.querySelector('[data-testid="profile-corrected"]')!.textContent).toContain('已更正')
    expect(rows[0]!.textContent).toContain('涉及商业秘密或个人隐私，不予公示')
    expect(rows[1]!.querySelector('[data-testid="profile-corrected"]')).toBeNull()
    expect(rows[0]!.querySelector('[data-testid="profile-inspection"]')!.getAttribute('href')).toBe('/inspections/11')
    // SW may recognise SCJG's result, not its own.
    expect(rows[0]!.querySelector('[data-testid="recognize"]')).not.toBeNull()
    expect(rows[1]!.querySelector('[data-testid="recognize"]')).toBeNull()
    expect(rows[1]!.textContent).toContain('本部门结果')
    // Follow-ups (逾期) and leads, for staff.
    expect(text).toContain('移交主管部门')
    expect(w.find('.subject-profile [data-testid="follow-up-overdue"]').exists()).toBe(true)
    expect(text).toContain('年报信息不实')
    expect(text).toContain('专项检查 2026-LZ-0001')
  })

  it('records a recognition for the user’s own department, with an optional note', async () => {
    await loginAs('CLERK', 'SW')
    const { calls } = stubServer({
      SubjectProfile: { subject: profile }, PublishedResults: results,
      RecordRecognition: { recordRecognition: { id: '1', departmentCode: 'SW', itemCode: 'SCJG-001', recognizedBy: 'sw-clerk', recognizedAt: '2026-03-20T01:00:00Z' } },
    })
    await mountAt(`/recognition?subject=${KEY}`)
    ;(profileRows()[0]!.querySelector('[data-testid="recognize"]') as HTMLButtonElement).click()
    await settle()
    expect(document.querySelector('.el-message-box')!.textContent).toContain('将采信 市场监管 于 2026-03-10 对事项 SCJG-001 的已公示检查结果')
    await answerPrompt('复用市场监管的年报检查结论', '采信（互认）')
    expect(calls.find((c) => c.name === 'RecordRecognition')!.variables).toEqual({ inspection: '11', item: 'SCJG-001', department: 'SW', note: '复用市场监管的年报检查结论' })
    expect(profileRows()[0]!.querySelector('[data-testid="recognized"]')!.textContent).toContain('已采信')
    expect(profileRows()[0]!.querySelector('[data-testid="recognize"]')).toBeNull()
  })

  it('shows the server’s refusal, and treats an earlier recognition as done', async () => {
    await loginAs('CLERK', 'SW')
    stubServer({ SubjectProfile: { subject: profile }, PublishedResults: results, RecordRecognition: new ServerError('SW 已采信该结果的事项 SCJG-001', 'CONFLICT') })
    await mountAt(`/recognition?subject=${KEY}`)
    ;(profileRows()[0]!.querySelector('[data-testid="recognize"]') as HTMLButtonElement).click()
    await settle()
    await answerPrompt('', '采信（互认）')
    expect(document.querySelector('[data-testid="recognition-error"]')!.textContent).toContain('SW 已采信该结果的事项 SCJG-001')
    expect(document.querySelector('[data-testid="recognition-error"]')!.textContent).toContain('CONFLICT')
    expect(profileRows()[0]!.querySelector('[data-testid="recognized"]')).not.toBeNull()
  })

  it('offers no recognition to roles that write nothing', async () => {
    await loginAs('LEADER', null)
    stubServer({ SubjectProfile: { subject: profile }, PublishedResults: results })
    await mountAt(`/recognition?subject=${KEY}`)
    expect(document.querySelectorAll('[data-testid="recognize"]')).toHaveLength(0)
    expect(document.body.textContent).toContain('当前账号不属于具体部门，不能记录互认')
  })

  it('says so when no subject has the key', async () => {
    await loginAs('CLERK', 'SW')
    stubServer({ SubjectProfile: { subject: null }, PublishedResults: results })
    const w = await mountAt('/recognition?subject=NOPE')
    expect(w.text()).toContain('没有主体标识为“NOPE”的检查对象')
  })
})

describe('互认查询: finding a subject and searching published results', { timeout: 30_000 }, () => {
  const subjectRow = (key: string, name: string) => ({ key, uscc: key, name, kind: 'ENTERPRISE', regionCode: '370305', regionName: '临淄区', industryCode: null, industryName: null, address: null, status: 'ACTIVE', riskGrade: 'B', departments: [] })

  it('lists the matches of a name and opens the profile picked', async () => {
    await loginAs('CLERK', 'SW')
    const { calls } = stubServer({
      Subjects: { subjects: { totalCount: 2, pageInfo, nodes: [subjectRow(KEY, '淄博甲商贸有限公司'), subjectRow('91370305MA0000002X', '淄博甲商贸二店')] } },
      SubjectProfile: { subject: profile }, PublishedResults: results,
    })
    const w = await mountAt('/recognition')
    buttons(document.body, '查询')[0]!.click()
    await settle()
    expect(w.text()).toContain('请输入统一社会信用代码、主体编号或名称')
    const input = document.querySelector('input[data-testid="recognition-find"]') as HTMLInputElement
    input.value = '甲商贸'
    input.dispatchEvent(new Event('input'))
    await settle()
    buttons(document.body, '查询')[0]!.click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ find: '甲商贸' })
    expect(calls.find((c) => c.name === 'Subjects')!.variables).toMatchObject({ first: 10, filter: { search: '甲商贸' } })
    expect(w.text()).toContain('找到 2 个检查对象，请选择')
    ;(document.querySelectorAll('[data-testid="pick-subject"]')[0] as HTMLButtonElement).click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ find: '甲商贸', subject: KEY })
    expect(w.find('[data-testid="profile-name"]').text()).toBe('淄博甲商贸有限公司')
    // 关闭档案 goes back to the list without reopening it.
    buttons(document.body, '关闭档案')[0]!.click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ find: '甲商贸' })
    expect(w.find('.subject-profile').exists()).toBe(false)
    expect(w.text()).toContain('找到 2 个检查对象')
  })

  it('opens the profile at once when the search is a subject’s key', async () => {
    await loginAs('CLERK', 'SW')
    stubServer({ Subjects: { subjects: { totalCount: 1, pageInfo, nodes: [subjectRow(KEY, '淄博甲商贸有限公司')] } }, SubjectProfile: { subject: profile }, PublishedResults: results })
    const w = await mountAt(`/recognition?find=${KEY.toLowerCase()}`)
    expect(router.currentRoute.value.query.subject).toBe(KEY)
    expect(w.find('[data-testid="profile-name"]').text()).toBe('淄博甲商贸有限公司')
  })

  it('searches published results by the filters in the URL, pages forward, and resets paging on a new filter', async () => {
    await loginAs('CLERK', 'SW')
    const { calls } = stubServer({ PublishedResults: results })
    const w = await mountAt('/recognition?item=SCJG-001&outcome=PROBLEM_CORRECTED&region=3703&industry=F52&from=2026-01-01&to=2026-06-30&department=SCJG')
    const search = () => calls.filter((c) => c.name === 'PublishedResults').at(-1)!.variables
    expect(search()).toEqual({
      first: 20,
      filter: { item: 'SCJG-001', department: 'SCJG', outcome: 'PROBLEM_CORRECTED', region: '3703', industry: 'F52', from: '2026-01-01', to: '2026-06-30' },
    })
    const table = w.find('.result-search__table').text()
    for (const s of ['淄博甲商贸有限公司', '2026-LZ-0001', '年度报告公示信息', '发现问题已责令改正', '已更正', '涉及商业秘密或个人隐私，不予公示']) expect(table).toContain(s)
    expect(w.findAll('[data-testid="result-inspection"]')[0]!.attributes('href')).toBe('/inspections/11')
    // 下一页, then a new filter: back to the first page.
    buttons(document.body, '下一页')[0]!.click()
    await settle()
    expect(search()).toMatchObject({ after: 'c2' })
    expect(router.currentRoute.value.query.page).toBe('2')
    w.findAllComponents({ name: 'ElSelect' }).find((c) => c.props('placeholder') === '检查结果')!.vm.$emit('update:modelValue', 'REFUSED')
    await settle()
    expect(router.currentRoute.value.query.after).toBeUndefined()
    expect(router.currentRoute.value.query.page).toBeUndefined()
    expect(search()).toMatchObject({ filter: { outcome: 'REFUSED' } })
    expect(search().after).toBeUndefined()
    // A subject of the results opens its profile.
    stubServer({ PublishedResults: results, SubjectProfile: { subject: profile } })
    ;(document.querySelector('[data-testid="result-subject"]') as HTMLElement).click()
    await settle()
    expect(router.currentRoute.value.query.subject).toBe(KEY)
  })

  it('shows the server’s message for a bad filter', async () => {
    await loginAs('CLERK', 'SW')
    stubServer({ PublishedResults: new ServerError('日期"2026-13-01"应为 YYYY-MM-DD') })
    const w = await mountAt('/recognition?from=2026-13-01')
    expect(w.text()).toContain('日期"2026-13-01"应为 YYYY-MM-DD')
  })
})
