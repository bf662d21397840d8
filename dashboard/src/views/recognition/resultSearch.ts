// The search over every department's published results (互认检索 on /recognition, 检查结果公示 on /public):
// its URL query fields, which the pages spread into their own useQueryState schema, and the filter.
import { q, type QueryField, type QueryValues } from '../../composables/useQueryState'
import { OUTCOMES, type ResultSearchFilter } from '../../graphql/types'

export const RESULT_SIZES = [20, 50, 100] as const

/** A YYYY-MM-DD date; anything else in the URL is ignored. */
function isoDate(): QueryField<string | undefined> {
  const pick = (raw: string | undefined) => (raw && /^\d{4}-\d{2}-\d{2}$/.test(raw.trim()) ? raw.trim() : undefined)
  return { parse: pick, format: pick }
}

export const resultSearchQuery = {
  item: q.string(),
  department: q.string(),
  outcome: q.enum(OUTCOMES),
  region: q.string(),
  industry: q.string(),
  from: isoDate(),
  to: isoDate(),
  after: q.string(),
  page: q.int(1, { min: 1 }),
  size: q.int(20, { allowed: RESULT_SIZES }),
}

/** Paging keys of the search, reset by any filter change. */
export const RESULT_PAGING = ['after', 'page'] as const

export type ResultSearchState = QueryValues<typeof resultSearchQuery>

/** A patch of the search's URL state. */
export type ResultSearchPatch = Partial<ResultSearchState>

export function resultFilter(state: ResultSearchState): ResultSearchFilter {
  return {
    item: state.item,
    department: state.department,
    outcome: state.outcome,
    region: state.region,
    industry: state.industry,
    from: state.from,
    to: state.to,
  }
}

export function isFiltered(state: ResultSearchState): boolean {
  return Object.values(resultFilter(state)).some((v) => v !== undefined)
}

/** The patch that clears every filter (and so the paging). */
export const CLEAR_FILTERS: ResultSearchPatch = {
  item: undefined,
  department: undefined,
  outcome: undefined,
  region: undefined,
  industry: undefined,
  from: undefined,
  to: undefined,
  after: undefined,
  page: undefined,
}
