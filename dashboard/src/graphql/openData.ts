// The public side (公示): annual plans as published or filed, and the open-data files of published results
// (/downloads/results/index.json with each file's SHA-256, and the data dictionary).
import { m } from '../messages'
import { ClientErrorCode, GraphQLRequestError, request } from './client'
import { PLAN_SUMMARY_FIELDS } from './tasks'
import type { OpenDataDictionary, OpenDataIndex, PublicPlan } from './types'

export const operations = {
  PublicPlans: /* GraphQL */ `
    query PublicPlans($year: Int!) { plans(year: $year) { ${PLAN_SUMMARY_FIELDS} filedAt publishedAt } }
  `,
} as const

/** The joint plan and the departments' current plans of a year, in one request (the server leaves out drafts for the public). */
export async function fetchPublicPlans(year: number): Promise<PublicPlan[]> {
  return (await request(operations, 'PublicPlans', { year })).plans
}

async function getJson<T>(url: string): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' } })
  } catch {
    throw new GraphQLRequestError(ClientErrorCode.NetworkError, m.errors.network)
  }
  if (!response.ok) throw new GraphQLRequestError(ClientErrorCode.HttpError, m.errors.http(response.status), [], response.status)
  try {
    return (await response.json()) as T
  } catch {
    throw new GraphQLRequestError(ClientErrorCode.BadResponse, m.errors.badResponse, [], response.status)
  }
}

export const OPEN_DATA_INDEX = '/downloads/results/index.json'
export const OPEN_DATA_DICTIONARY = '/downloads/results/dictionary.json'

/** The open-data files (per year, optionally per region) with their size, rows and SHA-256. */
export function fetchOpenDataIndex(region?: string): Promise<OpenDataIndex> {
  return getJson<OpenDataIndex>(region ? `${OPEN_DATA_INDEX}?region=${encodeURIComponent(region)}` : OPEN_DATA_INDEX)
}

/** What every column of the open-data files means. */
export function fetchOpenDataDictionary(): Promise<OpenDataDictionary> {
  return getJson<OpenDataDictionary>(OPEN_DATA_DICTIONARY)
}
