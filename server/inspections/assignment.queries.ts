/** Read side of 检查人员分派: inspections per inspector (active team places), and a task's counts per inspector. */
import type { Pool } from 'pg';
import { checkFirst, decodeCursor, toPage, type Page } from '../graph/connection.js';
import { InspectionStatus } from './inspection.entity.js';
import type { InspectionAssignmentType, InspectorAssignmentSummaryType } from './assignment.types.js';

/** Resolved conditions on the active team places (`inspection_member m`), ANDed. */
export interface AssignmentWhere {
  inspectorId?: number;
  department?: string;
  taskId?: number;
  status?: InspectionStatus;
  year?: number;
}

/**
 * SQL conditions and parameters. Every list starts from an indexed column: the inspector
 * (`inspection_member(inspector_id)`), the task (`inspection(task_id, …)`), else the team places in id order.
 */
function conditions(where: AssignmentWhere, params: unknown[]): string[] {
  const and = ['m.active'];
  const add = (sql: (n: number) => string, value: unknown) => and.push(sql(params.push(value)));
  if (where.inspectorId !== undefined) add((n) => `m.inspector_id = $${n}`, where.inspectorId);
  if (where.department) add((n) => `m.department_code = $${n}`, where.department);
  if (where.taskId !== undefined) add((n) => `i.task_id = $${n}`, where.taskId);
  if (where.status) add((n) => `i.status = $${n}`, where.status);
  if (where.year) add((n) => `t.year = $${n}`, where.year);
  return and;
}

/** A page of assignments, newest team places first (keyset on the team place id). */
export async function listAssignments(pool: Pool, where: AssignmentWhere, first: number, after: string | undefined, max: number, today: string): Promise<Page<InspectionAssignmentType>> {
  checkFirst(first, max);
  const cursor = decodeCursor(after);
  const params: unknown[] = [];
  const and = conditions(where, params);
  const countSql = `select count(*)::int as n from inspection_member m join inspection i on i.id = m.inspection_id
    ${where.year ? 'join task t on t.id = i.task_id' : ''} where ${and.join(' and ')}`;
  const pageParams = [...params, today, first + 1];
  const page = [...and];
  if (cursor !== undefined) page.push(`m.id < $${pageParams.push(cursor)}`);
  const [rows, total] = await Promise.all([
    pool.query<InspectionAssignmentType>(
      `select m.id::text as id, m.inspection_id::text as "inspectionId", ins.key as "inspectorKey", ins.name as "inspectorName",
              m.department_code as "departmentCode", m.leader, t.code as "taskCode", t.name as "taskName", t.joint,
              t.departments[1] as "leadDepartment", t.window_from as "windowFrom", t.window_to as "windowTo",
              s.key as "subjectKey", s.name as "subjectName", s.address as "subjectAddress", i.status, r.due_on as "dueOn",
              coalesce(r.status <> 'PUBLISHED' and r.due_on < $${params.length + 1}::date, false) as overdue
         from inspection_member m
         join inspection i on i.id = m.inspection_id
         join task t on t.id = i.task_id
         join subject s on s.id = i.subject_id
         join inspector ins on ins.id = m.inspector_id
         left join inspection_result r on r.id = i.current_result_id
        where ${page.join(' and ')}
        order by m.id desc limit $${params.length + 2}`,
      pageParams,
    ),
    pool.query<{ n: number }>(countSql, params),
  ]);
  return toPage(rows.rows, first, total.rows[0]!.n, cursor !== undefined);
}

const STATUSES = Object.values(InspectionStatus);

/** Per inspector of one task (active team places): inspections by status, as leader, overdue; lead department first. */
export async function assignmentSummary(pool: Pool, where: AssignmentWhere & { taskId: number }, today: string): Promise<InspectorAssignmentSummaryType[]> {
  const params: unknown[] = [];
  const and = conditions(where, params);
  const counts = STATUSES.map((s) => `count(*) filter (where i.status = '${s}')::int as "${s}"`).join(', ');
  const rows = await pool.query<Record<InspectionStatus, number> & { inspectorKey: string; inspectorName: string; departmentCode: string; total: number; leader: number; overdue: number }>(
    `select ins.key as "inspectorKey", ins.name as "inspectorName", m.department_code as "departmentCode",
            count(*)::int as total, count(*) filter (where m.leader)::int as leader,
            count(*) filter (where r.status <> 'PUBLISHED' and r.due_on < $${params.length + 1}::date)::int as overdue, ${counts}
       from inspection i
       join inspection_member m on m.inspection_id = i.id
       join inspector ins on ins.id = m.inspector_id
       left join inspection_result r on r.id = i.current_result_id
       join task t on t.id = i.task_id
      where ${and.join(' and ')}
      group by ins.id, ins.key, ins.name, m.department_code, t.departments
      order by array_position(t.departments, m.department_code), ins.key`,
    [...params, today],
  );
  return rows.rows.map((r) => ({
    inspectorKey: r.inspectorKey, inspectorName: r.inspectorName, departmentCode: r.departmentCode, total: r.total, leader: r.leader, overdue: r.overdue,
    byStatus: STATUSES.map((status) => ({ status, count: r[status] })),
  }));
}
