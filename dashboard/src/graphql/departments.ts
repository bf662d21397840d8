import { request } from './client'
import type { Connection, Department, DepartmentFilter, PageArgs } from './types'

export const operations = {
  Departments: /* GraphQL */ `
    query Departments($first: Int, $after: String, $filter: DepartmentFilter) {
      departments(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        nodes { code name shortName kind member active itemCount inspectorCount librarySize }
      }
    }
  `,
} as const

export async function fetchDepartments(
  args: PageArgs & { filter?: DepartmentFilter },
): Promise<Connection<Department>> {
  const data = await request(operations, 'Departments', args)
  return data.departments
}
