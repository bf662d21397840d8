// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import App from '../App.vue'
import { createAppRouter } from '../router'
import { session } from '../stores/session'
import { buttons, settle, type } from './fakeServer'

// happy-dom has no canvas 2D context; the chart wrapper is exercised, ECharts itself is not.
vi.mock('../charts/register', () => ({
  palette: [],
  echarts: { init: () => ({ setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn(), on: vi.fn() }) },
}))

const pageInfo = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }
const department = { code: 'SCJG', name: '市场监督管理局', shortName: '市场监管' }
const item = {
  id: '1', code: 'SCJG-001', version: 2, department, category: 'KEY', legalBasis: '《食品安全法》第八十七条',
  subjectType: '食品生产企业', content: '食品生产许可情况', methods: ['ONSITE', 'DOCUMENT'], ratio: 0.05,
  frequencyPerYear: 1, effectiveFrom: '2025-01-01', effectiveTo: null, active: true, current: true,
}

/** Answers every foundation operation with one plausible row, by operation name. */
const answers: Record<string, unknown> = {
  Login: { login: { token: 't', user: { username: 'admin', displayName: '管理员', role: 'ADMIN', department, mustChangePassword: false } } },
  Me: { me: { username: 'admin', displayName: '管理员', role: 'ADMIN', department, mustChangePassword: false } },
  Departments: {
    departments: {
      totalCount: 1, pageInfo,
      nodes: [{ ...department, kind: 'MARKET_REGULATION', member: true, active: true, itemCount: 12, inspectorCount: 40, librarySize: 5210 }],
    },
  },
  CheckItems: { checkItems: { totalCount: 1, pageInfo, nodes: [item] } },
  CheckItem: { checkItem: { ...item, versions: [item, { ...item, version: 1, current: false, effectiveTo: '2024-12-31' }] } },
  Subjects: { subjects: { totalCount: 0, pageInfo, nodes: [] } },
  Inspectors: {
    inspectors: {
      totalCount: 1, pageInfo,
      nodes: [{ key: 'I-1', name: '李四', department, kind: 'STAFF', status: 'ACTIVE', certificateValidFrom: '2024-01-01',
        certificateValidTo: '2020-12-31', certificateValid: false, qualifications: ['食品'], specialties: [], conflictCount: 0 }],
    },
    valid: { totalCount: 0 },
  },
  LibraryRules: { libraryRules: [] },
  OverdueInspections: { overdueInspections: [] },
  Inspection: {
    inspection: {
      id: '11', taskCode: '2026-LZ-0001', taskName: '食品生产企业联合抽查', joint: true, subjectKey: '91370305MA0000001X', subjectName: '淄博甲食品有限公司',
      stratum: 'A', status: 'ASSIGNED', notifiedAt: null, noticeMethod: null, noticeNote: null, checkedOn: null, dueOn: null, overdue: false, corrected: false,
      team: [], currentResult: null, results: [],
    },
  },
  InspectionTask: {
    task: { code: '2026-LZ-0001', name: '食品生产企业联合抽查', status: 'DRAWN', departments: ['SCJG', 'SW'], windowFrom: '2026-01-01', windowTo: '2026-12-31', items: [] },
  },
  AuditEvents: { auditEvents: { totalCount: 0, pageInfo, nodes: [] } },
  Backups: {
    backups: {
      directory: '/srv/jointcheck/.data/backups', keep: 7,
      files: [{ name: 'jointcheck-20261123-010000.tar.gz', bytes: 91_439_104, createdAt: '2026-11-22T17:00:09.000Z' }],
    },
  },
  CreateBackup: {
    createBackup: {
      file: { name: 'jointcheck-20261123-153000.tar.gz', bytes: 91_500_000, createdAt: '2026-11-23T07:30:12.000Z' },
      sha256: 'ab'.repeat(32), tables: 37, rows: 2_000_051, attachments: 3, missingAttachments: [], deleted: ['jointcheck-20261116-010000.tar.gz'], ms: 18_220,
    },
  },
  Accounts: {
    accounts: {
      totalCount: 3, pageInfo,
      nodes: [
        account({ username: 'admin', displayName: '管理员', role: 'ADMIN', lastLoginAt: '2026-11-23T01:00:00.000Z' }),
        account({ username: 'lisi', displayName: '李四', role: 'INSPECTOR', department: { code: 'SCJG', shortName: '市场监管' }, inspector: { key: 'I-1', name: '李四' },
          lockedUntil: '2099-06-01T12:00:00.000Z', mustChangePassword: true }),
        account({ username: 'zhaoliu', displayName: '赵六', role: 'CLERK', department: { code: 'SCJG', shortName: '市场监管' }, active: false }),
      ],
    },
  },
  CreateAccount: (v: { input: { username: string; displayName: string } }) => ({
    createAccount: { account: account({ ...v.input, department: { code: 'SCJG', shortName: '市场监管' } }), temporaryPassword: 'Kp7mWq3xRt9z' },
  }),
  ResetPassword: (v: { username: string; password?: string }) => ({
    resetPassword: { account: account({ username: v.username, displayName: '李四' }), temporaryPassword: v.password ? null : 'Zt4nHb8cVw2k' },
  }),
  UnlockAccount: (v: { username: string }) => ({ unlockAccount: account({ username: v.username }) }),
  UpdateAccount: (v: { username: string }) => ({ updateAccount: account({ username: v.username }) }),
  ChangePassword: { changePassword: { token: 't-new', user: { username: 'admin', displayName: '管理员', role: 'ADMIN', department, mustChangePassword: false } } },
  FollowUps: { followUps: [] },
  Leads: { leads: [] },
  InspectionAttachments: { inspection: { attachments: [] } },
  PublishedResults: { publishedResults: { totalCount: 0, pageInfo, nodes: [] } },
  Tasks: {
    tasks: {
      totalCount: 1, pageInfo,
      nodes: [{ id: '1', code: '2026-LZ-0001', year: 2026, name: '食品生产企业联合抽查', kind: 'ROUTINE', joint: true, status: 'FROZEN',
        departments: ['SCJG', 'SW'], windowFrom: '2026-01-01', windowTo: '2026-12-31', attempt: 1 }],
    },
  },
}

const share = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator ? numerator / denominator : null, target: 0.1 })
const metrics = {
  from: '2026-01', to: '2026-12', year: 2026, today: '2026-03-01', source: 'ROLLUP', tasks: 1, jointTasks: 1, inspections: 3, jointInspections: 3,
  published: 1, overdue: 0, recognitions: 0, jointShare: share(1, 1), jointShareByInspections: share(3, 3), itemCoverage: share(1, 1), uncoveredItems: [],
  departmentCoverage: share(1, 1), uncoveredDepartments: [], subjectCoverage: share(3, 5210), timeliness: share(1, 1), timelyEntry: share(1, 1),
  problemRate: share(0, 1), controlProblemRate: share(0, 0), followUpClosure: share(0, 0),
  grades: [{ grade: 'A', subjects: 5210, inspectedSubjects: 3, coverage: share(3, 5210), inspections: 3, published: 1, problemRate: share(0, 1), controlInspections: 0, controlProblemRate: share(0, 0) }],
  departmentScores: [{ department: 'SCJG', name: '市场监督管理局', score: 100, tasks: 1, jointTasks: 1, inspections: 3, components: [], deductions: [] }],
  monthly: [{ month: '2026-01', tasks: 1, jointTasks: 1, inspections: 3, jointInspections: 3, overdue: 0, jointShare: share(1, 1), jointShareByInspections: share(3, 3), timeliness: share(1, 1), problemRate: share(0, 1) }],
  departmentMonthly: [{ department: 'SCJG', month: '2026-01', tasks: 1, jointTasks: 1 }],
}
Object.assign(answers, {
  CockpitMetrics: { metrics },
  CoordinationMetrics: { metrics },
  PlanFilingStatus: { planFilingStatus: [{ departmentCode: 'SCJG', departmentName: '市场监督管理局', status: 'FILED', filedAt: '2026-01-06T02:20:00Z', filedLate: false, taskCount: 7 }] },
  PlanDetail: { plan: null },
  CoverageItems: { checkItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ code: item.code, content: item.content, category: item.category, department }] } },
  JointTasksUnderWay: { created: { nodes: [] }, frozen: { nodes: [] }, drawn: { nodes: [] }, inProgress: { nodes: [] } },
})

function account(over: Record<string, unknown>) {
  return {
    username: 'u', displayName: '用户', role: 'CLERK', active: true, mustChangePassword: false, lockedUntil: null, lastLoginAt: null,
    passwordChangedAt: null, createdAt: '2026-11-01T00:00:00.000Z', department: null, inspector: null, ...over,
  }
}

const errors: string[] = []
/** The GraphQL operations the pages sent, by name, with their variables. */
const calls: { name: string; variables: Record<string, unknown> }[] = []

function show(value: unknown): string {
  try {
    return typeof value === 'string' ? value : value instanceof Error ? `${value.message}\n${value.stack}` : JSON.stringify(value) ?? String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

beforeAll(async () => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init?: RequestInit) => {
      // Plain HTTP (open data): an empty index.
      if (!init?.body) return new Response(JSON.stringify({ files: [], columns: [], encoding: '' }), { headers: { 'Content-Type': 'application/json' } })
      const { query, variables } = JSON.parse(init.body as string) as { query: string; variables: Record<string, unknown> }
      const name = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? ''
      calls.push({ name, variables })
      const answer = answers[name]
      const data = typeof answer === 'function' ? (answer as (v: Record<string, unknown>) => unknown)(variables) : answer
      return new Response(JSON.stringify({ data: data ?? null }), { headers: { 'Content-Type': 'application/json' } })
    }),
  )
  const record = (...args: unknown[]) => errors.push(args.map(show).join(' '))
  vi.spyOn(console, 'warn').mockImplementation(record)
  vi.spyOn(console, 'error').mockImplementation(record)
  await session.login('admin', 'demo')
})

afterAll(() => {
  session.logout()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const pages: [string, string][] = [
  ['/cockpit', '联合抽查占比（按任务）'],
  ['/coordination', '年度抽查计划备案'],
  ['/workspace', '部门工作台'],
  ['/workspace/library-rules', '分库规则'],
  ['/plans', '计划备案情况'],
  ['/plans?joint=1', '尚未编制'],
  ['/departments', '市场监督管理局'],
  ['/items?item=SCJG-001', '食品生产许可情况'],
  ['/subjects', '暂无数据'],
  ['/inspectors', '已过期'],
  ['/import', '下载模板'],
  ['/recognition', '互认查询'],
  ['/public', '公示'],
  ['/public?tab=data', '数据字典'],
  ['/public?tab=results', '各部门已公示的检查结果'],
  ['/tasks', '食品生产企业联合抽查'],
  ['/verify', '抽取验证'],
  ['/inspections/11', '淄博甲食品有限公司'],
  ['/audit', '操作留痕'],
  ['/backups', 'jointcheck-20261123-010000.tar.gz'],
  ['/accounts', 'zhaoliu'],
  ['/no-such-page', '页面不存在'],
]

let mounted: { unmount(): void } | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  // Drawers and dropdowns teleport to <body>; start the next page from a clean document.
  document.body.innerHTML = ''
})

describe('every page renders for a logged-in administrator', () => {
  it.each(pages)('%s', async (path, text) => {
    errors.length = 0
    const router = createAppRouter(createMemoryHistory())
    await router.push(path)
    const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    mounted = wrapper
    await flushPromises()
    await new Promise((r) => setTimeout(r, 20))
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe(path)
    expect(document.body.textContent).toContain(text)
    expect(wrapper.text()).toContain('部门联合双随机监管平台')
    expect(wrapper.text()).toContain('管理员')
    expect(errors).toEqual([])
  })
})

describe('backups', () => {
  it('lists the backups with the nightly setting, and 立即备份 reports the new one', async () => {
    errors.length = 0
    const router = createAppRouter(createMemoryHistory())
    await router.push('/backups')
    mounted = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    await flushPromises()
    const page = () => document.querySelector('.app-main, main')?.textContent ?? document.body.textContent!
    expect(page()).toContain('每晚 1 时（中国时间），保留最近 7 份')
    expect(page()).toContain('/srv/jointcheck/.data/backups')
    expect(page()).toContain('87.2 MB')
    expect(page()).toContain('npx jointcheck restore 备份文件.tar.gz --replace')
    ;(document.querySelector('[data-test="backup-now"]') as HTMLButtonElement).click()
    await flushPromises()
    const report = document.querySelector('[data-test="backup-report"]')!.textContent!
    expect(report).toContain('备份完成：jointcheck-20261123-153000.tar.gz')
    expect(report).toContain('37 张表 2,000,051 行，附件 3 个')
    expect(report).toContain('用时 18.2 秒')
    expect(report).toContain('ab'.repeat(32))
    expect(report).toContain('已删除旧备份：jointcheck-20261116-010000.tar.gz')
    expect(errors).toEqual([])
  })
})

describe('用户管理', () => {
  const page = () => document.querySelector('.app-main')!
  const row = (username: string) => [...page().querySelectorAll('.el-table__body tr')].find((tr) => tr.textContent!.includes(username))!
  const box = () => document.querySelector('.el-message-box') as HTMLElement
  const sent = (name: string) => calls.filter((c) => c.name === name).map((c) => c.variables)

  async function open() {
    errors.length = 0
    calls.length = 0
    const router = createAppRouter(createMemoryHistory())
    await router.push('/accounts')
    const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    mounted = wrapper
    await settle()
    return wrapper
  }

  it('lists the accounts with role, department, roster link, status and last sign-in', async () => {
    await open()
    expect(document.querySelector('.app-menu')!.textContent).toContain('用户管理')
    const lisi = row('lisi').textContent!
    for (const text of ['李四', '执法检查人员', '市场监管', 'I-1', '锁定至 2099-06-01', '须修改密码', '从未登录', '解锁', '停用']) expect(lisi).toContain(text)
    expect(row('zhaoliu').textContent).toContain('停用')
    expect(buttons(row('zhaoliu'), '启用')).toHaveLength(1)
    expect(buttons(row('zhaoliu'), '解锁')).toHaveLength(0)
    expect(row('admin').textContent).toContain('正常')
    // Nobody deactivates their own account.
    expect(buttons(row('admin'), '停用')).toHaveLength(0)
    expect(sent('Accounts')).toEqual([{ first: 20, filter: {} }])
    expect(errors).toEqual([])
  })

  it('新建账号 guides the form, sends createAccount and shows the generated password once', async () => {
    const wrapper = await open()
    buttons(page(), '新建账号')[0]!.click()
    await settle()
    const dialog = document.querySelector('.account-dialog') as HTMLElement
    const select = (testid: string, value: unknown) =>
      wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => (c.element as Element).matches(`[data-testid="${testid}"]`))!.vm.$emit('update:modelValue', value)
    const submit = async () => {
      buttons(dialog, '新建账号')[0]!.click()
      await settle()
    }
    type(dialog.querySelector('input[data-testid="account-username"]'), 'Wang.wu')
    type(dialog.querySelector('input[data-testid="account-name"]'), '王五')
    select('account-role', 'INSPECTOR')
    await submit()
    expect(dialog.textContent).toContain('执法检查人员账号须指定所属部门')
    select('account-department', 'SCJG')
    await settle()
    // The roster of that department is offered.
    expect(sent('Inspectors').at(-1)).toMatchObject({ first: 30, filter: { department: 'SCJG' } })
    await submit()
    expect(dialog.textContent).toContain('执法检查人员账号须关联本部门的执法人员（执法证号）')
    select('account-inspector', 'I-1')
    type(dialog.querySelector('input[data-testid="account-password"]'), 'short')
    await submit()
    expect(dialog.textContent).toContain('密码至少 8 位')
    type(dialog.querySelector('input[data-testid="account-password"]'), '')
    expect(sent('CreateAccount')).toEqual([])
    await submit()
    expect(sent('CreateAccount')).toEqual([{ input: { username: 'wang.wu', displayName: '王五', role: 'INSPECTOR', department: 'SCJG', inspector: 'I-1' } }])
    const issued = document.querySelector('.accounts__issued')!.textContent!
    expect(issued).toContain('王五（wang.wu）的临时密码如下，只显示这一次')
    expect(document.querySelector('[data-test="temporary-password"]')!.textContent).toBe('Kp7mWq3xRt9z')
    expect(issued).toContain('用户首次登录时须修改此密码')
    expect(buttons(document.querySelector('.accounts__issued')!, '复制')).toHaveLength(1)
    expect(document.body.textContent).toContain('账号 wang.wu 已创建')
    expect(sent('Accounts')).toHaveLength(2)
    expect(errors).toEqual([])
  })

  it('重置密码, 解锁 and 停用 ask the server and reload the list', async () => {
    await open()
    buttons(row('lisi'), '重置密码')[0]!.click()
    await settle()
    expect(box().textContent).toContain('留空则由系统生成临时密码')
    buttons(box(), '重置密码')[0]!.click()
    await settle()
    expect(sent('ResetPassword')).toEqual([{ username: 'lisi' }])
    expect(document.querySelector('[data-test="temporary-password"]')!.textContent).toBe('Zt4nHb8cVw2k')
    expect(document.body.textContent).toContain('账号 lisi 的密码已重置')

    buttons(row('lisi'), '解锁')[0]!.click()
    await settle()
    expect(sent('UnlockAccount')).toEqual([{ username: 'lisi' }])
    expect(document.body.textContent).toContain('账号 lisi 已解锁')

    buttons(row('lisi'), '停用')[0]!.click()
    await settle()
    expect(box().textContent).toContain('停用后该账号不能登录')
    buttons(box(), '停用')[0]!.click()
    await settle()
    expect(sent('UpdateAccount')).toEqual([{ username: 'lisi', patch: { active: false } }])
    expect(document.body.textContent).toContain('账号 lisi 已停用')
    expect(sent('Accounts')).toHaveLength(4)
    expect(errors).toEqual([])
  })

  it('a password of the administrator’s own choice is checked and sent, and nothing is shown then', async () => {
    await open()
    buttons(row('zhaoliu'), '重置密码')[0]!.click()
    await settle()
    type(box().querySelector('input'), 'zhaoliu2026')
    await settle()
    buttons(box(), '重置密码')[0]!.click()
    await settle()
    expect(box().textContent).toContain('不能包含登录名')
    expect(sent('ResetPassword')).toEqual([])
    type(box().querySelector('input'), 'Spring2026')
    await settle()
    buttons(box(), '重置密码')[0]!.click()
    await settle()
    expect(sent('ResetPassword')).toEqual([{ username: 'zhaoliu', password: 'Spring2026' }])
    expect(document.body.textContent).toContain('账号 zhaoliu 的密码已重置')
    expect(document.querySelector('[data-test="temporary-password"]')).toBeNull()
    expect(errors).toEqual([])
  })
})

describe('修改密码', () => {
  it('changes the password from the header and keeps the new token', async () => {
    errors.length = 0
    calls.length = 0
    const router = createAppRouter(createMemoryHistory())
    await router.push('/departments')
    mounted = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    await settle()
    ;(document.querySelector('[data-testid="user-menu"]') as HTMLButtonElement).click()
    await settle()
    expect(document.querySelector('[data-testid="logout"]')!.textContent).toContain('退出')
    ;(document.querySelector('[data-testid="change-password"]') as HTMLElement).click()
    await settle()
    const dialog = document.querySelector('.change-password-dialog') as HTMLElement
    expect(dialog.textContent).toContain('须同时包含字母和数字')
    type(dialog.querySelector('input[data-testid="old-password"]'), 'demo')
    type(dialog.querySelector('input[data-testid="new-password"]'), 'Autumn2026')
    type(dialog.querySelector('input[data-testid="confirm-password"]'), 'Autumn2025')
    buttons(dialog, '修改密码')[0]!.click()
    await settle()
    expect(dialog.textContent).toContain('两次输入的新密码不一致')
    type(dialog.querySelector('input[data-testid="confirm-password"]'), 'Autumn2026')
    buttons(dialog, '修改密码')[0]!.click()
    await settle()
    expect(calls.filter((c) => c.name === 'ChangePassword').map((c) => c.variables)).toEqual([{ oldPassword: 'demo', newPassword: 'Autumn2026' }])
    expect(session.state.token).toBe('t-new')
    expect(localStorage.getItem('jointcheck.token')).toBe('t-new')
    expect(document.body.textContent).toContain('密码已修改')
    expect(errors).toEqual([])
  })
})

describe('anonymous visitors', () => {
  it('see the public menu only, with 登录 instead of a user', async () => {
    session.logout()
    errors.length = 0
    const router = createAppRouter(createMemoryHistory())
    await router.push('/departments')
    mounted = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    await flushPromises()
    const menu = document.querySelector('.app-menu')!.textContent!
    for (const visible of ['部门', '抽查事项清单', '检查对象名录库', '公示', '抽查任务', '抽取验证']) expect(menu).toContain(visible)
    for (const hidden of ['数据导入', '操作留痕', '执法检查人员名录库', '领导驾驶舱', '抽查计划']) expect(menu).not.toContain(hidden)
    expect(document.querySelector('.app-header')!.textContent).toContain('登录')
    expect(errors).toEqual([])
  })

  it('get a login form that lists the demo accounts', async () => {
    session.logout()
    errors.length = 0
    const router = createAppRouter(createMemoryHistory())
    await router.push('/login?redirect=/import')
    mounted = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    await flushPromises()
    const text = document.body.textContent!
    for (const user of ['admin', 'leader', 'office', 'scjg-head', 'scjg-clerk', 'sw-clerk', 'inspector']) expect(text).toContain(user)
    expect(text).toContain('demo')
    expect(errors).toEqual([])
  })
})
