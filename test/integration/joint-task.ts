/** A joint SCJG + SW special task over four subjects, drawn through the GraphQL mutations (shared integration setup). */
import { expect } from 'vitest';
import { commitment } from '../../server/draw/manifest.js';
import { ImportKind } from '../../server/importing/columns.js';
import { csv, INSPECTOR_HEADER, ITEM_HEADER, SUBJECT_HEADER, subjectLine, uscc } from '../fixtures.js';
import { importCsv, seedDepartments, users, type TestApp } from '../utils.js';

export const YEAR = new Date().getFullYear();

/**
 * Items SCJG-001 and SW-001, subjects 1–4 in SCJG's sub-library, inspectors SC01–SC03 (SCJG) and SW01 (SW);
 * the task is created by the SCJG clerk, confirmed by SW, committed, frozen, revealed and drawn.
 */
export async function drawJointTask(t: TestApp): Promise<{ code: string; ids: string[] }> {
  const load = (kind: ImportKind, text: string, department?: string) => importCsv(t.db.pool, kind, text, department);
  await seedDepartments(t.db.pool);
  await load(ImportKind.ITEMS, csv(ITEM_HEADER, [
    'SCJG-001,SCJG,一般,《企业信息公示暂行条例》,企业,年度报告公示信息,实地核查,3%,1,2025-01-01,',
    'SW-001,SW,一般,《中华人民共和国税收征收管理法》,纳税人,发票管理,书面检查,0.03,1,2025-01-01,',
  ]));
  await load(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [1, 2, 3, 4].map((n) => subjectLine(n, { operator: '王小明' }))), 'SCJG');
  const to = `${YEAR + 2}-12-31`;
  await load(ImportKind.INSPECTORS, csv(INSPECTOR_HEADER, [
    `SC01,张一,SCJG,2020-01-01,${to},一般,,在编,在岗,,`,
    `SC02,张二,SCJG,2020-01-01,${to},一般,,在编,在岗,,`,
    `SC03,张三,SCJG,2020-01-01,${to},一般,,在编,在岗,,`,
    `SW01,李一,SW,2020-01-01,${to},一般,,在编,在岗,,`,
  ]));
  const created = await t.gql<{ createSpecialTask: { code: string } }>(
    `mutation($input: SpecialTaskInput!) { createSpecialTask(input: $input) { code } }`,
    { input: {
      name: '年报与发票联合专项检查', reason: '12345 工单 2026-1101', items: ['SCJG-001', 'SW-001'], lead: 'SCJG', participants: ['SW'],
      subjects: [1, 2, 3, 4].map((n) => uscc(n)), quotaRule: [{ grade: 'B', count: 4 }], windowFrom: `${YEAR}-01-01`, windowTo: `${YEAR}-12-31`,
    } }, users.scjgClerk);
  expect(created.errors).toBeUndefined();
  const code = created.data!.createSpecialTask.code;
  await t.gql(`mutation { confirmTask(code: "${code}") { code } }`, {}, users.swClerk);
  for (const [dept, caller] of [['SCJG', users.scjgClerk], ['SW', users.swClerk]] as const) {
    await t.gql(`mutation($c: String!) { submitTaskCommitment(code: "${code}", commitment: $c) { code } }`, { c: commitment(code, dept, `secret-${dept}-0123456789`) }, caller);
  }
  expect((await t.gql(`mutation { freezeTask(code: "${code}") { status } }`, {}, users.scjgClerk)).errors).toBeUndefined();
  for (const [dept, caller] of [['SCJG', users.scjgClerk], ['SW', users.swClerk]] as const) {
    await t.gql(`mutation($s: String!) { revealTaskSecret(code: "${code}", secret: $s) { code } }`, { s: `secret-${dept}-0123456789` }, caller);
  }
  const drawn = await t.gql<{ drawTask: { status: string; inspections: { nodes: { id: string }[] } } }>(
    `mutation { drawTask(code: "${code}") { status inspections { nodes { id } } } }`, {}, users.scjgClerk);
  expect(drawn.data!.drawTask.status).toBe('DRAWN');
  const ids = drawn.data!.drawTask.inspections.nodes.map((n) => n.id);
  expect(ids).toHaveLength(4);
  return { code, ids };
}
