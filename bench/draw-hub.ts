/**
 * Benchmark of freeze + draw through the hub on a real PostgreSQL: 1,000,000 subjects in four risk
 * grades, three departments with 300/200/100 inspectors, 2,000 declared conflicts, 5,000 subjects
 * recently checked (mutual recognition) and 1,000 under an open case.
 *
 *   npm run bench:draw        (runs the pure-draw benchmark first, then this one)
 *   node --import tsx bench/draw-hub.ts [subjects]
 *
 * Prints the timings and writes bench/results/draw-hub.json. Target: freeze + draw ≤ 20 s.
 */
import fs from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemCaller } from '../server/auth/caller.js';
import { loadConfig } from '../server/config/config.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { openOrm } from '../server/db/orm.js';
import { createPool } from '../server/db/pool.js';
import { commitment } from '../server/draw/manifest.js';
import { shutdownDrawWorkers } from '../server/draw/kernel.js';
import { drawTask, freezeTask, revealSecret } from '../server/tasks/draw.service.js';
import { confirmTask, createSpecialTask, submitCommitment } from '../server/tasks/task.service.js';
import { RiskGrade, SubjectKind } from '../server/directory/subject.entity.js';

const SUBJECTS = Number(process.argv[2] ?? 1_000_000);
const DEPARTMENTS: [string, string, number, number][] = [
  ['SCJG', 'MARKET_REGULATION', 300, 2],
  ['STHJ', 'ENVIRONMENT', 200, 1],
  ['SW', 'TAX', 100, 1],
];
const caller = systemCaller('bench');
const config = { ...loadConfig({}), demo: false };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointcheck-bench-draw-'));
const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false, database: 'postgres' });
const orm = await openOrm(db.url);
const pool = createPool(db.url);
const ms = (t: number) => Math.round(performance.now() - t);
const log = (s: string) => process.stdout.write(`${s}\n`);

try {
  let t = performance.now();
  for (const [code, kind] of DEPARTMENTS) {
    await pool.query(`insert into department (code, name, short_name, kind) values ($1, $1, $1, $2)`, [code, kind]);
    await pool.query(
      `insert into check_item (code, version, current, department_id, category, legal_basis, subject_type, content, methods, ratio, frequency_per_year, effective_from, active)
       select $1 || '-001', 1, true, id, 'GENERAL', '法律依据', '企业', '抽查内容', '{ONSITE}', 0.03, 1, '2025-01-01', true from department where code = $1`,
      [code],
    );
  }
  // Subjects: grades A 48 %, B 34 %, C 12 %, D 6 %; all in SCJG's sub-library, 40 % also in STHJ's, 30 % in SW's.
  await pool.query(
    `insert into subject (key, name, kind, region_code, status, risk_grade, tags)
     select '91370305' || lpad(i::text, 10, '0'), '基准测试主体' || i, $2, '370305', 'ACTIVE',
            case when i % 100 < 48 then 'A' when i % 100 < 82 then 'B' when i % 100 < 94 then 'C' else 'D' end, '{}'
       from generate_series(1, $1::int) i`,
    [SUBJECTS, SubjectKind.ENTERPRISE],
  );
  await pool.query(
    `insert into library_member (department_id, subject_id, source)
     select d.id, s.id, 'IMPORT' from subject s join department d on d.code = 'SCJG'
     union all select d.id, s.id, 'IMPORT' from subject s join department d on d.code = 'STHJ' where s.id % 10 < 4
     union all select d.id, s.id, 'IMPORT' from subject s join department d on d.code = 'SW' where s.id % 10 >= 7`,
  );
  for (const [code, , n] of DEPARTMENTS) {
    await pool.query(
      `insert into inspector (key, name, department_id, certificate_valid_from, certificate_valid_to, qualifications, specialties, kind, status)
       select $1 || lpad(i::text, 6, '0'), '检查员' || i, d.id, '2020-01-01', '2035-12-31', '{GENERAL}', '{}', 'STAFF', 'ACTIVE'
         from generate_series(1, $2::int) i, department d where d.code = $1`,
      [code, n],
    );
  }
  await pool.query(
    `insert into inspector_conflict (inspector_id, subject_key, reason)
     select distinct on (i.id, s.key) i.id, s.key, '近亲属' from generate_series(1, 2000) g
       join inspector i on i.id = 1 + (g * 7919) % 600 join subject s on s.id = 1 + (g::bigint * 104729) % $1 on conflict do nothing`,
    [SUBJECTS],
  );
  // 5,000 subjects checked 30 days ago for SCJG-001 by an earlier task; 1,000 under an open case.
  const past = await pool.query<{ id: number }>(
    `insert into task (code, year, seq, name, kind, joint, item_ids, item_codes, departments, scope_libraries, scope_regions, scope_industries, scope_kinds,
       scope_grades, scope_subjects, quota_rule, window_from, window_to, team_sizes, recognition_days, yearly_cap, status, created_by)
     values ('PAST-0001', extract(year from current_date)::int, 0, '往期任务', 'ROUTINE', false, '{}', '{SCJG-001}', '{SCJG}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',
       current_date - 40, current_date - 20, '[]', 0, 0, 'CLOSED', 'bench') returning id`,
  );
  await pool.query(
    `insert into inspection (task_id, subject_id, seq, stratum, ticket, status, checked_on)
     select $1, s.id, row_number() over (), s.risk_grade, '-', 'PUBLISHED', current_date - 30 from subject s where s.id % 200 = 3`,
    [past.rows[0]!.id],
  );
  await pool.query(
    `insert into follow_up (subject_id, department_id, kind, status, opened_on, created_by)
     select s.id, d.id, 'CASE_FILED', 'OPEN', current_date, 'bench' from subject s, department d where s.id % 1000 = 7 and d.code = 'SCJG'`,
  );
  await pool.query('analyze');
  const setup = ms(t);
  log(`setup: ${SUBJECTS.toLocaleString('en')} subjects, 600 inspectors, ${setup} ms`);

  const year = new Date().getFullYear();
  const em = orm.em.fork();
  const task = await createSpecialTask(em, caller, config, {
    name: '基准测试联合抽查', reason: '基准测试', items: ['SCJG-001', 'STHJ-001', 'SW-001'], lead: 'SCJG', participants: ['STHJ', 'SW'],
    scopeLibraries: [], scopeRegions: [], scopeIndustries: [], scopeKinds: [], scopeGrades: [], subjects: [],
    quotaRule: [{ grade: RiskGrade.A, ratio: '0.01' }, { grade: RiskGrade.B, ratio: '0.03' }, { grade: RiskGrade.C, ratio: '0.1' }, { grade: RiskGrade.D, ratio: '0.3' }],
    windowFrom: `${year}-01-01`, windowTo: `${year}-12-31`,
  }, { recognitionDays: 180, yearlyCap: 2 });
  const secrets = Object.fromEntries(DEPARTMENTS.map(([code]) => [code, `bench-secret-${code}-0123456789`]));
  for (const [code] of DEPARTMENTS) {
    if (code !== 'SCJG') await confirmTask(orm.em.fork(), caller, task.code, code);
    await submitCommitment(orm.em.fork(), caller, task.code, commitment(task.code, code, secrets[code]!), code);
  }

  t = performance.now();
  await freezeTask(pool, caller, task.code, config.sessionSecret);
  const freeze = ms(t);
  for (const [code] of DEPARTMENTS) await revealSecret(orm.em.fork(), caller, task.code, secrets[code]!, code);
  t = performance.now();
  const outcome = await drawTask(pool, caller, task.code, config.sessionSecret);
  const draw = ms(t);
  if (!outcome.ok) throw new Error(`draw failed: ${outcome.error}`);

  const facts = (await pool.query(
    `select d.manifest->'candidates'->>'count' as candidates, d.manifest->'excluded'->>'count' as excluded, d.manifest->'roster'->>'count' as roster,
            d.manifest->'conflicts'->>'count' as conflicts, d.manifest->'quotas' as quotas,
            (select count(*) from inspection i where i.task_id = d.task_id) as inspections,
            (select count(*) from inspection_member m join inspection i on i.id = m.inspection_id where i.task_id = d.task_id) as members
       from task_draw d join task t on t.id = d.task_id where t.code = $1`,
    [task.code],
  )).rows[0];
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  log('');
  log(`freeze (scope, exclusions, roster, conflicts, lists, digests, manifest): ${(freeze / 1000).toFixed(2)} s`);
  log(`draw (hub reveal, pure draw on the stored bundle, inspections + teams):   ${(draw / 1000).toFixed(2)} s`);
  log(`freeze + draw through the hub: ${((freeze + draw) / 1000).toFixed(2)} s   (target ≤ 20 s)`);
  log(`candidates ${Number(facts.candidates).toLocaleString('en')}, excluded ${facts.excluded}, roster ${facts.roster}, conflicts ${facts.conflicts}`);
  log(`inspections ${Number(facts.inspections).toLocaleString('en')}, team places ${Number(facts.members).toLocaleString('en')}, quotas ${JSON.stringify(facts.quotas)}`);
  log(`peak RSS of this process ≈ ${rss} MiB`);
  const out = path.resolve(import.meta.dirname, 'results');
  await mkdir(out, { recursive: true });
  await writeFile(
    path.join(out, 'draw-hub.json'),
    `${JSON.stringify({
      benchmark: 'draw-hub', date: new Date().toISOString(), node: process.version, cores: os.cpus().length, cpu: os.cpus()[0]?.model,
      loadAverage: os.loadavg(), subjects: SUBJECTS, setupMs: setup, freezeMs: freeze, drawMs: draw, totalMs: freeze + draw, targetMs: 20_000,
      candidates: Number(facts.candidates), excluded: Number(facts.excluded), roster: Number(facts.roster), conflicts: Number(facts.conflicts),
      quotas: facts.quotas, inspections: Number(facts.inspections), teamPlaces: Number(facts.members), rssMiB: rss,
    }, null, 2)}\n`,
  );
  log(`wrote bench/results/draw-hub.json`);
} finally {
  await shutdownDrawWorkers();
  await pool.end();
  await orm.close(true);
  await db.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
