// The lead dialogs' forms (登记线索, 发起专项检查) and who may act on a lead. These mirror
// server/leads/lead.service.ts; the server checks again.
import { LEAD_SOURCES, type Lead, type LeadInput, type LeadSource, type LeadTaskInput, type User } from '../../graphql/types'
import { m } from '../../messages'
import { chinaToday } from '../inspections/resultForm'
import { canWriteDepartment } from '../tasks/actions'

export type LeadAction = 'handle' | 'startTask'

/** 个案处理 and 发起专项检查: an open lead, by the department that received it (or the office). */
export function leadActions(lead: Pick<Lead, 'status' | 'departmentCode'>, user: User | null): LeadAction[] {
  return lead.status === 'OPEN' && canWriteDepartment(user, lead.departmentCode) ? ['handle', 'startTask'] : []
}

export interface LeadForm {
  subject: string
  source: LeadSource | undefined
  reference: string
  receivedOn: string
  problem: string
  description: string
}

export function blankLeadForm(today = chinaToday()): LeadForm {
  return { subject: '', source: undefined, reference: '', receivedOn: today, problem: '', description: '' }
}

/** The form as a LeadInput, or the first problem found. */
export function leadInput(form: LeadForm, department?: string, today = chinaToday()): { input: LeadInput } | { error: string } {
  const r = m.leads.recordDialog.required
  if (!form.subject.trim()) return { error: r.subject }
  if (!form.source || !LEAD_SOURCES.includes(form.source)) return { error: r.source }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.receivedOn)) return { error: r.receivedOn }
  if (form.receivedOn > today) return { error: r.receivedOnFuture }
  if (!form.problem.trim()) return { error: r.problem }
  if (!form.description.trim()) return { error: r.description }
  return {
    input: {
      subject: form.subject.trim(),
      source: form.source,
      ...(form.reference.trim() ? { reference: form.reference.trim() } : {}),
      receivedOn: form.receivedOn,
      problem: form.problem.trim(),
      description: form.description.trim(),
      ...(department ? { department } : {}),
    },
  }
}

export interface LeadTaskForm {
  name: string
  items: string[]
  sameProblem: boolean
  dates: [string, string] | null
}

export function blankLeadTaskForm(): LeadTaskForm {
  return { name: '', items: [], sameProblem: false, dates: null }
}

export function leadTaskInput(form: LeadTaskForm): { input: LeadTaskInput } | { error: string } {
  const r = m.leads.taskDialog.required
  if (!form.items.length) return { error: r.items }
  if (!form.dates) return { error: r.window }
  return {
    input: {
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      items: [...form.items],
      participants: [],
      sameProblem: form.sameProblem,
      windowFrom: form.dates[0],
      windowTo: form.dates[1],
    },
  }
}

/** Other open leads of the list about the same problem (what 同类问题 would add, as far as this list shows). */
export function sameProblemCount(lead: Pick<Lead, 'id' | 'problem'>, leads: readonly Lead[]): number {
  return leads.filter((l) => l.id !== lead.id && l.status === 'OPEN' && l.problem === lead.problem).length
}
