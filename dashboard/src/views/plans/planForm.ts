// The plan task form (计划任务): its state, how a saved PlanTask becomes a form and a form a PlanTaskInput (or
// the first problem found, named), the quota per grade as a percentage or a count, and the server's field paths
// (`input.tasks[1].items[0]`) in words. The server checks everything again (server/plans/plan.service.ts).
import type { Checked } from '../../composables/useFormSubmit'
import {
  RISK_GRADES,
  type GradeQuota,
  type GradeQuotaInput,
  type PlanInput,
  type PlanTask,
  type PlanTaskInput,
  type RiskGrade,
  type SubjectKind,
} from '../../graphql/types'
import { m } from '../../messages'
import type { GradeQuotaEntry } from '../tasks/GradeQuotaFields.vue'

/** A grade's quota; `ratio` is the percentage as typed, e.g. "3" or "2.5" (= ratio 0.03, 0.025). */
export type QuotaEntry = GradeQuotaEntry

export interface PlanTaskForm {
  name: string
  lead: string | undefined
  participants: string[]
  items: string[]
  scopeLibraries: string[]
  scopeRegions: string[]
  scopeIndustries: string[]
  scopeKinds: SubjectKind[]
  scopeGrades: RiskGrade[]
  /** Every grade 'none' = the default ratios (A 1%, B 3%, C 10%, D 30%). */
  quota: Record<RiskGrade, QuotaEntry>
  frequencyPerYear: number
  dates: [string, string] | null
}

const noQuota = (): Record<RiskGrade, QuotaEntry> =>
  Object.fromEntries(RISK_GRADES.map((g) => [g, { mode: 'none', ratio: '', count: undefined }])) as Record<RiskGrade, QuotaEntry>

export function blankPlanTaskForm(lead: string | undefined): PlanTaskForm {
  return {
    name: '',
    lead,
    participants: [],
    items: [],
    scopeLibraries: [],
    scopeRegions: [],
    scopeIndustries: [],
    scopeKinds: [],
    scopeGrades: [],
    quota: noQuota(),
    frequencyPerYear: 1,
    dates: null,
  }
}

/** A deep copy, so a dialog edits its own form until it is saved. */
export function copyForm(form: PlanTaskForm): PlanTaskForm {
  return {
    ...form,
    participants: [...form.participants],
    items: [...form.items],
    scopeLibraries: [...form.scopeLibraries],
    scopeRegions: [...form.scopeRegions],
    scopeIndustries: [...form.scopeIndustries],
    scopeKinds: [...form.scopeKinds],
    scopeGrades: [...form.scopeGrades],
    quota: Object.fromEntries(RISK_GRADES.map((g) => [g, { ...form.quota[g] }])) as Record<RiskGrade, QuotaEntry>,
    dates: form.dates ? [form.dates[0], form.dates[1]] : null,
  }
}

// ---- percent ↔ exact decimal ratio, by moving the decimal point (no floating point) ----

const PERCENT = /^(\d{1,3})(?:\.(\d{1,4}))?$/

/** "3" → "0.03", "2.5" → "0.025", "100" → "1"; null when not a percentage of 0–100 with at most 4 decimals. */
export function percentToRatio(text: string): string | null {
  const match = PERCENT.exec(text.trim())
  if (!match) return null
  const digits = `${match[1]}${(match[2] ?? '').padEnd(4, '0')}`.replace(/^0+(?=\d)/, '')
  if (Number(digits) > 1_000_000) return null
  // digits = percent × 10^4 = ratio × 10^6.
  const whole = digits.padStart(7, '0')
  const int = whole.slice(0, -6).replace(/^0+(?=\d)/, '')
  const frac = whole.slice(-6).replace(/0+$/, '')
  return frac ? `${int}.${frac}` : int
}

/** "0.03" → "3", "0.125" → "12.5", "1" → "100": the schema's exact ratio as a percentage. */
export function ratioToPercent(ratio: string): string {
  const [int = '0', frac = ''] = ratio.trim().split('.')
  const shifted = `${int}${frac.padEnd(2, '0').slice(0, 2)}`.replace(/^0+(?=\d)/, '')
  const rest = frac.slice(2).replace(/0+$/, '')
  return rest ? `${shifted}.${rest}` : shifted
}

/** One grade's rule in words: "A 1%", "D 10 户". */
export function quotaText(q: GradeQuota): string {
  return q.ratio !== null ? m.plans.quotaPercent(q.grade, ratioToPercent(q.ratio)) : m.plans.quotaCount(q.grade, q.count ?? 0)
}

// ---- saved task → form ----

export function planTaskToForm(task: PlanTask): PlanTaskForm {
  const quota = noQuota()
  for (const q of task.quotaRule) {
    if (!(RISK_GRADES as readonly string[]).includes(q.grade)) continue
    quota[q.grade as RiskGrade] =
      q.ratio !== null ? { mode: 'ratio', ratio: ratioToPercent(q.ratio), count: undefined } : { mode: 'count', ratio: '', count: q.count ?? 0 }
  }
  return {
    name: task.name,
    lead: task.departments[0],
    participants: task.departments.slice(1),
    items: task.items.map((i) => i.code),
    scopeLibraries: [...task.scopeLibraries],
    scopeRegions: [...task.scopeRegions],
    scopeIndustries: [...task.scopeIndustries],
    scopeKinds: [...task.scopeKinds],
    scopeGrades: [...task.scopeGrades],
    quota,
    frequencyPerYear: task.frequencyPerYear,
    dates: [task.windowFrom, task.windowTo],
  }
}

/** The task's departments: the lead first, then the other participants. */
export function formDepartments(form: Pick<PlanTaskForm, 'lead' | 'participants'>): string[] {
  return form.lead ? [form.lead, ...form.participants.filter((p) => p !== form.lead)] : []
}

/** The form's quota rules as the API takes them; empty when no grade is set (the server's defaults apply). */
export function formQuota(form: Pick<PlanTaskForm, 'quota'>): GradeQuota[] {
  return RISK_GRADES.flatMap((g): GradeQuota[] => {
    const q = form.quota[g]
    if (q.mode === 'ratio') return [{ grade: g, ratio: percentToRatio(q.ratio) ?? q.ratio, count: null }]
    if (q.mode === 'count') return [{ grade: g, ratio: null, count: q.count ?? 0 }]
    return []
  })
}

// ---- form → PlanTaskInput ----

export interface PlanContext {
  year: number
  /** The department whose plan it is; null for the office's joint plan. */
  owner: string | null
}

/** Checks one task form and turns it into the API's input, or names the first problem. */
export function planTaskInput(form: PlanTaskForm, ctx: PlanContext): Checked<PlanTaskInput> {
  const r = m.plans.form.required
  if (!form.name.trim()) return { error: r.name }
  if (!form.lead) return { error: r.lead }
  const departments = formDepartments(form)
  if (ctx.owner && !departments.includes(ctx.owner)) return { error: r.owner(ctx.owner) }
  if (!form.items.length) return { error: r.items }
  if (!form.dates) return { error: r.window }
  const [from, to] = form.dates
  if (!from.startsWith(`${ctx.year}-`) || !to.startsWith(`${ctx.year}-`)) return { error: r.windowYear(ctx.year) }
  if (from > to) return { error: r.windowOrder }
  if (!Number.isInteger(form.frequencyPerYear) || form.frequencyPerYear < 1 || form.frequencyPerYear > 12) return { error: r.frequency }
  const quotaRule: GradeQuotaInput[] = []
  for (const g of RISK_GRADES) {
    const q = form.quota[g]
    if (q.mode === 'ratio') {
      const ratio = percentToRatio(q.ratio)
      if (ratio === null) return { error: r.percent(g) }
      quotaRule.push({ grade: g, ratio })
    } else if (q.mode === 'count') {
      if (q.count === undefined || !Number.isInteger(q.count) || q.count < 0) return { error: r.count(g) }
      quotaRule.push({ grade: g, count: q.count })
    }
  }
  return {
    input: {
      name: form.name.trim(),
      items: [...form.items],
      lead: form.lead,
      participants: departments.slice(1),
      scopeLibraries: [...form.scopeLibraries],
      scopeRegions: [...form.scopeRegions],
      scopeIndustries: form.scopeIndustries.map((s) => s.trim().toUpperCase()).filter(Boolean),
      scopeKinds: [...form.scopeKinds],
      scopeGrades: [...form.scopeGrades],
      quotaRule,
      frequencyPerYear: form.frequencyPerYear,
      windowFrom: from,
      windowTo: to,
    },
  }
}

/** The whole plan: every task checked (the problem named with its task), and the reason when one is due. */
export function planInput(forms: readonly PlanTaskForm[], ctx: PlanContext, reason?: string): Checked<PlanInput> {
  const tasks: PlanTaskInput[] = []
  for (const [i, form] of forms.entries()) {
    const checked = planTaskInput(form, ctx)
    if ('error' in checked) return { error: m.plans.form.inTask(i + 1, form.name.trim(), checked.error) }
    tasks.push(checked.input)
  }
  const input: PlanInput = { year: ctx.year, tasks }
  if (ctx.owner) input.department = ctx.owner
  if (reason !== undefined) input.reason = reason.trim()
  return { input }
}

/** Item codes of the form that are not among the current, active items of the task's departments. */
export function unavailableItems(form: Pick<PlanTaskForm, 'items'>, available: readonly string[]): string[] {
  const known = new Set(available)
  return form.items.filter((c) => !known.has(c))
}

/** Moves the entry at `index` one place up (-1) or down (+1); a new array, unchanged at the ends. */
export function move<T>(list: readonly T[], index: number, step: -1 | 1): T[] {
  const to = index + step
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list]
  const out = [...list]
  ;[out[index], out[to]] = [out[to]!, out[index]!]
  return out
}

// ---- the server's field paths in words ----

const TASK_FIELD = /^input\.tasks\[(\d+)\]\.(\w+)(?:\[(\d+)\])?$/

/**
 * `input.tasks[0].items[1]` → 第 1 项任务“名称”的抽查事项（第 2 项）; `input.reason` → 调整原因; null when the
 * server named no field or one this page does not know.
 */
export function fieldLabel(field: string | undefined, tasks: readonly { name: string }[]): string | null {
  if (!field) return null
  const f = m.plans.fields
  const task = TASK_FIELD.exec(field)
  if (task) {
    const i = Number(task[1])
    const name = (f.task as Record<string, string>)[task[2]!] ?? task[2]!
    const at = task[3] !== undefined ? f.nth(Number(task[3]) + 1) : ''
    return f.inTask(i + 1, tasks[i]?.name.trim() ?? '', `${name}${at}`)
  }
  return (f.plan as Record<string, string>)[field] ?? null
}
