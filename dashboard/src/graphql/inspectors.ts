import { request } from './client'
import type { Connection, Inspector, InspectorFilter, PageArgs } from './types'

export interface InspectorPage extends Connection<Inspector> {
  /** How many of the filtered inspectors hold a certificate valid on `validOn`. */
  validCount: number
}

export const operations = {
  Inspectors: /* GraphQL */ `
    query Inspectors($first: Int, $after: String, $filter: InspectorFilter, $validFilter: InspectorFilter) {
      inspectors(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        nodes {
          key name kind status certificateValidFrom certificateValidTo certificateValid
          qualifications specialties conflictCount
          department { code name shortName }
        }
      }
      valid: inspectors(first: 1, filter: $validFilter) { totalCount }
    }
  `,
} as const

/** A page of the roster plus, in the same round trip, the count of certificates valid on `validOn`. */
export async function fetchInspectors(
  args: PageArgs & { filter?: InspectorFilter; validOn: string },
): Promise<InspectorPage> {
  const { validOn, ...page } = args
  const data = await request(operations, 'Inspectors', { ...page, validFilter: { ...page.filter, certificateValidOn: validOn } })
  return { ...data.inspectors, validCount: data.valid.totalCount }
}
