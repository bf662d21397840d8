// The public side (公示): annual plans as published or filed, and the open-data files of published results
// (/downloads/results/index.json with each file's SHA-256, and the data dictionary).
import { m } from '../messages'
import { ClientErrorCode, GraphQLRequestError, request } from './client'
import type { OpenDataDictionary, OpenDataIndex, PublicPlan } from './types'

const PLAN_FIELDS = /* GraphQL */ `
  id year kind status version filedAt publishedAt department { code name shortName }
  tasks {
    id seq name departments joint windowFrom windowTo frequencyPerYear
    items { code content department { code name shortName } }
    quotaRule { grade ratio count }
  }
`

/**
 * The joint plan and every listed department's plan of a year, in one request (one alias per plan).
 * The server leaves out drafts for the public; missing plans are left out of the answer.
 */
export async function fetchPublicPlans(year: number, departments: readonly string[]): Promise<PublicPlan[]> {
  const codes = [...new Set(departments)]
  const vars = codes.map((_, i) => `$d${i}: String`).join(', ')
  const fields = codes.map((_, i) => `d${i}: plan(year: $year, department: $d${i}) { ${PLAN_FIELDS} }`).join('\n')
  const data = await request<Record<string, PublicPlan | null>>(
    /* GraphQL */ `
      query PublicPlans($year: Int!${vars ? `, ${vars}` : ''}) {
        joint: plan(year: $year) { ${PLAN_FIELDS} }
        ${fields}
      }
    `,
    { year, ...Object.fromEntries(codes.map((c, i) => [`d${i}`, c])) },
  )
  return [data.joint, ...codes.map((_, i) => data[`d${i}`])].filter((p): p is PublicPlan => !!p)
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
