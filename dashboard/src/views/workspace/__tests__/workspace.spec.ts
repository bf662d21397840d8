// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import type { Role } from '../../../graphql/types'
import { session } from '../../../stores/session'
import WorkspaceView from '../index.vue'

const pageInfo = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }
const department = (code: string, name = code) => ({ code, name, shortName: name })
const overdue = [
  { id: '11', taskCode: '2026-LZ-0001', leadDepartment: 'SCJG', subjectKey: '91370305MA0000001X', subjectName: '淄博甲商贸有限公司', status: 'CHECKED', dueOn: '2026-02-03', workingDaysOverdue: 12 },
]
const taskRow = (code: string, status: string, windowTo: string) => ({
  id: code, code, year: 2026, name: `任务 ${code}`, kind: 'SPECIAL', joint: true, status, departments: ['SCJG', 'SW'], windowFrom: '2026-01-01', windowTo, attempt: 1,
})

interface Call {
  name: string
  variables: Record<string, unknown>
}

function stubServer(answers: Record<string, unknown | ((v: Record<string, unknown>) => unknown)>) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as { query: string; variables: Record<string, unknown> }
      const name = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? ''
      calls.push({ name, variables: body.variables })
      const answer = answers[name]
      const value = typeof answer === 'function' ? (answer as (v: Record<string, unknown>) => unknown)(body.variables) : answer
      return new Response(JSON.stringify({ data: value ?? null }), { headers: { 'Content-Type': 'application/json' } })
    }),
  )
  return calls
}

async function loginAs(role: Role, dept: string | null) {
  stubServer({ Login: { login: { token: 't', user: { username: 'u', displayName: '测试', role, department: dept ? department(dept, `${dept}局`) : null } } } })
  await session.login('u', 'demo')
}

const answers = {
  OverdueInspections: { overdueInspections: overdue },
  Tasks: (v: Record<string, unknown>) => {
    const status = (v.filter as { status: string }).status
    const nodes = status === 'DRAWN' ? [taskRow('2026-LZ-0003', 'DRAWN', '2026-12-31')] : [taskRow('2026-LZ-0001', 'IN_PROGRESS', '2026-06-30')]
    return { tasks: { totalCount: nodes.length, pageInfo, nodes } }
  },
  Departments: { departments: { totalCount: 0, pageInfo, nodes: [] } },
}

let wrapper: VueWrapper | null = null
async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/workspace', name: 'workspace', component: WorkspaceView },
      { path: '/tasks', name: 'tasks', component: { render: () => null } },
      { path: '/tasks/:code', name: 'task', component: { render: () => null } },
      { path: '/inspections/:id', name: 'inspection', component: { render: () => null } },
      { path: '/:rest(.*)*', component: { render: () => null } },
    ],
  })
  await router.push(path)
  await router.isReady()
  wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  for (let i = 0; i < 4; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 10))
  }
  return wrapper
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('department workspace', () => {
  it('shows a clerk the own department’s overdue inspections and tasks in progress, with links', async () => {
    await loginAs('CLERK', 'SW')
    const calls = stubServer(answers)
    const w = await mountAt('/workspace')
    expect(w.find('[data-testid="own-department"]').text()).toBe('本部门：SW局')
    expect(calls.find((c) => c.name === 'OverdueInspections')!.variables).toEqual({ department: 'SW' })
    const taskCalls = calls.filter((c) => c.name === 'Tasks').map((c) => c.variables.filter)
    expect(taskCalls).toEqual([{ department: 'SW', status: 'DRAWN' }, { department: 'SW', status: 'IN_PROGRESS' }])

    const row = w.find('.workspace__overdue-table .el-table__body tr')
    expect(row.text()).toContain('淄博甲商贸有限公司')
    expect(row.text()).toContain('2026-02-03')
    expect(row.text()).toContain('12 个工作日')
    expect(row.text()).toContain('已检查')
    const hrefs = row.findAll('a').map((a) => a.attributes('href'))
    expect(hrefs).toContain('/inspections/11')
    expect(hrefs).toContain('/tasks/2026-LZ-0001')

    // Tasks in progress, the one ending first on top.
    const tasks = w.findAll('.workspace__tasks-table .el-table__body tr')
    expect(tasks.map((r) => r.find('a').attributes('href'))).toEqual(['/tasks/2026-LZ-0001', '/tasks/2026-LZ-0003'])
    expect(w.find('.workspace__all').attributes('href')).toBe('/tasks?department=SW')
  })

  it('lets the office choose a department in the URL, all departments when none', async () => {
    await loginAs('OFFICE', 'SCJG')
    let calls = stubServer(answers)
    let w = await mountAt('/workspace')
    expect(w.find('[data-testid="own-department"]').exists()).toBe(false)
    expect(calls.find((c) => c.name === 'OverdueInspections')!.variables).toEqual({})
    w.unmount()
    calls = stubServer({ ...answers, OverdueInspections: { overdueInspections: [] } })
    w = await mountAt('/workspace?department=WJ')
    expect(calls.find((c) => c.name === 'OverdueInspections')!.variables).toEqual({ department: 'WJ' })
    expect(w.text()).toContain('没有逾期未公示的检查')
  })
})
