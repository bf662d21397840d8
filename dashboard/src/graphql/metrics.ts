// Metrics (驾驶舱指标, DESIGN.md §5) for the cockpit and the coordination board, plus the other lists the
// coordination board shows: plan filing per member department, joint tasks under way and the items to name
// uncovered item codes.
import { knownValue, request } from './client'
import {
  PLAN_FILING_STATUSES,
  type CheckItem,
  type CheckItemFilter,
  type Metrics,
  type MetricsFilter,
  type PlanFiling,
  type TaskParticipant,
  type TaskRow,
  type TaskStatus,
} from './types'

const SHARE = /* GraphQL */ `numerator denominator value target`

/** What the cockpit shows: everything but the department × month matrix. */
export type CockpitMetrics = Omit<Metrics, 'departmentMonthly'>

/** What the coordination board shows. */
export type CoordinationMetrics = Pick<
  Metrics,
  'from' | 'to' | 'year' | 'today' | 'tasks' | 'jointTasks' | 'itemCoverage' | 'uncoveredItems' | 'departmentCoverage' | 'uncoveredDepartments' | 'departmentMonthly'
>

export type CoverageItem = Pick<CheckItem, 'code' | 'content' | 'category' | 'department'>

/** A joint task under way with what its stage depends on (who still has to reveal, the public input). */
export interface JointTaskRow extends TaskRow {
  publicInputExpected: boolean
  publicInput: string | null
  participants: TaskParticipant[]
}

/** The statuses of a task that is under way (organised, frozen, drawn or being inspected). */
export const UNDER_WAY: readonly TaskStatus[] = ['CREATED', 'FROZEN', 'DRAWN', 'IN_PROGRESS']

const JOINT_TASK_FIELDS = /* GraphQL */ `
  id code year name kind joint status departments windowFrom windowTo attempt publicInputExpected publicInput
  participants { departmentCode departmentName lead status decidedAt declineReason commitment revealed }
`

export const operations = {
  CockpitMetrics: /* GraphQL */ `
    query CockpitMetrics($filter: MetricsFilter) {
      metrics(filter: $filter) {
        from to year today source
        tasks jointTasks inspections jointInspections published overdue recognitions
        jointShare { ${SHARE} }
        jointShareByInspections { ${SHARE} }
        itemCoverage { ${SHARE} }
        uncoveredItems
        departmentCoverage { ${SHARE} }
        uncoveredDepartments
        subjectCoverage { ${SHARE} }
        timeliness { ${SHARE} }
        timelyEntry { ${SHARE} }
        problemRate { ${SHARE} }
        controlProblemRate { ${SHARE} }
        followUpClosure { ${SHARE} }
        grades {
          grade subjects inspectedSubjects inspections published controlInspections
          coverage { ${SHARE} }
          problemRate { ${SHARE} }
          controlProblemRate { ${SHARE} }
        }
        departmentScores {
          department name score tasks jointTasks inspections
          components { key label weight points share { ${SHARE} } }
          deductions { key label count points }
        }
        monthly {
          month tasks jointTasks inspections jointInspections overdue
          jointShare { ${SHARE} }
          jointShareByInspections { ${SHARE} }
          timeliness { ${SHARE} }
          problemRate { ${SHARE} }
        }
      }
    }
  `,
  CoordinationMetrics: /* GraphQL */ `
    query CoordinationMetrics($filter: MetricsFilter) {
      metrics(filter: $filter) {
        from to year today tasks jointTasks
        itemCoverage { ${SHARE} }
        uncoveredItems
        departmentCoverage { ${SHARE} }
        uncoveredDepartments
        departmentMonthly { department month tasks jointTasks }
      }
    }
  `,
  PlanFilingStatus: /* GraphQL */ `
    query PlanFilingStatus($year: Int!) {
      planFilingStatus(year: $year) { departmentCode departmentName status filedAt filedLate taskCount }
    }
  `,
  // One request for the four statuses (TaskFilter takes one status), one alias each.
  JointTasksUnderWay: /* GraphQL */ `
    query JointTasksUnderWay($year: Int, $department: String) {
      created: tasks(first: 200, filter: { joint: true, status: CREATED, year: $year, department: $department }) { nodes { ${JOINT_TASK_FIELDS} } }
      frozen: tasks(first: 200, filter: { joint: true, status: FROZEN, year: $year, department: $department }) { nodes { ${JOINT_TASK_FIELDS} } }
      drawn: tasks(first: 200, filter: { joint: true, status: DRAWN, year: $year, department: $department }) { nodes { ${JOINT_TASK_FIELDS} } }
      inProgress: tasks(first: 200, filter: { joint: true, status: IN_PROGRESS, year: $year, department: $department }) { nodes { ${JOINT_TASK_FIELDS} } }
    }
  `,
  CoverageItems: /* GraphQL */ `
    query CoverageItems($filter: CheckItemFilter, $after: String) {
      checkItems(first: 200, after: $after, filter: $filter) {
        pageInfo { hasNextPage endCursor }
        nodes { code content category department { code name shortName } }
      }
    }
  `,
} as const

/** Drop empty filter fields so the request (and the URL-derived cache key) stays canonical. */
export function cleanFilter(filter: MetricsFilter): MetricsFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== null && v !== '')) as MetricsFilter
}

export async function fetchCockpitMetrics(filter: MetricsFilter): Promise<CockpitMetrics> {
  const data = await request(operations, 'CockpitMetrics', { filter: cleanFilter(filter) })
  return data.metrics
}

export async function fetchCoordinationMetrics(filter: MetricsFilter): Promise<CoordinationMetrics> {
  const data = await request(operations, 'CoordinationMetrics', { filter: cleanFilter(filter) })
  return data.metrics
}

/** Every member department's annual plan for `year`: MISSING (未报), DRAFT, FILED or PUBLISHED, late or not. */
export async function fetchPlanFilingStatus(year: number): Promise<PlanFiling[]> {
  const data = await request(operations, 'PlanFilingStatus', { year })
  return data.planFilingStatus.map((p) => ({ ...p, status: knownValue(PLAN_FILING_STATUSES, p.status, 'PlanFiling.status') }))
}

/** Joint tasks organised, frozen, drawn or being inspected, ending first on top. */
export async function fetchJointTasksUnderWay(year?: number, department?: string): Promise<JointTaskRow[]> {
  const data = await request(operations, 'JointTasksUnderWay', { year, department })
  return [data.created, data.frozen, data.drawn, data.inProgress]
    .flatMap((p): JointTaskRow[] => p.nodes)
    .sort((a, b) => a.windowTo.localeCompare(b.windowTo) || a.code.localeCompare(b.code))
}

/** The current, active items (those the item coverage counts), optionally of one department or category. */
export async function fetchCoverageItems(filter: Pick<CheckItemFilter, 'department' | 'category'>): Promise<CoverageItem[]> {
  const items: CoverageItem[] = []
  let after: string | undefined
  // A county lists a few hundred items at most; page through them (pages stay within MAX_PAGE_SIZE).
  for (let page = 0; page < 50; page++) {
    const data = await request(operations, 'CoverageItems', { filter: { ...filter, active: true }, after })
    const nodes: CoverageItem[] = data.checkItems.nodes
    items.push(...nodes)
    if (!data.checkItems.pageInfo.hasNextPage || !data.checkItems.pageInfo.endCursor) break
    after = data.checkItems.pageInfo.endCursor
  }
  return items
}
