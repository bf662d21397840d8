import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportKind } from '../../server/importing/columns.js';
import { runImport } from '../../server/importing/import.service.js';
import { readCsv } from '../../server/importing/reader.js';
import { filePlan, filingDeadline } from '../../server/plans/plan.service.js';
import { csv, ITEM_HEADER } from '../fixtures.js';
import { initTestApp, seedDepartments, users, type TestApp } from '../utils.js';

let t: TestApp;
beforeAll(async () => {
  t = await initTestApp();
  await seedDepartments(t.db.pool);
  await runImport(t.db.pool, {
    kind: ImportKind.ITEMS, caller: users.system, source: readCsv(csv(ITEM_HEADER, [
      'SCJG-001,SCJG,重点,《中华人民共和国食品安全法》第八十七条,食品生产企业,生产许可条件,实地核查,5%,1,2025-01-01,',
      'SCJG-002,SCJG,一般,《中华人民共和国广告法》,广告经营者,广告发布登记,网络监测,3%,1,2025-01-01,',
      'SW-001,SW,一般,《中华人民共和国税收征收管理法》,纳税人,发票管理,书面检查,0.03,1,2025-01-01,',
      'WJ-001,WJ,一般,《公共场所卫生管理条例》,公共场所,卫生许可,实地核查,0.05,1,2025-01-01,',
    ])),
  });
  await t.gql(`mutation { deactivateCheckItem(code: "SCJG-002", reason: "法规修订，事项取消") { active } }`, {}, users.office);
});
afterAll(() => t.close());

const SAVE = `mutation($input: PlanInput!) { savePlan(input: $input) { id version current status changeReason } }`;
const jointTask = (year: number) => ({
  name: '食品生产企业与纳税人联合抽查', items: ['SCJG-001', 'SW-001'], lead: 'SCJG', participants: ['SW'],
  scopeLibraries: ['SCJG'], scopeKinds: ['ENTERPRISE'], quotaRule: [{ grade: 'A', ratio: '0.01' }, { grade: 'D', count: 10 }],
  windowFrom: `${year}-03-01`, windowTo: `${year}-06-30`,
});
const soloTask = (year: number) => ({
  name: '食品生产许可条件抽查', items: ['SCJG-001'], lead: 'SCJG', quotaRule: [{ grade: 'B', ratio: '0.03' }],
  windowFrom: `${year}-07-01`, windowTo: `${year}-09-30`,
});

describe('annual plans', () => {
  it('saves a department plan with a joint task; only items on the current list, each from a taking-part department (rule 1)', async () => {
    const ok = await t.gql<{ savePlan: { version: number; status: string } }>(SAVE, { input: { year: 2099, department: 'SCJG', tasks: [jointTask(2099), soloTask(2099)] } }, users.scjgClerk);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.savePlan).toMatchObject({ version: 1, status: 'DRAFT' });
    const read = await t.gql<{ plan: { tasks: { joint: boolean; departments: string[]; items: { code: string; version: number }[]; quotaRule: unknown[] }[] } }>(
      `{ plan(year: 2099, department: "SCJG") { tasks { joint departments items { code version } quotaRule { grade ratio count } } } }`, {}, users.scjgClerk);
    expect(read.data!.plan.tasks[0]).toEqual({
      joint: true, departments: ['SCJG', 'SW'], items: [{ code: 'SCJG-001', version: 1 }, { code: 'SW-001', version: 1 }],
      quotaRule: [{ grade: 'A', ratio: '0.01', count: null }, { grade: 'D', ratio: null, count: 10 }],
    });
    expect(read.data!.plan.tasks[1]!.joint).toBe(false);

    const offList = await t.gql(SAVE, { input: { year: 2099, department: 'SCJG', tasks: [{ ...soloTask(2099), items: ['SCJG-002'] }] } }, users.scjgClerk);
    expect(offList.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tasks[0].items[0]' });
    expect(offList.errors?.[0]?.message).toMatch(/不在现行抽查事项清单中/);
    const foreign = await t.gql(SAVE, { input: { year: 2099, department: 'SCJG', tasks: [{ ...soloTask(2099), items: ['WJ-001'] }] } }, users.scjgClerk);
    expect(foreign.errors?.[0]?.message).toMatch(/属于 WJ，该部门未参加/);
    const window = await t.gql(SAVE, { input: { year: 2099, department: 'SCJG', tasks: [{ ...soloTask(2099), windowTo: '2099-02-30' }] } }, users.scjgClerk);
    expect(window.errors?.[0]?.extensions?.field).toBe('input.tasks[0].windowTo');
    const quota = await t.gql(SAVE, { input: { year: 2099, department: 'SCJG', tasks: [{ ...soloTask(2099), quotaRule: [{ grade: 'A', ratio: '1.5' }] }] } }, users.scjgClerk);
    expect(quota.errors?.[0]?.message).toMatch(/比例"1.5"无效/);
    const otherDept = await t.gql(SAVE, { input: { year: 2099, department: 'SCJG', tasks: [soloTask(2099)] } }, users.swClerk);
    expect(otherDept.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a task without quota rules takes the default ratio per risk grade (differentiated supervision)', async () => {
    const r = await t.gql<{ savePlan: { tasks: { quotaRule: { grade: string; ratio: string }[] }[] } }>(
      `mutation($input: PlanInput!) { savePlan(input: $input) { tasks { quotaRule { grade ratio } } } }`,
      { input: { year: 2098, department: 'SCJG', tasks: [{ name: '默认比例', items: ['SCJG-001'], lead: 'SCJG', windowFrom: '2098-03-01', windowTo: '2098-06-30' }] } }, users.scjgClerk);
    expect(r.errors).toBeUndefined();
    expect(r.data!.savePlan.tasks[0]!.quotaRule).toEqual([{ grade: 'A', ratio: '0.01' }, { grade: 'B', ratio: '0.03' }, { grade: 'C', ratio: '0.1' }, { grade: 'D', ratio: '0.3' }]);
  });

  it('files on time or late by the configured deadline, then adjusts only with a reason into a new version', async () => {
    const filed = await t.gql<{ filePlan: { status: string; filedLate: boolean } }>(`mutation { filePlan(year: 2099, department: "SCJG") { status filedLate } }`, {}, users.scjgClerk);
    expect(filed.data!.filePlan).toEqual({ status: 'FILED', filedLate: false });
    const again = await t.gql(`mutation { filePlan(year: 2099, department: "SCJG") { status } }`, {}, users.scjgClerk);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const noReason = await t.gql(SAVE, { input: { year: 2099, department: 'SCJG', tasks: [jointTask(2099)] } }, users.scjgClerk);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const adjusted = await t.gql<{ savePlan: { version: number; status: string; changeReason: string } }>(
      SAVE, { input: { year: 2099, department: 'SCJG', tasks: [jointTask(2099)], reason: '上级部署专项整治，调整第二季度任务' } }, users.scjgClerk);
    expect(adjusted.data!.savePlan).toEqual({ version: 2, status: 'FILED', changeReason: '上级部署专项整治，调整第二季度任务', id: expect.anything(), current: true });
    const versions = await t.gql<{ plan: { versions: { version: number; current: boolean }[]; tasks: unknown[] } }>(`{ plan(year: 2099, department: "SCJG", version: 1) { versions { version current } tasks { name } } }`, {}, users.office);
    expect(versions.data!.plan.versions).toEqual([{ version: 1, current: false }, { version: 2, current: true }]);
    expect(versions.data!.plan.tasks).toHaveLength(2);
    const events = (await t.db.pool.query(`select action from audit_event where entity = 'Plan' and entity_key = '2099/SCJG' order by id`)).rows.map((r) => r.action);
    expect(events).toEqual(['CREATE', 'FILE', 'ADJUST']);
  });

  it('records late filing against the deadline in China time', async () => {
    expect(filingDeadline(2026, '01-31').toISOString()).toBe('2026-01-31T15:59:59.999Z');
    await t.gql(SAVE, { input: { year: 2026, department: 'WJ', tasks: [{ ...soloTask(2026), name: '公共场所卫生抽查', items: ['WJ-001'], lead: 'WJ' }] } }, users.office);
    const late = await filePlan(t.db.orm.em.fork(), users.office, 2026, 'WJ', '01-31', new Date('2026-01-31T16:00:00Z'));
    expect(late.filedLate).toBe(true);
    await t.gql(SAVE, { input: { year: 2027, department: 'WJ', tasks: [{ ...soloTask(2027), name: '公共场所卫生抽查', items: ['WJ-001'], lead: 'WJ' }] } }, users.office);
    const onTime = await filePlan(t.db.orm.em.fork(), users.office, 2027, 'WJ', '01-31', new Date('2027-01-31T15:59:00Z'));
    expect(onTime.filedLate).toBe(false);
  });

  it('shows the office who has not filed, and compiles the joint plan from the filed plans', async () => {
    await t.gql(SAVE, { input: { year: 2099, department: 'SW', tasks: [{ ...jointTask(2099) }] } }, users.swClerk);
    const status = await t.gql<{ planFilingStatus: { departmentCode: string; status: string; taskCount: number }[] }>(`{ planFilingStatus(year: 2099) { departmentCode status taskCount } }`, {}, users.office);
    expect(status.data!.planFilingStatus).toEqual([
      { departmentCode: 'SCJG', status: 'FILED', taskCount: 1 },
      { departmentCode: 'SW', status: 'DRAFT', taskCount: 1 },
      { departmentCode: 'WJ', status: 'MISSING', taskCount: 0 },
    ]);
    await t.gql(`mutation { filePlan(year: 2099, department: "SW") { status } }`, {}, users.swClerk);
    const clerk = await t.gql(`mutation { compileJointPlan(year: 2099) { id } }`, {}, users.scjgClerk);
    expect(clerk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const joint = await t.gql<{ compileJointPlan: { kind: string; department: null; tasks: { name: string; departments: string[] }[] } }>(
      `mutation { compileJointPlan(year: 2099) { kind department { code } tasks { name departments } } }`, {}, users.office);
    expect(joint.errors).toBeUndefined();
    expect(joint.data!.compileJointPlan).toEqual({ kind: 'JOINT', department: null, tasks: [{ name: '食品生产企业与纳税人联合抽查', departments: ['SCJG', 'SW'] }] });
  });

  it('publishes only filed plans; the public sees published plans but not drafts', async () => {
    const draft = await t.gql(`mutation { publishPlan(year: 2099) { status } }`, {}, users.office);
    expect(draft.errors?.[0]?.message).toMatch(/须先备案再公示/);
    const hidden = await t.gql<{ plan: unknown }>(`{ plan(year: 2099) { status } }`, {}, users.anonymous);
    expect(hidden.data!.plan).toBeNull();
    await t.gql(`mutation { filePlan(year: 2099) { status } }`, {}, users.office);
    await t.gql(`mutation { publishPlan(year: 2099) { status } }`, {}, users.office);
    const shown = await t.gql<{ plan: { status: string; tasks: unknown[] } }>(`{ plan(year: 2099) { status tasks { name } } }`, {}, users.anonymous);
    expect(shown.data!.plan).toMatchObject({ status: 'PUBLISHED' });
  });

  it('lists the current plans of a year in one answer: the joint plan first, drafts only for staff, optionally by department', async () => {
    type Listed = { plans: { kind: string; status: string; version: number; department: { code: string } | null }[] };
    const list = (caller: typeof users.anonymous, departments = '') =>
      t.gql<Listed>(`{ plans(year: 2099${departments}) { kind status version department { code } } }`, {}, caller);
    const staff = await list(users.office);
    expect(staff.errors).toBeUndefined();
    // SCJG's plan was adjusted once after filing (version 2 is current); SW's is filed; WJ has none.
    expect(staff.data!.plans.map((p) => [p.kind, p.department?.code ?? null, p.status])).toEqual([
      ['JOINT', null, 'PUBLISHED'], ['DEPARTMENT', 'SCJG', 'FILED'], ['DEPARTMENT', 'SW', 'FILED'],
    ]);
    expect(staff.data!.plans[1]!.version).toBe(2);
    expect((await list(users.anonymous, ', departments: ["sw"]')).data!.plans.map((p) => p.department?.code ?? 'JOINT')).toEqual(['JOINT', 'SW']);
    await t.gql(`mutation($input: PlanInput!) { savePlan(input: $input) { status } }`, { input: { year: 2097, department: 'WJ', tasks: [] } }, users.office);
    expect((await list(users.office)).data!.plans.length).toBe(3);
    const draftYear = await t.gql<Listed>(`{ plans(year: 2097) { status department { code } } }`, {}, users.office);
    expect(draftYear.data!.plans).toEqual([{ status: 'DRAFT', department: { code: 'WJ' } }]);
    expect((await t.gql<Listed>(`{ plans(year: 2097) { status } }`, {}, users.anonymous)).data!.plans).toEqual([]);
  });
});

describe('calendar overrides through GraphQL', () => {
  it('the office adds a holiday the package lacks, and deadlines move accordingly; clerks may not', async () => {
    const q = `{ workingDayDeadline(from: "2031-09-30", days: 1) }`;
    expect((await t.gql<{ workingDayDeadline: string }>(q)).data!.workingDayDeadline).toBe('2031-10-01');
    const clerk = await t.gql(`mutation { setCalendarOverride(date: "2031-10-01", working: false, name: "国庆节") { date } }`, {}, users.scjgClerk);
    expect(clerk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const set = await t.gql(`mutation { setCalendarOverride(date: "2031-10-01", working: false, name: "国庆节") { date working name } }`, {}, users.office);
    expect(set.errors).toBeUndefined();
    expect((await t.gql<{ workingDayDeadline: string }>(q)).data!.workingDayDeadline).toBe('2031-10-02');
    const year = await t.gql<{ calendarYear: { packageCovered: boolean; overrides: { date: string }[] } }>(`{ calendarYear(year: 2031) { packageCovered overrides { date } } }`);
    expect(year.data!.calendarYear).toEqual({ packageCovered: false, overrides: [{ date: '2031-10-01' }] });
    const bad = await t.gql(`{ workingDayDeadline(from: "2031-02-30", days: 20) }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    await t.gql(`mutation { removeCalendarOverride(date: "2031-10-01") }`, {}, users.office);
    expect((await t.gql<{ workingDayDeadline: string }>(q)).data!.workingDayDeadline).toBe('2031-10-01');
  });
});
