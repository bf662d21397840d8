/**
 * The freeze (DRAW-SPEC.md §1 step 1): the task's candidates, exclusions, eligible roster, conflicts,
 * quotas and team rule, read from the database inside the freezing transaction and written as the
 * bundle's lists and manifest. Lists leave PostgreSQL already sorted by byte order (COLLATE "C") through
 * COPY, so a million candidates cost one sort and one stream, not a million JavaScript objects.
 */
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { addDays, chinaDate, chinaTimestamp } from '../common/dates.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { phaseTimer } from '../common/log.js';
import { listDigest, quotaFromRule } from '../draw/draw.js';
import { ALGORITHM, type ListDigest } from '../draw/manifest.js';
import { serializeTsv } from '../draw/tsv.js';
import type { GradeQuota } from '../plans/plan.entity.js';
import type { TeamSize } from './task.entity.js';

/** Why a subject in scope is not a candidate (the second field of excluded.tsv). */
export enum ExclusionReason {
  /** Checked for one of the task's items by some department within the recognition window (互认). */
  RECOGNITION = 'RECOGNITION',
  /** Reached the yearly cap of random inspections across all departments. */
  YEARLY_CAP = 'YEARLY_CAP',
  /** Under an open case (立案查处 not yet closed). */
  OPEN_CASE = 'OPEN_CASE',
}

/** What the freeze needs to know about the task (a row of `task` plus its items). */
export interface FreezeTask {
  id: number;
  code: string;
  year: number;
  departments: string[];
  itemCodes: string[];
  scopeLibraries: string[];
  scopeRegions: string[];
  scopeIndustries: string[];
  scopeKinds: string[];
  scopeGrades: string[];
  scopeSubjects: string[];
  quotaRule: Record<string, GradeQuota>;
  windowFrom: string;
  windowTo: string;
  teamSizes: TeamSize[];
  maxPerInspector: number | null;
  recognitionDays: number;
  yearlyCap: number;
  controlShare: string | null;
}

/** The task's items with the department each belongs to and its category (for qualifications). */
export interface FreezeItem {
  code: string;
  category: string;
  department: string;
}

export interface FrozenBundle {
  manifest: Record<string, unknown>;
  /** Per stratum, how many of the quota are the control group (null without one). */
  controlQuotas: Record<string, number> | null;
  candidates: Buffer;
  excluded: Buffer;
  roster: Buffer;
  conflicts: Buffer;
}

/** Streams `copy (query) to stdout` into one buffer. */
async function copyOut(client: PoolClient, query: string): Promise<Buffer> {
  const stream = client.query(copyTo(`copy (${query}) to stdout`));
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const likePrefixes = (codes: string[]) => codes.map((c) => `${c.replace(/[\\%_]/g, (x) => `\\${x}`)}%`);

/**
 * May this inspector check the items its department brings to the task? For every such item the
 * qualifications must name the item's code or its category (GENERAL/KEY). A department that brings no
 * item of its own must be qualified for the task's items of the lead.
 */
export function qualifiedFor(qualifications: readonly string[], items: readonly FreezeItem[], department: string, lead: string): boolean {
  const own = items.filter((i) => i.department === department);
  const relevant = own.length ? own : items.filter((i) => i.department === lead);
  return relevant.every((i) => qualifications.includes(i.code) || qualifications.includes(i.category));
}

/** Stratum counts of a sorted candidates.tsv (`key<TAB>stratum` lines). */
function strataOf(candidates: Buffer): Record<string, number> {
  const counts = new Map<string, number>();
  let start = 0;
  while (start < candidates.length) {
    const end = candidates.indexOf(10, start);
    const tab = candidates.lastIndexOf(9, end);
    const s = candidates.toString('latin1', tab + 1, end);
    counts.set(s, (counts.get(s) ?? 0) + 1);
    start = end + 1;
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Quotas per stratum from the task's rule. Ungraded subjects (stratum U, before risk grading) follow the
 * rule for U when there is one, otherwise the rule for B (general risk). A stratum without a rule gets 0.
 * When every rule in use is a ratio the manifest carries `quotaRule`, so any verifier can recompute them.
 */
export function quotasFor(
  strata: Record<string, number>,
  rule: Record<string, GradeQuota>,
  controlShare: string | null = null,
): { quotas: Record<string, number>; quotaRule?: Record<string, string>; controlQuotas: Record<string, number> | null } {
  const quotas: Record<string, number> = {};
  const ratios: Record<string, string> = {};
  let allRatios = true;
  for (const [stratum, n] of Object.entries(strata)) {
    const r = rule[stratum] ?? (stratum === 'U' ? rule.B : undefined);
    if (!r) continue;
    if (r.ratio !== undefined) {
      ratios[stratum] = r.ratio;
      quotas[stratum] = quotaFromRule(n, r.ratio);
    } else {
      allRatios = false;
      quotas[stratum] = Math.min(n, r.count ?? 0);
    }
  }
  if (!controlShare) return allRatios ? { quotas, quotaRule: ratios, controlQuotas: null } : { quotas, controlQuotas: null };
  // The control group: min(N, ceil(N × share)) more per stratum, whatever its grade. The first drawn
  // of each stratum (in ticket order) are the control group, a uniform sample of the stratum. The quotas
  // no longer follow the ratios alone, so the manifest carries no quotaRule.
  const controlQuotas: Record<string, number> = {};
  for (const [stratum, n] of Object.entries(strata)) {
    const c = Math.min(n - (quotas[stratum] ?? 0), quotaFromRule(n, controlShare));
    if (c > 0) {
      controlQuotas[stratum] = c;
      quotas[stratum] = (quotas[stratum] ?? 0) + c;
    }
  }
  return { quotas, controlQuotas };
}

/**
 * Builds the bundle of a freeze on `client` (inside the freezing transaction). `commitments` are the
 * participating departments' and the hub's, in that order.
 */
export async function buildFreeze(
  client: PoolClient,
  task: FreezeTask,
  items: FreezeItem[],
  commitments: { party: string; commitment: string }[],
  now: Date,
): Promise<FrozenBundle> {
  const timer = phaseTimer('freeze');
  const lead = task.departments[0]!;
  const libraries = task.scopeLibraries.length ? task.scopeLibraries : task.departments;
  const libraryIds = (await client.query<{ id: number }>('select id from department where code = any($1::text[])', [libraries])).rows.map((r) => r.id);
  // The scope as a condition on subject `s`, with literal values: COPY (query) takes no parameters.
  const text = (values: string[]) => `array[${values.map((v) => client.escapeLiteral(v)).join(',')}]::text[]`;
  // One LIKE per prefix, OR-ed: each can use the code's pattern index, where `like any (array)` scans the table.
  const prefixScope = (column: string, codes: string[]) =>
    codes.length ? `(${likePrefixes(codes).map((p) => `${column} like ${client.escapeLiteral(p)}`).join(' or ')})` : '';
  const scope = [
    `s.status = 'ACTIVE'`,
    `exists (select 1 from library_member m where m.subject_id = s.id and m.department_id = any (array[${libraryIds.join(',')}]::int[]))`,
    prefixScope('s.region_code', task.scopeRegions),
    prefixScope('s.industry_code', task.scopeIndustries),
    task.scopeKinds.length ? `s.kind = any (${text(task.scopeKinds)})` : '',
    task.scopeGrades.length ? `s.risk_grade = any (${text(task.scopeGrades)})` : '',
    task.scopeSubjects.length ? `s.key = any (${text(task.scopeSubjects)})` : '',
  ].filter(Boolean).join(' and ');
  // Exclusions (mutual recognition, the yearly cap, open cases) are few: found first, kept only when in scope.
  const today = chinaDate(now);
  // One temporary table per connection, emptied at every commit: no catalog churn per freeze.
  await client.query('create temp table if not exists fz_excl (id bigint not null, key text not null, reason text not null) on commit delete rows');
  const excludedRows = await client.query(
    `insert into fz_excl (id, key, reason)
     select s.id, s.key, x.reason from (
       select i.subject_id as id, 'RECOGNITION'::text as reason from inspection i join task t on t.id = i.task_id
        where $1::int > 0 and i.checked_on >= $2::date and t.item_codes && $3::text[]
       union
       select i.subject_id, 'YEARLY_CAP' from inspection i join task t on t.id = i.task_id
        where $4::int > 0 and t.year = $5 and t.status <> 'CANCELLED' group by i.subject_id having count(*) >= $4::int
       union
       select f.subject_id, 'OPEN_CASE' from follow_up f where f.kind = 'CASE_FILED' and f.status <> 'CLOSED'
     ) x join subject s on s.id = x.id
     where ${scope}`,
    [task.recognitionDays, addDays(today, -task.recognitionDays), task.itemCodes, task.yearlyCap, task.year],
  );
  // Statistics only when there are enough rows to change the plans (the default estimate suits a few).
  if ((excludedRows.rowCount ?? 0) > 1000) await client.query('analyze fz_excl');
  timer.lap('exclusions');
  // Keys never hold a byte below TAB, so ordering by key in byte order (COLLATE "C") orders the lines.
  const candidates = await copyOut(
    client,
    `select s.key, coalesce(s.risk_grade, 'U') from subject s
      where ${scope} and not exists (select 1 from fz_excl e where e.id = s.id)
      order by s.key collate "C"`,
  );
  timer.lap('candidates');
  const excluded = await copyOut(client, `select key, reason from fz_excl order by key collate "C", reason collate "C"`);

  // Eligible roster: active, certificate valid through the whole window, qualified for the items.
  const inspectors = await client.query<{ id: number; key: string; code: string; qualifications: string[] }>(
    `select i.id, i.key, d.code, i.qualifications from inspector i join department d on d.id = i.department_id
      where d.code = any($1::text[]) and i.status = 'ACTIVE'
        and (i.certificate_valid_from is null or i.certificate_valid_from <= $2::date)
        and i.certificate_valid_to is not null and i.certificate_valid_to >= $3::date`,
    [task.departments, task.windowFrom, task.windowTo],
  );
  const eligible = inspectors.rows.filter((r) => qualifiedFor(r.qualifications, items, r.code, lead));
  const roster = serializeTsv(eligible.map((r) => [r.key, r.code]));
  for (const size of task.teamSizes) {
    const have = eligible.filter((r) => r.code === size.department).length;
    if (have < size.inspectors) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `部门 ${size.department} 符合条件的检查人员（在岗、执法证在任务期内有效、具备事项资格）只有 ${have} 名，每户需要 ${size.inspectors} 名，无法冻结`,
        'teamSizes',
      );
    }
  }
  const conflictRows = await client.query<{ inspector: string; subject: string }>(
    `select i.key as inspector, c.subject_key as subject
       from inspector_conflict c join inspector i on i.id = c.inspector_id join subject s on s.key = c.subject_key
      where c.inspector_id = any($1::int[]) and ${scope} and not exists (select 1 from fz_excl e where e.id = s.id)`,
    [eligible.map((r) => r.id)],
  );
  const conflicts = serializeTsv(conflictRows.rows.map((r) => [r.inspector, r.subject]));

  timer.lap('roster+conflicts');
  const strata = strataOf(candidates);
  const { quotas, quotaRule, controlQuotas } = quotasFor(strata, task.quotaRule, task.controlShare);
  const digests = await Promise.all([candidates, excluded, roster, conflicts].map((b, i) => listDigest(b, ['candidates', 'excluded', 'roster', 'conflicts'][i])));
  const [cd, ed, rd, kd] = digests as [ListDigest, ListDigest, ListDigest, ListDigest];
  timer.lap('digests');
  timer.done({ task: task.code, candidates: cd.count });
  const manifest: Record<string, unknown> = {
    algorithm: ALGORITHM,
    task: task.code,
    frozenAt: chinaTimestamp(now),
    candidates: { count: cd.count, root: cd.root, strata },
    excluded: ed,
    roster: rd,
    conflicts: kd,
    quotas,
    ...(quotaRule ? { quotaRule } : {}),
    team: {
      lead,
      maxPerInspector: task.maxPerInspector ?? defaultWorkloadCap(quotas, task.teamSizes, eligible.map((r) => r.code)),
      departments: task.teamSizes.map((s) => ({ code: s.department, inspectors: s.inspectors })),
    },
    commitments,
  };
  return { manifest, controlQuotas, candidates, excluded, roster, conflicts };
}

/**
 * The workload cap when the task sets none: half again the even share of the busiest department
 * (subjects × inspectors per subject ÷ its eligible inspectors), and never below 3.
 */
export function defaultWorkloadCap(quotas: Record<string, number>, sizes: TeamSize[], rosterDepartments: string[]): number {
  const total = Object.values(quotas).reduce((a, b) => a + b, 0);
  let busiest = 0;
  for (const s of sizes) {
    const n = rosterDepartments.filter((d) => d === s.department).length;
    if (n > 0) busiest = Math.max(busiest, (total * s.inspectors) / n);
  }
  return Math.max(3, Math.ceil(busiest * 1.5));
}
