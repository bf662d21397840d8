// The 随机抽查检查表 form (记录检查结果 and 更正): its state, prefilled from the task's items or the current
// result, and how it becomes an InspectionResultInput — or the first problem found. The checks mirror
// checkResult() in server/inspections/result.service.ts (the server checks again, including rule 6).
import {
  PROBLEM_OUTCOMES,
  type CheckMethod,
  type InspectionResult,
  type InspectionResultInput,
  type InspectionTask,
  type Outcome,
} from '../../graphql/types'
import { m } from '../../messages'

export interface ItemRow {
  item: string
  version: number
  content: string
  department: string
  departmentName: string
  /** The item's own legal basis, offered as a hint for the 处理依据 field. */
  legalBasisHint: string
  outcome: Outcome | undefined
  findings: string
  legalBasis: string
}

export interface ResultForm {
  visitDate: string
  method: CheckMethod | undefined
  signed: boolean
  signedBy: string
  signatureMissingReason: string
  entrustedBody: string
  decisionDate: string
  summary: string
  items: ItemRow[]
}

/** Today in China (the server's calendar day), YYYY-MM-DD. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

export const isProblem = (o: Outcome | undefined): boolean => !!o && PROBLEM_OUTCOMES.includes(o)

/** A decision date is required as soon as any item has a problem outcome. */
export const needsDecisionDate = (form: Pick<ResultForm, 'items'>): boolean => form.items.some((r) => isProblem(r.outcome))

function rows(items: InspectionTask['items']): ItemRow[] {
  return items.map((i) => ({
    item: i.code,
    version: i.version,
    content: i.content,
    department: i.department.code,
    departmentName: i.department.shortName || i.department.name,
    legalBasisHint: i.legalBasis ?? '',
    outcome: undefined,
    findings: '',
    legalBasis: '',
  }))
}

/** An empty form with one row per item of the task; the visit defaults to today. */
export function blankResultForm(items: InspectionTask['items'], today = chinaToday()): ResultForm {
  return {
    visitDate: today,
    method: undefined,
    signed: true,
    signedBy: '',
    signatureMissingReason: '',
    entrustedBody: '',
    decisionDate: '',
    summary: '',
    items: rows(items),
  }
}

/** The form prefilled from a result (to record again, or to correct); every item of the task keeps its row. */
export function resultFormFrom(items: InspectionTask['items'], result: InspectionResult): ResultForm {
  const form = blankResultForm(items, result.visitDate)
  form.method = result.method
  form.signed = result.signed || !result.signatureMissingReason
  form.signedBy = result.signedBy ?? ''
  form.signatureMissingReason = result.signatureMissingReason ?? ''
  form.entrustedBody = result.entrustedBody ?? ''
  form.decisionDate = result.decisionDate ?? ''
  form.summary = result.summary ?? ''
  for (const row of form.items) {
    const r = result.items.find((x) => x.itemCode === row.item)
    if (!r) continue
    row.outcome = r.outcome
    row.findings = r.findings ?? ''
    row.legalBasis = r.legalBasis ?? ''
  }
  return form
}

export interface FormContext {
  /** YYYY-MM-DD; defaults to today in China. */
  today?: string
  /** The task's first day: no visit before it. */
  windowFrom?: string
}

export type FormProblem = { error: string; field: string }

const trimmed = (s: string) => s.trim() || undefined

/** The input to send, or the first problem found (with the input field it concerns, as the server names it). */
export function resultInput(form: ResultForm, ctx: FormContext = {}): { input: InspectionResultInput } | FormProblem {
  const r = m.inspections.form.required
  const today = ctx.today ?? chinaToday()
  if (!ISO_DATE.test(form.visitDate)) return { error: r.visitDate, field: 'input.visitDate' }
  if (form.visitDate > today) return { error: r.visitDateFuture, field: 'input.visitDate' }
  if (ctx.windowFrom && form.visitDate < ctx.windowFrom) return { error: r.visitDateEarly(ctx.windowFrom), field: 'input.visitDate' }
  if (!form.method) return { error: r.method, field: 'input.method' }
  if (form.signed ? !form.signedBy.trim() : !form.signatureMissingReason.trim()) return { error: r.signature, field: 'input.signedBy' }
  const missing = form.items.filter((x) => !x.outcome)
  if (missing.length) return { error: r.missing(missing.map((x) => `${x.item}（${x.department}）`).join(m.common.listSeparator)), field: 'input.items' }
  const bare = form.items.findIndex((x) => isProblem(x.outcome) && !x.findings.trim())
  if (bare >= 0) return { error: r.findings(form.items[bare]!.item), field: `input.items[${bare}].findings` }
  const problems = needsDecisionDate(form)
  if (problems && !form.decisionDate) return { error: r.decisionDate, field: 'input.decisionDate' }
  if (form.decisionDate && (!ISO_DATE.test(form.decisionDate) || form.decisionDate < form.visitDate || form.decisionDate > today))
    return { error: r.decisionDateRange, field: 'input.decisionDate' }
  return {
    input: {
      visitDate: form.visitDate,
      method: form.method,
      ...(form.signed ? { signedBy: form.signedBy.trim() } : { signatureMissingReason: form.signatureMissingReason.trim() }),
      entrustedBody: trimmed(form.entrustedBody),
      decisionDate: form.decisionDate || undefined,
      summary: trimmed(form.summary),
      items: form.items.map((x) => ({
        item: x.item,
        outcome: x.outcome!,
        findings: trimmed(x.findings),
        legalBasis: trimmed(x.legalBasis),
      })),
    },
  }
}
