// The public side (公示): annual plans as published or filed, and the open-data files of published results
// (/downloads/results/index.json with each file's SHA-256, and the data dictionary).
import { m } from '../messages'
import { ClientErrorCode, GraphQLRequestError, request } from './client'
import { PLAN_SUMMARY_FIELDS } from './tasks'
import type { OpenDataDictionary, OpenDataIndex, PublicPlan } from './types'

export const operations = {
  PublicPlan: /* GraphQL */ `
    query PublicPlan($year: Int!, $department: String) { plan(year: $year, department: $department) { ${PLAN_SUMMARY_FIELDS} filedAt publishedAt } }
  `,
} as const

/**
 * The joint plan and every listed department's plan of a year, asked together (one request per plan).
 * The server leaves out drafts for the public; missing plans are left out of the answer.
 */
export async function fetchPublicPlans(year: number, departments: readonly string[]): Promise<PublicPlan[]> {
  const codes: (string | undefined)[] = [undefined, ...new Set(departments)]
  const plans = await Promise.all(codes.map(async (department) => (await request(operations, 'PublicPlan', { year, department })).plan))
  return plans.filter((p) => p !== null)
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
