// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, START_LOCATION, type RouteLocationNormalized } from 'vue-router'
import { createAppRouter, safeRedirect } from '../router'
import { session } from '../stores/session'
import { stubServer } from './fakeServer'

function stubLogin(role: string) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () =>
      new Response(
        JSON.stringify({
          data: {
            login: {
              token: 't-1',
              user: { username: 'u', displayName: '测试用户', role, department: { code: 'SCJG', name: '市场监督管理局', shortName: '市场监管' } },
            },
          },
        }),
        { headers: { 'Content-Type': 'application/json' } },
      ),
    ),
  )
}

afterEach(() => {
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
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('cockpit')

    session.logout()
    stubLogin('INSPECTOR')
    await session.login('inspector', 'demo')
    await router.push('/import')
    expect(router.currentRoute.value.name).toBe('forbidden')
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
