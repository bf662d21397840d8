import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemCaller } from '../auth/caller.js';
import { hashPassword } from '../auth/session.js';
import { Role } from '../auth/user.entity.js';
import { chinaDate } from '../common/dates.js';
import { log } from '../common/log.js';
import { withTransaction } from '../common/tx.js';
import { loadConfig, type AppConfig } from '../config/config.js';
import { ImportKind } from '../importing/columns.js';
import { runImport, type ImportReport } from '../importing/import.service.js';
import { DEPARTMENTS, JOINT_OFFICE_DEPARTMENT } from '../reference/departments.js';
import type { Database } from '../runtime.js';
import { createPool } from '../db/pool.js';
import { baseScore, gradeOf, loadRiskConfig } from '../risk/risk.config.js';
import { generateDemo, writeDemoCsv } from './generate.js';
import { loadHistory, type HistoryReport } from './history.js';
import { recordAuditSql } from '../audit/audit.service.js';
import { applyRule } from '../directory/directory.queries.js';
import { rebuildMetrics } from '../metrics/rebuild.js';
import type { SubjectKind } from '../directory/subject.entity.js';

export interface DemoOptions {
  seed?: string;
  subjects?: number;
  inspectors?: number;
  progress?: boolean;
  /** Print progress lines to this stream (defaults to stderr). */
  out?: NodeJS.WritableStream;
  /** Settings for the demo tasks (jurisdiction code, hub secret); defaults to the environment's. */
  config?: AppConfig;
  /** Simulate the history (last year and this year up to now) through the services; default true. */
  history?: boolean;
  /** The end of the simulated history (default: now). */
  until?: Date;
  /** Receives the history's report (counts per year, the showcase tasks). */
  onHistory?: (report: HistoryReport) => void;
}

/** The demo users, one per role; every password is `demo`. */
export const DEMO_USERS: { username: string; displayName: string; role: Role; department: string | null }[] = [
  { username: 'admin', displayName: '系统管理员', role: Role.ADMIN, department: null },
  { username: 'leader', displayName: '区政府分管领导', role: Role.LEADER, department: null },
  { username: 'office', displayName: '联席办工作人员', role: Role.OFFICE, department: JOINT_OFFICE_DEPARTMENT },
  { username: 'scjg-head', displayName: '市场监管局负责人', role: Role.DEPT_HEAD, department: 'SCJG' },
  { username: 'scjg-clerk', displayName: '市场监管局业务员', role: Role.CLERK, department: 'SCJG' },
  { username: 'sw-clerk', displayName: '税务局业务员', role: Role.CLERK, department: 'SW' },
  { username: 'inspector', displayName: '市场监管局执法人员', role: Role.INSPECTOR, department: 'SCJG' },
];

/**
 * Loads the demo county through the same import path a clerk uses: departments, users, the item list,
 * the directory, the roster and sub-libraries. Deterministic from the seed.
 */
export async function loadDemo(db: Database, opts: DemoOptions = {}): Promise<Record<string, ImportReport>> {
  const out = opts.out ?? process.stderr;
  const say = (msg: string) => out.write(`[demo] ${msg}\n`);
  const seed = opts.seed ?? 'linzi-2026';
  const subjects = opts.subjects ?? 50_000;
  const inspectors = opts.inspectors ?? 300;
  const caller = systemCaller('demo');
  const t0 = Date.now();
  // Hashed on the thread pool while the departments are written.
  const hashing = Promise.all(DEMO_USERS.map(() => hashPassword('demo')));

  await withTransaction(db.pool, async (client) => {
    for (const d of DEPARTMENTS) {
      await client.query(
        `insert into department (code, name, short_name, kind, member) values ($1, $2, $3, $4, $5)
         on conflict (code) do update set name = excluded.name, short_name = excluded.short_name, kind = excluded.kind, member = excluded.member`,
        [d.code, d.name, d.shortName, d.kind, d.member],
      );
    }
    const hashes = await hashing;
    for (const [i, u] of DEMO_USERS.entries()) {
      await client.query(
        `insert into app_user (username, display_name, role, department_id, password_hash)
         values ($1, $2, $3, (select id from department where code = $4), $5) on conflict (username) do nothing`,
        [u.username, u.displayName, u.role, u.department, hashes[i]],
      );
    }
    await recordAuditSql(client, caller, { action: 'DEMO', entity: 'Department', entityKey: 'all', detail: { departments: DEPARTMENTS.length, users: DEMO_USERS.length } });
  });
  say(`部门 ${DEPARTMENTS.length} 个，演示用户 ${DEMO_USERS.length} 个`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointcheck-demo-'));
  try {
    // Certificates are generated around the demo's current year (that of the history's end). With its
    // history the directory comes graded as the risk batch grades a subject with no events (industry
    // base risk), as a county's directory arrives with its credit-risk classification.
    const risk = loadRiskConfig();
    await writeDemoCsv(dir, {
      seed, subjects, inspectors, year: Number(chinaDate(opts.until).slice(0, 4)),
      grade: (opts.history ?? true) ? (s) => (s.status === 'ACTIVE' ? gradeOf(baseScore(s.industryCode, s.tags, risk), risk.thresholds) : null) : undefined,
    });
    const reports: Record<string, ImportReport> = {};
    for (const [kind, file, label] of [
      [ImportKind.ITEMS, 'items.csv', '抽查事项'],
      [ImportKind.SUBJECTS, 'subjects.csv', '检查对象'],
      [ImportKind.INSPECTORS, 'inspectors.csv', '执法检查人员'],
    ] as const) {
      const t = Date.now();
      let shown = 0;
      const report = await runImport(db.pool, {
        kind, file: path.join(dir, file), caller, sourceName: `demo:${file}`,
        onProgress: (n) => {
          if (opts.progress && n - shown >= 10_000) say(`${label}：已读取 ${(shown = n)} 行`);
        },
      });
      if (!report.written) throw new Error(`演示数据 ${file} 未通过校验：${report.errors.slice(0, 5).map((e) => `第 ${e.line} 行 ${e.column ?? ''} ${e.reason}`).join('；')}`);
      reports[kind] = report;
      say(`${label}：${report.inserted} 条新增，${report.updated} 条更新（${Date.now() - t} ms）`);
    }
    const { libraryRules } = generateDemo({ seed, subjects: 0, inspectors: 0 });
    const tRules = Date.now();
    let members = 0;
    // The rules are saved in order, then applied on two connections at once (each department's rules on
    // one of them, so no two transactions write into the same sub-library), then recorded.
    const ruleIds = await withTransaction(db.pool, async (client) => {
      const ids: number[] = [];
      for (const rule of libraryRules) {
        const saved = await client.query<{ id: number }>(
          `insert into library_rule (department_id, name, industry_prefixes, scope_keywords, region_codes, kinds)
           values ((select id from department where code = $1), $2, $3, $4, $5, $6)
           on conflict (department_id, name) do update set industry_prefixes = excluded.industry_prefixes returning id`,
          [rule.department, rule.name, rule.industryPrefixes, rule.scopeKeywords, rule.regions, rule.kinds],
        );
        ids.push(saved.rows[0]!.id);
      }
      return ids;
    });
    const departmentsInOrder = [...new Set(libraryRules.map((r) => r.department))];
    const lanes = [0, 1].map((lane) => libraryRules.map((rule, i) => ({ rule, id: ruleIds[i]! })).filter(({ rule }) => departmentsInOrder.indexOf(rule.department) % 2 === lane));
    await Promise.all(lanes.map((lane) => withTransaction(db.pool, async (client) => {
      for (const { rule, id } of lane) {
        const depId = (await client.query<{ id: number }>('select id from department where code = $1', [rule.department])).rows[0]!.id;
        const criteria = { industryPrefixes: rule.industryPrefixes, scopeKeywords: rule.scopeKeywords, regionCodes: rule.regions, kinds: rule.kinds as SubjectKind[] };
        const n = await applyRule(client, depId, id, criteria);
        await client.query('update library_rule set last_applied_at = now(), last_matched = $2 where id = $1', [id, n]);
        members += n;
      }
    })));
    await withTransaction(db.pool, (client) => recordAuditSql(client, caller, { action: 'DEMO', entity: 'LibraryRule', entityKey: 'all', detail: { rules: libraryRules.length, members } }));
    // Fresh statistics for the draws' scope queries (the directory and sub-libraries were just loaded).
    await Promise.all([db.pool.query('analyze subject'), db.pool.query('analyze library_member')]);
    say(`分库规则 ${libraryRules.length} 条，分库成员 ${members} 个（${Date.now() - tRules} ms）`);
    if (opts.history ?? true) {
      // The history's own pool commits asynchronously (thousands of small transactions); one synchronous
      // commit at the end makes all of it durable, as WAL is flushed in order. It leaves the metric
      // rollups to one recount at the end instead of keeping them up to date transaction by transaction.
      const historyPool = createPool(db.url, 4, { synchronous_commit: 'off', 'jointcheck.metrics': 'off' });
      let report: HistoryReport;
      try {
        report = await loadHistory(db.orm, historyPool, { seed, subjects, config: opts.config ?? loadConfig(), caller, say, until: opts.until });
      } finally {
        await historyPool.end();
      }
      const tRollup = Date.now();
      await rebuildMetrics(db.pool);
      say(`指标汇总表重算（${Date.now() - tRollup} ms）`);
      for (const y of report.years) {
        say(
          `${y.year} 年：抽查任务 ${y.tasks} 项（联合 ${y.jointTasks} 项，${y.tasks ? ((100 * y.jointTasks) / y.tasks).toFixed(1) : '0'}%），检查 ${y.inspections} 户（联合 ${y.jointInspections} 户），` +
            `记录 ${y.recorded} 户，公示 ${y.published} 户，更正 ${y.corrections} 次，后续处置 ${y.followUps} 件，线索 ${y.leads} 条，互认 ${y.recognitions} 次`,
        );
      }
      if (report.failures.length) log.warn('demo history: steps refused', { failures: report.failures.slice(0, 20), count: report.failures.length });
      say(`模拟历史 ${report.from} 至 ${report.to}：用时 ${(report.ms / 1000).toFixed(1)} 秒${report.showcase.joint ? `；本年度联合抽查示例任务 ${report.showcase.joint}` : ''}${report.showcase.waiting ? `，待提交承诺值任务 ${report.showcase.waiting}` : ''}`);
      opts.onHistory?.(report);
    }
    const linked = await linkDemoInspector(db);
    if (linked) say(`演示执法人员账号 inspector 关联名录库人员 ${linked}`);
    say(`演示县数据加载完成，用时 ${((Date.now() - t0) / 1000).toFixed(1)} 秒`);
    return reports;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The demo INSPECTOR account stands for one SCJG inspector of the roster: the one with the most inspections
 * still open in drawn or running tasks (so 我的检查任务 shows work), else SCJG's first active inspector.
 * Returns the enforcement-certificate number linked.
 */
async function linkDemoInspector(db: Database): Promise<string | undefined> {
  const r = await db.pool.query<{ key: string }>(
    `with pick as (
       select ins.id, ins.key from inspector ins join department d on d.id = ins.department_id
         left join inspection_member m on m.inspector_id = ins.id and m.active
         left join inspection i on i.id = m.inspection_id and i.status <> 'PUBLISHED'
         left join task t on t.id = i.task_id and t.status in ('DRAWN', 'IN_PROGRESS')
        where d.code = 'SCJG' and ins.status = 'ACTIVE'
        group by ins.id, ins.key order by count(t.id) desc, ins.key limit 1)
     update app_user u set inspector_id = pick.id from pick where u.username = 'inspector' and u.inspector_id is null returning pick.key`,
  );
  return r.rows[0]?.key;
}

/** First start only: loads the demo when the database has no department yet. */
export async function ensureDemo(db: Database, config: AppConfig, opts: { progress?: boolean } = {}): Promise<boolean> {
  const r = await db.pool.query<{ n: number }>('select count(*)::int as n from department');
  if (r.rows[0]!.n > 0) return false;
  log.info('empty database: loading the demo county', { subjects: config.demoSubjects, seed: config.demoSeed });
  await loadDemo(db, { seed: config.demoSeed, subjects: config.demoSubjects, progress: opts.progress ?? true, config });
  return true;
}
