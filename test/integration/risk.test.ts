import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportKind } from '../../server/importing/columns.js';
import { reassessAll } from '../../server/risk/risk.service.js';
import { csv, SUBJECT_HEADER, subjectLine, uscc } from '../fixtures.js';
import { importCsv, initTestApp, seedDepartments, users, type TestApp } from '../utils.js';

let t: TestApp;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await initTestApp();
  await seedDepartments(t.db.pool);
  await importCsv(t.db.pool, ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [
    subjectLine(1, { industry: '1499' }), // food manufacturing: base risk 10 → B
    subjectLine(2, { industry: '5191' }), // wholesale: no base risk → A
    subjectLine(3, { industry: '5191', tags: '严重违法失信' }), // serious-violation listing → D
    subjectLine(4, { industry: '5191' }),
  ]), 'SCJG');
});
afterAll(() => t.close());

const grades = async () => Object.fromEntries((await t.db.pool.query(`select key, risk_grade from subject order by key`)).rows.map((r) => [r.key, r.risk_grade]));

describe('risk grading', () => {
  it('the batch grades every subject and keeps the history of changes (not of a first A)', async () => {
    const r = await reassessAll(t.db.pool);
    expect(r).toEqual({ assessed: 4, changed: 2 });
    expect(await grades()).toEqual({ [uscc(1)]: 'B', [uscc(2)]: 'A', [uscc(3)]: 'D', [uscc(4)]: 'A' });
    const history = (await t.db.pool.query(`select s.key, a.grade, a.previous_grade, a.trigger, a.factors from risk_assessment a join subject s on s.id = a.subject_id order by s.key`)).rows;
    expect(history.map((h) => [h.key, h.previous_grade, h.grade, h.trigger])).toEqual([[uscc(1), null, 'B', 'BATCH'], [uscc(3), null, 'D', 'BATCH']]);
    expect(history[1].factors[0]).toEqual({ factor: 'SERIOUS', detail: '列入严重违法失信名单', points: 80 });
    expect(await reassessAll(t.db.pool)).toEqual({ assessed: 2, changed: 0 });
  });

  it('a lead raises the grade in the same transaction, and the grade explains itself', async () => {
    const REC = `mutation($input: LeadInput!) { recordLead(input: $input) { id } }`;
    for (let i = 0; i < 6; i++) {
      const r = await t.gql(REC, { input: { subject: uscc(2), source: 'COMPLAINT', receivedOn: today, problem: '虚假宣传', description: `第 ${i + 1} 次投诉` } }, users.scjgClerk);
      expect(r.errors).toBeUndefined();
    }
    // 6 leads × 6 points, capped at 24: grade B (10 ≤ 24 < 35).
    expect((await grades())[uscc(2)]).toBe('B');
    const view = await t.gql<{ subject: { riskGrade: string; riskExplanation: { grade: string; score: number; factors: { factor: string; points: number }[] }; riskHistory: { previousGrade: string; grade: string; trigger: string }[] } }>(
      `{ subject(key: "${uscc(2)}") { riskGrade riskExplanation { grade score factors { factor points } } riskHistory { previousGrade grade trigger } } }`, {}, users.scjgClerk);
    expect(view.data!.subject).toEqual({
      riskGrade: 'B', riskExplanation: { grade: 'B', score: 24, factors: [{ factor: 'LEADS', points: 24 }] },
      riskHistory: [{ previousGrade: 'A', grade: 'B', trigger: 'RECORD_LEAD' }],
    });
    const pub = await t.gql<{ subject: { riskExplanation: unknown; riskHistory: unknown[] } }>(`{ subject(key: "${uscc(2)}") { riskExplanation { grade } riskHistory { grade } } }`, {}, users.anonymous);
    expect(pub.data!.subject).toEqual({ riskExplanation: null, riskHistory: [] });
    expect((await t.gql(`mutation { reassessRisk { assessed } }`, {}, users.scjgClerk)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql<{ reassessRisk: { changed: number } }>(`mutation { reassessRisk { changed } }`, {}, users.office)).data!.reassessRisk.changed).toBe(0);
  });
});
