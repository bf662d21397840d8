import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/auth/user.entity.js';
import type { Caller } from '../../server/auth/caller.js';
import { verifyCommand } from '../../server/draw/cli.js';
import { filesOfArchive } from '../../server/draw/bundle.js';
import { commitment } from '../../server/draw/manifest.js';
import { verifyInclusion } from '../../server/draw/merkle.js';
import { ImportKind } from '../../server/importing/columns.js';
import { csv, INSPECTOR_HEADER, ITEM_HEADER, SUBJECT_HEADER, subjectLine, uscc } from '../fixtures.js';
import { tempFile } from '../tmp.js';
import { importCsv, initTestApp, seedDepartments, users, type TestApp } from '../utils.js';

const swHead: Caller = { kind: 'user', username: 'sw-head', role: Role.DEPT_HEAD, departmentCode: 'SW' };
const YEAR = new Date().getFullYear();
let t: TestApp;
let base: string;

const load = (kind: ImportKind, text: string, department?: string) => importCsv(t.db.pool, kind, text, department);

/** 40 SCJG subjects: 0–9 grade A, 10–19 B, 20–29 ungraded, 30–39 D; SW's library holds 0–19 too. */
const grade = (n: number) => (n < 10 ? 'A' : n < 20 ? 'B' : n < 30 ? '' : 'D');
const KEYS = Array.from({ length: 40 }, (_, n) => uscc(n + 1));

beforeAll(async () => {
  t = await initTestApp();
  await seedDepartments(t.db.pool);
  await load(ImportKind.ITEMS, csv(ITEM_HEADER, [
    'SCJG-001,SCJG,重点,《中华人民共和国食品安全法》第八十七条,食品生产企业,生产许可条件,实地核查,5%,1,2025-01-01,',
    'SW-001,SW,一般,《中华人民共和国税收征收管理法》,纳税人,发票管理,书面检查,0.03,1,2025-01-01,',
  ]));
  await load(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, KEYS.map((_, n) => subjectLine(n + 1, { grade: grade(n) }))), 'SCJG');
  await load(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, KEYS.slice(0, 20).map((_, n) => subjectLine(n + 1, { grade: grade(n) }))), 'SW');
  const to = `${YEAR + 2}-12-31`;
  await load(ImportKind.INSPECTORS, csv(INSPECTOR_HEADER, [
    `SC01,张一,SCJG,2020-01-01,${to},一般;重点,,在编,在岗,${KEYS[0]},近亲属任职`,
    `SC02,张二,SCJG,2020-01-01,${to},重点,,在编,在岗,,`,
    `SC03,张三,SCJG,2020-01-01,${to},一般;重点,,在编,在岗,,`,
    `SC04,张四,SCJG,2020-01-01,${to},一般;重点,,在编,在岗,,`,
    `SC05,张五,SCJG,2020-01-01,${YEAR - 1}-12-31,一般;重点,,在编,在岗,,`,
    `SC06,张六,SCJG,2020-01-01,${to},一般,,在编,在岗,,`,
    `SC07,张七,SCJG,2020-01-01,${to},一般;重点,,在编,休假,,`,
    `SW01,李一,SW,2020-01-01,${to},一般,,在编,在岗,,`,
    `SW02,李二,SW,2020-01-01,${to},一般,,在编,在岗,,`,
    `SW03,李三,SW,2020-01-01,${to},一般,,在编,在岗,,`,
    `SW04,李四,SW,2020-01-01,${YEAR}-01-10,一般,,在编,在岗,,`,
  ]));
  const plan = await t.gql(`mutation($input: PlanInput!) { savePlan(input: $input) { id } }`, {
    input: {
      year: YEAR, department: 'SCJG', tasks: [{
        name: '食品生产企业与纳税人联合抽查', items: ['SCJG-001', 'SW-001'], lead: 'SCJG', participants: ['SW'], scopeLibraries: ['SCJG'],
        quotaRule: [{ grade: 'A', ratio: '0.1' }, { grade: 'B', ratio: '0.2' }, { grade: 'D', ratio: '0.5' }], windowFrom: `${YEAR}-01-01`, windowTo: `${YEAR}-12-31`,
      }],
    },
  }, users.scjgClerk);
  expect(plan.errors).toBeUndefined();
  await t.gql(`mutation { filePlan(year: ${YEAR}, department: "SCJG") { status } }`, {}, users.scjgClerk);
  await new Promise<void>((r) => t.app.server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  t.app.server.close();
  await t.close();
});

async function planTaskId(): Promise<string> {
  const r = await t.gql<{ plan: { tasks: { id: string }[] } }>(`{ plan(year: ${YEAR}, department: "SCJG") { tasks { id } } }`, {}, users.scjgClerk);
  return r.data!.plan.tasks[0]!.id;
}

/** A finished inspection of `key` in an earlier task with `items`, checked on `checkedOn`. */
let pastSeq = 9000;
async function pastInspection(key: string, items: string[], checkedOn: string, year = YEAR): Promise<void> {
  pastSeq++;
  const task = await t.db.pool.query<{ id: number }>(
    `insert into task (code, year, seq, name, kind, joint, item_ids, item_codes, departments, scope_libraries, scope_regions, scope_industries, scope_kinds,
       scope_grades, scope_subjects, quota_rule, window_from, window_to, team_sizes, recognition_days, yearly_cap, status, created_by)
     values ($1, $2, $3, '往期任务', 'ROUTINE', false, '{}', $4, '{WJ}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', $5, $5, '[]', 0, 0, 'CLOSED', 'test') returning id`,
    [`PAST-${pastSeq}`, year, pastSeq, items, checkedOn],
  );
  await t.db.pool.query(
    `insert into inspection (task_id, subject_id, seq, stratum, ticket, status, checked_on) select $1, id, 1, 'A', 'x', 'PUBLISHED', $3 from subject where key = $2`,
    [task.rows[0]!.id, key, checkedOn],
  );
}

const TASK_FIELDS = `code status joint kind attempt departments participants { departmentCode lead status commitment revealed }
  currentDraw { attempt manifestHash outcome seed error candidateCount excludedCount rosterCount conflictCount maxPerInspector strata { stratum candidates quota ratio } bundleUrl manifestJson }`;

interface TaskView {
  code: string;
  status: string;
  joint: boolean;
  attempt: number;
  participants: { departmentCode: string; status: string; commitment: string | null; revealed: boolean }[];
  currentDraw: { attempt: number; manifestHash: string; outcome: string; seed: string | null; error: string | null; candidateCount: number; excludedCount: number; rosterCount: number; conflictCount: number; maxPerInspector: number; strata: { stratum: string; candidates: number; quota: number; ratio: string | null }[]; bundleUrl: string; manifestJson: string } | null;
}

async function task(code: string, caller = users.office): Promise<TaskView> {
  const r = await t.gql<{ task: TaskView }>(`query($code: String!) { task(code: $code) { ${TASK_FIELDS} } }`, { code }, caller);
  expect(r.errors).toBeUndefined();
  return r.data!.task;
}

async function mutate(name: string, args: Record<string, unknown>, caller: Caller, fields = 'code status') {
  const decl = Object.keys(args).map((k) => `$${k}: ${k === 'planTask' ? 'ID!' : k === 'input' ? 'SpecialTaskInput!' : k === 'options' ? 'TaskOptionsInput' : 'String!'}`).join(', ');
  const call = Object.keys(args).map((k) => `${k}: $${k}`).join(', ');
  return t.gql<Record<string, { code: string; status: string }>>(`mutation${decl ? `(${decl})` : ''} { ${name}(${call}) { ${fields} } }`, args, caller);
}

async function download(url: string): Promise<Map<string, Uint8Array>> {
  const res = await fetch(base + url);
  expect(res.status).toBe(200);
  return filesOfArchive(new Uint8Array(await res.arrayBuffer()), url);
}

const text = (files: Map<string, Uint8Array>, name: string) => Buffer.from(files.get(name)!).toString('utf8');

async function verifyDownloaded(url: string): Promise<{ code: number; out: string }> {
  const res = await fetch(base + url);
  const file = tempFile('jc-bundle-', 'bundle.zip');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  let out = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } };
  return { code: await verifyCommand([file], io), out };
}

describe('a joint task from plan to draw, through GraphQL', () => {
  let code: string;
  const secrets = { SCJG: 'scjg-secret-0123456789abcdef', SW: 'sw-secret-fedcba9876543210' };

  it('is created from the filed plan; the participating department must confirm; the public does not see it yet', async () => {
    const created = await mutate('createTaskFromPlan', { planTask: await planTaskId() }, users.scjgClerk, 'code status joint kind departments');
    expect(created.errors).toBeUndefined();
    code = created.data!.createTaskFromPlan!.code;
    expect(code).toBe(`${YEAR}-LZ-0001`);
    expect(created.data!.createTaskFromPlan).toMatchObject({ status: 'CREATED', joint: true, kind: 'ROUTINE' });
    const view = await task(code);
    expect(view.participants.map((p) => [p.departmentCode, p.status])).toEqual([['SCJG', 'CONFIRMED'], ['SW', 'PENDING']]);
    expect((await t.gql<{ task: unknown }>(`{ task(code: "${code}") { code } }`, {}, users.anonymous)).data!.task).toBeNull();
    const early = await mutate('freezeTask', { code }, users.scjgClerk);
    expect(early.errors?.[0]?.message).toMatch(/尚未确认参加：SW/);
    const foreign = await mutate('confirmTask', { code, department: 'SW' }, users.scjgClerk);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await mutate('confirmTask', { code }, users.swClerk)).errors).toBeUndefined();
    const uncommitted = await mutate('freezeTask', { code }, users.scjgClerk);
    expect(uncommitted.errors?.[0]?.message).toMatch(/尚未提交随机数承诺值：SCJG、SW/);
  });

  it('takes each department commitment, then freezes once under a race: the other freeze gets CONFLICT', async () => {
    const bad = await mutate('submitTaskCommitment', { code, commitment: 'abc' }, users.swClerk);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'commitment' });
    expect((await mutate('submitTaskCommitment', { code, commitment: commitment(code, 'SCJG', secrets.SCJG) }, users.scjgClerk)).errors).toBeUndefined();
    expect((await mutate('submitTaskCommitment', { code, commitment: commitment(code, 'SW', secrets.SW) }, users.swClerk)).errors).toBeUndefined();

    // Exclusions: KEYS[1] checked 30 days ago for SCJG-001 (mutual recognition); KEYS[2] checked 400 days ago
    // (outside the 180-day window); KEYS[3] twice this year for other items (yearly cap 2); KEYS[4] under an open case.
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    await pastInspection(KEYS[1]!, ['SCJG-001'], day(30));
    await pastInspection(KEYS[2]!, ['SCJG-001'], day(400), YEAR - 2);
    await pastInspection(KEYS[3]!, ['WJ-009'], `${YEAR}-01-02`);
    await pastInspection(KEYS[3]!, ['WJ-010'], `${YEAR}-01-03`);
    await t.db.pool.query(
      `insert into follow_up (subject_id, department_id, kind, status, opened_on, created_by)
       select s.id, d.id, 'CASE_FILED', 'OPEN', current_date, 'test' from subject s, department d where s.key = $1 and d.code = 'SCJG'`,
      [KEYS[4]],
    );
    await t.db.pool.query(
      `insert into follow_up (subject_id, department_id, kind, status, opened_on, closed_on, created_by)
       select s.id, d.id, 'CASE_FILED', 'CLOSED', current_date, current_date, 'test' from subject s, department d where s.key = $1 and d.code = 'SCJG'`,
      [KEYS[5]],
    );

    const [a, b] = await Promise.all([mutate('freezeTask', { code }, users.scjgClerk), mutate('freezeTask', { code }, users.office)]);
    const outcomes = [a, b].map((r) => (r.errors ? r.errors[0]!.extensions!.code : r.data!.freezeTask!.status)).sort();
    expect(outcomes).toEqual(['CONFLICT', 'FROZEN']);
    const view = await task(code);
    expect(view.status).toBe('FROZEN');
    expect(view.attempt).toBe(1);
    const d = view.currentDraw!;
    // 40 in SCJG's library, minus the recognised, the capped and the open case.
    expect(d).toMatchObject({ attempt: 1, outcome: 'PENDING', candidateCount: 37, excludedCount: 3, seed: null });
    expect(d.strata).toEqual([
      { stratum: 'A', candidates: 7, quota: 1, ratio: '0.1' },
      { stratum: 'B', candidates: 10, quota: 2, ratio: '0.2' },
      { stratum: 'D', candidates: 10, quota: 5, ratio: '0.5' },
      { stratum: 'U', candidates: 10, quota: 2, ratio: '0.2' },
    ]);
    // Eligible for SCJG's KEY item: SC01–SC04 (SC05's certificate has expired, SC06 lacks 重点, SC07 is on leave);
    // for SW's GENERAL item: SW01–SW03 (SW04's certificate ends before the window does).
    expect(d.rosterCount).toBe(7);
    expect(d.conflictCount).toBe(1);
    const frozen = (await t.db.pool.query(`select detail from audit_event where entity = 'Task' and entity_key = $1 and action = 'FREEZE'`, [code])).rows;
    expect(frozen).toHaveLength(1);
    expect(frozen[0].detail.manifestHash).toBe(d.manifestHash);
    const manifest = JSON.parse(d.manifestJson);
    expect(manifest.commitments).toEqual([
      { party: 'SCJG', commitment: commitment(code, 'SCJG', secrets.SCJG) },
      { party: 'SW', commitment: commitment(code, 'SW', secrets.SW) },
      { party: 'hub', commitment: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(manifest.team).toEqual({ lead: 'SCJG', maxPerInspector: expect.any(Number), departments: [{ code: 'SCJG', inspectors: 2 }, { code: 'SW', inspectors: 1 }] });
  });

  it('publishes the frozen bundle without login; the public now sees the task', async () => {
    const files = await download(`/downloads/tasks/${code}/bundle.zip`);
    expect([...files.keys()].sort()).toEqual(['candidates.tsv', 'conflicts.tsv', 'excluded.tsv', 'manifest.json', 'roster.tsv']);
    const excluded = text(files, 'excluded.tsv');
    expect(excluded.split('\n').filter(Boolean).sort()).toEqual([`${KEYS[1]}\tRECOGNITION`, `${KEYS[3]}\tYEARLY_CAP`, `${KEYS[4]}\tOPEN_CASE`].sort());
    expect(text(files, 'roster.tsv')).toBe('SC01\tSCJG\nSC02\tSCJG\nSC03\tSCJG\nSC04\tSCJG\nSW01\tSW\nSW02\tSW\nSW03\tSW\n');
    expect(text(files, 'conflicts.tsv')).toBe(`SC01\t${KEYS[0]}\n`);
    expect(text(files, 'candidates.tsv')).toContain(`${KEYS[20]}\tU\n`);
    expect((await t.gql<{ task: { code: string } }>(`{ task(code: "${code}") { code } }`, {}, users.anonymous)).data!.task).toEqual({ code });
    // Nothing has been revealed: the hub's secret is sealed in the database.
    const stored = (await t.db.pool.query(`select hub_secret_sealed from task_draw`)).rows[0].hub_secret_sealed as Buffer;
    expect(stored.toString('utf8')).not.toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts only reveals that match the commitments, and draws only once every party has revealed', async () => {
    const wrong = await mutate('revealTaskSecret', { code, secret: 'not-the-secret' }, users.swClerk);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'secret' });
    expect((await task(code)).participants.find((p) => p.departmentCode === 'SW')!.revealed).toBe(false);
    expect((await mutate('revealTaskSecret', { code, secret: secrets.SCJG }, users.scjgClerk)).errors).toBeUndefined();
    const early = await mutate('drawTask', { code }, users.scjgClerk);
    expect(early.errors?.[0]?.message).toMatch(/尚未揭示秘密随机数：SW/);
    // Two simultaneous reveals of one secret: one is stored, the other gets CONFLICT.
    const both = await Promise.all([mutate('revealTaskSecret', { code, secret: secrets.SW }, users.swClerk), mutate('revealTaskSecret', { code, secret: secrets.SW }, users.swClerk)]);
    expect(both.map((r) => (r.errors ? r.errors[0]!.extensions!.code : 'OK')).sort()).toEqual(['CONFLICT', 'OK']);
    const twice = await mutate('revealTaskSecret', { code, secret: secrets.SW }, users.swClerk);
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('draws once under a race and turns the result into inspections and teams in one go', async () => {
    const [a, b] = await Promise.all([mutate('drawTask', { code }, users.scjgClerk), mutate('drawTask', { code }, users.office)]);
    expect([a, b].map((r) => (r.errors ? r.errors[0]!.extensions!.code : r.data!.drawTask!.status)).sort()).toEqual(['CONFLICT', 'DRAWN']);
    const view = await task(code);
    expect(view.currentDraw).toMatchObject({ outcome: 'DRAWN', seed: expect.stringMatching(/^[0-9a-f]{64}$/), error: null });
    const onTask = await t.gql<{ task: { manifestHash: string; seed: string } }>(`{ task(code: "${code}") { manifestHash seed } }`, {}, users.anonymous);
    expect(onTask.data!.task).toEqual({ manifestHash: view.currentDraw!.manifestHash, seed: view.currentDraw!.seed });
    const r = await t.gql<{ task: { inspections: { totalCount: number; nodes: { seq: number; subjectKey: string; stratum: string; ticket: string; status: string; team: { inspectorKey: string; departmentCode: string; leader: boolean; ticket: string }[] }[] } } }>(
      `{ task(code: "${code}") { inspections(first: 50) { totalCount nodes { seq subjectKey stratum ticket status team { inspectorKey departmentCode leader ticket } } } } }`, {}, users.office);
    const ins = r.data!.task.inspections;
    expect(ins.totalCount).toBe(10);
    expect(await t.db.pool.query(`select count(*)::int as n from inspection i join task t on t.id = i.task_id where t.code = $1`, [code]).then((x) => x.rows[0].n)).toBe(10);
    for (const node of ins.nodes) {
      expect(node.status).toBe('ASSIGNED');
      expect(node.team.map((m) => m.departmentCode)).toEqual(['SCJG', 'SCJG', 'SW']);
      expect(node.team.map((m) => m.leader)).toEqual([true, false, false]);
      expect(node.subjectKey === KEYS[0] && node.team.some((m) => m.inspectorKey === 'SC01')).toBe(false);
    }
    // The bundle now carries the reveals and the result, and `jointcheck verify` agrees with it.
    const files = await download(view.currentDraw!.bundleUrl);
    const result = JSON.parse(text(files, 'result.json'));
    expect(result.selected.map((s: { key: string }) => s.key)).toEqual(ins.nodes.map((n) => n.subjectKey));
    expect(JSON.parse(text(files, 'reveals.json')).reveals.map((x: { party: string }) => x.party)).toEqual(['SCJG', 'SW', 'hub']);
    const verified = await verifyDownloaded(view.currentDraw!.bundleUrl);
    expect(verified.out).toMatch(/^OK/);
    expect(verified.code).toBe(0);
    const actions = (await t.db.pool.query(`select action from audit_event where entity = 'Task' and entity_key = $1 order by id`, [code])).rows.map((x) => x.action);
    expect(actions).toEqual(['CREATE', 'CONFIRM', 'COMMIT', 'COMMIT', 'FREEZE', 'REVEAL', 'REVEAL', 'DRAW']);
  });

  it('answers "was subject X a candidate / excluded / drawn" with RFC 6962 proofs anyone can check', async () => {
    const Q = `query($task: String!, $subject: String!) { drawProof(task: $task, subject: $subject) {
      status stratum exclusionReasons ticket manifestHash outcome
      candidates { count root contains leaves { index line path } } excluded { count root contains leaves { index line path } } } }`;
    type LP = { count: number; root: string; contains: boolean; leaves: { index: number; line: string; path: string[] }[] };
    const ask = async (subject: string) => (await t.gql<{ drawProof: { status: string; stratum: string | null; exclusionReasons: string[]; ticket: string | null; candidates: LP; excluded: LP } }>(Q, { task: code, subject }, users.anonymous)).data!.drawProof;
    const check = (p: LP) => p.leaves.every((l) => verifyInclusion(Buffer.from(l.line), l.index, p.count, l.path.map((h) => Buffer.from(h, 'hex')), Buffer.from(p.root, 'hex')));
    const selectedKey = (await t.db.pool.query(`select s.key from inspection i join subject s on s.id = i.subject_id join task t on t.id = i.task_id where t.code = $1 limit 1`, [code])).rows[0].key;
    const selected = await ask(selectedKey);
    expect(selected.status).toBe('SELECTED');
    expect(selected.ticket).toMatch(/^[0-9a-f]{64}$/);
    expect(selected.candidates.contains && check(selected.candidates)).toBe(true);

    const excluded = await ask(KEYS[4]!);
    expect(excluded).toMatchObject({ status: 'EXCLUDED', exclusionReasons: ['OPEN_CASE'], stratum: null });
    expect(excluded.excluded.contains && check(excluded.excluded)).toBe(true);
    expect(excluded.candidates.contains).toBe(false);

    // Absent: two adjacent candidate lines bracket the key, both proven.
    const stranger = `${KEYS[5]}0`;
    const absent = await ask(stranger);
    expect(absent.status).toBe('ABSENT');
    const [lo, hi] = absent.candidates.leaves;
    expect(hi!.index - lo!.index).toBe(1);
    expect(lo!.line < stranger && hi!.line > stranger).toBe(true);
    expect(check(absent.candidates)).toBe(true);
    const notCandidate = await ask(KEYS[7]!);
    expect(['CANDIDATE', 'SELECTED']).toContain(notCandidate.status);
  });

  it('replaces a drawn inspector only for an allowed reason, with an eligible colleague and the department head approval', async () => {
    const team = (await t.db.pool.query(
      `select i.id::int as id, s.key, array_agg(n.key order by m.position) as members from inspection i join subject s on s.id = i.subject_id
         join inspection_member m on m.inspection_id = i.id join inspector n on n.id = m.inspector_id join task t on t.id = i.task_id
        where t.code = $1 and m.department_code = 'SW' group by i.id, s.key order by i.id limit 1`, [code])).rows[0];
    const outgoing = team.members[0];
    // The least busy colleague, so the workload cap cannot get in the way.
    const loads = (await t.db.pool.query(
      `select n.key, count(m.id)::int as load from inspector n left join inspection_member m on m.inspector_id = n.id and m.active
        where n.key in ('SW01', 'SW02', 'SW03') and n.key <> $1 group by n.key order by load, n.key`, [outgoing])).rows;
    const colleague = loads[0].key as string;
    const offered = await t.gql<{ replacementCandidates: { key: string }[] }>(
      `query($i: ID!, $o: String!) { replacementCandidates(inspection: $i, outgoing: $o) { key } }`, { i: String(team.id), o: outgoing }, users.swClerk);
    const keys = offered.data!.replacementCandidates.map((x) => x.key);
    expect(keys).toContain(colleague);
    expect(keys.every((k) => ['SW01', 'SW02', 'SW03'].includes(k) && k !== outgoing)).toBe(true);
    const REQ = `mutation($input: ReplacementInput!) { requestReplacement(input: $input) { id status outgoingKey incomingKey reason } }`;
    const input = { inspection: String(team.id), outgoing, incoming: 'SW04', reason: 'HEALTH', note: '住院治疗' };
    const expired = await t.gql(REQ, { input }, users.swClerk);
    expect(expired.errors?.[0]?.extensions?.field).toBe('input.incoming');
    expect(expired.errors?.[0]?.message).toMatch(/执法证在任务期内/);
    const otherDept = await t.gql(REQ, { input: { ...input, incoming: 'SC03' } }, users.swClerk);
    expect(otherDept.errors?.[0]?.message).toMatch(/同一部门/);
    const notMine = await t.gql(REQ, { input: { ...input, incoming: colleague } }, users.scjgClerk);
    expect(notMine.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badReason = await t.gql(REQ, { input: { ...input, incoming: colleague, reason: 'PREFERENCE' } }, users.swClerk);
    expect(badReason.errors?.[0]).toBeDefined();
    const req = await t.gql<{ requestReplacement: { id: string; status: string } }>(REQ, { input: { ...input, incoming: colleague } }, users.swClerk);
    expect(req.errors).toBeUndefined();
    expect(req.data!.requestReplacement.status).toBe('PENDING');

    const DECIDE = `mutation($id: ID!, $approve: Boolean!) { decideReplacement(id: $id, approve: $approve) { status decidedBy } }`;
    const byClerk = await t.gql(DECIDE, { id: req.data!.requestReplacement.id, approve: true }, users.swClerk);
    expect(byClerk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const scjgHead: Caller = { kind: 'user', username: 'scjg-head', role: Role.DEPT_HEAD, departmentCode: 'SCJG' };
    const byOtherHead = await t.gql(DECIDE, { id: req.data!.requestReplacement.id, approve: true }, scjgHead);
    expect(byOtherHead.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const approved = await t.gql<{ decideReplacement: { status: string; decidedBy: string } }>(DECIDE, { id: req.data!.requestReplacement.id, approve: true }, swHead);
    expect(approved.data!.decideReplacement).toEqual({ status: 'APPROVED', decidedBy: 'sw-head' });

    const members = (await t.db.pool.query(
      `select n.key, m.active, m.ticket from inspection_member m join inspector n on n.id = m.inspector_id where m.inspection_id = $1 and m.department_code = 'SW' order by m.id`, [team.id])).rows;
    expect(members).toEqual([{ key: outgoing, active: false, ticket: expect.any(String) }, { key: colleague, active: true, ticket: null }]);
    // The published draw is untouched and still verifies; the replacement is listed beside it.
    const view = await task(code);
    expect((await verifyDownloaded(view.currentDraw!.bundleUrl)).code).toBe(0);
    const listed = (await (await fetch(`${base}/downloads/tasks/${code}/replacements.json`)).json()) as { replacements: unknown[] };
    expect(listed.replacements).toEqual([expect.objectContaining({ outgoingKey: outgoing, incomingKey: colleague, reason: 'HEALTH', status: 'APPROVED', note: null })]);
  });

  it('moves through the rest of its lifecycle, each step audited', async () => {
    expect((await mutate('startTask', { code }, users.swClerk)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await mutate('startTask', { code }, users.scjgClerk)).data!.startTask!.status).toBe('IN_PROGRESS');
    const open = await mutate('completeTask', { code }, users.scjgClerk);
    expect(open.errors?.[0]?.message).toMatch(/还有 10 户的检查结果未公示/);
    await t.db.pool.query(`update inspection set status = 'PUBLISHED' where task_id = (select id from task where code = $1)`, [code]);
    expect((await mutate('completeTask', { code }, users.scjgClerk)).data!.completeTask!.status).toBe('COMPLETED');
    expect((await mutate('closeTask', { code }, users.scjgClerk)).data!.closeTask!.status).toBe('CLOSED');
    const cancel = await mutate('cancelTask', { code, reason: '测试' }, users.scjgClerk);
    expect(cancel.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const actions = (await t.db.pool.query(`select action from audit_event where entity = 'Task' and entity_key = $1 order by id`, [code])).rows.map((x) => x.action);
    expect(actions.slice(-3)).toEqual(['START', 'COMPLETE', 'CLOSE']);
  });
});

describe('special tasks, failed draws and refusals', () => {
  const SPECIAL = {
    name: '投诉线索专项检查', reason: '12345 热线工单 2026-0815', items: ['SCJG-001'], lead: 'SCJG', participants: [],
    subjects: [KEYS[0], KEYS[10], KEYS[30]], quotaRule: [{ grade: 'A', count: 5 }, { grade: 'B', count: 5 }, { grade: 'D', count: 5 }],
    windowFrom: `${YEAR}-01-01`, windowTo: `${YEAR}-12-31`,
  };

  async function freezeWith(code: string, secret: string) {
    expect((await mutate('submitTaskCommitment', { code, commitment: commitment(code, 'SCJG', secret) }, users.scjgClerk)).errors).toBeUndefined();
    const f = await mutate('freezeTask', { code }, users.scjgClerk);
    expect(f.errors).toBeUndefined();
    expect((await mutate('revealTaskSecret', { code, secret }, users.scjgClerk)).errors).toBeUndefined();
  }

  it('a special task on leads draws exactly its named subjects, and waits for the announced public input', async () => {
    const noReason = await mutate('createSpecialTask', { input: { ...SPECIAL, reason: '' } }, users.scjgClerk);
    expect(noReason.errors?.[0]?.extensions?.field).toBe('input.reason');
    const missing = await mutate('createSpecialTask', { input: { ...SPECIAL, subjects: ['91370305MA00000000'] } }, users.scjgClerk);
    expect(missing.errors?.[0]?.message).toMatch(/检查对象不存在/);
    const created = await mutate('createSpecialTask', { input: SPECIAL, options: { publicInputExpected: true, teamSizes: [{ department: 'SCJG', inspectors: 2 }] } }, users.scjgClerk, 'code status kind joint');
    expect(created.errors).toBeUndefined();
    const code = created.data!.createSpecialTask!.code;
    expect(created.data!.createSpecialTask).toMatchObject({ kind: 'SPECIAL', joint: false });
    await freezeWith(code, 'special-secret-1234567890');
    const noInput = await mutate('drawTask', { code }, users.scjgClerk);
    expect(noInput.errors?.[0]?.message).toMatch(/公开随机数/);
    expect((await mutate('setTaskPublicInput', { code, value: '3-6-1-4' }, users.scjgClerk)).errors).toBeUndefined();
    expect((await mutate('setTaskPublicInput', { code, value: '1-1-1-1' }, users.scjgClerk)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await mutate('drawTask', { code }, users.scjgClerk)).data!.drawTask!.status).toBe('DRAWN');
    // Special tasks skip mutual recognition and the yearly cap by default; the open case still excludes.
    const view = await task(code);
    expect(view.currentDraw).toMatchObject({ candidateCount: 3, excludedCount: 0 });
    const keys = (await t.db.pool.query(`select s.key from inspection i join subject s on s.id = i.subject_id join task t on t.id = i.task_id where t.code = $1`, [code])).rows.map((r) => r.key).sort();
    expect(keys).toEqual([KEYS[0], KEYS[10], KEYS[30]].sort());
    const files = await download(view.currentDraw!.bundleUrl);
    expect(JSON.parse(text(files, 'reveals.json')).public).toBe('3-6-1-4');
    expect((await verifyDownloaded(view.currentDraw!.bundleUrl)).code).toBe(0);
  });

  it('a control group is drawn from every stratum regardless of grade and marked on its inspections', async () => {
    const input = { ...SPECIAL, subjects: [], scopeLibraries: ['SCJG'], reason: '风险分类有效性检验', quotaRule: [{ grade: 'A', count: 1 }, { grade: 'B', count: 1 }, { grade: 'D', count: 1 }] };
    const bad = await mutate('createSpecialTask', { input, options: { controlShare: '0.5' } }, users.scjgClerk);
    expect(bad.errors?.[0]?.extensions?.field).toBe('options.controlShare');
    const created = await mutate('createSpecialTask', { input, options: { controlShare: '0.2' } }, users.scjgClerk);
    const code = created.data!.createSpecialTask!.code;
    await freezeWith(code, 'control-secret-1234567890');
    const view = await task(code);
    // A has 9 candidates (one under an open case); ungraded U follows B. Control = ceil(N × 0.2) on top of the count of 1.
    expect(view.currentDraw!.strata).toEqual([
      { stratum: 'A', candidates: 9, quota: 3, ratio: null },
      { stratum: 'B', candidates: 10, quota: 3, ratio: null },
      { stratum: 'D', candidates: 10, quota: 3, ratio: null },
      { stratum: 'U', candidates: 10, quota: 3, ratio: null },
    ]);
    const control = await t.gql<{ task: { currentDraw: { strata: { control: number }[] } } }>(`{ task(code: "${code}") { currentDraw { strata { control } } } }`, {}, users.office);
    expect(control.data!.task.currentDraw.strata.map((x) => x.control)).toEqual([2, 2, 2, 2]);
    expect(JSON.parse(view.currentDraw!.manifestJson).quotaRule).toBeUndefined();
    expect((await mutate('drawTask', { code }, users.scjgClerk)).data!.drawTask!.status).toBe('DRAWN');
    const marked = (await t.db.pool.query(
      `select i.stratum, i.control from inspection i join task t on t.id = i.task_id where t.code = $1 order by i.seq`, [code])).rows;
    expect(marked).toHaveLength(12);
    for (const s of ['A', 'B', 'D', 'U']) {
      // In ticket order, the first two of each stratum are the control group.
      expect(marked.filter((r) => r.stratum === s).map((r) => r.control)).toEqual([true, true, false]);
    }
    expect((await verifyDownloaded(view.currentDraw!.bundleUrl)).code).toBe(0);
  });

  it('a draw that fails (conflicts exhaust a department) is recorded; a new freeze needs new commitments', async () => {
    // Every SCJG inspector but SC02 declares a conflict with KEYS[30]: a team of two cannot be formed for it.
    for (const k of ['SC01', 'SC03', 'SC04']) {
      await t.db.pool.query(`insert into inspector_conflict (inspector_id, subject_key, reason) select id, $2, '测试' from inspector where key = $1 on conflict do nothing`, [k, KEYS[30]]);
    }
    const created = await mutate('createSpecialTask', { input: { ...SPECIAL, subjects: [KEYS[30]], reason: '线索 2026-0900' } }, users.scjgClerk);
    const code = created.data!.createSpecialTask!.code;
    await freezeWith(code, 'fail-secret-1234567890');
    const drawn = await mutate('drawTask', { code }, users.scjgClerk);
    expect(drawn.errors).toBeUndefined();
    expect(drawn.data!.drawTask!.status).toBe('CREATED');
    const view = await task(code);
    expect(view.currentDraw).toMatchObject({ outcome: 'FAILED', error: `INSUFFICIENT_INSPECTORS subject=${KEYS[30]} department=SCJG` });
    expect(view.participants[0]).toMatchObject({ commitment: null, revealed: false });
    const files = await download(view.currentDraw!.bundleUrl);
    expect(text(files, 'error.txt')).toBe(`INSUFFICIENT_INSPECTORS subject=${KEYS[30]} department=SCJG\n`);
    expect((await verifyDownloaded(view.currentDraw!.bundleUrl)).code).toBe(0);
    expect((await mutate('freezeTask', { code }, users.scjgClerk)).errors?.[0]?.message).toMatch(/尚未提交随机数承诺值/);
    await t.db.pool.query(`delete from inspector_conflict where subject_key = $1`, [KEYS[30]]);
    await freezeWith(code, 'second-secret-1234567890');
    expect((await mutate('drawTask', { code }, users.scjgClerk)).data!.drawTask!.status).toBe('DRAWN');
    const again = await task(code);
    expect(again).toMatchObject({ attempt: 2, currentDraw: { attempt: 2, outcome: 'DRAWN' } });
    const first = await download(`/downloads/tasks/${code}/draws/1/bundle.tar`);
    expect(text(first, 'error.txt')).toMatch(/^INSUFFICIENT_INSPECTORS/);
  });

  it('refuses to freeze when a department has fewer eligible inspectors than a team needs', async () => {
    const created = await mutate('createSpecialTask', { input: { ...SPECIAL, reason: '线索 2026-0901' }, options: { teamSizes: [{ department: 'SCJG', inspectors: 5 }] } }, users.scjgClerk);
    const code = created.data!.createSpecialTask!.code;
    expect((await mutate('submitTaskCommitment', { code, commitment: commitment(code, 'SCJG', 'x'.repeat(20)) }, users.scjgClerk)).errors).toBeUndefined();
    const f = await mutate('freezeTask', { code }, users.scjgClerk);
    expect(f.errors?.[0]?.message).toMatch(/部门 SCJG 符合条件的检查人员.*只有 4 名，每户需要 5 名/);
    expect((await task(code)).status).toBe('CREATED');
    expect((await t.db.pool.query(`select count(*)::int as n from task_draw d join task t on t.id = d.task_id where t.code = $1`, [code])).rows[0].n).toBe(0);
    const cancelled = await mutate('cancelTask', { code, reason: '人员不足，改为下季度' }, users.scjgClerk);
    expect(cancelled.data!.cancelTask!.status).toBe('CANCELLED');
  });

  it('a declining department leaves the task with its items and its place on the teams', async () => {
    const created = await mutate('createTaskFromPlan', { planTask: await planTaskId() }, users.scjgClerk);
    const code = created.data!.createTaskFromPlan!.code;
    expect((await mutate('declineTask', { code, reason: '' }, users.swClerk)).errors?.[0]?.extensions?.field).toBe('reason');
    const r = await t.gql<{ declineTask: { joint: boolean; departments: string[]; items: { code: string }[]; participants: { departmentCode: string; status: string }[] } }>(
      `mutation { declineTask(code: "${code}", reason: "本季度人员全部参加税收专项") { joint departments items { code } participants { departmentCode status } } }`, {}, users.swClerk);
    expect(r.errors).toBeUndefined();
    expect(r.data!.declineTask).toEqual({
      joint: false, departments: ['SCJG'], items: [{ code: 'SCJG-001' }],
      participants: [{ departmentCode: 'SCJG', status: 'CONFIRMED' }, { departmentCode: 'SW', status: 'DECLINED' }],
    });
    const audit = (await t.db.pool.query(`select detail from audit_event where entity_key = $1 and action = 'DECLINE'`, [code])).rows[0];
    expect(audit.detail).toMatchObject({ department: 'SW', reason: '本季度人员全部参加税收专项', removedItems: 1 });
  });
});
