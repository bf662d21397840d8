import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { issueToken } from '../../server/auth/session.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../server/auth/caller.js';
import { Role } from '../../server/auth/user.entity.js';
import { WorkingDayCalendar } from '../../server/calendar/calendar.service.js';
import { uscc } from '../fixtures.js';
import { tempDir } from '../tmp.js';
import { initTestApp, insertAccounts, users, type TestApp } from '../utils.js';
import { drawJointTask, YEAR } from './joint-task.js';

const scjgHead: Caller = { kind: 'user', username: 'scjg-head', role: Role.DEPT_HEAD, departmentCode: 'SCJG' };
const swHead: Caller = { kind: 'user', username: 'sw-head', role: Role.DEPT_HEAD, departmentCode: 'SW' };
const swInspector: Caller = { kind: 'user', username: 'sw-inspector', role: Role.INSPECTOR, departmentCode: 'SW' };
const wjClerk: Caller = { kind: 'user', username: 'wj-clerk', role: Role.CLERK, departmentCode: 'WJ' };
let t: TestApp;
let code: string;
let ids: string[];

/** A joint SCJG + SW special task over four subjects, drawn through the services' GraphQL mutations. */
beforeAll(async () => {
  t = await initTestApp();
  ({ code, ids } = await drawJointTask(t));
});
afterAll(() => t.close());

const DETAIL = `id status taskCode subjectKey checkedOn dueOn overdue corrected noticeMethod team { inspectorKey leader }
  currentResult { version supersedesVersion status visitDate signedBy signed dueOn enteredLate publishedLate correctionReason correctionSignedBy items { itemCode departmentCode outcome findings } }
  results { version status }`;
const RECORD = `mutation($id: ID!, $input: InspectionResultInput!) { recordInspectionResult(id: $id, input: $input) { ${DETAIL} } }`;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const allItems = [{ item: 'SCJG-001', outcome: 'NO_PROBLEM' }, { item: 'SW-001', outcome: 'NO_PROBLEM' }];

interface Detail {
  status: string;
  dueOn: string | null;
  overdue: boolean;
  corrected: boolean;
  currentResult: { version: number; supersedesVersion: number | null; status: string; signedBy: string | null; signed: boolean; dueOn: string; enteredLate: boolean; items: { itemCode: string; outcome: string; findings: string | null }[]; correctionSignedBy: string | null } | null;
  results: { version: number; status: string }[];
}

async function detail(id: string, caller: Caller = users.office): Promise<Detail> {
  const r = await t.gql<{ inspection: Detail }>(`query($id: ID!) { inspection(id: $id) { ${DETAIL} } }`, { id }, caller);
  expect(r.errors).toBeUndefined();
  return r.data!.inspection;
}

describe('inspection lifecycle through GraphQL', () => {
  it('records notice; the task moves to IN_PROGRESS at the first step', async () => {
    const r = await t.gql<{ notifyInspection: { status: string; noticeMethod: string } }>(
      `mutation($id: ID!, $at: DateTimeISO!) { notifyInspection(id: $id, at: $at, method: PHONE, note: "电话告知法定代表人") { status noticeMethod } }`,
      { id: ids[0], at: new Date().toISOString() }, swInspector);
    expect(r.errors).toBeUndefined();
    expect(r.data!.notifyInspection).toEqual({ status: 'NOTIFIED', noticeMethod: 'PHONE' });
    const task = await t.gql<{ task: { status: string } }>(`{ task(code: "${code}") { status } }`);
    expect(task.data!.task.status).toBe('IN_PROGRESS');
    const outsider = await t.gql(`mutation($id: ID!, $at: DateTimeISO!) { notifyInspection(id: $id, at: $at, method: PHONE) { status } }`, { id: ids[0], at: new Date().toISOString() }, wjClerk);
    expect(outsider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a result that does not cover every item of the task, has no signature, or finds problems without findings', async () => {
    const partial = await t.gql(RECORD, { id: ids[0], input: { visitDate: today, method: 'ONSITE', signedBy: '王小明', items: [allItems[0]] } }, users.scjgClerk);
    expect(partial.errors?.[0]?.extensions?.field).toBe('input.items');
    expect(partial.errors?.[0]?.message).toMatch(/进一次门、查多项事：还缺 SW-001（SW）/);
    const unsigned = await t.gql(RECORD, { id: ids[0], input: { visitDate: today, method: 'ONSITE', items: allItems } }, users.scjgClerk);
    expect(unsigned.errors?.[0]?.extensions?.field).toBe('input.signedBy');
    const foreign = await t.gql(RECORD, { id: ids[0], input: { visitDate: today, method: 'ONSITE', signedBy: '王小明', items: [...allItems, { item: 'WJ-001', outcome: 'NO_PROBLEM' }] } }, users.scjgClerk);
    expect(foreign.errors?.[0]?.message).toMatch(/不是本任务的抽查事项/);
    const bare = await t.gql(RECORD, { id: ids[0], input: { visitDate: today, method: 'ONSITE', signedBy: '王小明', decisionDate: today, items: [{ item: 'SCJG-001', outcome: 'PROBLEM_FOLLOW_UP' }, allItems[1]] } }, users.scjgClerk);
    expect(bare.errors?.[0]?.extensions?.field).toBe('input.items[0].findings');
    const noDecision = await t.gql(RECORD, { id: ids[0], input: { visitDate: today, method: 'ONSITE', signedBy: '王小明', items: [{ item: 'SCJG-001', outcome: 'REFUSED', findings: '拒绝提供账簿' }, allItems[1]] } }, users.scjgClerk);
    expect(noDecision.errors?.[0]?.extensions?.field).toBe('input.decisionDate');
    expect((await detail(ids[0]!)).status).toBe('NOTIFIED');
  });

  it('records, enters and publishes within 20 working days; the deadline follows the official calendar', async () => {
    const visit = `${YEAR}-01-05`;
    const rec = await t.gql<{ recordInspectionResult: Detail }>(RECORD, { id: ids[0], input: { visitDate: visit, method: 'ONSITE', signedBy: '王小明', items: allItems } }, users.swClerk);
    expect(rec.errors).toBeUndefined();
    const expectedDue = new WorkingDayCalendar().addWorkingDays(visit, 20);
    expect(rec.data!.recordInspectionResult).toMatchObject({ status: 'CHECKED', dueOn: expectedDue, currentResult: { version: 1, status: 'DRAFT', signed: true } });
    // The deadline has passed (the visit was in January): the inspection is listed as overdue for both departments.
    const overdue = await t.gql<{ overdueInspections: { id: string; dueOn: string; workingDaysOverdue: number }[] }>(`{ overdueInspections(department: "SW") { id dueOn workingDaysOverdue } }`, {}, users.swClerk);
    expect(overdue.data!.overdueInspections).toEqual([{ id: ids[0], dueOn: expectedDue, workingDaysOverdue: expect.any(Number) }]);
    expect(overdue.data!.overdueInspections[0]!.workingDaysOverdue).toBeGreaterThan(100);

    expect((await t.gql(`mutation { enterInspectionResult(id: "${ids[0]}") { status } }`, {}, users.swClerk)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const entered = await t.gql<{ enterInspectionResult: Detail }>(`mutation { enterInspectionResult(id: "${ids[0]}") { ${DETAIL} } }`, {}, users.scjgClerk);
    expect(entered.data!.enterInspectionResult).toMatchObject({ status: 'ENTERED', currentResult: { status: 'ENTERED', enteredLate: true } });
    const published = await t.gql<{ publishInspectionResult: Detail }>(`mutation { publishInspectionResult(id: "${ids[0]}") { ${DETAIL} } }`, {}, users.scjgClerk);
    expect(published.data!.publishInspectionResult).toMatchObject({ status: 'PUBLISHED', overdue: false, currentResult: { status: 'PUBLISHED', publishedLate: true } });
    expect((await t.gql<{ overdueInspections: unknown[] }>(`{ overdueInspections { id } }`, {}, users.office)).data!.overdueInspections).toEqual([]);
    // Recognition counts from the visit: the checked date is on the inspection.
    expect((await t.db.pool.query(`select checked_on from inspection where id = $1`, [ids[0]])).rows[0].checked_on).toBe(visit);
    const again = await t.gql(RECORD, { id: ids[0], input: { visitDate: today, method: 'ONSITE', signedBy: '王小明', items: allItems } }, users.scjgClerk);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('the database itself refuses to change a published result or its item results, even through raw SQL', async () => {
    const result = (await t.db.pool.query(`select current_result_id as id from inspection where id = $1`, [ids[0]])).rows[0].id;
    await expect(t.db.pool.query(`update inspection_result set summary = '改' where id = $1`, [result])).rejects.toThrow(/published and cannot be changed/);
    await expect(t.db.pool.query(`delete from inspection_result where id = $1`, [result])).rejects.toThrow(/published and cannot be changed/);
    await expect(t.db.pool.query(`update item_result set outcome = 'REFUSED' where result_id = $1`, [result])).rejects.toThrow(/cannot change/);
    await expect(t.db.pool.query(`delete from item_result where result_id = $1`, [result])).rejects.toThrow(/cannot change/);
    await expect(t.db.pool.query(`insert into item_result (result_id, item_id, department_code, outcome) select $1, id, 'SCJG', 'NO_PROBLEM' from check_item limit 1`, [result])).rejects.toThrow(/cannot change/);
  });

  it('a correction is a new version signed by a department head, pointing at the one it corrects', async () => {
    const CORRECT = `mutation($id: ID!, $input: InspectionResultInput!, $reason: String!) { correctInspectionResult(id: $id, input: $input, reason: $reason) { ${DETAIL} } }`;
    const input = { visitDate: `${YEAR}-01-05`, method: 'ONSITE', signedBy: '王小明', decisionDate: `${YEAR}-01-06`, items: [{ item: 'SCJG-001', outcome: 'PROBLEM_CORRECTED', findings: '年报未公示股东出资信息，已当场责令补正', legalBasis: '《企业信息公示暂行条例》第八条', confidential: true }, allItems[1]] };
    const byClerk = await t.gql(CORRECT, { id: ids[0], input, reason: '复核发现漏记问题' }, users.scjgClerk);
    expect(byClerk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreignHead = await t.gql(CORRECT, { id: ids[0], input, reason: '复核发现漏记问题' }, swHead);
    expect(foreignHead.errors?.[0]?.message).toMatch(/只能更正本部门事项的结果；SCJG-001/);
    const identical = await t.gql(CORRECT, { id: ids[0], input: { visitDate: `${YEAR}-01-05`, method: 'ONSITE', signedBy: '王小明', items: allItems }, reason: '复核' }, scjgHead);
    expect(identical.errors?.[0]?.message).toMatch(/完全相同/);
    const noReason = await t.gql(CORRECT, { id: ids[0], input, reason: ' ' }, scjgHead);
    expect(noReason.errors?.[0]?.extensions?.field).toBe('reason');
    const ok = await t.gql<{ correctInspectionResult: Detail }>(CORRECT, { id: ids[0], input, reason: '复核发现漏记问题' }, scjgHead);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.correctInspectionResult).toMatchObject({
      status: 'PUBLISHED', corrected: true,
      currentResult: { version: 2, supersedesVersion: 1, status: 'PUBLISHED', correctionSignedBy: 'scjg-head', items: [{ itemCode: 'SCJG-001', outcome: 'PROBLEM_CORRECTED' }, { itemCode: 'SW-001', outcome: 'NO_PROBLEM' }] },
      results: [{ version: 1, status: 'PUBLISHED' }, { version: 2, status: 'PUBLISHED' }],
    });
    // The public sees the current version and that it was corrected, without the signatory's name.
    const pub = await detail(ids[0]!, users.anonymous);
    expect(pub).toMatchObject({ corrected: true, currentResult: { version: 2, signedBy: null, signed: true } });
    // Confidential findings (trade secrets, privacy) stay with the departments taking part.
    const findings = async (caller: Caller) => (await detail(ids[0]!, caller)).currentResult!.items.find((i) => i.itemCode === 'SCJG-001')!.findings;
    expect(await findings(users.anonymous)).toBeNull();
    expect(await findings(wjClerk)).toBeNull();
    expect(await findings(users.swClerk)).toBe('年报未公示股东出资信息，已当场责令补正');
    const old = (await t.db.pool.query(`select r.status, i.outcome from inspection_result r join item_result i on i.result_id = r.id join check_item c on c.id = i.item_id where r.inspection_id = $1 and r.version = 1 and c.code = 'SCJG-001'`, [ids[0]])).rows[0];
    expect(old).toEqual({ status: 'PUBLISHED', outcome: 'NO_PROBLEM' });
    const actions = (await t.db.pool.query(`select action from audit_event where entity = 'Inspection' order by id`)).rows.map((r) => r.action);
    expect(actions).toEqual(['NOTIFY', 'RECORD_RESULT', 'ENTER_RESULT', 'PUBLISH_RESULT', 'CORRECT_RESULT']);
  });

  it('other departments and the public never see drafts; rule 6 needs two valid certificates on the visit day', async () => {
    const rec = await t.gql(RECORD, { id: ids[1], input: { visitDate: today, method: 'DOCUMENT', signatureMissingReason: '书面检查，未到现场', items: allItems } }, users.scjgClerk);
    expect(rec.errors).toBeUndefined();
    expect((await detail(ids[1]!, users.swClerk)).currentResult).toMatchObject({ status: 'DRAFT' });
    expect((await detail(ids[1]!, wjClerk)).currentResult).toBeNull();
    expect((await detail(ids[1]!, users.anonymous)).results).toEqual([]);
    const key = (await t.gql<{ inspection: { subjectKey: string } }>(`{ inspection(id: "${ids[1]}") { subjectKey } }`)).data!.inspection.subjectKey;
    const search = await t.gql<{ publishedResults: { totalCount: number } }>(`{ publishedResults(filter: { subject: "${key}" }) { totalCount } }`, {}, wjClerk);
    expect(search.data!.publishedResults.totalCount).toBe(0);

    // Two of the three team members' certificates lapse before the visit: rule 6 refuses the result.
    const team = (await t.db.pool.query(`select n.id from inspection_member m join inspector n on n.id = m.inspector_id where m.inspection_id = $1 and m.active order by m.position`, [ids[2]])).rows.map((r) => r.id);
    await t.db.pool.query(`update inspector set certificate_valid_to = $2 where id = any($1)`, [team.slice(0, 2), `${YEAR}-01-01`]);
    const lapsed = await t.gql(RECORD, { id: ids[2], input: { visitDate: today, method: 'ONSITE', signedBy: '王小明', items: allItems } }, users.scjgClerk);
    expect(lapsed.errors?.[0]?.message).toMatch(/执法证有效的检查人员只有 1 名，至少需要 2 名/);
    await t.db.pool.query(`update inspector set certificate_valid_to = $2 where id = any($1)`, [team.slice(0, 2), `${YEAR + 2}-12-31`]);
  });

  it('the task completes once every result is published', async () => {
    const early = await t.gql(`mutation { completeTask(code: "${code}") { status } }`, {}, users.scjgClerk);
    expect(early.errors?.[0]?.message).toMatch(/还有 3 户的检查结果未公示/);
    for (const id of ids.slice(1)) {
      expect((await t.gql(RECORD, { id, input: { visitDate: today, method: 'ONSITE', signedBy: '王小明', items: allItems } }, users.scjgClerk)).errors).toBeUndefined();
      await t.gql(`mutation { enterInspectionResult(id: "${id}") { status } }`, {}, users.scjgClerk);
      const p = await t.gql<{ publishInspectionResult: Detail }>(`mutation { publishInspectionResult(id: "${id}") { ${DETAIL} } }`, {}, users.scjgClerk);
      expect(p.data!.publishInspectionResult.currentResult).toMatchObject({ publishedLate: false });
    }
    expect((await t.gql<{ completeTask: { status: string } }>(`mutation { completeTask(code: "${code}") { status } }`, {}, users.scjgClerk)).data!.completeTask.status).toBe('COMPLETED');
  });
});

describe('follow-ups, mutual recognition and the subject profile', () => {
  const OPEN = `mutation($input: FollowUpInput!) { openFollowUp(input: $input) { id kind status departmentCode targetDepartmentCode dueOn overdue } }`;

  it('a transfer goes to the competent department, which must accept it before closing it with a decision', async () => {
    const clean = await t.gql(OPEN, { input: { inspection: ids[1], kind: 'CASE_FILED', description: '无' } }, users.scjgClerk);
    expect(clean.errors?.[0]?.message).toMatch(/没有发现问题/);
    const noTarget = await t.gql(OPEN, { input: { inspection: ids[0], kind: 'TRANSFER', description: '股东出资信息不实' } }, users.scjgClerk);
    expect(noTarget.errors?.[0]?.extensions?.field).toBe('input.targetDepartment');
    const outsider = await t.gql(OPEN, { input: { inspection: ids[0], kind: 'CASE_FILED', description: 'x' } }, wjClerk);
    expect(outsider.errors?.[0]?.extensions?.field).toBe('input.department');
    const opened = await t.gql<{ openFollowUp: { id: string; status: string; targetDepartmentCode: string; dueOn: string; overdue: boolean } }>(
      OPEN, { input: { inspection: ids[0], kind: 'TRANSFER', description: '发现涉及卫生许可的问题，移交卫健部门', targetDepartment: 'WJ' } }, users.scjgClerk);
    expect(opened.errors).toBeUndefined();
    expect(opened.data!.openFollowUp).toMatchObject({ status: 'OPEN', targetDepartmentCode: 'WJ', overdue: false, dueOn: new WorkingDayCalendar().addWorkingDays(today, 20) });
    const id = opened.data!.openFollowUp.id;
    const early = await t.gql(`mutation { closeFollowUp(id: "${id}", decision: "已处理") { status } }`, {}, wjClerk);
    expect(early.errors?.[0]?.message).toMatch(/须先由 WJ 接收/);
    expect((await t.gql(`mutation { acceptFollowUp(id: "${id}") { status } }`, {}, users.scjgClerk)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql<{ acceptFollowUp: { status: string } }>(`mutation { acceptFollowUp(id: "${id}") { status } }`, {}, wjClerk)).data!.acceptFollowUp.status).toBe('ACCEPTED');
    expect((await t.gql(`mutation { closeFollowUp(id: "${id}", decision: "") { status } }`, {}, wjClerk)).errors?.[0]?.extensions?.field).toBe('decision');
    const closed = await t.gql<{ closeFollowUp: { status: string; decision: string } }>(`mutation { closeFollowUp(id: "${id}", decision: "责令限期整改，已复查合格") { status decision } }`, {}, wjClerk);
    expect(closed.data!.closeFollowUp).toEqual({ status: 'CLOSED', decision: '责令限期整改，已复查合格' });
    const caseFiled = await t.gql<{ openFollowUp: { id: string } }>(OPEN, { input: { inspection: ids[0], kind: 'CASE_FILED', description: '涉嫌虚假公示，立案调查' } }, users.scjgClerk);
    const mine = await t.gql<{ followUps: { kind: string; status: string }[] }>(`{ followUps(filter: { department: "SCJG" }) { kind status } }`, {}, users.scjgClerk);
    expect(mine.data!.followUps).toEqual([{ kind: 'CASE_FILED', status: 'OPEN' }, { kind: 'TRANSFER', status: 'CLOSED' }]);
    expect((await t.gql(`{ followUps { id } }`, {}, users.anonymous)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Risk follows in the same transactions: food-industry base 10 + the corrected problem + a transfer + a filed case → C.
    const risk = await t.gql<{ inspection: { subjectKey: string } }>(`{ inspection(id: "${ids[0]}") { subjectKey } }`);
    const graded = await t.gql<{ subject: { riskGrade: string; riskExplanation: { factors: { factor: string }[] }; riskHistory: { grade: string; trigger: string }[] } }>(
      `{ subject(key: "${risk.data!.inspection.subjectKey}") { riskGrade riskExplanation { factors { factor } } riskHistory { grade trigger } } }`, {}, users.scjgClerk);
    expect(graded.data!.subject.riskGrade).toBe('C');
    expect(graded.data!.subject.riskExplanation.factors.map((f) => f.factor).sort()).toEqual(['FOLLOW_UP', 'FOLLOW_UP', 'INDUSTRY', 'RESULT']);
    expect(graded.data!.subject.riskHistory.map((h) => [h.grade, h.trigger])).toEqual([['C', 'OPEN_FOLLOW_UP'], ['B', 'PUBLISH_RESULT']]);
    // The open case keeps the subject out of the next draw (see the freeze).
    const open = (await t.db.pool.query(`select count(*)::int as n from follow_up where id = $1 and kind = 'CASE_FILED' and status = 'OPEN'`, [caseFiled.data!.openFollowUp.id])).rows[0].n;
    expect(open).toBe(1);
  });

  it('another department relies on a published result (互认), once per item, never on its own', async () => {
    const REC = `mutation($i: ID!, $item: String!) { recordRecognition(inspection: $i, item: $item) { departmentCode itemCode recognizedBy } }`;
    const ok = await t.gql<{ recordRecognition: unknown }>(REC, { i: ids[0], item: 'SW-001' }, wjClerk);
    expect(ok.data!.recordRecognition).toEqual({ departmentCode: 'WJ', itemCode: 'SW-001', recognizedBy: 'wj-clerk' });
    expect((await t.gql(REC, { i: ids[0], item: 'SW-001' }, wjClerk)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await t.gql(REC, { i: ids[0], item: 'SW-001' }, users.swClerk)).errors?.[0]?.message).toMatch(/无需互认/);
    expect((await t.gql(REC, { i: ids[0], item: 'WJ-001' }, wjClerk)).errors?.[0]?.extensions?.field).toBe('item');
    expect((await t.db.pool.query(`select count(*)::int as n from recognition`)).rows[0].n).toBe(1);
    const listed = await t.gql<{ publishedResults: { nodes: { itemCode: string; recognizedBy: string[] }[] } }>(`{ publishedResults(filter: { item: "SW-001" }) { nodes { itemCode recognizedBy } } }`, {}, users.anonymous);
    expect(listed.data!.publishedResults.nodes.filter((n) => n.recognizedBy.length)).toEqual([{ itemCode: 'SW-001', recognizedBy: ['WJ'] }]);
  });

  it('one profile per subject across departments; the public sees results but not follow-ups', async () => {
    const key = (await t.gql<{ inspection: { subjectKey: string } }>(`{ inspection(id: "${ids[0]}") { subjectKey } }`)).data!.inspection.subjectKey;
    const Q = `query($key: String!) { subject(key: $key) { key inspectionsThisYear
      publishedResults { itemCode departmentCode outcome corrected resultVersion taskCode }
      lastChecks { itemCode departmentCode outcome visitDate } followUps { kind status } } }`;
    const staff = await t.gql<{ subject: { inspectionsThisYear: number; publishedResults: { itemCode: string; outcome: string; corrected: boolean }[]; lastChecks: { itemCode: string; outcome: string }[]; followUps: unknown[] } }>(Q, { key }, wjClerk);
    expect(staff.errors).toBeUndefined();
    expect(staff.data!.subject.inspectionsThisYear).toBe(1);
    expect(staff.data!.subject.publishedResults.map((r) => [r.itemCode, r.outcome, r.corrected]).sort()).toEqual([['SCJG-001', 'PROBLEM_CORRECTED', true], ['SW-001', 'NO_PROBLEM', true]]);
    expect(staff.data!.subject.lastChecks.map((r) => [r.itemCode, r.outcome])).toEqual([['SCJG-001', 'PROBLEM_CORRECTED'], ['SW-001', 'NO_PROBLEM']]);
    expect(staff.data!.subject.followUps).toHaveLength(2);
    const pub = await t.gql<{ subject: { publishedResults: unknown[]; followUps: unknown[] } }>(Q, { key }, users.anonymous);
    expect(pub.data!.subject.publishedResults).toHaveLength(2);
    expect(pub.data!.subject.followUps).toEqual([]);
    const search = await t.gql<{ publishedResults: { totalCount: number; nodes: { subjectKey: string }[] } }>(`{ publishedResults(filter: { outcome: PROBLEM_CORRECTED, department: "SCJG", from: "${YEAR}-01-01" }) { totalCount nodes { subjectKey } } }`, {}, users.anonymous);
    expect(search.data!.publishedResults).toEqual({ totalCount: 1, nodes: [{ subjectKey: key }] });
    const bad = await t.gql(`{ publishedResults(filter: { from: "2026-13-01" }) { totalCount } }`, {}, users.anonymous);
    expect(bad.errors?.[0]?.extensions?.field).toBe('filter.from');
  });
});

describe('open data: published results per year, with SHA-256 and a data dictionary', () => {
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((r) => t.app.server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => t.app.server.close(() => r())));

  it('lists the files with their SHA-256, serves exactly those bytes, and carries no personal data', async () => {
    const index = (await (await fetch(`${base}/downloads/results/index.json`)).json()) as { files: { name: string; url: string; sha256: string; rows: number }[] };
    const csvFile = index.files.find((f) => f.name === `results-${YEAR}.csv`)!;
    expect(csvFile.rows).toBe(8); // 4 subjects × 2 items, current versions only
    const res = await fetch(base + csvFile.url);
    const body = Buffer.from(await res.arrayBuffer());
    const digest = crypto.createHash('sha256').update(body).digest('hex');
    expect(digest).toBe(csvFile.sha256);
    expect(res.headers.get('x-content-sha256')).toBe(digest);
    expect(await (await fetch(`${base}${csvFile.url}.sha256`)).text()).toBe(`${digest}  ${csvFile.name}\n`);
    const text = body.toString('utf8');
    expect(text.startsWith('\uFEFF任务编号,联合抽查,主体标识,主体名称')).toBe(true);
    expect(text).toContain('PROBLEM_CORRECTED');
    expect(text).not.toContain('王小明');
    expect(text).not.toContain('股东出资信息');
    expect(text).toContain('（涉及商业秘密或个人隐私，不予公示）');
    const json = JSON.parse(await (await fetch(`${base}/downloads/results/results-${YEAR}.json`)).text()) as { count: number; rows: Record<string, unknown>[] };
    expect(json.count).toBe(8);
    expect(Object.keys(json.rows[0]!).sort()).toEqual((await (await fetch(`${base}/downloads/results/dictionary.json`)).json() as { columns: { name: string }[] }).columns.map((c) => c.name).sort());
    expect(JSON.stringify(json)).not.toContain('王小明');
    const region = JSON.parse(await (await fetch(`${base}/downloads/results/results-${YEAR}-370399.json`)).text()) as { count: number };
    expect(region.count).toBe(0);
    expect((await fetch(`${base}/downloads/results/secrets.csv`)).status).toBe(404);
  });
});

describe('leads: recorded, handled case by case, or starting a special task', () => {
  const REC = `mutation($input: LeadInput!) { recordLead(input: $input) { id status problem subjectKey } }`;
  const lead = (n: number, problem: string) => ({ subject: uscc(n), source: 'HOTLINE_12345', reference: `12345-${n}`, receivedOn: today, problem, description: '举报年报信息与实际不符' });

  it('starts one special task for every subject with an open lead about the same problem', async () => {
    expect((await t.gql(REC, { input: { ...lead(1, 'x'), receivedOn: '2999-01-01' } }, users.scjgClerk)).errors?.[0]?.extensions?.field).toBe('input.receivedOn');
    expect((await t.gql(REC, { input: { ...lead(1, 'x'), subject: '91370305MA00000000' } }, users.scjgClerk)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ids: string[] = [];
    for (const [n, problem] of [[1, '年报信息不实'], [2, '年报信息不实'], [3, '无照经营']] as const) {
      const r = await t.gql<{ recordLead: { id: string; status: string } }>(REC, { input: lead(n, problem) }, users.scjgClerk);
      expect(r.data!.recordLead.status).toBe('OPEN');
      ids.push(r.data!.recordLead.id);
    }
    const START = `mutation($id: ID!, $input: LeadTaskInput!) { startTaskFromLead(id: $id, input: $input) { code kind reason scopeSubjects } }`;
    const started = await t.gql<{ startTaskFromLead: { code: string; kind: string; reason: string; scopeSubjects: string[] } }>(
      START, { id: ids[0], input: { items: ['SCJG-001'], sameProblem: true, windowFrom: today, windowTo: `${YEAR}-12-31` } }, users.scjgClerk);
    expect(started.errors).toBeUndefined();
    expect(started.data!.startTaskFromLead).toMatchObject({ kind: 'SPECIAL', reason: '12345 热线 12345-1 等 2 条同类线索' });
    expect(started.data!.startTaskFromLead.scopeSubjects.sort()).toEqual([uscc(1), uscc(2)].sort());
    const list = await t.gql<{ leads: { id: string; status: string; taskCode: string | null }[] }>(`{ leads(department: "SCJG") { id status taskCode } }`, {}, users.scjgClerk);
    expect(list.data!.leads.map((l) => [l.status, l.taskCode])).toEqual([['OPEN', null], ['IN_TASK', started.data!.startTaskFromLead.code], ['IN_TASK', started.data!.startTaskFromLead.code]]);
    expect((await t.gql(START, { id: ids[1], input: { items: ['SCJG-001'], windowFrom: today, windowTo: `${YEAR}-12-31` } }, users.scjgClerk)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const handled = await t.gql<{ handleLead: { status: string } }>(`mutation { handleLead(id: "${ids[2]}", resolution: "核实为正常经营，已回复来电人") { status } }`, {}, users.scjgClerk);
    expect(handled.data!.handleLead.status).toBe('HANDLED');
    expect((await t.gql(`mutation { handleLead(id: "${ids[2]}", resolution: "x") { status } }`, {}, users.swClerk)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(`{ leads { id } }`, {}, users.anonymous)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the inspection archive: photos, scans, audio, video by SHA-256', () => {
  let base: string;
  let token: string;
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(2000)]);
  const upload = (body: Buffer, type: string, query: string, auth = true) =>
    fetch(`${base}/uploads/inspections/${ids[0]}?${query}`, { method: 'POST', body, headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${token}` } : {}) } });

  beforeAll(async () => {
    await insertAccounts(t.db.pool, users.scjgClerk);
    token = issueToken({ username: 'scjg-clerk', sessionVersion: 0 }, t.config.sessionSecret);
    t.config.archiveDir = tempDir('jc-archive-');
    t.config.archiveMaxBytes = 100_000;
    await new Promise<void>((r) => t.app.server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => t.app.server.close(() => r())));

  it('stores a checked file by its SHA-256, refuses wrong types, forged content, oversize files and anonymous callers', async () => {
    expect((await upload(png, 'image/png', 'kind=PHOTO&name=x.png', false)).status).toBe(401);
    const text = await upload(Buffer.from('hello'), 'text/plain', 'kind=PHOTO&name=a.txt');
    expect(text.status).toBe(400);
    expect(((await text.json()) as { error: string }).error).toMatch(/不支持的文件类型/);
    const forged = await upload(Buffer.from('not really a png'), 'image/png', 'kind=PHOTO&name=b.png');
    expect(((await forged.json()) as { error: string }).error).toMatch(/文件内容与声明的类型 image\/png 不符/);
    const video = await upload(png, 'image/png', 'kind=VIDEO&name=c.png');
    expect(((await video.json()) as { field: string }).field).toBe('kind');
    const big = await upload(Buffer.concat([png, Buffer.alloc(200_000)]), 'image/png', 'kind=PHOTO&name=big.png');
    expect(big.status).toBe(413);
    const ok = await upload(png, 'image/png', `kind=PHOTO&name=${encodeURIComponent('现场照片1.png')}&description=${encodeURIComponent('经营场所门头')}`);
    expect(ok.status).toBe(201);
    const stored = (await ok.json()) as { id: number; sha256: string; bytes: number; url: string };
    expect(stored).toMatchObject({ sha256: crypto.createHash('sha256').update(png).digest('hex'), bytes: png.length });
    expect(fs.readFileSync(path.join(t.config.archiveDir, stored.sha256.slice(0, 2), stored.sha256)).equals(png)).toBe(true);
    expect(fs.readdirSync(path.join(t.config.archiveDir, 'tmp'))).toEqual([]);
    const back = await fetch(base + stored.url, { headers: { authorization: `Bearer ${token}` } });
    expect(Buffer.from(await back.arrayBuffer()).equals(png)).toBe(true);
    expect(back.headers.get('x-content-sha256')).toBe(stored.sha256);
    expect((await fetch(base + stored.url)).status).toBe(401);
    const staff = await t.gql<{ inspection: { attachments: { fileName: string; kind: string }[] } }>(`{ inspection(id: "${ids[0]}") { attachments { fileName kind } } }`, {}, users.swClerk);
    expect(staff.data!.inspection.attachments).toEqual([{ fileName: '现场照片1.png', kind: 'PHOTO' }]);
    const pub = await t.gql<{ inspection: { attachments: unknown[] } }>(`{ inspection(id: "${ids[0]}") { attachments { fileName } } }`, {}, users.anonymous);
    expect(pub.data!.inspection.attachments).toEqual([]);
    await expect(t.db.pool.query(`delete from attachment`)).rejects.toThrow(/archived records/);
  });
});

describe('what the public may see', () => {
  it('anonymous callers never see personal data, drafts, notes, follow-ups, leads, rosters or archives', async () => {
    const key = uscc(1);
    const r = await t.gql<{ subject: { operatorName: string | null; operatorPhone: string | null; leads: unknown[]; followUps: unknown[] } }>(
      `{ subject(key: "${key}") { operatorName operatorPhone leads { id } followUps { id } } }`, {}, users.anonymous);
    expect(r.data!.subject).toEqual({ operatorName: '王**', operatorPhone: null, leads: [], followUps: [] });
    const staff = await t.gql<{ subject: { operatorName: string; leads: unknown[] } }>(`{ subject(key: "${key}") { operatorName leads { id } } }`, {}, users.scjgClerk);
    expect(staff.data!.subject.operatorName).toBe('王小明');
    expect(staff.data!.subject.leads.length).toBeGreaterThan(0);
    const insp = await t.gql<{ inspection: { noticeNote: string | null; team: { inspectorName: string | null }[]; currentResult: { signedBy: string | null }; attachments: unknown[] } }>(
      `{ inspection(id: "${ids[0]}") { noticeNote team { inspectorName } currentResult { signedBy } attachments { id } } }`, {}, users.anonymous);
    expect(insp.data!.inspection.noticeNote).toBeNull();
    expect(insp.data!.inspection.team.every((m) => m.inspectorName === null)).toBe(true);
    expect(insp.data!.inspection.currentResult.signedBy).toBeNull();
    expect(insp.data!.inspection.attachments).toEqual([]);
    const task = await t.gql<{ task: { replacements: unknown[]; inspections: { nodes: { team: { inspectorName: string | null }[] }[] } } }>(
      `{ task(code: "${code}") { replacements { note } inspections { nodes { team { inspectorName } } } } }`, {}, users.anonymous);
    expect(task.data!.task.inspections.nodes.flatMap((n) => n.team).every((m) => m.inspectorName === null)).toBe(true);
    for (const q of ['{ inspectors { totalCount } }', '{ leads { id } }', '{ followUps { id } }', '{ overdueInspections { id } }', '{ auditEvents { totalCount } }']) {
      expect((await t.gql(q, {}, users.anonymous)).errors?.[0]?.extensions?.code, q).toBe('UNAUTHENTICATED');
    }
  });
});
