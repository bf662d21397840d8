// Pure helpers of the coordination board (联席办协调): the stage of a joint task under way, the plan-filing
// summary and the item-coverage list.
import type { CoverageItem, JointTaskRow } from '../../graphql/metrics'
import type { PlanFiling, PlanFilingStatus } from '../../graphql/types'
import { dateTime, labels, m } from '../../messages'
import type { ExportColumn } from '../../tableExport'
import { drawBlockers } from '../tasks/actions'
import { taskBaseColumns } from '../tasks/exports'

export type JointStage = 'CREATED' | 'WAITING_REVEALS' | 'WAITING_PUBLIC_INPUT' | 'READY' | 'DRAWN' | 'IN_PROGRESS'

/**
 * Where a joint task stands: organising (CREATED), frozen and waiting for the departments' reveals or the
 * public random input, frozen and ready to draw, drawn, being inspected. `waiting` lists who still has to
 * reveal.
 */
export function jointStage(task: Pick<JointTaskRow, 'status' | 'participants' | 'publicInputExpected' | 'publicInput'>): { stage: JointStage; waiting: string[] } {
  if (task.status === 'FROZEN') {
    const b = drawBlockers(task)
    if (b.reveals.length) return { stage: 'WAITING_REVEALS', waiting: b.reveals }
    if (b.publicInput) return { stage: 'WAITING_PUBLIC_INPUT', waiting: [] }
    return { stage: 'READY', waiting: [] }
  }
  if (task.status === 'DRAWN' || task.status === 'IN_PROGRESS') return { stage: task.status, waiting: [] }
  return { stage: 'CREATED', waiting: [] }
}

export interface FilingSummary {
  /** Filed or published. */
  filed: number
  /** Of those, filed after the deadline. */
  late: number
  draft: number
  missing: number
}

export function filingSummary(rows: PlanFiling[]): FilingSummary {
  const filed = rows.filter((r) => r.status === 'FILED' || r.status === 'PUBLISHED')
  return {
    filed: filed.length,
    late: filed.filter((r) => r.filedLate).length,
    draft: rows.filter((r) => r.status === 'DRAFT').length,
    missing: rows.filter((r) => r.status === 'MISSING').length,
  }
}

export interface CoverageRow {
  code: string
  content: string
  department: string
  category: CoverageItem['category'] | null
  covered: boolean
}

/**
 * Every active item with whether a task executed in the period covered it, uncovered first (then by code).
 * An uncovered code missing from the item list (e.g. filtered differently) still shows, without a name.
 */
export function coverageRows(items: CoverageItem[], uncovered: readonly string[]): CoverageRow[] {
  const open = new Set(uncovered)
  const rows: CoverageRow[] = items.map((i) => ({
    code: i.code,
    content: i.content,
    department: i.department.shortName || i.department.name,
    category: i.category,
    covered: !open.has(i.code),
  }))
  const known = new Set(items.map((i) => i.code))
  for (const code of uncovered) if (!known.has(code)) rows.push({ code, content: '', department: '', category: null, covered: false })
  return rows.sort((a, b) => Number(a.covered) - Number(b.covered) || a.code.localeCompare(b.code))
}

const b = m.coordination

/** 未报 for a department without a plan, the plan's status otherwise. */
export const planLabel = (s: PlanFilingStatus) => (s === 'MISSING' ? b.plans.missing : labels.planStatus(s))

/** What the stage column shows: the stage and, while reveals are missing, who still has to reveal. */
export function stageText(task: JointTaskRow, shortName: (code: string) => string): string {
  const { stage, waiting } = jointStage(task)
  const text = b.tasks.stages[stage] ?? stage
  return waiting.length ? `${text}；${b.tasks.waiting(waiting.map(shortName).join(m.common.listSeparator))}` : text
}

/** The export columns of the board's tables, with the labels the tables show. */
export function boardColumns(shortName: (code: string) => string): {
  plans: ExportColumn<PlanFiling>[]
  items: ExportColumn<CoverageRow>[]
  tasks: ExportColumn<JointTaskRow>[]
} {
  return {
    plans: [
      { label: b.plans.department, value: (r) => r.departmentName },
      { label: b.plans.status, value: (r) => (r.filedLate ? `${planLabel(r.status)}（${b.plans.late}）` : planLabel(r.status)) },
      { label: b.plans.filedAt, value: (r) => (r.filedAt ? dateTime(r.filedAt) : '') },
      { label: b.plans.tasks, value: (r) => r.taskCount },
    ],
    items: [
      { label: b.items.status, value: (r) => (r.covered ? b.items.covered : b.items.uncovered) },
      { label: b.items.code, value: (r) => r.code },
      { label: b.items.content, value: (r) => r.content || b.items.unknownItem },
      { label: b.items.department, value: (r) => r.department },
      { label: b.items.category, value: (r) => (r.category ? labels.itemCategory(r.category) : '') },
    ],
    tasks: [...taskBaseColumns<JointTaskRow>(shortName), { label: b.tasks.stage, value: (r) => stageText(r, shortName) }],
  }
}
