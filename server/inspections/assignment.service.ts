/**
 * 检查人员分派 (assignments per inspector): who may see whose. An inspector sees only their own
 * assignments, a clerk or department head those of their department's inspectors, the office,
 * administrators and leaders everyone's.
 */
import type { Pool } from 'pg';
import { requireStaff, type Caller } from '../auth/caller.js';
import { Role } from '../auth/user.entity.js';
import { forbidden, notFound } from '../common/errors.js';
import { chinaDate } from '../common/dates.js';
import type { Page } from '../graph/connection.js';
import { assignmentSummary, listAssignments, type AssignmentWhere } from './assignment.queries.js';
import type { AssignmentFilter, InspectionAssignmentType, InspectorAssignmentSummaryType } from './assignment.types.js';

const UNLINKED = '您的账号尚未关联执法检查人员名录中的人员，无法列出本人的检查任务；请联系系统管理员关联执法证号';

async function inspectorByKey(pool: Pool, key: string): Promise<{ id: number; department: string }> {
  const r = await pool.query<{ id: number; department: string }>(
    'select i.id, d.code as department from inspector i join department d on d.id = i.department_id where i.key = $1',
    [key.trim()],
  );
  if (!r.rows[0]) throw notFound('执法检查人员', key, 'filter.inspector');
  return r.rows[0];
}

/** The roster entry an INSPECTOR account stands for, if an administrator linked one. */
async function linkedInspector(pool: Pool, username: string): Promise<{ id: number; key: string } | undefined> {
  const r = await pool.query<{ id: number; key: string }>(
    'select i.id, i.key from app_user u join inspector i on i.id = u.inspector_id where u.username = $1 and u.active',
    [username],
  );
  return r.rows[0];
}

/** Turns a filter into the conditions the caller may see, refusing what the caller may not look at. */
export async function assignmentScope(pool: Pool, caller: Caller, filter: AssignmentFilter | undefined): Promise<AssignmentWhere> {
  requireStaff(caller);
  const where: AssignmentWhere = { status: filter?.status ?? undefined, year: filter?.year ?? undefined };
  const department = filter?.department?.trim().toUpperCase() || undefined;
  if (filter?.task?.trim()) {
    const task = await pool.query<{ id: number }>('select id from task where code = $1', [filter.task.trim()]);
    if (!task.rows[0]) throw notFound('抽查任务', filter.task, 'filter.task');
    where.taskId = task.rows[0].id;
  }
  const named = filter?.inspector?.trim() ? await inspectorByKey(pool, filter.inspector) : undefined;

  if (caller.kind === 'user' && caller.role === Role.INSPECTOR) {
    const own = await linkedInspector(pool, caller.username);
    if (!own) throw forbidden(UNLINKED);
    if (named && named.id !== own.id) throw forbidden(`执法人员只能查看本人的检查任务（执法证号 ${own.key}）`);
    return { ...where, inspectorId: own.id, department };
  }
  if (caller.kind === 'user' && (caller.role === Role.CLERK || caller.role === Role.DEPT_HEAD)) {
    const own = caller.departmentCode;
    if (!own) throw forbidden('您的账号不属于任何部门，不能查看检查人员分派');
    if (department && department !== own) throw forbidden(`只能查看本部门（${own}）执法人员的检查任务，不能查看 ${department} 的`);
    if (named && named.department !== own) throw forbidden(`执法证号 ${filter!.inspector!.trim()} 不是本部门（${own}）的执法人员`);
    return { ...where, inspectorId: named?.id, department: own };
  }
  return { ...where, inspectorId: named?.id, department };
}

/** `assignments(filter, first, after)`: the inspections where the inspector(s) in scope hold an active team place. */
export async function assignments(pool: Pool, caller: Caller, filter: AssignmentFilter | undefined, first: number, after: string | undefined, max: number): Promise<Page<InspectionAssignmentType>> {
  const where = await assignmentScope(pool, caller, filter);
  return listAssignments(pool, where, first, after, max, chinaDate());
}

/** `task.assignmentSummary`: the task's inspectors in the caller's scope with their inspections by status. */
export async function taskAssignmentSummary(pool: Pool, caller: Caller, taskCode: string): Promise<InspectorAssignmentSummaryType[]> {
  const where = await assignmentScope(pool, caller, { task: taskCode });
  return assignmentSummary(pool, { ...where, taskId: where.taskId! }, chinaDate());
}
