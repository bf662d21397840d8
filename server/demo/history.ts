/**
 * The demo county's simulated history: the whole previous calendar year and the current year up to the
 * moment it is loaded, driven day by day through the real services under a simulated clock
 * (`withClock`), so every figure of the dashboard has data on first start.
 *
 * - Annual plans: every member department saves and files its plan in January (a few late, one or two
 *   never in the current year), publishes it; the office compiles and publishes the joint plan; one
 *   plan is adjusted mid-year with a reason.
 * - About 150 tasks a year (fewer for a smaller directory), 11–12 % of them joint, spread over the
 *   months: routine tasks from the filed plans, special tasks (seasonal campaigns, high-risk subjects,
 *   complaint leads). Joint participants confirm (one a year declines with a reason); every department
 *   commits to a secret derived from the seed, the hub freezes, the departments reveal, the hub draws —
 *   the real commit–reveal draw, so every bundle verifies with `jointcheck verify`.
 * - Inspections: notice, visit, one result per item with outcomes drawn from per-grade problem rates
 *   (A 3 %, B 8 %, C 20 %, D 40 %), entry and publication in weekly batches — most within 20 working
 *   days, some late, a few still overdue today — signed corrections, follow-ups (transfers accepted and
 *   closed, filed cases, abnormal-operations listings, some still open and past due), 12345 leads
 *   (handled, or starting a special task), mutual-recognition records; tasks completed and closed.
 *
 * At go-live (1 January of last year) the serious-violation list is synced into the directory through
 * the import and the nightly risk batch grades every subject; it runs once more at the end.
 *
 * The office keeps a weekly rhythm: tasks created on Mondays, confirmed on Tuesdays, commitments on
 * Wednesdays, freeze, reveal and draw at Thursday's session; results uploaded on Fridays, entered on
 * Wednesdays and published on Thursdays (the set-based batch variants of the services). Each day runs the
 * tasks' steps alongside the inspections of earlier tasks (different rows), a few draws at a time.
 *
 * Deterministic from the demo seed except the hub's own draw secrets (random, as always), which decide
 * which subjects each draw selects. Progress goes to `say`, one line per simulated month.
 */
import crypto from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { Role } from '../auth/user.entity.js';
import type { Caller } from '../auth/caller.js';
import { loadCalendarSql, type WorkingDayCalendar } from '../calendar/calendar.service.js';
import { withClock } from '../common/clock.js';
import { addDays, chinaDate } from '../common/dates.js';
import { AppError } from '../common/errors.js';
import { log } from '../common/log.js';
import type { AppConfig } from '../config/config.js';
import { commitment } from '../draw/manifest.js';
import { FollowUpKind } from '../followups/follow-up.entity.js';
import { acceptFollowUp, closeFollowUp, openFollowUp } from '../followups/follow-up.service.js';
import { NoticeMethod } from '../inspections/inspection.entity.js';
import { recordRecognition } from '../inspections/recognition.service.js';
import { Outcome, PROBLEM_OUTCOMES } from '../inspections/result.entity.js';
import { correctResult, enterResults, notifyInspections, publishResults, recordResults, type ResultInput } from '../inspections/result.service.js';
import { CheckMethod } from '../items/check-item.entity.js';
import { LeadSource } from '../leads/lead.entity.js';
import { handleLead, recordLead, startTaskFromLead } from '../leads/lead.service.js';
import { compileJointPlan, filePlan, filingDeadline, publishPlan, savePlan } from '../plans/plan.service.js';
import type { PlanTaskInput } from '../plans/plan.types.js';
import { reassessAll } from '../risk/risk.service.js';
import { qualifiedFor, type FreezeItem } from '../tasks/freeze.js';
import { drawTask, freezeTask, revealSecrets } from '../tasks/draw.service.js';
import { cancelTask, closeTasks, completeTasks, confirmTasks, createSpecialTask, createTasksFromPlan, declineTask, submitCommitments } from '../tasks/task.service.js';
import type { TaskInput, TaskOptionsInput } from '../tasks/task.types.js';
import { DEPARTMENTS } from '../reference/departments.js';
import { RiskGrade } from '../directory/subject.entity.js';
import { ImportKind } from '../importing/columns.js';
import { runImport } from '../importing/import.service.js';
import { readCsv } from '../importing/reader.js';
import { csvDocument } from './csv.js';
import { DEMO_SUBJECT_HEADER, subjectCsvFields } from './generate.js';
import { hashString, mix32, Rng } from './prng.js';
import { DemoDirectory } from './subjects.js';

export interface HistoryOptions {
  seed: string;
  /** Size of the demo directory: the history's volume scales with it (full size at 50,000). */
  subjects: number;
  config: AppConfig;
  caller: Caller;
  say: (msg: string) => void;
  /** The end of the history, "now" (default: the real now). Never in the future. */
  until?: Date;
  /** Independent task steps of one day run this many at a time (default 3). */
  concurrency?: number;
}

export interface HistoryYear {
  year: number;
  /** Tasks drawn (executed) in the year, joint ones among them. */
  tasks: number;
  jointTasks: number;
  inspections: number;
  jointInspections: number;
  /** Results recorded, entered and published. */
  recorded: number;
  published: number;
  corrections: number;
  followUps: number;
  leads: number;
  recognitions: number;
}

export interface HistoryReport {
  from: string;
  to: string;
  years: HistoryYear[];
  /** The current year's joint task of the market regulation and tax bureaus (drawn, with results), and the task waiting for its commitments. */
  showcase: { joint: string | null; waiting: string | null };
  /** Steps the services refused (none expected: the scenario keeps to the rules). */
  failures: string[];
  /** Tasks the scenario left out because a department could not staff them. */
  skipped: string[];
  /** Service calls and their milliseconds, per kind of step. */
  steps: Record<string, { n: number; ms: number }>;
  ms: number;
}

// ---------------------------------------------------------------------------------------------------
// Scenario data

/** Problem-found rate per risk grade at draw time (the stratum). */
const PROBLEM_RATE: Record<string, number> = { A: 0.03, B: 0.08, C: 0.2, D: 0.4, U: 0.1 };
/** Share of joint tasks among all tasks of a year. */
const JOINT_SHARE = 0.115;
/** Routine single-department tasks per year at full size (50,000 subjects). */
const SOLO_TASKS: Record<string, number> = {
  SCJG: 34, SW: 10, STHJ: 8, YJGL: 8, WSJK: 8, ZJ: 7, JTYS: 6, GA: 6, ZHZF: 6, NYNC: 5, SHW: 4, JYTY: 4, WHLY: 4, HGSW: 3, RS: 3, FZGG: 2, TJPC: 2,
};
/** Relative weight of task creation per month (few in January and December). */
const MONTH_WEIGHT = [0.25, 0.8, 1.2, 1.2, 1.2, 1.1, 0.9, 0.9, 1.2, 1.2, 1.1, 0.45];

interface JointTheme {
  lead: string;
  with: string[];
  name: string;
}

const JOINT_THEMES: JointTheme[] = [
  { lead: 'SCJG', with: ['SW'], name: '市场主体登记事项与涉税事项联合抽查' },
  { lead: 'SCJG', with: ['WSJK'], name: '餐饮服务与公共卫生联合抽查' },
  { lead: 'SCJG', with: ['YJGL'], name: '特种设备与安全生产联合抽查' },
  { lead: 'ZJ', with: ['YJGL', 'SCJG'], name: '燃气经营安全联合抽查' },
  { lead: 'SCJG', with: ['NYNC'], name: '农资市场联合抽查' },
  { lead: 'STHJ', with: ['YJGL'], name: '危险废物与危险化学品联合抽查' },
  { lead: 'WHLY', with: ['GA', 'WSJK'], name: '娱乐场所综合联合抽查' },
  { lead: 'JTYS', with: ['GA'], name: '道路危险货物运输联合抽查' },
  { lead: 'SCJG', with: ['SHW'], name: '单用途预付卡经营联合抽查' },
  { lead: 'JYTY', with: ['WSJK'], name: '校外培训机构联合抽查' },
  { lead: 'SCJG', with: ['RS'], name: '劳动用工与登记事项联合抽查' },
  { lead: 'YJGL', with: ['STHJ', 'GA'], name: '危险化学品全链条联合抽查' },
  { lead: 'HGSW', with: ['STHJ'], name: '化工企业涉税与排污联合抽查' },
  { lead: 'SCJG', with: ['ZHZF'], name: '城区沿街经营秩序联合抽查' },
  { lead: 'SW', with: ['TJPC'], name: '统计与涉税数据联合核查' },
  { lead: 'SCJG', with: ['FZGG'], name: '粮食流通联合抽查' },
  { lead: 'GA', with: ['ZJ'], name: '特种行业与物业安全联合抽查' },
];

interface SpecialTheme {
  month: number;
  lead: string;
  name: string;
  /** Which of the lead's items: KEY ones first, or GENERAL ones. */
  key: boolean;
  /** Only these grades (high-risk campaigns). */
  grades?: RiskGrade[];
}

const SPECIAL_THEMES: SpecialTheme[] = [
  { month: 1, lead: 'SCJG', name: '春节前食品安全专项检查', key: true },
  { month: 4, lead: 'SCJG', name: '高风险市场主体专项检查', key: false, grades: [RiskGrade.C, RiskGrade.D] },
  { month: 6, lead: 'YJGL', name: '"安全生产月"专项检查', key: true },
  { month: 7, lead: 'ZJ', name: '汛期燃气安全专项检查', key: true },
  { month: 8, lead: 'JYTY', name: '开学季校外培训机构专项检查', key: true },
  { month: 9, lead: 'SCJG', name: '中秋国庆节前食品安全专项检查', key: true },
  { month: 10, lead: 'SCJG', name: '高风险市场主体专项检查（第二批）', key: false, grades: [RiskGrade.C, RiskGrade.D] },
  { month: 11, lead: 'GA', name: '冬季消防安全专项检查', key: false },
];

/** Departments that file late (year offset 0 = last year, 1 = this year), and those that never file this year. */
const LATE_FILERS: string[][] = [['JTYS', 'WHLY'], ['NYNC', 'HGSW', 'ZHZF']];
const NO_PLAN_THIS_YEAR = ['TJPC', 'RS'];
/** Of the non-filers, these saved a draft they never filed. */
const DRAFT_ONLY = ['RS'];

/** The tag of the serious-violation list; the risk score counts it (RISK_CONFIG.seriousTags). */
const SERIOUS_TAG = '严重违法失信名单';

const PROBLEMS = [
  '未按规定公示年度报告信息', '经营场所与登记住所不一致', '进货查验记录不全', '从业人员健康证明过期', '明码标价不规范',
  '安全生产管理台账缺失', '消防通道堆放杂物', '设备未按期检验', '台账记录与实物不符', '许可证件未悬挂公示',
  '危险物品储存不符合要求', '应急预案未演练', '广告用语违反规定', '未落实索证索票制度', '超范围经营',
];
const SIGNERS = ['经营者本人', '法定代表人', '店长', '负责人', '安全管理员', '财务负责人'];
const DECLINE_REASONS = [
  '本部门同期承担省级专项检查任务，执法力量不足，无法参加本次联合抽查',
  '本次任务涉及事项已由本部门日常监管覆盖，经研究不参加',
];
const LEAD_PROBLEMS = ['虚假宣传', '价格欺诈', '食品安全', '无证经营', '噪声扰民', '消防隐患', '拖欠工资', '预付卡退费难'];

// ---------------------------------------------------------------------------------------------------
// Small helpers

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
const monthOf = (day: string) => Number(day.slice(5, 7));
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Runs a service call again when PostgreSQL rolled it back for a deadlock or a serialization failure
 * (concurrent steps may meet on shared rows): the transaction left nothing behind, so it is safe.
 */
async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt >= 4 || (code !== '40P01' && code !== '40001')) throw e;
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }
}

/** Runs the jobs with at most `n` at a time; every job runs even when another fails. */
async function parallel<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

interface ItemRef extends FreezeItem {
  subjectType: string;
  effectiveFrom: string;
}

interface RosterRow {
  department: string;
  status: string;
  validFrom: string | null;
  validTo: string | null;
  qualifications: string[];
}

interface PlanTaskSpec {
  key: string;
  input: PlanTaskInput;
  /** Saved by a later adjustment (动态调整) rather than with the plan. */
  added?: boolean;
}

interface PlanSpec {
  year: number;
  department: string;
  saveOn: string;
  fileOn: string | null;
  publishOn: string | null;
  tasks: PlanTaskSpec[];
  adjust?: { on: string; reason: string };
}

type TaskState = 'PENDING' | 'CREATED' | 'FROZEN' | 'DRAWN' | 'DONE' | 'CANCELLED' | 'FAILED';

interface TaskSpec {
  key: string;
  year: number;
  name: string;
  departments: string[];
  source: { plan: string } | { special: TaskInput } | { lead: LeadSpec };
  options: TaskOptionsInput;
  windowFrom: string;
  windowTo: string;
  createOn: string;
  confirmOn: string;
  commitOn: string | null;
  freezeOn: string;
  drawOn: string;
  cancelOn?: string;
  decline?: { department: string; reason: string };
  showcase?: 'joint' | 'waiting';
  code?: string;
  state: TaskState;
  attempt: number;
  visits: Visit[];
  completeOn?: string;
  closeOn?: string;
}

interface LeadSpec {
  key: string;
  subject: string;
  department: string;
  source: LeadSource;
  receivedOn: string;
  problem: string;
  decideOn: string;
  decision: 'HANDLE' | 'TASK' | 'OPEN';
  id?: number;
}

interface Visit {
  id: number;
  task: TaskSpec;
  seq: number;
  stratum: string;
  control: boolean;
  subject: string;
  lead: string;
  visitDate: string;
  noticeAt: Date;
  noticeMethod: NoticeMethod;
  recordOn: string;
  enterOn: string | null;
  publishOn: string | null;
  input: ResultInput;
  problem: boolean;
  followUp: Outcome | null;
  state: 'ASSIGNED' | 'CHECKED' | 'ENTERED' | 'PUBLISHED';
}

interface FollowUpPlan {
  visit: Visit;
  kind: FollowUpKind;
  target: string | null;
  openOn: string;
  acceptOn: string | null;
  closeOn: string | null;
  id?: number;
}

// ---------------------------------------------------------------------------------------------------

export async function loadHistory(orm: MikroORM, pool: Pool, opts: HistoryOptions): Promise<HistoryReport> {
  const sim = new History(orm, pool, opts);
  return sim.run();
}

class History {
  private readonly t0 = Date.now();
  private readonly until: Date;
  private readonly today: string;
  private readonly years: number[];
  private readonly from: string;
  private readonly f: number;
  private readonly lanes: number;
  private calendar!: WorkingDayCalendar;
  private items = new Map<string, ItemRef[]>();
  private roster = new Map<string, RosterRow[]>();
  private composition = new Map<string, [string, number][]>();
  private leadSubjects = new Map<string, string[]>();
  private plans: PlanSpec[] = [];
  private planTaskIds = new Map<string, number>();
  private tasks: TaskSpec[] = [];
  private leads: LeadSpec[] = [];
  private followUps: FollowUpPlan[] = [];
  private readonly visitsByDay = { record: new Map<string, Visit[]>(), enter: new Map<string, Visit[]>(), publish: new Map<string, Visit[]>() };
  private readonly corrections = new Map<string, Visit[]>();
  private readonly recognitions = new Map<string, { visit: Visit; department: string; item: string }[]>();
  private readonly problemAcc = new Map<string, number>();
  private correctionAcc = 0.5;
  private stillOpenAcc = 0.9;
  private recognitionAcc = 0.5;
  private readonly stats = new Map<number, HistoryYear>();
  private readonly failures: string[] = [];
  private readonly skipped: string[] = [];
  /** Calls and milliseconds per kind of step (logged at debug level). */
  private readonly timing = new Map<string, { n: number; ms: number }>();
  private month = { key: '', created: 0, drawn: 0, inspections: 0, recorded: 0, published: 0 };

  constructor(
    private readonly orm: MikroORM,
    private readonly pool: Pool,
    private readonly opts: HistoryOptions,
  ) {
    this.until = opts.until ?? new Date();
    this.today = chinaDate(this.until);
    const year = Number(this.today.slice(0, 4));
    this.years = [year - 1, year];
    this.from = `${year - 1}-01-01`;
    this.f = Math.sqrt(Math.min(1, Math.max(opts.subjects, 1000) / 50_000));
    this.lanes = opts.concurrency ?? 3;
    for (const y of this.years) {
      this.stats.set(y, { year: y, tasks: 0, jointTasks: 0, inspections: 0, jointInspections: 0, recorded: 0, published: 0, corrections: 0, followUps: 0, leads: 0, recognitions: 0 });
    }
  }

  private rng(...keys: (string | number)[]): Rng {
    return Rng.fromString(`${this.opts.seed}/history/${keys.join('/')}`);
  }

  /** `day` at hh:mm China time, never later than the end of the history (nor earlier than that day's start). */
  private at(day: string, hh: number, mm = 0): Date {
    const t = new Date(`${day}T${pad(hh)}:${pad(mm)}:00+08:00`);
    return t.getTime() <= this.until.getTime() - 1000 ? t : new Date(Math.max(Date.parse(`${day}T00:00:00+08:00`), this.until.getTime() - 1000));
  }

  private readonly workingDays = new Map<string, boolean>();
  private working(day: string): boolean {
    let w = this.workingDays.get(day);
    if (w === undefined) this.workingDays.set(day, (w = this.calendar.isWorkingDay(day)));
    return w;
  }

  /** The first working day on or after `day`. */
  private workday(day: string): string {
    let d = day;
    while (!this.working(d)) d = addDays(d, 1);
    return d;
  }

  private readonly plusMemo = new Map<string, string>();
  /** `n` working days after `day` (the calendar's rule: `day` itself does not count). */
  private plusWorking(day: string, n: number): string {
    if (n <= 0) return this.workday(day);
    const key = `${day}+${n}`;
    let d = this.plusMemo.get(key);
    if (d !== undefined) return d;
    d = day;
    for (let k = 0; k < n; ) {
      d = addDays(d, 1);
      if (this.working(d)) k++;
    }
    this.plusMemo.set(key, d);
    return d;
  }

  /** The weekly batch day (1 Monday … 5 Friday) on or after `day`; when it is a holiday, the next working day. */
  private batchDay(day: string, target: number): string {
    const key = `${day}@${target}`;
    let d = this.plusMemo.get(key);
    if (d !== undefined) return d;
    d = day;
    while (weekday(d) !== target) d = addDays(d, 1);
    d = this.workday(d);
    this.plusMemo.set(key, d);
    return d;
  }

  private stat(year: number): HistoryYear {
    return this.stats.get(year) ?? this.stats.get(this.years[1]!)!;
  }

  private fork() {
    return this.orm.em.fork();
  }

  private get caller(): Caller {
    return this.opts.caller;
  }

  /** Runs one service call at `at`; an AppError is recorded as a failure (and returns undefined). */
  private async step<T>(label: string, at: Date, fn: () => Promise<T>): Promise<T | undefined> {
    const t = performance.now();
    try {
      return await retried(() => withClock(at, fn));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      this.failures.push(`${label}: ${e.message}`);
      return undefined;
    } finally {
      const kind = label.split(' ')[0]!;
      const p = this.timing.get(kind) ?? { n: 0, ms: 0 };
      p.n++;
      p.ms += performance.now() - t;
      this.timing.set(kind, p);
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Reference data from the loaded county

  private async loadReference(): Promise<void> {
    this.calendar = await loadCalendarSql(this.pool);
    const items = await this.pool.query<{ code: string; category: string; department: string; subjectType: string; effectiveFrom: string }>(
      `select ci.code, ci.category, d.code as department, ci.subject_type as "subjectType", ci.effective_from::text as "effectiveFrom"
         from check_item ci join department d on d.id = ci.department_id
        where ci.current and ci.active and ci.effective_to is null order by ci.code`,
    );
    for (const r of items.rows) this.items.set(r.department, [...(this.items.get(r.department) ?? []), r]);
    const roster = await this.pool.query<RosterRow>(
      `select d.code as department, i.status, i.certificate_valid_from::text as "validFrom", i.certificate_valid_to::text as "validTo", i.qualifications
         from inspector i join department d on d.id = i.department_id`,
    );
    for (const r of roster.rows) this.roster.set(r.department, [...(this.roster.get(r.department) ?? []), r]);
    const comp = await this.pool.query<{ department: string; prefix: string; n: number }>(
      `select d.code as department, left(s.industry_code, 4) as prefix, count(*)::int as n
         from library_member m join subject s on s.id = m.subject_id join department d on d.id = m.department_id
        where s.status = 'ACTIVE' and s.industry_code is not null group by 1, 2 order by 1, 2`,
    );
    for (const r of comp.rows) this.composition.set(r.department, [...(this.composition.get(r.department) ?? []), [r.prefix, r.n]]);
    const per = Math.max(6, Math.round(40 * this.f));
    const sample = await this.pool.query<{ department: string; key: string }>(
      `select department, key from (
         select d.code as department, s.key, row_number() over (partition by d.code order by md5(s.key || $1)) as rn
           from library_member m join subject s on s.id = m.subject_id join department d on d.id = m.department_id
          where s.status = 'ACTIVE') x
        where rn <= $2 order by department, rn`,
      [this.opts.seed, per],
    );
    for (const r of sample.rows) this.leadSubjects.set(r.department, [...(this.leadSubjects.get(r.department) ?? []), r.key]);
  }

  /** Active inspectors of `department` eligible for these items over the whole window (as the freeze counts them). */
  private eligible(department: string, items: FreezeItem[], lead: string, from: string, to: string): number {
    return (this.roster.get(department) ?? []).filter(
      (r) => r.status === 'ACTIVE' && (!r.validFrom || r.validFrom <= from) && !!r.validTo && r.validTo >= to && qualifiedFor(r.qualifications, items, department, lead),
    ).length;
  }

  /** Items of `department` usable in `year`: KEY ones first when asked, and only those its roster can staff. */
  private itemsFor(department: string, year: number, key: boolean, rng: Rng, count: number): ItemRef[] {
    const all = (this.items.get(department) ?? []).filter((i) => i.effectiveFrom <= `${year}-12-31`);
    const staffed = all.filter((i) => this.eligible(department, [i], department, `${year}-01-01`, `${year}-03-01`) >= 3 || this.eligible(department, [i], department, `${year}-09-01`, `${year}-11-01`) >= 3);
    const pool = staffed.length ? staffed : all;
    const preferred = pool.filter((i) => (key ? i.category === 'KEY' : i.category === 'GENERAL'));
    const ordered = [...(preferred.length ? preferred : pool)];
    const start = rng.int(ordered.length);
    const rotated = [...ordered.slice(start), ...ordered.slice(0, start)];
    return rotated.slice(0, Math.max(1, count));
  }

  /** Industry prefixes of `department`'s sub-library adding up to about `target` subjects (none: the whole library). */
  private industries(department: string, target: number, rng: Rng): string[] {
    const comp = this.composition.get(department) ?? [];
    const total = comp.reduce((a, [, n]) => a + n, 0);
    if (total <= target * 1.3) return [];
    const order = comp.map((c) => ({ c, r: rng.float() })).sort((a, b) => a.r - b.r).map((x) => x.c);
    const chosen: string[] = [];
    let sum = 0;
    for (const [prefix, n] of order) {
      if (sum >= target * 0.8) break;
      if (sum + n > target * 1.6) continue;
      chosen.push(prefix);
      sum += n;
    }
    if (!chosen.length) {
      const smallest = [...comp].sort((a, b) => a[1] - b[1])[0]!;
      chosen.push(smallest[0]);
    }
    return chosen.sort();
  }

  // -------------------------------------------------------------------------------------------------
  // The scenario

  private randomDay(rng: Rng, year: number, notBefore: string, notAfter = `${year}-11-30`): string {
    const total = MONTH_WEIGHT.reduce((a, b) => a + b, 0);
    for (let tries = 0; tries < 50; tries++) {
      let x = rng.float() * total;
      let m = 0;
      while (x >= MONTH_WEIGHT[m]!) x -= MONTH_WEIGHT[m++]!;
      const days = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
      const day = this.workday(`${year}-${pad(m + 1)}-${pad(1 + rng.int(days))}`);
      if (day >= notBefore && day <= notAfter && day.startsWith(`${year}-`)) return day;
    }
    return this.workday(notBefore);
  }

  private buildScenario(): void {
    const deadlineDay = (year: number) => chinaDate(filingDeadline(year, this.opts.config.planFilingDeadline));
    const target = Math.max(20, Math.round(560 * this.f));
    for (const [yi, year] of this.years.entries()) {
      const current = yi === 1;
      // Plans: saved early in January, filed by the deadline (a few late), published after filing.
      const plans = new Map<string, PlanSpec>();
      for (const d of DEPARTMENTS) {
        const r = this.rng('plan', year, d.code);
        const saveOn = this.workday(`${year}-01-${pad(d.code === 'SCJG' ? 3 : 4 + r.int(10))}`);
        let fileOn: string | null;
        if (current && NO_PLAN_THIS_YEAR.includes(d.code)) fileOn = null;
        else if (LATE_FILERS[yi]!.includes(d.code)) fileOn = this.workday(addDays(deadlineDay(year), 8 + r.int(35)));
        else fileOn = d.code === 'SCJG' ? this.workday(addDays(saveOn, 2)) : this.workday(addDays(saveOn, 3 + r.int(Math.max(1, Number(deadlineDay(year).slice(8)) - 10))));
        // On time means by the deadline: the Spring Festival holidays may close the office at the end of January.
        if (fileOn && fileOn > deadlineDay(year) && !LATE_FILERS[yi]!.includes(d.code)) {
          let last = deadlineDay(year);
          while (!this.working(last)) last = addDays(last, -1);
          fileOn = last < saveOn ? saveOn : last;
        }
        if (current && NO_PLAN_THIS_YEAR.includes(d.code) && !DRAFT_ONLY.includes(d.code)) continue;
        plans.set(d.code, { year, department: d.code, saveOn, fileOn, publishOn: fileOn ? this.workday(addDays(fileOn, 2 + r.int(8))) : null, tasks: [] });
      }
      const filed = (code: string) => plans.get(code)?.fileOn ?? null;
      const after = (code: string) => this.plusWorking(filed(code)!, 2);

      // Routine single-department tasks from each filed plan.
      const slots: TaskSpec[] = [];
      for (const d of DEPARTMENTS) {
        const plan = plans.get(d.code);
        if (!plan) continue;
        const n = Math.max(1, Math.round((SOLO_TASKS[d.code] ?? 2) * this.f));
        const r = this.rng('solo', year, d.code);
        const planTasks = Math.max(1, Math.ceil(n / 2));
        for (let p = 0; p < planTasks; p++) {
          const items = this.itemsFor(d.code, year, r.chance(0.35), r, r.chance(0.3) ? 2 : 1);
          const key = `${year}/${d.code}/solo/${p}`;
          // Names are distinct within the plan, and none contains another (people pick them by name).
          const subject = items[0]!.subjectType.split('、')[0];
          const base = `${year} 年度${subject}随机抽查`;
          const name = plan.tasks.some((t) => t.input.name === base) ? `${year} 年度${subject}（${items.map((i) => i.code).join('、')}）随机抽查` : base;
          plan.tasks.push({
            key,
            input: {
              name, items: items.map((i) => i.code), lead: d.code, participants: [], scopeLibraries: [d.code], scopeRegions: [],
              scopeIndustries: this.industries(d.code, target * (0.6 + r.float() * 0.8), r), scopeKinds: [], scopeGrades: [], quotaRule: [],
              frequencyPerYear: 1, windowFrom: `${year}-01-01`, windowTo: `${year}-12-31`,
            },
          });
        }
        for (let k = 0; k < n && plan.fileOn; k++) {
          const pt = plan.tasks[k % planTasks]!;
          pt.input.frequencyPerYear = Math.min(12, Math.ceil(n / planTasks));
          slots.push(this.taskSpec(`${pt.key}/${k}`, year, pt.input.name + (n > planTasks ? `（第${['一', '二', '三', '四', '五', '六'][Math.floor(k / planTasks)] ?? Math.floor(k / planTasks) + 1}批）` : ''),
            [d.code], { plan: pt.key }, this.randomDay(r, year, after(d.code)), r.chance(0.33) ? { controlShare: '0.005' } : {}));
        }
      }
      // The market regulation bureau adjusts its plan once a year: a task added for the second half.
      const scjgPlan = plans.get('SCJG');
      if (scjgPlan?.fileOn) {
        const r = this.rng('adjust', year);
        const items = this.itemsFor('SCJG', year, false, r, 1);
        const key = `${year}/SCJG/added`;
        const adjustOn = this.workday(`${year}-06-1${r.int(8)}`);
        scjgPlan.adjust = { on: adjustOn, reason: '根据上级部署，下半年增加产品质量专项抽查任务' };
        scjgPlan.tasks.push({
          key, added: true,
          input: {
            name: `${year} 年度下半年产品质量随机抽查`, items: items.map((i) => i.code), lead: 'SCJG', participants: [], scopeLibraries: ['SCJG'], scopeRegions: [],
            scopeIndustries: this.industries('SCJG', target, r), scopeKinds: [], scopeGrades: [], quotaRule: [], frequencyPerYear: 1, windowFrom: `${year}-07-01`, windowTo: `${year}-12-31`,
          },
        });
        slots.push(this.taskSpec(`${key}/0`, year, `${year} 年度下半年产品质量随机抽查`, ['SCJG'], { plan: key }, this.workday(`${year}-08-${pad(3 + r.int(20))}`), {}));
        // And cancels one task before its draw (merged into a joint task).
        const cancelled = this.taskSpec(`${year}/SCJG/cancelled`, year, `${year} 年度广告发布专项抽查`, ['SCJG'], { plan: scjgPlan.tasks[0]!.key }, this.randomDay(r, year, after('SCJG'), `${year}-10-31`), {});
        cancelled.cancelOn = this.plusWorking(cancelled.createOn, 3);
        slots.push(cancelled);
      }
      // Seasonal and high-risk special tasks.
      const themes = SPECIAL_THEMES.filter((theme, i) => theme.grades || i % Math.max(1, Math.round(1 / this.f)) === 0 || this.f >= 0.9);
      for (const [i, theme] of themes.entries()) {
        const r = this.rng('special', year, i);
        const items = this.itemsFor(theme.lead, year, theme.key, r, 1);
        const createOn = this.workday(`${year}-${pad(theme.month)}-${pad(5 + r.int(15))}`);
        const grades = theme.grades;
        const special: TaskInput = {
          name: `${year} 年${theme.name}`, reason: grades ? '依据信用风险分类结果，对高风险市场主体开展专项检查' : '按照上级部署开展专项检查',
          items: items.map((x) => x.code), lead: theme.lead, participants: [], scopeLibraries: [theme.lead], scopeRegions: [],
          scopeIndustries: grades ? [] : this.industries(theme.lead, target * 0.8, r), scopeKinds: [], scopeGrades: grades ?? [], subjects: [],
          quotaRule: grades ? [{ grade: 'C', ratio: '0.25' }, { grade: 'D', ratio: '0.5' }] : [{ grade: 'A', ratio: '0.015' }, { grade: 'B', ratio: '0.04' }, { grade: 'C', ratio: '0.15' }, { grade: 'D', ratio: '0.4' }],
          windowFrom: createOn, windowTo: addDays(createOn, 40) > `${year}-12-31` ? `${year}-12-31` : addDays(createOn, 40),
        };
        slots.push(this.taskSpec(`${year}/special/${i}`, year, special.name, [theme.lead], { special }, createOn, {}, { from: special.windowFrom, to: special.windowTo }));
      }
      // Leads: 12345 hotline and other sources, handled case by case, some starting a special task.
      const nLeads = Math.max(6, Math.round(30 * this.f));
      const leadDepartments = ['SCJG', 'SCJG', 'SCJG', 'WSJK', 'ZHZF', 'SHW', 'RS', 'YJGL'];
      for (let i = 0; i < nLeads; i++) {
        const r = this.rng('lead', year, i);
        const department = r.pick(leadDepartments);
        const subjects = this.leadSubjects.get(department) ?? [];
        if (!subjects.length) continue;
        const receivedOn = this.randomDay(r, year, `${year}-01-06`, `${year}-12-20`);
        const decision = r.chance(0.22) ? 'TASK' : r.chance(0.8) ? 'HANDLE' : 'OPEN';
        const lead: LeadSpec = {
          key: `${year}/lead/${i}`, subject: r.pick(subjects), department, receivedOn, problem: r.pick(LEAD_PROBLEMS),
          source: r.chance(0.6) ? LeadSource.HOTLINE_12345 : r.pick([LeadSource.COMPLAINT, LeadSource.REFERRAL, LeadSource.MONITORING]),
          decideOn: this.plusWorking(receivedOn, 2 + r.int(12)), decision,
        };
        this.leads.push(lead);
        if (decision === 'TASK' && lead.decideOn <= `${year}-12-10`) {
          const windowTo = addDays(lead.decideOn, 30) > `${year}-12-31` ? `${year}-12-31` : addDays(lead.decideOn, 30);
          slots.push(this.taskSpec(`${lead.key}/task`, year, `线索专项检查：${lead.problem}`, [department], { lead }, lead.decideOn, {}, { from: lead.decideOn, to: windowTo }));
        }
      }
      // Joint tasks, evenly spaced among the year's tasks so every stretch of the year has its share.
      const others = slots.filter((s) => !s.cancelOn).map((s) => s.createOn).sort();
      const joint = Math.max(2, Math.round((others.length * JOINT_SHARE) / (1 - JOINT_SHARE)));
      const themes3 = JOINT_THEMES.filter((t) => !(current && t.with.some((w) => NO_PLAN_THIS_YEAR.includes(w) && !DRAFT_ONLY.includes(w))));
      let declined = false;
      // The current year's joint task of SCJG and SW is the showcase (drawn about a month ago): it takes the last slot.
      const order = current ? themes3.slice(1) : themes3;
      const named = new Map<string, number>();
      for (let k = 0; k < joint; k++) {
        const showcase = current && k === joint - 1;
        const theme = showcase ? themes3[0]! : order[(k * 7 + yi * 3) % order.length]!;
        const lead = plans.get(theme.lead);
        if (!lead?.fileOn) continue;
        const r = this.rng('joint', year, k);
        const spot = others[Math.min(others.length - 1, Math.floor(((k + 0.5) * others.length) / joint))] ?? `${year}-06-01`;
        let createOn = this.workday(spot < after(theme.lead) ? after(theme.lead) : spot);
        if (createOn > `${year}-11-30`) createOn = this.workday(`${year}-11-${pad(10 + r.int(15))}`);
        const items = [theme.lead, ...theme.with].flatMap((d, i) => this.itemsFor(d, year, !showcase && i === 0 && r.chance(0.3), r, 1));
        const key = `${year}/joint/${k}`;
        const batch = (named.get(theme.name) ?? 0) + 1;
        named.set(theme.name, batch);
        const name = `${year} 年度${theme.name}${batch > 1 ? '（第二批）' : ''}`;
        const inPlan = lead.tasks.find((t) => t.input.name === name);
        if (!inPlan) {
          lead.tasks.push({
            key,
            input: {
              name, items: items.map((i) => i.code), lead: theme.lead, participants: theme.with, scopeLibraries: [theme.lead], scopeRegions: [],
              scopeIndustries: this.industries(theme.lead, target * 1.6, r), scopeKinds: [], scopeGrades: [], quotaRule: [], frequencyPerYear: 1,
              windowFrom: `${year}-01-01`, windowTo: `${year}-12-31`,
            },
          });
        }
        const spec = this.taskSpec(`${key}/0`, year, name, [theme.lead, ...theme.with], { plan: inPlan?.key ?? key }, createOn, r.chance(0.4) ? { controlShare: '0.005' } : {});
        if (!declined && theme.with.length > 1) {
          declined = true;
          spec.decline = { department: theme.with[theme.with.length - 1]!, reason: DECLINE_REASONS[yi % DECLINE_REASONS.length]! };
        }
        if (showcase) this.showcase(spec, plans.get('SCJG')!);
        slots.push(spec);
      }
      // The current year's single-department task of the market regulation bureau waiting for its commitment.
      if (current && scjgPlan?.fileOn) {
        const r = this.rng('waiting', year);
        const item = this.itemsFor('SCJG', year, false, r, 1);
        const key = `${year}/SCJG/general`;
        scjgPlan.tasks.push({
          key,
          input: {
            name: `${year} 年度市场监管领域一般事项抽查`, items: item.map((i) => i.code), lead: 'SCJG', participants: [], scopeLibraries: ['SCJG'], scopeRegions: [],
            scopeIndustries: this.industries('SCJG', target, r), scopeKinds: [], scopeGrades: [], quotaRule: [], frequencyPerYear: 1, windowFrom: `${year}-01-01`, windowTo: `${year}-12-31`,
          },
        });
        const createOn = this.workday(this.plusWorking(this.today, -1) > after('SCJG') ? addDays(this.today, -4) : after('SCJG'));
        const spec = this.taskSpec(`${key}/0`, year, `${year} 年度市场监管领域一般事项抽查`, ['SCJG'], { plan: key }, createOn, {});
        spec.createOn = createOn > this.today ? this.today : createOn;
        spec.windowFrom = spec.createOn;
        spec.commitOn = null;
        spec.showcase = 'waiting';
        slots.push(spec);
      }
      this.plans.push(...plans.values());
      this.tasks.push(...slots.filter((t) => this.feasible(t)));
    }
    this.tasks.sort((a, b) => (a.createOn < b.createOn ? -1 : a.createOn > b.createOn ? 1 : a.key < b.key ? -1 : 1));
  }

  /**
   * Can the departments staff the task over its window (the freeze's roster rule: the lead's team of two
   * plus a spare, one from every other department)? Shortens the window when that helps; false drops it.
   */
  private feasible(t: TaskSpec): boolean {
    const byCode = new Map([...this.items.values()].flat().map((i) => [i.code, i]));
    const codes = 'plan' in t.source
      ? this.plans.flatMap((p) => p.tasks).find((x) => x.key === (t.source as { plan: string }).plan)?.input.items ?? []
      : 'special' in t.source ? t.source.special.items : this.itemsFor(t.source.lead.department, t.year, false, this.rng('lead-item', t.source.lead.key), 1).map((i) => i.code);
    const items = codes.map((c) => byCode.get(c)).filter((i): i is ItemRef => !!i);
    if (!items.length) return false;
    const lead = t.departments[0]!;
    const staffed = (from: string, to: string) =>
      this.eligible(lead, items, lead, from, to) >= 3 &&
      t.departments.slice(1).every((d) => d === t.decline?.department || this.eligible(d, items, lead, from, to) >= 1);
    if (staffed(t.windowFrom, t.windowTo)) return true;
    const shorter = addDays(t.windowFrom, 25);
    if (shorter < t.windowTo && staffed(t.windowFrom, shorter)) {
      t.windowTo = shorter;
      if ('special' in t.source) t.source.special.windowTo = shorter;
      return true;
    }
    if (t.showcase) return true;
    this.skipped.push(`${t.name}：${t.windowFrom} 至 ${t.windowTo} 参加部门符合条件的执法人员不足`);
    return false;
  }

  /**
   * A task's timeline in the office's weekly rhythm: created (on a Monday, except on a lead), confirmed
   * by the participants on Tuesday, commitments on Wednesday, frozen, revealed and drawn at Thursday's
   * draw session.
   */
  private taskSpec(key: string, year: number, name: string, departments: string[], source: TaskSpec['source'], day: string, options: TaskOptionsInput, window?: { from: string; to: string }): TaskSpec {
    const r = this.rng('task', key);
    const createOn = 'lead' in source ? day : this.batchDay(day, 1);
    const confirmOn = departments.length > 1 ? this.batchDay(addDays(createOn, 1), 2) : createOn;
    const commitOn = this.batchDay(addDays(confirmOn, 1), 3);
    const freezeOn = this.batchDay(addDays(commitOn, 1), 4);
    const drawOn = freezeOn;
    const windowFrom = window?.from ?? createOn;
    const end = addDays(createOn, 45 + r.int(30));
    const windowTo = window?.to ?? (end > `${year}-12-31` ? `${year}-12-31` : end);
    return { key, year, name, departments, source, options, windowFrom, windowTo, createOn, confirmOn, commitOn, freezeOn, drawOn, state: 'PENDING', attempt: 0, visits: [] };
  }

  /** The current year's joint task of SCJG and SW: drawn about a month before today, results coming in. */
  private showcase(spec: TaskSpec, plan: PlanSpec): void {
    const earliest = this.plusWorking(plan.fileOn!, 2);
    const wanted = addDays(this.today, -35);
    spec.createOn = this.batchDay(wanted > earliest ? wanted : earliest, 1);
    spec.confirmOn = this.batchDay(addDays(spec.createOn, 1), 2);
    spec.commitOn = this.batchDay(addDays(spec.confirmOn, 1), 3);
    spec.freezeOn = this.batchDay(addDays(spec.commitOn, 1), 4);
    spec.drawOn = spec.freezeOn;
    spec.windowFrom = spec.createOn;
    const end = addDays(spec.createOn, 75);
    spec.windowTo = end > `${spec.year}-12-31` ? `${spec.year}-12-31` : end;
    spec.showcase = 'joint';
    spec.decline = undefined;
  }

  // -------------------------------------------------------------------------------------------------
  // The walk

  async run(): Promise<HistoryReport> {
    await this.loadReference();
    this.buildScenario();
    const say = this.opts.say;
    say(`模拟历史：${this.from} 至 ${this.today}，计划 ${this.plans.length} 份，抽查任务 ${this.tasks.filter((t) => t.createOn <= this.today).length} 项，线索 ${this.leads.filter((l) => l.receivedOn <= this.today).length} 条`);
    // Go-live: the market regulation bureau syncs the serious-violation list (严重违法失信名单) into the
    // directory through the import, then the nightly batch grades every subject once before the first draw.
    const tLive = Date.now();
    const listed = await withClock(this.at(this.from, 1), () => this.importSeriousList());
    const graded = await withClock(this.at(this.from, 2), () => reassessAll(this.pool, 'BATCH'));
    say(`上线（${this.from}）：同步严重违法失信名单 ${listed} 户，信用风险分类 ${graded.assessed} 户（${Date.now() - tLive} ms）`);
    for (let day = this.from; day <= this.today; day = addDays(day, 1)) {
      const key = day.slice(0, 7);
      if (key !== this.month.key) {
        this.flushMonth();
        this.month = { key, created: 0, drawn: 0, inspections: 0, recorded: 0, published: 0 };
        // The tables the draws read grow by thousands of rows: fresh statistics every quarter keep their plans
        // right (autovacuum would, given the months the history compresses into a minute).
        if (Number(key.slice(5)) % 3 === 1 && day > this.from) await this.pool.query('analyze task, task_participant, inspection, inspection_result, follow_up');
      }
      await this.runDay(day);
    }
    this.flushMonth();
    const tRisk = Date.now();
    const risk = await withClock(this.at(this.today, 2), () => reassessAll(this.pool, 'BATCH'));
    say(`风险等级批量评定：评定 ${risk.assessed} 户，等级变化 ${risk.changed} 户（${Date.now() - tRisk} ms）`);
    const steps = Object.fromEntries([...this.timing].map(([k, v]) => [k, { n: v.n, ms: Math.round(v.ms) }]));
    log.debug('demo history steps', { steps });
    const joint = this.tasks.find((t) => t.showcase === 'joint' && t.code && t.state !== 'FAILED');
    const waiting = this.tasks.find((t) => t.showcase === 'waiting' && t.code);
    return {
      from: this.from, to: this.today, years: [...this.stats.values()],
      showcase: { joint: joint?.code ?? null, waiting: waiting?.code ?? null },
      failures: this.failures, skipped: this.skipped, steps, ms: Date.now() - this.t0,
    };
  }

  /** About 0.25 % of the subjects, chosen from the seed (the active ones), re-imported with the serious-violation tag. */
  private async importSeriousList(): Promise<number> {
    const directory = new DemoDirectory(this.opts.seed, this.opts.subjects);
    const key = hashString(`${this.opts.seed}/history/serious`);
    const rows: string[][] = [];
    for (let i = 0; i < directory.count; i++) {
      if (mix32(i ^ key[0]!) / 4294967296 >= 0.0025) continue;
      const s = directory.at(i);
      if (s.status !== 'ACTIVE' || !s.uscc) continue;
      rows.push(subjectCsvFields({ ...s, tags: [...s.tags, SERIOUS_TAG] }));
    }
    if (!rows.length) return 0;
    const report = await runImport(this.pool, { kind: ImportKind.SUBJECTS, caller: this.caller, source: readCsv(csvDocument(DEMO_SUBJECT_HEADER, rows)), sourceName: '严重违法失信名单（国家企业信用信息公示系统）' });
    if (!report.written) this.failures.push(`严重违法失信名单：${report.errors.slice(0, 3).map((e) => e.reason).join('；')}`);
    return report.updated;
  }

  private flushMonth(): void {
    const m = this.month;
    if (!m.key) return;
    this.opts.say(`${m.key}：新建任务 ${m.created} 项，抽取 ${m.drawn} 项共 ${m.inspections} 户，检查记录 ${m.recorded} 户，公示 ${m.published} 户（累计 ${((Date.now() - this.t0) / 1000).toFixed(1)} 秒）`);
  }

  /**
   * One day: plans first; then the tasks being created and drawn alongside the inspections of earlier
   * tasks (different rows: a task is drawn before any of its inspections moves), leads and follow-ups;
   * completions last.
   */
  private async runDay(day: string): Promise<void> {
    await this.planEvents(day);
    await Promise.all([
      this.timed('任务（当日）', () => this.taskEvents(day)),
      this.timed('检查与处置（当日）', async () => {
        await this.leadEvents(day);
        await this.inspectionBatches(day);
        await this.afterPublication(day);
      }),
    ]);
    await this.closeTasks(day);
  }

  private async planEvents(day: string): Promise<void> {
    for (const plan of this.plans) {
      const code = plan.department;
      if (plan.saveOn === day) {
        const initial = plan.tasks.filter((t) => !t.added);
        const saved = await this.step(`计划 ${plan.year}/${code}`, this.at(day, 9, 10), () => savePlan(this.fork(), this.caller, { year: plan.year, department: code, tasks: initial.map((t) => t.input) }));
        if (saved) await this.mapPlanTasks(saved.id, initial);
      }
      if (plan.fileOn === day) await this.step(`备案 ${plan.year}/${code}`, this.at(day, 10, 20), () => filePlan(this.fork(), this.caller, plan.year, code, this.opts.config.planFilingDeadline));
      if (plan.publishOn === day) await this.step(`公示计划 ${plan.year}/${code}`, this.at(day, 11, 0), () => publishPlan(this.fork(), this.caller, plan.year, code));
      if (plan.adjust?.on === day) {
        const saved = await this.step(`调整计划 ${plan.year}/${code}`, this.at(day, 14, 30), () =>
          savePlan(this.fork(), this.caller, { year: plan.year, department: code, tasks: plan.tasks.map((t) => t.input), reason: plan.adjust!.reason }));
        if (saved) await this.mapPlanTasks(saved.id, plan.tasks);
      }
    }
    // The office compiles the joint plan once most departments have filed, and again after the late ones.
    for (const year of this.years) {
      const deadline = chinaDate(filingDeadline(year, this.opts.config.planFilingDeadline));
      const first = this.workday(addDays(deadline, 8));
      const second = this.workday(addDays(deadline, 50));
      if (day === first || day === second) {
        const plan = await this.step(`联合计划 ${year}`, this.at(day, 15, 0), () => compileJointPlan(this.fork(), this.caller, year));
        if (plan && day === first) await this.step(`备案联合计划 ${year}`, this.at(day, 15, 20), () => filePlan(this.fork(), this.caller, year, null, this.opts.config.planFilingDeadline));
        if (plan && day === first) await this.step(`公示联合计划 ${year}`, this.at(this.plusWorking(day, 0), 16, 0), () => publishPlan(this.fork(), this.caller, year, null));
      }
    }
  }

  /** Plan task ids of the plan's current version, by the order they were saved in. */
  private async mapPlanTasks(planId: number, saved: PlanTaskSpec[]): Promise<void> {
    const ids = (await this.pool.query<{ id: number }>('select id from plan_task where plan_id = $1 order by seq', [planId])).rows;
    saved.forEach((t, i) => this.planTaskIds.set(t.key, ids[i]!.id));
  }

  private async taskEvents(day: string): Promise<void> {
    const active = this.tasks.filter((t) => t.state !== 'DONE' && t.state !== 'CANCELLED' && t.state !== 'FAILED');
    // Creation: the plan tasks of the week together, special and lead tasks one by one; a cancellation.
    const creating = active.filter((t) => t.state === 'PENDING' && t.createOn === day);
    await this.createFromPlans(creating.filter((t) => 'plan' in t.source), day);
    for (const t of creating.filter((x) => !('plan' in x.source))) await this.create(t, day);
    for (const t of active.filter((x) => x.cancelOn === day && x.state === 'CREATED')) {
      const ok = await this.step(`取消 ${t.code}`, this.at(day, 16, 40), () => cancelTask(this.fork(), this.caller, t.code!, '与同期联合抽查任务范围重复，并入联合抽查任务'));
      if (ok) t.state = 'CANCELLED';
    }
    const live = (t: TaskSpec) => !t.cancelOn && t.code !== undefined;
    // Tuesday: participants confirm (one a year declines, with its reason).
    const confirming = active.filter((t) => t.state === 'CREATED' && live(t) && t.confirmOn === day && t.departments.length > 1 && t.attempt === 0);
    for (const t of confirming.filter((x) => x.decline)) {
      const d = t.decline!.department;
      if (await this.step(`拒绝参加 ${t.code}`, this.at(day, 9, 40), () => declineTask(this.fork(), this.caller, t.code!, t.decline!.reason, d))) t.departments = t.departments.filter((x) => x !== d);
    }
    const confirmations = confirming.flatMap((t) => t.departments.slice(1).map((department) => ({ code: t.code!, department })));
    if (confirmations.length) await this.step(`确认参加 ${day}`, this.at(day, 9, 30), () => confirmTasks(this.pool, this.caller, confirmations));
    // Wednesday: every department's commitment.
    const committing = active.filter((t) => t.state === 'CREATED' && live(t) && t.commitOn === day);
    const commitments = committing.flatMap((t) => t.departments.map((d) => ({ code: t.code!, department: d, commitment: commitment(t.code!, d, this.secret(t, d)) })));
    if (commitments.length) await this.step(`承诺 ${day}`, this.at(day, 10, 30), () => submitCommitments(this.pool, this.caller, commitments));
    // Thursday's draw session: freeze, reveal, draw.
    const freezing = active.filter((t) => t.state === 'CREATED' && live(t) && t.freezeOn === day && t.commitOn !== null && t.commitOn <= day);
    if (freezing.length) await this.timed('冻结（整批）', () => parallel(freezing, this.lanes, async (t) => {
      const ok = await this.step(`冻结 ${t.code}`, this.at(day, 10, 0), async () => {
        await freezeTask(this.pool, this.caller, t.code!, this.opts.config.sessionSecret);
        return true;
      });
      t.state = ok ? 'FROZEN' : 'FAILED';
    }));
    const drawing = active.filter((t) => t.state === 'FROZEN' && t.drawOn === day);
    const reveals = drawing.flatMap((t) => t.departments.map((d) => ({ code: t.code!, department: d, secret: this.secret(t, d) })));
    if (reveals.length && !(await this.step(`揭示 ${day}`, this.at(day, 14, 30), () => revealSecrets(this.pool, this.caller, reveals)))) {
      for (const t of drawing) t.state = 'FAILED';
      return;
    }
    if (drawing.length) await this.timed('抽取（整批）', () => parallel(drawing, this.lanes, (t) => this.draw(t, day)));
  }

  private async createFromPlans(tasks: TaskSpec[], day: string): Promise<void> {
    if (!tasks.length) return;
    const requests = tasks.map((t) => ({ planTask: this.planTaskIds.get((t.source as { plan: string }).plan), options: t.options, window: { from: t.windowFrom, to: t.windowTo } }));
    const missing = tasks.filter((_, i) => requests[i]!.planTask === undefined);
    for (const t of missing) {
      this.failures.push(`任务 ${t.name}: 计划任务未保存`);
      t.state = 'FAILED';
    }
    const ready = tasks.filter((_, i) => requests[i]!.planTask !== undefined);
    const created = await this.step(`创建 ${day}`, this.at(day, 9, 10), () =>
      createTasksFromPlan(this.fork(), this.caller, this.opts.config, requests.filter((r) => r.planTask !== undefined).map((r) => ({ ...r, planTask: r.planTask! }))));
    ready.forEach((t, i) => this.created(t, created?.[i]));
  }

  /** Records the outcome of creating a task: its code, or that it failed (the step said why). */
  private created(t: TaskSpec, task: { code: string } | undefined): void {
    if (!task) {
      t.state = 'FAILED';
      return;
    }
    t.code = task.code;
    t.state = 'CREATED';
    this.month.created++;
  }

  private secret(t: TaskSpec, department: string): string {
    return crypto.createHash('sha256').update(`${this.opts.seed}/${t.code}/${department}${t.attempt ? `/${t.attempt}` : ''}`).digest('hex');
  }

  private async create(t: TaskSpec, day: string): Promise<void> {
    const at = this.at(day, 9, 5 + (this.rng('at', t.key).int(50)));
    // Plan tasks are created together, by `createFromPlans`; here the special tasks and those on leads.
    let task: { code: string } | undefined;
    if ('plan' in t.source) {
      throw new Error(`plan task ${t.key} is created with the week's batch`);
    } else if ('special' in t.source) {
      const input = t.source.special;
      task = await this.step(`创建 ${t.name}`, at, () => createSpecialTask(this.fork(), this.caller, this.opts.config, input, t.options));
    } else {
      const lead = t.source.lead;
      if (lead.id === undefined) {
        t.state = 'FAILED';
        return;
      }
      const item = this.itemsFor(lead.department, t.year, false, this.rng('lead-item', lead.key), 1).map((i) => i.code);
      task = await this.step(`线索任务 ${lead.key}`, at, () => startTaskFromLead(this.fork(), this.caller, this.opts.config, lead.id!, { items: item, windowFrom: t.windowFrom, windowTo: t.windowTo }));
    }
    this.created(t, task);
  }

  private async draw(t: TaskSpec, day: string): Promise<void> {
    const outcome = await this.step(`抽取 ${t.code}`, this.at(day, 15, 30), () => drawTask(this.pool, this.caller, t.code!, this.opts.config.sessionSecret));
    if (!outcome?.ok) {
      // A failed draw returns the task to CREATED: new commitments and a new freeze the next days.
      this.failures.push(`抽取 ${t.code}: ${outcome?.error ?? '失败'}`);
      t.state = 'FAILED';
      return;
    }
    t.state = 'DRAWN';
    await this.planVisits(t, day);
  }

  // -------------------------------------------------------------------------------------------------
  // Inspections

  /** Error diffusion per grade: the realised rate follows the grade's rate closely, whatever the draws selected. */
  private decideProblem(stratum: string, rng: Rng): boolean {
    const acc = (this.problemAcc.get(stratum) ?? rng.float()) + (PROBLEM_RATE[stratum] ?? PROBLEM_RATE.U!);
    const problem = acc >= 1;
    this.problemAcc.set(stratum, problem ? acc - 1 : acc);
    return problem;
  }

  private async planVisits(t: TaskSpec, drawOn: string): Promise<void> {
    const rows = await this.pool.query<{ id: number; seq: number; stratum: string; control: boolean; key: string; items: { code: string; department: string }[] }>(
      `select i.id::int as id, i.seq, i.stratum, i.control, s.key,
              (select json_agg(json_build_object('code', ci.code, 'department', d.code) order by ci.code) from check_item ci join department d on d.id = ci.department_id where ci.id = any(t.item_ids)) as items
         from inspection i join task t on t.id = i.task_id join subject s on s.id = i.subject_id where t.code = $1 order by i.seq`,
      [t.code],
    );
    const st = this.stat(t.year);
    st.tasks++;
    if (t.departments.length > 1) st.jointTasks++;
    st.inspections += rows.rows.length;
    if (t.departments.length > 1) st.jointInspections += rows.rows.length;
    this.month.drawn++;
    this.month.inspections += rows.rows.length;
    // Visits on working days inside the task's window (the team's certificates cover exactly that).
    let last = t.windowTo;
    while (!this.working(last) && last > t.windowFrom) last = addDays(last, -1);
    const soon = this.plusWorking(drawOn, 2);
    const first = soon > last ? last : soon;
    const span = Math.max(0, (Date.parse(last) - Date.parse(first)) / 86_400_000);
    for (const row of rows.rows) {
      const r = this.rng('visit', t.key, row.seq);
      // Visits spread over the window, most in its first two thirds.
      const planned = this.workday(addDays(first, Math.floor(span * Math.pow(r.float(), 1.3) * 0.9)));
      const visitDate = planned > last ? last : planned;
      if (visitDate > this.today) continue;
      const problem = this.decideProblem(row.stratum, r);
      const outcomes = row.items.map(() => Outcome.NO_PROBLEM);
      let followUp: Outcome | null = null;
      if (problem) {
        const main = r.int(outcomes.length);
        const x = r.float();
        outcomes[main] = x < 0.45 ? Outcome.PROBLEM_CORRECTED : x < 0.9 ? Outcome.PROBLEM_FOLLOW_UP : Outcome.REFUSED;
        for (let i = 0; i < outcomes.length; i++) if (i !== main && r.chance(0.2)) outcomes[i] = Outcome.PROBLEM_CORRECTED;
        if (outcomes.includes(Outcome.PROBLEM_FOLLOW_UP)) followUp = Outcome.PROBLEM_FOLLOW_UP;
      } else if (r.chance(0.025)) {
        outcomes.fill(r.chance(0.6) ? Outcome.UNREACHABLE : Outcome.NOT_OPERATING);
      }
      const recordOn = this.batchDay(visitDate, 5);
      const later = this.plusWorking(visitDate, 1 + r.int(3));
      const decision = problem ? (r.chance(0.7) || later > recordOn ? visitDate : later) : null;
      const signed = r.chance(0.93);
      const input: ResultInput = {
        visitDate, method: r.chance(0.85) ? CheckMethod.ONSITE : r.chance(0.8) ? CheckMethod.DOCUMENT : CheckMethod.ONLINE,
        signedBy: signed ? r.pick(SIGNERS) : null, signatureMissingReason: signed ? null : r.pick(['经营者不在场，由店员陪同检查', '经营者拒绝签字，执法记录仪全程记录']),
        entrustedBody: r.chance(0.03) ? '山东齐鲁检测技术有限公司' : null, decisionDate: decision,
        items: row.items.map((item, i) => ({
          item: item.code, outcome: outcomes[i]!,
          findings: PROBLEM_OUTCOMES.includes(outcomes[i]!)
            ? outcomes[i] === Outcome.REFUSED ? '经营者拒不配合检查，拒绝提供相关资料' : `现场检查发现${r.pick(PROBLEMS)}，${outcomes[i] === Outcome.PROBLEM_CORRECTED ? '已责令当场改正' : '已责令限期改正并依法进一步处理'}`
            : outcomes[i] === Outcome.UNREACHABLE ? '通过登记的住所无法联系' : outcomes[i] === Outcome.NOT_OPERATING ? '现场核查已停止经营' : null,
        })),
      };
      // Entry and publication: most within 20 working days, some late, a few never (overdue today).
      const due = this.plusWorking(decision ?? visitDate, 20);
      const x = r.float();
      let enterTarget: string | null;
      let publishTarget: string | null;
      if (x < 0.008) {
        enterTarget = null;
        publishTarget = null;
      } else if (x < 0.015) {
        enterTarget = this.plusWorking(recordOn, 2 + r.int(8));
        publishTarget = null;
      } else if (x < 0.075) {
        enterTarget = this.plusWorking(due, 1 + r.int(12));
        publishTarget = this.plusWorking(enterTarget, r.int(3));
      } else if (x < 0.12) {
        enterTarget = this.plusWorking(recordOn, 2 + r.int(8));
        publishTarget = this.plusWorking(due, 1 + r.int(10));
      } else {
        enterTarget = this.plusWorking(recordOn, r.int(9));
        publishTarget = this.plusWorking(enterTarget, r.int(4));
      }
      const enterOn = enterTarget ? this.batchDay(enterTarget, 3) : null;
      const publishOn = publishTarget && enterOn ? this.batchDay(publishTarget < enterOn ? enterOn : publishTarget, 4) : null;
      const onArrival = r.chance(0.35);
      const before = this.workday(addDays(visitDate, -3));
      const noticeDay = onArrival || before >= visitDate ? visitDate : before;
      const visit: Visit = {
        id: row.id, task: t, seq: row.seq, stratum: row.stratum, control: row.control, subject: row.key, lead: t.departments[0]!, visitDate,
        noticeAt: this.at(noticeDay, onArrival ? 9 : 15, onArrival ? 30 : 20), noticeMethod: onArrival ? NoticeMethod.ON_ARRIVAL : r.pick([NoticeMethod.PHONE, NoticeMethod.PHONE, NoticeMethod.WRITTEN, NoticeMethod.ELECTRONIC]),
        recordOn, enterOn, publishOn, input, problem, followUp, state: 'ASSIGNED',
      };
      t.visits.push(visit);
      this.push(this.visitsByDay.record, recordOn, visit);
    }
  }

  private push<T>(map: Map<string, T[]>, day: string, value: T): void {
    const list = map.get(day);
    if (list) list.push(value);
    else map.set(day, [value]);
  }

  /**
   * A batch service call; when it refuses one entry (its error names `entries[n]`), that entry is left
   * out and recorded as a failure, and the rest is sent again. Returns the entries that went through.
   */
  private async batch<E>(label: string, at: Date, entries: E[], fn: (entries: E[]) => Promise<unknown>): Promise<E[]> {
    let left = [...entries];
    for (let tries = 0; left.length && tries < 10; tries++) {
      try {
        await this.timed(label, () => retried(() => withClock(at, () => fn(left))));
        return left;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        this.failures.push(`${label}: ${e.message}`);
        const n = /^entries\[(\d+)\]/.exec(e.field ?? '')?.[1];
        if (n === undefined) return [];
        left = left.filter((_, i) => i !== Number(n));
      }
    }
    return [];
  }

  private async timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      const kind = label.split(' ')[0]!;
      const p = this.timing.get(kind) ?? { n: 0, ms: 0 };
      p.n++;
      p.ms += performance.now() - t;
      this.timing.set(kind, p);
    }
  }

  private async inspectionBatches(day: string): Promise<void> {
    const toRecord = this.visitsByDay.record.get(day) ?? [];
    if (toRecord.length) {
      const notified = await this.batch(`告知 ${day}`, this.at(day, 16, 0), toRecord, (list) =>
        notifyInspections(this.pool, this.caller, list.map((v) => ({ id: v.id, at: v.noticeAt, method: v.noticeMethod, note: v.noticeMethod === NoticeMethod.ON_ARRIVAL ? '到达现场出示执法证件并告知' : null }))));
      const recorded = await this.batch(`检查记录 ${day}`, this.at(day, 16, 30), notified, (list) => recordResults(this.pool, this.caller, list.map((v) => ({ id: v.id, input: v.input }))));
      if (recorded.length) {
        for (const v of recorded) {
          v.state = 'CHECKED';
          this.stat(v.task.year).recorded++;
          if (v.enterOn) this.push(this.visitsByDay.enter, v.enterOn, v);
        }
        this.month.recorded += recorded.length;
      }
    }
    const toEnter = (this.visitsByDay.enter.get(day) ?? []).filter((v) => v.state === 'CHECKED');
    if (toEnter.length && (await this.step(`录入 ${day}`, this.at(day, 10, 0), () => enterResults(this.pool, this.caller, toEnter.map((v) => v.id))))) {
      for (const v of toEnter) {
        v.state = 'ENTERED';
        if (v.publishOn) this.push(this.visitsByDay.publish, v.publishOn, v);
      }
    }
    const toPublish = (this.visitsByDay.publish.get(day) ?? []).filter((v) => v.state === 'ENTERED');
    if (toPublish.length && (await this.step(`公示 ${day}`, this.at(day, 15, 0), () => publishResults(this.pool, this.caller, toPublish.map((v) => v.id))))) {
      for (const v of toPublish) {
        v.state = 'PUBLISHED';
        this.stat(v.task.year).published++;
        this.schedulePublished(v, day);
      }
      this.month.published += toPublish.length;
      // Tasks whose every inspection is now published are completed on the next working day, closed a few weeks later.
      for (const t of new Set(toPublish.map((v) => v.task))) {
        if (t.visits.length && t.visits.every((v) => v.state === 'PUBLISHED') && t.visits.length === (await this.inspectionCount(t)) && !t.completeOn) {
          t.completeOn = this.batchDay(addDays(day, 1), 5);
          t.closeOn = this.batchDay(addDays(t.completeOn, 7 + this.rng('close', t.key).int(21)), 5);
        }
      }
    }
  }

  private readonly counts = new Map<string, number>();
  private async inspectionCount(t: TaskSpec): Promise<number> {
    if (!this.counts.has(t.key)) {
      const r = await this.pool.query<{ n: number }>('select count(*)::int as n from inspection i join task t on t.id = i.task_id where t.code = $1', [t.code]);
      this.counts.set(t.key, r.rows[0]!.n);
    }
    return this.counts.get(t.key)!;
  }

  /** After publication: a signed correction now and then, follow-ups of the problems, mutual recognition. */
  private schedulePublished(v: Visit, day: string): void {
    const r = this.rng('after', v.task.key, v.seq);
    // About one in 70 of SCJG's published results is corrected later (never fewer than one every few dozen).
    if (v.lead === 'SCJG' && !v.problem) {
      this.correctionAcc += 1 / 70;
      if (this.correctionAcc >= 1) {
        this.correctionAcc -= 1;
        this.push(this.corrections, this.plusWorking(day, 3 + r.int(25)), v);
      }
    }
    if (v.followUp && r.chance(0.55)) {
      const x = r.float();
      const kind = x < 0.35 ? FollowUpKind.TRANSFER : x < 0.65 ? FollowUpKind.CASE_FILED : x < 0.96 ? FollowUpKind.ABNORMAL_LISTING : FollowUpKind.JUDICIAL_TRANSFER;
      const openOn = this.plusWorking(day, r.int(3));
      const target = kind === FollowUpKind.TRANSFER ? (v.lead === 'SCJG' ? r.pick(['WSJK', 'YJGL', 'ZJ', 'STHJ']) : 'SCJG') : null;
      const acceptOn = kind === FollowUpKind.TRANSFER ? this.plusWorking(openOn, 1 + r.int(5)) : null;
      // Most closed within their 20 working days, some late; about one in five still open, spread evenly
      // (error diffusion, starting near a whole one) so that even a small demo has one.
      const y = r.float();
      const base = acceptOn ?? openOn;
      this.stillOpenAcc += 0.18;
      const stillOpen = this.stillOpenAcc >= 1;
      if (stillOpen) this.stillOpenAcc -= 1;
      const closeOn = stillOpen ? null : y < 0.73 ? this.plusWorking(base, 5 + r.int(14)) : this.plusWorking(openOn, 21 + r.int(25));
      this.followUps.push({ visit: v, kind, target, openOn, acceptOn, closeOn });
    }
    // Now and then another department relies on a joint inspection's published result (互认).
    if (v.task.departments.length > 1) {
      this.recognitionAcc += 1 / 16;
      const item = v.input.items.find((i) => !PROBLEM_OUTCOMES.includes(i.outcome));
      const owner = item ? v.task.departments.find((d) => item.item.startsWith(`${d}-`)) : undefined;
      const department = ['SCJG', 'SW', 'ZHZF', 'WSJK', 'YJGL'].find((d) => d !== owner && !v.task.departments.includes(d));
      if (this.recognitionAcc >= 1 && item && owner && department) {
        this.recognitionAcc -= 1;
        this.push(this.recognitions, this.plusWorking(day, 2 + r.int(30)), { visit: v, department, item: item.item });
      }
    }
  }

  private async afterPublication(day: string): Promise<void> {
    for (const v of this.corrections.get(day) ?? []) {
      const head: Caller = { kind: 'user', username: 'scjg-head', role: Role.DEPT_HEAD, departmentCode: 'SCJG' };
      const ok = await this.step(`更正 ${v.task.code}`, this.at(day, 11, 15), () =>
        correctResult(this.fork(), head, v.id, { ...v.input, summary: '补充：经营场所已迁至同街道新址，现场核查一致' }, '公示后发现检查情况漏记经营场所变更'));
      if (ok) this.stat(v.task.year).corrections++;
    }
    for (const { visit, department, item } of this.recognitions.get(day) ?? []) {
      const ok = await this.step(`互认 ${visit.task.code}`, this.at(day, 10, 40), () =>
        recordRecognition(this.fork(), this.caller, { inspection: visit.id, item, department, note: '采信联合抽查已公示的检查结果，本年度不再重复检查' }));
      if (ok) this.stat(visit.task.year).recognitions++;
    }
    for (const f of this.followUps) {
      if (f.openOn === day) {
        const opened = await this.step(`后续处置 ${f.visit.task.code}`, this.at(day, 11, 0), () =>
          openFollowUp(this.fork(), this.caller, {
            inspection: f.visit.id, kind: f.kind, department: f.visit.lead, targetDepartment: f.target,
            description: f.kind === FollowUpKind.TRANSFER ? '发现的问题属其他部门职责，依法移交处理' : f.kind === FollowUpKind.CASE_FILED ? '涉嫌违法经营，依法立案调查' : f.kind === FollowUpKind.ABNORMAL_LISTING ? '未按期整改，依法列入经营异常名录' : '涉嫌犯罪，依法移送公安机关',
          }));
        if (opened) {
          f.id = opened.id;
          this.stat(f.visit.task.year).followUps++;
        }
      }
      if (f.id === undefined) continue;
      if (f.acceptOn === day) await this.step(`接收移交 ${f.id}`, this.at(day, 9, 50), () => acceptFollowUp(this.fork(), this.caller, f.id!));
      if (f.closeOn === day && (f.kind !== FollowUpKind.TRANSFER || (f.acceptOn && f.acceptOn <= day))) {
        await this.step(`办结 ${f.id}`, this.at(day, 16, 10), () =>
          closeFollowUp(this.fork(), this.caller, f.id!, f.kind === FollowUpKind.CASE_FILED ? '作出行政处罚决定，罚款并责令改正' : f.kind === FollowUpKind.ABNORMAL_LISTING ? '已整改，移出经营异常名录' : '已依法处理完毕'));
      }
    }
  }

  private async leadEvents(day: string): Promise<void> {
    for (const lead of this.leads) {
      if (lead.receivedOn === day) {
        const r = this.rng('lead-ref', lead.key);
        const recorded = await this.step(`线索 ${lead.key}`, this.at(day, 9, 20 + r.int(30)), () =>
          recordLead(this.fork(), this.caller, {
            subject: lead.subject, department: lead.department, source: lead.source, receivedOn: day, problem: lead.problem,
            reference: lead.source === LeadSource.HOTLINE_12345 ? `12345-${day.replace(/-/g, '')}-${String(1000 + r.int(9000))}` : null,
            description: `${lead.source === LeadSource.HOTLINE_12345 ? '来电' : '来信'}反映该经营者存在${lead.problem}问题`,
          }));
        if (recorded) {
          lead.id = recorded.id;
          this.stat(Number(day.slice(0, 4))).leads++;
        }
      }
      if (lead.decideOn === day && lead.id !== undefined && lead.decision === 'HANDLE') {
        await this.step(`处理线索 ${lead.key}`, this.at(day, 16, 20), () => handleLead(this.fork(), this.caller, lead.id!, '经核查，已责令经营者整改并答复来电人'));
      }
    }
  }

  private async closeTasks(day: string): Promise<void> {
    const completing = this.tasks.filter((t) => t.completeOn === day);
    if (completing.length) await this.step(`完成 ${day}`, this.at(day, 17, 0), () => completeTasks(this.pool, this.caller, completing.map((t) => t.code!)));
    const closing = this.tasks.filter((t) => t.closeOn === day);
    if (closing.length && (await this.step(`办结 ${day}`, this.at(day, 17, 10), () => closeTasks(this.pool, this.caller, closing.map((t) => t.code!))))) {
      for (const t of closing) t.state = 'DONE';
    }
  }

}
