// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ClientErrorCode, GraphQLRequestError, knownValue, onPasswordChangeRequired, onUnauthenticated, request, setTokenProvider } from '../client'
import { operations as departmentOps } from '../departments'
import { operations } from '../session'

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function stubFetch(response: Response | (() => Promise<Response>)) {
  const fn = vi.fn<(url: string, init: RequestInit) => Promise<Response>>(
    typeof response === 'function' ? response : async () => response,
  )
  vi.stubGlobal('fetch', fn)
  return fn
}

afterEach(() => {
  vi.unstubAllGlobals()
  setTokenProvider(() => null)
  onUnauthenticated(null)
  onPasswordChangeRequired(null)
})

describe('request', () => {
  it('posts the operation by name, its text and variables to /graphql and returns data', async () => {
    const fetchMock = stubFetch(jsonResponse({ data: { login: { token: 't', user: null } } }))
    const data = await request(operations, 'Login', { username: 'u', password: 'p' })
    expect(data).toEqual({ login: { token: 't', user: null } })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/graphql')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body as string)).toEqual({ query: operations.Login, operationName: 'Login', variables: { username: 'u', password: 'p' } })
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined()
  })

  it('sends empty variables when an operation needs none', async () => {
    const fetchMock = stubFetch(jsonResponse({ data: { me: null } }))
    await request(operations, 'Me')
    expect(JSON.parse(fetchMock.mock.calls[0]![1].body as string)).toEqual({ query: operations.Me, operationName: 'Me', variables: {} })
  })

  it('types variables and results by the generated Operations map', () => {
    // Compile-time only (vue-tsc): each line below must be a type error, or the @ts-expect-error fails the build.
    const typeErrors = async () => {
      // @ts-expect-error a required variable is missing
      await request(operations, 'Login', { username: 'u' })
      // @ts-expect-error a variable of the wrong type
      await request(operations, 'Login', { username: 'u', password: 1 })
      // @ts-expect-error a variable the operation does not declare
      await request(operations, 'Me', { id: '1' })
      // @ts-expect-error an operation that is not in the operations given
      await request(operations, 'Departments')
      // @ts-expect-error an input field of the wrong type
      await request(departmentOps, 'Departments', { filter: { member: 'yes' } })
      const data = await request(operations, 'Me')
      // @ts-expect-error me is nullable
      void data.me.username
      // @ts-expect-error a field the operation does not select
      void data.me?.token
      const role: 'ADMIN' | 'LEADER' | 'OFFICE' | 'DEPT_HEAD' | 'CLERK' | 'INSPECTOR' | undefined = data.me?.role
      return role
    }
    expect(typeof typeErrors).toBe('function')
  })

  it('sends the bearer token when logged in', async () => {
    setTokenProvider(() => 'tok-123')
    const fetchMock = stubFetch(jsonResponse({ data: { me: null } }))
    await request(operations, 'Me')
    const init = fetchMock.mock.calls[0]![1]
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok-123')
  })

  it('throws a GraphQLRequestError carrying extensions.code, the message and the field', async () => {
    stubFetch(
      jsonResponse({
        data: null,
        errors: [
          { message: '部门代码不存在', path: ['department'], extensions: { code: 'NOT_FOUND', field: 'code' } },
          { message: 'second', extensions: { code: 'OTHER' } },
        ],
      }),
    )
    const error = await request(operations, 'Me').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GraphQLRequestError)
    const e = error as GraphQLRequestError
    expect(e.code).toBe('NOT_FOUND')
    expect(e.message).toBe('部门代码不存在')
    expect(e.field).toBe('code')
    expect(e.errors).toHaveLength(2)
  })

  it('treats data plus errors as a failure (no partial results)', async () => {
    stubFetch(jsonResponse({ data: { a: 1 }, errors: [{ message: '无权访问', extensions: { code: 'FORBIDDEN' } }] }))
    await expect(request(operations, 'Me')).rejects.toMatchObject({ code: 'FORBIDDEN', message: '无权访问' })
  })

  it('reads GraphQL errors from a 400 response (validation failures)', async () => {
    stubFetch(
      jsonResponse(
        { errors: [{ message: 'Cannot query field "nope"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
        400,
      ),
    )
    await expect(request(operations, 'Me')).rejects.toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', status: 400 })
  })

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    stubFetch(async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(request(operations, 'Me')).rejects.toMatchObject({ code: ClientErrorCode.NetworkError })
  })

  it('reports a non-JSON error page as HTTP_ERROR with the status', async () => {
    stubFetch(new Response('<html>Bad Gateway</html>', { status: 502 }))
    await expect(request(operations, 'Me')).rejects.toMatchObject({ code: ClientErrorCode.HttpError, status: 502 })
  })

  it('calls the unauthenticated handler only when a token was sent', async () => {
    const handler = vi.fn()
    onUnauthenticated(handler)
    stubFetch(jsonResponse({ errors: [{ message: '请重新登录', extensions: { code: 'UNAUTHENTICATED' } }] }))
    await expect(request(operations, 'Me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(handler).not.toHaveBeenCalled()

    setTokenProvider(() => 'expired')
    stubFetch(jsonResponse({ errors: [{ message: '请重新登录', extensions: { code: 'UNAUTHENTICATED' } }] }))
    await expect(request(operations, 'Me')).rejects.toBeInstanceOf(GraphQLRequestError)
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('tells the session when the password must be changed first, and ignores answers to a token replaced since', async () => {
    const mustChange = vi.fn()
    const expired = vi.fn()
    onPasswordChangeRequired(mustChange)
    onUnauthenticated(expired)
    let token = 'old'
    setTokenProvider(() => token)
    stubFetch(jsonResponse({ errors: [{ message: '密码由管理员设置，请先修改密码再使用系统', extensions: { code: 'PASSWORD_CHANGE_REQUIRED' } }] }))
    await expect(request(departmentOps, 'Departments', { first: 10 })).rejects.toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' })
    expect(mustChange).toHaveBeenCalledTimes(1)

    // A request sent before the password was changed answers after the new token is in place.
    stubFetch(async () => {
      token = 'new'
      return jsonResponse({ errors: [{ message: '请重新登录', extensions: { code: 'UNAUTHENTICATED' } }] })
    })
    await expect(request(operations, 'Me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(expired).not.toHaveBeenCalled()
  })

  it('narrows an open String field to the values a view knows, or names the field', () => {
    expect(knownValue(['FILED', 'DRAFT'] as const, 'FILED', 'PlanFiling.status')).toBe('FILED')
    expect(() => knownValue(['FILED', 'DRAFT'] as const, 'LOST', 'PlanFiling.status')).toThrow(
      expect.objectContaining({ code: ClientErrorCode.BadResponse, message: '服务器返回的 PlanFiling.status 取值“LOST”无法识别' }),
    )
  })
})
