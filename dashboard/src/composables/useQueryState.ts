import { computed, type ComputedRef } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'

/**
 * One URL query parameter: how to read it from the URL and how to write it back.
 * `format` returns undefined for the default value so that URLs stay short and canonical.
 */
export interface QueryField<T> {
  parse(raw: string | undefined): T
  format(value: T): string | undefined
}

export type QuerySchema = Record<string, QueryField<any>>
export type QueryValues<S extends QuerySchema> = { [K in keyof S]: S[K] extends QueryField<infer T> ? T : never }

function trimmed(raw: string | undefined): string | undefined {
  const v = raw?.trim()
  return v ? v : undefined
}

/** Field constructors for the kinds of filters the dashboard uses. */
export const q = {
  /** Free text; empty means "no filter". */
  string(): QueryField<string | undefined> {
    return { parse: trimmed, format: trimmed }
  },
  /** One of a closed set (a GraphQL enum); anything else in the URL is ignored. */
  enum<T extends string>(values: readonly T[]): QueryField<T | undefined> {
    const allowed = new Set<string>(values)
    const pick = (raw: string | undefined) => (raw !== undefined && allowed.has(raw) ? (raw as T) : undefined)
    return { parse: pick, format: pick }
  },
  /** A flag written as 1/0; the default is left out of the URL. */
  boolean(defaultValue = false): QueryField<boolean> {
    return {
      parse: (raw) => (raw === undefined ? defaultValue : raw === '1' || raw === 'true'),
      format: (value) => (value === defaultValue ? undefined : value ? '1' : '0'),
    }
  },
  /** An integer, clamped; invalid input falls back to the default. */
  int(defaultValue: number, options: { min?: number; max?: number; allowed?: readonly number[] } = {}): QueryField<number> {
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER, allowed } = options
    const clean = (n: number) => {
      if (!Number.isInteger(n)) return defaultValue
      if (allowed && !allowed.includes(n)) return defaultValue
      return Math.min(max, Math.max(min, n))
    }
    return {
      parse: (raw) => (raw === undefined || raw.trim() === '' ? defaultValue : clean(Number(raw))),
      format: (value) => {
        const v = clean(value)
        return v === defaultValue ? undefined : String(v)
      },
    }
  },
}

function first(value: LocationQuery[string] | undefined): string | undefined {
  if (Array.isArray(value)) return value[0] ?? undefined
  return value ?? undefined
}

/** URL query → typed values; unknown keys are ignored, bad values fall back to defaults. */
export function parseQuery<S extends QuerySchema>(schema: S, query: LocationQuery): QueryValues<S> {
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(schema)) out[key] = field.parse(first(query[key]))
  return out as QueryValues<S>
}

/** Typed values → URL query, leaving out defaults and empty values. */
export function formatQuery<S extends QuerySchema>(schema: S, values: Partial<QueryValues<S>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, field] of Object.entries(schema)) {
    const value = (values as Record<string, unknown>)[key]
    // undefined means "not set": the URL then carries nothing and parsing yields the default.
    if (value === undefined) continue
    const raw = field.format(value)
    if (raw !== undefined) out[key] = raw
  }
  return out
}

export interface QueryStateOptions<S extends QuerySchema> {
  /** Paging keys: cleared whenever any other non-passive key changes (new filter ⇒ first page). */
  paging?: readonly (keyof S & string)[]
  /** Keys that change neither the data nor the page, e.g. which detail drawer is open. */
  passive?: readonly (keyof S & string)[]
}

export interface QueryState<S extends QuerySchema> {
  /** The current values, always derived from the URL (so back/forward just works). */
  state: ComputedRef<QueryValues<S>>
  /** Push a new history entry with the patch applied. */
  set(patch: Partial<QueryValues<S>>, options?: { replace?: boolean }): Promise<unknown>
  /** Back to all defaults (keeps passive keys closed too). */
  reset(): Promise<unknown>
  /** The next query for a patch, without navigating (used to build links). */
  queryFor(patch: Partial<QueryValues<S>>): LocationQueryRaw
}

/** Apply a patch the way `set` does: a change of any filter key resets the paging keys. */
export function applyPatch<S extends QuerySchema>(
  schema: S,
  current: QueryValues<S>,
  patch: Partial<QueryValues<S>>,
  options: QueryStateOptions<S> = {},
): Record<string, string> {
  const paging = new Set<string>(options.paging ?? [])
  const passive = new Set<string>(options.passive ?? [])
  const next: Record<string, unknown> = { ...current, ...patch }
  const filterChanged = Object.keys(patch).some(
    (key) =>
      !paging.has(key) &&
      !passive.has(key) &&
      formatQuery(schema, { [key]: (patch as Record<string, unknown>)[key] } as Partial<QueryValues<S>>)[key] !==
        formatQuery(schema, { [key]: (current as Record<string, unknown>)[key] } as Partial<QueryValues<S>>)[key],
  )
  if (filterChanged) for (const key of paging) if (!(key in patch)) next[key] = undefined
  return formatQuery(schema, next as Partial<QueryValues<S>>)
}

/**
 * Filters, paging and open panels of a view, kept in the URL query so links are shareable and the back
 * button walks through earlier filter states.
 */
export function useQueryState<S extends QuerySchema>(schema: S, options: QueryStateOptions<S> = {}): QueryState<S> {
  const route = useRoute()
  const router = useRouter()
  const state = computed(() => parseQuery(schema, route.query))

  const queryFor = (patch: Partial<QueryValues<S>>) => applyPatch(schema, state.value, patch, options)

  return {
    state,
    queryFor,
    set(patch, { replace = false } = {}) {
      const query = queryFor(patch)
      return replace ? router.replace({ query }) : router.push({ query })
    },
    reset() {
      return router.push({ query: {} })
    },
  }
}
