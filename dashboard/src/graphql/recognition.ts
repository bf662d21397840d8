// Mutual recognition (互认): one subject's profile across departments, the search over every department's
// published results, and the record of a department relying on another's result.
import { request } from './client'
import type { Connection, PageArgs, PublishedItemResult, Recognition, ResultSearchFilter, SubjectProfile } from './types'

export const PUBLISHED_RESULT_FIELDS = /* GraphQL */ `
  id inspectionId resultVersion corrected taskCode joint subjectKey subjectName regionCode industryCode visitDate publishedAt
  itemCode itemVersion itemContent departmentCode outcome findings confidential
`

export const FOLLOW_UP_FIELDS = /* GraphQL */ `
  id inspectionId subjectKey subjectName kind status departmentCode targetDepartmentCode description openedOn dueOn overdue
  acceptedAt acceptedBy closedOn decision
`

export const LEAD_FIELDS = /* GraphQL */ `
  id departmentCode subjectKey subjectName source reference receivedOn problem description status handledOn resolution taskCode
`

export const operations = {
  SubjectProfile: /* GraphQL */ `
    query SubjectProfile($key: String!) {
      subject(key: $key) {
        key uscc name kind regionCode regionName industryCode industryName businessScope address status riskGrade tags operatorName
        departments { code name shortName }
        inspectionsThisYear
        lastChecks { itemCode departmentCode visitDate outcome taskCode }
        publishedResults { ${PUBLISHED_RESULT_FIELDS} }
        followUps { ${FOLLOW_UP_FIELDS} }
        leads { ${LEAD_FIELDS} }
      }
    }
  `,
  PublishedResults: /* GraphQL */ `
    query PublishedResults($first: Int!, $after: String, $filter: ResultSearchFilter) {
      publishedResults(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        nodes { ${PUBLISHED_RESULT_FIELDS} }
      }
    }
  `,
  RecordRecognition: /* GraphQL */ `
    mutation RecordRecognition($inspection: ID!, $item: String!, $department: String, $note: String) {
      recordRecognition(inspection: $inspection, item: $item, department: $department, note: $note) {
        id departmentCode itemCode recognizedBy recognizedAt
      }
    }
  `,
} as const

/** One subject across departments; null when no subject has that key. Follow-ups and leads are empty for the public. */
export async function fetchSubjectProfile(key: string): Promise<SubjectProfile | null> {
  const data = await request(operations, 'SubjectProfile', { key })
  return data.subject
}

/** Every department's published item results (current versions), newest first; public. */
export async function searchPublishedResults(args: PageArgs & { filter?: ResultSearchFilter }): Promise<Connection<PublishedItemResult>> {
  const data = await request(operations, 'PublishedResults', args)
  return data.publishedResults
}

/** 采信（互认）: `department` relies on the published result of `item` in `inspection` (the caller's own department when left out). */
export async function recordRecognition(inspection: string, item: string, department?: string, note?: string): Promise<Recognition> {
  const data = await request(operations, 'RecordRecognition', { inspection, item, department, note })
  return data.recordRecognition
}
