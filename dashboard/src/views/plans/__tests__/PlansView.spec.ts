// @vitest-environment happy-dom
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { answerPrompt, buttons, loginAs, ServerError, settle, stubServer } from '../../../__tests__/fakeServer'
import type { Plan, PlanTask, Role } from '../../../graphql/types'
import { session } from '../../../stores/session'
import PlansView from '../index.vue'

const SCJG = { code: 'SCJG', name: '市场监督管理局', shortName: '市场监管' }
const task: PlanTask = {
  id: '7', seq: 1, name: '食品生产企业与纳税人联合抽查', departments: ['SCJG', 'SW'], joint: true,
  windowFrom: '2027-03-01', windowTo: '2027-06-30', frequencyPerYear: 1,
  items: [{ code: 'SCJG-001', content: '生产许可条件', department: SCJG }],
  quotaRule: [{ grade: 'A', ratio: '0.01', count: null }, { grade: 'D', ratio: null, count: 10 }],
  scopeLibraries: ['SCJG'], scopeRegions: [], scopeIndustries: [], scopeKinds: ['ENTERPRISE'], scopeGrades: [],
}
const solo: PlanTask = { ...task, id: '8', seq: 2, name: '食品生产许可条件抽查', departments: ['SCJG'], joint: false, quotaRule: [] }

function makePlan(over: Partial<Plan> = {}): Plan {
  const plan: Plan = {
    id: '1', year: 2027, kind: 'DEPARTMENT', version: 1, current: true, status: 'DRAFT', filedAt: null, filedLate: false, publishedAt: null,
    changeReason: null, createdAt: '2026-12-01T02:00:00Z', filingDeadline: '2099-01-31T15:59:59.999Z', department: SCJG, tasks: [task, solo],
    versions: [],
    ...over,
  }
  const own = { id: plan.id, version: plan.version, current: plan.current, status: plan.status, changeReason: plan.changeReason, createdAt: plan.createdAt, filedAt: plan.filedAt, filedLate: plan.filedLate, publishedAt: plan.publishedAt }
  return { ...plan, versions: over.versions ?? [own] }
}

const FILING = {
  planFilingStatus: [
    { departmentCode: 'SCJG', departmentName: '市场监督管理局', status: 'FILED', filedAt: '2027-02-03T02:00:00Z', filedLate: true, taskCount: 2 },
    { departmentCode: 'SW', departmentName: '税务局', status: 'MISSING', filedAt: null, filedLate: false, taskCount: 0 },
  ],
}

let wrapper: VueWrapper | null = null
async function mountAs(role: Role, dept: string | null, path: string, answers: Parameters<typeof stubServer>[0]) {
  await loginAs(role, dept)
  const server = stubServer({ PlanFilingStatus: FILING, CoverageItems: { checkItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }, ...answers })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/plans', name: 'plans', component: PlansView },
      { path: '/:rest(.*)*', component: { render: () => null } },
    ],
  })
  await router.push(path)
  await router.isReady()
  wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle()
  return { ...server, router, page: wrapper }
}

const text = () => document.body.textContent ?? ''
const button = (label: string) => buttons(document.body, label)[0]
const shownButtons = () => [...document.querySelectorAll('[data-testid="plan-actions"] button')].map((b) => b.textContent?.trim())

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('抽查计划 page', () => {
  it('a clerk without a plan for the year is offered to start one; filing waits for a saved draft', async () => {
    const { calls } = await mountAs('CLERK', 'SCJG', '/plans?year=2027', { PlanDetail: { plan: null } })
    expect(calls.find((c) => c.name === 'PlanDetail')?.variables).toEqual({ year: 2027, department: 'SCJG' })
    expect(text()).toContain('尚未编制 2027 年度计划')
    expect(text()).toContain('保存草稿”即创建计划')
    expect(shownButtons()).toEqual(['新增任务', '保存草稿', '备案'])
    expect(button('保存草稿')!.disabled).toBe(true)
    expect(button('备案')!.disabled).toBe(true)
    // The department is the clerk's own; the office's filing table is not shown.
    expect(document.querySelector('[data-testid="plans-department"]')).toBeNull()
    expect(document.querySelector('[data-testid="plan-filing"]')).toBeNull()
    expect(calls.some((c) => c.name === 'PlanFilingStatus')).toBe(false)
  })

  it('shows a draft with its tasks, saves the edited tasks and names the field the server refuses', async () => {
    const { calls } = await mountAs('CLERK', 'SCJG', '/plans?year=2027', {
      PlanDetail: { plan: makePlan() },
      SavePlan: new ServerError('事项"SCJG-001"不在现行抽查事项清单中：清单之外不得抽查（规则 1）', 'BAD_USER_INPUT', 'input.tasks[0].items[0]'),
    })
    expect(document.querySelector('[data-testid="plan-status"]')?.textContent).toBe('草稿')
    const names = [...document.querySelectorAll('[data-testid="plan-task-row-name"]')].map((n) => n.textContent)
    expect(names).toEqual(['食品生产企业与纳税人联合抽查', '食品生产许可条件抽查'])
    const table = document.querySelector('[data-testid="plan-tasks"]')!.textContent!
    expect(table).toContain('联合')
    expect(table).toContain('A 1%')
    expect(table).toContain('D 10 户')
    expect(table).toContain('默认：A 1%、B 3%、C 10%、D 30%')
    expect(button('备案')!.disabled).toBe(false)

    // Move the second task up: unsaved changes, filing waits for the save.
    const up = [...document.querySelectorAll('[data-testid="plan-tasks"] button')].filter((b) => b.textContent?.trim() === '上移')[1] as HTMLButtonElement
    up.click()
    await settle()
    expect(document.querySelector('[data-testid="plan-dirty"]')?.textContent).toBe('有未保存的修改')
    expect(button('备案')!.disabled).toBe(true)
    button('保存草稿')!.click()
    await settle()
    const sent = calls.find((c) => c.name === 'SavePlan')!.variables.input as { year: number; department: string; tasks: { name: string }[]; reason?: string }
    expect(sent).toMatchObject({ year: 2027, department: 'SCJG' })
    expect(sent.tasks.map((t) => t.name)).toEqual(['食品生产许可条件抽查', '食品生产企业与纳税人联合抽查'])
    expect(sent).not.toHaveProperty('reason')
    const error = document.querySelector('[data-testid="plan-error"]')!.textContent!
    expect(error).toContain('不在现行抽查事项清单中')
    expect(error).toContain('出错的字段：第 1 项任务“食品生产许可条件抽查”的抽查事项（第 1 项）')
    expect(error).toContain('BAD_USER_INPUT')

    // 放弃修改 restores the saved order.
    button('放弃修改')!.click()
    await settle()
    expect(document.querySelector('[data-testid="plan-dirty"]')).toBeNull()
  })

  it('files a draft after a confirmation that states the deadline and whether it is late', async () => {
    const { calls } = await mountAs('DEPT_HEAD', 'SCJG', '/plans?year=2027', {
      PlanDetail: { plan: makePlan({ filingDeadline: '2020-01-31T15:59:59.999Z' }) },
      FilePlan: { filePlan: makePlan({ status: 'FILED', filedAt: '2027-02-03T02:00:00Z', filedLate: true, filingDeadline: '2020-01-31T15:59:59.999Z' }) },
    })
    button('备案')!.click()
    await settle()
    const box = document.querySelector('.el-message-box')!
    expect(box.textContent).toContain('备案截止时间 2020-01-31（北京时间当日 24 时前） 已过')
    expect(box.textContent).toContain('记为逾期备案')
    buttons(box, '备案')[0]!.click()
    await settle()
    expect(calls.filter((c) => c.name === 'FilePlan').map((c) => c.variables)).toEqual([{ year: 2027, department: 'SCJG' }])
    expect(document.querySelector('[data-testid="plan-status"]')?.textContent).toBe('已备案')
    expect(document.querySelector('[data-testid="plan-late"]')?.textContent).toBe('逾期备案')
    expect(shownButtons()).toEqual(['新增任务', '保存调整（生成新版本）', '公示'])
  })

  it('saving a filed plan asks for the change reason and shows the new version with it', async () => {
    const filed = makePlan({ status: 'FILED', filedAt: '2027-01-20T02:00:00Z' })
    const v2 = makePlan({
      id: '2', version: 2, status: 'FILED', filedAt: '2027-01-20T02:00:00Z', changeReason: '上级部署专项整治', tasks: [task],
      versions: [
        { ...filed.versions[0]!, current: false },
        { id: '2', version: 2, current: true, status: 'FILED', changeReason: '上级部署专项整治', createdAt: '2027-05-01T02:00:00Z', filedAt: '2027-01-20T02:00:00Z', filedLate: false, publishedAt: null },
      ],
    })
    const { calls } = await mountAs('CLERK', 'SCJG', '/plans?year=2027', { PlanDetail: { plan: filed }, SavePlan: { savePlan: v2 } })
    expect(document.querySelector('[data-testid="plan-late"]')).toBeNull()
    expect(text()).toContain('按时备案')
    const remove = [...document.querySelectorAll('[data-testid="plan-tasks"] button')].filter((b) => b.textContent?.trim() === '删除')[1] as HTMLButtonElement
    remove.click()
    await settle()
    expect(document.querySelector('[data-testid="plan-adjust-notice"]')?.textContent).toContain('保存修改将生成第 2 版并须填写调整原因')
    button('保存调整（生成新版本）')!.click()
    await settle()
    expect(document.querySelector('.el-message-box')!.textContent).toContain('计划已备案（现行第 1 版）。保存后生成第 2 版')
    await answerPrompt('上级部署专项整治', '保存调整')
    const sent = calls.find((c) => c.name === 'SavePlan')!.variables.input as { reason: string; tasks: unknown[] }
    expect(sent.reason).toBe('上级部署专项整治')
    expect(sent.tasks).toHaveLength(1)
    expect(document.querySelector('[data-testid="plan-version"]')?.textContent).toBe('第 2 版')
    expect(document.querySelector('[data-testid="plan-change-reason"]')?.textContent).toBe('上级部署专项整治')
    const reasons = [...document.querySelectorAll('[data-testid="plan-version-reason"]')].map((n) => n.textContent)
    expect(reasons).toEqual(['初始版本', '上级部署专项整治'])
  })

  it('an older version is read-only, with the way back to the current one', async () => {
    const old = makePlan({ current: false, status: 'FILED', versions: [] })
    const { calls, router } = await mountAs('CLERK', 'SCJG', '/plans?year=2027&version=1', { PlanDetail: (v: Record<string, unknown>) => ({ plan: v.version ? old : makePlan({ version: 2 }) }) })
    expect(calls.find((c) => c.name === 'PlanDetail')?.variables).toEqual({ year: 2027, department: 'SCJG', version: 1 })
    expect(text()).toContain('正在查看第 1 版（历史版本，只读）')
    expect(document.querySelector('[data-testid="plan-actions"]')).toBeNull()
    expect(document.querySelector('[data-testid="plan-tasks"]')!.textContent).not.toContain('编辑')
    button('返回现行版本')!.click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ year: '2027' })
    expect(shownButtons()).toContain('新增任务')
  })

  it('leaders choose a department and read; they see every member department’s filing', async () => {
    const { calls, router } = await mountAs('LEADER', null, '/plans?year=2027', { PlanDetail: { plan: makePlan({ status: 'PUBLISHED' }) } })
    expect(text()).toContain('选择一个部门查看其年度抽查计划')
    expect(calls.some((c) => c.name === 'PlanDetail')).toBe(false)
    const filing = document.querySelector('[data-testid="plan-filing"]')!
    expect([...filing.querySelectorAll('[data-testid="plan-filing-status"]')].map((n) => n.textContent)).toEqual(['已备案', '未报'])
    expect(filing.textContent).toContain('逾期备案')
    ;(filing.querySelector('[data-code="SCJG"]') as HTMLElement).click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ year: '2027', department: 'SCJG' })
    expect(calls.filter((c) => c.name === 'PlanDetail').map((c) => c.variables)).toEqual([{ year: 2027, department: 'SCJG' }])
    expect(document.querySelector('[data-testid="plan-read-only"]')?.textContent).toContain('只能查看计划')
    expect(document.querySelector('[data-testid="plan-actions"]')).toBeNull()
  })

  it('inspectors read their own department’s plan only', async () => {
    await mountAs('INSPECTOR', 'SCJG', '/plans?year=2027&department=SW', { PlanDetail: (v: Record<string, unknown>) => ({ plan: v.department === 'SCJG' ? makePlan() : null }) })
    expect(document.querySelector('[data-testid="own-department"]')?.textContent).toContain('SCJG')
    expect(document.querySelectorAll('[data-testid="plan-task-row-name"]')).toHaveLength(2)
    expect(document.querySelector('[data-testid="plan-read-only"]')).not.toBeNull()
    expect(document.querySelector('[data-testid="plan-actions"]')).toBeNull()
  })

  it('the office compiles the joint plan on the joint plan’s view; a clerk is not offered the joint plan', async () => {
    const joint = makePlan({ kind: 'JOINT', department: null, tasks: [task] })
    const { calls } = await mountAs('OFFICE', 'SCJG', '/plans?year=2027&joint=1', { PlanDetail: { plan: null }, CompileJointPlan: { compileJointPlan: joint } })
    expect(calls.find((c) => c.name === 'PlanDetail')?.variables).toEqual({ year: 2027 })
    expect(document.querySelector('[data-testid="plan-title"]')?.textContent).toBe('2027 年度联合抽查计划')
    expect(shownButtons()).toEqual(['新增任务', '保存草稿', '备案', '汇编联合计划'])
    button('汇编联合计划')!.click()
    await settle()
    buttons(document.querySelector('.el-message-box')!, '汇编联合计划')[0]!.click()
    await settle()
    expect(calls.filter((c) => c.name === 'CompileJointPlan').map((c) => c.variables)).toEqual([{ year: 2027 }])
    expect(document.querySelectorAll('[data-testid="plan-task-row-name"]')).toHaveLength(1)
  })

  it('shows the server’s error with its code and a retry', async () => {
    await mountAs('CLERK', 'SCJG', '/plans?year=2027', { PlanDetail: new ServerError('数据库暂时不可用', 'INTERNAL_SERVER_ERROR') })
    expect(text()).toContain('数据加载失败')
    expect(text()).toContain('数据库暂时不可用')
    expect(text()).toContain('INTERNAL_SERVER_ERROR')
    expect(button('重试')).toBeDefined()
  })
})
