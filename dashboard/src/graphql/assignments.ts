// 检查人员分派: the inspections an inspector is on (我的检查任务, or one of the department's inspectors for
// clerks and heads), and per task the count of inspections by status for each inspector (按检查人员).
import { request } from './client'
import type { AssignmentFilter, Connection, InspectionAssignment, InspectorAssignmentSummary, PageArgs } from './types'

const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }'

/** Every operation of this file by name (validated against schema/schema.graphql by the spec). */
export const operations = {
  Assignments: /* GraphQL */ `
    query Assignments($first: Int, $after: String, $filter: AssignmentFilter) {
      assignments(first: $first, after: $after, filter: $filter) {
        totalCount
        ${PAGE_INFO}
        nodes {
          id inspectionId inspectorKey inspectorName departmentCode leader taskCode taskName joint leadDepartment
          windowFrom windowTo subjectKey subjectName subjectAddress status dueOn overdue
        }
      }
    }
  `,
  TaskAssignmentSummary: /* GraphQL */ `
    query TaskAssignmentSummary($code: String!) {
      task(code: $code) {
        code
        assignmentSummary { inspectorKey inspectorName departmentCode total leader overdue byStatus { status count } }
      }
    }
  `,
} as const

/** A page of assignments, newest first; the server narrows it to what the caller may see. */
export async function fetchAssignments(args: PageArgs & { filter?: AssignmentFilter }): Promise<Connection<InspectionAssignment>> {
  const data = await request(operations, 'Assignments', args)
  return data.assignments
}

/** The task's inspectors (those the caller may see) with their inspections by status; [] when the task is not visible. */
export async function fetchTaskAssignmentSummary(code: string): Promise<InspectorAssignmentSummary[]> {
  const data = await request(operations, 'TaskAssignmentSummary', { code })
  return data.task?.assignmentSummary ?? []
}
