// Pure helpers of the coordination board (联席办协调): the stage of a joint task under way, the plan-filing
// summary and the item-coverage list.
import type { CoverageItem, JointTaskRow } from '../../graphql/metrics'
import type { PlanFiling } from '../../graphql/types'
import { drawBlockers } from '../tasks/actions'

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
