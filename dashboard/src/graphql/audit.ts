import { request } from './client'
import type { AuditEvent, Connection, PageArgs } from './types'

export const operations = {
  AuditEvents: /* GraphQL */ `
    query AuditEvents($first: Int, $after: String, $entity: String) {
      auditEvents(first: $first, after: $after, entity: $entity) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        nodes { id at actor action entity entityKey beforeDigest afterDigest }
      }
    }
  `,
} as const

export async function fetchAuditEvents(args: PageArgs & { entity?: string }): Promise<Connection<AuditEvent>> {
  const data = await request(operations, 'AuditEvents', args)
  return data.auditEvents
}
