/**
 * Credit-risk grading (信用风险分类): a transparent score per subject from its published results with
 * problems (weighted by severity and decaying with age), follow-ups, recent leads, a base risk per
 * industry and serious-violation listing; the grade follows configurable thresholds. Reassessed inside
 * the transaction of each relevant event (a published result or correction, a follow-up, a lead) and for
 * everyone by the nightly batch; each change of grade is kept with the factors that explain it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool, PoolClient } from 'pg';
import { now } from '../common/clock.js';
import { chinaDate, isIsoDate } from '../common/dates.js';
import { withTransaction } from '../common/tx.js';
import { RiskGrade, Subject } from '../directory/subject.entity.js';
import { gradeOf, loadRiskConfig, type RiskConfig } from './risk.config.js';
import { RiskAssessment, type RiskFactor } from './risk.entity.js';

interface FactorRow {
  subject_id: string | number;
  factor: string;
  detail: string;
  points: number;
}

export interface Assessment {
  score: number;
  grade: RiskGrade;
  factors: RiskFactor[];
}

const text = (s: string) => `'${s.replace(/'/g, "''")}'`;
const num = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`risk configuration holds a non-number: ${n}`);
  return String(n);
};

/**
 * The factor rows of the subjects `ids` (all active subjects when null), as one SQL statement with every
 * value inlined (numbers, configured strings and the date), so it runs the same on an ORM transaction or
 * a pool client. Ages and the one-year lead window count from `today` (the clock's date by default).
 */
export function factorSql(config: RiskConfig, ids: readonly number[] | null, today = chinaDate()): string {
  if (!isIsoDate(today)) throw new Error(`risk assessment date is not a date: ${today}`);
  const day = `date '${today}'`;
  const scope = ids ? `s.id = any (array[${ids.map((i) => num(Number(i))).join(',') || 'null'}]::bigint[])` : 'true';
  const outcomeCase = `case ir.outcome ${Object.entries(config.outcomePoints).map(([o, p]) => `when ${text(o)} then ${num(p)}`).join(' ')} else 0 end`;
  const followCase = `case f.kind ${Object.entries(config.followUpPoints).map(([k, p]) => `when ${text(k)} then ${num(p)}`).join(' ')} else 0 end`;
  const decay = (date: string) => `power(0.5, greatest(${day} - ${date}, 0)::float8 / ${num(config.halfLifeDays)})`;
  const industries = Object.entries(config.industryBase).filter(([p]) => /^[0-9A-Z]{1,6}$/.test(p));
  const industryValues = industries.length ? industries.map(([p, n]) => `(${text(p)}, ${num(n)})`).join(', ') : `('-', 0)`;
  return `
    with s as (select id, industry_code, tags from subject s where s.status = 'ACTIVE' and ${scope})
    select i.subject_id, 'RESULT' as factor,
           r.visit_date::text || ' ' || c.code || ' ' || ir.outcome as detail,
           (${outcomeCase}) * ${decay('r.visit_date')} as points
      from s join inspection i on i.subject_id = s.id
      join inspection_result r on r.id = i.current_result_id and r.published_at is not null
      join item_result ir on ir.result_id = r.id join check_item c on c.id = ir.item_id
     where (${outcomeCase}) > 0
    union all
    select f.subject_id, 'FOLLOW_UP', f.opened_on::text || ' ' || f.kind || ' ' || f.status, (${followCase}) * ${decay('f.opened_on')}
      from s join follow_up f on f.subject_id = s.id where (${followCase}) > 0
    union all
    select l.subject_id, 'LEADS', count(*)::text || ' 条线索（近一年）', least(${num(config.leadCap)}, count(*) * ${num(config.leadPoints)})
      from s join lead l on l.subject_id = s.id where l.received_on >= ${day} - 365 group by l.subject_id
    union all
    select * from (
      select distinct on (s.id) s.id, 'INDUSTRY', '行业 ' || s.industry_code || '（' || ib.prefix || '）', ib.points::float8
        from s join (values ${industryValues}) as ib(prefix, points) on s.industry_code like ib.prefix || '%'
       where ib.points > 0 order by s.id, length(ib.prefix) desc) industry
    union all
    select s.id, 'SERIOUS', '列入严重违法失信名单', ${num(config.seriousPoints)}
      from s where s.tags && array[${config.seriousTags.map(text).join(',') || `''`}]::text[]`;
}

/** Scores, grades and the top five factors per subject, from factor rows. */
export function aggregate(rows: FactorRow[], config: RiskConfig): Map<number, Assessment> {
  const by = new Map<number, RiskFactor[]>();
  for (const r of rows) {
    const id = Number(r.subject_id);
    const list = by.get(id) ?? [];
    list.push({ factor: r.factor, detail: r.detail, points: Math.round(Number(r.points) * 100) / 100 });
    by.set(id, list);
  }
  const out = new Map<number, Assessment>();
  for (const [id, factors] of by) {
    const score = Math.round(factors.reduce((a, f) => a + f.points, 0) * 100) / 100;
    factors.sort((a, b) => b.points - a.points);
    out.set(id, { score, grade: gradeOf(score, config.thresholds) as RiskGrade, factors: factors.slice(0, 5) });
  }
  return out;
}

const NO_RISK: Omit<Assessment, 'grade'> = { score: 0, factors: [] };

/** Reassesses these subjects inside the caller's transaction (an event that changes their risk). */
export async function reassessSubjects(tem: EntityManager, ids: number[], trigger: string, config = loadRiskConfig()): Promise<void> {
  if (!ids.length) return;
  const rows = await tem.getConnection().execute<FactorRow[]>(factorSql(config, ids), [], 'all', tem.getTransactionContext());
  const scores = aggregate(rows, config);
  const subjects = await tem.find(Subject, { id: { $in: ids } });
  for (const s of subjects) {
    const a = scores.get(s.id) ?? { ...NO_RISK, grade: RiskGrade.A };
    if (s.riskGrade === a.grade) continue;
    tem.persist(tem.create(RiskAssessment, { subject: s, grade: a.grade, previousGrade: s.riskGrade ?? null, score: a.score, factors: a.factors, trigger }));
    s.riskGrade = a.grade;
  }
}

/**
 * The same as `reassessSubjects` on a plain client inside its transaction (set-based writes of the batch
 * services): the subjects' scores from the same factor rows, the changed grades in one UPDATE and their
 * history in one INSERT.
 */
export async function reassessSubjectsSql(client: PoolClient, ids: number[], trigger: string, config = loadRiskConfig()): Promise<void> {
  const unique = [...new Set(ids.map(Number))];
  if (!unique.length) return;
  const scores = aggregate((await client.query<FactorRow>(factorSql(config, unique))).rows, config);
  const current = await client.query<{ id: string; grade: string | null }>('select id, risk_grade as grade from subject where id = any($1::bigint[]) order by id for update', [unique]);
  const rows = current.rows
    .map((r) => ({ id: r.id, previous: r.grade, a: scores.get(Number(r.id)) ?? { ...NO_RISK, grade: RiskGrade.A } }))
    .filter((r) => r.previous !== r.a.grade);
  if (!rows.length) return;
  await client.query(
    'update subject s set risk_grade = x.grade from unnest($1::bigint[], $2::text[]) as x(id, grade) where s.id = x.id',
    [rows.map((r) => r.id), rows.map((r) => r.a.grade)],
  );
  await client.query(
    `insert into risk_assessment (subject_id, grade, previous_grade, score, factors, trigger, assessed_at)
     select *, $7::timestamptz from unnest($1::bigint[], $2::text[], $3::text[], $4::float8[], $5::jsonb[], $6::text[])`,
    [rows.map((r) => r.id), rows.map((r) => r.a.grade), rows.map((r) => r.previous), rows.map((r) => r.a.score), rows.map((r) => JSON.stringify(r.a.factors)), rows.map(() => trigger), now()],
  );
}

/**
 * The nightly batch: every active subject reassessed in one transaction. Subjects without any factor
 * are grade A; a first grading from none to A is not written to the history (nothing to explain).
 */
export async function reassessAll(pool: Pool, trigger = 'BATCH', config = loadRiskConfig()): Promise<{ assessed: number; changed: number }> {
  return withTransaction(pool, async (client) => {
    await client.query(`set local work_mem = '256MB'`);
    const rows = (await client.query<FactorRow>(factorSql(config, null))).rows;
    const scores = aggregate(rows, config);
    const ids = [...scores.keys()];
    const grades = ids.map((id) => scores.get(id)!.grade);
    // Subjects with factors whose grade changes.
    const changed = await client.query<{ id: string; previous: string | null; grade: string }>(
      `with x as (select unnest($1::bigint[]) as id, unnest($2::text[]) as grade),
            old as (select s.id, s.risk_grade as previous from subject s join x on x.id = s.id)
       update subject s set risk_grade = x.grade from x, old where s.id = x.id and old.id = x.id and s.risk_grade is distinct from x.grade
       returning s.id, old.previous, s.risk_grade as grade`,
      [ids, grades],
    );
    const history = changed.rows.map((r) => ({ ...r, a: scores.get(Number(r.id))! }));
    // Subjects without factors: back to (or first at) grade A.
    const cleared = await client.query<{ id: string; previous: string | null }>(
      `with old as (select id, risk_grade as previous from subject where status = 'ACTIVE' and risk_grade is distinct from 'A' and not (id = any($1::bigint[])))
       update subject s set risk_grade = 'A' from old where s.id = old.id returning s.id, old.previous`,
      [ids],
    );
    for (const r of cleared.rows) if (r.previous !== null) history.push({ id: r.id, previous: r.previous, grade: 'A', a: { ...NO_RISK, grade: RiskGrade.A } });
    if (history.length) {
      await client.query(
        `insert into risk_assessment (subject_id, grade, previous_grade, score, factors, trigger, assessed_at)
         select *, $7::timestamptz from unnest($1::bigint[], $2::text[], $3::text[], $4::float8[], $5::jsonb[], $6::text[])`,
        [history.map((h) => h.id), history.map((h) => h.grade), history.map((h) => h.previous), history.map((h) => h.a.score), history.map((h) => JSON.stringify(h.a.factors)), history.map(() => trigger), now()],
      );
    }
    return { assessed: ids.length + cleared.rowCount!, changed: history.length };
  });
}

/** The current explanation of a subject's grade, computed live. */
export async function explain(pool: Pool, subjectId: number, config = loadRiskConfig()): Promise<Assessment> {
  const rows = (await pool.query<FactorRow>(factorSql(config, [subjectId]))).rows;
  return aggregate(rows, config).get(subjectId) ?? { ...NO_RISK, grade: RiskGrade.A };
}
