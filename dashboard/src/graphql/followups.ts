// Follow-ups (后续处置) of problems found by an inspection: transfers to the competent department (accepted
// before they are closed), abnormal-operations listings, filed cases and judicial transfers. Staff only.
import { request } from './client'
import { FOLLOW_UP_FIELDS } from './recognition'
import type { FollowUp, FollowUpFilter, FollowUpInput } from './types'

export const operations = {
  FollowUps: /* GraphQL */ `
    query FollowUps($filter: FollowUpFilter) { followUps(filter: $filter) { ${FOLLOW_UP_FIELDS} } }
  `,
  OpenFollowUp: /* GraphQL */ `
    mutation OpenFollowUp($input: FollowUpInput!) { openFollowUp(input: $input) { ${FOLLOW_UP_FIELDS} } }
  `,
  AcceptFollowUp: /* GraphQL */ `
    mutation AcceptFollowUp($id: ID!) { acceptFollowUp(id: $id) { ${FOLLOW_UP_FIELDS} } }
  `,
  CloseFollowUp: /* GraphQL */ `
    mutation CloseFollowUp($id: ID!, $decision: String!) { closeFollowUp(id: $id, decision: $decision) { ${FOLLOW_UP_FIELDS} } }
  `,
} as const

/** Opened by or transferred to a department, newest first (at most 500). */
export async function fetchFollowUps(filter: FollowUpFilter = {}): Promise<FollowUp[]> {
  const data = await request(operations, 'FollowUps', { filter })
  return data.followUps
}

export async function openFollowUp(input: FollowUpInput): Promise<FollowUp> {
  const data = await request(operations, 'OpenFollowUp', { input })
  return data.openFollowUp
}

/** 接收: the competent department takes a transfer over. */
export async function acceptFollowUp(id: string): Promise<FollowUp> {
  const data = await request(operations, 'AcceptFollowUp', { id })
  return data.acceptFollowUp
}

/** 办结 with the decision. */
export async function closeFollowUp(id: string, decision: string): Promise<FollowUp> {
  const data = await request(operations, 'CloseFollowUp', { id, decision })
  return data.closeFollowUp
}
