import type { Pool, PoolClient } from 'pg';
import type { SubjectRow } from '../importing/validate.js';
import type { SubjectKind } from './subject.entity.js';

export interface RuleCriteria {
  industryPrefixes: string[];
  scopeKeywords: string[];
  regionCodes: string[];
  kinds: SubjectKind[];
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The WHERE clause of a sub-library rule over `subject s` (active subjects only); parameters start at $2
 * ($1 is the department id). Each non-empty criterion must hold; within one, any value may match.
 */
export function ruleWhere(rule: RuleCriteria): { sql: string; params: unknown[] } {
  const parts = [`s.status = 'ACTIVE'`];
  const params: unknown[] = [];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(params.length + 1));
  };
  // Patterns are built here and matched with `like any (array)`: a sub-select in ANY would run per row.
  if (rule.industryPrefixes.length) add((n) => `s.industry_code like any ($${n}::text[])`, rule.industryPrefixes.map((p) => `${likeEscape(p)}%`));
  if (rule.scopeKeywords.length) {
    // Case only matters for Latin letters (KTV, ktv); ILIKE on Chinese text costs about six times LIKE.
    const patterns = rule.scopeKeywords.map((k) => `%${likeEscape(k)}%`);
    const exact = patterns.filter((p) => !/[A-Za-z]/.test(p));
    const folded = patterns.filter((p) => /[A-Za-z]/.test(p));
    params.push(exact, folded);
    const [a, b] = [params.length, params.length + 1];
    parts.push(`(s.business_scope like any ($${a}::text[]) or s.name like any ($${a}::text[]) or s.business_scope ilike any ($${b}::text[]) or s.name ilike any ($${b}::text[]))`);
  }
  if (rule.regionCodes.length) add((n) => `s.region_code like any ($${n}::text[])`, rule.regionCodes.map((r) => `${likeEscape(r)}%`));
  if (rule.kinds.length) add((n) => `s.kind = any($${n}::text[])`, rule.kinds);
  return { sql: parts.join(' and '), params };
}

export async function previewRule(db: Pool | PoolClient, departmentId: number, rule: RuleCriteria): Promise<{ matched: number; alreadyMember: number; sampleIds: number[] }> {
  const w = ruleWhere(rule);
  const r = await db.query<{ matched: string; member: string }>(
    `select count(*) as matched, count(m.subject_id) as member
     from subject s left join library_member m on m.subject_id = s.id and m.department_id = $1 where ${w.sql}`,
    [departmentId, ...w.params],
  );
  const sample = await db.query<{ id: string }>(
    `select s.id from subject s where ${w.sql}
       and not exists (select 1 from library_member m where m.subject_id = s.id and m.department_id = $1)
     order by s.id limit 10`,
    [departmentId, ...w.params],
  );
  return { matched: Number(r.rows[0]!.matched), alreadyMember: Number(r.rows[0]!.member), sampleIds: sample.rows.map((x) => Number(x.id)) };
}

export async function applyRule(client: PoolClient, departmentId: number, ruleId: number, rule: RuleCriteria): Promise<number> {
  const w = ruleWhere(rule);
  const r = await client.query(
    `insert into library_member (department_id, subject_id, source, rule_id)
     select $1, s.id, 'RULE', ${ruleId} from subject s where ${w.sql}
     on conflict do nothing`,
    [departmentId, ...w.params],
  );
  return r.rowCount ?? 0;
}

/** A directory row as the API reads it: the imported fields plus the internal id (never exposed). */
export interface SubjectRowDb extends SubjectRow {
  id: number;
}

export const SUBJECT_SELECT = `s.id::int as id, s.key, s.uscc, s.name, s.kind, s.region_code as "regionCode", s.industry_code as "industryCode",
  s.business_scope as "businessScope", s.address, s.operator_name as "operatorName", s.operator_phone as "operatorPhone",
  s.status, s.risk_grade as "riskGrade", s.tags`;

export interface SubjectQuery {
  search?: string;
  kind?: string;
  regionCode?: string;
  industryPrefix?: string;
  status?: string;
  riskGrade?: string;
  departmentId?: number;
}

/** Filtered, keyset-paged subject list plus its total, in two statements. */
export async function querySubjects(db: Pool, q: SubjectQuery, first: number, afterId: number | undefined): Promise<{ rows: SubjectRowDb[]; total: number }> {
  const parts: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.search?.trim()) {
    const s = q.search.trim();
    const like = p(`%${likeEscape(s)}%`);
    parts.push(`(s.name ilike ${like} or s.address ilike ${like} or s.key = ${p(s.toUpperCase())})`);
  }
  if (q.kind) parts.push(`s.kind = ${p(q.kind)}`);
  if (q.regionCode) parts.push(`s.region_code like ${p(likeEscape(q.regionCode) + '%')}`);
  if (q.industryPrefix) parts.push(`s.industry_code like ${p(likeEscape(q.industryPrefix) + '%')}`);
  if (q.status) parts.push(`s.status = ${p(q.status)}`);
  if (q.riskGrade) parts.push(`s.risk_grade = ${p(q.riskGrade)}`);
  if (q.departmentId !== undefined) parts.push(`exists (select 1 from library_member m where m.subject_id = s.id and m.department_id = ${p(q.departmentId)})`);
  const where = parts.length ? `where ${parts.join(' and ')}` : '';
  const countParams = [...params];
  const pageWhere = afterId !== undefined ? `${where ? `${where} and` : 'where'} s.id > ${p(afterId)}` : where;
  const [rows, total] = await Promise.all([
    db.query<SubjectRowDb>(`select ${SUBJECT_SELECT} from subject s ${pageWhere} order by s.id limit ${p(first + 1)}`, params),
    db.query<{ n: string }>(`select count(*) as n from subject s ${where}`, countParams),
  ]);
  return { rows: rows.rows, total: Number(total.rows[0]!.n) };
}

export async function subjectsByIds(db: Pool, ids: number[]): Promise<SubjectRowDb[]> {
  const r = await db.query<SubjectRowDb>(`select ${SUBJECT_SELECT} from subject s where s.id = any($1) order by s.id`, [ids]);
  return r.rows;
}

export async function subjectByKey(db: Pool, key: string): Promise<SubjectRowDb | null> {
  const r = await db.query<SubjectRowDb>(`select ${SUBJECT_SELECT} from subject s where s.key = $1`, [key]);
  return r.rows[0] ?? null;
}
