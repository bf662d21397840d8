// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { loginAs, ServerError, stubServer, settle as settleRounds } from '../../../__tests__/fakeServer'
import { chinaYear, localDay } from '../../../dates'
import { session } from '../../../stores/session'
import { rankingSeries } from '../charts'
import CockpitView from '../index.vue'
import MetricsFilterBar from '../MetricsFilterBar.vue'
import { prefetchCockpit } from '../prefetch'
import { metricsFixture } from './fixtures'

// happy-dom lays nothing out: every box measures 800 × 300, so the SVG charts have room to draw.
function stubBoxSize() {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800)
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300)
}

/** The SVG chart with this data-test: its bars, its category names and a click on a category's band. */
const chart = (test: string) => {
  const root = document.querySelector(`[data-test="${test}"]`)
  return {
    exists: !!root?.querySelector('svg'),
    bars: root ? root.querySelectorAll('[data-test="bar"]').length : 0,
    categories: root ? [...root.querySelectorAll('[data-test="category"]')].map((e) => e.textContent) : [],
    ends: root ? [...root.querySelectorAll('[data-test="end-label"]')].map((e) => e.textContent) : [],
    title: (i: number) => root?.querySelector(`[data-test="band"][data-index="${i}"] title`)?.textContent,
    click: (i: number) => root!.querySelector(`[data-test="band"][data-index="${i}"]`)!.dispatchEvent(new MouseEvent('click', { bubbles: true })),
  }
}

const thisYear = chinaYear()
const answers = (metrics: unknown = { metrics: metricsFixture({ year: thisYear, from: `${thisYear}-01`, to: `${thisYear}-12` }) }) => ({ CockpitMetrics: metrics })

let wrapper: VueWrapper | null = null
let router: Router

/** The view waits for its prefetched metrics and the router: wait longer than the shared default. */
const settle = () => settleRounds(10, 20)

async function mountAt(path: string) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/cockpit', name: 'cockpit', component: CockpitView },
      { path: '/:rest(.*)*', component: { render: () => null } },
    ],
  })
  await router.push(path)
  await router.isReady()
  wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle()
  return wrapper
}

const text = (test: string) => document.querySelector(`[data-test="${test}"]`)?.textContent?.replace(/\s+/g, ' ').trim()
const crumbs = () => [...document.querySelectorAll('[data-test="drill-path"] [data-test^="drill-"]')].map((e) => e.textContent)
const metricsCalls = (calls: { name: string; variables: Record<string, unknown> }[]) => calls.filter((c) => c.name === 'CockpitMetrics').map((c) => c.variables.filter)

beforeEach(async () => {
  stubBoxSize()
  await loginAs('LEADER', null)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

describe('cockpit', () => {
  it('shows the figures of the metrics answer with their numerators and denominators, then marks itself ready', async () => {
    const { calls } = stubServer(answers())
    await mountAt('/cockpit')
    expect(metricsCalls(calls)).toEqual([{ year: thisYear }])
    expect(text('joint-share-value')).toBe('12%')
    expect(text('joint-share-num')).toBe('3')
    expect(text('joint-share-den')).toBe('25')
    expect(text('joint-share-inspections-value')).toBe('0.8%')
    expect(text('joint-share-inspections-num')).toBe('10')
    expect(text('joint-share-inspections-den')).toBe('1,234')
    expect(text('item-coverage-value')).toBe('38.2%')
    expect(text('item-coverage-parts')).toBe('26 / 68 项事项已实施')
    expect(text('department-coverage-value')).toBe('88.2%')
    expect(text('department-coverage-parts')).toBe('15 / 17 个成员单位')
    expect(text('timeliness-value')).toBe('85.1%')
    expect(text('timeliness-parts')).toBe('40 / 47 户按时录入并公示')
    expect(text('overdue-value')).toBe('2 户')
    expect(text('problem-rate-value')).toBe('6.7%')
    expect(text('control-rate')).toBe('对照组 0%')
    expect(text('cockpit-tasks')).toBe('25')
    expect(text('cockpit-inspections')).toBe('1,234')
    // The joint share meets the 10 % target by tasks, not by 户次.
    expect(document.querySelector('[data-test="joint-share"]')!.className).toContain('cockpit__gauge--good')
    expect(document.querySelector('[data-test="joint-share-inspections"]')!.className).toContain('cockpit__gauge--bad')

    // Every chart is drawn in SVG; the gauges draw the shares (red below the target, green from it on).
    for (const test of ['ranking-chart', 'grade-distribution', 'grade-problem', 'monthly-chart']) expect(chart(test).exists, test).toBe(true)
    const gauge = (test: string, part: string) => document.querySelector(`[data-test="${test}"] [data-test="${part}"]`)
    expect(gauge('joint-share-gauge', 'gauge-text')!.textContent).toBe('12%')
    expect(gauge('joint-share-gauge', 'gauge-target')!.textContent).toBe('10%')
    expect(gauge('joint-share-gauge', 'gauge-needle')!.getAttribute('stroke')).toBe('#5b8c00')
    expect(gauge('joint-share-inspections-gauge', 'gauge-text')!.textContent).toBe('0.8%')
    expect(gauge('joint-share-inspections-gauge', 'gauge-needle')!.getAttribute('stroke')).toBe('#e45649')
    // The ranking: a bar for every non-zero component of each department, names on the left, scores on the right.
    const ranking = chart('ranking-chart')
    expect(ranking.categories).toEqual(['淄博市生态环境局临淄分局', '市场监管', '淄博市公安局临淄分局'])
    expect(ranking.ends).toEqual(['97', '89.3', '57'])
    const parts = rankingSeries(metricsFixture().departmentScores).flatMap((x) => x.data)
    expect(ranking.bars).toBe(parts.filter((v) => v !== 0).length)
    expect(ranking.bars).toBeGreaterThan(10)
    expect(ranking.title(2)).toContain('拒绝参加联合抽查 1 次，扣 3 分')
    expect(chart('grade-distribution').categories).toEqual(['A 级', 'B 级', 'C 级', 'U 未评级'])
    expect(document.querySelector('[data-test="cockpit-ready"]')!.getAttribute('data-year')).toBe(String(thisYear))
    // The phases of the load, for the budget script: marked in order, once each.
    const marks = ['cockpit-setup', 'cockpit-mounted', 'cockpit-ready'].map((n) => performance.getEntriesByName(`jc:${n}`, 'mark'))
    expect(marks.map((x) => x.length)).toEqual([1, 1, 1])
    expect(marks.map((x) => x[0]!.startTime)).toEqual(marks.map((x) => x[0]!.startTime).sort((a, b) => a - b))
  })

  it('starts with the metrics the router prefetched for the URL, without asking again; a filter change asks', async () => {
    const { calls } = stubServer(answers())
    // Arrived before the page mounts (the usual case: the answer comes while the page's code loads).
    prefetchCockpit({ year: '2025', grade: 'B' })
    await settle()
    await mountAt('/cockpit?year=2025&grade=B')
    expect(metricsCalls(calls)).toEqual([{ year: 2025, grade: 'B' }])
    expect(text('joint-share-value')).toBe('12%')
    expect(document.querySelector('[data-test="cockpit-ready"]')).not.toBeNull()
    // Data the page starts with counts as an update too.
    expect(text('updated-at')).toMatch(/\d{2}:\d{2}:\d{2}/)

    wrapper!.findComponent(MetricsFilterBar).vm.$emit('change', { grade: 'C' })
    await settle()
    expect(metricsCalls(calls)).toEqual([{ year: 2025, grade: 'B' }, { year: 2025, grade: 'C' }])
    wrapper!.unmount()
    wrapper = null

    // Still on its way when the page mounts: the page waits for that same request.
    prefetchCockpit({})
    await mountAt('/cockpit')
    expect(metricsCalls(calls).slice(2)).toEqual([{ year: thisYear }])
    expect(text('joint-share-value')).toBe('12%')
  })

  it('reads the filters from the URL and writes changes back to it, one history entry each', async () => {
    const { calls } = stubServer(answers())
    await mountAt('/cockpit?year=2025&region=370305001&grade=B')
    expect(metricsCalls(calls)).toEqual([{ year: 2025, region: '370305001', grade: 'B' }])
    expect(crumbs()).toEqual(['全区', '闻韶街道', 'B 级'])

    wrapper!.findComponent(MetricsFilterBar).vm.$emit('change', { department: 'SW', category: 'KEY' })
    await settle()
    expect(router.currentRoute.value.query).toEqual({ year: '2025', region: '370305001', department: 'SW', category: 'KEY', grade: 'B' })
    expect(metricsCalls(calls).at(-1)).toEqual({ year: 2025, region: '370305001', department: 'SW', itemCategory: 'KEY', grade: 'B' })

    wrapper!.findComponent(MetricsFilterBar).vm.$emit('change', { year: thisYear })
    await settle()
    // The default year leaves the URL.
    expect(router.currentRoute.value.query).toEqual({ region: '370305001', department: 'SW', category: 'KEY', grade: 'B' })

    // Back in the drill path to the region: department and grade go.
    ;(document.querySelector('[data-test="drill-region"]') as HTMLElement).click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ region: '370305001', category: 'KEY' })
    expect(metricsCalls(calls).at(-1)).toEqual({ year: thisYear, region: '370305001', itemCategory: 'KEY' })
    router.back()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ region: '370305001', department: 'SW', category: 'KEY', grade: 'B' })
  })

  it('drills into a department from its bar and into a grade from the grade charts', async () => {
    stubServer(answers())
    await mountAt('/cockpit')
    chart('ranking-chart').click(1)
    await settle()
    expect(router.currentRoute.value.query).toEqual({ department: 'SCJG' })
    chart('grade-problem').click(1)
    await settle()
    expect(router.currentRoute.value.query).toEqual({ department: 'SCJG', grade: 'B' })
    // The monthly chart is not a drill path: a click there changes nothing.
    chart('monthly-chart').click(0)
    await settle()
    expect(router.currentRoute.value.query).toEqual({ department: 'SCJG', grade: 'B' })
    chart('grade-distribution').click(0)
    await settle()
    expect(router.currentRoute.value.query).toEqual({ department: 'SCJG', grade: 'A' })
    // Departments are named by their short names (the department list of the fake server).
    expect(crumbs()).toEqual(['全区', '市场监管', 'A 级'])
  })

  it('shows the ranking as a table and exports it through the export menu', async () => {
    stubServer(answers())
    await mountAt('/cockpit?ranking=table')
    const rows = [...document.querySelectorAll('[data-test="ranking-table"] .el-table__body tr')]
    expect(rows.map((r) => [r.querySelector('[data-test="ranking-department"]')?.textContent, r.querySelector('[data-test="ranking-score"]')?.textContent])).toEqual([
      ['淄博市生态环境局临淄分局', '97'],
      ['市场监管', '89.3'],
      ['淄博市公安局临淄分局', '57'],
    ])
    expect(rows[2]!.textContent).toContain('-3')
    expect(chart('ranking-chart').exists).toBe(false)

    let csv: Blob | null = null
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      csv = b as Blob
      return 'blob:x'
    })
    const names: string[] = []
    const download = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download)
    })
    // The shared 导出 menu: CSV of the table's rows, the department's code beside its name.
    ;(document.querySelector('[data-test="ranking-export"] [data-test="table-export"]') as HTMLButtonElement).click()
    await settle()
    ;(document.querySelector('[data-test="export-page-csv"]') as HTMLElement).click()
    await settle()
    download.mockRestore()
    expect(names).toEqual([`领导驾驶舱-部门考核排名-${thisYear}_${localDay(new Date())}.csv`])
    const lines = (await csv!.text()).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toContain('排名,部门代码,部门,得分,')
    expect(lines[3]).toBe('3,GA,淄博市公安局临淄分局,57,10,0,0,20,15,15,3,2,1,6')

    // A department's name in the table drills down too.
    ;(rows[1]!.querySelector('[data-test="ranking-department"]') as HTMLElement).click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ ranking: 'table', department: 'SCJG' })
  })

  it('says so when the period has no executed task, and shows the server’s error with a retry', async () => {
    stubServer(answers({ metrics: metricsFixture({ tasks: 0, departmentScores: [], monthly: [], grades: [] }) }))
    await mountAt('/cockpit')
    expect(text('cockpit-empty')).toContain('统计期间内没有已实施的抽查任务')
    expect(document.body.textContent).toContain('没有可排名的部门')
    expect(document.body.textContent).toContain('暂无风险分级数据')
    expect(document.body.textContent).toContain('统计期间内没有抽查任务')
    wrapper!.unmount()
    wrapper = null

    const { calls } = stubServer(answers(new ServerError('部门代码「XX」不存在', 'BAD_USER_INPUT')))
    await mountAt('/cockpit?department=XX')
    expect(document.querySelector('.async-state__error')!.textContent).toContain('部门代码「XX」不存在')
    expect(document.querySelector('.async-state__error')!.textContent).toContain('BAD_USER_INPUT')
    expect(document.querySelector('[data-test="cockpit-ready"]')).toBeNull()
    const before = metricsCalls(calls).length
    ;[...document.querySelectorAll('.async-state__error button')].find((b) => b.textContent?.includes('重试'))!.dispatchEvent(new MouseEvent('click'))
    await settle()
    expect(metricsCalls(calls).length).toBe(before + 1)
  })
})
