// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createMemoryHistory, START_LOCATION, type RouteLocationNormalized } from 'vue-router'
import App from '../App.vue'
import { createAppRouter, safeRedirect } from '../router'
import { session } from '../stores/session'
import { buttons, department, ServerError, settle, stubServer, type } from './fakeServer'

function stubLogin(role: string) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () =>
      new Response(
        JSON.stringify({
          data: {
            login: {
              token: 't-1',
              user: { username: 'u', displayName: '测试用户', role, department: { code: 'SCJG', name: '市场监督管理局', shortName: '市场监管' }, mustChangePassword: false },
            },
          },
        }),
        { headers: { 'Content-Type': 'application/json' } },
      ),
    ),
  )
}

let mounted: { unmount(): void } | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
  session.logout()
  vi.unstubAllGlobals()
})

describe('router guard', () => {
  it('sends anonymous visitors of staff pages to 登录 with a way back', async () => {
    const router = createAppRouter(createMemoryHistory())
    await router.push('/import?kind=ITEMS')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/import?kind=ITEMS')
  })

  it('lets the public see the public directories', async () => {
    const router = createAppRouter(createMemoryHistory())
    await router.push('/subjects')
    expect(router.currentRoute.value.name).toBe('subjects')
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('departments')
  })

  it('admits department staff to maintenance pages and keeps other roles out', async () => {
    stubLogin('CLERK')
    await session.login('scjg-clerk', 'demo')
    expect(localStorage.getItem('jointcheck.token')).toBe('t-1')
    const router = createAppRouter(createMemoryHistory())
    await router.push('/import')
    expect(router.currentRoute.value.name).toBe('import')
    await router.push('/audit')
    expect(router.currentRoute.value.name).toBe('forbidden')
    await router.push('/backups')
    expect(router.currentRoute.value.name).toBe('forbidden')
    await router.push('/accounts')
    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(router.currentRoute.value.query.from).toBe('/accounts')
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('cockpit')

    session.logout()
    stubLogin('INSPECTOR')
    await session.login('inspector', 'demo')
    await router.push('/import')
    expect(router.currentRoute.value.name).toBe('forbidden')
  })

  it('keeps a user whose password an administrator set on 修改密码 until it is changed, then goes where they were going', async () => {
    const user = (mustChangePassword: boolean) => ({ username: 'zhangsan', displayName: '张三', role: 'CLERK', department: department('SCJG', '市场监督管理局'), mustChangePassword })
    const { calls } = stubServer({
      Login: { login: { token: 't-1', user: user(true) } },
      ChangePassword: { changePassword: { token: 't-2', user: user(false) } },
    })
    await session.login('zhangsan', 'Init2026x')
    const router = createAppRouter(createMemoryHistory())
    await router.push('/import?kind=ITEMS')
    expect(router.currentRoute.value.name).toBe('password')
    expect(router.currentRoute.value.query.redirect).toBe('/import?kind=ITEMS')
    // Public pages and 登录 too: the server refuses everything but the change.
    await router.push('/departments')
    expect(router.currentRoute.value.name).toBe('password')
    await router.push('/login')
    expect(router.currentRoute.value.name).toBe('password')

    await router.push('/password?redirect=/import%3Fkind%3DITEMS')
    mounted = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    await settle()
    expect(document.body.textContent).toContain('管理员为您设置了初始密码，请先修改')
    type(document.querySelector('input[data-testid="old-password"]'), 'Init2026x')
    type(document.querySelector('input[data-testid="new-password"]'), 'zhangsan2026')
    type(document.querySelector('input[data-testid="confirm-password"]'), 'zhangsan2026')
    buttons(document.body, '修改密码')[0]!.click()
    await settle()
    expect(document.body.textContent).toContain('不能包含登录名')
    type(document.querySelector('input[data-testid="new-password"]'), 'Winter2026')
    type(document.querySelector('input[data-testid="confirm-password"]'), 'Winter2026')
    buttons(document.body, '修改密码')[0]!.click()
    await settle()
    expect(calls.filter((c) => c.name === 'ChangePassword').map((c) => c.variables)).toEqual([{ oldPassword: 'Init2026x', newPassword: 'Winter2026' }])
    expect(localStorage.getItem('jointcheck.token')).toBe('t-2')
    expect(router.currentRoute.value.name).toBe('import')
    expect(router.currentRoute.value.query.kind).toBe('ITEMS')
    // Changed: 修改密码 is no longer a page to be kept on.
    await router.push('/password')
    expect(router.currentRoute.value.name).toBe('cockpit')
  })

  it('goes to 修改密码 when the server answers that the password must be changed first', async () => {
    stubServer({ Login: { login: { token: 't-1', user: { username: 'u', displayName: '测试', role: 'CLERK', department: department('SCJG'), mustChangePassword: false } } } })
    await session.login('u', 'demo')
    stubServer({ Departments: new ServerError('密码由管理员设置，请先修改密码再使用系统', 'PASSWORD_CHANGE_REQUIRED', 'password') })
    const router = createAppRouter(createMemoryHistory())
    await router.push('/departments?search=%E7%A8%8E')
    mounted = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    await settle()
    expect(router.currentRoute.value.name).toBe('password')
    expect(router.currentRoute.value.query.redirect).toBe('/departments?search=%E7%A8%8E')
  })

  it('starts a page entered from another at the top, and leaves the first load where the browser is', async () => {
    const router = createAppRouter(createMemoryHistory())
    const scroll = router.options.scrollBehavior!
    const at = (path: string) => router.resolve(path) as RouteLocationNormalized
    const first = await scroll(at('/public'), START_LOCATION, null)
    expect(first).toBe(false)
    const next = await scroll(at('/departments'), at('/public'), null)
    expect(next).toEqual({ top: 0 })
  })

  it('follows only same-app redirects after login', () => {
    expect(safeRedirect('/items?category=KEY')).toBe('/items?category=KEY')
    expect(safeRedirect('//evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
  })
})

describe('prefetching', () => {
  it("asks for the cockpit's metrics as a signed-in user enters it, before the session check answers, and not again for a filter change", async () => {
    localStorage.setItem('jointcheck.token', 'tok')
    const { calls } = stubServer({
      Me: { me: { username: 'leader', displayName: '领导', role: 'LEADER', department: null } },
      CockpitMetrics: { metrics: null },
    })
    // A fresh session store, as on a page load: it reads the stored token.
    vi.resetModules()
    const { createAppRouter: freshRouter } = await import('../router')
    const router = freshRouter(createMemoryHistory())
    await router.push('/cockpit?year=2025')
    expect(router.currentRoute.value.name).toBe('cockpit')
    const names = calls.map((c) => c.name)
    expect(names[0]).toBe('CockpitMetrics')
    expect(names).toContain('Me')
    expect(calls.find((c) => c.name === 'CockpitMetrics')!.variables).toEqual({ filter: { year: 2025 } })

    await router.push('/cockpit?year=2024')
    await router.push('/departments')
    expect(calls.filter((c) => c.name === 'CockpitMetrics')).toHaveLength(1)
    localStorage.removeItem('jointcheck.token')
  })

  it('asks for nothing ahead without a stored session', async () => {
    const { calls } = stubServer({})
    const router = createAppRouter(createMemoryHistory())
    await router.push('/cockpit')
    expect(router.currentRoute.value.name).toBe('login')
    expect(calls.map((c) => c.name)).not.toContain('CockpitMetrics')
  })
})
