// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { loginAs, ServerError, settle, stubServer } from '../../../__tests__/fakeServer'
import type { Task } from '../../../graphql/types'
import { session } from '../../../stores/session'
import AssignmentSummaryPanel from '../AssignmentSummaryPanel.vue'

const CODE = '2026-LZ-0001'
const task = { code: CODE, status: 'IN_PROGRESS' } as Task
const byStatus = (counts: number[]) => ['ASSIGNED', 'NOTIFIED', 'CHECKED', 'ENTERED', 'PUBLISHED'].map((status, i) => ({ status, count: counts[i] }))
const summary = [
  { inspectorKey: 'SC01', inspectorName: '张一', departmentCode: 'SCJG', total: 3, leader: 2, overdue: 1, byStatus: byStatus([1, 0, 1, 0, 1]) },
  { inspectorKey: 'SW01', inspectorName: '李一', departmentCode: 'SW', total: 4, leader: 0, overdue: 0, byStatus: byStatus([2, 2, 0, 0, 0]) },
]

let wrapper: VueWrapper | null = null
async function mountPanel() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/tasks/:code', name: 'task', component: defineComponent({ render: () => h(AssignmentSummaryPanel, { task, refreshKey: 0 }) }) },
      { path: '/workspace', name: 'workspace', component: { render: () => null } },
    ],
  })
  await router.push(`/tasks/${CODE}`)
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
  document.body.innerHTML = ''
})

describe('按检查人员 on the task page', () => {
  it('lists each inspector with the counts per status and links to their assignments in this task', async () => {
    await loginAs('OFFICE', 'SCJG')
    const { calls } = stubServer({ TaskAssignmentSummary: { task: { code: CODE, assignmentSummary: summary } } })
    const w = await mountPanel()
    expect(calls.find((c) => c.name === 'TaskAssignmentSummary')!.variables).toEqual({ code: CODE })
    const headers = w.findAll('.assignment-summary__table thead th').map((th) => th.text())
    expect(headers).toEqual(['检查人员', '部门', '户数', '组长', '已分派', '已告知', '已检查', '已录入', '已公示', '逾期未公示', '操作'])
    const rows = w.findAll('.assignment-summary__table .el-table__body tr')
    expect(rows).toHaveLength(2)
    const cells = (i: number) => rows[i]!.findAll('td').map((td) => td.text())
    expect(cells(0).slice(0, 10)).toEqual(['张一 SC01', 'SCJG', '3', '2', '1', '0', '1', '0', '1', '1'])
    expect(cells(1).slice(0, 10)).toEqual(['李一 SW01', 'SW', '4', '0', '2', '2', '0', '0', '0', '0'])
    expect(rows[0]!.find('[data-testid="summary-link"]').attributes('href')).toBe(`/workspace?inspector=SC01&task=${CODE}`)
  })

  it('shows the empty state and the server’s errors', async () => {
    await loginAs('CLERK', 'WJ')
    stubServer({ TaskAssignmentSummary: { task: { code: CODE, assignmentSummary: [] } } })
    let w = await mountPanel()
    expect(w.text()).toContain('没有可显示的检查人员分派')
    w.unmount()
    stubServer({ TaskAssignmentSummary: new ServerError('您所在部门（WJ）没有可查看的检查人员', 'FORBIDDEN') })
    w = await mountPanel()
    expect(w.find('.el-alert').text()).toContain('您所在部门（WJ）没有可查看的检查人员')
  })
})
