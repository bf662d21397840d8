import { m } from '../messages'

/** One entry of a GraphQL response's `errors` array. */
export interface GraphQLErrorItem {
  message: string
  path?: ReadonlyArray<string | number>
  extensions?: { code?: string; field?: string; [key: string]: unknown }
}

/** Codes the client itself produces when there is no GraphQL error to carry. */
export const ClientErrorCode = {
  NetworkError: 'NETWORK_ERROR',
  HttpError: 'HTTP_ERROR',
  BadResponse: 'BAD_RESPONSE',
  NoData: 'NO_DATA',
  Unknown: 'UNKNOWN',
} as const

/**
 * A failed GraphQL request. `code` is the server's `extensions.code` of the first error (NOT_FOUND,
 * FORBIDDEN, BAD_USER_INPUT, UNAUTHENTICATED, ...) or a ClientErrorCode; `message` is the server's message,
 * which the server writes in Chinese for users.
 */
export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError'
  readonly code: string
  /** The offending input field, when the server names one (`extensions.field`). */
  readonly field: string | undefined
  readonly errors: GraphQLErrorItem[]
  readonly status: number | undefined

  constructor(code: string, message: string, errors: GraphQLErrorItem[] = [], status?: number) {
    super(message)
    this.code = code
    this.errors = errors
    this.status = status
    const field = errors[0]?.extensions?.field
    this.field = typeof field === 'string' ? field : undefined
  }
}

export function isGraphQLRequestError(e: unknown): e is GraphQLRequestError {
  return e instanceof GraphQLRequestError
}

/** Any thrown value as a GraphQLRequestError, so views show one kind of error. */
export function toRequestError(e: unknown): GraphQLRequestError {
  if (e instanceof GraphQLRequestError) return e
  if (e instanceof Error) return new GraphQLRequestError(ClientErrorCode.Unknown, e.message)
  return new GraphQLRequestError(ClientErrorCode.Unknown, String(e))
}

const endpoint: string = import.meta.env.VITE_GRAPHQL_URL ?? '/graphql'

let tokenProvider: () => string | null = () => null
let unauthenticatedHandler: (() => void) | null = null

/** The session store tells the client where the bearer token is; the client never owns it. */
export function setTokenProvider(provider: () => string | null): void {
  tokenProvider = provider
}

/** Called when the server answers UNAUTHENTICATED to a request that carried a token (expired session). */
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticatedHandler = handler
}

/**
 * The Authorization header for plain HTTP calls that need the session (the archive's uploads and
 * downloads); empty for anonymous visitors.
 */
export function authHeaders(): Record<string, string> {
  const token = tokenProvider()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

/** A plain HTTP call answered UNAUTHENTICATED although it carried a token: the session has expired. */
export function reportUnauthenticated(): void {
  if (tokenProvider() && unauthenticatedHandler) unauthenticatedHandler()
}

/** Operation variables: any plain object (typed per operation by its caller). */
export type Variables = object

export interface RequestOptions {
  signal?: AbortSignal
}

/**
 * POST one operation to /graphql and return its `data`, or throw a GraphQLRequestError.
 * A response with both data and errors counts as failed: the dashboard never shows partial results.
 */
export async function request<T>(
  query: string,
  variables?: Variables,
  options: RequestOptions = {},
): Promise<T> {
  const token = tokenProvider()
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  }
  if (token) headers.Authorization = `Bearer ${token}`

  let response: Response
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables: variables ?? {} }),
      signal: options.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new GraphQLRequestError(ClientErrorCode.NetworkError, m.errors.network)
  }

  let body: { data?: T | null; errors?: GraphQLErrorItem[] }
  try {
    body = (await response.json()) as typeof body
  } catch {
    // A proxy error page or an empty body: no GraphQL answer at all.
    throw response.ok
      ? new GraphQLRequestError(ClientErrorCode.BadResponse, m.errors.badResponse, [], response.status)
      : new GraphQLRequestError(ClientErrorCode.HttpError, m.errors.http(response.status), [], response.status)
  }

  if (body.errors && body.errors.length > 0) {
    const first = body.errors[0]!
    const code = first.extensions?.code ?? ClientErrorCode.Unknown
    if (code === 'UNAUTHENTICATED' && token && unauthenticatedHandler) unauthenticatedHandler()
    throw new GraphQLRequestError(code, first.message, body.errors, response.status)
  }
  if (!response.ok) {
    throw new GraphQLRequestError(ClientErrorCode.HttpError, m.errors.http(response.status), [], response.status)
  }
  if (body.data === undefined || body.data === null) {
    throw new GraphQLRequestError(ClientErrorCode.NoData, m.errors.noData, [], response.status)
  }
  return body.data
}
