// Who may open, accept and close follow-ups (后续处置), and the open dialog's form. These mirror
// server/followups/follow-up.service.ts; the server checks every action again.
import type { FollowUp, FollowUpInput, FollowUpKind, InspectionResult, Role, User } from '../../graphql/types'
import { m } from '../../messages'
import { canWriteDepartment, isCoordinator } from '../tasks/actions'
import { chinaToday, isProblem } from './resultForm'

export type FollowUpAction = 'accept' | 'close'

const DEPARTMENT_STAFF: readonly Role[] = ['CLERK', 'DEPT_HEAD']

/** A follow-up needs a current result with a problem outcome (PROBLEM_CORRECTED, PROBLEM_FOLLOW_UP, REFUSED). */
export function hasProblem(result: Pick<InspectionResult, 'items'> | null | undefined): boolean {
  return !!result && result.items.some((i) => isProblem(i.outcome))
}

/**
 * The departments the user may open a follow-up for: its own when it takes part in the task (clerks and
 * heads); any participating department for the office and administrators.
 */
export function openingDepartments(user: User | null, departments: readonly string[]): string[] {
  if (!user) return []
  if (isCoordinator(user)) return [...departments]
  const own = user.department?.code
  return own && DEPARTMENT_STAFF.includes(user.role) && departments.includes(own) ? [own] : []
}

/**
 * 接收: a TRANSFER still OPEN, by the target department. 办结: a TRANSFER once ACCEPTED, by the target
 * department; any other kind, not yet closed, by the department that opened it.
 */
export function followUpActions(f: Pick<FollowUp, 'kind' | 'status' | 'departmentCode' | 'targetDepartmentCode'>, user: User | null): FollowUpAction[] {
  if (f.status === 'CLOSED') return []
  if (f.kind === 'TRANSFER') {
    if (!canWriteDepartment(user, f.targetDepartmentCode ?? undefined)) return []
    return f.status === 'OPEN' ? ['accept'] : ['close']
  }
  return canWriteDepartment(user, f.departmentCode) ? ['close'] : []
}

export interface FollowUpForm {
  department: string | undefined
  kind: FollowUpKind | undefined
  description: string
  target: string | undefined
  dueOn: string
}

export function blankFollowUpForm(department: string | undefined): FollowUpForm {
  return { department, kind: undefined, description: '', target: undefined, dueOn: '' }
}

/** The form as a FollowUpInput, or the first problem found. */
export function followUpInput(inspection: string, form: FollowUpForm, today = chinaToday()): { input: FollowUpInput } | { error: string } {
  const r = m.followUps.dialog.required
  if (!form.department) return { error: r.department }
  if (!form.kind) return { error: r.kind }
  if (!form.description.trim()) return { error: r.description }
  if (form.kind === 'TRANSFER') {
    if (!form.target) return { error: r.target }
    if (form.target === form.department) return { error: r.sameTarget }
  }
  if (form.dueOn && form.dueOn < today) return { error: r.dueOn }
  return {
    input: {
      inspection,
      kind: form.kind,
      description: form.description.trim(),
      department: form.department,
      ...(form.kind === 'TRANSFER' ? { targetDepartment: form.target } : {}),
      ...(form.dueOn ? { dueOn: form.dueOn } : {}),
    },
  }
}
