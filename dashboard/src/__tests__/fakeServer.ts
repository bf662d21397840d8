// Test helpers for component specs: a fake server behind `fetch` (GraphQL answered by operation name,
// plain HTTP by method and path), logging in as a given role, and waiting for the page to settle.
import { flushPromises } from '@vue/test-utils'
import { vi } from 'vitest'
import type { Role } from '../graphql/types'
import { session } from '../stores/session'

export interface GraphQLCall {
  name: string
  variables: Record<string, unknown>
}

export interface HttpCall {
  method: string
  url: string
  headers: Record<string, string>
  body: unknown
}

type Answer = unknown | ((variables: Record<string, unknown>) => unknown)
/** An HTTP route's answer: status and JSON body. */
export type HttpAnswer = { status: number; json: unknown } | ((call: HttpCall) => { status: number; json: unknown })

/** A GraphQL error answer for an operation. */
export class ServerError {
  constructor(
    readonly message: string,
    readonly code = 'BAD_USER_INPUT',
    /** The offending input field (`extensions.field`), when the server names one. */
    readonly field?: string,
  ) {}
}

export const department = (code: string, name = code) => ({ code, name, shortName: name })

export const DEPARTMENTS = {
  departments: {
    totalCount: 3,
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    nodes: [
      { ...department('SCJG', '市场监督管理局'), shortName: '市场监管', kind: 'MARKET_REGULATION', member: true, active: true, itemCount: 1, inspectorCount: 1, librarySize: 1 },
      { ...department('SW', '税务局'), shortName: '税务', kind: 'TAX', member: true, active: true, itemCount: 1, inspectorCount: 1, librarySize: 1 },
      { ...department('WJ', '卫生健康局'), shortName: '卫健', kind: 'HEALTH', member: true, active: true, itemCount: 1, inspectorCount: 1, librarySize: 1 },
    ],
  },
}

export function stubServer(graphql: Record<string, Answer>, http: Record<string, HttpAnswer> = {}) {
  const calls: GraphQLCall[] = []
  const httpCalls: HttpCall[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = String(input)
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
      if (url.startsWith('/graphql')) {
        const body = JSON.parse(init.body as string) as { query: string; operationName?: string; variables: Record<string, unknown> }
        const name = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? ''
        // As the real server does: the operation named beside the text must be the one the text holds.
        if (body.operationName !== undefined && body.operationName !== name) {
          return json(400, { errors: [{ message: `Unknown operation named "${body.operationName}".`, extensions: { code: 'BAD_REQUEST' } }] })
        }
        calls.push({ name, variables: body.variables })
        const answer = name === 'Departments' && !(name in graphql) ? DEPARTMENTS : graphql[name]
        const value = typeof answer === 'function' ? (answer as (v: Record<string, unknown>) => unknown)(body.variables) : answer
        if (value instanceof ServerError) return json(200, { errors: [{ message: value.message, extensions: { code: value.code, field: value.field } }] })
        return json(200, { data: value ?? null })
      }
      const method = (init.method ?? 'GET').toUpperCase()
      const call: HttpCall = { method, url, headers: Object.fromEntries([...new Headers(init.headers).entries()].map(([k, v]) => [k.toLowerCase(), v])), body: init.body }
      httpCalls.push(call)
      const path = url.split('?')[0]!
      const route = http[`${method} ${path}`]
      if (!route) return json(404, { error: 'not found' })
      const { status, json: payload } = typeof route === 'function' ? route(call) : route
      return json(status, payload)
    }),
  )
  return { calls, httpCalls }
}

export async function loginAs(role: Role, dept: string | null, username = 'u') {
  stubServer({ Login: { login: { token: 'tok', user: { username, displayName: '测试', role, department: dept ? department(dept) : null } } } })
  await session.login(username, 'demo')
}

/** Lets pending requests, renders and timers run: `rounds` times, `ms` apart (charts loaded on demand want more). */
export async function settle(rounds = 4, ms = 10) {
  for (let i = 0; i < rounds; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, ms))
  }
}

export const buttons = (root: ParentNode, text: string) =>
  [...root.querySelectorAll('button')].filter((b) => b.textContent?.trim() === text) as HTMLButtonElement[]

/** Types into a native input or textarea the way a user would. */
export function type(el: Element | null, value: string) {
  const input = el as HTMLInputElement | HTMLTextAreaElement
  input.value = value
  input.dispatchEvent(new Event('input'))
}

/** Fills the open message box's prompt and presses its button. */
export async function answerPrompt(value: string, button: string) {
  const box = document.querySelector('.el-message-box') as HTMLElement
  const input = box.querySelector('textarea, input') as HTMLInputElement | null
  if (input) type(input, value)
  await settle()
  buttons(box, button)[0]!.click()
  await settle()
}
