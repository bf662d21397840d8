import { request } from './client'
import type { CheckItem, CheckItemFilter, Connection, PageArgs } from './types'

const ITEM_FIELDS = /* GraphQL */ `
  id code version category legalBasis subjectType content methods ratio frequencyPerYear
  effectiveFrom effectiveTo active current
  department { code name shortName }
`

export type CheckItemDetail = CheckItem & { versions: CheckItem[] }

export const operations = {
  CheckItems: /* GraphQL */ `
    query CheckItems($first: Int, $after: String, $filter: CheckItemFilter) {
      checkItems(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        nodes { ${ITEM_FIELDS} }
      }
    }
  `,
  CheckItem: /* GraphQL */ `
    query CheckItem($code: String!, $version: Int) {
      checkItem(code: $code, version: $version) {
        ${ITEM_FIELDS}
        versions { ${ITEM_FIELDS} }
      }
    }
  `,
} as const

export async function fetchCheckItems(
  args: PageArgs & { filter?: CheckItemFilter },
): Promise<Connection<CheckItem>> {
  const data = await request(operations, 'CheckItems', args)
  return data.checkItems
}

/** One item with its version history (latest version unless `version` is given). */
export async function fetchCheckItem(code: string, version?: number): Promise<CheckItemDetail | null> {
  const data = await request(operations, 'CheckItem', { code, version })
  return data.checkItem
}
