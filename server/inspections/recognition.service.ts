/**
 * 互认 (mutual recognition): one profile of a subject across departments — published results, follow-ups,
 * inspections this year, the last check per item — a search over published results, and the record of a
 * department relying on another's result instead of inspecting again.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { recordAudit } from '../audit/audit.service.js';
import { actingDepartment, actorName, assertCanWriteDepartment, type Caller } from '../auth/caller.js';
import { chinaDate, isIsoDate } from '../common/dates.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { Department } from '../departments/department.entity.js';
import { checkFirst, decodeCursor, toPage, type Page } from '../graph/connection.js';
import { Inspection } from './inspection.entity.js';
import { Recognition } from './recognition.entity.js';
import { InspectionResult, ItemResult, ResultStatus } from './result.entity.js';

/** One published item result, with where it came from. */
export interface PublishedItemRow {
  id: number;
  inspectionId: number;
  resultVersion: number;
  corrected: boolean;
  taskCode: string;
  joint: boolean;
  subjectKey: string;
  subjectName: string;
  regionCode: string;
  industryCode: string | null;
  visitDate: string;
  publishedAt: Date;
  itemCode: string;
  itemVersion: number;
  itemContent: string;
  departmentCode: string;
  outcome: string;
  /** Null when the findings are confidential. */
  findings: string | null;
  confidential: boolean;
  /** Departments that relied on this result for this item (互认). */
  recognizedBy: string[];
}

export interface ResultSearch {
  subject?: string | null;
  item?: string | null;
  department?: string | null;
  outcome?: string | null;
  region?: string | null;
  industry?: string | null;
  from?: string | null;
  to?: string | null;
}

const PUBLISHED_ITEMS = `
  select ir.id::int as id, i.id::int as "inspectionId", r.version as "resultVersion", r.version > 1 as corrected, t.code as "taskCode", t.joint,
         s.key as "subjectKey", s.name as "subjectName", s.region_code as "regionCode", s.industry_code as "industryCode",
         r.visit_date as "visitDate", r.published_at as "publishedAt", c.code as "itemCode", c.version as "itemVersion", c.content as "itemContent",
         ir.department_code as "departmentCode", ir.outcome, case when ir.confidential then null else ir.findings end as findings, ir.confidential,
         array(select d.code from recognition rc join department d on d.id = rc.department_id
                where rc.result_id = r.id and rc.item_code = c.code order by d.code) as "recognizedBy"
    from item_result ir
    join inspection_result r on r.id = ir.result_id
    join inspection i on i.id = r.inspection_id and i.current_result_id = r.id
    join task t on t.id = i.task_id
    join subject s on s.id = i.subject_id
    join check_item c on c.id = ir.item_id
   where r.published_at is not null`;

/**
 * Published item results (current versions only), newest first, filtered; public. Drafts never appear:
 * only results whose current version is published are shown, to other departments and to the public.
 */
export async function searchResults(pool: Pool, filter: ResultSearch, first: number, after: string | undefined, max: number): Promise<Page<PublishedItemRow>> {
  checkFirst(first, max);
  for (const [field, v] of [['filter.from', filter.from], ['filter.to', filter.to]] as const) {
    if (v && !isIsoDate(v)) throw badInput(field, `日期"${v}"应为 YYYY-MM-DD`);
  }
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.subject) add('s.key = ?', filter.subject.trim());
  if (filter.item) add('c.code = ?', filter.item.trim());
  if (filter.department) add('ir.department_code = ?', filter.department.toUpperCase());
  if (filter.outcome) add('ir.outcome = ?', filter.outcome);
  if (filter.region) add(`s.region_code like ? || '%'`, filter.region.trim());
  if (filter.industry) add(`s.industry_code like ? || '%'`, filter.industry.trim());
  if (filter.from) add('r.visit_date >= ?::date', filter.from);
  if (filter.to) add('r.visit_date <= ?::date', filter.to);
  const base = `${PUBLISHED_ITEMS}${where.length ? ` and ${where.join(' and ')}` : ''}`;
  const cursor = decodeCursor(after);
  const pageParams = [...params, cursor ?? null, first + 1];
  const [rows, total] = await Promise.all([
    pool.query<PublishedItemRow>(`select * from (${base}) x where ($${params.length + 1}::int is null or x.id < $${params.length + 1}) order by x.id desc limit $${params.length + 2}`, pageParams),
    pool.query<{ n: number }>(`select count(*)::int as n from (${base}) x`, params),
  ]);
  return toPage(rows.rows, first, total.rows[0]!.n, cursor !== undefined);
}

export interface LastCheck {
  itemCode: string;
  departmentCode: string;
  visitDate: string;
  outcome: string;
  taskCode: string;
}

/** Random inspections of a subject this year (China time), all departments. */
export async function inspectionsThisYear(pool: Pool, subjectId: number): Promise<number> {
  const r = await pool.query<{ n: number }>(
    `select count(*)::int as n from inspection i join task t on t.id = i.task_id where i.subject_id = $1 and t.year = $2 and t.status <> 'CANCELLED'`,
    [subjectId, Number(chinaDate().slice(0, 4))],
  );
  return r.rows[0]!.n;
}

/** The last published check of a subject per item. */
export async function lastChecks(pool: Pool, subjectId: number): Promise<LastCheck[]> {
  const r = await pool.query<LastCheck>(
    `select distinct on (x."itemCode") x."itemCode", x."departmentCode", x."visitDate", x.outcome, x."taskCode"
       from (${PUBLISHED_ITEMS} and i.subject_id = $1) x order by x."itemCode", x."visitDate" desc, x.id desc`,
    [subjectId],
  );
  return r.rows;
}

/**
 * A department records that it relies on another department's published result for one item instead
 * of inspecting the subject again (互认).
 */
export async function recordRecognition(em: EntityManager, caller: Caller, input: { inspection: number; item: string; department?: string | null; note?: string | null }): Promise<Recognition> {
  const department = actingDepartment(caller, input.department);
  if (!department) throw badInput('department', '请指明采信结果的部门');
  assertCanWriteDepartment(caller, department);
  return em.transactional(async (tem) => {
    const inspection = await tem.findOne(Inspection, { id: input.inspection }, { populate: ['task', 'subject'] });
    if (!inspection) throw notFound('检查', String(input.inspection), 'inspection');
    const result = inspection.currentResultId ? await tem.findOne(InspectionResult, { id: inspection.currentResultId }) : null;
    if (!result || result.status !== ResultStatus.PUBLISHED) throw badInput('inspection', '只能采信已公示的检查结果');
    const items = await tem.find(ItemResult, { result }, { populate: ['item'] });
    const item = items.find((i) => i.item.code === input.item);
    if (!item) throw badInput('item', `该检查结果中没有事项"${input.item}"`);
    if (item.departmentCode === department) throw badInput('department', '本部门自己的检查结果无需互认');
    if (await tem.count(Recognition, { department: { code: department }, result, itemCode: input.item }))
      throw conflict(`${department} 已采信该结果的事项 ${input.item}`, 'item');
    const r = tem.create(Recognition, {
      department: await tem.findOneOrFail(Department, { code: department }), subject: inspection.subject, result, itemCode: input.item,
      note: input.note?.trim() || null, recognizedBy: actorName(caller),
    });
    tem.persist(r);
    recordAudit(tem, caller, {
      action: 'RECOGNIZE', entity: 'Inspection', entityKey: `${inspection.task.code}/${inspection.subject.key}`,
      detail: { department, item: input.item, resultVersion: result.version, by: item.departmentCode },
    });
    return r;
  });
}
