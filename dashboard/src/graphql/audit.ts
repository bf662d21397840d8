import { request } from './client'
import type { AuditEvent, Connection, PageArgs } from './types'

export async function fetchAuditEvents(args: PageArgs & { entity?: string }): Promise<Connection<AuditEvent>> {
  const data = await request<{ auditEvents: Connection<AuditEvent> }>(
    /* GraphQL */ `
      query AuditEvents($first: Int, $after: String, $entity: String) {
        auditEvents(first: $first, after: $after, entity: $entity) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          nodes { id at actor action entity entityKey beforeDigest afterDigest }
        }
      }
    `,
    args,
  )
  return data.auditEvents
}
