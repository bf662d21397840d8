// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { settle, stubServer } from '../../../__tests__/fakeServer'
import PublicView from '../index.vue'

const SHA = 'a3f1c9e0b5d2477e8c1f6a9b0d3e5f7a1c2b4d6e8f0a1b3c5d7e9f1a2b4c6d8e'
const index = {
  dataset: 'published-inspection-results', region: null, dictionary: '/downloads/results/dictionary.json',
  files: [
    { name: 'results-2026.csv', url: '/downloads/results/results-2026.csv', bytes: 20_480, sha256: SHA, rows: 8 },
    { name: 'results-2026.json', url: '/downloads/results/results-2026.json', bytes: 512, sha256: 'b'.repeat(64), rows: 8 },
  ],
}
const dictionary = {
  dataset: 'published-inspection-results', encoding: 'UTF-8（CSV 带 BOM，LF 换行，RFC 4180 引号规则）',
  columns: [
    { name: 'taskCode', header: '任务编号', description: '抽查任务编号' },
    { name: 'outcome', header: '检查结果', description: 'NO_PROBLEM 未发现问题' },
  ],
}

let wrapper: VueWrapper | null = null
let router: Router
async function mountAt(path: string) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/public', name: 'public', component: PublicView },
      { path: '/items', name: 'items', component: { render: () => null } },
      { path: '/tasks', name: 'tasks', component: { render: () => null } },
      { path: '/tasks/:code', name: 'task', component: { render: () => null } },
      { path: '/verify', name: 'verify', component: { render: () => null } },
      { path: '/inspections/:id', name: 'inspection', component: { render: () => null } },
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
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('公示: open data', { timeout: 30_000 }, () => {
  it('lists every file with rows, size, the full SHA-256 and download links, and the data dictionary', async () => {
    const { httpCalls } = stubServer({}, {
      'GET /downloads/results/index.json': { status: 200, json: index },
      'GET /downloads/results/dictionary.json': { status: 200, json: dictionary },
    })
    const w = await mountAt('/public?tab=data')
    const rows = w.findAll('.open-data__files .el-table__body tr')
    expect(rows).toHaveLength(2)
    const first = rows[0]!
    expect(first.find('[data-testid="open-data-name"]').text()).toBe('results-2026.csv')
    expect(first.text()).toContain('8')
    expect(first.text()).toContain('20.0 KB')
    expect(first.find('[data-testid="open-data-sha"]').text()).toBe(SHA)
    expect(first.find('[data-testid="open-data-download"]').attributes('href')).toBe('/downloads/results/results-2026.csv')
    expect(first.find('[data-testid="open-data-download"]').attributes('download')).toBe('results-2026.csv')
    expect(first.findAll('a').map((a) => a.attributes('href'))).toContain('/downloads/results/results-2026.csv.sha256')
    expect(rows[1]!.text()).toContain('512 B')
    expect(w.text()).toContain('sha256sum results-2026.csv')
    // The dictionary: column, Chinese header, meaning, encoding.
    const dict = w.find('.open-data__dictionary').text()
    for (const s of ['taskCode', '任务编号', '抽查任务编号', 'outcome', '检查结果']) expect(dict).toContain(s)
    expect(w.text()).toContain('UTF-8（CSV 带 BOM')
    expect(httpCalls.map((c) => c.url).sort()).toEqual(['/downloads/results/dictionary.json', '/downloads/results/index.json'])
    // No bearer token is sent with public downloads.
    expect(httpCalls.every((c) => !c.headers.authorization)).toBe(true)
  })

  it('asks for one region’s files', async () => {
    const { httpCalls } = stubServer({}, {
      'GET /downloads/results/index.json': { status: 200, json: { ...index, region: '370305', files: [] } },
      'GET /downloads/results/dictionary.json': { status: 200, json: dictionary },
    })
    const w = await mountAt('/public?tab=data&dataRegion=370305')
    expect(httpCalls.some((c) => c.url === '/downloads/results/index.json?region=370305')).toBe(true)
    expect(w.text()).toContain('尚无已公示的检查结果可供下载')
  })

  it('shows an error when the index cannot be read', async () => {
    stubServer({}, { 'GET /downloads/results/dictionary.json': { status: 200, json: dictionary }, 'GET /downloads/results/index.json': { status: 503, json: {} } })
    const w = await mountAt('/public?tab=data')
    expect(w.find('.open-data').text()).toContain('服务器返回异常状态（HTTP 503）')
  })
})

describe('公示: the other tabs', { timeout: 30_000 }, () => {
  it('links to the item list, tasks and verification', async () => {
    stubServer({})
    const w = await mountAt('/public')
    expect(w.find('[data-testid="public-items"] a').attributes('href')).toBe('/items')
    await router.push('/public?tab=tasks')
    await settle()
    expect(w.findAll('[data-testid="public-tasks"] a').map((a) => a.attributes('href'))).toEqual(['/tasks', '/verify'])
  })

  it('shows the joint plan and each department’s filed plans of the year, without drafts', async () => {
    const task = { id: '1', seq: 1, name: '食品经营者联合抽查', departments: ['SCJG', 'SW'], joint: true, windowFrom: '2026-03-01', windowTo: '2026-11-30', frequencyPerYear: 1,
      items: [{ code: 'SCJG-001', content: '年度报告公示信息', department: { code: 'SCJG', name: '市场监督管理局', shortName: '市场监管' } }], quotaRule: [{ grade: 'A', ratio: '0.03', count: null }, { grade: 'D', ratio: null, count: 5 }] }
    const plan = (over: object) => ({ id: '1', year: 2026, kind: 'JOINT', status: 'PUBLISHED', version: 2, department: null, filedAt: null, publishedAt: '2026-02-01T02:00:00Z', tasks: [task], ...over })
    const { calls } = stubServer({
      PublicPlans: {
        plans: [
          plan({}),
          plan({ id: '2', kind: 'DEPARTMENT', status: 'FILED', version: 1, department: { code: 'SCJG', name: '市场监督管理局', shortName: '市场监管' }, publishedAt: null, filedAt: '2026-01-20T02:00:00Z' }),
          // As staff see it: a draft, which the public page leaves out too.
          plan({ id: '3', kind: 'DEPARTMENT', status: 'DRAFT', department: { code: 'SW', name: '税务局', shortName: '税务' } }),
        ],
      },
    })
    const w = await mountAt('/public?tab=plans&year=2026')
    // Every plan of the year in one request.
    expect(calls.filter((c) => c.name === 'PublicPlans').map((c) => c.variables)).toEqual([{ year: 2026 }])
    const plans = w.findAll('[data-testid="public-plan"]')
    expect(plans).toHaveLength(2)
    expect(plans[0]!.text()).toContain('联合抽查计划')
    expect(plans[0]!.text()).toContain('已公示')
    expect(plans[0]!.text()).toContain('A：0.03')
    expect(plans[0]!.text()).toContain('D：5 户')
    expect(plans[1]!.text()).toContain('市场监督管理局 年度抽查计划')
    expect(plans[1]!.text()).toContain('已备案')
    expect(w.text()).not.toContain('税务局 年度抽查计划')
  })
})
