import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../server/auth/caller.js';
import { Role } from '../../server/auth/user.entity.js';
import { initTestApp, users, type TestApp } from '../utils.js';
import { drawJointTask, YEAR } from './joint-task.js';

const scjgHead: Caller = { kind: 'user', username: 'scjg-head', role: Role.DEPT_HEAD, departmentCode: 'SCJG' };
const swInspector: Caller = { kind: 'user', username: 'sw-inspector', role: Role.INSPECTOR, departmentCode: 'SW' };
let t: TestApp;
let code: string;
let ids: string[];
/** The roster entry the `inspector` account is linked to: the SCJG inspector with the most team places. */
let own: string;

const LIST = `query($filter: AssignmentFilter, $first: Int, $after: String) { assignments(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id inspectionId inspectorKey inspectorName departmentCode leader taskCode taskName joint leadDepartment windowFrom windowTo subjectKey subjectName subjectAddress status dueOn overdue } } }`;
const SUMMARY = `query($code: String!) { task(code: $code) { assignmentSummary { inspectorKey inspectorName departmentCode total leader overdue byStatus { status count } } } }`;

interface Node { id: string; inspectionId: string; inspectorKey: string; departmentCode: string; leader: boolean; taskCode: string; status: string; dueOn: string | null; overdue: boolean; subjectName: string; leadDepartment: string; joint: boolean }
interface Summary { inspectorKey: string; departmentCode: string; total: number; leader: number; overdue: number; byStatus: { status: string; count: number }[] }

async function list(filter: Record<string, unknown> | undefined, caller: Caller, first = 50, after?: string) {
  return t.gql<{ assignments: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Node[] } }>(LIST, { filter, first, after }, caller);
}
async function nodes(filter: Record<string, unknown> | undefined, caller: Caller) {
  const r = await list(filter, caller);
  expect(r.errors).toBeUndefined();
  return r.data!.assignments;
}
async function summary(caller: Caller) {
  const r = await t.gql<{ task: { assignmentSummary: Summary[] } }>(SUMMARY, { code }, caller);
  expect(r.errors).toBeUndefined();
  return r.data!.task.assignmentSummary;
}
const counts = (s: Summary) => Object.fromEntries(s.byStatus.map((b) => [b.status, b.count]));

/** Recount from the raw team places: inspector key → inspections by status. */
async function recount(): Promise<Map<string, Record<string, number>>> {
  const r = await t.db.pool.query<{ key: string; status: string; n: number }>(
    `select n.key, i.status, count(*)::int as n from inspection_member m join inspector n on n.id = m.inspector_id join inspection i on i.id = m.inspection_id
      where m.active group by n.key, i.status`,
  );
  const out = new Map<string, Record<string, number>>();
  for (const row of r.rows) out.set(row.key, { ...out.get(row.key), [row.status]: row.n });
  return out;
}

beforeAll(async () => {
  t = await initTestApp();
  ({ code, ids } = await drawJointTask(t));
  own = (await t.db.pool.query<{ key: string }>(
    `select n.key from inspection_member m join inspector n on n.id = m.inspector_id where n.key like 'SC%' group by n.key order by count(*) desc, n.key limit 1`,
  )).rows[0]!.key;
  // Accounts: the SCJG inspector linked to its roster entry, the SW inspector not linked to any.
  await t.db.pool.query(
    `insert into app_user (username, display_name, role, department_id, password_hash, inspector_id) values
      ('inspector', '执法人员', 'INSPECTOR', (select id from department where code = 'SCJG'), 'x', (select id from inspector where key = $1)),
      ('sw-inspector', '税务执法人员', 'INSPECTOR', (select id from department where code = 'SW'), 'x', null)`,
    [own],
  );
});
afterAll(() => t.close());

describe('assignments per inspector (检查人员分派)', () => {
  it('an inspector sees only their own inspections; an account without a roster entry is told so', async () => {
    const mine = await nodes(undefined, users.inspector);
    const expected = (await t.db.pool.query<{ n: number }>(`select count(*)::int as n from inspection_member m join inspector n on n.id = m.inspector_id where n.key = $1 and m.active`, [own])).rows[0]!.n;
    expect(expected).toBeGreaterThan(0);
    expect(mine.totalCount).toBe(expected);
    expect(new Set(mine.nodes.map((n) => n.inspectorKey))).toEqual(new Set([own]));
    expect(mine.nodes[0]).toMatchObject({ taskCode: code, joint: true, leadDepartment: 'SCJG', departmentCode: 'SCJG', status: 'ASSIGNED', dueOn: null, overdue: false });
    expect(mine.nodes.every((n) => ids.includes(n.inspectionId))).toBe(true);
    // Asking for the own key is the same list; anyone else's is refused.
    expect((await nodes({ inspector: own }, users.inspector)).totalCount).toBe(expected);
    const other = await list({ inspector: 'SW01' }, users.inspector);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.errors?.[0]?.message).toContain('只能查看本人的检查任务');
    const unlinked = await list(undefined, swInspector);
    expect(unlinked.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(unlinked.errors?.[0]?.message).toContain('尚未关联执法检查人员名录');
    const anonymous = await list(undefined, users.anonymous);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a clerk or head sees the own department’s inspectors only; the office and leaders see all', async () => {
    const sw = await nodes(undefined, users.swClerk);
    expect(sw.totalCount).toBe(4); // SW01 on every team of the four subjects
    expect(new Set(sw.nodes.map((n) => n.inspectorKey))).toEqual(new Set(['SW01']));
    const scjg = await nodes(undefined, scjgHead);
    expect(scjg.totalCount).toBe(8); // two SCJG inspectors per team
    expect(scjg.nodes.every((n) => n.departmentCode === 'SCJG')).toBe(true);
    expect((await list({ department: 'SCJG' }, users.swClerk)).errors?.[0]?.message).toContain('只能查看本部门（SW）执法人员的检查任务');
    expect((await list({ inspector: 'SC01' }, users.swClerk)).errors?.[0]?.message).toContain('SC01 不是本部门（SW）的执法人员');
    expect((await list({ inspector: 'NOPE' }, users.office)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'filter.inspector' });
    expect((await list({ task: '1999-XX-0001' }, users.office)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'filter.task' });
    for (const caller of [users.office, users.leader, users.admin]) expect((await nodes(undefined, caller)).totalCount).toBe(12);
    expect((await nodes({ department: 'sw' }, users.office)).totalCount).toBe(4);
    expect((await nodes({ inspector: 'SW01', task: code, year: YEAR }, users.office)).totalCount).toBe(4);
    expect((await nodes({ year: YEAR - 1 }, users.office)).totalCount).toBe(0);
  });

  it('pages by cursor, newest team places first, without repeating or losing any', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await list(undefined, users.office, 5, after);
      expect(r.errors).toBeUndefined();
      seen.push(...r.data!.assignments.nodes.map((n) => n.id));
      if (!r.data!.assignments.pageInfo.hasNextPage) break;
      after = r.data!.assignments.pageInfo.endCursor!;
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(seen).toEqual([...seen].sort((a, b) => Number(b) - Number(a)));
    expect((await list(undefined, users.office, 5, 'bad-cursor')).errors?.[0]?.extensions?.field).toBe('after');
  });

  it('counts per inspector of a task follow the inspections’ status, the deadline and the role rules', async () => {
    const before = await summary(users.office);
    expect(before.map((s) => s.departmentCode)).toEqual([...before.filter((s) => s.departmentCode === 'SCJG'), ...before.filter((s) => s.departmentCode === 'SW')].map((s) => s.departmentCode));
    expect(before.reduce((n, s) => n + s.total, 0)).toBe(12);
    expect(before.find((s) => s.inspectorKey === 'SW01')).toMatchObject({ total: 4, leader: 0, overdue: 0 });
    expect(before.filter((s) => s.departmentCode === 'SCJG').reduce((n, s) => n + s.leader, 0)).toBe(4); // one leader per team, from the lead department

    // One inspection notified, another recorded with a January visit: its 20 working days have passed.
    await t.gql(`mutation($id: ID!, $at: DateTimeISO!) { notifyInspection(id: $id, at: $at, method: PHONE) { status } }`, { id: ids[0], at: new Date().toISOString() }, users.scjgClerk);
    const rec = await t.gql(`mutation($id: ID!, $input: InspectionResultInput!) { recordInspectionResult(id: $id, input: $input) { status } }`, {
      id: ids[1], input: { visitDate: `${YEAR}-01-05`, method: 'ONSITE', signedBy: '王小明', items: [{ item: 'SCJG-001', outcome: 'NO_PROBLEM' }, { item: 'SW-001', outcome: 'NO_PROBLEM' }] },
    }, users.scjgClerk);
    expect(rec.errors).toBeUndefined();

    const after = await summary(users.office);
    const raw = await recount();
    for (const s of after) {
      expect(counts(s)).toEqual({ ASSIGNED: 0, NOTIFIED: 0, CHECKED: 0, ENTERED: 0, PUBLISHED: 0, ...raw.get(s.inspectorKey) });
      expect(s.total).toBe(Object.values(raw.get(s.inspectorKey)!).reduce((a, b) => a + b, 0));
    }
    expect(counts(after.find((s) => s.inspectorKey === 'SW01')!)).toEqual({ ASSIGNED: 2, NOTIFIED: 1, CHECKED: 1, ENTERED: 0, PUBLISHED: 0 });
    expect(after.find((s) => s.inspectorKey === 'SW01')!.overdue).toBe(1);

    // The list shows the same: the recorded one with its deadline, overdue; a status filter narrows it.
    const checked = await nodes({ status: 'CHECKED', inspector: 'SW01' }, users.swClerk);
    expect(checked.totalCount).toBe(1);
    expect(checked.nodes[0]).toMatchObject({ inspectionId: ids[1], status: 'CHECKED', overdue: true, dueOn: expect.stringMatching(new RegExp(`^${YEAR}-0[12]-`)) });

    // Role rules on the summary: a clerk sees the own department's inspectors, an inspector their own row.
    expect((await summary(users.swClerk)).map((s) => s.inspectorKey)).toEqual(['SW01']);
    expect((await summary(scjgHead)).every((s) => s.departmentCode === 'SCJG')).toBe(true);
    expect((await summary(users.inspector)).map((s) => s.inspectorKey)).toEqual([own]);
    const anonymous = await t.gql(SUMMARY, { code }, users.anonymous);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an inspector replaced on a team no longer counts there', async () => {
    const place = (await t.db.pool.query<{ id: string; key: string }>(
      `select m.id, n.key from inspection_member m join inspector n on n.id = m.inspector_id where m.inspection_id = $1 and m.department_code = 'SW'`, [ids[3]],
    )).rows[0]!;
    await t.db.pool.query(`update inspection_member set active = false where id = $1`, [place.id]);
    const sw = await nodes({ inspector: place.key }, users.swClerk);
    expect(sw.totalCount).toBe(3);
    expect(sw.nodes.map((n) => n.inspectionId)).not.toContain(ids[3]);
    expect((await summary(users.swClerk))[0]!.total).toBe(3);
    await t.db.pool.query(`update inspection_member set active = true where id = $1`, [place.id]);
  });
});
