// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ClientErrorCode, GraphQLRequestError, onUnauthenticated, request, setTokenProvider } from '../client'

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
})

describe('request', () => {
  it('posts the query and variables to /graphql and returns data', async () => {
    const fetchMock = stubFetch(jsonResponse({ data: { me: null } }))
    const data = await request<{ me: null }>('query Me { me { username } }', { a: 1 })
    expect(data).toEqual({ me: null })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/graphql')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body as string)).toEqual({ query: 'query Me { me { username } }', variables: { a: 1 } })
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined()
  })

  it('sends the bearer token when logged in', async () => {
    setTokenProvider(() => 'tok-123')
    const fetchMock = stubFetch(jsonResponse({ data: { ok: true } }))
    await request('{ ok }')
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
    const error = await request('{ department(code: "x") { code } }').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GraphQLRequestError)
    const e = error as GraphQLRequestError
    expect(e.code).toBe('NOT_FOUND')
    expect(e.message).toBe('部门代码不存在')
    expect(e.field).toBe('code')
    expect(e.errors).toHaveLength(2)
  })

  it('treats data plus errors as a failure (no partial results)', async () => {
    stubFetch(jsonResponse({ data: { a: 1 }, errors: [{ message: '无权访问', extensions: { code: 'FORBIDDEN' } }] }))
    await expect(request('{ a }')).rejects.toMatchObject({ code: 'FORBIDDEN', message: '无权访问' })
  })

  it('reads GraphQL errors from a 400 response (validation failures)', async () => {
    stubFetch(
      jsonResponse(
        { errors: [{ message: 'Cannot query field "nope"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
        400,
      ),
    )
    await expect(request('{ nope }')).rejects.toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', status: 400 })
  })

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    stubFetch(async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(request('{ a }')).rejects.toMatchObject({ code: ClientErrorCode.NetworkError })
  })

  it('reports a non-JSON error page as HTTP_ERROR with the status', async () => {
    stubFetch(new Response('<html>Bad Gateway</html>', { status: 502 }))
    await expect(request('{ a }')).rejects.toMatchObject({ code: ClientErrorCode.HttpError, status: 502 })
  })

  it('calls the unauthenticated handler only when a token was sent', async () => {
    const handler = vi.fn()
    onUnauthenticated(handler)
    stubFetch(jsonResponse({ errors: [{ message: '请重新登录', extensions: { code: 'UNAUTHENTICATED' } }] }))
    await expect(request('{ me { username } }')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(handler).not.toHaveBeenCalled()

    setTokenProvider(() => 'expired')
    stubFetch(jsonResponse({ errors: [{ message: '请重新登录', extensions: { code: 'UNAUTHENTICATED' } }] }))
    await expect(request('{ me { username } }')).rejects.toBeInstanceOf(GraphQLRequestError)
    expect(handler).toHaveBeenCalledTimes(1)
  })
})
