// Which plan actions the current user is offered. It mirrors server/plans/plan.service.ts (which checks every
// action again): a department's plan is saved, filed and published by the office, administrators, and that
// department's clerks and heads (assertCanWriteDepartment); the joint plan only by the office and administrators
// (assertCoordinator), who alone compile it. Leaders and inspectors read.
import { chinaDay } from '../../dates'
import type { Plan, Role, User } from '../../graphql/types'
import { m } from '../../messages'
import { canWriteDepartment, isCoordinator } from '../tasks/actions'

/** Roles that look across departments and choose whose plan to see (or the joint plan). */
export const ACROSS_ROLES: readonly Role[] = ['ADMIN', 'OFFICE', 'LEADER']

export function choosesDepartment(user: User | null): boolean {
  return !!user && (!user.department || ACROSS_ROLES.includes(user.role))
}

/** May edit, save, file and publish the plan of `department` (null = the joint plan). */
export function canWritePlan(user: User | null, department: string | null): boolean {
  return department ? canWriteDepartment(user, department) : isCoordinator(user)
}

/** 汇编联合计划: the office (and administrators), on the joint plan. */
export function canCompileJointPlan(user: User | null, department: string | null): boolean {
  return department === null && isCoordinator(user)
}

/** A button: hidden, or shown and maybe disabled with the reason as its tooltip. */
export type PlanButton = { shown: false } | { shown: true; disabled: string | null }

export interface PlanButtons {
  edit: PlanButton
  save: PlanButton
  file: PlanButton
  publish: PlanButton
}

const hidden: PlanButton = { shown: false }
const shown = (disabled: string | null): PlanButton => ({ shown: true, disabled })

/**
 * The editing buttons for a plan (null = none yet) on the current version: hidden when the user may not
 * write it or looks at an older version; disabled with the reason while there are unsaved changes, nothing
 * to save, or no task to file.
 */
export function planButtons(
  plan: Pick<Plan, 'status' | 'current'> | null,
  state: { write: boolean; dirty: boolean; tasks: number },
): PlanButtons {
  if (!state.write || (plan && !plan.current)) return { edit: hidden, save: hidden, file: hidden, publish: hidden }
  const b = m.plans.buttons
  const fileBlocked = !plan ? b.saveFirst : state.dirty ? b.saveChangesFirst : state.tasks === 0 ? b.emptyPlan : null
  return {
    edit: shown(null),
    save: shown(state.dirty ? null : b.nothingToSave),
    file: !plan || plan.status === 'DRAFT' ? shown(fileBlocked) : hidden,
    publish: plan?.status === 'FILED' ? shown(state.dirty ? b.saveChangesFirst : null) : hidden,
  }
}

/** Filing now would be late: past the end of the deadline day (the server decides by its own clock). */
export function filingIsLate(filingDeadline: string, now: Date = new Date()): boolean {
  return now.getTime() > Date.parse(filingDeadline)
}

/** The deadline's day in China time (YYYY-MM-DD): the deadline is the end of that day, Beijing time. */
export function deadlineDay(filingDeadline: string): string {
  return chinaDay(new Date(filingDeadline))
}
