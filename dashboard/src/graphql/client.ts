import { m } from '../messages'
import type { Operations } from './operations.generated'

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

/**
 * A String field whose values the schema leaves open but a view knows (`PlanFiling.status`, `DrawProof.status`):
 * the value as that union, or a BAD_RESPONSE error naming the field when the server sends another one.
 */
export function knownValue<T extends string>(values: readonly T[], value: string, field: string): T {
  if ((values as readonly string[]).includes(value)) return value as T
  throw new GraphQLRequestError(ClientErrorCode.BadResponse, m.errors.unknownValue(field, value))
}

/** Any thrown value as a GraphQLRequestError, so views show one kind of error. */
export function toRequestError(e: unknown): GraphQLRequestError {
  if (e instanceof GraphQLRequestError) return e
  if (e instanceof Error) return new GraphQLRequestError(ClientErrorCode.Unknown, e.message)
  return new GraphQLRequestError(ClientErrorCode.Unknown, String(e))
}

// Read when a request is sent, not when the module loads: scripts/gen-operation-types.ts imports the operation
// files (and so this one) in Node, where there is no import.meta.env.
const endpoint = (): string => import.meta.env.VITE_GRAPHQL_URL ?? '/graphql'

let tokenProvider: () => string | null = () => null
let unauthenticatedHandler: (() => void) | null = null
let passwordChangeHandler: (() => void) | null = null

/** The session store tells the client where the bearer token is; the client never owns it. */
export function setTokenProvider(provider: () => string | null): void {
  tokenProvider = provider
}

/** Called when the server answers UNAUTHENTICATED to a request that carried a token (expired session). */
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticatedHandler = handler
}

/** Called when the server refuses a request until the signed-in user changes the password an administrator set. */
export function onPasswordChangeRequired(handler: (() => void) | null): void {
  passwordChangeHandler = handler
}

/**
 * The Authorization header for plain HTTP calls that need the session (the archive's uploads and
 * downloads); empty for anonymous visitors.
 */
export function authHeaders(): Record<string, string> {
  const token = tokenProvider()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

/**
 * A request sent with `token` was refused with `code`: UNAUTHENTICATED means the session has expired,
 * PASSWORD_CHANGE_REQUIRED that the user must change the password an administrator set before anything else.
 * An answer to a token that has been replaced since (a changed password) says nothing about the session.
 */
export function reportRefusal(code: string, token: string | null = tokenProvider()): void {
  if (!token || token !== tokenProvider()) return
  if (code === 'UNAUTHENTICATED') unauthenticatedHandler?.()
  else if (code === 'PASSWORD_CHANGE_REQUIRED') passwordChangeHandler?.()
}

/** The name of an operation of `graphql/<area>.ts` (a key of its `operations`). */
export type OperationName = keyof Operations
/** What an operation answers, derived from its selection by scripts/gen-operation-types.ts. */
export type ResultOf<K extends OperationName> = Operations[K]['result']
/** An operation's variables, derived from its variable definitions. */
export type VariablesOf<K extends OperationName> = Operations[K]['variables']

export interface RequestOptions {
  signal?: AbortSignal
}

/** Variables may be left out when the operation has none that are required. */
type RequestArgs<K extends OperationName> =
  Record<string, never> extends VariablesOf<K>
    ? [variables?: VariablesOf<K>, options?: RequestOptions]
    : [variables: VariablesOf<K>, options?: RequestOptions]

/**
 * POST the operation `name` of an area's `operations` to /graphql and return its `data`, typed by the generated
 * `Operations` map, or throw a GraphQLRequestError. The operation name is sent too, so the server refuses a text
 * that does not hold it. A response with both data and errors counts as failed: the dashboard never shows
 * partial results.
 */
export async function request<K extends OperationName>(
  operations: { readonly [P in NoInfer<K>]: string },
  name: K,
  ...[variables, options = {}]: RequestArgs<K>
): Promise<ResultOf<K>> {
  const token = tokenProvider()
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  }
  if (token) headers.Authorization = `Bearer ${token}`

  let response: Response
  try {
    response = await fetch(endpoint(), {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: operations[name], operationName: name, variables: variables ?? {} }),
      signal: options.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new GraphQLRequestError(ClientErrorCode.NetworkError, m.errors.network)
  }

  let body: { data?: ResultOf<K> | null; errors?: GraphQLErrorItem[] }
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
    reportRefusal(code, token)
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
