// Which inspection actions the current user is offered, by inspection status, task status and role. These
// mirror server/inspections/result.service.ts; the server checks every action again.
import type { InspectionDetail, InspectionStatus, InspectionTask, Role, User } from '../../graphql/types'
import { canWriteDepartment, isCoordinator } from '../tasks/actions'

export type InspectionAction = 'notify' | 'renotify' | 'record' | 'rerecord' | 'enter' | 'publish' | 'correct'

/** Roles of a participating department that record notice and results (inspectors included). */
const PARTICIPANT_ROLES: readonly Role[] = ['INSPECTOR', 'CLERK', 'DEPT_HEAD']

/** The order of the inspection's status steps. */
export const INSPECTION_STEPS: readonly InspectionStatus[] = ['ASSIGNED', 'NOTIFIED', 'CHECKED', 'ENTERED', 'PUBLISHED']

type TaskState = Pick<InspectionTask, 'status' | 'departments'>

/** Inspectors, clerks and heads of a department taking part, or the office and administrators. */
export function takesPart(user: User | null, departments: readonly string[]): boolean {
  if (!user) return false
  if (isCoordinator(user)) return true
  return PARTICIPANT_ROLES.includes(user.role) && !!user.department && departments.includes(user.department.code)
}

/** The lead department's clerks and head (or the office and administrators) enter and publish. */
export function writesForLead(user: User | null, task: TaskState): boolean {
  return canWriteDepartment(user, task.departments[0])
}

/** A department head of a department taking part signs corrections. */
export function canCorrect(user: User | null, task: TaskState): boolean {
  return user?.role === 'DEPT_HEAD' && !!user.department && task.departments.includes(user.department.code)
}

/**
 * The departments whose item results the user may change in a correction: all (null) for the lead's head,
 * only its own department for another head.
 */
export function correctableDepartment(user: User | null, task: TaskState): string | null {
  if (!canCorrect(user, task) || user!.department!.code === task.departments[0]) return null
  return user!.department!.code
}

export function inspectionActions(inspection: Pick<InspectionDetail, 'status'>, task: TaskState | null, user: User | null): InspectionAction[] {
  if (!task || !user) return []
  const out: InspectionAction[] = []
  // Notice and results need the task in its inspection phase (the first step moves DRAWN to IN_PROGRESS).
  const open = task.status === 'DRAWN' || task.status === 'IN_PROGRESS'
  const participant = open && takesPart(user, task.departments)
  const lead = writesForLead(user, task)
  switch (inspection.status) {
    case 'ASSIGNED':
      if (participant) out.push('notify', 'record')
      break
    case 'NOTIFIED':
      if (participant) out.push('record', 'renotify')
      break
    case 'CHECKED':
      if (lead) out.push('enter')
      if (participant) out.push('rerecord')
      break
    case 'ENTERED':
      if (lead) out.push('publish')
      if (participant) out.push('rerecord')
      break
    case 'PUBLISHED':
      if (canCorrect(user, task)) out.push('correct')
      break
  }
  return out
}

/** Staff of a participating department who cannot enter or publish themselves: the page says who does. */
export function waitsForLead(inspection: Pick<InspectionDetail, 'status'>, task: TaskState | null, user: User | null): boolean {
  if (!task || !user) return false
  return (inspection.status === 'CHECKED' || inspection.status === 'ENTERED') && takesPart(user, task.departments) && !writesForLead(user, task)
}
