import { request } from './client'
import type { Connection, PageArgs, Subject, SubjectFilter } from './types'

export type SubjectRow = Omit<Subject, 'businessScope' | 'operatorName' | 'tags'>

const ROW_FIELDS = /* GraphQL */ `
  key uscc name kind regionCode regionName industryCode industryName address status riskGrade
  departments { code name shortName }
`

export const operations = {
  Subjects: /* GraphQL */ `
    query Subjects($first: Int, $after: String, $filter: SubjectFilter) {
      subjects(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        nodes { ${ROW_FIELDS} }
      }
    }
  `,
  Subject: /* GraphQL */ `
    query Subject($key: String!) {
      subject(key: $key) { ${ROW_FIELDS} businessScope tags operatorName }
    }
  `,
} as const

export async function fetchSubjects(
  args: PageArgs & { filter?: SubjectFilter },
): Promise<Connection<SubjectRow>> {
  const data = await request(operations, 'Subjects', args)
  return data.subjects
}

export async function fetchSubject(key: string): Promise<Subject | null> {
  const data = await request(operations, 'Subject', { key })
  return data.subject
}
