// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter, safeRedirect } from '../router'
import { session } from '../stores/session'

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
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('cockpit')

    session.logout()
    stubLogin('INSPECTOR')
    await session.login('inspector', 'demo')
    await router.push('/import')
    expect(router.currentRoute.value.name).toBe('forbidden')
  })

  it('follows only same-app redirects after login', () => {
    expect(safeRedirect('/items?category=KEY')).toBe('/items?category=KEY')
    expect(safeRedirect('//evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
  })
})
