// The 新建专项任务 form: its state and how it becomes a SpecialTaskInput (or the first problem found).
import { RISK_GRADES, type GradeQuotaInput, type RiskGrade, type SpecialTaskInput } from '../../graphql/types'
import { m } from '../../messages'

export type QuotaMode = 'none' | 'ratio' | 'count'

export interface SpecialTaskForm {
  name: string
  reason: string
  lead: string | undefined
  participants: string[]
  items: string[]
  /** Subject keys, one per line. */
  subjects: string
  quota: Record<RiskGrade, { mode: QuotaMode; ratio: string; count: number | undefined }>
  dates: [string, string] | null
}

export function blankSpecialTaskForm(lead: string | undefined): SpecialTaskForm {
  return {
    name: '',
    reason: '',
    lead,
    participants: [],
    items: [],
    subjects: '',
    quota: Object.fromEntries(RISK_GRADES.map((g) => [g, { mode: 'none', ratio: '', count: undefined }])) as SpecialTaskForm['quota'],
    dates: null,
  }
}

/** The task's departments: the lead first, then the other participants. */
export function taskDepartments(form: Pick<SpecialTaskForm, 'lead' | 'participants'>): string[] {
  return form.lead ? [form.lead, ...form.participants.filter((p) => p !== form.lead)] : []
}

/** Distinct, trimmed subject keys of the textarea. */
export function subjectKeys(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean))]
}

/** A decimal ratio between 0 and 1 as the schema wants it ("0.05"). */
const RATIO = /^(0(\.\d+)?|1(\.0+)?)$/

export function specialTaskInput(form: SpecialTaskForm): { input: SpecialTaskInput } | { error: string } {
  const r = m.tasks.special.required
  if (!form.name.trim()) return { error: r.name }
  if (!form.reason.trim()) return { error: r.reason }
  if (!form.lead) return { error: r.lead }
  if (!form.items.length) return { error: r.items }
  if (!form.dates) return { error: r.window }
  const quotaRule: GradeQuotaInput[] = []
  for (const g of RISK_GRADES) {
    const q = form.quota[g]
    if (q.mode === 'ratio') {
      if (!RATIO.test(q.ratio.trim())) return { error: r.ratio(g) }
      quotaRule.push({ grade: g, ratio: q.ratio.trim() })
    } else if (q.mode === 'count') {
      if (!q.count || !Number.isInteger(q.count) || q.count < 1) return { error: r.count(g) }
      quotaRule.push({ grade: g, count: q.count })
    }
  }
  if (!quotaRule.length) return { error: r.quota }
  const departments = taskDepartments(form)
  return {
    input: {
      name: form.name.trim(),
      reason: form.reason.trim(),
      items: [...form.items],
      lead: form.lead,
      participants: departments.slice(1),
      subjects: subjectKeys(form.subjects),
      quotaRule,
      windowFrom: form.dates[0],
      windowTo: form.dates[1],
    },
  }
}
