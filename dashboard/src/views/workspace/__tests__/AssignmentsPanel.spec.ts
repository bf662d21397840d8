// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { loginAs, ServerError, settle, stubServer } from '../../../__tests__/fakeServer'
import { session } from '../../../stores/session'
import AssignmentsPanel from '../AssignmentsPanel.vue'

const pageInfo = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }
const assignment = (over: Record<string, unknown> = {}) => ({
  id: '901', inspectionId: '11', inspectorKey: 'SC01', inspectorName: '张一', departmentCode: 'SCJG', leader: true,
  taskCode: '2026-LZ-0001', taskName: '年报与发票联合专项检查', joint: true, leadDepartment: 'SCJG', windowFrom: '2026-01-01', windowTo: '2026-12-31',
  subjectKey: '91370305MA0000001X', subjectName: '淄博甲商贸有限公司', subjectAddress: '临淄区桓公路1号', status: 'CHECKED', dueOn: '2026-02-03', overdue: true,
  ...over,
})
const page = (nodes: unknown[]) => ({ assignments: { totalCount: nodes.length, pageInfo, nodes } })
const inspectors = {
  inspectors: { totalCount: 1, pageInfo, nodes: [{ key: 'SW01', name: '李一', kind: 'STAFF', status: 'ACTIVE', certificateValidFrom: null, certificateValidTo: null, certificateValid: true, qualifications: [], specialties: [], conflictCount: 0, department: { code: 'SW', name: 'SW', shortName: 'SW' } }] },
  valid: { totalCount: 1 },
}

let wrapper: VueWrapper | null = null
let router: Router
async function mountAt(path: string, department: string | undefined) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/workspace', name: 'workspace', component: defineComponent({ render: () => h(AssignmentsPanel, { department }) }) },
      { path: '/tasks/:code', name: 'task', component: { render: () => null } },
      { path: '/inspections/:id', name: 'inspection', component: { render: () => null } },
    ],
  })
  await router.push(path)
  await router.isReady()
  wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle()
  return wrapper
}
const select = (w: VueWrapper, testid: string, value: unknown) =>
  w.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-testid') === testid || (c.element as HTMLElement).closest?.(`[data-testid="${testid}"]`))!.vm.$emit('update:modelValue', value)

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('我的检查任务 / 检查人员分派 in the workspace', () => {
  it('shows an inspector their own inspections, with links, deadline and overdue flag; the status filter goes into the URL', async () => {
    await loginAs('INSPECTOR', 'SCJG')
    const { calls } = stubServer({ Assignments: (v: Record<string, unknown>) => page((v.filter as { status?: string }).status === 'PUBLISHED' ? [] : [assignment()]) })
    const w = await mountAt('/workspace', 'SCJG')
    expect(w.find('h2').text()).toBe('我的检查任务')
    expect(w.find('[data-testid="assignments-inspector"]').exists()).toBe(false)
    expect(calls.filter((c) => c.name === 'Inspectors')).toEqual([])
    expect(calls.find((c) => c.name === 'Assignments')!.variables).toEqual({ first: 20, filter: {} })
    const row = w.find('.assignments__table .el-table__body tr')
    expect(row.text()).toContain('淄博甲商贸有限公司')
    expect(row.text()).toContain('临淄区桓公路1号')
    expect(row.text()).toContain('已检查')
    expect(row.text()).toContain('2026-02-03')
    expect(row.text()).toContain('逾期')
    expect(row.text()).toContain('联合')
    const hrefs = row.findAll('a').map((a) => a.attributes('href'))
    expect(hrefs).toContain('/inspections/11')
    expect(hrefs).toContain('/tasks/2026-LZ-0001')

    select(w, 'assignments-status', 'PUBLISHED')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ status: 'PUBLISHED' })
    expect(calls.filter((c) => c.name === 'Assignments').at(-1)!.variables).toEqual({ first: 20, filter: { status: 'PUBLISHED' } })
    expect(w.text()).toContain('没有符合条件的检查')
  })

  it('lets a clerk pick one of the department’s inspectors and narrows to a task from the URL, keeping the workspace’s department', async () => {
    await loginAs('CLERK', 'SW')
    const { calls } = stubServer({ Assignments: page([assignment({ inspectorKey: 'SW01', inspectorName: '李一', departmentCode: 'SW', leader: false, status: 'ASSIGNED', dueOn: null, overdue: false })]), Inspectors: inspectors })
    const w = await mountAt('/workspace?department=SW&task=2026-LZ-0001', 'SW')
    expect(w.find('h2').text()).toBe('检查人员分派')
    expect(calls.find((c) => c.name === 'Inspectors')!.variables).toMatchObject({ first: 30, filter: { department: 'SW' } })
    expect(calls.find((c) => c.name === 'Assignments')!.variables).toEqual({ first: 20, filter: { department: 'SW', task: '2026-LZ-0001' } })
    expect(w.find('[data-testid="assignments-task"]').text()).toContain('任务：2026-LZ-0001')
    const row = w.find('.assignments__table .el-table__body tr')
    expect(row.text()).toContain('李一')
    expect(row.text()).toContain('SW SW01')
    expect(row.text()).toContain('记录结果后确定')

    select(w, 'assignments-inspector', 'SW01')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ department: 'SW', inspector: 'SW01', task: '2026-LZ-0001' })
    expect(calls.filter((c) => c.name === 'Assignments').at(-1)!.variables).toEqual({ first: 20, filter: { department: 'SW', inspector: 'SW01', task: '2026-LZ-0001' } })

    await w.find('[data-testid="assignments-task"] .el-tag__close').trigger('click')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ department: 'SW', inspector: 'SW01' })
  })

  it('shows the server’s refusal, e.g. an inspector account not linked to the roster', async () => {
    await loginAs('INSPECTOR', 'SW')
    stubServer({ Assignments: new ServerError('您的账号尚未关联执法检查人员名录中的人员', 'FORBIDDEN') })
    const w = await mountAt('/workspace', 'SW')
    expect(w.find('.el-alert').text()).toContain('您的账号尚未关联执法检查人员名录中的人员')
    expect(w.find('.el-alert').text()).toContain('FORBIDDEN')
  })
})
