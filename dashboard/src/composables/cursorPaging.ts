import type { PageInfo } from '../graphql/types'

/**
 * Relay connections only page forward (`first`/`after`). To offer 上一页 we remember, per list, which
 * `after` cursor led to each page. The memory lives in sessionStorage so it survives a reload; a shared
 * link without that memory still works, and 上一页 then falls back to the first page.
 */
const STORAGE_KEY = 'jointcheck.cursorTrail'

type Trail = Record<string, string>

function load(): Trail {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}') as Trail
  } catch {
    return {}
  }
}

function save(trail: Trail): void {
  try {
    const entries = Object.entries(trail)
    // Keep the memory small: the last 500 page transitions are plenty for back-paging.
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(entries.slice(-500))))
  } catch {
    // Storage full or disabled: 上一页 falls back to the first page.
  }
}

/** Record that page `to` was reached from page `from` (undefined = first page) of list `list`. */
export function rememberStep(list: string, to: string, from: string | undefined): void {
  const trail = load()
  trail[`${list}\u0000${to}`] = from ?? ''
  save(trail)
}

/** The `after` cursor of the page before the page starting after `cursor`; undefined = first page. */
export function previousCursor(list: string, cursor: string): string | undefined {
  const prev = load()[`${list}\u0000${cursor}`]
  return prev ? prev : undefined
}

/** The paging part of a list view's URL query. */
export interface PagingState {
  after: string | undefined
  page: number
  size: number
}

/** A query patch; undefined values go back to the defaults (first page). */
export type PagingPatch = { after?: string | undefined; page?: number | undefined; size?: number | undefined }

const FIRST_PAGE: PagingPatch = { after: undefined, page: undefined }

/** Patch for the page after the current one, or null when the connection says there is none. */
export function nextPage(list: string, current: PagingState, pageInfo: PageInfo | null | undefined): PagingPatch | null {
  if (!pageInfo?.hasNextPage || !pageInfo.endCursor) return null
  rememberStep(list, pageInfo.endCursor, current.after)
  return { after: pageInfo.endCursor, page: current.page + 1 }
}

/** Patch for the page before the current one (the first page when the trail is unknown). */
export function prevPage(list: string, current: PagingState): PagingPatch {
  if (!current.after || current.page <= 2) return FIRST_PAGE
  const before = previousCursor(list, current.after)
  return before ? { after: before, page: current.page - 1 } : FIRST_PAGE
}

export function firstPage(): PagingPatch {
  return FIRST_PAGE
}
