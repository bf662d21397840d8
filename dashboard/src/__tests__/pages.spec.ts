// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import App from '../App.vue'
import { createAppRouter } from '../router'
import { session } from '../stores/session'

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
  Login: { login: { token: 't', user: { username: 'admin', displayName: '管理员', role: 'ADMIN', department } } },
  Me: { me: { username: 'admin', displayName: '管理员', role: 'ADMIN', department } },
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

const errors: string[] = []

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
      const { query } = JSON.parse(init.body as string) as { query: string }
      const name = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? ''
      return new Response(JSON.stringify({ data: answers[name] ?? null }), { headers: { 'Content-Type': 'application/json' } })
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
