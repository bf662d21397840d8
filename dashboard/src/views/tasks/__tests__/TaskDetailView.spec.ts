// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import type { Inspection, Task } from '../../../graphql/types'
import { session } from '../../../stores/session'
import TaskDetailView from '../TaskDetailView.vue'

const CODE = '2026-LZ-0001'
const pageInfo = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }
const department = (code: string, name: string) => ({ code, name, shortName: name })
const HASH = 'ab'.repeat(32)

async function sha256Hex(s: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}

const draw = {
  attempt: 1, manifestHash: HASH, outcome: 'DRAWN', seed: 'cd'.repeat(32), error: null,
  frozenAt: '2026-03-02T01:00:00Z', drawnAt: '2026-03-03T01:00:00Z',
  candidateCount: 37, excludedCount: 3, rosterCount: 7, conflictCount: 1, maxPerInspector: 8,
  strata: [{ stratum: 'A', candidates: 7, quota: 1, ratio: '0.1' }, { stratum: 'U', candidates: 30, quota: 6, ratio: '0.2' }],
  manifestJson: '{\n  "algorithm": "jointcheck-draw/1"\n}', bundleUrl: `/downloads/tasks/${CODE}/draws/1/bundle.zip`,
}

function makeTask(over: Partial<Task> = {}): Task {
  return {
    id: '1', code: CODE, year: 2026, name: '食品生产企业与纳税人联合抽查', kind: 'ROUTINE', joint: true, status: 'DRAWN',
    departments: ['SCJG', 'SW'], windowFrom: '2026-01-01', windowTo: '2026-12-31', attempt: 1,
    items: [
      { id: '1', code: 'SCJG-001', version: 1, category: 'KEY', content: '食品生产许可条件', subjectType: '食品生产企业', department: department('SCJG', '市场监管') },
      { id: '2', code: 'SW-001', version: 1, category: 'GENERAL', content: '发票管理', subjectType: '纳税人', department: department('SW', '税务') },
    ],
    scopeLibraries: ['SCJG'], scopeRegions: [], scopeIndustries: [], scopeKinds: [], scopeGrades: [], scopeSubjects: [],
    quotaRule: [{ grade: 'A', ratio: '0.1', count: null }, { grade: 'B', ratio: '0.2', count: null }],
    teamSizes: [{ department: 'SCJG', inspectors: 2 }, { department: 'SW', inspectors: 1 }],
    maxPerInspector: null, recognitionDays: 180, yearlyCap: 2, publicInputExpected: false, publicInput: null,
    reason: null, cancelReason: null, createdAt: '2026-03-01T01:00:00Z', frozenAt: '2026-03-02T01:00:00Z',
    drawnAt: '2026-03-03T01:00:00Z', startedAt: null, completedAt: null, closedAt: null,
    participants: [
      { departmentCode: 'SCJG', departmentName: '区市场监管局', lead: true, status: 'CONFIRMED', decidedAt: null, declineReason: null, commitment: 'e1'.repeat(32), revealed: true },
      { departmentCode: 'SW', departmentName: '区税务局', lead: false, status: 'CONFIRMED', decidedAt: null, declineReason: null, commitment: 'e2'.repeat(32), revealed: true },
    ],
    currentDraw: draw as Task['currentDraw'], draws: [draw as Task['draws'][number]], replacements: [],
    ...over,
  }
}

const inspections: Inspection[] = [
  {
    id: '11', seq: 1, subjectKey: '91370305MA0000001X', subjectName: '淄博甲食品有限公司', stratum: 'A', ticket: '0f'.repeat(32),
    status: 'ASSIGNED', checkedOn: null,
    team: [
      { inspectorKey: 'SC01', inspectorName: null, departmentCode: 'SCJG', leader: true, ticket: '01'.repeat(32), active: true },
      { inspectorKey: 'SC03', inspectorName: null, departmentCode: 'SCJG', leader: false, ticket: '02'.repeat(32), active: true },
      { inspectorKey: 'SW01', inspectorName: null, departmentCode: 'SW', leader: false, ticket: '03'.repeat(32), active: false },
      { inspectorKey: 'SW02', inspectorName: null, departmentCode: 'SW', leader: false, ticket: null, active: true },
    ],
  },
]

interface Call {
  name: string
  query: string
  variables: Record<string, unknown>
}

/** The network boundary: answers by operation name; `answers` may be functions of the variables. */
function stubServer(answers: Record<string, unknown | ((v: Record<string, unknown>) => unknown)>) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as { query: string; variables: Record<string, unknown> }
      const name = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? ''
      calls.push({ name, ...body })
      const answer = answers[name]
      const value = typeof answer === 'function' ? (answer as (v: Record<string, unknown>) => unknown)(body.variables) : answer
      const payload = value instanceof Error ? { errors: [{ message: value.message, extensions: { code: 'BAD_USER_INPUT' } }] } : { data: value ?? null }
      return new Response(JSON.stringify(payload), { headers: { 'Content-Type': 'application/json' } })
    }),
  )
  return calls
}

const departments = { departments: { totalCount: 2, pageInfo, nodes: [
  { ...department('SCJG', '区市场监管局'), shortName: '市场监管', kind: 'MARKET_REGULATION', member: true, active: true, itemCount: 1, inspectorCount: 1, librarySize: 1 },
  { ...department('SW', '区税务局'), shortName: '税务', kind: 'TAX', member: true, active: true, itemCount: 1, inspectorCount: 1, librarySize: 1 },
] } }

async function loginAs(role: string, dept: string) {
  stubServer({ Login: { login: { token: 't', user: { username: 'u', displayName: '测试', role, department: department(dept, dept) } } } })
  await session.login('u', 'demo')
}

let wrapper: VueWrapper | null = null
async function mountTask() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/tasks', name: 'tasks', component: { render: () => null } },
      { path: '/tasks/:code', name: 'task', component: TaskDetailView },
      { path: '/verify', name: 'verify', component: { render: () => null } },
      { path: '/inspections/:id', name: 'inspection', component: { render: () => null } },
    ],
  })
  await router.push(`/tasks/${CODE}`)
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

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('task detail page', () => {
  it('shows a drawn task to the public: facts, participants, the draw with its bundle, the inspections and teams', async () => {
    stubServer({ Task: { task: makeTask() }, TaskInspections: { task: { inspections: { totalCount: 1, pageInfo, nodes: inspections } } }, Departments: departments })
    const w = await mountTask()
    const text = w.text()
    expect(text).toContain('食品生产企业与纳税人联合抽查')
    expect(w.find('[data-testid="task-status"]').text()).toBe('已抽取')
    for (const s of ['SCJG-001', '食品生产许可条件', 'A：0.1', '180 天', '每户每年 2 次', '冻结时按工作量计算']) expect(text).toContain(s)
    // Participants: commitments submitted and revealed; no actions for the public.
    expect(w.findAll('.participants .el-table__body tr')).toHaveLength(2)
    expect(text).toContain('已揭示')
    expect(buttons(document.body, '冻结')).toHaveLength(0)
    // The draw: hash, counts, strata, downloads.
    expect(w.find('[data-testid="manifest-hash"]').text()).toBe(HASH)
    const links = w.findAll('.draw-summary__downloads a').map((a) => a.attributes('href'))
    expect(links).toEqual([`/downloads/tasks/${CODE}/draws/1/bundle.zip`, `/downloads/tasks/${CODE}/draws/1/bundle.tar`])
    expect(text).toContain('npx jointcheck verify bundle.zip')
    // Inspections: the subject, a shortened ticket, the leader, the replaced member struck through.
    const row = w.find('.inspections__table .el-table__body tr')
    expect(row.text()).toContain('淄博甲食品有限公司')
    expect(row.text()).toContain('0f0f0f0f0f0f…')
    expect(row.text()).toContain('组长')
    expect(row.find('s').text()).toBe('SW01')
    const hrefs = row.findAll('a').map((a) => a.attributes('href'))
    expect(hrefs).toContain(`/verify?task=${CODE}&subject=91370305MA0000001X`)
    // The subject and 查看 open the inspection page.
    expect(row.find('[data-testid="inspection-link"]').attributes('href')).toBe('/inspections/11')
    expect(hrefs.filter((h) => h === '/inspections/11')).toHaveLength(2)
    expect(w.findAll('a').some((a) => a.attributes('href') === `/verify?task=${CODE}`)).toBe(true)
  })

  it('offers a participating department 确认参加 / 拒绝参加 for its own row only, and sends its department', async () => {
    await loginAs('CLERK', 'SW')
    const created = makeTask({
      status: 'CREATED', attempt: 0, frozenAt: null, drawnAt: null, currentDraw: null, draws: [],
      participants: [
        { ...makeTask().participants[0]!, commitment: null, revealed: false },
        { ...makeTask().participants[1]!, status: 'PENDING', commitment: null, revealed: false },
      ],
    })
    const confirmed = makeTask({ ...created, participants: [created.participants[0]!, { ...created.participants[1]!, status: 'CONFIRMED' }] })
    const calls = stubServer({ Task: { task: created }, TaskInspections: { task: { inspections: { totalCount: 0, pageInfo, nodes: [] } } }, Departments: departments, ConfirmTask: { confirmTask: confirmed } })
    const w = await mountTask()
    const rows = w.findAll('.participants .el-table__body tr')
    expect(rows[0]!.findAll('button')).toHaveLength(0)
    expect(rows[1]!.findAll('button').map((b) => b.text())).toEqual(['确认参加', '拒绝参加'])
    expect(buttons(document.body, '冻结')).toHaveLength(0) // not the lead
    await rows[1]!.findAll('button')[0]!.trigger('click')
    await settle()
    expect(calls.find((c) => c.name === 'ConfirmTask')!.variables).toEqual({ code: CODE, department: 'SW' })
    expect(w.findAll('.participants .el-table__body tr')[1]!.findAll('button').map((b) => b.text())).toEqual(['提交承诺值', '拒绝参加'])
  })

  it('generates the secret in the browser and submits only its SHA-256 commitment', async () => {
    await loginAs('CLERK', 'SCJG')
    const created = makeTask({
      status: 'CREATED', attempt: 0, frozenAt: null, drawnAt: null, currentDraw: null, draws: [],
      participants: [{ ...makeTask().participants[0]!, commitment: null, revealed: false }],
    })
    const calls = stubServer({
      Task: { task: created }, TaskInspections: { task: { inspections: { totalCount: 0, pageInfo, nodes: [] } } }, Departments: departments,
      SubmitTaskCommitment: (v: Record<string, unknown>) => ({ submitTaskCommitment: { ...created, participants: [{ ...created.participants[0]!, commitment: v.commitment }] } }),
    })
    const w = await mountTask()
    await buttons(document.body, '提交承诺值')[0]!.click()
    await settle()
    const dialog = document.querySelector('.commitment-dialog')!
    const secret = (dialog.querySelector('input[data-testid="commit-secret"]') as HTMLInputElement).value
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    const expected = await sha256Hex(`${CODE}\nSCJG\n${secret}`)
    expect(dialog.querySelector('[data-testid="commit-commitment"]')!.textContent).toBe(expected)
    const submit = buttons(dialog.closest('.el-dialog')!, '提交承诺值')[0]!
    expect(submit.disabled).toBe(true) // until the secret is declared saved
    ;(dialog.querySelector('.commitment-dialog__saved input') as HTMLInputElement).click()
    await settle()
    expect(submit.disabled).toBe(false)
    submit.click()
    await settle()
    const call = calls.find((c) => c.name === 'SubmitTaskCommitment')!
    expect(call.variables).toEqual({ code: CODE, department: 'SCJG', commitment: expected })
    expect(JSON.stringify(calls)).not.toContain(secret) // the secret never went to the server
    expect(w.find('.participants').text()).toContain('已提交')
  })

  it('shows the lead department its actions for the status, and the server’s message when one fails', async () => {
    await loginAs('CLERK', 'SCJG')
    const created = makeTask({ status: 'CREATED', attempt: 0, frozenAt: null, drawnAt: null, currentDraw: null, draws: [] })
    stubServer({
      Task: { task: created }, TaskInspections: { task: { inspections: { totalCount: 0, pageInfo, nodes: [] } } }, Departments: departments,
      FreezeTask: new Error('以下部门尚未提交随机数承诺值：SCJG、SW'),
    })
    await mountTask()
    expect(buttons(document.querySelector('.task-detail__actions')!, '冻结')).toHaveLength(1)
    expect(buttons(document.querySelector('.task-detail__actions')!, '取消任务')).toHaveLength(1)
    expect(buttons(document.body, '抽取')).toHaveLength(0)
    buttons(document.querySelector('.task-detail__actions')!, '冻结')[0]!.click()
    await settle()
    const box = document.querySelector('.el-message-box')!
    expect(box.textContent).toContain('冻结将按当前条件生成')
    buttons(box, '冻结')[0]!.click()
    await settle()
    expect(document.querySelector('.task-detail__status .el-alert--error')!.textContent).toContain('以下部门尚未提交随机数承诺值：SCJG、SW')
  })

  it('says so when the task does not exist or is not public yet', async () => {
    stubServer({ Task: { task: null }, Departments: departments })
    const w = await mountTask()
    expect(w.text()).toContain('未找到该任务')
  })
})
