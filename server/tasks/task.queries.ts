/** Read side of tasks: lists with filters, inspections with their teams, replacements. */
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { canSeePersonalData, type Caller } from '../auth/caller.js';
import { checkFirst, decodeCursor, toPage, type Page } from '../graph/connection.js';
import { Task, TaskDraw, TaskStatus } from './task.entity.js';
import type { InspectionType, ReplacementType, StratumType, TaskDrawType, TaskFilter, TeamMemberType } from './task.types.js';

export async function listTasks(em: EntityManager, caller: Caller, filter: TaskFilter | undefined, first: number, after: string | undefined, max: number): Promise<Page<Task>> {
  checkFirst(first, max);
  const and: FilterQuery<Task>[] = [];
  if (filter?.year) and.push({ year: filter.year });
  if (filter?.status) and.push({ status: filter.status });
  if (filter?.kind) and.push({ kind: filter.kind });
  if (filter?.joint !== undefined && filter.joint !== null) and.push({ joint: filter.joint });
  if (filter?.department) and.push({ departments: { $contains: [filter.department.toUpperCase()] } });
  if (filter?.search?.trim()) {
    const like = `%${filter.search.trim()}%`;
    and.push({ $or: [{ code: { $ilike: like } }, { name: { $ilike: like } }] });
  }
  // The public sees tasks from their freeze on (公示), never drafts.
  if (caller.kind === 'anonymous') and.push({ status: { $ne: TaskStatus.CREATED }, attempt: { $gt: 0 } });
  const where: FilterQuery<Task> = and.length ? { $and: and } : {};
  const cursor = decodeCursor(after);
  const [rows, total] = await Promise.all([
    em.find(Task, cursor ? { $and: [where, { id: { $lt: cursor } }] } : where, { orderBy: { id: 'desc' }, limit: first + 1 }),
    em.count(Task, where),
  ]);
  return toPage(rows, first, total, cursor !== undefined);
}

/** Public download address of one attempt's bundle. */
export function bundlePath(code: string, attempt: number, ext: 'zip' | 'tar' = 'zip'): string {
  return `/downloads/tasks/${encodeURIComponent(code)}/draws/${attempt}/bundle.${ext}`;
}

export function drawView(task: Task, d: TaskDraw): TaskDrawType {
  const m = d.manifest as {
    candidates: { count: number; strata: Record<string, number> };
    excluded: { count: number };
    roster: { count: number };
    conflicts: { count: number };
    quotas: Record<string, number>;
    quotaRule?: Record<string, string>;
    team: { maxPerInspector: number };
  };
  const strata: StratumType[] = Object.entries(m.candidates.strata).map(([stratum, n]) => ({
    stratum, candidates: n, quota: m.quotas[stratum] ?? 0, ratio: m.quotaRule?.[stratum] ?? null, control: d.controlQuotas?.[stratum] ?? 0,
  }));
  return {
    attempt: d.attempt, manifestHash: d.manifestHash, outcome: d.outcome, seed: d.seed ?? null, error: d.error ?? null,
    frozenAt: d.frozenAt, drawnAt: d.drawnAt ?? null, candidateCount: m.candidates.count, excludedCount: m.excluded.count,
    rosterCount: m.roster.count, conflictCount: m.conflicts.count, maxPerInspector: m.team.maxPerInspector, strata,
    manifestJson: JSON.stringify(d.manifest, null, 2), bundleUrl: bundlePath(task.code, d.attempt),
  };
}

/** A page of a task's inspections (in draw order) with their teams, replaced members included. */
export async function inspectionsOf(pool: Pool, caller: Caller, taskId: number, first: number, after: string | undefined, max: number, only?: number): Promise<Page<InspectionType>> {
  checkFirst(first, max);
  const cursor = decodeCursor(after) ?? 0;
  const [rows, total] = await Promise.all([
    pool.query<Omit<InspectionType, 'team'>>(
      `select i.id::int as id, i.seq, s.key as "subjectKey", s.name as "subjectName", i.stratum, i.ticket, i.control, i.status, i.checked_on as "checkedOn"
         from inspection i join subject s on s.id = i.subject_id
        where i.task_id = $1 and i.id > $2 and ($4::bigint is null or i.id = $4) order by i.id limit $3`,
      [taskId, cursor, first + 1, only ?? null],
    ),
    pool.query<{ n: number }>('select count(*)::int as n from inspection where task_id = $1', [taskId]),
  ]);
  const ids = rows.rows.map((r) => r.id);
  const members = ids.length
    ? await pool.query<TeamMemberType & { inspection: number; position: number }>(
        `select m.inspection_id::int as inspection, i.key as "inspectorKey", i.name as "inspectorName", m.department_code as "departmentCode",
                m.leader, m.ticket, m.active, m.position
           from inspection_member m join inspector i on i.id = m.inspector_id
          where m.inspection_id = any($1::bigint[]) order by m.position, m.id`,
        [ids],
      )
    : { rows: [] };
  const personal = canSeePersonalData(caller);
  const nodes = rows.rows.map((r) => ({
    ...r,
    team: members.rows
      .filter((m) => m.inspection === r.id)
      .map((m) => ({ inspectorKey: m.inspectorKey, inspectorName: personal ? m.inspectorName : null, departmentCode: m.departmentCode, leader: m.leader, ticket: m.ticket, active: m.active })),
  }));
  return toPage(nodes, first, total.rows[0]!.n, cursor > 0);
}

/** Replacements of a task's inspectors, oldest first; the note is for staff only. */
export async function replacementsOf(pool: Pool, caller: Caller, taskId: number): Promise<ReplacementType[]> {
  const r = await pool.query<ReplacementType>(
    `select r.id, t.code as "taskCode", s.key as "subjectKey", r.department_code as "departmentCode", o.key as "outgoingKey", n.key as "incomingKey",
            r.reason, r.note, r.status, r.requested_by as "requestedBy", r.requested_at as "requestedAt", r.decided_by as "decidedBy",
            r.decided_at as "decidedAt", r.decision_note as "decisionNote"
       from replacement r join inspection i on i.id = r.inspection_id join task t on t.id = i.task_id join subject s on s.id = i.subject_id
       join inspector o on o.id = r.outgoing_id join inspector n on n.id = r.incoming_id
      where i.task_id = $1 order by r.id`,
    [taskId],
  );
  const staff = caller.kind !== 'anonymous';
  return r.rows.map((x) => (staff ? x : { ...x, note: null, decisionNote: null, requestedBy: '—', decidedBy: x.decidedBy ? '—' : null }));
}
