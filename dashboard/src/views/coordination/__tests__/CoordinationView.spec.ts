// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { loginAs, stubServer, settle as settleRounds } from '../../../__tests__/fakeServer'
import { session } from '../../../stores/session'
import { chinaYear } from '../../../dates'
import CoordinationView from '../index.vue'

const charts = vi.hoisted(() => new Map<string, { option: Record<string, any> | null; handlers: Record<string, (p: unknown) => void> }>())
vi.mock('../../../charts/register', () => ({
  palette: [],
  echarts: {
    init(el: HTMLElement) {
      const chart = { option: null as Record<string, any> | null, handlers: {} as Record<string, (p: unknown) => void> }
      charts.set(el.parentElement?.dataset.test ?? `chart-${charts.size}`, chart)
      return {
        on: (event: string, fn: (p: unknown) => void) => (chart.handlers[event] = fn),
        setOption: (option: Record<string, any>) => (chart.option = option),
        resize: vi.fn(),
        dispose: vi.fn(),
      }
    },
  },
}))

const year = chinaYear()
const share = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator ? numerator / denominator : null, target: null })
const month = (m: number) => `${year}-${String(m).padStart(2, '0')}`
const dept = (code: string, name: string) => ({ code, name, shortName: name })
const taskRow = (code: string, status: string, windowTo: string, participants: Record<string, unknown>[] = []) => ({
  id: code, code, year, name: `联合任务 ${code}`, kind: 'ROUTINE', joint: true, status, departments: ['SCJG', 'SW'],
  windowFrom: `${year}-03-01`, windowTo, attempt: 1, publicInputExpected: false, publicInput: null, participants,
})
const participant = (departmentCode: string, revealed: boolean) => ({
  departmentCode, departmentName: departmentCode, lead: departmentCode === 'SCJG', status: 'CONFIRMED', decidedAt: null, declineReason: null, commitment: 'c', revealed,
})

const answers = {
  CoordinationMetrics: {
    metrics: {
      from: month(1), to: month(12), year, today: `${year}-03-15`, tasks: 5, jointTasks: 1,
      itemCoverage: share(2, 3), uncoveredItems: ['SW-002'], departmentCoverage: share(2, 3), uncoveredDepartments: ['WJ'],
      departmentMonthly: [
        { department: 'SCJG', month: month(1), tasks: 2, jointTasks: 0 },
        { department: 'SCJG', month: month(2), tasks: 1, jointTasks: 1 },
        { department: 'SW', month: month(1), tasks: 0, jointTasks: 0 },
        { department: 'SW', month: month(2), tasks: 1, jointTasks: 1 },
        { department: 'WJ', month: month(1), tasks: 0, jointTasks: 0 },
        { department: 'WJ', month: month(2), tasks: 0, jointTasks: 0 },
      ],
    },
  },
  PlanFilingStatus: {
    planFilingStatus: [
      { departmentCode: 'SCJG', departmentName: '市场监督管理局', status: 'PUBLISHED', filedAt: `${year}-01-06T02:20:00Z`, filedLate: false, taskCount: 7 },
      { departmentCode: 'SW', departmentName: '税务局', status: 'FILED', filedAt: `${year}-02-24T02:20:00Z`, filedLate: true, taskCount: 2 },
      { departmentCode: 'WJ', departmentName: '卫生健康局', status: 'MISSING', filedAt: null, filedLate: false, taskCount: 0 },
    ],
  },
  CoverageItems: {
    checkItems: {
      pageInfo: { hasNextPage: false, endCursor: null },
      nodes: [
        { code: 'SW-001', content: '发票使用情况', category: 'GENERAL', department: dept('SW', '税务') },
        { code: 'SW-002', content: '纳税申报情况', category: 'KEY', department: dept('SW', '税务') },
        { code: 'SCJG-001', content: '食品生产许可情况', category: 'KEY', department: dept('SCJG', '市场监管') },
      ],
    },
  },
  JointTasksUnderWay: {
    created: { nodes: [] },
    frozen: { nodes: [taskRow(`${year}-LZ-0004`, 'FROZEN', `${year}-05-31`, [participant('SCJG', true), participant('SW', false)])] },
    drawn: { nodes: [] },
    inProgress: { nodes: [taskRow(`${year}-LZ-0002`, 'IN_PROGRESS', `${year}-06-30`)] },
  },
  OverdueInspections: {
    overdueInspections: [
      { id: '11', taskCode: `${year}-LZ-0002`, leadDepartment: 'SCJG', subjectKey: '91370305MA0000001X', subjectName: '淄博甲商贸有限公司', status: 'CHECKED', dueOn: `${year}-02-03`, workingDaysOverdue: 12 },
    ],
  },
}

let wrapper: VueWrapper | null = null
let router: Router

/** The views load ECharts on demand: wait longer than the shared default. */
const settle = () => settleRounds(10, 20)

async function mountAt(path: string) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/coordination', name: 'coordination', component: CoordinationView },
      { path: '/tasks/:code', name: 'task', component: { render: () => null } },
      { path: '/inspections/:id', name: 'inspection', component: { render: () => null } },
      { path: '/:rest(.*)*', component: { render: () => null } },
    ],
  })
  await router.push(path)
  await router.isReady()
  wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle()
}

const all = (selector: string) => [...document.querySelectorAll(selector)]
const text = (selector: string) => document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim()

beforeEach(async () => {
  charts.clear()
  await loginAs('OFFICE', 'SCJG')
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('coordination board', () => {
  it('shows plan filing, the department × month heatmap, item coverage, joint tasks by stage and overdue results', async () => {
    const { calls } = stubServer(answers)
    await mountAt('/coordination')
    const vars = Object.fromEntries(calls.filter((c) => c.name !== 'Departments').map((c) => [c.name, c.variables]))
    expect(vars).toEqual({
      CoordinationMetrics: { filter: { year } },
      PlanFilingStatus: { year },
      CoverageItems: { filter: { active: true } },
      JointTasksUnderWay: { year },
      OverdueInspections: {},
    })

    // 年度计划备案: status per department, late filing flagged, missing plan highlighted.
    const plans = all('[data-test="plans-table"] .el-table__body tr')
    expect(plans.map((r) => [r.querySelector('[data-test="plan-department"]')!.getAttribute('data-code'), r.querySelector('[data-test="plan-status"]')!.textContent!.trim()])).toEqual([
      ['SCJG', '已公示'],
      ['SW', '已备案'],
      ['WJ', '未报'],
    ])
    expect(plans[1]!.querySelector('[data-test="plan-late"]')!.textContent).toContain('逾期备案')
    expect(plans[2]!.className).toContain('coordination__row--missing')
    expect([text('[data-test="plans-filed"]'), text('[data-test="plans-late"]'), text('[data-test="plans-draft"]'), text('[data-test="plans-missing"]')]).toEqual([
      '已备案 2',
      '其中逾期 1',
      '草稿 0',
      '未报 1',
    ])

    // The heatmap: every department × month cell, with the totals beside the title.
    expect(text('[data-test="heatmap-tasks"]')).toBe('4')
    expect(text('[data-test="heatmap-joint"]')).toBe('2')
    const heat = charts.get('heatmap-chart')!.option!
    expect(heat.series[0].data).toHaveLength(6)
    expect(heat.series[0].data).toContainEqual([0, 0, 2])
    expect(heat.yAxis.data).toEqual(['市场监管', '税务', '卫健'])

    // Item coverage: the uncovered item first and red.
    const items = all('[data-test="items-table"] .el-table__body tr')
    expect(items.map((r) => [r.querySelector('[data-test="item-code"]')!.textContent, r.querySelector('[data-test="item-status"]')!.textContent!.trim()])).toEqual([
      ['SW-002', '未覆盖'],
      ['SCJG-001', '已覆盖'],
      ['SW-001', '已覆盖'],
    ])
    expect(items[0]!.className).toContain('coordination__row--missing')
    expect(items[0]!.textContent).toContain('纳税申报情况')
    expect(text('[data-test="items-summary"]')).toBe('已覆盖 2 / 3 项')

    // Joint tasks: the one ending first on top, with its stage and who still has to reveal.
    const tasks = all('[data-test="joint-tasks-table"] .el-table__body tr')
    expect(tasks.map((r) => r.querySelector('[data-test="task-stage"]')!.textContent!.trim())).toEqual(['已冻结，待揭示秘密', '检查中'])
    expect(tasks[0]!.textContent).toContain('待揭示：税务')
    expect(tasks[0]!.querySelector('a')!.getAttribute('href')).toBe(`/tasks/${year}-LZ-0004`)

    // Overdue results link to the inspection.
    const overdue = all('[data-test="overdue-table"] .el-table__body tr')
    expect(overdue).toHaveLength(1)
    expect(overdue[0]!.querySelector('[data-test="overdue-link"]')!.getAttribute('href')).toBe('/inspections/11')
    expect(overdue[0]!.textContent).toContain(`${year}-02-03`)
    expect(overdue[0]!.textContent).toContain('12 个工作日')
    expect(text('[data-test="overdue-count"]')).toBe('1 户')
  })

  it('applies the URL filters to every list, drills into a heatmap row and keeps 只看未覆盖 in the URL', async () => {
    const { calls } = stubServer(answers)
    await mountAt('/coordination?year=2025&department=SW&category=KEY')
    const vars = Object.fromEntries(calls.filter((c) => c.name !== 'Departments').map((c) => [c.name, c.variables]))
    expect(vars).toEqual({
      CoordinationMetrics: { filter: { year: 2025, department: 'SW', itemCategory: 'KEY' } },
      PlanFilingStatus: { year: 2025 },
      CoverageItems: { filter: { department: 'SW', category: 'KEY', active: true } },
      JointTasksUnderWay: { year: 2025, department: 'SW' },
      OverdueInspections: { department: 'SW' },
    })
    // Only the chosen department's plan.
    expect(all('[data-test="plans-table"] .el-table__body tr').map((r) => r.querySelector('[data-test="plan-department"]')!.getAttribute('data-code'))).toEqual(['SW'])

    ;(document.querySelector('[data-test="only-uncovered"] input') as HTMLInputElement).click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ year: '2025', department: 'SW', category: 'KEY', uncovered: '1' })
    expect(all('[data-test="items-table"] .el-table__body tr').map((r) => r.querySelector('[data-test="item-code"]')!.textContent)).toEqual(['SW-002'])

    charts.get('heatmap-chart')!.handlers.click!({ componentType: 'yAxis', value: '市场监管' })
    await settle()
    expect(router.currentRoute.value.query).toEqual({ year: '2025', department: 'SCJG', category: 'KEY', uncovered: '1' })
  })
})
