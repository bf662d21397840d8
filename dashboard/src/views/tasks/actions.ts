// Which task actions the current user is offered, by task status and role. The server checks every
// action again; this only keeps the page from offering buttons that would certainly fail.
import { MAINTAINER_ROLES } from '../../access'
import type { Inspection, Replacement, Role, Task, TaskParticipant, TaskStatus, User } from '../../graphql/types'

/** Actions of the lead department (or the office / administrators) on the whole task. */
export type LeadAction = 'freeze' | 'publicInput' | 'draw' | 'start' | 'complete' | 'close' | 'cancel'
/** Actions of one participating department. */
export type ParticipantAction = 'confirm' | 'decline' | 'commit' | 'reveal'

const COORDINATORS: readonly Role[] = ['OFFICE', 'ADMIN']
const DEPARTMENT_STAFF: readonly Role[] = ['CLERK', 'DEPT_HEAD']

/** The order of the status steps; CANCELLED is off the path. */
export const STATUS_STEPS: readonly TaskStatus[] = ['CREATED', 'FROZEN', 'DRAWN', 'IN_PROGRESS', 'COMPLETED', 'CLOSED']

/** Office and administrators act for any department; clerks and heads for their own. */
export function canWriteDepartment(user: User | null, department: string | undefined): boolean {
  if (!user || !department) return false
  if (COORDINATORS.includes(user.role)) return true
  return DEPARTMENT_STAFF.includes(user.role) && user.department?.code === department
}

/** 从计划创建 / 新建专项任务. */
export function canCreateTasks(user: User | null): boolean {
  return !!user && MAINTAINER_ROLES.includes(user.role)
}

export function isCoordinator(user: User | null): boolean {
  return !!user && COORDINATORS.includes(user.role)
}

type TaskState = Pick<Task, 'status' | 'departments' | 'publicInputExpected' | 'publicInput'>

export function leadActions(task: TaskState, user: User | null): LeadAction[] {
  if (!canWriteDepartment(user, task.departments[0])) return []
  switch (task.status) {
    case 'CREATED':
      return ['freeze', 'cancel']
    case 'FROZEN':
      return [...(task.publicInputExpected && !task.publicInput ? (['publicInput'] as const) : []), 'draw', 'cancel']
    case 'DRAWN':
      return ['start']
    case 'IN_PROGRESS':
      return ['complete']
    case 'COMPLETED':
      return ['close']
    default:
      return []
  }
}

export function participantActions(task: Pick<Task, 'status'>, p: TaskParticipant, user: User | null): ParticipantAction[] {
  if (!canWriteDepartment(user, p.departmentCode)) return []
  if (task.status === 'CREATED') {
    if (p.status === 'PENDING') return p.lead ? ['confirm'] : ['confirm', 'decline']
    // A confirmed department may still replace its commitment, or leave, until the freeze.
    if (p.status === 'CONFIRMED') return p.lead ? ['commit'] : ['commit', 'decline']
    return []
  }
  if (task.status === 'FROZEN' && p.status === 'CONFIRMED' && !p.revealed) return ['reveal']
  return []
}

/** What still stands between a frozen task and its draw: departments yet to reveal, the public input. */
export function drawBlockers(task: Pick<Task, 'participants' | 'publicInputExpected' | 'publicInput'>): { reveals: string[]; publicInput: boolean } {
  return {
    reveals: task.participants.filter((p) => p.status === 'CONFIRMED' && !p.revealed).map((p) => p.departmentCode),
    publicInput: task.publicInputExpected && !task.publicInput,
  }
}

/**
 * The departments whose inspectors on this inspection the user may ask to replace: the team's active
 * members' departments that the user writes for, while the task is drawn or in progress and the
 * inspection not yet checked.
 */
export function replaceableDepartments(task: Pick<Task, 'status'>, inspection: Pick<Inspection, 'status' | 'team'>, user: User | null): string[] {
  if (task.status !== 'DRAWN' && task.status !== 'IN_PROGRESS') return []
  if (inspection.status !== 'ASSIGNED' && inspection.status !== 'NOTIFIED') return []
  const departments = [...new Set(inspection.team.filter((t) => t.active).map((t) => t.departmentCode))]
  return departments.filter((d) => canWriteDepartment(user, d))
}

/** Only the head of the inspectors' department approves or rejects a pending replacement. */
export function canDecideReplacement(r: Pick<Replacement, 'status' | 'departmentCode'>, user: User | null): boolean {
  return r.status === 'PENDING' && user?.role === 'DEPT_HEAD' && user.department?.code === r.departmentCode
}

/** Index of the status in STATUS_STEPS for el-steps (CANCELLED: the step it stopped at). */
export function stepIndex(task: Pick<Task, 'status' | 'currentDraw'>): number {
  // A task is cancelled either before its freeze or while frozen (its pending draw is then abandoned).
  if (task.status === 'CANCELLED') return task.currentDraw?.outcome === 'ABANDONED' ? 1 : 0
  return STATUS_STEPS.indexOf(task.status)
}
